package judge

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/internal/sandbox"
)

// Problem is a judged problem: tests fed on stdin, output compared by a
// checker. A stdio problem's program reads the input itself; a function
// problem's candidate writes one function, which a harness calls (see
// function.go).
type Problem struct {
	ID          string
	Title       string
	Complexity  string
	Statement   string
	TimeLimit   time.Duration
	MemoryLimit int64
	Checker     string
	Tolerance   float64
	Tests       []Test
	// Hints are what an interviewer says to a stuck candidate, gentlest
	// first, and FollowUps the variants that extend the problem once it
	// is solved. They come from statement.md's "## Hints" and
	// "## Follow-up variants" sections, which Statement never includes.
	Hints     []string
	FollowUps []string
	// Function is a function problem's signature; nil for a stdio problem.
	Function *Signature
}

// Test is one input and its expected output.
type Test struct {
	Name   string
	Input  []byte
	Output []byte
	Sample bool
}

// Checkers.
var checkers = []string{"exact", "lines", "tokens", "unordered", "float"}

// LoadProblem reads a problem folder: statement.md (its hints and
// follow-up variants split off), tests/NN.in and tests/NN.out, and an
// optional problem.yaml of flat "key: value" lines (time_limit,
// memory_limit, checker, tolerance, samples, title, complexity, and
// function for a function problem).
func LoadProblem(fsys fs.FS, id string) (*Problem, error) {
	p := &Problem{ID: id, TimeLimit: 2 * time.Second, MemoryLimit: 256 << 20, Checker: "lines", Tolerance: 1e-6}
	if b, err := fs.ReadFile(fsys, "statement.md"); err == nil {
		if p.Statement, p.Hints, p.FollowUps, err = splitStatement(string(b)); err != nil {
			return nil, err
		}
	}
	samples := []string{}
	checkerSet := false
	if b, err := fs.ReadFile(fsys, "problem.yaml"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				return nil, rehearse.Errorf(rehearse.ErrInvalid, "problem.yaml:%d: want key: value", n)
			}
			v = strings.Trim(strings.TrimSpace(v), `"'`)
			var err error
			switch strings.TrimSpace(k) {
			case "time_limit":
				p.TimeLimit, err = time.ParseDuration(v)
			case "memory_limit":
				p.MemoryLimit, err = ParseSize(v)
			case "checker":
				p.Checker, checkerSet = v, true
			case "tolerance":
				p.Tolerance, err = strconv.ParseFloat(v, 64)
			case "title":
				p.Title = v
			case "complexity":
				p.Complexity = v
			case "function":
				if p.Function, err = ParseSignature(v); err != nil {
					err = fmt.Errorf("function: %w", err)
				}
			case "samples":
				samples = strings.FieldsFunc(strings.Trim(v, "[]"), func(r rune) bool { return r == ',' || r == ' ' })
			default:
				err = fmt.Errorf("unknown key %q", k)
			}
			if err != nil {
				return nil, rehearse.Errorf(rehearse.ErrInvalid, "problem.yaml:%d: %v", n, err)
			}
		}
	}
	if p.Function != nil && !checkerSet {
		p.Checker = "json"
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	ins, err := fs.Glob(fsys, "tests/*.in")
	if err != nil {
		return nil, err
	}
	slices.Sort(ins)
	for _, in := range ins {
		name := strings.TrimSuffix(path.Base(in), ".in")
		input, err := fs.ReadFile(fsys, in)
		if err != nil {
			return nil, err
		}
		output, err := fs.ReadFile(fsys, strings.TrimSuffix(in, ".in")+".out")
		if err != nil {
			return nil, rehearse.Errorf(rehearse.ErrInvalid, "test %s has no .out file", name)
		}
		p.Tests = append(p.Tests, Test{Name: name, Input: input, Output: output, Sample: slices.Contains(samples, name)})
	}
	if len(p.Tests) == 0 {
		return nil, rehearse.Errorf(rehearse.ErrInvalid, "no tests: put tests/01.in and tests/01.out in the problem folder")
	}
	if len(samples) == 0 {
		p.Tests[0].Sample = true // the first test is the sample unless told otherwise
	}
	if p.Function != nil {
		if err := p.checkTests(); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// splitStatement takes the "## Hints" and "## Follow-up variants"
// sections out of a statement and returns their items. Each is a bullet
// list: an item starts with "- " or "* " at the start of a line and
// indented lines continue it. A section runs to the next level-1 or
// level-2 heading; any other section, wherever it is, stays in the
// statement. Headings inside fenced code blocks are not headings.
func splitStatement(s string) (statement string, hints, followUps []string, err error) {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var keep []string
	var list *[]string // the section being read, nil outside both
	var name string
	seen := map[string]bool{}
	fenced, cont := false, false
	for i, line := range lines {
		if !fenced && (strings.HasPrefix(line, "# ") || strings.HasPrefix(line, "## ")) {
			name, list, cont = strings.TrimSpace(line), nil, false
			title := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
			switch title {
			case "hints":
				list = &hints
			case "follow-up variants":
				list = &followUps
			}
			if list != nil {
				if seen[title] {
					return "", nil, nil, rehearse.Errorf(rehearse.ErrInvalid, "statement.md:%d: a second %q section", i+1, name)
				}
				seen[title] = true
				continue
			}
		}
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
		}
		if list == nil {
			keep = append(keep, line)
			continue
		}
		item, bullet := strings.CutPrefix(line, "- ")
		if !bullet {
			item, bullet = strings.CutPrefix(line, "* ")
		}
		switch {
		case strings.TrimSpace(line) == "":
		case bullet && strings.TrimSpace(item) != "":
			*list = append(*list, strings.TrimSpace(item))
			cont = true
		case cont && !bullet && (line[0] == ' ' || line[0] == '\t'):
			(*list)[len(*list)-1] += " " + strings.TrimSpace(line)
		default:
			return "", nil, nil, rehearse.Errorf(rehearse.ErrInvalid, "statement.md:%d: under %q, want a list item starting with \"- \"", i+1, name)
		}
	}
	if len(seen) == 0 {
		return s, nil, nil, nil
	}
	return strings.TrimRight(strings.Join(keep, "\n"), "\n") + "\n", hints, followUps, nil
}

// Validate checks the limits and the checker.
func (p *Problem) Validate() error {
	switch {
	case p.Function == nil && !slices.Contains(checkers, p.Checker):
		return rehearse.Errorf(rehearse.ErrInvalid, "checker %q is not one of %v", p.Checker, checkers)
	case p.Function != nil && !slices.Contains(functionCheckers, p.Checker):
		return rehearse.Errorf(rehearse.ErrInvalid, "checker %q does not apply to a function problem (want one of %v)", p.Checker, functionCheckers)
	case p.TimeLimit <= 0 || p.TimeLimit > 60*time.Second:
		return rehearse.Errorf(rehearse.ErrInvalid, "time limit %v must be between 1ms and 60s", p.TimeLimit)
	case p.MemoryLimit < 16<<20 || p.MemoryLimit > 4<<30:
		return rehearse.Errorf(rehearse.ErrInvalid, "memory limit must be between 16MiB and 4GiB")
	}
	return nil
}

// ParseSize reads sizes like 256MiB, 1GiB, 512MB or 1048576.
func ParseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}}
	for _, u := range units {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
			if err != nil {
				return 0, fmt.Errorf("size %q: %w", s, err)
			}
			return int64(v * float64(u.mult)), nil
		}
	}
	return strconv.ParseInt(s, 10, 64)
}

// Check compares a program's output with the expected output.
func Check(checker string, tolerance float64, got, want []byte) bool {
	switch checker {
	case "exact":
		return bytes.Equal(got, want)
	case "tokens":
		return slices.Equal(strings.Fields(string(got)), strings.Fields(string(want)))
	case "unordered":
		g, w := lines(got), lines(want)
		for i := range g {
			g[i] = strings.Join(strings.Fields(g[i]), " ")
		}
		for i := range w {
			w[i] = strings.Join(strings.Fields(w[i]), " ")
		}
		slices.Sort(g)
		slices.Sort(w)
		return slices.Equal(g, w)
	case "float":
		g, w := strings.Fields(string(got)), strings.Fields(string(want))
		if len(g) != len(w) {
			return false
		}
		for i := range g {
			a, errA := strconv.ParseFloat(g[i], 64)
			b, errB := strconv.ParseFloat(w[i], 64)
			if errA != nil || errB != nil {
				if g[i] != w[i] {
					return false
				}
				continue
			}
			if math.Abs(a-b) > tolerance*math.Max(1, math.Abs(b)) {
				return false
			}
		}
		return true
	}
	// lines: per line, the same whitespace-separated tokens; trailing
	// blank lines ignored.
	g, w := lines(got), lines(want)
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		if !slices.Equal(strings.Fields(g[i]), strings.Fields(w[i])) {
			return false
		}
	}
	return true
}

// lines splits output into lines without trailing blank ones.
func lines(b []byte) []string {
	ls := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	for len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1]) == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// TestResult is one test's outcome. Input, expected and actual output are
// shown for sample tests only: hidden tests show only that they failed.
type TestResult struct {
	Name     string  `json:"name"`
	Verdict  Verdict `json:"verdict"`
	TimeMS   int64   `json:"time_ms"`
	MemoryKB int64   `json:"memory_kb"`
	Sample   bool    `json:"sample"`
	Input    string  `json:"input,omitempty"`
	Expected string  `json:"expected,omitempty"`
	Got      string  `json:"got,omitempty"`
	// Stderr is what the program wrote to standard error on a sample
	// test (a function problem's harness sends the candidate's prints
	// there), for debugging; hidden tests never show it.
	Stderr   string `json:"stderr,omitempty"`
	ExitCode int    `json:"exit_code,omitempty"`
	Signal   string `json:"signal,omitempty"`
}

// Submission is the outcome of judging a program on a problem.
type Submission struct {
	Verdict       Verdict       `json:"verdict"`
	Isolation     sandbox.Level `json:"isolation"`
	Language      string        `json:"language"`
	CompileOutput string        `json:"compile_output"`
	Tests         []TestResult  `json:"tests"`
}

// Evaluate compiles the program and runs it on the problem's tests (only
// the samples when samplesOnly), stopping at the first failure of a hidden
// test (the rest are not run). progress, when set, is told about each test as it finishes.
func (j *Judge) Evaluate(ctx context.Context, p *Problem, langID string, src []byte, samplesOnly bool, progress func(TestResult)) (*Submission, error) {
	sub := &Submission{Isolation: j.sb.Level(), Language: langID, Tests: []TestResult{}}
	prog, err := j.prepare(ctx, p, langID, src)
	defer prog.Close()
	if prog != nil {
		sub.CompileOutput = clip(prog.CompileOutput, 16<<10)
	}
	if errors.Is(err, ErrCompile) {
		sub.Verdict = CompileError
		return sub, nil
	}
	if err != nil {
		return nil, err
	}
	lim := sandbox.DefaultLimits()
	lim.CPUTime = p.TimeLimit
	lim.WallTime = 2*p.TimeLimit + time.Second
	lim.Memory = p.MemoryLimit
	sub.Verdict = Accepted
	for _, t := range p.Tests {
		if samplesOnly && !t.Sample {
			continue
		}
		// The output limit scales with the expected output: generous for
		// a right answer, tight for a runaway one.
		lim.Output = max(1<<20, 2*int64(len(t.Output))+64<<10)
		run, err := j.Execute(ctx, prog, t.Input, lim)
		if err != nil {
			return nil, err
		}
		tr := TestResult{Name: t.Name, Verdict: run.Verdict, TimeMS: run.TimeMS, MemoryKB: run.MemoryKB, Sample: t.Sample, ExitCode: run.ExitCode, Signal: run.Signal}
		got := p.answer(run.Stdout)
		if tr.Verdict == Accepted && !p.compare(got, t.Output) {
			tr.Verdict = WrongAnswer
		}
		if tr.Verdict != Accepted && t.Sample {
			tr.Input, tr.Expected, tr.Got = clip(string(t.Input), 4096), clip(string(t.Output), 4096), clip(string(got), 4096)
		}
		if t.Sample {
			tr.Stderr = clip(strings.ToValidUTF8(string(run.Stderr), "\uFFFD"), 4096)
		}
		sub.Tests = append(sub.Tests, tr)
		if progress != nil {
			progress(tr)
		}
		if tr.Verdict != Accepted {
			if sub.Verdict == Accepted {
				sub.Verdict = tr.Verdict
			}
			if !samplesOnly {
				break
			}
		}
	}
	return sub, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "\n… (cut)"
}
