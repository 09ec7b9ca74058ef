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
	fmt.Fprintf(&b, "## Transcript\n\n")
	for _, t := range sess.Turns {
		who := "**Interviewer**"
		if t.Role == "candidate" {
			who = "**You**"
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
