// Command rehearse is Rehearse's one binary: it serves the prep guides and
// mock interviews, checks content packs and manages the database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/rehearse/rehearse/internal/sandbox"
)

func main() {
	// A re-executed copy of this binary is the sandbox's init; it never
	// returns from here.
	sandbox.MaybeInit()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "rehearse: %v\n", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// errUsage marks a mistake in the command line; main exits 2.
var errUsage = errors.New("usage")

// command is one subcommand.
type command struct {
	name    string
	summary string
	usage   string // after "rehearse NAME"
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a subcommand may touch: its arguments' world. Nothing reads
// os.Getenv or os.Stdout directly, so tests run commands in-process.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func commands() []command {
	return []command{
		{"serve", "start the web server (guides, mock interviews, API)", "[flags]", runServe},
		{"content", "work with content packs: content lint DIR...", "lint [--standalone] [--format text|json] DIR...", runContent},
		{"practice", "run a mock interview in the terminal", "--company ID --role ID [--round TYPE] [--mode real]", runPractice},
		{"grade", "grade a written answer to a question: levels, evidence, follow-ups", "--question ID --answer FILE|-", runGrade},
		{"judge", "run code in the sandbox: judge doctor, judge run, judge --problem", "doctor | run --lang L --file F | --problem DIR --lang L --file F", runJudge},
		{"speech", "check or use a speech-to-text endpoint: speech check, speech transcribe", "check | transcribe --audio FILE [--format json]", runSpeech},
		{"migrate", "bring the database schema up to date", "[--data DIR] [--status]", runMigrate},
		{"version", "print the version", "", runVersion},
		{"help", "show help for a command", "[COMMAND]", nil},
	}
}

// run is the whole program: main only adds the process around it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printHelp(stderr)
		return errUsage
	}
	name, rest := args[0], args[1:]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(rest) == 0 {
			printHelp(stdout)
			return nil
		}
		return runHelp(stdout, rest[0])
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(ctx, e, rest)
		}
	}
	printHelp(stderr)
	return fmt.Errorf("%w: unknown command %q", errUsage, name)
}

func printHelp(w io.Writer) {
	fmt.Fprintf(w, "Rehearse: practise big-tech backend interview loops out loud.\n\nUsage: rehearse COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun \"rehearse help COMMAND\" for a command's flags.\n")
}

func runHelp(w io.Writer, name string) error {
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		if c.run == nil {
			printHelp(w)
			return nil
		}
		// Each command prints its own flags on -h.
		e := &env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: w, stderr: w}
		err := c.run(context.Background(), e, []string{"-h"})
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	return fmt.Errorf("%w: unknown command %q", errUsage, name)
}

// newFlagSet returns a flag set whose usage text says what the command does
// and whose errors come back to run instead of exiting.
func newFlagSet(e *env, name, usage, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: rehearse %s %s\n\n%s\n", name, usage, about)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintf(out, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args, mapping -h to flag.ErrHelp (printed to stdout, a
// success) and bad flags to errUsage.
func parseFlags(e *env, fs *flag.FlagSet, args []string) error {
	fs.SetOutput(e.stderr)
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return flag.ErrHelp
		}
	}
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

func runVersion(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "version", "", "Print the version of this binary.")
	if err := parseFlags(e, fs, args); err != nil {
		return helpOK(err)
	}
	fmt.Fprintf(e.stdout, "rehearse %s\n", version())
	return nil
}

// helpOK turns the -h "error" into success.
func helpOK(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// version describes this build from the module and VCS information the Go
// toolchain stamps into it.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "dev"
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		v += " (" + rev + modified + ")"
	}
	return v + " " + info.GoVersion
}
