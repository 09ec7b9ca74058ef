package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func practice(t *testing.T, getenv func(string) string, stdin string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), append([]string{"practice"}, args...), getenv, strings.NewReader(stdin), &out, &errOut); err != nil {
		t.Fatalf("practice: %v\n%s", err, errOut.String())
	}
	return out.String()
}

// The terminal flow, scripted: a clarifying question, an answer, a hint,
// /done, and the report at the end.
func TestPracticeScripted(t *testing.T) {
	getenv := testEnv(t, nil)
	out := practice(t, getenv, "How many API servers?\n\nI'd use a token bucket per user in Redis, because every server must see one count.\n\n/hint\n/done\n",
		"--question", "distributed-rate-limiter")
	for _, want := range []string{
		"Interviewer: 200 stateless API servers", // the fact sheet answers the clarifying question
		"Interviewer: Hint:",
		"Interviewer: Feedback:", // practice mode
		"## Debrief:",
		"## Transcript",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
}

// End of input pauses the session; --resume carries on from the same place.
func TestPracticeResume(t *testing.T) {
	getenv := testEnv(t, nil)
	out := practice(t, getenv, "I'd keep counters in Redis.\n", "--company", "microsoft", "--round", "system-design", "--mode", "real")
	m := regexp.MustCompile(`--resume (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no resume hint:\n%s", out)
	}
	if strings.Contains(out, "Hint:") || strings.Contains(out, "Feedback:") {
		t.Error("real mode gave hints or feedback")
	}
	out2 := practice(t, getenv, "/skip\n", "--resume", m[1])
	if !strings.Contains(out2, "I'd keep counters in Redis.") && !strings.Contains(out2, "Interviewer:") {
		t.Errorf("resume did not show the conversation:\n%s", out2)
	}
	if !strings.Contains(out2, "## Debrief:") {
		t.Errorf("skipping the last question did not end with a report:\n%s", out2)
	}
}

// The terminal coding flow: /code opens $EDITOR on the starter code, /run
// runs the samples and /submit every test in the sandbox.
func TestPracticeCodeInEditor(t *testing.T) {
	needSandbox(t)
	dir := t.TempDir()
	sol := filepath.Join(dir, "solution.py")
	if err := os.WriteFile(sol, []byte(readFile(t, "../../packs/microsoft/problems/top-k-sliding-window/solutions/main.py")), 0o644); err != nil {
		t.Fatal(err)
	}
	// The "editor" records what it was opened on, then writes the solution.
	editor := filepath.Join(dir, "editor.sh")
	script := "#!/bin/sh\ncp \"$1\" " + filepath.Join(dir, "opened") + "\ncp " + sol + " \"$1\"\n"
	if err := os.WriteFile(editor, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	getenv := testEnv(t, map[string]string{"EDITOR": editor})
	out := practice(t, getenv, "/code\n/run\n/submit\n/done\n", "--question", "top-k-sliding-window")
	for _, want := range []string{
		"[This question is judged: /code opens editor.sh",
		"Top K in a sliding window", // the statement
		"test 01     accepted",
		"Submitted (python): accepted",
		"## Debrief:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
	if opened := readFile(t, filepath.Join(dir, "opened")); !strings.Contains(opened, "sys.stdin") {
		t.Errorf("the editor did not open on the Python starter code: %q", opened)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
