package grading

import (
	"slices"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// Asked is what the interviewer has already asked about a question: key
// point ids probed because missing, and ids dug into because claimed.
type Asked struct {
	Probed []string
	Dug    []string
}

// FollowUp is a question the interviewer would ask next.
type FollowUp struct {
	Text     string `json:"text"`
	KeyPoint string `json:"key_point"`
	// Deeper is true for a probe into something the answer claimed, false
	// for a probe of something it missed.
	Deeper bool `json:"deeper"`
}

// FollowUps returns the questions the interviewer would ask next, in order,
// up to the question's follow-up budget less what was already asked: first
// the probe of the most important missing point, then a deeper probe of the
// strongest claim, then the remaining missing points by weight. It never
// asks about a point the answer already covered, and never repeats itself.
func FollowUps(q *rehearse.Question, r *Report, asked *Asked) []FollowUp {
	if asked == nil {
		asked = &Asked{}
	}
	budget := q.Rubric.FollowUpBudget
	if budget == 0 {
		budget = 3
	}
	budget -= len(asked.Probed) + len(asked.Dug)
	out := []FollowUp{}
	if budget <= 0 || r.Level == nil && r.insufficient != "" && len(r.findings) == 0 {
		return out
	}
	var missing []*rehearse.KeyPoint
	for _, m := range r.Missing {
		if slices.Contains(asked.Probed, m.ID) {
			continue
		}
		if kp := keyPoint(q, m.ID); kp != nil {
			missing = append(missing, kp)
		}
	}
	// The claim to dig into: the strongest covered point of the greatest
	// weight that has not been dug into yet.
	var dig *rehearse.KeyPoint
	best := Absent
	for _, f := range r.findings {
		if f.Strength < Stated || slices.Contains(asked.Dug, f.KeyPoint.ID) {
			continue
		}
		if dig == nil || f.KeyPoint.Weight > dig.Weight || (f.KeyPoint.Weight == dig.Weight && f.Strength > best) {
			dig, best = f.KeyPoint, f.Strength
		}
	}
	if len(missing) > 0 {
		out = append(out, FollowUp{Text: missing[0].Probe, KeyPoint: missing[0].ID})
		missing = missing[1:]
	}
	if dig != nil && len(out) < budget {
		out = append(out, FollowUp{Text: dig.DeeperProbe, KeyPoint: dig.ID, Deeper: true})
	}
	for _, kp := range missing {
		if len(out) >= budget {
			break
		}
		out = append(out, FollowUp{Text: kp.Probe, KeyPoint: kp.ID})
	}
	return out
}

func keyPoint(q *rehearse.Question, id string) *rehearse.KeyPoint {
	for i := range q.Rubric.KeyPoints {
		if q.Rubric.KeyPoints[i].ID == id {
			return &q.Rubric.KeyPoints[i]
		}
	}
	return nil
}
