package interview

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// candidate answers the current question of a session.
type candidate struct {
	name   string
	answer func(q *rehearse.Question) string // "" means say nothing and move on
}

// runLoop plays a whole loop with c and returns the debrief.
func runLoop(t *testing.T, f *fixture, guide string, c candidate) Debrief {
	t.Helper()
	ctx := context.Background()
	s, err := f.svc.Start(ctx, Spec{Kind: rehearse.WholeLoop, Mode: rehearse.Real, Owner: "me", Guide: guide})
	if err != nil {
		t.Fatal(err)
	}
	for guard := 0; s.Status != rehearse.Finished; guard++ {
		if guard > 500 {
			t.Fatalf("%s: the loop never finished", c.name)
		}
		if s.Status == rehearse.Paused {
			s = f.act(t, s, Resume, "")
			continue
		}
		q, err := f.lib.Question(s.Current().Questions[s.Question])
		if err != nil {
			t.Fatal(err)
		}
		if text := c.answer(q); text != "" {
			before := s.Question
			s = f.act(t, s, Say, text)
			if s.Status != rehearse.Active || s.Question != before {
				continue // the interviewer moved on by itself
			}
		}
		s = f.act(t, s, Done, "")
	}
	deb, err := f.db.Debrief(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	var d Debrief
	if err := json.Unmarshal(deb, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func meanLevel(d Debrief) float64 {
	var sum, n float64
	for _, r := range d.Rounds {
		if r.Level != nil {
			sum += float64(*r.Level)
		}
		n++ // a round with no evidence counts as 0
	}
	return sum / n
}

var recRank = map[string]int{StrongHireRec: 4, HireRec: 3, LeanNoHireRec: 2, NoHireRec: 1, NoEvidenceRec: 0}

// Simulated candidates run the whole Microsoft loop; their debriefs must
// rank strong > rambling > weak ≥ silent.
func TestSimulatedCandidatesRank(t *testing.T) {
	f := newFixture(t)
	filler := "Um, so, basically, I think it kind of depends, you know, on a lot of things, like, the team and the requirements and what the business wants, and there are a lot of trade-offs, like, in general, and it's important to think about scalability and reliability and, um, all of that. "
	cands := []candidate{
		{"strong", func(q *rehearse.Question) string { return q.ModelAnswer }},
		{"rambling", func(q *rehearse.Question) string {
			// Knows the first key points' words but buries them in filler.
			var names []string
			for i, kp := range q.Rubric.KeyPoints {
				if i < 3 && len(kp.Detect.Any) > 0 {
					names = append(names, kp.Detect.Any[0])
				}
			}
			return strings.Repeat(filler, 3) + "I'd use " + strings.Join(names, " and ") + ". " + strings.Repeat(filler, 3)
		}},
		{"weak", func(q *rehearse.Question) string {
			return "I would try to do my best here and make it work well for everyone, and I would keep it simple and test it."
		}},
		{"silent", func(q *rehearse.Question) string { return "" }},
	}
	var got []Debrief
	for _, c := range cands {
		d := runLoop(t, f, "microsoft-backend-engineer-interview", c)
		t.Logf("%-8s %-20s mean round level %.2f", c.name, d.Recommendation, meanLevel(d))
		got = append(got, d)
	}
	for i := 1; i < len(got); i++ {
		if meanLevel(got[i-1]) < meanLevel(got[i]) {
			t.Errorf("%s (%.2f) ranked below %s (%.2f)", cands[i-1].name, meanLevel(got[i-1]), cands[i].name, meanLevel(got[i]))
		}
	}
	if recRank[got[0].Recommendation] < 3 {
		t.Errorf("the strong candidate got %q, want a hire", got[0].Recommendation)
	}
	for _, d := range got[2:] {
		if recRank[d.Recommendation] > 1 {
			t.Errorf("a weak or silent candidate got %q, want no hire", d.Recommendation)
		}
	}
	if recRank[got[1].Recommendation] >= recRank[got[0].Recommendation] {
		t.Errorf("the rambling candidate (%s) did as well as the strong one (%s)", got[1].Recommendation, got[0].Recommendation)
	}
}

// A server that died after saving an answer but before saving the reply
// leaves a candidate turn last; the next load replies to it exactly once.
func TestSettlesAnAnswerLeftWithoutReply(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s, err := f.svc.Start(ctx, Spec{Kind: rehearse.OneQuestion, Mode: rehearse.Real, Owner: "me", Question: "distributed-rate-limiter"})
	if err != nil {
		t.Fatal(err)
	}
	// What Act saves first, and then nothing (the crash).
	if _, err := f.db.Save(ctx, s.ID, rehearse.SessionUpdate{Status: s.Status, Round: s.Round, Question: s.Question,
		Turns: []rehearse.Turn{{Role: "candidate", Kind: "answer", Text: "I'd use Redis for the counters.", ClientID: "x1", At: f.clk.now()}}}); err != nil {
		t.Fatal(err)
	}
	a, err := f.svc.Get(ctx, s.ID, "me")
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.svc.Get(ctx, s.ID, "me")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Turns) != len(s.Turns)+2 || len(b.Turns) != len(a.Turns) {
		t.Fatalf("turns: %d at start, %d after the first load, %d after the second; want +2 then unchanged", len(s.Turns), len(a.Turns), len(b.Turns))
	}
	if lt := a.Turns[len(a.Turns)-1]; lt.Role != "interviewer" {
		t.Errorf("the answer was not replied to: %+v", lt)
	}
	// The client re-sends the same answer after the restart: nothing doubles.
	c, err := f.svc.Act(ctx, s.ID, "me", Input{Action: Say, Text: "I'd use Redis for the counters.", ClientID: "x1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Turns) != len(a.Turns) {
		t.Errorf("re-sent answer after restart: %d turns, want %d", len(c.Turns), len(a.Turns))
	}
}
