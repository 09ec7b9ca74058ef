// Package interviewer decides what the interviewer says next about one
// question: an answer to a clarifying question from the fact sheet, a
// follow-up about what the answer missed or claimed, or that the question
// is done. The built-in Rubric interviewer is deterministic and offline; a
// model-backed interviewer implements the same interface.
package interviewer

import (
	"context"
	"slices"
	"strings"

	"github.com/rehearse/rehearse/internal/grading"
	"github.com/rehearse/rehearse/internal/rehearse"
)

// Role says who spoke a turn.
type Role string

// Roles.
const (
	Interviewer Role = "interviewer"
	Candidate   Role = "candidate"
)

// Kind says what a turn is.
type Kind string

// Turn kinds.
const (
	KindPrompt   Kind = "prompt"   // the interviewer asks the question
	KindClarify  Kind = "clarify"  // the candidate asks a clarifying question
	KindFact     Kind = "fact"     // the interviewer answers one
	KindAnswer   Kind = "answer"   // the candidate answers
	KindFollowUp Kind = "followup" // the interviewer probes
	KindHint     Kind = "hint"     // the interviewer gives a hint
	KindDone     Kind = "done"     // the interviewer closes the question
)

// Turn is one utterance about a question.
type Turn struct {
	Role Role   `json:"role"`
	Kind Kind   `json:"kind"`
	Text string `json:"text"`
	// KeyPoint is the key point a follow-up or hint is about.
	KeyPoint string `json:"key_point,omitempty"`
	// Deeper marks a follow-up that digs into a claim.
	Deeper bool `json:"deeper,omitempty"`
}

// Input is the conversation about one question so far.
type Input struct {
	Question *rehearse.Question
	Turns    []Turn
}

// Reply is the interviewer's next turn, with the grade of the answer so far
// when there is one.
type Reply struct {
	Turn   Turn
	Report *grading.Report
}

// Done reports whether the interviewer closed the question.
func (r Reply) Done() bool { return r.Turn.Kind == KindDone }

// Engine decides the interviewer's next turn.
type Engine interface {
	Next(ctx context.Context, in Input) (Reply, error)
}

// Streamer is an Engine that can also emit its reply as it is produced (a
// model-backed interviewer); the built-in one replies at once.
type Streamer interface {
	Engine
	NextStream(ctx context.Context, in Input, emit func(chunk string) error) (Reply, error)
}

// Stream gets the next reply from e, streaming it through emit when e can,
// and in one piece otherwise, so callers handle both alike.
func Stream(ctx context.Context, e Engine, in Input, emit func(chunk string) error) (Reply, error) {
	if s, ok := e.(Streamer); ok {
		return s.NextStream(ctx, in, emit)
	}
	r, err := e.Next(ctx, in)
	if err != nil {
		return r, err
	}
	return r, emit(r.Turn.Text)
}

// Rubric is the built-in interviewer: it reads the question's rubric and
// fact sheet, and grades the answer with the rubric engine to choose its
// follow-ups.
type Rubric struct {
	grader *grading.Engine
}

// NewRubric returns the built-in interviewer using grader.
func NewRubric(grader *grading.Engine) *Rubric { return &Rubric{grader: grader} }

// The lines the built-in interviewer says when a fact sheet has no answer
// and when a question is finished.
const (
	AssumeLine = "That isn't specified. Make a reasonable assumption, say it out loud, and carry on."
	DoneLine   = "Thanks, that covers this question."
)

// Next returns the interviewer's next turn. After a clarifying question it
// answers from the fact sheet; after an answer it asks the next follow-up,
// or closes the question when the budget is spent or nothing is left to
// ask.
func (e *Rubric) Next(ctx context.Context, in Input) (Reply, error) {
	if err := ctx.Err(); err != nil {
		return Reply{}, err
	}
	q := in.Question
	last := lastCandidate(in.Turns)
	if last != nil && last.Kind == KindClarify {
		return Reply{Turn: Turn{Role: Interviewer, Kind: KindFact, Text: AnswerClarifying(q, last.Text)}}, nil
	}
	var answer, clarifications []string
	asked := &grading.Asked{}
	for _, t := range in.Turns {
		switch {
		case t.Role == Candidate && t.Kind == KindAnswer:
			answer = append(answer, t.Text)
		case t.Role == Candidate && t.Kind == KindClarify:
			clarifications = append(clarifications, t.Text)
		case t.Role == Interviewer && t.Kind == KindFollowUp && t.Deeper:
			asked.Dug = append(asked.Dug, t.KeyPoint)
		case t.Role == Interviewer && t.Kind == KindFollowUp:
			asked.Probed = append(asked.Probed, t.KeyPoint)
		}
	}
	rep, err := e.grader.Grade(grading.Input{Question: q, Answer: strings.Join(answer, "\n\n"), Clarifications: clarifications})
	if err != nil {
		return Reply{}, err
	}
	next := grading.FollowUps(q, rep, asked)
	if len(next) == 0 {
		return Reply{Turn: Turn{Role: Interviewer, Kind: KindDone, Text: DoneLine}, Report: rep}, nil
	}
	f := next[0]
	return Reply{Turn: Turn{Role: Interviewer, Kind: KindFollowUp, Text: f.Text, KeyPoint: f.KeyPoint, Deeper: f.Deeper}, Report: rep}, nil
}

func lastCandidate(ts []Turn) *Turn {
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].Role == Candidate {
			return &ts[i]
		}
	}
	return nil
}

// questionStarts open a clarifying question even without a question mark
// (speech transcripts often have none).
var questionStarts = []string{
	"can i assume", "should i assume", "may i assume", "is it ok", "is it okay", "should i", "should we", "do we", "does the",
	"does it", "is there", "are there", "is it", "are we", "how many", "how much", "how big", "how often", "how fast", "what is the",
	"what's the", "what are the", "what kind", "which", "who are", "who is", "will the", "will we", "can we", "can the", "do i",
	"do you", "could you", "what happens if", "are the", "is the", "what about",
}

// IsClarifying reports whether a candidate's turn asks a clarifying
// question rather than answering: short, and phrased as a question.
func IsClarifying(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	words := len(strings.Fields(t))
	if words == 0 || words > 45 {
		return false
	}
	if strings.HasSuffix(t, "?") {
		return true
	}
	// Only the opening matters: "what's the read/write ratio" asks; "I'd
	// use Redis" answers.
	for _, s := range questionStarts {
		if strings.HasPrefix(t, s+" ") && words <= 25 {
			return true
		}
	}
	return false
}

// AnswerClarifying answers a clarifying question from q's fact sheet: the
// fact whose ways of asking best match it, or AssumeLine when none does.
// A question that asks two or three things ("Is it per user or per API
// key, and how many servers are there?") gets each fact it names in full,
// in the order it asked them.
func AnswerClarifying(q *rehearse.Question, ask string) string {
	best, named := matchFacts(q, ask)
	if len(named) > 1 {
		answers := make([]string, len(named))
		for i, f := range named {
			answers[i] = strings.TrimSpace(q.Facts[f].Answer)
		}
		return strings.Join(answers, "\n\n")
	}
	if best >= 0 {
		return q.Facts[best].Answer
	}
	return AssumeLine
}

// matchFacts scores each fact against the question: a whole ask phrase
// found in it scores its length in words, doubled; otherwise shared
// content words score one each. best is the fact scoring highest, at
// least 2, ties going to the earlier fact, or -1. named lists, in the
// order the question names them, up to three facts one of whose ways of
// asking, two words or longer, appears whole in it.
func matchFacts(q *rehearse.Question, ask string) (best int, named []int) {
	askStems := grading.Stems(ask)
	type hit struct{ fact, at int }
	var hits []hit
	best, bestScore := -1, 1
	for i, f := range q.Facts {
		score, at := 0, -1
		for _, a := range f.Ask {
			n := grading.PhraseLen(a)
			if k := grading.PhraseIndex(ask, a); k >= 0 {
				score = max(score, 2*n)
				if n >= 2 && (at < 0 || k < at) {
					at = k
				}
				continue
			}
			overlap := 0
			for _, s := range grading.Stems(a) {
				if slices.Contains(askStems, s) {
					overlap++
				}
			}
			score = max(score, overlap)
		}
		if score > bestScore {
			best, bestScore = i, score
		}
		if at >= 0 {
			hits = append(hits, hit{i, at})
		}
	}
	slices.SortStableFunc(hits, func(x, y hit) int { return x.at - y.at })
	for _, h := range hits[:min(len(hits), 3)] {
		named = append(named, h.fact)
	}
	return best, named
}
