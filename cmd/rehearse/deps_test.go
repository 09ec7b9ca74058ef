package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const module = "github.com/rehearse/rehearse"

// imports lists each package of the module with its direct non-test
// imports, from go list.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, module+"/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	m := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		m[strings.TrimPrefix(f[0], module+"/")] = f[1:]
	}
	return m
}

// The dependency direction of docs/architecture.md: cmd → web → the
// domain packages → rehearse; rehearse imports nothing internal; nothing
// imports web but cmd; each third-party module is used by one package.
func TestDependencyDirection(t *testing.T) {
	pkgs := imports(t)
	internal := func(p string) (string, bool) {
		if strings.HasPrefix(p, module+"/") {
			return strings.TrimPrefix(p, module+"/"), true
		}
		return "", false
	}
	// allowed[pkg] lists the internal packages pkg may import.
	allowed := map[string][]string{
		"internal/rehearse": {},
		"packs":             {},
		"bench/loadgen":     {},
		"internal/sandbox":  {},
		// Test helpers for the sandbox's and the judge's leftovers checks.
		"internal/sandbox/sandboxtest": {},
		"internal/judge":               {"internal/rehearse", "internal/sandbox"},
		"internal/speech":              {"internal/rehearse"},
		"internal/content":             {"internal/rehearse"},
		"internal/store":               {"internal/rehearse"},
		"internal/grading":             {"internal/rehearse"},
		"internal/interviewer":         {"internal/rehearse", "internal/grading"},
		"internal/interview":           {"internal/rehearse", "internal/grading", "internal/interviewer", "internal/content", "internal/judge", "internal/speech"},
		"internal/web":                 {"internal/rehearse", "internal/content", "internal/store", "internal/interview", "internal/judge", "internal/speech"},
		"cmd/rehearse":                 {"internal/rehearse", "internal/content", "internal/store", "internal/web", "internal/grading", "internal/interview", "internal/interviewer", "internal/judge", "internal/sandbox", "internal/speech", "packs"},
	}
	// owner says which package may import each third-party module.
	owner := map[string]string{
		"go.yaml.in/yaml/v3":                "internal/content",
		"modernc.org/sqlite":                "internal/store",
		"github.com/yuin/goldmark":          "internal/web",
		"github.com/kljensen/snowball":      "internal/grading",
		"github.com/elastic/go-seccomp-bpf": "internal/sandbox",
		"golang.org/x/sys":                  "internal/sandbox",
		"golang.org/x/net":                  "",
		"github.com/chromedp":               "",
		"github.com/google/go-cmp":          "",
	}
	for pkg, imps := range pkgs {
		rules, known := allowed[pkg]
		if !known {
			t.Errorf("package %s has no dependency rule; add it to this test and docs/architecture.md", pkg)
			continue
		}
		for _, imp := range imps {
			if in, ok := internal(imp); ok {
				if !contains(rules, in) {
					t.Errorf("%s imports %s, which the dependency direction forbids", pkg, in)
				}
				continue
			}
			if !strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") {
				continue // standard library
			}
			mod, ok := moduleOf(imp, owner)
			if !ok {
				t.Errorf("%s imports %s, a module with no owner package; add it to this test", pkg, imp)
			} else if owner[mod] != pkg {
				t.Errorf("%s imports %s, which only %q may use", pkg, imp, owner[mod])
			}
		}
	}
}

func moduleOf(imp string, owner map[string]string) (string, bool) {
	for mod := range owner {
		if imp == mod || strings.HasPrefix(imp, mod+"/") {
			return mod, true
		}
	}
	return "", false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Only cmd/rehearse reads configuration; every other package receives plain
// values.
func TestOnlyMainReadsEnvironment(t *testing.T) {
	envRead := regexp.MustCompile(`os\.(Getenv|LookupEnv|Environ)\(`)
	err := filepath.WalkDir("../../internal", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		// Test helper packages (…test, like net/http/httptest) are test
		// code: sandboxtest reads REHEARSE_TEST_TIME_SCALE for the tests.
		if strings.HasSuffix(filepath.Base(filepath.Dir(p)), "test") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if envRead.Match(b) {
			t.Errorf("%s reads the environment; pass the value in from cmd/rehearse", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
