// Package content loads content packs (companies, roles, loops, topics,
// guides and questions) from any fs.FS, decodes them strictly, and checks
// every cross-reference, reporting each problem with its file and line.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// MaxFileSize is the largest pack file the loader reads.
const MaxFileSize = 1 << 20

// Source is a tree holding one pack (pack.yaml at its root) or several
// packs (one per top-level directory). Name prefixes file names in problems,
// e.g. "packs" for the embedded packs or the directory an operator gave.
type Source struct {
	Name string
	FS   fs.FS
}

// Load reads every pack in srcs into one library. When anything is wrong it
// returns a nil library and a Problems error listing every problem found.
func Load(srcs ...Source) (*Library, error) {
	l := &loader{lib: newLibrary(), decodeLines: map[string]map[int]bool{}}
	for _, src := range srcs {
		l.source(src)
	}
	l.crossCheck()
	if len(l.problems) > 0 {
		return nil, l.problems.sorted()
	}
	l.lib.finish()
	return l.lib, nil
}

// located remembers where an entity was defined, so later checks can point
// at the right line.
type located struct {
	file string
	root *yaml.Node
}

func (loc located) line(p ...any) int { return lineOf(loc.root, p...) }

type loader struct {
	lib         *Library
	problems    Problems
	decodeLines map[string]map[int]bool // lines that already have a decoding problem

	where map[string]located // kind+"/"+id → definition
}

func (l *loader) addf(file string, line int, format string, args ...any) {
	if l.decodeLines[file][line] {
		return
	}
	l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) source(src Source) {
	name := src.Name
	if _, err := fs.Stat(src.FS, "pack.yaml"); err == nil {
		l.pack(src.FS, name, ".")
		return
	}
	entries, err := fs.ReadDir(src.FS, ".")
	if err != nil {
		l.addf(name, 0, "cannot read pack directory: %v", err)
		return
	}
	found := false
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue // files beside packs (README, embed.go) are not content
		}
		if _, err := fs.Stat(src.FS, path.Join(e.Name(), "pack.yaml")); err != nil {
			l.addf(path.Join(name, e.Name()), 0, "directory has no pack.yaml; every directory here must be a pack")
			continue
		}
		found = true
		l.pack(src.FS, name, e.Name())
	}
	if !found {
		l.addf(name, 0, "no pack.yaml here or in any directory directly below; a pack directory starts with pack.yaml")
	}
}

var kindDirs = []string{"companies", "roles", "loops", "guides", "questions"}

// pack loads the pack rooted at dir inside fsys.
func (l *loader) pack(fsys fs.FS, srcName, dir string) {
	display := func(p string) string { return path.Join(srcName, dir, p) }
	var pk rehearse.Pack
	root, ok := l.decode(fsys, path.Join(dir, "pack.yaml"), display("pack.yaml"), &pk)
	if !ok {
		return
	}
	loc := located{display("pack.yaml"), root}
	l.requireID(loc, "pack", pk.ID, nil)
	l.require(loc, pk.Name, "name")
	l.require(loc, pk.Version, "version")
	pk.Source = srcName
	if prev, dup := l.lookup("pack", pk.ID); dup {
		l.addf(loc.file, loc.line("id"), "duplicate pack id %q (first defined at %s)", pk.ID, prev)
		return
	}
	l.define("pack", pk.ID, loc)
	l.lib.packs = append(l.lib.packs, pk)

	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.addf(display(strings.TrimPrefix(p, dir+"/")), 0, "cannot read: %v", err)
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, dir), "/")
		if rel == "" {
			return nil
		}
		if top, rest, _ := strings.Cut(rel, "/"); top == "problems" {
			// Judged problems are folders the judge reads; here they only
			// need a valid, unique id.
			if d.IsDir() && rest != "" && !strings.Contains(rest, "/") {
				l.problem(fsys, p, display(rel), rest, pk.ID)
				return fs.SkipDir
			}
			if !d.IsDir() {
				l.addf(display(rel), 0, "unexpected file in problems/; each problem is a folder")
			}
			return nil
		}
		if d.IsDir() {
			if strings.Contains(rel, "/") || !isKindDir(rel) {
				l.addf(display(rel), 0, "unexpected directory; a pack holds only %s", strings.Join(append(slices.Clone(kindDirs), "problems"), "/, ")+"/")
				return fs.SkipDir
			}
			return nil
		}
		l.file(fsys, p, display(rel), rel, pk.ID)
		return nil
	})
	if err != nil {
		l.addf(display("."), 0, "cannot walk pack: %v", err)
	}
}

// problem records a judged problem's folder.
func (l *loader) problem(fsys fs.FS, fsPath, display, id, packID string) {
	if !idPattern.MatchString(id) {
		l.addf(display, 0, "problem id %q must be lower-case letters and digits joined by single hyphens", id)
		return
	}
	if prev, dup := l.lookup("problem", id); dup {
		l.addf(display, 0, "duplicate problem id %q (first at %s)", id, prev)
		return
	}
	sub, err := fs.Sub(fsys, fsPath)
	if err != nil {
		l.addf(display, 0, "cannot read: %v", err)
		return
	}
	l.define("problem", id, located{file: display})
	l.lib.problems[id] = &ProblemRef{ID: id, Pack: packID, Dir: display, FS: sub}
}

func isKindDir(name string) bool {
	for _, k := range kindDirs {
		if name == k {
			return true
		}
	}
	return false
}

// file loads one file of a pack according to where it sits.
func (l *loader) file(fsys fs.FS, fsPath, display, rel, packID string) {
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		switch base {
		case "pack.yaml", "README.md":
		case "topics.yaml":
			l.topics(fsys, fsPath, display, packID)
		default:
			l.addf(display, 0, "unexpected file; the top of a pack holds pack.yaml, topics.yaml and README.md")
		}
		return
	}
	if !strings.HasSuffix(base, ".yaml") {
		l.addf(display, 0, "unexpected file in %s/; only .yaml files go here", dir)
		return
	}
	wantID := strings.TrimSuffix(base, ".yaml")
	switch dir {
	case "companies":
		var c rehearse.Company
		if loc, ok := l.entity(fsys, fsPath, display, "company", wantID, &c, &c.ID); ok {
			l.require(loc, c.Name, "name")
			c.Pack = packID
			l.lib.companies[c.ID] = &c
		}
	case "roles":
		var r rehearse.Role
		if loc, ok := l.entity(fsys, fsPath, display, "role", wantID, &r, &r.ID); ok {
			l.require(loc, r.Name, "name")
			r.Pack = packID
			l.lib.roles[r.ID] = &r
		}
	case "loops":
		var lp rehearse.Loop
		if loc, ok := l.entity(fsys, fsPath, display, "loop", wantID, &lp, &lp.ID); ok {
			l.loop(loc, &lp)
			lp.Pack = packID
			l.lib.loops[lp.ID] = &lp
		}
	case "guides":
		var g rehearse.Guide
		if loc, ok := l.entity(fsys, fsPath, display, "guide", wantID, &g, &g.ID); ok {
			l.guide(loc, &g)
			g.Pack = packID
			l.lib.guides[g.ID] = &g
		}
	case "questions":
		var q rehearse.Question
		if loc, ok := l.entity(fsys, fsPath, display, "question", wantID, &q, &q.ID); ok {
			l.question(loc, &q)
			q.Pack = packID
			l.lib.questions[q.ID] = &q
		}
	}
}

// entity decodes a one-entity file, checks its id against the file name and
// for duplicates, and records where it was defined.
func (l *loader) entity(fsys fs.FS, fsPath, display, kind, wantID string, v any, id *string) (located, bool) {
	root, ok := l.decode(fsys, fsPath, display, v)
	if !ok {
		return located{}, false
	}
	loc := located{display, root}
	if !l.requireID(loc, kind, *id, nil) {
		return loc, false
	}
	if *id != wantID {
		l.addf(display, loc.line("id"), "%s id %q does not match the file name; rename the file to %s.yaml or change the id", kind, *id, *id)
	}
	if prev, dup := l.lookup(kind, *id); dup {
		l.addf(display, loc.line("id"), "duplicate %s id %q (first defined at %s)", kind, *id, prev)
		return loc, false
	}
	l.define(kind, *id, loc)
	return loc, true
}

func (l *loader) topics(fsys fs.FS, fsPath, display, packID string) {
	var ts []rehearse.Topic
	root, ok := l.decode(fsys, fsPath, display, &ts)
	if !ok {
		return
	}
	for i := range ts {
		t := ts[i]
		loc := located{display, root}
		if !l.requireID(loc, "topic", t.ID, []any{i}) {
			continue
		}
		l.require(loc, t.Name, i, "name")
		if prev, dup := l.lookup("topic", t.ID); dup {
			l.addf(display, loc.line(i, "id"), "duplicate topic id %q (first defined at %s)", t.ID, prev)
			continue
		}
		l.define("topic", t.ID, located{display, nodeAt(root, i)})
		t.Pack = packID
		l.lib.topics[t.ID] = &t
	}
}

func (l *loader) lookup(kind, id string) (string, bool) {
	loc, ok := l.where[kind+"/"+id]
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%s:%d", loc.file, loc.line("id")), true
}

func (l *loader) define(kind, id string, loc located) {
	if l.where == nil {
		l.where = map[string]located{}
	}
	l.where[kind+"/"+id] = loc
}

var (
	yamlLine    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownFld  = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	badType     = regexp.MustCompile("^cannot unmarshal !!(\\w+) (`.*`|) ?into (.+)$")
	typeNames   = strings.NewReplacer("rehearse.", "", "[]", "list of ")
	yamlKinds   = map[string]string{"str": "the text", "int": "the number", "float": "the number", "bool": "the boolean", "seq": "a list", "map": "a mapping", "null": "nothing"}
	errMultiDoc = errors.New("more than one YAML document in the file; put one entity per file")
)

// decode reads fsPath strictly into v. Every decoding problem is recorded;
// ok is false only when nothing usable came out.
func (l *loader) decode(fsys fs.FS, fsPath, display string, v any) (root *yaml.Node, ok bool) {
	f, err := fsys.Open(fsPath)
	if err != nil {
		l.addf(display, 0, "cannot read: %v", err)
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		l.addf(display, 0, "cannot read: %v", err)
		return nil, false
	}
	if len(data) > MaxFileSize {
		l.addf(display, 0, "file is larger than the %d KiB limit for a pack file", MaxFileSize>>10)
		return nil, false
	}
	if len(bytes.TrimSpace(data)) == 0 {
		l.addf(display, 0, "empty file")
		return nil, false
	}

	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		l.decodeError(display, syntaxError(err))
		return nil, false
	}
	if len(doc.Content) == 0 {
		l.addf(display, 0, "empty file")
		return nil, false
	}
	root = doc.Content[0]

	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err = dec.Decode(v)
	var te *yaml.TypeError
	switch {
	case err == nil:
	case errors.As(err, &te):
		for _, msg := range te.Errors {
			l.decodeError(display, errors.New(msg))
		}
	default:
		l.decodeError(display, err)
		return nil, false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		l.addf(display, extra.Line, "%v", errMultiDoc)
	}
	return root, true
}

// decodeError turns a YAML library message into a located problem in our
// own words.
func (l *loader) decodeError(display string, err error) {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if m := badType.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("expected %s here, got %s %s", describeGoType(m[3]), yamlKinds[m[1]], m[2])
	} else if m := unknownFld.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("unknown field %q in %s (check the spelling against docs/content.md)", m[1], strings.ToLower(typeNames.Replace(m[2])))
	} else {
		msg = typeNames.Replace(strings.TrimPrefix(msg, "yaml: "))
	}
	l.problems = append(l.problems, Problem{File: display, Line: line, Msg: msg})
	if l.decodeLines[display] == nil {
		l.decodeLines[display] = map[int]bool{}
	}
	l.decodeLines[display][line] = true
}

// describeGoType names a decoding target in pack-author terms.
func describeGoType(t string) string {
	switch {
	case t == "int":
		return "a whole number"
	case t == "string", t == "rehearse.RoundType", t == "rehearse.Difficulty":
		return "text"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case t == "bool":
		return "true or false"
	}
	return "a mapping of fields (" + strings.ToLower(typeNames.Replace(t)) + ")"
}

// syntaxError corrects the line of a YAML parser error: the library reports
// parser (not scanner) errors with a zero-based line, which are the ones
// worded "did not find expected …".
func syntaxError(err error) error {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil || !strings.HasPrefix(m[2], "did not find expected") {
		return err
	}
	n, _ := strconv.Atoi(m[1])
	return fmt.Errorf("line %d: %s", n+1, m[2])
}
