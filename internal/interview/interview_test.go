package interview

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rehearse/rehearse/internal/content"
	"github.com/rehearse/rehearse/internal/grading"
	"github.com/rehearse/rehearse/internal/interviewer"
	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/internal/store"
	"github.com/rehearse/rehearse/packs"
)

// clock is a settable time source; each read moves it on a little, like a
// candidate typing.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { c.t = c.t.Add(20 * time.Second); return c.t }

type fixture struct {
	svc *Service
	db  *store.DB
	clk *clock
	lib *content.Library
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	clk := &clock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	svc, db, lib := newService(t, clk.now)
	return &fixture{svc: svc, db: db, clk: clk, lib: lib}
}

// newService is a service over the built-in packs and a fresh database,
// on the given clock.
func newService(t testing.TB, now func() time.Time) (*Service, *store.DB, *content.Library) {
	t.Helper()
	lib, err := content.Load(content.Source{Name: "packs", FS: packs.FS()})
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "r.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	g := grading.NewEngine(lib.Questions())
	return New(lib, db, interviewer.NewRubric(g), g, now), db, lib
}

func (f *fixture) act(t *testing.T, s *rehearse.Session, a Action, text string) *rehearse.Session {
	t.Helper()
	id := fmt.Sprintf("c%d-%d", len(s.Turns), time.Now().UnixNano())
	out, err := f.svc.Act(context.Background(), s.ID, "me", Input{Action: a, Text: text, ClientID: id})
	if err != nil {
		t.Fatalf("%s %q: %v", a, text, err)
	}
	return out
}

func lastTurn(s *rehearse.Session) rehearse.Turn { return s.Turns[len(s.Turns)-1] }

func TestOneQuestionPractice(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s, err := f.svc.Start(ctx, Spec{Kind: rehearse.OneQuestion, Mode: rehearse.Practice, Owner: "me", Question: "distributed-rate-limiter"})
	if err != nil {
		t.Fatal(err)
	}
	if lastTurn(s).Kind != "prompt" || !strings.Contains(lastTurn(s).Text, "rate limiter") {
		t.Fatalf("first turn: %+v", lastTurn(s))
	}
	s = f.act(t, s, Say, "How many API servers are there?")
	if lt := lastTurn(s); lt.Kind != "fact" || !strings.Contains(lt.Text, "200") {
		t.Fatalf("clarifying answer: %+v", lt)
	}
	s = f.act(t, s, Hint, "")
	if lt := lastTurn(s); lt.Kind != "hint" || !strings.HasPrefix(lt.Text, "Hint:") {
		t.Fatalf("hint: %+v", lt)
	}
	s = f.act(t, s, Say, "I'd use a token bucket per user in Redis because every server must see the same count, and return 429 with Retry-After.")
	if lt := lastTurn(s); lt.Kind != "followup" {
		t.Fatalf("follow-up: %+v", lt)
	}
	s = f.act(t, s, Done, "")
	if s.Status != rehearse.Finished {
		t.Fatalf("status after done = %s", s.Status)
	}
	var fb bool
	for _, tt := range s.Turns {
		fb = fb || tt.Kind == "feedback"
	}
	if !fb {
		t.Error("practice mode gave no feedback after the question")
	}
	deb, err := f.db.Debrief(ctx, s.ID)
	if err != nil || deb == nil {
		t.Fatalf("no debrief: %v", err)
	}
	var d Debrief
	if err := json.Unmarshal(deb, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Rounds) != 1 || d.Rounds[0].Questions[0].Report == nil {
		t.Fatalf("debrief rounds: %+v", d.Rounds)
	}
	// Acting on a finished session is a clear conflict.
	if _, err := f.svc.Act(ctx, s.ID, "me", Input{Action: Say, Text: "more", ClientID: "late"}); !errors.Is(err, rehearse.ErrConflict) {
		t.Errorf("answer after the end: %v, want a conflict", err)
	}
}

func TestRealModeHasNoHints(t *testing.T) {
	f := newFixture(t)
	s, err := f.svc.Start(context.Background(), Spec{Kind: rehearse.OneQuestion, Mode: rehearse.Real, Owner: "me", Question: "lru-cache-approach"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Act(context.Background(), s.ID, "me", Input{Action: Hint, ClientID: "h"}); !errors.Is(err, rehearse.ErrConflict) {
		t.Errorf("hint in real mode: %v", err)
	}
}

// A re-sent answer is stored once; another owner cannot see the session.
func TestIdempotentAndPrivate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s, err := f.svc.Start(ctx, Spec{Kind: rehearse.OneQuestion, Mode: rehearse.Practice, Owner: "me", Question: "distributed-rate-limiter"})
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Action: Say, Text: "I'd keep the counters in Redis.", ClientID: "same-id"}
	a, err := f.svc.Act(ctx, s.ID, "me", in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.svc.Act(ctx, s.ID, "me", in)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Turns) != len(b.Turns) {
		t.Errorf("re-sent answer changed the transcript: %d turns then %d", len(a.Turns), len(b.Turns))
	}
	if _, err := f.svc.Get(ctx, s.ID, "someone-else"); !errors.Is(err, rehearse.ErrNotFound) {
		t.Errorf("another owner: %v, want not found", err)
	}
	if _, err := f.svc.Act(ctx, s.ID, "me", Input{Action: Say, Text: strings.Repeat("x", MaxTurnBytes+1), ClientID: "big"}); !errors.Is(err, rehearse.ErrTooLarge) {
		t.Errorf("huge answer: %v", err)
	}
}

// A whole Microsoft loop: stages in order, a pause between rounds, a
// report per round and a debrief at the end.
func TestWholeLoop(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s, err := f.svc.Start(ctx, Spec{Kind: rehearse.WholeLoop, Mode: rehearse.Real, Owner: "me", Guide: "microsoft-backend-engineer-interview"})
	if err != nil {
		t.Fatal(err)
	}
	lp, _ := f.lib.Loop(s.Loop)
	var want []string
	for _, st := range lp.Stages {
		for _, r := range st.Rounds {
			want = append(want, r.ID)
		}
	}
	var got []string
	for _, r := range s.Rounds {
		got = append(got, r.RoundID)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("rounds %v, want the loop's stages in order %v", got, want)
	}
	for guard := 0; s.Status != rehearse.Finished && guard < 200; guard++ {
		switch s.Status {
		case rehearse.Paused:
			s = f.act(t, s, Resume, "")
		case rehearse.Active:
			s = f.act(t, s, Say, "I would clarify the requirements first, because they decide the design, then walk through the trade-offs.")
			if s.Status == rehearse.Active && lastTurn(s).Kind == "followup" {
				s = f.act(t, s, Done, "")
			}
		}
	}
	if s.Status != rehearse.Finished {
		t.Fatalf("the loop did not finish: %s at round %d", s.Status, s.Round)
	}
	for _, r := range s.Rounds {
		if r.Status != rehearse.Finished || r.Report == nil {
			t.Errorf("round %s: status %s, report %d bytes", r.Name, r.Status, len(r.Report))
		}
	}
	deb, _ := f.db.Debrief(ctx, s.ID)
	var d Debrief
	if err := json.Unmarshal(deb, &d); err != nil {
		t.Fatal(err)
	}
	if d.Recommendation == "" || len(d.WouldChange) != 3 || len(d.StudyNext) == 0 {
		t.Errorf("debrief: %+v", d)
	}
}

// The interviewer paces a round: a question that has run past its share of
// the round moves on, and a round out of time ends.
func TestPacing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s, err := f.svc.Start(ctx, Spec{Kind: rehearse.OneRound, Mode: rehearse.Real, Owner: "me", Guide: "microsoft-backend-engineer-interview", Round: "recruiter-call"})
	if err != nil {
		t.Fatal(err)
	}
	r := s.Current()
	if len(r.Questions) < 2 {
		t.Fatalf("the recruiter call has %d questions", len(r.Questions))
	}
	share := time.Duration(r.Minutes) * time.Minute / time.Duration(len(r.Questions))
	// Answer slowly, four minutes apart, until the interviewer moves on.
	var moved bool
	for i := 0; i < 10 && !moved; i++ {
		f.clk.t = f.clk.t.Add(4 * time.Minute)
		s = f.act(t, s, Say, "I have five years of backend experience in payments.")
		for _, tt := range s.Turns {
			moved = moved || tt.Kind == "moveon"
		}
		if moved && Spent(s, 0, 0, f.clk.t) < share {
			t.Errorf("moved on after %v, before the question's share of %v", Spent(s, 0, 0, f.clk.t), share)
		}
	}
	if !moved || s.Question != 1 {
		t.Fatalf("the interviewer did not move on (question %d)", s.Question)
	}
	// Keep going until the round's time is up: it ends with a report.
	for i := 0; i < 20 && s.Status == rehearse.Active; i++ {
		f.clk.t = f.clk.t.Add(4 * time.Minute)
		s = f.act(t, s, Say, "I want to grow into distributed systems.")
	}
	if s.Status != rehearse.Finished {
		t.Fatalf("the round never ran out of time: %s", s.Status)
	}
	var timeout bool
	for _, tt := range s.Turns {
		timeout = timeout || tt.Kind == "timeout"
	}
	if !timeout {
		t.Error("the round ended without saying time was up")
	}
	res, err := f.svc.Results(ctx, s.ID, "me")
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Rounds[0].Seconds; got < r.Minutes*60 {
		t.Errorf("report says %ds spent, want at least the round's %d minutes", got, r.Minutes)
	}
}
