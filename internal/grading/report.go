package grading

import (
	"fmt"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// Report is the grade of one answer. Its JSON form is the stable contract
// of `rehearse grade --format json` (docs/cli.md).
type Report struct {
	Question      string             `json:"question"`
	Title         string             `json:"title"`
	Round         rehearse.RoundType `json:"round"`
	RubricVersion string             `json:"rubric_version"`
	// Level is 1–4, or nil when there is not enough evidence.
	Level      *int    `json:"level"`
	LevelLabel string  `json:"level_label"`
	Score      float64 `json:"score"`
	Summary    string  `json:"summary"`

	Dimensions []DimensionGrade `json:"dimensions"`
	Covered    []PointRef       `json:"covered"`
	Missing    []PointRef       `json:"missing"`
	FollowUps  []string         `json:"follow_ups"`
	Strengths  []string         `json:"strengths"`
	Gaps       []string         `json:"gaps"`
	Flags      []Flag           `json:"flags"`
	Delivery   Delivery         `json:"delivery"`

	Behavioral    *Behavioral    `json:"behavioral,omitempty"`
	HiringManager *HiringManager `json:"hiring_manager,omitempty"`

	insufficient string
	findings     []Finding
	vagueShare   float64 // share of sentences that talk in generalities
}

// DimensionGrade is one rubric dimension's level and the evidence for it.
type DimensionGrade struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Level      *int       `json:"level"`
	LevelLabel string     `json:"level_label"`
	Anchor     string     `json:"anchor,omitempty"` // the rubric's description of this level
	Reason     string     `json:"reason,omitempty"`
	Evidence   []Evidence `json:"evidence"`
}

// Evidence is a quote from the answer and the key point it shows.
type Evidence struct {
	Quote    string `json:"quote"`
	KeyPoint string `json:"key_point,omitempty"`
	Strength string `json:"strength,omitempty"`
}

// PointRef names a key point in covered and missing lists.
type PointRef struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Weight   int    `json:"weight"`
	Strength string `json:"strength,omitempty"`
}

// Flag is something the grader noticed that shaped or qualifies the grade.
type Flag struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Quote   string `json:"quote,omitempty"`
}

// Finding returns what was found of key point id.
func (r *Report) Finding(id string) (Finding, bool) {
	for _, f := range r.findings {
		if f.KeyPoint.ID == id {
			return f, true
		}
	}
	return Finding{}, false
}

// Findings returns every key point's finding in rubric order.
func (r *Report) Findings() []Finding { return r.findings }

// LevelValue is the overall level, NotEnoughEvidence when there is none.
func (r *Report) LevelValue() rehearse.Level {
	if r.Level == nil {
		return rehearse.NotEnoughEvidence
	}
	return rehearse.Level(*r.Level)
}

func (r *Report) flag(code, msg, quote string) {
	r.Flags = append(r.Flags, Flag{Code: code, Message: msg, Quote: quote})
}

func (r *Report) notEnough(reason string) {
	if r.insufficient == "" {
		r.insufficient = reason
		r.flag("not_enough_evidence", reason, "")
	}
}

func (r *Report) setLevel(l rehearse.Level) {
	n := int(l)
	r.Level = &n
	r.LevelLabel = l.String()
}

func (r *Report) dimension(id string) *DimensionGrade {
	for i := range r.Dimensions {
		if r.Dimensions[i].ID == id {
			return &r.Dimensions[i]
		}
	}
	return nil
}

func (g *DimensionGrade) set(l rehearse.Level, dim *rehearse.Dimension) {
	n := int(l)
	g.Level = &n
	g.LevelLabel = l.String()
	g.Anchor = anchor(dim, l)
}

// cap lowers the dimension to at most l, saying why. A dimension with no
// evidence keeps "not enough evidence": a cap never invents a level.
func (g *DimensionGrade) cap(l rehearse.Level, rub *rehearse.Rubric, reason string) {
	g.Reason = reason
	if g.Level == nil || rehearse.Level(*g.Level) <= l {
		return
	}
	for i := range rub.Dimensions {
		if rub.Dimensions[i].ID == g.ID {
			g.set(l, &rub.Dimensions[i])
		}
	}
}

func anchor(dim *rehearse.Dimension, l rehearse.Level) string {
	switch l {
	case rehearse.StrongNoHire:
		return dim.Levels.StrongNoHire
	case rehearse.LeanNoHire:
		return dim.Levels.LeanNoHire
	case rehearse.LeanHire:
		return dim.Levels.LeanHire
	case rehearse.StrongHire:
		return dim.Levels.StrongHire
	}
	return ""
}

// summarize writes the one-line summary, strengths and gaps.
func (r *Report) summarize() {
	if r.Level == nil {
		r.LevelLabel = rehearse.NotEnoughEvidence.String()
		r.Summary = "Not enough evidence: " + r.insufficient
		return
	}
	for _, f := range r.findings {
		if f.Strength == Backed {
			r.Strengths = append(r.Strengths, fmt.Sprintf("%s, with the reasoning behind it.", f.KeyPoint.Label))
		} else if f.Strength == Decided {
			r.Strengths = append(r.Strengths, fmt.Sprintf("%s: a clear decision.", f.KeyPoint.Label))
		}
	}
	for i, m := range r.Missing {
		if i == 4 {
			break
		}
		r.Gaps = append(r.Gaps, m.Label+".")
	}
	for _, f := range r.findings {
		if f.Strength == Stated && len(r.Gaps) < 6 {
			r.Gaps = append(r.Gaps, f.KeyPoint.Label+": named but not explained.")
		}
	}
	r.Summary = fmt.Sprintf("%s (%d): covered %d of %d key points", r.LevelLabel, *r.Level, len(r.Covered), len(r.Covered)+len(r.Missing))
	if len(r.Missing) > 0 {
		r.Summary += fmt.Sprintf("; the most important gap is %q", r.Missing[0].Label)
	}
	r.Summary += "."
}
