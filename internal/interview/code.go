package interview

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/rehearse/rehearse/internal/interviewer"
	"github.com/rehearse/rehearse/internal/judge"
	"github.com/rehearse/rehearse/internal/rehearse"
)

// Judge runs code on a problem's tests in the sandbox.
type Judge interface {
	Evaluate(ctx context.Context, p *judge.Problem, lang string, src []byte, samplesOnly bool, progress func(judge.TestResult)) (*judge.Submission, error)
	Languages() []judge.Language
	// Isolation is the sandbox's level: full, partial or none.
	Isolation() string
	// Custom runs the program once on the candidate's own input.
	Custom(ctx context.Context, p *judge.Problem, lang string, src, stdin []byte) (*judge.CustomRun, error)
}

// problems caches parsed judge problems by id.
type problems struct {
	mu sync.Mutex
	m  map[string]*judge.Problem
}

// WithJudge lets coding rounds run code: questions that have a judged
// problem of the same id get an editor with Run and Submit.
func (s *Service) WithJudge(j Judge) *Service {
	s.judge = j
	s.probs = &problems{m: map[string]*judge.Problem{}}
	// As many submissions judge at once as the sandbox has slots; the
	// rest wait in line and are told their place.
	s.queue = judge.NewQueue(2, 500)
	return s
}

// Judge returns the judge, nil when code cannot be run here.
func (s *Service) Judge() Judge { return s.judge }

// Problem returns the judged problem behind a question, or nil.
func (s *Service) Problem(questionID string) (*judge.Problem, error) {
	if s.judge == nil {
		return nil, nil
	}
	ref, err := s.lib.Problem(questionID)
	if err != nil {
		return nil, nil // a question without a judged problem
	}
	s.probs.mu.Lock()
	defer s.probs.mu.Unlock()
	if p, ok := s.probs.m[questionID]; ok {
		return p, nil
	}
	p, err := judge.LoadProblem(ref.FS, ref.ID)
	if err != nil {
		return nil, fmt.Errorf("problem %s: %w", questionID, err)
	}
	s.probs.m[questionID] = p
	return p, nil
}

// CodeInput is code to run (on the samples) or submit (on every test).
type CodeInput struct {
	Submit   bool
	Lang     string
	Code     string
	ClientID string
	Progress func(judge.TestResult)
	// Queued, when set, is told the submission's place in line while it
	// waits for the judge.
	Queued func(position int)
}

// Code runs or submits the candidate's code for the current question. The
// code is saved as a turn before it runs; the verdict is saved after.
func (s *Service) Code(ctx context.Context, id, owner string, in CodeInput) (*rehearse.Session, *judge.Submission, error) {
	if s.judge == nil {
		return nil, nil, rehearse.Errorf(rehearse.ErrUnavailable, "code cannot be run on this server: the sandbox is not available (see rehearse judge doctor)")
	}
	if len(in.Code) > judge.MaxSource {
		return nil, nil, rehearse.Errorf(rehearse.ErrTooLarge, "the program is %d KiB; the limit is %d KiB", len(in.Code)>>10, judge.MaxSource>>10)
	}
	sess, err := s.Get(ctx, id, owner)
	if err != nil {
		return nil, nil, err
	}
	if in.ClientID != "" && hasClient(sess, in.ClientID) {
		return sess, nil, nil // already run
	}
	cur := sess.Current()
	if sess.Status != rehearse.Active || cur == nil {
		return nil, nil, rehearse.Errorf(rehearse.ErrConflict, "the interview is not running a question now")
	}
	p, err := s.Problem(cur.Questions[sess.Question])
	if err != nil {
		return nil, nil, err
	}
	if p == nil {
		return nil, nil, rehearse.Errorf(rehearse.ErrConflict, "this question has no judged problem; explain your approach instead")
	}
	kind := "code-run"
	if in.Submit {
		kind = "code-submit"
	}
	now := s.now()
	t := rehearse.Turn{Round: sess.Round, Question: sess.Question, Role: string(interviewer.Candidate), Kind: kind, Text: in.Code, KeyPoint: in.Lang, ClientID: in.ClientID, At: now}
	if _, err := s.store.Save(ctx, sess.ID, s.position(sess, t)); err != nil {
		return nil, nil, err
	}
	release, err := s.queue.Wait(ctx, in.Queued)
	if err != nil {
		return nil, nil, err
	}
	sub, err := s.judge.Evaluate(ctx, p, in.Lang, []byte(in.Code), !in.Submit, in.Progress)
	release()
	if err != nil {
		return nil, nil, err
	}
	v := rehearse.Turn{Round: sess.Round, Question: sess.Question, Role: string(interviewer.Interviewer), Kind: "verdict",
		Text: summarize(sub, in.Submit), KeyPoint: string(sub.Verdict), At: s.now()}
	if in.Submit {
		v.Deeper = true // marks a verdict on every test, not just the samples
	}
	turns := []rehearse.Turn{v}
	if f := s.variant(sess, p, sub, in.Submit); f != "" {
		turns = append(turns, rehearse.Turn{Round: sess.Round, Question: sess.Question, Role: string(interviewer.Interviewer),
			Kind: string(interviewer.KindFollowUp), Text: f, KeyPoint: "problem-variant", At: s.now()})
	}
	if _, err := s.store.Save(ctx, sess.ID, s.position(sess, turns...)); err != nil {
		return nil, nil, err
	}
	fresh, err := s.store.Session(ctx, sess.ID, owner)
	return fresh, sub, err
}

// variant is the follow-up an interviewer asks once the code is accepted:
// one of the problem's follow-up variants (how the solution changes if
// the input streams, memory is bounded, …), asked once per question.
func (s *Service) variant(sess *rehearse.Session, p *judge.Problem, sub *judge.Submission, submit bool) string {
	if !submit || sub.Verdict != judge.Accepted || len(p.FollowUps) == 0 {
		return ""
	}
	for _, t := range sess.Turns {
		if t.Round == sess.Round && t.Question == sess.Question && t.KeyPoint == "problem-variant" {
			return ""
		}
	}
	return "It passes every test. A follow-up: " + p.FollowUps[0] + " Talk me through what changes."
}

// Custom runs the candidate's code once on input they wrote, for the
// current question's judged problem. The code is saved as a turn (so the
// editor keeps it); nothing is judged and the interviewer says nothing.
func (s *Service) Custom(ctx context.Context, id, owner string, in CodeInput, stdin string) (*judge.CustomRun, error) {
	if s.judge == nil {
		return nil, rehearse.Errorf(rehearse.ErrUnavailable, "code cannot be run on this server: the sandbox is not available (see rehearse judge doctor)")
	}
	if len(in.Code) > judge.MaxSource {
		return nil, rehearse.Errorf(rehearse.ErrTooLarge, "the program is %d KiB; the limit is %d KiB", len(in.Code)>>10, judge.MaxSource>>10)
	}
	if len(stdin) > judge.MaxCustomInput {
		return nil, rehearse.Errorf(rehearse.ErrTooLarge, "the input is %s; the limit is %s", rehearse.Size(int64(len(stdin))), rehearse.Size(judge.MaxCustomInput))
	}
	sess, err := s.Get(ctx, id, owner)
	if err != nil {
		return nil, err
	}
	cur := sess.Current()
	if sess.Status != rehearse.Active || cur == nil {
		return nil, rehearse.Errorf(rehearse.ErrConflict, "the interview is not running a question now")
	}
	p, err := s.Problem(cur.Questions[sess.Question])
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, rehearse.Errorf(rehearse.ErrConflict, "this question has no judged problem; explain your approach instead")
	}
	if in.ClientID == "" || !hasClient(sess, in.ClientID) {
		t := rehearse.Turn{Round: sess.Round, Question: sess.Question, Role: string(interviewer.Candidate), Kind: "code-custom", Text: in.Code, KeyPoint: in.Lang, ClientID: in.ClientID, At: s.now()}
		if _, err := s.store.Save(ctx, sess.ID, s.position(sess, t)); err != nil {
			return nil, err
		}
	}
	release, err := s.queue.Wait(ctx, in.Queued)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.judge.Custom(ctx, p, in.Lang, []byte(in.Code), []byte(stdin))
}

func summarize(sub *judge.Submission, submit bool) string {
	what := "Run on the samples"
	if submit {
		what = "Submitted"
	}
	passed := 0
	for _, t := range sub.Tests {
		if t.Verdict == judge.Accepted {
			passed++
		}
	}
	msg := fmt.Sprintf("%s (%s): %s, %d of %d tests passed", what, sub.Language, strings.ReplaceAll(string(sub.Verdict), "_", " "), passed, len(sub.Tests))
	if sub.Verdict == judge.CompileError {
		msg = fmt.Sprintf("%s (%s): compile error", what, sub.Language)
	}
	// Every result says how isolated the run was.
	return fmt.Sprintf("%s (sandbox: %s isolation).", msg, sub.Isolation)
}

// submitted returns the verdict of the last submission on question qi of
// round ri: "" when the question has no judged problem (or no judge),
// "not_submitted" when it has one and nothing was submitted.
func (s *Service) submitted(sess *rehearse.Session, ri, qi int, qid string) string {
	if p, _ := s.Problem(qid); p == nil {
		return ""
	}
	v := "not_submitted"
	for _, t := range sess.Turns {
		if t.Round == ri && t.Question == qi && t.Kind == "verdict" && t.Deeper {
			v = t.KeyPoint
		}
	}
	return v
}
