package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rehearse/rehearse/internal/grading"
	"github.com/rehearse/rehearse/internal/rehearse"
)

const gradeAbout = `Grade a written answer to one question with the built-in rubric engine
(offline, deterministic) and print the report: a level per rubric dimension
with quoted evidence, the key points covered and missing, the follow-up
questions the interviewer would ask next, and delivery metrics.

--answer - reads the answer from standard input. --format json prints one
JSON object whose fields are documented in docs/cli.md.`

func runGrade(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "grade", "--question ID --answer FILE|- [--format text|json]", gradeAbout)
	qid := fs.String("question", "", "the question id, e.g. distributed-rate-limiter")
	answer := fs.String("answer", "", "a file with the answer, or - for standard input")
	format := fs.String("format", "text", "text or json")
	clarified := fs.Int("clarified", 0, "how many clarifying questions the candidate asked before answering")
	hints := fs.Int("hints", 0, "how many hints the candidate used")
	var packDirs stringList
	fs.Var(&packDirs, "packs", "a directory of extra content packs; repeatable")
	if err := parseFlags(e, fs, args); err != nil {
		return helpOK(err)
	}
	switch {
	case *qid == "":
		return fmt.Errorf("%w: --question is required (see the question bank at /questions or GET /api/v1/questions)", errUsage)
	case *answer == "":
		return fmt.Errorf("%w: --answer is required: a file, or - for standard input", errUsage)
	case *format != "text" && *format != "json":
		return fmt.Errorf("%w: --format must be text or json", errUsage)
	}
	lib, err := loadPacks(e, packDirs, true)
	if err != nil {
		return err
	}
	q, err := lib.Question(*qid)
	if err != nil {
		return err
	}
	text, err := readAnswer(e, *answer)
	if err != nil {
		return err
	}
	rep, err := grading.NewEngine([]*rehearse.Question{q}).Grade(grading.Input{Question: q, Answer: text, Clarified: *clarified, HintsUsed: *hints})
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printReport(e.stdout, rep)
	return nil
}

// readAnswer reads the answer file (or stdin for "-"), refusing anything over
// the grader's limit before reading it all.
func readAnswer(e *env, name string) (string, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return "", fmt.Errorf("read answer: %w", err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Size() > grading.MaxAnswerBytes {
			return "", fmt.Errorf("the answer in %s is %d bytes; the limit is %d KiB", name, st.Size(), grading.MaxAnswerBytes>>10)
		}
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, grading.MaxAnswerBytes+1))
	if err != nil {
		return "", fmt.Errorf("read answer: %w", err)
	}
	if len(b) > grading.MaxAnswerBytes {
		return "", fmt.Errorf("the answer is over the %d KiB limit", grading.MaxAnswerBytes>>10)
	}
	return string(b), nil
}

func printReport(w io.Writer, r *grading.Report) {
	fmt.Fprintf(w, "%s\n%s · rubric v%s\n\n", r.Title, r.Question, r.RubricVersion)
	if r.Level != nil {
		fmt.Fprintf(w, "Level: %d · %s\n", *r.Level, r.LevelLabel)
	} else {
		fmt.Fprintf(w, "Level: not enough evidence\n")
	}
	fmt.Fprintf(w, "%s\n", r.Summary)
	for _, f := range r.Flags {
		fmt.Fprintf(w, "! %s\n", f.Message)
		if f.Quote != "" {
			fmt.Fprintf(w, "    %q\n", clip(f.Quote, 160))
		}
	}
	if len(r.Dimensions) > 0 {
		fmt.Fprintf(w, "\nDimensions\n")
	}
	// Names are padded to the longest so the levels line up.
	width := 0
	for _, d := range r.Dimensions {
		width = max(width, utf8.RuneCountInString(d.Name))
	}
	for _, d := range r.Dimensions {
		lv := "not enough evidence"
		if d.Level != nil {
			lv = fmt.Sprintf("%d · %s", *d.Level, d.LevelLabel)
		}
		fmt.Fprintf(w, "  %-*s  %s\n", width, d.Name, lv)
		if d.Reason != "" {
			fmt.Fprintf(w, "      %s\n", d.Reason)
		}
		for i, ev := range d.Evidence {
			if i == 3 {
				fmt.Fprintf(w, "      … and %d more\n", len(d.Evidence)-3)
				break
			}
			fmt.Fprintf(w, "      %-8s %q\n", ev.Strength, clip(ev.Quote, 140))
		}
	}
	if len(r.Covered) > 0 {
		fmt.Fprintf(w, "\nCovered\n")
		for _, c := range r.Covered {
			fmt.Fprintf(w, "  + %s (%s)\n", c.Label, c.Strength)
		}
	}
	if len(r.Missing) > 0 {
		fmt.Fprintf(w, "\nMissing, most important first\n")
		for _, m := range r.Missing {
			fmt.Fprintf(w, "  - %s (weight %d)\n", m.Label, m.Weight)
		}
	}
	if len(r.FollowUps) > 0 {
		fmt.Fprintf(w, "\nThe interviewer would ask next\n")
		for i, f := range r.FollowUps {
			fmt.Fprintf(w, "  %d. %s\n", i+1, f)
		}
	}
	if b := r.Behavioral; b != nil {
		fmt.Fprintf(w, "\nSTAR\n")
		for _, p := range b.STAR {
			mark := "missing"
			if p.Present {
				mark = fmt.Sprintf("%q", clip(p.Quote, 110))
			}
			fmt.Fprintf(w, "  %-10s %s\n", p.Part, mark)
		}
		fmt.Fprintf(w, "  \"I\" %d vs \"we\" %d; quantified results: %d\n", b.I, b.We, len(b.Results))
	}
	d := r.Delivery
	fmt.Fprintf(w, "\nDelivery (apart from content)\n  %d words, %d sentences, %d filler words", d.Words, d.Sentences, d.FillerWords)
	if len(d.Fillers) > 0 {
		var parts []string
		for k, n := range d.Fillers {
			parts = append(parts, fmt.Sprintf("%s ×%d", k, n))
		}
		fmt.Fprintf(w, " (%s)", strings.Join(sorted(parts), ", "))
	}
	fmt.Fprintf(w, ", %d hedges", d.Hedges)
	if d.Rambling {
		fmt.Fprintf(w, "; rambling: %s", d.RamblingReason)
	}
	fmt.Fprintln(w)
	switch r.Round {
	case rehearse.RoundSystemDesign, rehearse.RoundCoding, rehearse.RoundConcept:
		// The rules know coverage and the misconceptions they were given,
		// not whether every claim is true (docs/grading.md measures it).
		fmt.Fprintf(w, "\nThe built-in grader checks what you covered and how you explained it, and\nflags known misconceptions; it cannot check that every claim is true.\n")
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func sorted(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return out
}
