package interviewer

import (
	"context"
	"strings"
	"testing"

	"github.com/rehearse/rehearse/internal/content"
	"github.com/rehearse/rehearse/internal/grading"
	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/packs"
)

func library(t testing.TB) *content.Library {
	t.Helper()
	lib, err := content.Load(content.Source{Name: "packs", FS: packs.FS()})
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// rateLimiter returns the distributed-rate-limiter question and a rubric
// interviewer over the built-in packs.
func rateLimiter(t testing.TB) (*rehearse.Question, *Rubric) {
	t.Helper()
	lib := library(t)
	q, err := lib.Question("distributed-rate-limiter")
	if err != nil {
		t.Fatal(err)
	}
	return q, NewRubric(grading.NewEngine(lib.Questions()))
}

func TestIsClarifying(t *testing.T) {
	for text, want := range map[string]bool{
		"How many servers do we have?":               true,
		"what's the read write ratio":                true,
		"Can I assume limits are per user":           true,
		"Should the limit be global across regions?": true,
		"I'd use a token bucket in Redis.":           false,
		"Which algorithm? I'd pick a sliding window counter because it smooths the boundary burst, and store it in Redis keyed by user with a TTL, and make the check atomic with a Lua script so two servers cannot both pass the last request through at the same time.": false,
		"": false,
	} {
		if got := IsClarifying(text); got != want {
			t.Errorf("IsClarifying(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestAnswerClarifying(t *testing.T) {
	q, err := library(t).Question("distributed-rate-limiter")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ask, want string
	}{
		{"How many servers are in the fleet?", "200 stateless API servers"},
		{"roughly what traffic are we talking about", "50M daily active users"},
		{"Is the limit per user or per API key?", "100 requests per minute per user"},
		{"What happens if Redis is down?", "availability target"},
		{"What colour is the logo?", AssumeLine},
	}
	for _, tt := range tests {
		if got := AnswerClarifying(q, tt.ask); !strings.Contains(got, tt.want) {
			t.Errorf("%q answered %q, want it to contain %q", tt.ask, got, tt.want)
		}
	}
	// Two questions in one turn get both facts, in the order asked.
	two := "Is the limit per user or per API key, and how many servers are there?"
	got := AnswerClarifying(q, two)
	limits, servers := strings.Index(got, "100 requests per minute per user"), strings.Index(got, "200 stateless API servers")
	if limits < 0 || servers < 0 || limits > servers {
		t.Errorf("%q answered %q, want the limits and then the fleet", two, got)
	}
}

// A whole question: clarify, answer, follow-ups until the budget is spent,
// never re-asking a covered point, then done.
func TestRubricConversation(t *testing.T) {
	q, iv := rateLimiter(t)
	ctx := context.Background()
	turns := []Turn{{Role: Interviewer, Kind: KindPrompt, Text: q.Prompt}}
	say := func(kind Kind, text string) Reply {
		t.Helper()
		turns = append(turns, Turn{Role: Candidate, Kind: kind, Text: text})
		r, err := iv.Next(ctx, Input{Question: q, Turns: turns})
		if err != nil {
			t.Fatal(err)
		}
		turns = append(turns, r.Turn)
		return r
	}

	r := say(KindClarify, "How many API servers are there?")
	if r.Turn.Kind != KindFact || !strings.Contains(r.Turn.Text, "200") {
		t.Fatalf("clarifying answer: %+v", r.Turn)
	}
	r = say(KindAnswer, "I'd put a token bucket per user in Redis, because every server must see the same count, and return 429 with Retry-After.")
	if r.Turn.Kind != KindFollowUp || r.Turn.Deeper {
		t.Fatalf("first follow-up should probe a missing point: %+v", r.Turn)
	}
	first := r.Turn.KeyPoint
	if first != "atomicity" {
		t.Errorf("first probe about %q, want the heaviest missing point (atomicity)", first)
	}
	r = say(KindAnswer, "Good point: the check and increment run in one Lua script, so two servers can't both read 99 and allow the request.")
	if r.Turn.Kind != KindFollowUp || !r.Turn.Deeper {
		t.Fatalf("second follow-up should dig into a claim: %+v", r.Turn)
	}
	asked := map[string]bool{first: true, r.Turn.KeyPoint: true}
	for i := 0; i < 10 && !r.Done(); i++ {
		r = say(KindAnswer, "I'm not sure.")
		if r.Done() {
			break
		}
		if asked[r.Turn.KeyPoint] {
			t.Fatalf("asked about %s twice", r.Turn.KeyPoint)
		}
		if f, ok := r.Report.Finding(r.Turn.KeyPoint); ok && f.Strength >= grading.Stated && !r.Turn.Deeper {
			t.Fatalf("probed %s as missing, but the answer covered it", r.Turn.KeyPoint)
		}
		asked[r.Turn.KeyPoint] = true
	}
	if !r.Done() {
		t.Fatal("the question never finished")
	}
	followUps := 0
	for _, tt := range turns {
		if tt.Kind == KindFollowUp {
			followUps++
		}
	}
	if followUps != q.Rubric.FollowUpBudget {
		t.Errorf("%d follow-ups asked, want the budget of %d", followUps, q.Rubric.FollowUpBudget)
	}
}

// A candidate who asked what is being limited is not then asked it again:
// the clarifying question itself shows the point.
func TestAskedClarificationIsNotProbed(t *testing.T) {
	q, iv := rateLimiter(t)
	turns := []Turn{
		{Role: Interviewer, Kind: KindPrompt, Text: q.Prompt},
		{Role: Candidate, Kind: KindClarify, Text: "Is the limit per user or per API key, and how strict does it have to be?"},
		{Role: Interviewer, Kind: KindFact, Text: AnswerClarifying(q, "Is the limit per user or per API key, and how strict does it have to be?")},
		{Role: Candidate, Kind: KindAnswer, Text: "I'd keep a token bucket per API key in Redis, updated by one Lua script so two servers can't both allow the last request."},
	}
	r, err := iv.Next(context.Background(), Input{Question: q, Turns: turns})
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := r.Report.Finding("clarify-limits"); !ok || f.Strength < grading.Stated {
		t.Errorf("clarify-limits after asking: %+v, want covered", f)
	}
	if r.Turn.KeyPoint == "clarify-limits" {
		t.Errorf("re-asked what the candidate had just asked: %q", r.Turn.Text)
	}
}

// Stream falls back to one chunk for an engine that cannot stream.
func TestStreamFallback(t *testing.T) {
	lib := library(t)
	q, _ := lib.Question("distributed-rate-limiter")
	var chunks []string
	r, err := Stream(context.Background(), NewRubric(grading.NewEngine(nil)), Input{Question: q, Turns: []Turn{{Role: Candidate, Kind: KindClarify, Text: "How many servers?"}}}, func(c string) error {
		chunks = append(chunks, c)
		return nil
	})
	if err != nil || len(chunks) != 1 || chunks[0] != r.Turn.Text {
		t.Errorf("chunks %q, reply %q, err %v", chunks, r.Turn.Text, err)
	}
}
