package interview

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/rehearse/rehearse/internal/grading"
	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/internal/speech"
)

// Pace bounds, in words a minute, for the notes: most interviewers follow
// 120–160 comfortably; much slower sounds unsure, much faster is hard to
// follow on a whiteboard problem.
const (
	slowPace = 110
	fastPace = 170
	// manyFillers is filler words a minute above which the note says so.
	manyFillers = 4.0
)

// AnswerDelivery is how one spoken answer was said, measured by code from
// its transcript and timestamps and reported apart from what it said.
type AnswerDelivery struct {
	Recording string `json:"recording"`
	Round     int    `json:"round"`
	Question  int    `json:"question"`
	TurnSeq   int    `json:"turn_seq"`
	// Source is "server" (the endpoint's transcript) or "browser".
	Source string `json:"source"`
	// Timing says which timestamps measured the pace: "words",
	// "segments", or "none" (then SpeakingSeconds is the recording's
	// length and pauses are not known).
	Timing          string  `json:"timing"`
	SpeakingSeconds float64 `json:"speaking_seconds"`
	Words           int     `json:"words"`
	WordsPerMinute  float64 `json:"words_per_minute"`
	// Fillers and hedges are counted on what was heard, before any
	// correction, by the grader's delivery measures.
	FillerWords      int            `json:"filler_words"`
	Fillers          map[string]int `json:"fillers"`
	FillersPerMinute float64        `json:"fillers_per_minute"`
	Hedges           int            `json:"hedges"`
	HedgeWords       map[string]int `json:"hedge_words"`
	LongPauses       int            `json:"long_pauses"`
	LongestPause     float64        `json:"longest_pause_seconds"`
	Pauses           []speech.Pause `json:"pauses"`
	Rambling         bool           `json:"rambling"`
	RamblingReason   string         `json:"rambling_reason,omitempty"`
	// RoundShare is the share of the round's time so far that the
	// candidate had spent speaking by the end of this answer, 0 to 1.
	RoundShare float64 `json:"round_share"`
	// Note is the short practice-mode note about this answer.
	Note string `json:"note"`
}

// RoundVoice sums the spoken answers of one round.
type RoundVoice struct {
	Round           int     `json:"round"`
	Name            string  `json:"name"`
	Answers         int     `json:"answers"`
	SpeakingSeconds float64 `json:"speaking_seconds"`
	RoundSeconds    int     `json:"round_seconds"`
	// Share is the share of the round's time the candidate spoke.
	Share            float64 `json:"share"`
	WordsPerMinute   float64 `json:"words_per_minute"`
	FillersPerMinute float64 `json:"fillers_per_minute"`
	Hedges           int     `json:"hedges"`
	LongPauses       int     `json:"long_pauses"`
	Rambling         int     `json:"rambling_answers"`
}

// VoiceReport is delivery over a session's spoken answers: each answer in
// order, each round's totals, and how delivery moved over the session.
type VoiceReport struct {
	Answers []AnswerDelivery `json:"answers"`
	Rounds  []RoundVoice     `json:"rounds"`
	// Trend says in words how pace, fillers, hedges and pauses changed
	// from the first spoken answers to the last (empty with fewer than
	// two).
	Trend []string `json:"trend"`
}

// Deliveries measures every spoken answer of sess that has a transcript,
// in the order they were sent, keyed by the answer's turn seq.
func (s *Service) Deliveries(sess *rehearse.Session, recs []*RecordingView) map[int]*AnswerDelivery {
	linked := slices.DeleteFunc(slices.Clone(recs), func(r *RecordingView) bool { return r.TurnSeq == 0 || r.Transcript == nil })
	slices.SortFunc(linked, func(a, b *RecordingView) int { return a.TurnSeq - b.TurnSeq })
	out := map[int]*AnswerDelivery{}
	spoken := map[int]float64{} // per round, so far
	for _, r := range linked {
		var rt rehearse.RoundType
		if r.Round < len(sess.Rounds) {
			rt = sess.Rounds[r.Round].Type
		}
		d := s.measure(r, rt)
		spoken[r.Round] += d.SpeakingSeconds
		// A share is only honest when the round's clock covers the speaking
		// (it does in the browser); recordings made elsewhere and sent at
		// once, as from the terminal, have none.
		if t := spentUntil(sess, r.Round, r.TurnSeq); t > 0 && t >= spoken[r.Round] {
			d.RoundShare = round3(spoken[r.Round] / t)
		}
		d.Note = deliveryNote(d)
		out[r.TurnSeq] = d
	}
	return out
}

// measure computes one answer's delivery from its transcript.
func (s *Service) measure(r *RecordingView, rt rehearse.RoundType) *AnswerDelivery {
	t := r.Transcript
	tm := speech.TimingOf(t)
	d := &AnswerDelivery{Recording: r.ID, Round: r.Round, Question: r.Question, TurnSeq: r.TurnSeq, Source: r.Source, Timing: tm.Source,
		SpeakingSeconds: tm.SpeakingSeconds, Words: tm.Words, WordsPerMinute: tm.WordsPerMinute,
		LongPauses: tm.LongPauses, LongestPause: tm.LongestPause, Pauses: tm.Pauses, Fillers: map[string]int{}, HedgeWords: map[string]int{}}
	if tm.Source == "none" && t.Duration > 0 {
		// No timestamps: the recording's length is the best measure left.
		d.SpeakingSeconds = round2(t.Duration)
		d.WordsPerMinute = math.Round(float64(tm.Words)*600/t.Duration) / 10
	}
	if d.Pauses == nil {
		d.Pauses = []speech.Pause{}
	}
	// Fillers, hedges and rambling are the grader's measures, the same for
	// typed and spoken answers; a question with no rubric grades nothing
	// but delivery.
	if g, err := s.grader.Grade(grading.Input{Question: &rehearse.Question{ID: "delivery", Round: rt}, Answer: t.Text}); err == nil {
		dl := g.Delivery
		d.FillerWords, d.Fillers, d.Hedges, d.HedgeWords = dl.FillerWords, dl.Fillers, dl.Hedges, dl.HedgeWords
		d.Rambling, d.RamblingReason = dl.Rambling, dl.RamblingReason
	}
	if d.SpeakingSeconds > 0 {
		d.FillersPerMinute = math.Round(float64(d.FillerWords)*600/d.SpeakingSeconds) / 10
	}
	return d
}

// spentUntil is the time spent in round ri up to and including turn seq.
func spentUntil(sess *rehearse.Session, ri, seq int) float64 {
	view := *sess
	view.Status = rehearse.Finished // no time runs on past the turn
	view.Turns = slices.DeleteFunc(slices.Clone(sess.Turns), func(t rehearse.Turn) bool { return t.Seq > seq })
	return Spent(&view, ri, -1, sess.Updated).Seconds()
}

// deliveryNote is the practice-mode note after a spoken answer: pace,
// fillers, hedges, pauses, rambling and share of the round, in two or
// three short sentences.
func deliveryNote(d *AnswerDelivery) string {
	var parts []string
	if d.SpeakingSeconds > 0 {
		p := fmt.Sprintf("You spoke for %s", clockText(d.SpeakingSeconds))
		if d.WordsPerMinute > 0 {
			p += fmt.Sprintf(" at %.0f words a minute", d.WordsPerMinute)
			switch {
			case d.WordsPerMinute < slowPace:
				p += " (slow: keep the thread moving)"
			case d.WordsPerMinute > fastPace:
				p += " (fast: slow down so the interviewer can follow)"
			default:
				p += " (an easy pace to follow)"
			}
		}
		parts = append(parts, p+".")
	}
	switch {
	case d.FillerWords == 0:
		parts = append(parts, "No filler words.")
	default:
		f := fmt.Sprintf("%d filler %s (%.1f a minute: %s)", d.FillerWords, plural(d.FillerWords, "word", "words"), d.FillersPerMinute, countList(d.Fillers))
		if d.FillersPerMinute > manyFillers {
			f += "; a silent pause sounds surer than a filler"
		}
		parts = append(parts, f+".")
	}
	if d.Hedges > 0 {
		parts = append(parts, fmt.Sprintf("%d %s (%s).", d.Hedges, plural(d.Hedges, "hedge", "hedges"), countList(d.HedgeWords)))
	}
	switch {
	case d.Timing == "none":
	case d.LongPauses == 1:
		p := d.Pauses[0]
		parts = append(parts, fmt.Sprintf("One long pause, %.1f s, after “%s”.", p.Seconds, strings.TrimRight(p.Preceding, ".,;:!?")))
	case d.LongPauses > 1:
		parts = append(parts, fmt.Sprintf("%d long pauses, the longest %.1f s.", d.LongPauses, d.LongestPause))
	}
	if d.Rambling {
		parts = append(parts, "Rambling: "+d.RamblingReason+"; signpost the structure (first, then, finally).")
	}
	if d.RoundShare > 0 {
		parts = append(parts, fmt.Sprintf("You have spoken for %.0f%% of this round so far.", d.RoundShare*100))
	}
	return "Delivery: " + strings.Join(parts, " ")
}

// Voice builds the delivery report of a session's spoken answers.
func (s *Service) Voice(sess *rehearse.Session, recs []*RecordingView) *VoiceReport {
	ds := s.Deliveries(sess, recs)
	if len(ds) == 0 {
		return nil
	}
	v := &VoiceReport{Answers: []AnswerDelivery{}, Rounds: []RoundVoice{}, Trend: []string{}}
	for _, seq := range slices.Sorted(maps.Keys(ds)) {
		v.Answers = append(v.Answers, *ds[seq])
	}
	byRound := map[int]*RoundVoice{}
	var order []int
	words := map[int]int{}
	fillers := map[int]int{}
	for _, a := range v.Answers {
		rv, ok := byRound[a.Round]
		if !ok {
			rv = &RoundVoice{Round: a.Round}
			if a.Round < len(sess.Rounds) {
				rv.Name = sess.Rounds[a.Round].Name
				rv.RoundSeconds = int(Spent(sess, a.Round, -1, s.now()).Seconds())
			}
			byRound[a.Round] = rv
			order = append(order, a.Round)
		}
		rv.Answers++
		rv.SpeakingSeconds += a.SpeakingSeconds
		rv.Hedges += a.Hedges
		rv.LongPauses += a.LongPauses
		words[a.Round] += a.Words
		fillers[a.Round] += a.FillerWords
		if a.Rambling {
			rv.Rambling++
		}
	}
	for _, ri := range order {
		rv := byRound[ri]
		rv.SpeakingSeconds = round2(rv.SpeakingSeconds)
		if rv.SpeakingSeconds > 0 {
			rv.WordsPerMinute = math.Round(float64(words[ri])*600/rv.SpeakingSeconds) / 10
			rv.FillersPerMinute = math.Round(float64(fillers[ri])*600/rv.SpeakingSeconds) / 10
		}
		if rv.RoundSeconds > 0 && float64(rv.RoundSeconds) >= rv.SpeakingSeconds {
			rv.Share = round3(rv.SpeakingSeconds / float64(rv.RoundSeconds))
		}
		v.Rounds = append(v.Rounds, *rv)
	}
	v.Trend = trend(v.Answers)
	return v
}

// trend compares the first third of the spoken answers with the last
// third (at least one answer each), in words.
func trend(as []AnswerDelivery) []string {
	if len(as) < 2 {
		return []string{}
	}
	n := max(1, len(as)/3)
	first, last := as[:n], as[len(as)-n:]
	mean := func(xs []AnswerDelivery, f func(AnswerDelivery) float64) float64 {
		var sum float64
		for _, x := range xs {
			sum += f(x)
		}
		return sum / float64(len(xs))
	}
	span := "from the first spoken answer to the last"
	if n > 1 {
		span = fmt.Sprintf("from the first %d spoken answers to the last %d", n, n)
	}
	var out []string
	a, b := mean(first, func(x AnswerDelivery) float64 { return x.WordsPerMinute }), mean(last, func(x AnswerDelivery) float64 { return x.WordsPerMinute })
	if a > 0 && b > 0 {
		out = append(out, fmt.Sprintf("Pace: %.0f → %.0f words a minute %s (%s).", a, b, span, paceMove(a, b)))
	}
	a, b = mean(first, func(x AnswerDelivery) float64 { return x.FillersPerMinute }), mean(last, func(x AnswerDelivery) float64 { return x.FillersPerMinute })
	out = append(out, fmt.Sprintf("Filler words: %.1f → %.1f a minute (%s).", a, b, move(a, b, 0.5, "fewer", "more")))
	a, b = mean(first, func(x AnswerDelivery) float64 { return float64(x.Hedges) }), mean(last, func(x AnswerDelivery) float64 { return float64(x.Hedges) })
	out = append(out, fmt.Sprintf("Hedges: %.1f → %.1f an answer (%s).", a, b, move(a, b, 0.5, "fewer", "more")))
	if slices.ContainsFunc(as, func(x AnswerDelivery) bool { return x.Timing != "none" }) {
		a, b = mean(first, func(x AnswerDelivery) float64 { return float64(x.LongPauses) }), mean(last, func(x AnswerDelivery) float64 { return float64(x.LongPauses) })
		out = append(out, fmt.Sprintf("Long pauses: %.1f → %.1f an answer (%s).", a, b, move(a, b, 0.5, "fewer", "more")))
	}
	return out
}

func paceMove(a, b float64) string {
	inRange := func(x float64) bool { return x >= slowPace && x <= fastPace }
	switch {
	case math.Abs(a-b) < 10:
		return "about the same"
	case !inRange(a) && inRange(b):
		return "into an easy pace to follow"
	case inRange(a) && !inRange(b) && b > fastPace:
		return "faster than is easy to follow"
	case inRange(a) && !inRange(b):
		return "slower than is easy to follow"
	case b > fastPace && b > a:
		return "faster still; 120–160 is easier to follow"
	case b < slowPace && b < a:
		return "slower still; 120–160 keeps the thread moving"
	case b > a:
		return "faster"
	}
	return "slower"
}

func move(a, b, same float64, down, up string) string {
	switch {
	case math.Abs(a-b) < same:
		return "about the same"
	case b < a:
		return down
	}
	return up
}

// countList writes {"um": 2, "like": 1} as "um ×2, like".
func countList(m map[string]int) string {
	keys := slices.SortedFunc(maps.Keys(m), func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for _, k := range keys {
		if m[k] > 1 {
			parts = append(parts, fmt.Sprintf("%s ×%d", k, m[k]))
		} else {
			parts = append(parts, k)
		}
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// clockText writes seconds as "45 s" or "1 min 05 s".
func clockText(sec float64) string {
	n := int(math.Round(sec))
	if n < 60 {
		return fmt.Sprintf("%d s", n)
	}
	return fmt.Sprintf("%d min %02d s", n/60, n%60)
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
