// Package rehearse holds Rehearse's domain vocabulary: the companies, roles,
// interview loops, questions and rubrics that content packs describe, and the
// error kinds every other package speaks in. It imports nothing internal.
package rehearse

import (
	"errors"
	"fmt"
)

// Error kinds. Lower packages wrap these with %w; each surface (HTTP, CLI)
// translates them in exactly one place.
var (
	// ErrNotFound means the thing asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid means the caller's input is malformed or breaks a rule.
	ErrInvalid = errors.New("invalid input")
	// ErrConflict means the request clashes with what is already stored.
	ErrConflict = errors.New("conflict")
	// ErrTooLarge means the input is over a documented size limit.
	ErrTooLarge = errors.New("too large")
	// ErrUnavailable means a dependency (database, model server, sandbox)
	// cannot serve the request right now.
	ErrUnavailable = errors.New("unavailable")
)

// RoundType says what kind of interview a round or question is.
type RoundType string

// The round types Rehearse knows.
const (
	RoundCoding          RoundType = "coding"
	RoundSystemDesign    RoundType = "system-design"
	RoundBehavioral      RoundType = "behavioral"
	RoundHiringManager   RoundType = "hiring-manager"
	RoundConcept         RoundType = "concept"
	RoundRecruiterScreen RoundType = "recruiter-screen"
)

// RoundTypes lists every valid round type in display order.
func RoundTypes() []RoundType {
	return []RoundType{RoundCoding, RoundSystemDesign, RoundBehavioral, RoundHiringManager, RoundConcept, RoundRecruiterScreen}
}

// Valid reports whether t is one of RoundTypes.
func (t RoundType) Valid() bool {
	for _, v := range RoundTypes() {
		if t == v {
			return true
		}
	}
	return false
}

// Label is the human name of a round type.
func (t RoundType) Label() string {
	switch t {
	case RoundCoding:
		return "Coding"
	case RoundSystemDesign:
		return "System design"
	case RoundBehavioral:
		return "Behavioral"
	case RoundHiringManager:
		return "Hiring manager"
	case RoundConcept:
		return "Concept drill"
	case RoundRecruiterScreen:
		return "Recruiter screen"
	}
	return string(t)
}

// Difficulty of a question.
type Difficulty string

// Difficulties.
const (
	Easy   Difficulty = "easy"
	Medium Difficulty = "medium"
	Hard   Difficulty = "hard"
)

// Valid reports whether d is easy, medium or hard.
func (d Difficulty) Valid() bool { return d == Easy || d == Medium || d == Hard }

// Level is a rubric level: 1 strong no hire … 4 strong hire. The zero value
// means "not enough evidence"; it is never a score.
type Level int

// Levels.
const (
	NotEnoughEvidence Level = 0
	StrongNoHire      Level = 1
	LeanNoHire        Level = 2
	LeanHire          Level = 3
	StrongHire        Level = 4
)

// Valid reports whether l is 1–4.
func (l Level) Valid() bool { return l >= StrongNoHire && l <= StrongHire }

// String names the level the way interviewers write it.
func (l Level) String() string {
	switch l {
	case StrongNoHire:
		return "strong no hire"
	case LeanNoHire:
		return "lean no hire"
	case LeanHire:
		return "lean hire"
	case StrongHire:
		return "strong hire"
	}
	return "not enough evidence"
}

// Pack is one content pack: a named, versioned bundle of companies, roles,
// loops, topics, guides and questions.
type Pack struct {
	ID          string `yaml:"id" json:"id"`
	Name        string `yaml:"name" json:"name"`
	Version     string `yaml:"version" json:"version"`
	Description string `yaml:"description" json:"description,omitempty"`
	// Source says where the pack came from ("embedded" or a directory). Set
	// by the loader, never by the pack.
	Source string `yaml:"-" json:"source"`
}

// Company is an employer whose interviews a guide describes.
type Company struct {
	ID      string `yaml:"id" json:"id"`
	Name    string `yaml:"name" json:"name"`
	Summary string `yaml:"summary" json:"summary,omitempty"`
	Pack    string `yaml:"-" json:"pack"`
}

// Role is a job a candidate interviews for, e.g. backend engineer.
type Role struct {
	ID      string `yaml:"id" json:"id"`
	Name    string `yaml:"name" json:"name"`
	Summary string `yaml:"summary" json:"summary,omitempty"`
	Pack    string `yaml:"-" json:"pack"`
}

// Topic is a subject area questions and study advice point at.
type Topic struct {
	ID      string `yaml:"id" json:"id"`
	Name    string `yaml:"name" json:"name"`
	Summary string `yaml:"summary" json:"summary,omitempty"`
	Pack    string `yaml:"-" json:"pack"`
}

// Loop is the sequence of stages a company runs for a role.
type Loop struct {
	ID      string  `yaml:"id" json:"id"`
	Name    string  `yaml:"name" json:"name"`
	Company string  `yaml:"company" json:"company,omitempty"`
	Role    string  `yaml:"role" json:"role"`
	Stages  []Stage `yaml:"stages" json:"stages"`
	Pack    string  `yaml:"-" json:"pack"`
}

// Stage is one step of a loop (recruiter screen, technical screen, onsite,
// final round), made of rounds.
type Stage struct {
	ID          string  `yaml:"id" json:"id"`
	Name        string  `yaml:"name" json:"name"`
	Description string  `yaml:"description" json:"description,omitempty"`
	Rounds      []Round `yaml:"rounds" json:"rounds"`
}

// Round is one interview inside a stage.
type Round struct {
	ID          string    `yaml:"id" json:"id"`
	Type        RoundType `yaml:"type" json:"type"`
	Name        string    `yaml:"name" json:"name"`
	Minutes     int       `yaml:"minutes" json:"minutes"`
	Description string    `yaml:"description" json:"description,omitempty"`
	// Questions optionally pins the questions asked; otherwise they are drawn
	// from the bank by round type, company and topics.
	Questions []string `yaml:"questions" json:"questions,omitempty"`
	Topics    []string `yaml:"topics" json:"topics,omitempty"`
}

// Guide is a prep guide for a company and role (or a role alone, for a
// generic guide). Text fields hold Markdown.
type Guide struct {
	ID              string    `yaml:"id" json:"id"`
	Title           string    `yaml:"title" json:"title"`
	Company         string    `yaml:"company" json:"company,omitempty"`
	Role            string    `yaml:"role" json:"role"`
	Loop            string    `yaml:"loop" json:"loop"`
	Updated         string    `yaml:"updated" json:"updated,omitempty"`
	QuickAnswer     string    `yaml:"quick_answer" json:"quick_answer"`
	Process         string    `yaml:"process" json:"process"`
	ScreensFor      string    `yaml:"screens_for" json:"screens_for"`
	ClearTheBar     string    `yaml:"clear_the_bar" json:"clear_the_bar"`
	RoundNotes      []Note    `yaml:"round_notes" json:"round_notes,omitempty"`
	CoreTopics      []string  `yaml:"core_topics" json:"core_topics"`
	SampleQuestions []string  `yaml:"sample_questions" json:"sample_questions"`
	FAQ             []FAQItem `yaml:"faq" json:"faq"`
	Pack            string    `yaml:"-" json:"pack"`
}

// Slug is the guide's URL name: "{company}-{role}-interview", or
// "{role}-interview" for a generic guide.
func (g *Guide) Slug() string {
	if g.Company == "" {
		return g.Role + "-interview"
	}
	return g.Company + "-" + g.Role + "-interview"
}

// Note is a titled Markdown paragraph, e.g. what one round of a loop is like.
type Note struct {
	Round RoundType `yaml:"round" json:"round"`
	Body  string    `yaml:"body" json:"body"`
}

// FAQItem is one question and answer in a guide's FAQ.
type FAQItem struct {
	Q string `yaml:"q" json:"q"`
	A string `yaml:"a" json:"a"`
}

// Question is one interview question with everything needed to ask it,
// answer clarifying questions about it and grade answers to it.
type Question struct {
	ID           string     `yaml:"id" json:"id"`
	Round        RoundType  `yaml:"round" json:"round"`
	Title        string     `yaml:"title" json:"title"`
	Prompt       string     `yaml:"prompt" json:"prompt"`
	Difficulty   Difficulty `yaml:"difficulty" json:"difficulty"`
	Seniority    []string   `yaml:"seniority" json:"seniority,omitempty"`
	Topics       []string   `yaml:"topics" json:"topics"`
	Companies    []string   `yaml:"companies" json:"companies,omitempty"`
	Competencies []string   `yaml:"competencies" json:"competencies,omitempty"`
	Minutes      int        `yaml:"minutes" json:"minutes,omitempty"`
	Facts        []Fact     `yaml:"facts" json:"facts,omitempty"`
	Rubric       Rubric     `yaml:"rubric" json:"rubric"`
	ModelAnswer  string     `yaml:"model_answer" json:"model_answer"`
	Pitfalls     []string   `yaml:"pitfalls" json:"pitfalls"`
	Pack         string     `yaml:"-" json:"pack"`
}

// Fact is one entry of a question's fact sheet: the clarifying questions a
// candidate might ask, and the interviewer's answer.
type Fact struct {
	Ask    []string `yaml:"ask" json:"ask"`
	Answer string   `yaml:"answer" json:"answer"`
}

// Rubric is how answers to a question are graded. It is versioned with the
// pack so a report can say which rubric produced it.
type Rubric struct {
	Version    string      `yaml:"version" json:"version"`
	Dimensions []Dimension `yaml:"dimensions" json:"dimensions"`
	KeyPoints  []KeyPoint  `yaml:"key_points" json:"key_points"`
	// FollowUpBudget caps the follow-ups asked about this question.
	FollowUpBudget int `yaml:"follow_up_budget" json:"follow_up_budget,omitempty"`
}

// Dimension is one graded aspect of an answer with anchored level
// descriptions: what a 1, 2, 3 and 4 look like.
type Dimension struct {
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name"`
	Levels Levels `yaml:"levels" json:"levels"`
}

// Levels describes each level of a dimension.
type Levels struct {
	StrongNoHire string `yaml:"1" json:"1"`
	LeanNoHire   string `yaml:"2" json:"2"`
	LeanHire     string `yaml:"3" json:"3"`
	StrongHire   string `yaml:"4" json:"4"`
}

// KeyPoint is something a good answer covers: its weight, how to spot it,
// what to ask when it is missing and how to dig when it is present.
type KeyPoint struct {
	ID          string `yaml:"id" json:"id"`
	Label       string `yaml:"label" json:"label"`
	Dimension   string `yaml:"dimension" json:"dimension"`
	Weight      int    `yaml:"weight" json:"weight"`
	Detect      Detect `yaml:"detect" json:"detect"`
	Probe       string `yaml:"probe" json:"probe"`
	DeeperProbe string `yaml:"deeper_probe" json:"deeper_probe"`
}

// Detect says how the built-in engine spots a key point in an answer.
// Phrases are matched after stemming and case folding.
type Detect struct {
	// Any: the point is mentioned when any of these phrases appears.
	Any []string `yaml:"any" json:"any"`
	// All: each entry is a group of alternatives separated by "|"; every
	// group must appear (in any order) for the point to be mentioned.
	All []string `yaml:"all" json:"all,omitempty"`
	// Mechanism: phrases that show the candidate explained how or why, which
	// turns a mention into a backed claim.
	Mechanism []string `yaml:"mechanism" json:"mechanism,omitempty"`
	// Wrong: phrases that state a common misconception about the point
	// ("read replicas scale writes"). Stated without a negation, they
	// cancel the point's credit and are reported as a wrong claim.
	Wrong []string `yaml:"wrong" json:"wrong,omitempty"`
}

// Empty reports whether d can never match.
func (d Detect) Empty() bool { return len(d.Any) == 0 && len(d.All) == 0 }

// Size says a number of bytes the way error messages do: "3.5 MiB",
// "12 KiB", "300 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Errorf returns an error whose message is the formatted text and which
// matches kind under errors.Is, so a surface can pick a status from the kind
// and still show the user the exact message.
func Errorf(kind error, format string, args ...any) error {
	return &kindError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }
