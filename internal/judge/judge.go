package judge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/internal/sandbox"
)

// Sandbox runs one program in isolation.
type Sandbox interface {
	Run(ctx context.Context, spec sandbox.Spec) (*sandbox.Result, error)
	Level() sandbox.Level
	// Close stops what the sandbox keeps running between runs.
	Close() error
}

// Verdict is the outcome of a submission or of one test.
type Verdict string

// Verdicts.
const (
	Accepted     Verdict = "accepted"
	WrongAnswer  Verdict = "wrong_answer"
	TimeLimit    Verdict = "time_limit"
	MemoryLimit  Verdict = "memory_limit"
	OutputLimit  Verdict = "output_limit"
	RuntimeError Verdict = "runtime_error"
	Restricted   Verdict = "restricted"
	CompileError Verdict = "compile_error"
)

// MaxSource is the largest program the judge accepts.
const MaxSource = 256 << 10

// Judge compiles and runs programs.
type Judge struct {
	sb    Sandbox
	langs map[string]Language
	cache *buildCache
	// compile bounds each compiler run (compileLimits; tests on slow,
	// emulated machines scale its times).
	compile sandbox.Limits
	// topLevel bounds the run that loads an interpreted function
	// problem's code before any test, to check it defines the function.
	topLevel sandbox.Limits
}

// New returns a judge over sb for the given languages.
func New(sb Sandbox, langs []Language) *Judge {
	j := &Judge{sb: sb, langs: map[string]Language{}, compile: compileLimits(), topLevel: sandbox.DefaultLimits()}
	for _, l := range langs {
		j.langs[l.ID] = l
	}
	return j
}

// Isolation is the level at which the sandbox runs code here.
func (j *Judge) Isolation() string { return string(j.sb.Level()) }

// Close releases the sandbox.
func (j *Judge) Close() error {
	if j.sb == nil {
		return nil
	}
	return j.sb.Close()
}

// Languages lists the installed languages.
func (j *Judge) Languages() []Language {
	var out []Language
	for _, l := range candidates() {
		if got, ok := j.langs[l.ID]; ok {
			out = append(out, got)
		}
	}
	return out
}

// Language returns an installed language by id.
func (j *Judge) Language(id string) (Language, error) {
	l, ok := j.langs[id]
	if !ok {
		var have []string
		for k := range j.langs {
			have = append(have, k)
		}
		return Language{}, rehearse.Errorf(rehearse.ErrNotFound, "language %q is not installed here (have: %v)", id, have)
	}
	return l, nil
}

// Program is a compiled (or interpreted) program ready to run many times.
// Close it when done with it.
type Program struct {
	Lang          Language
	files         map[string][]byte
	bin           *sandbox.Binary // the compiled executable, handed to each run
	CompileOutput string
}

// Close releases the compiled executable.
func (p *Program) Close() error {
	if p == nil {
		return nil
	}
	return p.bin.Close()
}

// compileLimits bound a compiler run: compilers need more than programs.
func compileLimits() sandbox.Limits {
	return sandbox.Limits{WallTime: 15 * time.Second, CPUTime: 10 * time.Second, Memory: 1 << 30, Processes: 64,
		Output: 64 << 10, FileSize: 64 << 20, WorkDir: 128 << 20, Files: 4096}
}

// ErrCompile is returned (wrapped) when the program does not compile;
// Program.CompileOutput has the compiler's message.
var ErrCompile = errors.New("compile error")

// Prepare checks the source and compiles it in the sandbox when the
// language needs it.
func (j *Judge) Prepare(ctx context.Context, langID string, src []byte) (*Program, error) {
	l, err := j.Language(langID)
	if err != nil {
		return nil, err
	}
	switch {
	case len(src) == 0:
		return nil, rehearse.Errorf(rehearse.ErrInvalid, "the program is empty")
	case len(src) > MaxSource:
		return nil, rehearse.Errorf(rehearse.ErrTooLarge, "the program is %d KiB; the limit is %d KiB", len(src)>>10, MaxSource>>10)
	}
	if l.goCache {
		src = blankBuildIgnore(src)
	}
	p := &Program{Lang: l, files: map[string][]byte{l.Source: src}}
	if l.Compile == nil {
		return p, nil
	}
	if l.goCache || l.pch {
		if err := j.Warm(ctx); err != nil {
			return nil, err
		}
	}
	files := map[string][]byte{l.Source: src}
	for k, v := range l.Extra {
		files[k] = v
	}
	args, readOnly := j.compileArgs(l)
	res, err := j.sb.Run(ctx, sandbox.Spec{Path: l.Compile[0], Args: args, Env: l.Env, ReadOnly: readOnly,
		Overlays: j.overlays(l), RefuseInet: l.refuseInet, Files: files, Limits: j.compile, KeepWork: true})
	if err != nil {
		return nil, err
	}
	defer res.Close()
	p.CompileOutput = string(res.Stderr) + string(res.Stdout)
	if res.Verdict != sandbox.OK {
		switch {
		case res.Verdict == sandbox.TimeLimit:
			p.CompileOutput += "\n(the compiler ran out of time)"
		case res.Verdict != sandbox.RuntimeError:
			p.CompileOutput += fmt.Sprintf("\n(the compiler was stopped: %s)", res.Verdict)
		case res.Signal != "":
			p.CompileOutput += fmt.Sprintf("\n(the compiler was killed by %s)", res.Signal)
		}
		return p, fmt.Errorf("%w: %s", ErrCompile, res.Verdict)
	}
	p.files = map[string][]byte{}
	var total int64
	for _, pattern := range l.Outputs {
		names, err := res.Glob(pattern)
		if err != nil {
			return p, fmt.Errorf("%w: %v", ErrCompile, err)
		}
		for _, name := range names {
			b, err := res.ReadFile(name, 64<<20-total)
			if err != nil {
				return p, fmt.Errorf("%w: %v", ErrCompile, err)
			}
			total += int64(len(b))
			p.files[name] = b
		}
	}
	if len(p.files) == 0 {
		return p, fmt.Errorf("%w: the compiler produced no program", ErrCompile)
	}
	if exe, ok := p.files[l.Executable]; ok {
		// Stored once and run from a descriptor: a Go binary is megabytes,
		// and written into each test's run it cost more than the test.
		if p.bin, err = sandbox.NewBinary(exe); err != nil {
			return nil, err
		}
		delete(p.files, l.Executable)
	}
	return p, nil
}

// Run is the outcome of running a program once.
type Run struct {
	Verdict   Verdict
	ExitCode  int
	Signal    string
	Stdout    []byte
	Stderr    []byte
	TimeMS    int64
	MemoryKB  int64
	Isolation sandbox.Level
}

// Execute runs the program once on stdin.
func (j *Judge) Execute(ctx context.Context, p *Program, stdin []byte, lim sandbox.Limits) (*Run, error) {
	args := slices.Clone(p.Lang.Run[1:])
	for i, a := range args {
		if a == "{heap}" {
			// The JVM cannot see the cgroup from inside the sandbox; give
			// the heap three quarters of the limit and leave the rest for
			// its own structures.
			args[i] = fmt.Sprintf("-Xmx%dm", max(lim.Memory*3/4>>20, 16))
		}
	}
	res, err := j.sb.Run(ctx, sandbox.Spec{Path: p.Lang.Run[0], Args: args, Env: p.Lang.Env, ReadOnly: p.Lang.ReadOnly,
		RefuseInet: p.Lang.refuseInet, Files: p.files, Binary: p.bin, Stdin: stdin, Limits: lim})
	if err != nil {
		return nil, err
	}
	r := &Run{ExitCode: res.ExitCode, Signal: res.Signal, Stdout: res.Stdout, Stderr: res.Stderr,
		TimeMS: res.CPU.Milliseconds(), MemoryKB: res.MemoryKB, Isolation: res.Isolation}
	switch res.Verdict {
	case sandbox.OK:
		r.Verdict = Accepted
	case sandbox.TimeLimit:
		r.Verdict = TimeLimit
	case sandbox.MemoryLimit:
		r.Verdict = MemoryLimit
	case sandbox.OutputLimit:
		r.Verdict = OutputLimit
	case sandbox.Restricted:
		r.Verdict = Restricted
	default:
		r.Verdict = RuntimeError
		if p.Lang.oom != "" && bytes.Contains(res.Stderr, []byte(p.Lang.oom)) {
			r.Verdict = MemoryLimit
		}
	}
	return r, nil
}

// blankBuildIgnore blanks a leading "//go:build ignore" line, which Go
// reference solutions in packs carry to stay out of Rehearse's own build
// (line numbers in compiler messages stay right).
func blankBuildIgnore(src []byte) []byte {
	const tag = "//go:build ignore"
	if !bytes.HasPrefix(src, []byte(tag)) {
		return src
	}
	out := bytes.Clone(src)
	for i := range len(tag) {
		out[i] = ' '
	}
	return out
}
