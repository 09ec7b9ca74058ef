package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rehearse/rehearse/internal/judge"
	"github.com/rehearse/rehearse/internal/sandbox"
)

const judgeAbout = `Judge a program in the sandbox.

  rehearse judge doctor
      what this machine supports for isolation, and the languages found
  rehearse judge run --lang LANG --file SRC [--stdin FILE]
      run a program once with no problem attached
  rehearse judge --problem DIR --lang LANG --file SRC
      run a program on a stdio problem folder's tests

Code is only ever run inside the sandbox. Below the full isolation level
the judge refuses to run anything unless --allow-weaker-sandbox is given.`

func runJudge(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "doctor":
			return runDoctor(ctx, e, args[1:])
		case "run":
			return runJudgeRun(ctx, e, args[1:])
		}
	}
	fs := newFlagSet(e, "judge", "--problem DIR --lang LANG --file SRC [flags] | doctor | run", judgeAbout)
	problem := fs.String("problem", "", "a problem id from the packs, or a problem folder: statement.md, tests/NN.in, tests/NN.out, problem.yaml")
	lang := fs.String("lang", "", "language id (see rehearse judge doctor)")
	file := fs.String("file", "", "the program's source file")
	format := fs.String("format", "text", "text or json")
	timeLimit := fs.Duration("time-limit", 0, "override the problem's CPU time limit per test, e.g. 2s")
	memLimit := fs.String("memory-limit", "", "override the problem's memory limit, e.g. 256MiB")
	checker := fs.String("checker", "", "override the checker: exact, lines, tokens, unordered or float")
	samples := fs.Bool("samples", false, "run only the sample tests")
	weaker := fs.Bool("allow-weaker-sandbox", false, "run code even below the full isolation level")
	var packDirs stringList
	fs.Var(&packDirs, "packs", "a directory of extra content packs, for --problem ID; repeatable")
	if err := parseFlags(e, fs, args); err != nil {
		return helpOK(err)
	}
	if *problem == "" || *lang == "" || *file == "" {
		return fmt.Errorf("%w: judge needs --problem, --lang and --file (or: judge doctor, judge run)", errUsage)
	}
	pfs, closeFS, err := problemFS(e, *problem, packDirs)
	if err != nil {
		return err
	}
	defer closeFS()
	p, err := judge.LoadProblem(pfs, *problem)
	if err != nil {
		return fmt.Errorf("problem %s: %w", *problem, err)
	}
	if *timeLimit > 0 {
		p.TimeLimit = *timeLimit
	}
	if *memLimit != "" {
		if p.MemoryLimit, err = judge.ParseSize(*memLimit); err != nil {
			return fmt.Errorf("%w: --memory-limit: %v", errUsage, err)
		}
	}
	if *checker != "" {
		p.Checker = *checker
	}
	if err := p.Validate(); err != nil {
		return err
	}
	src, err := readSource(*file)
	if err != nil {
		return err
	}
	j, err := newJudge(ctx, e, *weaker)
	if err != nil {
		return err
	}
	defer j.Close()
	progress := func(tr judge.TestResult) {
		if *format == "text" {
			fmt.Fprintf(e.stdout, "  test %-6s %-14s %5d ms %7d KiB\n", tr.Name, tr.Verdict, tr.TimeMS, tr.MemoryKB)
		}
	}
	sub, err := j.Evaluate(ctx, p, *lang, src, *samples, progress)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(sub)
	}
	fmt.Fprintf(e.stdout, "verdict: %s (isolation %s)\n", sub.Verdict, sub.Isolation)
	if sub.Verdict == judge.CompileError {
		fmt.Fprintf(e.stdout, "%s\n", sub.CompileOutput)
	}
	for _, t := range sub.Tests {
		if t.Sample && t.Verdict == judge.WrongAnswer {
			fmt.Fprintf(e.stdout, "\nsample %s input:\n%s\nexpected:\n%s\ngot:\n%s\n", t.Name, t.Input, t.Expected, t.Got)
		}
		if t.Sample && t.Stderr != "" {
			fmt.Fprintf(e.stdout, "\nsample %s standard error:\n%s\n", t.Name, t.Stderr)
		}
	}
	return nil
}

func readSource(name string) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	if fi.Size() > judge.MaxSource {
		return nil, fmt.Errorf("source %s is %d bytes; the limit is %d KiB", name, fi.Size(), judge.MaxSource>>10)
	}
	return os.ReadFile(name)
}

func newJudge(ctx context.Context, e *env, weaker bool) (*judge.Judge, error) {
	sb, err := sandbox.New(sandbox.Options{AllowWeaker: weaker, Slots: 2})
	if err != nil {
		return nil, err
	}
	j := judge.New(sb, judge.Detect(ctx))
	j.UseBuildCache(buildCacheDir(e.getenv))
	return j, nil
}

// buildCacheDir is where the judge's trusted build outputs live:
// REHEARSE_BUILD_CACHE, else the user's cache directory.
func buildCacheDir(getenv func(string) string) string {
	if d := getenv("REHEARSE_BUILD_CACHE"); d != "" {
		return d
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "rehearse", "build")
}

func runDoctor(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "judge doctor", "[--format text|json]", "Say what this machine supports for running code in isolation, and why.")
	format := fs.String("format", "text", "text or json")
	if err := parseFlags(e, fs, args); err != nil {
		return helpOK(err)
	}
	caps := sandbox.Probe()
	langs := judge.Detect(ctx)
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"capabilities": caps, "languages": langs})
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	cg := "none"
	if caps.Cgroup > 0 {
		cg = fmt.Sprintf("v%d, writable: %s", caps.Cgroup, yes(caps.CgroupWritable))
	}
	fmt.Fprintf(e.stdout, "Isolation level: %s\n\n", strings.ToUpper(string(caps.Level)))
	fmt.Fprintf(e.stdout, "  operating system     %s\n  running as root      %s\n  user namespaces      %s\n  cgroups              %s\n  seccomp              %s\n  pivot_root           %s\n  landlock             %s\n",
		caps.OS, yes(caps.Root), yes(caps.UserNamespaces), cg, yes(caps.Seccomp), yes(caps.PivotRoot), landlock(caps.Landlock))
	for _, n := range caps.Notes {
		fmt.Fprintf(e.stdout, "  note: %s\n", n)
	}
	switch caps.Level {
	case sandbox.Full:
		fmt.Fprintf(e.stdout, "\nFull: every run gets its own namespaces, a read-only root, an unprivileged user, cgroup limits on memory and processes, rlimits and a seccomp filter.\n")
	case sandbox.Partial:
		fmt.Fprintf(e.stdout, "\nPartial: no writable cgroups, so memory and process limits rest on rlimits. The judge refuses to run code unless --allow-weaker-sandbox is given.\n")
	default:
		fmt.Fprintf(e.stdout, "\nNone: code cannot be run safely here, and the judge will not run it.\n")
	}
	fmt.Fprintf(e.stdout, "\nLanguages found:\n")
	for _, l := range langs {
		fmt.Fprintf(e.stdout, "  %-11s %-22s %s\n", l.ID, l.Name, l.Version)
	}
	if len(langs) == 0 {
		fmt.Fprintf(e.stdout, "  none\n")
	}
	return nil
}

func landlock(abi int) string {
	if abi == 0 {
		return "no"
	}
	return fmt.Sprintf("ABI %d", abi)
}

func runJudgeRun(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "judge run", "--lang LANG --file SRC [--stdin FILE] [--problem ID|DIR]", "Run a program once in the sandbox on your own input (the editor's \"run with custom input\"). With --problem, it runs as that problem's solution: a function problem's --stdin holds the arguments, one JSON value a line, and the output is what the function returned.")
	problem := fs.String("problem", "", "run as a solution of this problem (an id of the built-in or --packs problems, or a problem folder)")
	var packDirs stringList
	fs.Var(&packDirs, "packs", "a directory of extra content packs, for --problem ID; repeatable")
	lang := fs.String("lang", "", "language id (see rehearse judge doctor)")
	file := fs.String("file", "", "the program's source file")
	stdinFile := fs.String("stdin", "", "a file to give the program on standard input")
	format := fs.String("format", "text", "text or json")
	timeLimit := fs.Duration("time-limit", 2*time.Second, "CPU time limit")
	memLimit := fs.String("memory-limit", "256MiB", "memory limit")
	weaker := fs.Bool("allow-weaker-sandbox", false, "run code even below the full isolation level")
	if err := parseFlags(e, fs, args); err != nil {
		return helpOK(err)
	}
	if *lang == "" || *file == "" {
		return fmt.Errorf("%w: judge run needs --lang and --file", errUsage)
	}
	src, err := readSource(*file)
	if err != nil {
		return err
	}
	var stdin []byte
	if *stdinFile != "" {
		if stdin, err = os.ReadFile(*stdinFile); err != nil {
			return fmt.Errorf("stdin: %w", err)
		}
	}
	mem, err := judge.ParseSize(*memLimit)
	if err != nil {
		return fmt.Errorf("%w: --memory-limit: %v", errUsage, err)
	}
	j, err := newJudge(ctx, e, *weaker)
	if err != nil {
		return err
	}
	defer j.Close()
	if *problem != "" {
		return judgeRunProblem(ctx, e, j, fs, *problem, packDirs, *lang, src, stdin, *timeLimit, mem, *format)
	}
	out := map[string]any{}
	prog, err := j.Prepare(ctx, *lang, src)
	defer prog.Close()
	if prog != nil {
		out["compile_output"] = prog.CompileOutput
	}
	var run *judge.Run
	switch {
	case err == nil:
		lim := sandbox.DefaultLimits()
		lim.CPUTime, lim.WallTime, lim.Memory = *timeLimit, 2**timeLimit+time.Second, mem
		lim.Output = 64 << 10
		if run, err = j.Execute(ctx, prog, stdin, lim); err != nil {
			return err
		}
		out["verdict"], out["exit_code"], out["stdout"], out["stderr"] = run.Verdict, run.ExitCode, string(run.Stdout), string(run.Stderr)
		out["time_ms"], out["memory_kb"], out["isolation"] = run.TimeMS, run.MemoryKB, run.Isolation
		if run.Signal != "" {
			out["signal"] = run.Signal
		}
	case prog != nil:
		out["verdict"], out["isolation"] = judge.CompileError, sandbox.Full
	default:
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(e.stdout, "verdict: %v\n", out["verdict"])
	if run != nil {
		fmt.Fprintf(e.stdout, "exit code %d%s, %d ms, %d KiB, isolation %s\n--- stdout\n%s\n--- stderr\n%s\n", run.ExitCode, sig(run.Signal), run.TimeMS, run.MemoryKB, run.Isolation, run.Stdout, run.Stderr)
	} else {
		fmt.Fprintf(e.stdout, "%s\n", out["compile_output"])
	}
	return nil
}

func sig(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// problemFS opens a problem folder by path, or finds a pack's problem by id.
func problemFS(e *env, arg string, packDirs []string) (iofs.FS, func(), error) {
	if st, err := os.Stat(arg); err == nil && st.IsDir() {
		root, err := os.OpenRoot(arg)
		if err != nil {
			return nil, nil, fmt.Errorf("problem %s: %w", arg, err)
		}
		return root.FS(), func() { root.Close() }, nil
	}
	lib, err := loadPacks(e, packDirs, true)
	if err != nil {
		return nil, nil, err
	}
	ref, err := lib.Problem(arg)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (or give a problem folder's path)", err)
	}
	return ref.FS, func() {}, nil
}

// judgeRunProblem runs src once on stdin as a solution of a problem, with
// the problem's limits unless --time-limit or --memory-limit was given.
func judgeRunProblem(ctx context.Context, e *env, j *judge.Judge, fs *flag.FlagSet, problem string, packDirs []string, lang string, src, stdin []byte, timeLimit time.Duration, mem int64, format string) error {
	pfs, closeFS, err := problemFS(e, problem, packDirs)
	if err != nil {
		return err
	}
	defer closeFS()
	p, err := judge.LoadProblem(pfs, problem)
	if err != nil {
		return fmt.Errorf("problem %s: %w", problem, err)
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "time-limit":
			p.TimeLimit = timeLimit
		case "memory-limit":
			p.MemoryLimit = mem
		}
	})
	r, err := j.Custom(ctx, p, lang, src, stdin)
	if err != nil {
		return err
	}
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(e.stdout, "verdict: %s\n", r.Verdict)
	if r.Verdict == judge.CompileError {
		fmt.Fprintf(e.stdout, "%s\n", r.CompileOutput)
		return nil
	}
	what := "stdout"
	if p.Function != nil {
		what = "returned"
	}
	fmt.Fprintf(e.stdout, "exit code %d%s, %d ms, %d KiB, isolation %s\n--- %s\n%s\n--- stderr\n%s\n", r.ExitCode, sig(r.Signal), r.TimeMS, r.MemoryKB, r.Isolation, what, r.Stdout, r.Stderr)
	return nil
}
