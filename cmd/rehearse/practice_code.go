package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/rehearse/rehearse/internal/interview"
	"github.com/rehearse/rehearse/internal/judge"
	"github.com/rehearse/rehearse/internal/rehearse"
)

// codeDesk is the terminal's editor for coding questions: the candidate's
// program lives in a file under the data directory (so /quit and --resume
// keep it), opened in $VISUAL or $EDITOR on the language's starter code,
// then run on the samples or submitted to the judge in the sandbox.
type codeDesk struct {
	e       *env
	svc     *interview.Service
	dir     string
	lang    string
	noticed string // the question whose problem was last introduced
}

func newCodeDesk(e *env, svc *interview.Service, dataDir string) *codeDesk {
	d := &codeDesk{e: e, svc: svc, dir: filepath.Join(dataDir, "code")}
	if j := svc.Judge(); j != nil {
		for _, l := range j.Languages() {
			if d.lang == "" || l.ID == "python" {
				d.lang = l.ID
			}
		}
	}
	return d
}

func (d *codeDesk) language(id string) (judge.Language, bool) {
	for _, l := range d.svc.Judge().Languages() {
		if l.ID == id {
			return l, true
		}
	}
	return judge.Language{}, false
}

// problem is the judged problem of the current question, or nil.
func (d *codeDesk) problem(sess *rehearse.Session) (*judge.Problem, string) {
	c := sess.Current()
	if c == nil || c.Type != rehearse.RoundCoding || sess.Question >= len(c.Questions) || sess.Status != rehearse.Active {
		return nil, ""
	}
	qid := c.Questions[sess.Question]
	p, err := d.svc.Problem(qid)
	if err != nil || p == nil {
		return nil, ""
	}
	return p, qid
}

// introduce says, once per question, how to code in the terminal.
func (d *codeDesk) introduce(sess *rehearse.Session) {
	p, qid := d.problem(sess)
	if p == nil || d.noticed == qid {
		return
	}
	d.noticed = qid
	var langs []string
	for _, l := range d.svc.Judge().Languages() {
		if p.Supports(l.ID) {
			langs = append(langs, l.ID)
		}
	}
	fmt.Fprintf(d.e.stdout, "[This question is judged: /code opens %s on your program (%s), /run runs the samples, /submit runs every test, /lang LANG switches language (%s).]\n\n",
		editorName(d.e), d.lang, strings.Join(langs, ", "))
	if p.Statement != "" {
		fmt.Fprintf(d.e.stdout, "%s\n\n", strings.TrimSpace(p.Statement))
	}
}

func editorName(e *env) string {
	if ed := editorCommand(e); len(ed) > 0 {
		return filepath.Base(ed[0])
	}
	return "your editor"
}

// editorCommand is $VISUAL, else $EDITOR, else vi, split into words.
func editorCommand(e *env) []string {
	for _, k := range []string{"VISUAL", "EDITOR"} {
		if v := strings.Fields(e.getenv(k)); len(v) > 0 {
			return v
		}
	}
	return []string{"vi"}
}

// file is the program's path for this question and language, created
// with the starter code the first time.
func (d *codeDesk) file(sess *rehearse.Session, p *judge.Problem) (string, error) {
	l, ok := d.language(d.lang)
	if !ok {
		return "", rehearse.Errorf(rehearse.ErrNotFound, "language %q is not installed here", d.lang)
	}
	name := fmt.Sprintf("%s-r%d-q%d-%s", sess.ID, sess.Round+1, sess.Question+1, l.Source)
	path := filepath.Join(d.dir, name)
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
		return "", err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := os.WriteFile(path, []byte(p.Starter(d.lang)), 0o600); err != nil {
			return "", err
		}
	}
	return path, nil
}

// edit opens the editor on the program and waits for it.
func (d *codeDesk) edit(ctx context.Context, path string) error {
	ed := editorCommand(d.e)
	cmd := exec.CommandContext(ctx, ed[0], append(ed[1:], path)...)
	// The editor needs the real terminal, not the answer stream.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("the editor (%s) failed: %w; set $EDITOR to one you use", strings.Join(ed, " "), err)
	}
	return nil
}

// handles reports whether cmd is one of the desk's commands.
func (d *codeDesk) handles(cmd string) bool {
	name, _, _ := strings.Cut(cmd, " ")
	switch name {
	case "/code", "/run", "/submit", "/lang":
		return true
	}
	return false
}

// command handles /code, /run, /submit and /lang.
func (d *codeDesk) command(ctx context.Context, sess *rehearse.Session, cmd string) (*rehearse.Session, error) {
	name, arg, _ := strings.Cut(cmd, " ")
	arg = strings.TrimSpace(arg)
	if d.svc.Judge() == nil {
		fmt.Fprintf(d.e.stdout, "(Code cannot be run here: the sandbox is not available; see rehearse judge doctor. Explain your approach and write the code in your answer.)\n")
		return sess, nil
	}
	p, _ := d.problem(sess)
	if p == nil {
		fmt.Fprintf(d.e.stdout, "(This question has no judged problem; explain your approach instead.)\n")
		return sess, nil
	}
	if name == "/lang" {
		if !p.Supports(arg) {
			fmt.Fprintf(d.e.stdout, "(%q is not offered for this problem.)\n", arg)
			return sess, nil
		}
		if _, ok := d.language(arg); !ok {
			fmt.Fprintf(d.e.stdout, "(%q is not installed here.)\n", arg)
			return sess, nil
		}
		d.lang = arg
		fmt.Fprintf(d.e.stdout, "[Language: %s. /code opens it.]\n", arg)
		return sess, nil
	}
	path, err := d.file(sess, p)
	if err != nil {
		return sess, err
	}
	if name == "/code" {
		if err := d.edit(ctx, path); err != nil {
			fmt.Fprintf(d.e.stdout, "(%v)\n", err)
			return sess, nil
		}
		fmt.Fprintf(d.e.stdout, "[Saved %s. /run runs the samples, /submit every test.]\n", path)
		return sess, nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return sess, err
	}
	submit := name == "/submit"
	fmt.Fprintf(d.e.stdout, "[%s %s…]\n", map[bool]string{false: "Running the samples of", true: "Judging every test of"}[submit], filepath.Base(path))
	next, sub, err := d.svc.Code(ctx, sess.ID, cliOwner, interview.CodeInput{Submit: submit, Lang: d.lang, Code: string(src),
		ClientID: fmt.Sprintf("cli-code-%d", time.Now().UnixNano()),
		Queued:   func(pos int) { fmt.Fprintf(d.e.stdout, "  waiting for the judge: place %d\n", pos) },
		Progress: func(t judge.TestResult) {
			fmt.Fprintf(d.e.stdout, "  test %-6s %-14s %5d ms %7d KiB\n", t.Name, t.Verdict, t.TimeMS, t.MemoryKB)
			if t.Sample && t.Verdict == judge.WrongAnswer {
				fmt.Fprintf(d.e.stdout, "    expected:\n%s\n    got:\n%s\n", indent(t.Expected), indent(t.Got))
			}
			if t.Sample && t.Stderr != "" {
				fmt.Fprintf(d.e.stdout, "    standard error:\n%s\n", indent(t.Stderr))
			}
		}})
	if err != nil {
		if errors.Is(err, rehearse.ErrInvalid) || errors.Is(err, rehearse.ErrTooLarge) || errors.Is(err, rehearse.ErrConflict) || errors.Is(err, rehearse.ErrNotFound) || errors.Is(err, rehearse.ErrUnavailable) {
			fmt.Fprintf(d.e.stdout, "(%v)\n", err)
			return sess, nil
		}
		return sess, err
	}
	if sub != nil && sub.Verdict == judge.CompileError {
		fmt.Fprintf(d.e.stdout, "%s\n", strings.TrimSpace(sub.CompileOutput))
	}
	return next, nil
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "      " + l
	}
	return strings.Join(lines, "\n")
}
