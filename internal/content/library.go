package content

import (
	"cmp"
	"io/fs"
	"slices"
	"strings"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// Library is every loaded pack's content, checked and cross-referenced. It
// is read-only once Load returns and safe for concurrent use.
type Library struct {
	packs     []rehearse.Pack
	companies map[string]*rehearse.Company
	roles     map[string]*rehearse.Role
	topics    map[string]*rehearse.Topic
	loops     map[string]*rehearse.Loop
	guides    map[string]*rehearse.Guide
	questions map[string]*rehearse.Question
	problems  map[string]*ProblemRef

	guideBySlug map[string]*rehearse.Guide
	guideOrder  []*rehearse.Guide
	questionIDs []string
}

func newLibrary() *Library {
	return &Library{
		companies: map[string]*rehearse.Company{},
		roles:     map[string]*rehearse.Role{},
		topics:    map[string]*rehearse.Topic{},
		loops:     map[string]*rehearse.Loop{},
		guides:    map[string]*rehearse.Guide{},
		questions: map[string]*rehearse.Question{},
		problems:  map[string]*ProblemRef{},
	}
}

// finish builds the indexes once everything is loaded and valid.
func (lib *Library) finish() {
	lib.guideBySlug = map[string]*rehearse.Guide{}
	for _, g := range lib.guides {
		lib.guideBySlug[g.Slug()] = g
		lib.guideOrder = append(lib.guideOrder, g)
	}
	// Company guides first, by company name; generic guides after.
	slices.SortFunc(lib.guideOrder, func(a, b *rehearse.Guide) int {
		return cmp.Or(
			cmp.Compare(boolInt(a.Company == ""), boolInt(b.Company == "")),
			cmp.Compare(lib.companyName(a.Company), lib.companyName(b.Company)),
			cmp.Compare(a.Role, b.Role))
	})
	for id := range lib.questions {
		lib.questionIDs = append(lib.questionIDs, id)
	}
	slices.Sort(lib.questionIDs)
	slices.SortFunc(lib.packs, func(a, b rehearse.Pack) int { return cmp.Compare(a.ID, b.ID) })
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (lib *Library) companyName(id string) string {
	if c := lib.companies[id]; c != nil {
		return c.Name
	}
	return id
}

func get[T any](m map[string]*T, kind, id string) (*T, error) {
	if v, ok := m[id]; ok {
		return v, nil
	}
	return nil, rehearse.Errorf(rehearse.ErrNotFound, "no %s %q", kind, id)
}

func sortedValues[T any](m map[string]*T, key func(*T) string) []*T {
	out := make([]*T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *T) int { return cmp.Compare(key(a), key(b)) })
	return out
}

// Packs lists the loaded packs by id.
func (lib *Library) Packs() []rehearse.Pack { return slices.Clone(lib.packs) }

// Company returns the company with id, or an error wrapping ErrNotFound.
func (lib *Library) Company(id string) (*rehearse.Company, error) {
	return get(lib.companies, "company", id)
}

// Companies lists companies by name.
func (lib *Library) Companies() []*rehearse.Company {
	return sortedValues(lib.companies, func(c *rehearse.Company) string { return c.Name })
}

// Role returns the role with id.
func (lib *Library) Role(id string) (*rehearse.Role, error) { return get(lib.roles, "role", id) }

// Roles lists roles by name.
func (lib *Library) Roles() []*rehearse.Role {
	return sortedValues(lib.roles, func(r *rehearse.Role) string { return r.Name })
}

// Topic returns the topic with id.
func (lib *Library) Topic(id string) (*rehearse.Topic, error) { return get(lib.topics, "topic", id) }

// Topics lists topics by name.
func (lib *Library) Topics() []*rehearse.Topic {
	return sortedValues(lib.topics, func(t *rehearse.Topic) string { return t.Name })
}

// Loop returns the loop with id.
func (lib *Library) Loop(id string) (*rehearse.Loop, error) { return get(lib.loops, "loop", id) }

// Guides lists prep guides: company guides by company name, then generic
// ones.
func (lib *Library) Guides() []*rehearse.Guide { return slices.Clone(lib.guideOrder) }

// GuideBySlug returns the guide served at /prep/{slug}. The error for an
// unknown slug names the closest guides.
func (lib *Library) GuideBySlug(slug string) (*rehearse.Guide, error) {
	if g, ok := lib.guideBySlug[slug]; ok {
		return g, nil
	}
	slugs := make([]string, 0, len(lib.guideBySlug))
	for s := range lib.guideBySlug {
		slugs = append(slugs, s)
	}
	return nil, notFound("guide", slug, slugs)
}

// Question returns the question with id. The error for an unknown id names
// the closest ids.
func (lib *Library) Question(id string) (*rehearse.Question, error) {
	if q, ok := lib.questions[id]; ok {
		return q, nil
	}
	return nil, notFound("question", id, lib.questionIDs)
}

// Questions lists every question by id.
func (lib *Library) Questions() []*rehearse.Question {
	out := make([]*rehearse.Question, len(lib.questionIDs))
	for i, id := range lib.questionIDs {
		out[i] = lib.questions[id]
	}
	return out
}

func notFound(kind, id string, known []string) error {
	if close := Closest(id, known, 3); len(close) > 0 {
		return rehearse.Errorf(rehearse.ErrNotFound, "no %s %q; did you mean %s?", kind, id, quoteList(close))
	}
	return rehearse.Errorf(rehearse.ErrNotFound, "no %s %q", kind, id)
}

// Closest returns up to n candidates nearest to s by edit distance, nearest
// first: those within one edit of the best, and none that differ in more
// than a third of their letters unless one contains the other.
func Closest(s string, candidates []string, n int) []string {
	type scored struct {
		id   string
		dist int
	}
	var out []scored
	for _, c := range candidates {
		d := editDistance(s, c)
		if d <= max(2, len(s)/3) || (len(s) >= 3 && strings.Contains(c, s)) {
			out = append(out, scored{c, d})
		}
	}
	slices.SortFunc(out, func(a, b scored) int { return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.id, b.id)) })
	ids := make([]string, 0, n)
	for i := 0; i < len(out) && i < n; i++ {
		// A clear winner (a typo) is suggested alone.
		if out[i].dist > out[0].dist+1 {
			break
		}
		ids = append(ids, out[i].id)
	}
	return ids
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ProblemRef is a judged problem's folder in a pack; the judge reads it.
type ProblemRef struct {
	ID   string
	Pack string
	Dir  string // for messages: where the folder is
	FS   fs.FS
}

// Problem returns the judged problem with id.
func (lib *Library) Problem(id string) (*ProblemRef, error) {
	if p, ok := lib.problems[id]; ok {
		return p, nil
	}
	ids := make([]string, 0, len(lib.problems))
	for k := range lib.problems {
		ids = append(ids, k)
	}
	return nil, notFound("problem", id, ids)
}

// Problems lists the judged problems by id.
func (lib *Library) Problems() []*ProblemRef {
	return sortedValues(lib.problems, func(p *ProblemRef) string { return p.ID })
}
