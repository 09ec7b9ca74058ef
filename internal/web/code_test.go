package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/rehearse/rehearse/internal/content"
	"github.com/rehearse/rehearse/internal/judge"
	"github.com/rehearse/rehearse/internal/sandbox"
)

// fakeJudge "runs" code without a sandbox: it accepts programs that
// contain "correct" and fails the rest on the first hidden test. Handlers
// are tested against it; the real judge has its own tests.
type fakeJudge struct{}

func (fakeJudge) Languages() []judge.Language {
	return []judge.Language{{ID: "python", Name: "Python 3", Version: "3.11"}}
}

func (fakeJudge) Isolation() string { return string(sandbox.Full) }

// Custom echoes the input back, as a program that copies stdin would.
func (fakeJudge) Custom(_ context.Context, p *judge.Problem, lang string, src, stdin []byte) (*judge.CustomRun, error) {
	return &judge.CustomRun{Verdict: judge.Accepted, Isolation: sandbox.Full, Stdout: string(stdin), Stderr: "debug: read " + fmt.Sprint(len(stdin)) + " bytes", TimeMS: 2, MemoryKB: 800}, nil
}

func (fakeJudge) Evaluate(_ context.Context, p *judge.Problem, lang string, src []byte, samplesOnly bool, progress func(judge.TestResult)) (*judge.Submission, error) {
	sub := &judge.Submission{Verdict: judge.Accepted, Isolation: sandbox.Full, Language: lang}
	for _, t := range p.Tests {
		if samplesOnly && !t.Sample {
			continue
		}
		tr := judge.TestResult{Name: t.Name, Verdict: judge.Accepted, TimeMS: 3, MemoryKB: 900, Sample: t.Sample}
		if !strings.Contains(string(src), "correct") && !t.Sample {
			tr.Verdict = judge.WrongAnswer
		}
		sub.Tests = append(sub.Tests, tr)
		if progress != nil {
			progress(tr)
		}
		if tr.Verdict != judge.Accepted {
			sub.Verdict = tr.Verdict
			break
		}
	}
	return sub, nil
}

func newCodeServer(t *testing.T) *httptest.Server {
	t.Helper()
	return newServer(t, []content.Source{{Name: "codepack", FS: os.DirFS("testdata/codepack")}}, fakeJudge{})
}

func TestCodingRound(t *testing.T) {
	ts := newCodeServer(t)
	c := browserClient(t)
	resp := postForm(t, c, ts.URL+"/sessions", url.Values{"kind": {"question"}, "question": {"lru-cache-approach"}, "mode": {"real"}})
	page := ts.URL + resp.Header.Get("Location")
	doc := getDoc(t, c, page, http.StatusOK)
	if byID(doc, "editor") == nil || byID(doc, "code") == nil {
		t.Fatal("a coding question with a judged problem has no editor")
	}
	if !strings.Contains(text(byID(doc, "editor")), "Sample test 01") {
		t.Error("the sample test is not shown")
	}
	if got := text(byID(doc, "isolation")); !strings.Contains(got, "full isolation level") {
		t.Errorf("the sandbox's isolation level is not shown: %q", got)
	}

	// Without JavaScript: a wrong submission, then a right one.
	postForm(t, c, page+"/code", url.Values{"action": {"submit"}, "lang": {"python"}, "code": {"print(input())"}, "client_id": {"c1"}})
	doc = getDoc(t, c, page, http.StatusOK)
	if turns := strings.Join(turnsOf(doc), "\n"); !strings.Contains(turns, "wrong answer, 1 of 2 tests passed (sandbox: full isolation)") {
		t.Errorf("no verdict in the transcript:\n%s", turns)
	}
	if got := text(byID(doc, "code")); !strings.Contains(got, "print(input())") {
		t.Errorf("the editor lost the code: %q", got)
	}

	// With JavaScript: the API streams each test, then the submission.
	r, err := c.Post(ts.URL+"/api/v1/sessions/"+strings.TrimPrefix(resp.Header.Get("Location"), "/sessions/")+"/code", "application/json",
		strings.NewReader(`{"action":"submit","lang":"python","code":"print(input())  # correct","client_id":"c2"}`))
	if err != nil {
		t.Fatal(err)
	}
	var tests, final int
	sc := bufio.NewScanner(r.Body)
	for sc.Scan() {
		var m map[string]json.RawMessage
		json.Unmarshal(sc.Bytes(), &m)
		if _, ok := m["test"]; ok {
			tests++
		}
		if s, ok := m["submission"]; ok && strings.Contains(string(s), `"verdict":"accepted"`) {
			final++
		}
	}
	r.Body.Close()
	if tests != 2 || final != 1 {
		t.Errorf("streamed %d test lines and %d accepted submissions, want 2 and 1", tests, final)
	}

	// The accepted submission counts: correctness is not capped.
	postForm(t, c, page+"/act", url.Values{"action": {"done"}, "client_id": {"d"}})
	rep := text(getDoc(t, c, page+"/report", http.StatusOK))
	if strings.Contains(rep, "No working solution") {
		t.Error("an accepted submission was reported as no working solution")
	}
}

// The editor shows the statement (without its hints) and starter code;
// in practice mode the hint button gives the problem's hints in order; an
// accepted submission brings a follow-up variant.
func TestCodingRoundHintsAndVariants(t *testing.T) {
	ts := newCodeServer(t)
	c := browserClient(t)
	resp := postForm(t, c, ts.URL+"/sessions", url.Values{"kind": {"question"}, "question": {"lru-cache-approach"}, "mode": {"practice"}})
	page := ts.URL + resp.Header.Get("Location")
	doc := getDoc(t, c, page, http.StatusOK)
	ed := text(byID(doc, "editor"))
	if !strings.Contains(ed, "Input: one line") {
		t.Errorf("the statement is not shown: %q", ed)
	}
	if strings.Contains(ed, "Read the line and write it back") || strings.Contains(ed, "10 GB stream") {
		t.Error("hints or follow-up variants are shown with the statement")
	}
	if got := text(byID(doc, "code")); !strings.Contains(got, "sys.stdin") {
		t.Errorf("no Python starter code in the editor: %q", got)
	}
	for i, want := range []string{"Hint 1 of 2: What does the program receive", "Hint 2 of 2: Read the line"} {
		postForm(t, c, page+"/act", url.Values{"action": {"hint"}, "client_id": {fmt.Sprint("h", i)}})
		if turns := strings.Join(turnsOf(getDoc(t, c, page, http.StatusOK)), "\n"); !strings.Contains(turns, want) {
			t.Errorf("hint %d: %q not in the transcript:\n%s", i+1, want, turns)
		}
	}
	postForm(t, c, page+"/code", url.Values{"action": {"submit"}, "lang": {"python"}, "code": {"print(input())  # correct"}, "client_id": {"s1"}})
	turns := strings.Join(turnsOf(getDoc(t, c, page, http.StatusOK)), "\n")
	if !strings.Contains(turns, "A follow-up: What if the input were a 10 GB stream") {
		t.Errorf("no follow-up variant after an accepted submission:\n%s", turns)
	}
}

// A coding question left without a submission is capped at 2.
func TestCodingRoundWithoutSubmission(t *testing.T) {
	ts := newCodeServer(t)
	c := browserClient(t)
	resp := postForm(t, c, ts.URL+"/sessions", url.Values{"kind": {"question"}, "question": {"lru-cache-approach"}, "mode": {"real"}})
	page := ts.URL + resp.Header.Get("Location")
	postForm(t, c, page+"/act", url.Values{"action": {"say"}, "text": {"A hash map plus a doubly linked list gives O(1) get and put, because the map finds the node and the list keeps the order."}, "client_id": {"a"}})
	postForm(t, c, page+"/act", url.Values{"action": {"done"}, "client_id": {"d"}})
	rep := text(getDoc(t, c, page+"/report", http.StatusOK))
	if !strings.Contains(rep, "no code was submitted") {
		t.Error("a coding answer without code was not capped for lack of a working solution")
	}
}

// slowJudge holds every evaluation until gate closes.
type slowJudge struct {
	fakeJudge
	gate chan struct{}
}

func (j slowJudge) Evaluate(ctx context.Context, p *judge.Problem, lang string, src []byte, samplesOnly bool, progress func(judge.TestResult)) (*judge.Submission, error) {
	<-j.gate
	return j.fakeJudge.Evaluate(ctx, p, lang, src, samplesOnly, progress)
}

// Submissions beyond what the judge runs at once wait in line, are told
// their place, and all finish.
func TestCodeQueue(t *testing.T) {
	gate := make(chan struct{})
	ts := newServer(t, []content.Source{{Name: "codepack", FS: os.DirFS("testdata/codepack")}}, slowJudge{gate: gate})
	c := browserClient(t)
	const n = 5
	type result struct {
		queued    []int
		submitted bool
	}
	results := make(chan result, n)
	firstLine := make(chan bool, n) // true when it was a place in line
	for i := range n {
		resp := postForm(t, c, ts.URL+"/sessions", url.Values{"kind": {"question"}, "question": {"lru-cache-approach"}, "mode": {"real"}})
		id := strings.TrimPrefix(resp.Header.Get("Location"), "/sessions/")
		go func() {
			r, err := c.Post(ts.URL+"/api/v1/sessions/"+id+"/code", "application/json",
				strings.NewReader(`{"action":"submit","lang":"python","code":"print(1)  # correct","client_id":"q`+string(rune('a'+i))+`"}`))
			if err != nil {
				t.Error(err)
				results <- result{}
				return
			}
			defer r.Body.Close()
			var res result
			sc := bufio.NewScanner(r.Body)
			for first := true; sc.Scan(); first = false {
				var m struct {
					Queued     int             `json:"queued"`
					Submission json.RawMessage `json:"submission"`
				}
				json.Unmarshal(sc.Bytes(), &m)
				if first {
					firstLine <- m.Queued > 0
				}
				if m.Queued > 0 {
					res.queued = append(res.queued, m.Queued)
				}
				if len(m.Submission) > 0 {
					res.submitted = true
				}
			}
			results <- res
		}()
	}
	// Two are judging (held at the gate); three must be told their place.
	waiting := 0
	for range n - 2 {
		if <-firstLine {
			waiting++
		}
	}
	if waiting != n-2 {
		t.Errorf("%d submissions told a place in line, want %d", waiting, n-2)
	}
	close(gate)
	for range n {
		if res := <-results; !res.submitted {
			t.Errorf("a submission never finished (places heard %v)", res.queued)
		}
	}
}

// Running on the candidate's own input: the code is kept, the output
// comes back, and nothing is judged or said in the conversation.
func TestCodeCustomInput(t *testing.T) {
	ts := newCodeServer(t)
	c := browserClient(t)
	resp := postForm(t, c, ts.URL+"/sessions", url.Values{"kind": {"question"}, "question": {"lru-cache-approach"}, "mode": {"real"}})
	page := ts.URL + resp.Header.Get("Location")
	id := strings.TrimPrefix(resp.Header.Get("Location"), "/sessions/")
	before := len(turnsOf(getDoc(t, c, page, http.StatusOK)))
	r, err := c.Post(ts.URL+"/api/v1/sessions/"+id+"/code", "application/json",
		strings.NewReader(`{"action":"custom","lang":"python","code":"import sys\nprint(sys.stdin.read())","stdin":"hello there","client_id":"cu1"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var last struct {
		Custom *judge.CustomRun `json:"custom"`
	}
	sc := bufio.NewScanner(r.Body)
	for sc.Scan() {
		json.Unmarshal(sc.Bytes(), &last)
	}
	if last.Custom == nil || last.Custom.Stdout != "hello there" || !strings.Contains(last.Custom.Stderr, "debug") {
		t.Fatalf("custom run: %+v", last.Custom)
	}
	doc := getDoc(t, c, page, http.StatusOK)
	if got := text(byID(doc, "code")); !strings.Contains(got, "sys.stdin.read()") {
		t.Errorf("the editor lost the code run on custom input: %q", got)
	}
	if after := len(turnsOf(doc)); after != before {
		t.Errorf("a custom run added %d turns to the conversation", after-before)
	}
	// Too much input is refused with the limit named.
	big := strings.Repeat("x", judge.MaxCustomInput+1)
	r2, err := c.Post(ts.URL+"/api/v1/sessions/"+id+"/code", "application/json",
		strings.NewReader(`{"action":"custom","lang":"python","code":"print(1)","stdin":"`+big+`","client_id":"cu2"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r2.Body)
	r2.Body.Close()
	if r2.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "64 KiB") {
		t.Errorf("too much input: %d %.300s", r2.StatusCode, body)
	}
}
