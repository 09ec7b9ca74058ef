package grading

import (
	"flag"
	"slices"
	"testing"
)

var explain = flag.String("explain", "", "print how the grader saw each labelled answer of this split (tune or check)")

// TestExplain is a tuning aid, off by default: for each labelled answer it
// prints the human and grader levels, and the key points on which the
// detector and the labeller disagree.
func TestExplain(t *testing.T) {
	if *explain == "" {
		t.Skip("tuning aid: run with -explain tune")
	}
	set, qs := loadLabelled(t)
	e := NewEngine(qs)
	for _, l := range set {
		if l.Split != *explain {
			continue
		}
		r, err := e.Grade(Input{Question: l.question, Answer: l.Answer})
		if err != nil {
			t.Fatal(err)
		}
		var falseMiss, falseHit []string
		for _, f := range r.Findings() {
			labelledMissing := slices.Contains(l.Missing, f.KeyPoint.ID)
			switch {
			case f.Strength < Stated && !labelledMissing:
				falseMiss = append(falseMiss, f.KeyPoint.ID+"("+f.Strength.String()+")")
			case f.Strength >= Stated && labelledMissing:
				falseHit = append(falseHit, f.KeyPoint.ID+"("+f.Strength.String()+")")
			}
		}
		mark := " "
		if d := levelNum(l.Level) - levelNum(r.Level); d > 1 || d < -1 {
			mark = "!"
		} else if d != 0 {
			mark = "~"
		}
		t.Logf("%s %-22s %-13s human %d grader %d score %.2f vague %.2f words %d  detector missed %v  detector credited %v flags %d",
			mark, l.ID, l.Kind, levelNum(l.Level), levelNum(r.Level), r.Score, r.vagueShare, r.Delivery.Words, falseMiss, falseHit, len(r.Flags))
	}
}
