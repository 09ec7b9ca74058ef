package web

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// browserClient keeps cookies (the owner token) and does not follow
// redirects, so tests see the 303s a form post gets.
func browserClient(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func postForm(t *testing.T, c *http.Client, u string, v url.Values) *http.Response {
	t.Helper()
	resp, err := c.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func getDoc(t *testing.T, c *http.Client, u string, want int) *html.Node {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %d, want %d\n%s", u, resp.StatusCode, want, b)
	}
	doc, err := html.Parse(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func turnsOf(doc *html.Node) []string {
	var out []string
	for _, li := range findAll(doc, func(n *html.Node) bool { return n.Data == "li" && strings.Contains(attr(n, "class"), "turn") }) {
		out = append(out, text(li))
	}
	return out
}

func clientIDOf(t *testing.T, doc *html.Node) string {
	t.Helper()
	for _, in := range findAll(doc, tag("input")) {
		if attr(in, "name") == "client_id" {
			return attr(in, "value")
		}
	}
	t.Fatal("no client_id in the form")
	return ""
}

// A candidate with JavaScript off: every step is a form post and a
// redirect; a re-posted form is applied once.
func TestSessionWithFormPosts(t *testing.T) {
	ts := newTestServer(t)
	c := browserClient(t)
	resp := postForm(t, c, ts.URL+"/sessions", url.Values{"kind": {"question"}, "question": {"distributed-rate-limiter"}, "mode": {"practice"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/sessions/") {
		t.Fatalf("start: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	page := ts.URL + resp.Header.Get("Location")
	doc := getDoc(t, c, page, http.StatusOK)
	if turns := turnsOf(doc); len(turns) != 2 || !strings.Contains(turns[1], "rate") {
		t.Fatalf("opening turns: %q", turns)
	}
	if byID(doc, "notes") == nil {
		t.Error("a system-design round has no notes pane")
	}
	if findAll(doc, func(n *html.Node) bool {
		return attr(n, "class") == "clock" || strings.HasPrefix(attr(n, "class"), "clock")
	}) == nil {
		t.Error("no clock")
	}

	act := page + "/act"
	form := url.Values{"action": {"say"}, "text": {"How many API servers are there?"}, "client_id": {clientIDOf(t, doc)}}
	if r := postForm(t, c, act, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", r.StatusCode)
	}
	postForm(t, c, act, form) // the browser re-sends the same form
	doc = getDoc(t, c, page, http.StatusOK)
	turns := turnsOf(doc)
	if n := strings.Count(strings.Join(turns, "\n"), "How many API servers are there?"); n != 1 {
		t.Errorf("the question appears %d times in the transcript, want once", n)
	}
	if !strings.Contains(turns[len(turns)-1], "200") {
		t.Errorf("clarifying question not answered from the fact sheet: %q", turns[len(turns)-1])
	}

	// The notes pane is part of the answer the interviewer reads.
	postForm(t, c, page+"/notes", url.Values{"notes": {"Counters in Redis; check is one Lua script so two servers can't both pass."}})
	postForm(t, c, act, url.Values{"action": {"hint"}, "client_id": {"h1"}})
	postForm(t, c, act, url.Values{"action": {"done"}, "client_id": {"d1"}})
	doc = getDoc(t, c, page, http.StatusOK)
	var reportLink bool
	for _, a := range findAll(doc, tag("a")) {
		reportLink = reportLink || strings.HasSuffix(attr(a, "href"), "/report")
	}
	if !reportLink {
		t.Fatal("no report link after the interview ended")
	}

	rep := getDoc(t, c, page+"/report", http.StatusOK)
	deb := byID(rep, "debrief")
	if deb == nil || !strings.Contains(text(deb), "Debrief:") {
		t.Fatal("the report has no debrief")
	}
	body := text(rep)
	for _, want := range []string{"Deep dives", "Lua script", "Show model answer", "What the interviewer would ask next", "cannot check that every claim is true"} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if byID(rep, "study-next") == nil && !strings.Contains(body, "Strong hire") {
		t.Error("no study-next section on a report below strong hire")
	}

	// Exports.
	for path, ct := range map[string]string{"/report.md": "text/markdown", "/report.json": "application/json"} {
		resp, err := c.Get(page + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ct) || !strings.Contains(string(b), "Lua script") {
			t.Errorf("%s: %d %s, %d bytes", path, resp.StatusCode, resp.Header.Get("Content-Type"), len(b))
		}
	}

	// An answer to an interview that has ended gets a clear conflict.
	if r := postForm(t, c, act, url.Values{"action": {"say"}, "text": {"one more thing"}, "client_id": {"late"}}); r.StatusCode != http.StatusConflict {
		t.Errorf("answer after the end: %d, want 409", r.StatusCode)
	}

	// History lists it; delete really deletes.
	hist := getDoc(t, c, ts.URL+"/history", http.StatusOK)
	if !strings.Contains(text(hist), "Design a rate limiter") {
		t.Error("history does not list the interview")
	}
	if r := postForm(t, c, page+"/delete", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.StatusCode)
	}
	getDoc(t, c, page, http.StatusNotFound)
	getDoc(t, c, page+"/report", http.StatusNotFound)
	if strings.Contains(text(getDoc(t, c, ts.URL+"/history", http.StatusOK)), "Design a rate limiter") {
		t.Error("history still lists the deleted interview")
	}
}

func TestSessionBadInput(t *testing.T) {
	ts := newTestServer(t)
	me, other := browserClient(t), browserClient(t)
	resp := postForm(t, me, ts.URL+"/sessions", url.Values{"kind": {"question"}, "question": {"lru-cache-approach"}, "mode": {"real"}})
	page := ts.URL + resp.Header.Get("Location")

	// Not the caller's, or not there at all: 404 with a way forward.
	doc := getDoc(t, other, page, http.StatusNotFound)
	if !strings.Contains(text(doc), "belong to the browser that started them") {
		t.Errorf("another browser's view: %s", text(doc))
	}
	getDoc(t, me, ts.URL+"/sessions/does-not-exist", http.StatusNotFound)

	// A 10 MB answer is refused with the limit named, and nothing is saved.
	big := url.Values{"action": {"say"}, "text": {strings.Repeat("a", 10<<20)}, "client_id": {"big"}}
	r, err := me.PostForm(page+"/act", big)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "256 KiB") {
		t.Errorf("10 MB answer: %d", r.StatusCode)
	}
	if n := len(turnsOf(getDoc(t, me, page, http.StatusOK))); n != 2 {
		t.Errorf("%d turns after a refused answer, want the 2 opening turns", n)
	}
	// Hints do not exist in real mode.
	if r := postForm(t, me, page+"/act", url.Values{"action": {"hint"}, "client_id": {"h"}}); r.StatusCode != http.StatusConflict {
		t.Errorf("hint in real mode: %d", r.StatusCode)
	}
	// Unknown question or mode.
	if r := postForm(t, me, ts.URL+"/sessions", url.Values{"kind": {"question"}, "question": {"nope"}, "mode": {"real"}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown question: %d", r.StatusCode)
	}
	if r := postForm(t, me, ts.URL+"/sessions", url.Values{"kind": {"question"}, "question": {"lru-cache-approach"}, "mode": {"casual"}}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown mode: %d", r.StatusCode)
	}
}

// With JavaScript on, an answer goes to the API, which streams the
// interviewer's reply as NDJSON and ends with the session's state.
func TestSessionAPIStreams(t *testing.T) {
	ts := newTestServer(t)
	c := browserClient(t)
	resp, err := c.Post(ts.URL+"/api/v1/sessions", "application/json", strings.NewReader(`{"kind":"question","question":"distributed-rate-limiter","mode":"practice"}`))
	if err != nil {
		t.Fatal(err)
	}
	var sess struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&sess)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || sess.ID == "" {
		t.Fatalf("start: %d", resp.StatusCode)
	}
	resp, err = c.Post(ts.URL+"/api/v1/sessions/"+sess.ID+"/act", "application/json",
		strings.NewReader(`{"action":"say","text":"I'd put a token bucket per user in Redis because every server must see one count.","client_id":"j1"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Fatalf("Content-Type %q", ct)
	}
	var chunks []string
	var final map[string]json.RawMessage
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if ch, ok := m["chunk"]; ok {
			var s string
			json.Unmarshal(ch, &s)
			chunks = append(chunks, s)
		}
		if _, ok := m["session"]; ok {
			final = m
		}
	}
	if len(chunks) == 0 || final == nil {
		t.Fatalf("chunks %q, final state %v", chunks, final != nil)
	}
	if !strings.Contains(string(final["session"]), chunks[0][:20]) {
		t.Error("the final state does not hold the streamed reply")
	}
}
