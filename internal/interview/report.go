package interview

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/rehearse/rehearse/internal/grading"
	"github.com/rehearse/rehearse/internal/interviewer"
	"github.com/rehearse/rehearse/internal/rehearse"
)

// idleCap is the longest gap between two turns that counts as time spent:
// a candidate who closes the tab for a day has not spent a day answering.
const idleCap = 5 * time.Minute

// Spent is the active time spent in round ri (and question qi, or the whole
// round when qi < 0): the gaps between its turns, each capped at idleCap,
// plus the time since the last turn when the round is the current one.
func Spent(sess *rehearse.Session, ri, qi int, now time.Time) time.Duration {
	var total time.Duration
	var prev time.Time
	for _, t := range sess.Turns {
		if t.Round != ri || (qi >= 0 && t.Question != qi) {
			continue
		}
		if !prev.IsZero() {
			total += min(t.At.Sub(prev), idleCap)
		}
		prev = t.At
	}
	current := sess.Status == rehearse.Active && sess.Round == ri && (qi < 0 || sess.Question == qi)
	if current && !prev.IsZero() && now.After(prev) {
		total += min(now.Sub(prev), idleCap)
	}
	return total
}

// QuestionResult is one question's grade in a round report.
type QuestionResult struct {
	ID       string          `json:"id"`
	Title    string          `json:"title"`
	Skipped  bool            `json:"skipped,omitempty"`
	Seconds  int             `json:"seconds"`
	Report   *grading.Report `json:"report"`
	Topics   []string        `json:"topics"`
	Answered bool            `json:"answered"`
}

// RoundReport is the graded record of one round.
type RoundReport struct {
	Index      int                `json:"index"`
	Name       string             `json:"name"`
	Stage      string             `json:"stage"`
	Type       rehearse.RoundType `json:"type"`
	Minutes    int                `json:"minutes"`
	Seconds    int                `json:"seconds"`
	Level      *int               `json:"level"`
	LevelLabel string             `json:"level_label"`
	Questions  []QuestionResult   `json:"questions"`
	Dimensions []RoundDimension   `json:"dimensions"`
	Delivery   grading.Delivery   `json:"delivery"`
	Strengths  []string           `json:"strengths"`
	Gaps       []string           `json:"gaps"`
}

// RoundDimension is a dimension's level across the round's questions.
type RoundDimension struct {
	Name       string             `json:"name"`
	Level      *int               `json:"level"`
	LevelLabel string             `json:"level_label"`
	Evidence   []grading.Evidence `json:"evidence"`
}

// roundReport grades every question of round ri from the turns.
func (s *Service) roundReport(sess *rehearse.Session, ri int, turns []rehearse.Turn, now time.Time) ([]byte, error) {
	view := *sess
	view.Turns = turns
	r := sess.Rounds[ri]
	rep := RoundReport{Index: ri, Name: r.Name, Stage: r.Stage, Type: r.Type, Minutes: r.Minutes, Strengths: []string{}, Gaps: []string{}}
	rep.Seconds = int(Spent(&view, ri, -1, now).Seconds())
	var all []string
	var levels []int
	dims := map[string]*RoundDimension{}
	var dimOrder []string
	for qi, qid := range r.Questions {
		q, err := s.lib.Question(qid)
		if err != nil {
			return nil, err
		}
		view.Round, view.Question = ri, qi
		ts, hints := questionTurns(&view)
		res := QuestionResult{ID: q.ID, Title: q.Title, Topics: q.Topics, Seconds: int(Spent(&view, ri, qi, now).Seconds())}
		for _, t := range ts {
			if t.Kind == interviewer.Kind("skip") {
				res.Skipped = true
			}
		}
		answer := answerText(withNotes(ts, r.Notes))
		res.Answered = strings.TrimSpace(answer) != ""
		g, err := s.grader.Grade(grading.Input{Question: q, Answer: answer, Clarifications: texts(ts, interviewer.KindClarify), HintsUsed: hints,
			Verdict: s.submitted(&view, ri, qi, q.ID)})
		if err != nil {
			return nil, err
		}
		res.Report = g
		rep.Questions = append(rep.Questions, res)
		all = append(all, answer)
		if g.Level != nil {
			levels = append(levels, *g.Level)
		} else if res.Answered || len(ts) > 0 {
			// Asked but not answered: that is evidence of not knowing.
			levels = append(levels, int(rehearse.StrongNoHire))
		}
		for _, d := range g.Dimensions {
			rd, ok := dims[d.Name]
			if !ok {
				rd = &RoundDimension{Name: d.Name, Evidence: []grading.Evidence{}}
				dims[d.Name] = rd
				dimOrder = append(dimOrder, d.Name)
			}
			if d.Level != nil && (rd.Level == nil || *d.Level < *rd.Level) {
				// Across questions a dimension is as strong as its weakest
				// showing: a 4 on one question does not hide a 1 on another.
				v := *d.Level
				rd.Level = &v
				rd.LevelLabel = rehearse.Level(v).String()
			}
			rd.Evidence = append(rd.Evidence, d.Evidence...)
		}
		rep.Strengths = append(rep.Strengths, g.Strengths...)
		for _, m := range g.Missing[:min(2, len(g.Missing))] {
			rep.Gaps = append(rep.Gaps, fmt.Sprintf("%s (%s)", m.Label, q.Title))
		}
	}
	for _, name := range dimOrder {
		d := dims[name]
		if d.Level == nil {
			d.LevelLabel = rehearse.NotEnoughEvidence.String()
		}
		rep.Dimensions = append(rep.Dimensions, *d)
	}
	if len(levels) > 0 {
		// The round's level is the lower median of its questions' levels.
		sort.Ints(levels)
		v := levels[(len(levels)-1)/2]
		rep.Level = &v
		rep.LevelLabel = rehearse.Level(v).String()
	} else {
		rep.LevelLabel = rehearse.NotEnoughEvidence.String()
	}
	d, err := s.grader.Grade(grading.Input{Question: &rehearse.Question{ID: "delivery", Round: r.Type}, Answer: strings.Join(all, "\n\n")})
	if err == nil {
		rep.Delivery = d.Delivery
	}
	return json.Marshal(rep)
}

// Debrief is the loop debrief: the rounds' levels and evidence combined
// into a recommendation, not averaged.
type Debrief struct {
	Recommendation string        `json:"recommendation"`
	Reasons        []string      `json:"reasons"`
	WouldChange    []string      `json:"would_change"`
	StudyNext      []StudyItem   `json:"study_next"`
	Rounds         []RoundReport `json:"rounds"`
	Seconds        int           `json:"seconds"`
	Delivery       DeliveryTotal `json:"delivery"`
}

// StudyItem is something to study next, linked to a topic or question.
type StudyItem struct {
	Text  string `json:"text"`
	Topic string `json:"topic,omitempty"`
	Link  string `json:"link"`
}

// DeliveryTotal sums delivery across the loop.
type DeliveryTotal struct {
	Words       int `json:"words"`
	FillerWords int `json:"filler_words"`
	Hedges      int `json:"hedges"`
	Rambling    int `json:"rambling_rounds"`
}

// Recommendations, strongest first.
const (
	StrongHireRec = "Strong hire"
	HireRec       = "Hire"
	LeanNoHireRec = "Lean no hire"
	NoHireRec     = "No hire"
	NoEvidenceRec = "Not enough evidence"
)

func (s *Service) debrief(sess *rehearse.Session, rounds []rehearse.SessionRound) ([]byte, error) {
	d := Debrief{Reasons: []string{}, WouldChange: []string{}, StudyNext: []StudyItem{}}
	for _, r := range rounds {
		if r.Report == nil {
			continue
		}
		var rr RoundReport
		if err := json.Unmarshal(r.Report, &rr); err != nil {
			return nil, fmt.Errorf("debrief: round %d: %w", r.Index, err)
		}
		d.Rounds = append(d.Rounds, rr)
	}
	d.Recommendation, d.Reasons = recommend(d.Rounds)
	d.WouldChange = wouldChange(d.Rounds)
	d.StudyNext = s.studyNext(d.Rounds)
	for _, r := range d.Rounds {
		d.Seconds += r.Seconds
		d.Delivery.Words += r.Delivery.Words
		d.Delivery.FillerWords += r.Delivery.FillerWords
		d.Delivery.Hedges += r.Delivery.Hedges
		if r.Delivery.Rambling {
			d.Delivery.Rambling++
		}
	}
	return json.Marshal(d)
}

// recommend combines round levels the way a debrief does: a strong no
// hire in any round is discussed, not diluted; two weak rounds sink the
// loop; a hire needs every round at 3 or better.
func recommend(rounds []RoundReport) (string, []string) {
	var reasons []string
	var ones, twos, fours, graded int
	for _, r := range rounds {
		if r.Level == nil {
			reasons = append(reasons, fmt.Sprintf("%s: not enough evidence.", r.Name))
			continue
		}
		graded++
		switch *r.Level {
		case 1:
			ones++
			reasons = append(reasons, fmt.Sprintf("%s: strong no hire.", r.Name))
		case 2:
			twos++
			reasons = append(reasons, fmt.Sprintf("%s: lean no hire.", r.Name))
		case 3:
			reasons = append(reasons, fmt.Sprintf("%s: lean hire.", r.Name))
		case 4:
			fours++
			reasons = append(reasons, fmt.Sprintf("%s: strong hire.", r.Name))
		}
	}
	if ones > 0 {
		reasons = append(reasons, "A strong no hire in any round is a concern on its own: it is discussed, not averaged away by the other rounds.")
	} else if twos >= 2 {
		reasons = append(reasons, "Two rounds below the bar make the loop a no hire, however strong the others.")
	}
	switch {
	case graded == 0:
		return NoEvidenceRec, reasons
	case ones > 0 || twos >= 2:
		return NoHireRec, reasons
	case twos == 1:
		return LeanNoHireRec, reasons
	case fours*2 >= graded:
		return StrongHireRec, reasons
	}
	return HireRec, reasons
}

// wouldChange names the three things that would most change the outcome:
// the heaviest missing points in the weakest rounds.
func wouldChange(rounds []RoundReport) []string {
	type gap struct {
		text   string
		level  int
		weight int
	}
	var gaps []gap
	for _, r := range rounds {
		lv := 0
		if r.Level != nil {
			lv = *r.Level
		}
		for _, q := range r.Questions {
			if q.Report == nil {
				continue
			}
			for _, m := range q.Report.Missing {
				gaps = append(gaps, gap{fmt.Sprintf("%s — %s: %s.", r.Name, q.Title, m.Label), lv, m.Weight})
			}
			// Points named without their reasons, and dimensions never
			// shown, come after the missing points.
			for _, dim := range q.Report.Dimensions {
				if dim.Level == nil {
					gaps = append(gaps, gap{fmt.Sprintf("%s — %s: show %s (not enough evidence yet).", r.Name, q.Title, strings.ToLower(dim.Name)), lv, 0})
				}
			}
			for _, c := range q.Report.Covered {
				if c.Strength == "stated" {
					gaps = append(gaps, gap{fmt.Sprintf("%s — %s: explain why, not only what: %s.", r.Name, q.Title, lowerFirst(c.Label)), lv, c.Weight - 5})
				}
			}
			for _, f := range q.Report.Flags {
				if strings.HasPrefix(f.Code, "cap_") || f.Code == "wrong_claim" || f.Code == "no_specific_story" {
					gaps = append(gaps, gap{fmt.Sprintf("%s — %s: %s", r.Name, q.Title, f.Message), lv, 6})
				}
			}
		}
	}
	sort.SliceStable(gaps, func(i, j int) bool {
		if gaps[i].level != gaps[j].level {
			return gaps[i].level < gaps[j].level
		}
		return gaps[i].weight > gaps[j].weight
	})
	var out []string
	for _, g := range gaps {
		if len(out) == 3 {
			break
		}
		if !slices.Contains(out, g.text) {
			out = append(out, g.text)
		}
	}
	return out
}

// studyNext links the topics and questions behind the weakest answers.
func (s *Service) studyNext(rounds []RoundReport) []StudyItem {
	var out []StudyItem
	seen := map[string]bool{}
	for _, r := range rounds {
		for _, q := range r.Questions {
			if q.Report != nil && q.Report.Level != nil && *q.Report.Level >= 3 {
				continue
			}
			if !seen["q/"+q.ID] {
				seen["q/"+q.ID] = true
				out = append(out, StudyItem{Text: "Re-drill: " + q.Title + " (read the model answer, then answer again out loud)", Link: "/questions/" + q.ID})
			}
			for _, t := range q.Topics {
				if seen["t/"+t] {
					continue
				}
				seen["t/"+t] = true
				name := t
				if tp, err := s.lib.Topic(t); err == nil {
					name = tp.Name
				}
				out = append(out, StudyItem{Text: "Study " + name, Topic: t, Link: "/topics/" + t})
			}
		}
	}
	return out
}
