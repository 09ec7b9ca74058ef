package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	iofs "io/fs"
	"path"
	"strings"

	"github.com/rehearse/rehearse/internal/content"
	"github.com/rehearse/rehearse/internal/judge"
	"github.com/rehearse/rehearse/internal/sandbox"
)

const lintAbout = `Check content packs and report every problem as file:line: message.

Each DIR is a pack (it holds pack.yaml) or a folder of packs. The built-in
packs are loaded beside them so references to built-in roles and topics
resolve (a DIR holding a pack with a built-in pack's id is checked in its
place); --standalone checks the directories alone. Exits 1 when there is
any problem.`

func runContent(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(e.stdout, "Usage: rehearse content lint [--standalone] [--format text|json] DIR...\n\n%s\n", lintAbout)
		if len(args) == 0 {
			return fmt.Errorf("%w: content needs a subcommand: lint", errUsage)
		}
		return nil
	}
	if args[0] != "lint" {
		return fmt.Errorf("%w: unknown content subcommand %q (want lint)", errUsage, args[0])
	}
	return runLint(ctx, e, args[1:])
}

func runLint(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "content lint", "[--standalone] [--format text|json] DIR...", lintAbout)
	standalone := fs.Bool("standalone", false, "do not load the built-in packs beside DIR")
	format := fs.String("format", "text", "text or json")
	skipSolutions := fs.Bool("skip-solutions", false, "do not run problems' reference solutions in the sandbox")
	if err := parseFlags(e, fs, args); err != nil {
		return helpOK(err)
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format must be text or json", errUsage)
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: content lint needs at least one pack directory", errUsage)
	}
	srcs, closeAll, err := packSources(fs.Args(), !*standalone, true)
	if err != nil {
		return err
	}
	defer closeAll()
	lib, err := content.Load(srcs...)
	var probs content.Problems
	if err != nil && !errors.As(err, &probs) {
		return err
	}
	if lib != nil {
		// Only the problems of the packs being linted: the built-in packs
		// are loaded beside them for references and checked by their own
		// tests. They are told apart by source, not by name: a directory
		// may well be called packs too.
		linted := map[string]bool{}
		for _, src := range srcs[len(srcs)-fs.NArg():] {
			for _, id := range content.PackIDs(src) {
				linted[id] = true
			}
		}
		probs = append(probs, checkProblems(ctx, e, lib, linted, !*skipSolutions)...)
	}
	if *format == "json" {
		out := struct {
			OK       bool              `json:"ok"`
			Problems []content.Problem `json:"problems"`
			Packs    int               `json:"packs"`
		}{OK: len(probs) == 0, Problems: append([]content.Problem{}, probs...)}
		if lib != nil {
			out.Packs = len(lib.Packs())
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		for _, p := range probs {
			fmt.Fprintln(e.stdout, p)
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("%d problem(s) found", len(probs))
	}
	if *format == "text" {
		fmt.Fprintf(e.stdout, "ok: %d pack(s), %d question(s), %d guide(s), %d judged problem(s), no problems\n", len(lib.Packs()), len(lib.Questions()), len(lib.Guides()), len(lib.Problems()))
	}
	return nil
}

// checkProblems loads every judged problem of the linted packs, checks
// that it has at least two hints and two follow-up variants and, when the
// sandbox is at the full level and runSolutions is set, that each
// reference solution is accepted on its own tests.
func checkProblems(ctx context.Context, e *env, lib *content.Library, linted map[string]bool, runSolutions bool) content.Problems {
	var out content.Problems
	var refs []*content.ProblemRef
	for _, r := range lib.Problems() {
		if linted[r.Pack] {
			refs = append(refs, r)
		}
	}
	if len(refs) == 0 {
		return nil
	}
	var j *judge.Judge
	if runSolutions {
		if sandbox.Probe().Level == sandbox.Full {
			var err error
			if j, err = newJudge(ctx, e, false); err != nil {
				out = append(out, content.Problem{File: "sandbox", Msg: err.Error()})
			} else {
				defer j.Close()
			}
		} else {
			fmt.Fprintf(e.stderr, "note: reference solutions not run: the sandbox is not at the full level here (see rehearse judge doctor)\n")
		}
	}
	langs := map[string]string{"main.py": "python", "main.js": "javascript", "main.go": "go", "Main.java": "java", "main.c": "c", "main.cpp": "cpp"}
	for _, ref := range refs {
		p, err := judge.LoadProblem(ref.FS, ref.ID)
		if err != nil {
			out = append(out, content.Problem{File: ref.Dir, Msg: err.Error()})
			continue
		}
		// An interviewer needs somewhere to go when the candidate is stuck
		// and when they finish early.
		if len(p.Hints) < 2 {
			out = append(out, content.Problem{File: ref.Dir + "/statement.md", Msg: fmt.Sprintf("%d hint(s) under ## Hints; at least two are required", len(p.Hints))})
		}
		if len(p.FollowUps) < 2 {
			out = append(out, content.Problem{File: ref.Dir + "/statement.md", Msg: fmt.Sprintf("%d follow-up variant(s) under ## Follow-up variants; at least two are required", len(p.FollowUps))})
		}
		// Solutions are named for their language (main.py, Main.java, …).
		// A function problem's hold the function alone: Evaluate wraps them
		// in the problem's harness as it does a candidate's code.
		var sols []string
		all, _ := iofs.Glob(ref.FS, "solutions/*")
		for _, sol := range all {
			if _, ok := langs[path.Base(sol)]; ok {
				sols = append(sols, sol)
			}
		}
		if len(sols) < 2 {
			out = append(out, content.Problem{File: ref.Dir, Msg: fmt.Sprintf("%d reference solution(s) in solutions/; at least two languages are required", len(sols))})
		}
		if j == nil {
			continue
		}
		for _, sol := range sols {
			lang := langs[path.Base(sol)]
			src, err := iofs.ReadFile(ref.FS, sol)
			if err != nil {
				out = append(out, content.Problem{File: ref.Dir + "/" + sol, Msg: err.Error()})
				continue
			}
			sub, err := j.Evaluate(ctx, p, lang, src, false, nil)
			if err != nil {
				out = append(out, content.Problem{File: ref.Dir + "/" + sol, Msg: err.Error()})
				continue
			}
			if sub.Verdict != judge.Accepted {
				failed := ""
				if n := len(sub.Tests); n > 0 {
					failed = " on test " + sub.Tests[n-1].Name
				}
				if sub.Verdict == judge.CompileError {
					failed = ": " + strings.TrimSpace(firstLines(sub.CompileOutput, 5))
				}
				out = append(out, content.Problem{File: ref.Dir + "/" + sol, Msg: fmt.Sprintf("reference solution gets %s%s", sub.Verdict, failed)})
			}
		}
	}
	return out
}

// firstLines is the first n lines of s.
func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
