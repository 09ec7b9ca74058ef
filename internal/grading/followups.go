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
// most important claim, the least explained first, then the remaining
// missing points by weight. It never asks about a point the answer
// already covered, and never repeats itself.
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
	// Claims to dig into: covered points not dug into yet, heaviest first
	// and, among equals, the one least explained: a claim the candidate
	// already backed with its reason is the one a senior interviewer
	// needs least to test.
	var digs []*rehearse.KeyPoint
	var digStrength []Strength
	for _, f := range r.findings {
		if f.Strength < Stated || slices.Contains(asked.Dug, f.KeyPoint.ID) {
			continue
		}
		digs = append(digs, f.KeyPoint)
		digStrength = append(digStrength, f.Strength)
	}
	order := make([]int, len(digs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if digs[a].Weight != digs[b].Weight {
			return digs[b].Weight - digs[a].Weight
		}
		return int(digStrength[a]) - int(digStrength[b])
	})
	probe := func(kp *rehearse.KeyPoint) FollowUp { return FollowUp{Text: kp.Probe, KeyPoint: kp.ID} }
	dig := func(kp *rehearse.KeyPoint) FollowUp {
		return FollowUp{Text: kp.DeeperProbe, KeyPoint: kp.ID, Deeper: true}
	}

	// The plan: the most important missing point, then one claim, then
	// the other missing points; with nothing missing, claims only. What was
	// already asked moves the plan along.
	var plan []FollowUp
	switch {
	case len(asked.Dug) == 0 && len(order) > 0 && (len(asked.Probed) > 0 || len(missing) == 0):
		plan = append(plan, dig(digs[order[0]]))
		order = order[1:]
	case len(missing) > 0:
		plan = append(plan, probe(missing[0]))
		missing = missing[1:]
		if len(asked.Dug) == 0 && len(order) > 0 {
			plan = append(plan, dig(digs[order[0]]))
			order = order[1:]
		}
	}
	for _, kp := range missing {
		plan = append(plan, probe(kp))
	}
	for _, i := range order {
		plan = append(plan, dig(digs[i]))
	}
	if len(plan) > budget {
		plan = plan[:budget]
	}
	return append(out, plan...)
}

func keyPoint(q *rehearse.Question, id string) *rehearse.KeyPoint {
	for i := range q.Rubric.KeyPoints {
		if q.Rubric.KeyPoints[i].ID == id {
			return &q.Rubric.KeyPoints[i]
		}
	}
	return nil
}
