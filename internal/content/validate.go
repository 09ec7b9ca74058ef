package content

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/rehearse/rehearse/internal/rehearse"
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// nodeAt follows a path of mapping keys (string) and sequence indexes (int)
// from n and returns the node found, or nil.
func nodeAt(n *yaml.Node, p ...any) *yaml.Node {
	for _, step := range p {
		if n == nil {
			return nil
		}
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			n = n.Content[0]
		}
		switch s := step.(type) {
		case string:
			var next *yaml.Node
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == s {
						next = n.Content[i+1]
					}
				}
			}
			n = next
		case int:
			if n.Kind != yaml.SequenceNode || s < 0 || s >= len(n.Content) {
				return nil
			}
			n = n.Content[s]
		default:
			return nil
		}
	}
	return n
}

// lineOf returns the line of the deepest node along p that exists: the key's
// line for a mapping entry, the item's line for a sequence item. It never
// returns 0 for a non-nil root, so every problem points somewhere.
func lineOf(root *yaml.Node, p ...any) int {
	if root == nil {
		return 0
	}
	n, line := root, root.Line
	for _, step := range p {
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			n = n.Content[0]
		}
		switch s := step.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return line
			}
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == s {
					line, n, found = n.Content[i].Line, n.Content[i+1], true
				}
			}
			if !found {
				return line
			}
		case int:
			if n.Kind != yaml.SequenceNode || s < 0 || s >= len(n.Content) {
				return line
			}
			n = n.Content[s]
			line = n.Line
		}
	}
	return line
}

// require reports a missing or blank text field. p is the path to the field.
func (l *loader) require(loc located, value string, p ...any) bool {
	if strings.TrimSpace(value) != "" {
		return true
	}
	field := fmt.Sprint(p[len(p)-1])
	if nodeAt(loc.root, p...) == nil {
		l.addf(loc.file, loc.line(p...), "missing required field %q", field)
	} else {
		l.addf(loc.file, loc.line(p...), "%q is empty", field)
	}
	return false
}

// requireID checks an id field at prefix+"id".
func (l *loader) requireID(loc located, kind, id string, prefix []any) bool {
	p := append(append([]any{}, prefix...), "id")
	if !l.require(loc, id, p...) {
		return false
	}
	if !idPattern.MatchString(id) {
		l.addf(loc.file, loc.line(p...), "%s id %q must be lower-case letters and digits joined by single hyphens", kind, id)
		return false
	}
	return true
}

func (l *loader) requireList(loc located, n int, what string, p ...any) bool {
	if n > 0 {
		return true
	}
	l.addf(loc.file, loc.line(p...), "%s: at least one is required", what)
	return false
}

// uniqueIDs reports repeated ids inside one file's list.
type idSet map[string]bool

func (l *loader) unique(seen idSet, loc located, kind, id string, p ...any) {
	if id == "" {
		return
	}
	if seen[id] {
		l.addf(loc.file, loc.line(p...), "duplicate %s id %q", kind, id)
	}
	seen[id] = true
}

func (l *loader) loop(loc located, lp *rehearse.Loop) {
	l.require(loc, lp.Name, "name")
	l.require(loc, lp.Role, "role")
	if !l.requireList(loc, len(lp.Stages), "stages", "stages") {
		return
	}
	stages, rounds := idSet{}, idSet{}
	for i, st := range lp.Stages {
		if l.requireID(loc, "stage", st.ID, []any{"stages", i}) {
			l.unique(stages, loc, "stage", st.ID, "stages", i, "id")
		}
		l.require(loc, st.Name, "stages", i, "name")
		if !l.requireList(loc, len(st.Rounds), "rounds", "stages", i, "rounds") {
			continue
		}
		for j, r := range st.Rounds {
			p := []any{"stages", i, "rounds", j}
			if l.requireID(loc, "round", r.ID, p) {
				l.unique(rounds, loc, "round", r.ID, append(p, "id")...)
			}
			l.require(loc, r.Name, append(p, "name")...)
			if !r.Type.Valid() {
				l.addf(loc.file, loc.line(append(p, "type")...), "round type %q is not one of %s", r.Type, roundTypeList())
			}
			if r.Minutes < 5 || r.Minutes > 240 {
				l.addf(loc.file, loc.line(append(p, "minutes")...), "minutes must be between 5 and 240, got %d", r.Minutes)
			}
		}
	}
}

func roundTypeList() string {
	var s []string
	for _, t := range rehearse.RoundTypes() {
		s = append(s, string(t))
	}
	return strings.Join(s, ", ")
}

func (l *loader) guide(loc located, g *rehearse.Guide) {
	l.require(loc, g.Title, "title")
	l.require(loc, g.Role, "role")
	l.require(loc, g.Loop, "loop")
	l.require(loc, g.QuickAnswer, "quick_answer")
	l.require(loc, g.Process, "process")
	l.require(loc, g.ScreensFor, "screens_for")
	l.require(loc, g.ClearTheBar, "clear_the_bar")
	if g.Updated != "" {
		if _, err := time.Parse(time.DateOnly, g.Updated); err != nil {
			l.addf(loc.file, loc.line("updated"), "updated must be a date like 2026-11-27, got %q", g.Updated)
		}
	}
	for i, n := range g.RoundNotes {
		if !n.Round.Valid() {
			l.addf(loc.file, loc.line("round_notes", i, "round"), "round type %q is not one of %s", n.Round, roundTypeList())
		}
		l.require(loc, n.Body, "round_notes", i, "body")
	}
	l.requireList(loc, len(g.CoreTopics), "core_topics", "core_topics")
	l.requireList(loc, len(g.SampleQuestions), "sample_questions", "sample_questions")
	if l.requireList(loc, len(g.FAQ), "faq", "faq") {
		for i, f := range g.FAQ {
			l.require(loc, f.Q, "faq", i, "q")
			l.require(loc, f.A, "faq", i, "a")
		}
	}
}

func (l *loader) question(loc located, q *rehearse.Question) {
	l.require(loc, q.Title, "title")
	l.require(loc, q.Prompt, "prompt")
	if !q.Round.Valid() {
		l.addf(loc.file, loc.line("round"), "round type %q is not one of %s", q.Round, roundTypeList())
	}
	if !q.Difficulty.Valid() {
		l.addf(loc.file, loc.line("difficulty"), "difficulty %q is not one of easy, medium, hard", q.Difficulty)
	}
	l.requireList(loc, len(q.Topics), "topics", "topics")
	if q.Round == rehearse.RoundBehavioral {
		l.requireList(loc, len(q.Competencies), "competencies (behavioral questions name what they show)", "competencies")
	}
	if q.Minutes < 0 || q.Minutes > 240 {
		l.addf(loc.file, loc.line("minutes"), "minutes must be between 1 and 240, got %d", q.Minutes)
	}
	for i, f := range q.Facts {
		if len(f.Ask) == 0 {
			l.addf(loc.file, loc.line("facts", i, "ask"), "fact needs at least one way to ask it in \"ask\"")
		}
		for j, a := range f.Ask {
			l.require(loc, a, "facts", i, "ask", j)
		}
		l.require(loc, f.Answer, "facts", i, "answer")
	}
	l.rubric(loc, &q.Rubric)
	l.require(loc, q.ModelAnswer, "model_answer")
	if l.requireList(loc, len(q.Pitfalls), "pitfalls", "pitfalls") {
		for i, p := range q.Pitfalls {
			l.require(loc, p, "pitfalls", i)
		}
	}
}

func (l *loader) rubric(loc located, r *rehearse.Rubric) {
	if nodeAt(loc.root, "rubric") == nil {
		l.addf(loc.file, loc.line(), "missing rubric: a question needs dimensions and key points to be graded")
		return
	}
	l.require(loc, r.Version, "rubric", "version")
	if r.FollowUpBudget < 0 || r.FollowUpBudget > 10 {
		l.addf(loc.file, loc.line("rubric", "follow_up_budget"), "follow_up_budget must be between 0 and 10, got %d", r.FollowUpBudget)
	}
	dims := idSet{}
	if len(r.Dimensions) == 0 {
		l.addf(loc.file, loc.line("rubric", "dimensions"), "empty rubric: at least one dimension with level descriptions is required")
	}
	for i, d := range r.Dimensions {
		p := []any{"rubric", "dimensions", i}
		if l.requireID(loc, "dimension", d.ID, p) {
			l.unique(dims, loc, "dimension", d.ID, append(p, "id")...)
		}
		l.require(loc, d.Name, append(p, "name")...)
		for lv, text := range map[string]string{"1": d.Levels.StrongNoHire, "2": d.Levels.LeanNoHire, "3": d.Levels.LeanHire, "4": d.Levels.StrongHire} {
			l.require(loc, text, append(p, "levels", lv)...)
		}
	}
	if len(r.KeyPoints) == 0 {
		l.addf(loc.file, loc.line("rubric", "key_points"), "empty rubric: at least one key point is required")
	}
	kps := idSet{}
	for i, kp := range r.KeyPoints {
		p := []any{"rubric", "key_points", i}
		if l.requireID(loc, "key point", kp.ID, p) {
			l.unique(kps, loc, "key point", kp.ID, append(p, "id")...)
		}
		l.require(loc, kp.Label, append(p, "label")...)
		if l.require(loc, kp.Dimension, append(p, "dimension")...) && !dims[kp.Dimension] {
			l.addf(loc.file, loc.line(append(p, "dimension")...), "key point %q refers to dimension %q, which this rubric does not define", kp.ID, kp.Dimension)
		}
		if kp.Weight < 1 || kp.Weight > 5 {
			l.addf(loc.file, loc.line(append(p, "weight")...), "weight must be 1–5, got %d", kp.Weight)
		}
		if kp.Detect.Empty() {
			l.addf(loc.file, loc.line(append(p, "detect")...), "key point %q has nothing to detect: give detect.any or detect.all", kp.ID)
		}
		for j, s := range kp.Detect.Any {
			l.require(loc, s, append(p, "detect", "any", j)...)
		}
		for j, g := range kp.Detect.All {
			if strings.Contains("|"+g+"|", "||") || strings.TrimSpace(g) == "" {
				l.addf(loc.file, loc.line(append(p, "detect", "all", j)...), "detect.all group %q has an empty alternative", g)
			}
		}
		l.require(loc, kp.Probe, append(p, "probe")...)
		l.require(loc, kp.DeeperProbe, append(p, "deeper_probe")...)
	}
}

// crossCheck resolves every reference once all packs are read.
func (l *loader) crossCheck() {
	lib := l.lib
	ref := func(loc located, kind, id string, p ...any) bool {
		if id == "" {
			return false
		}
		if _, ok := l.where[kind+"/"+id]; ok {
			return true
		}
		l.addf(loc.file, loc.line(p...), "unknown %s %q%s", kind, id, l.suggest(kind, id))
		return false
	}
	for id, q := range lib.questions {
		loc := l.where["question/"+id]
		for i, t := range q.Topics {
			ref(loc, "topic", t, "topics", i)
		}
		for i, c := range q.Companies {
			ref(loc, "company", c, "companies", i)
		}
	}
	for id, lp := range lib.loops {
		loc := l.where["loop/"+id]
		if lp.Company != "" {
			ref(loc, "company", lp.Company, "company")
		}
		ref(loc, "role", lp.Role, "role")
		for i, st := range lp.Stages {
			for j, r := range st.Rounds {
				for k, qid := range r.Questions {
					p := []any{"stages", i, "rounds", j, "questions", k}
					if ref(loc, "question", qid, p...) && lib.questions[qid] != nil && lib.questions[qid].Round != r.Type {
						l.addf(loc.file, loc.line(p...), "question %q is a %s question but round %q is %s", qid, lib.questions[qid].Round, r.ID, r.Type)
					}
				}
				for k, t := range r.Topics {
					ref(loc, "topic", t, "stages", i, "rounds", j, "topics", k)
				}
			}
		}
	}
	slugs := map[string]string{}
	for id, g := range lib.guides {
		loc := l.where["guide/"+id]
		if g.Company != "" {
			ref(loc, "company", g.Company, "company")
		}
		ref(loc, "role", g.Role, "role")
		if ref(loc, "loop", g.Loop, "loop") {
			if lp := lib.loops[g.Loop]; lp != nil && (lp.Company != g.Company || lp.Role != g.Role) {
				l.addf(loc.file, loc.line("loop"), "loop %q is for company %q and role %q, but this guide is for company %q and role %q", g.Loop, lp.Company, lp.Role, g.Company, g.Role)
			}
		}
		for i, t := range g.CoreTopics {
			ref(loc, "topic", t, "core_topics", i)
		}
		for i, q := range g.SampleQuestions {
			ref(loc, "question", q, "sample_questions", i)
		}
		if other, dup := slugs[g.Slug()]; dup {
			l.addf(loc.file, loc.line("id"), "guides %q and %q are both for /prep/%s; keep one guide per company and role", other, id, g.Slug())
		}
		slugs[g.Slug()] = id
	}
}

// suggest names the closest known ids of a kind, for typos.
func (l *loader) suggest(kind, id string) string {
	var ids []string
	for key := range l.where {
		if k, known, ok := strings.Cut(key, "/"); ok && k == kind {
			ids = append(ids, known)
		}
	}
	if close := Closest(id, ids, 3); len(close) > 0 {
		return fmt.Sprintf(" (did you mean %s?)", quoteList(close))
	}
	return ""
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, " or ")
}
