package grading

import (
	"testing"
)

// benchAnswer is the longest labelled answer to the rate-limiter question,
// a realistic worst case for one spoken answer.
func benchAnswer(b *testing.B) Input {
	b.Helper()
	set, _ := loadLabelled(b)
	var best labelled
	for _, l := range set {
		if l.question.ID == "distributed-rate-limiter" && len(l.Answer) > len(best.Answer) {
			best = l
		}
	}
	if best.question == nil {
		b.Fatal("no labelled rate-limiter answer")
	}
	return Input{Question: best.question, Answer: best.Answer}
}

// BenchmarkGrade grades one long answer (560 words) against the
// 12-key-point rate-limiter rubric.
func BenchmarkGrade(b *testing.B) {
	in := benchAnswer(b)
	e := NewEngine(nil)
	e.compiled[in.Question.ID] = compileRubric(in.Question) // as the server does at start-up
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Grade(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFollowUps chooses the next follow-up from a graded answer.
func BenchmarkFollowUps(b *testing.B) {
	in := benchAnswer(b)
	r, err := NewEngine(nil).Grade(in)
	if err != nil {
		b.Fatal(err)
	}
	asked := &Asked{Probed: []string{in.Question.Rubric.KeyPoints[0].ID}}
	b.ReportAllocs()
	for b.Loop() {
		FollowUps(in.Question, r, asked)
	}
}
