package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/packs"
)

func builtin() Source { return Source{Name: "packs", FS: packs.FS()} }

func dir(t *testing.T, name string) Source {
	t.Helper()
	return Source{Name: name, FS: os.DirFS(filepath.Join("testdata", name))}
}

// problemsOf returns the problems as "file:line: message" strings.
func problemsOf(t *testing.T, err error) []string {
	t.Helper()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("want Problems, got %v", err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func TestBuiltinPacksLoad(t *testing.T) {
	lib, err := Load(builtin())
	if err != nil {
		t.Fatalf("built-in packs do not load:\n%v", err)
	}
	g, err := lib.GuideBySlug("microsoft-backend-engineer-interview")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"distributed-rate-limiter", "shard-write-heavy-postgres", "top-k-sliding-window", "production-incident"}
	if diff := cmp.Diff(want, g.SampleQuestions); diff != "" {
		t.Errorf("Microsoft sample questions (-want +got):\n%s", diff)
	}
	for _, id := range want {
		q, err := lib.Question(id)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(q.Rubric.KeyPoints); n < 6 {
			t.Errorf("%s: %d key points, want at least 6", id, n)
		}
		if len(q.Facts) == 0 {
			t.Errorf("%s: no fact sheet", id)
		}
	}
	var companies, generic int
	for _, g := range lib.Guides() {
		if g.Company == "" {
			generic++
		} else {
			companies++
		}
	}
	if companies < 3 || generic < 1 {
		t.Errorf("guides: %d company guides and %d generic, want at least 3 and 1", companies, generic)
	}
}

// The example in docs/content.md must be exactly the files in
// testdata/example, and they must lint clean beside the built-in packs.
func TestDocExampleIsTestdata(t *testing.T) {
	doc, err := os.ReadFile("../../docs/content.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?ms)^`([^`]+\\.yaml)`:\n\n```yaml\n(.*?)```").FindAllSubmatch(doc, -1)
	if len(blocks) < 5 {
		t.Fatalf("found %d example files in docs/content.md, want at least 5", len(blocks))
	}
	fromDoc := map[string]string{}
	for _, b := range blocks {
		fromDoc[string(b[1])] = string(b[2])
	}
	onDisk := map[string]string{}
	root := filepath.Join("testdata", "example")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		onDisk[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fromDoc, onDisk); diff != "" {
		t.Errorf("docs/content.md example and testdata/example differ (-doc +disk):\n%s", diff)
	}
	if _, err := Load(builtin(), dir(t, "example")); err != nil {
		t.Errorf("example pack does not load:\n%v", err)
	}
}

// The broken pack has five kinds of mistake; every one is reported with its
// file and line, and nothing else is.
func TestBrokenPackReportsEveryProblem(t *testing.T) {
	_, err := Load(builtin(), dir(t, "broken"))
	got := problemsOf(t, err)
	q1 := "broken/questions/cache-stampede.yaml"
	q2 := "broken/questions/empty-rubric.yaml"
	want := []string{
		q1 + `:1: missing required field "prompt"`,
		q1 + `:4: unknown field "promt" in question (check the spelling against docs/content.md)`,
		q1 + `:6: unknown topic "databases-indexng" (did you mean "databases-indexing"?)`,
		q1 + `:26: duplicate key point id "locking"`,
		q2 + `:2: round type "systemdesign" is not one of coding, system-design, behavioral, hiring-manager, concept, recruiter-screen`,
		q2 + ":7: expected a whole number here, got the text `forty`",
		q2 + `:10: empty rubric: at least one dimension with level descriptions is required`,
		q2 + `:11: empty rubric: at least one key point is required`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// examplePack returns the example pack as a map so tests can break one file.
func examplePack(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	root := filepath.Join("testdata", "example")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestProblems(t *testing.T) {
	const q = "questions/example-url-shortener.yaml"
	tests := []struct {
		name string
		edit func(m fstest.MapFS)
		want string // a problem that must be reported, as file:line: message
	}{
		{"duplicate id across packs", func(m fstest.MapFS) {
			m["questions/distributed-rate-limiter.yaml"] = &fstest.MapFile{Data: []byte(strings.ReplaceAll(string(m[q].Data), "example-url-shortener", "distributed-rate-limiter"))}
		}, "ex/questions/distributed-rate-limiter.yaml:1: duplicate question id \"distributed-rate-limiter\" (first defined at packs/microsoft/questions/distributed-rate-limiter.yaml:1)"},
		{"id does not match file name", func(m fstest.MapFS) {
			m["questions/other.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(m[q].Data), "id: example-url-shortener", "id: some-other-question", 1))}
		}, "ex/questions/other.yaml:1: question id \"some-other-question\" does not match the file name; rename the file to some-other-question.yaml or change the id"},
		{"dangling loop reference", func(m fstest.MapFS) {
			edit(t, m, "guides/example-corp-backend-engineer.yaml", "loop: example-corp-backend", "loop: example-corp-backnd")
		}, "ex/guides/example-corp-backend-engineer.yaml:5: unknown loop \"example-corp-backnd\" (did you mean \"example-corp-backend\"?)"},
		{"pinned question of another round type", func(m fstest.MapFS) {
			edit(t, m, "loops/example-corp-backend.yaml", "type: system-design", "type: coding")
		}, "ex/loops/example-corp-backend.yaml:14: question \"example-url-shortener\" is a system-design question but round \"screen-design\" is coding"},
		{"key point for an undefined dimension", func(m fstest.MapFS) {
			edit(t, m, q, "dimension: data-model", "dimension: datamodel")
		}, "ex/" + q + ":26: key point \"id-generation\" refers to dimension \"datamodel\", which this rubric does not define"},
		{"nothing to detect", func(m fstest.MapFS) {
			edit(t, m, q, "any: [base62, counter, hash of the url, random id]", "any: []")
		}, "ex/" + q + ":28: key point \"id-generation\" has nothing to detect: give detect.any or detect.all"},
		{"missing level description", func(m fstest.MapFS) {
			edit(t, m, q, "        \"3\": A keyed table with a sound id scheme.\n", "")
		}, "ex/" + q + ":18: missing required field \"3\""},
		{"no rubric at all", func(m fstest.MapFS) {
			s := string(m[q].Data)
			start, end := strings.Index(s, "rubric:"), strings.Index(s, "model_answer:")
			m[q].Data = []byte(s[:start] + s[end:])
		}, "ex/" + q + ":1: missing rubric: a question needs dimensions and key points to be graded"},
		{"YAML syntax error", func(m fstest.MapFS) {
			edit(t, m, q, "difficulty: easy", "difficulty: [easy")
		}, "ex/" + q + ":5: did not find expected ',' or ']'"},
		{"stray file", func(m fstest.MapFS) {
			m["notes.txt"] = &fstest.MapFile{Data: []byte("todo")}
		}, "ex/notes.txt: unexpected file; the top of a pack holds pack.yaml, topics.yaml and README.md"},
		{"empty file", func(m fstest.MapFS) {
			m["companies/blank.yaml"] = &fstest.MapFile{Data: []byte("\n\n")}
		}, "ex/companies/blank.yaml: empty file"},
		{"second document", func(m fstest.MapFS) {
			m["companies/example-corp.yaml"].Data = append(m["companies/example-corp.yaml"].Data, []byte("---\nid: x\n")...)
		}, "ex/companies/example-corp.yaml:4: more than one YAML document in the file; put one entity per file"},
		{"guide date", func(m fstest.MapFS) {
			edit(t, m, "guides/example-corp-backend-engineer.yaml", `updated: "2026-11-27"`, `updated: "last week"`)
		}, "ex/guides/example-corp-backend-engineer.yaml:6: updated must be a date like 2026-11-27, got \"last week\""},
		{"bad id", func(m fstest.MapFS) {
			edit(t, m, "companies/example-corp.yaml", "id: example-corp", "id: Example_Corp")
		}, "ex/companies/example-corp.yaml:1: company id \"Example_Corp\" must be lower-case letters and digits joined by single hyphens"},
		{"too large", func(m fstest.MapFS) {
			m["companies/huge.yaml"] = &fstest.MapFile{Data: []byte("id: huge\nsummary: " + strings.Repeat("x", MaxFileSize))}
		}, "ex/companies/huge.yaml: file is larger than the 1024 KiB limit for a pack file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := examplePack(t)
			tt.edit(m)
			_, err := Load(builtin(), Source{Name: "ex", FS: m})
			got := problemsOf(t, err)
			for _, p := range got {
				if p == tt.want {
					return
				}
			}
			t.Errorf("problem not reported: %s\ngot:\n%s", tt.want, strings.Join(got, "\n"))
		})
	}
}

func edit(t *testing.T, m fstest.MapFS, file, old, new string) {
	t.Helper()
	s := string(m[file].Data)
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	m[file].Data = []byte(strings.Replace(s, old, new, 1))
}

func TestLookupSuggestsClosest(t *testing.T) {
	lib, err := Load(builtin())
	if err != nil {
		t.Fatal(err)
	}
	_, err = lib.Question("distributed-rate-limitr")
	if !errors.Is(err, rehearse.ErrNotFound) {
		t.Fatalf("want ErrNotFound, got %v", err)
	}
	if !strings.Contains(err.Error(), `did you mean "distributed-rate-limiter"`) {
		t.Errorf("error does not suggest the close id: %v", err)
	}
	if _, err := lib.GuideBySlug("microsoft-backend-engineer-interview"); err != nil {
		t.Error(err)
	}
}

// FuzzLoad feeds arbitrary bytes as a question file: the loader must never
// panic, and must either load or say what is wrong with a file and line.
func FuzzLoad(f *testing.F) {
	seed, err := os.ReadFile("testdata/example/questions/example-url-shortener.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("id: x\nrubric: {key_points: [{id: a, weight: 9}]}\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Add([]byte("&a [*a]"))
	f.Add([]byte("id: example-url-shortener\nrubric:\n  dimensions:\n    - levels: {\"1\": x}\n"))
	pack := []byte("id: fuzz\nname: Fuzz\nversion: \"1\"\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		m := fstest.MapFS{
			"pack.yaml":                            {Data: pack},
			"questions/example-url-shortener.yaml": {Data: data},
		}
		lib, err := Load(Source{Name: "fz", FS: m})
		if err == nil {
			if lib == nil {
				t.Fatal("nil library without an error")
			}
			return
		}
		var ps Problems
		if !errors.As(err, &ps) || len(ps) == 0 {
			t.Fatalf("error is not a list of problems: %v", err)
		}
		for _, p := range ps {
			if p.File == "" || p.Msg == "" {
				t.Fatalf("problem without a file or message: %+v", p)
			}
		}
	})
}

func TestClosest(t *testing.T) {
	ids := []string{"microsoft-backend-engineer-interview", "amazon-backend-engineer-interview", "google-backend-engineer-interview", "backend-engineer-interview"}
	tests := []struct {
		in   string
		want []string
	}{
		{"microsft-backend-engineer-interview", []string{"microsoft-backend-engineer-interview"}},
		{"gogle-backend-engineer-interview", []string{"google-backend-engineer-interview"}},
		{"backend", []string{"backend-engineer-interview"}},
		{"zzz", nil},
	}
	for _, tt := range tests {
		if got := Closest(tt.in, ids, 3); !cmp.Equal(got, tt.want, cmpopts.EquateEmpty()) {
			t.Errorf("Closest(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestProblemFolders(t *testing.T) {
	m := examplePack(t)
	m["problems/pair-sum/statement.md"] = &fstest.MapFile{Data: []byte("# Pair sums")}
	m["problems/pair-sum/tests/01.in"] = &fstest.MapFile{Data: []byte("1 2\n")}
	lib, err := Load(builtin(), Source{Name: "ex", FS: m})
	if err != nil {
		t.Fatal(err)
	}
	p, err := lib.Problem("pair-sum")
	if err != nil || p.Dir != "ex/problems/pair-sum" {
		t.Fatalf("problem: %+v, %v", p, err)
	}
	if b, err := fs.ReadFile(p.FS, "tests/01.in"); err != nil || string(b) != "1 2\n" {
		t.Errorf("reading the problem's files: %q, %v", b, err)
	}
	m["problems/notes.txt"] = &fstest.MapFile{Data: []byte("x")}
	m["problems/Bad_Id/statement.md"] = &fstest.MapFile{Data: []byte("x")}
	_, err = Load(builtin(), Source{Name: "ex", FS: m})
	got := strings.Join(problemsOf(t, err), "\n")
	for _, want := range []string{"ex/problems/notes.txt: unexpected file in problems/", `ex/problems/Bad_Id: problem id "Bad_Id" must be lower-case`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing problem %q in:\n%s", want, got)
		}
	}
}
