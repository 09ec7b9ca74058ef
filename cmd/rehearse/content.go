package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/rehearse/rehearse/internal/content"
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

func runLint(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "content lint", "[--standalone] [--format text|json] DIR...", lintAbout)
	standalone := fs.Bool("standalone", false, "do not load the built-in packs beside DIR")
	format := fs.String("format", "text", "text or json")
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
		fmt.Fprintf(e.stdout, "ok: %d pack(s), %d question(s), %d guide(s), no problems\n", len(lib.Packs()), len(lib.Questions()), len(lib.Guides()))
	}
	return nil
}
