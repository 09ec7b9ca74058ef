package interview

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// Results is everything a report shows: the session, each finished round's
// report, and the debrief once the interview has ended.
type Results struct {
	Session *rehearse.Session `json:"session"`
	Rounds  []RoundReport     `json:"rounds"`
	Debrief *Debrief          `json:"debrief,omitempty"`
	// Voice is the delivery of the spoken answers, nil when none was
	// spoken; Recordings are their transcripts (never their audio).
	Voice      *VoiceReport     `json:"voice,omitempty"`
	Recordings []*RecordingView `json:"recordings"`
}

// Results loads the reports of a session for its owner.
func (s *Service) Results(ctx context.Context, id, owner string) (*Results, error) {
	sess, err := s.Get(ctx, id, owner)
	if err != nil {
		return nil, err
	}
	res := &Results{Session: sess, Rounds: []RoundReport{}}
	for _, r := range sess.Rounds {
		if r.Report == nil {
			continue
		}
		var rr RoundReport
		if err := json.Unmarshal(r.Report, &rr); err != nil {
			return nil, fmt.Errorf("results: round %d: %w", r.Index, err)
		}
		res.Rounds = append(res.Rounds, rr)
	}
	if res.Recordings, err = s.Recordings(ctx, sess); err != nil {
		return nil, err
	}
	res.Voice = s.Voice(sess, res.Recordings)
	deb, err := s.store.Debrief(ctx, id)
	if err != nil {
		return nil, err
	}
	if deb != nil {
		res.Debrief = &Debrief{}
		if err := json.Unmarshal(deb, res.Debrief); err != nil {
			return nil, fmt.Errorf("results: debrief: %w", err)
		}
	}
	return res, nil
}

// Summary is one past session in the history.
type Summary struct {
	Session        *rehearse.Session
	Levels         []RoundLevel
	Recommendation string
}

// RoundLevel is a round's name and level for the history.
type RoundLevel struct {
	Name  string
	Type  rehearse.RoundType
	Level *int
}

// History lists an owner's sessions, newest first, with round levels.
func (s *Service) History(ctx context.Context, owner string) ([]Summary, error) {
	list, err := s.store.Sessions(ctx, owner)
	if err != nil {
		return nil, err
	}
	var out []Summary
	for _, sess := range list {
		sum := Summary{Session: sess}
		for _, r := range sess.Rounds {
			rl := RoundLevel{Name: r.Name, Type: r.Type}
			if r.Report != nil {
				var rr RoundReport
				if err := json.Unmarshal(r.Report, &rr); err == nil {
					rl.Level = rr.Level
				}
			}
			sum.Levels = append(sum.Levels, rl)
		}
		if sess.Status == rehearse.Finished {
			if deb, err := s.store.Debrief(ctx, sess.ID); err == nil && deb != nil {
				var d Debrief
				if json.Unmarshal(deb, &d) == nil {
					sum.Recommendation = d.Recommendation
				}
			}
		}
		out = append(out, sum)
	}
	return out, nil
}

// Delete removes a session and everything recorded in it.
func (s *Service) Delete(ctx context.Context, id, owner string) error {
	return s.store.DeleteSession(ctx, id, owner)
}

// Clock is what the conversation view shows of a round's time.
type Clock struct {
	Minutes   int
	Spent     time.Duration
	Remaining time.Duration
	Running   bool
}

// ClockOf returns the current round's clock.
func (s *Service) ClockOf(sess *rehearse.Session) Clock {
	cur := sess.Current()
	if cur == nil {
		return Clock{}
	}
	spent := Spent(sess, sess.Round, -1, s.now())
	return Clock{Minutes: cur.Minutes, Spent: spent, Remaining: max(0, time.Duration(cur.Minutes)*time.Minute-spent), Running: sess.Status == rehearse.Active}
}

// Markdown renders the results as a Markdown document for export.
func Markdown(res *Results) string {
	var b strings.Builder
	sess := res.Session
	fmt.Fprintf(&b, "# %s\n\n", sess.Title)
	fmt.Fprintf(&b, "Mock interview, %s mode, started %s.\n\n", sess.Mode, sess.Created.Format("2006-01-02 15:04 MST"))
	if d := res.Debrief; d != nil {
		fmt.Fprintf(&b, "## Debrief: %s\n\n", d.Recommendation)
		for _, r := range d.Reasons {
			fmt.Fprintf(&b, "- %s\n", r)
		}
		if len(d.WouldChange) > 0 {
			fmt.Fprintf(&b, "\n### What would most change it\n\n")
			for i, w := range d.WouldChange {
				fmt.Fprintf(&b, "%d. %s\n", i+1, w)
			}
		}
		if len(d.StudyNext) > 0 {
			fmt.Fprintf(&b, "\n### Study next\n\n")
			for _, st := range d.StudyNext {
				fmt.Fprintf(&b, "- %s (%s)\n", st.Text, st.Link)
			}
		}
		fmt.Fprintf(&b, "\nTime: %s. Delivery: %d words, %d filler words, %d hedges.\n\n", minutes(d.Seconds), d.Delivery.Words, d.Delivery.FillerWords, d.Delivery.Hedges)
	}
	for _, r := range res.Rounds {
		fmt.Fprintf(&b, "## %s (%s): %s\n\n", r.Name, r.Stage, levelText(r.Level, r.LevelLabel))
		fmt.Fprintf(&b, "Time: %s of %d minutes.\n\n", minutes(r.Seconds), r.Minutes)
		for _, q := range r.Questions {
			g := q.Report
			fmt.Fprintf(&b, "### %s: %s\n\n", q.Title, levelText(g.Level, g.LevelLabel))
			fmt.Fprintf(&b, "Time: %s.", minutes(q.Seconds))
			if q.Skipped {
				fmt.Fprintf(&b, " Skipped.")
			}
			fmt.Fprintf(&b, "\n\n")
			for _, d := range g.Dimensions {
				fmt.Fprintf(&b, "- **%s**: %s", d.Name, levelText(d.Level, d.LevelLabel))
				for i, ev := range d.Evidence {
					if i == 2 {
						break
					}
					fmt.Fprintf(&b, "\n  > %s", ev.Quote)
				}
				fmt.Fprintf(&b, "\n")
			}
			if len(g.Missing) > 0 {
				fmt.Fprintf(&b, "\nMissing, most important first:\n\n")
				for _, m := range g.Missing {
					fmt.Fprintf(&b, "- %s\n", m.Label)
				}
			}
			for _, f := range g.Flags {
				fmt.Fprintf(&b, "\n> Note: %s\n", f.Message)
			}
			fmt.Fprintf(&b, "\nDelivery: %d words, %d filler words, %d hedges.\n\n", g.Delivery.Words, g.Delivery.FillerWords, g.Delivery.Hedges)
		}
	}
	spoken := map[int]bool{}
	if v := res.Voice; v != nil {
		voiceMarkdown(&b, res, v)
		for _, a := range v.Answers {
			spoken[a.TurnSeq] = true
		}
	}
	fmt.Fprintf(&b, "## Transcript\n\n")
	for _, t := range sess.Turns {
		who := "**Interviewer**"
		if t.Role == "candidate" {
			who = "**You**"
			if spoken[t.Seq] {
				who = "**You** (spoken)"
			}
		}
		fmt.Fprintf(&b, "%s: %s\n\n", who, strings.ReplaceAll(t.Text, "\n", "\n> "))
	}
	return b.String()
}

func levelText(l *int, label string) string {
	if l == nil {
		return "not enough evidence"
	}
	return fmt.Sprintf("%d (%s)", *l, label)
}

func minutes(sec int) string {
	return fmt.Sprintf("%d min %02d s", sec/60, sec%60)
}

// voiceMarkdown writes the delivery of the spoken answers and what the
// endpoint (or the browser) heard in each; the audio is never part of it.
func voiceMarkdown(b *strings.Builder, res *Results, v *VoiceReport) {
	fmt.Fprintf(b, "## Delivery of the spoken answers\n\n")
	fmt.Fprintf(b, "How the answers were said, measured from their transcripts and timestamps, apart from what they said.\n\n")
	fmt.Fprintf(b, "| Round | Answers | Spoken | Share of the round | Pace (wpm) | Fillers a minute | Hedges | Long pauses | Rambling |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range v.Rounds {
		share := "—"
		if r.Share > 0 {
			share = fmt.Sprintf("%.0f%%", r.Share*100)
		}
		fmt.Fprintf(b, "| %s | %d | %s | %s | %.0f | %.1f | %d | %d | %d |\n", r.Name, r.Answers, clockText(r.SpeakingSeconds), share, r.WordsPerMinute, r.FillersPerMinute, r.Hedges, r.LongPauses, r.Rambling)
	}
	if len(v.Trend) > 0 {
		fmt.Fprintf(b, "\nOver the session:\n\n")
		for _, t := range v.Trend {
			fmt.Fprintf(b, "- %s\n", t)
		}
	}
	fmt.Fprintf(b, "\n### Each spoken answer\n\n")
	for i, a := range v.Answers {
		fmt.Fprintf(b, "%d. %s: %s\n", i+1, questionLabel(res.Session, a.Round, a.Question), strings.TrimPrefix(a.Note, "Delivery: "))
	}
	fmt.Fprintf(b, "\n### What was heard\n\n")
	for _, r := range res.Recordings {
		if r.Transcript == nil {
			continue
		}
		by := "the speech endpoint"
		if r.Source == "browser" {
			by = "the browser's speech recognition"
		}
		fmt.Fprintf(b, "**%s**, transcribed by %s", questionLabel(res.Session, r.Round, r.Question), by)
		if r.Transcript.Duration > 0 {
			fmt.Fprintf(b, " (%s)", clockText(r.Transcript.Duration))
		}
		fmt.Fprintf(b, ":\n\n> %s\n\n", r.Transcript.Text)
	}
}

// questionLabel names question qi of round ri: "Behavioral, question 2".
func questionLabel(sess *rehearse.Session, ri, qi int) string {
	if ri < 0 || ri >= len(sess.Rounds) {
		return fmt.Sprintf("Question %d", qi+1)
	}
	return fmt.Sprintf("%s, question %d", sess.Rounds[ri].Name, qi+1)
}
