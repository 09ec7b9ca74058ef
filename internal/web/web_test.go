package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/rehearse/rehearse/internal/content"
	"github.com/rehearse/rehearse/internal/grading"
	"github.com/rehearse/rehearse/internal/interview"
	"github.com/rehearse/rehearse/internal/interviewer"
	"github.com/rehearse/rehearse/internal/store"
	"github.com/rehearse/rehearse/packs"
)

// newTestServer serves the built-in packs over a real SQLite store in a
// temporary directory.
func newTestServer(t *testing.T) *httptest.Server { return newServer(t, nil, nil) }

// newServer is newTestServer with extra packs and a judge for coding
// rounds (nil for none).
func newServer(t *testing.T, extra []content.Source, j interview.Judge) *httptest.Server {
	t.Helper()
	lib, err := content.Load(append([]content.Source{{Name: "packs", FS: packs.FS()}}, extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "rehearse.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordPacks(ctx, lib.Packs()); err != nil {
		t.Fatal(err)
	}
	g := grading.NewEngine(lib.Questions())
	iv := interview.New(lib, db, interviewer.NewRubric(g), g, time.Now)
	if j != nil {
		iv.WithJudge(j)
	}
	s, err := New(Config{Library: lib, Store: db, Interview: iv, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// get fetches path and returns the status and body.
func get(t *testing.T, ts *httptest.Server, path string) (int, http.Header, string) {
	t.Helper()
	resp, err := ts.Client().Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// getPage fetches and parses an HTML page, failing unless the status is want.
func getPage(t *testing.T, ts *httptest.Server, path string, want int) *html.Node {
	t.Helper()
	status, h, body := get(t, ts, path)
	if status != want {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, status, want, body)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func byID(doc *html.Node, id string) *html.Node {
	nodes := findAll(doc, func(n *html.Node) bool { return attr(n, "id") == id })
	if len(nodes) == 0 {
		return nil
	}
	return nodes[0]
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func TestGuidePage(t *testing.T) {
	ts := newTestServer(t)
	doc := getPage(t, ts, "/prep/microsoft-backend-engineer-interview", http.StatusOK)

	h1 := findAll(doc, tag("h1"))
	if len(h1) != 1 || !strings.Contains(text(h1[0]), "Microsoft") {
		t.Errorf("want one h1 naming Microsoft, got %d", len(h1))
	}
	for _, id := range []string{"quick", "process", "screens-for", "bar", "rounds", "topics", "questions", "faq"} {
		sec := byID(doc, id)
		if sec == nil {
			t.Errorf("section #%s missing", id)
			continue
		}
		if len(text(sec)) < 40 {
			t.Errorf("section #%s is nearly empty: %q", id, text(sec))
		}
	}
	// The four rounds of the Microsoft loop each have a note.
	rounds := text(byID(doc, "rounds"))
	for _, r := range []string{"Coding", "System design", "Behavioral", "Hiring manager"} {
		if !strings.Contains(rounds, r) {
			t.Errorf("rounds section does not cover %s", r)
		}
	}
	// Six core topics, each linking to its topic page.
	topicLinks := findAll(byID(doc, "topics"), func(n *html.Node) bool { return n.Data == "a" && strings.HasPrefix(attr(n, "href"), "/topics/") })
	if len(topicLinks) < 6 {
		t.Errorf("%d core topic links, want 6", len(topicLinks))
	}
	// Each sample question links to a page that exists and hides its model
	// answer behind a show control.
	var hrefs []string
	for _, a := range findAll(byID(doc, "questions"), tag("a")) {
		hrefs = append(hrefs, attr(a, "href"))
	}
	want := []string{"/questions/distributed-rate-limiter", "/questions/shard-write-heavy-postgres", "/questions/top-k-sliding-window", "/questions/production-incident"}
	if !slices.Equal(hrefs, want) {
		t.Errorf("sample question links = %v, want %v", hrefs, want)
	}
	for _, h := range hrefs {
		q := getPage(t, ts, h, http.StatusOK)
		ans := byID(q, "model-answer")
		if ans == nil || ans.Data != "details" || attr(ans, "open") != "" {
			t.Errorf("%s: model answer is not in a closed <details>", h)
			continue
		}
		sum := findAll(ans, tag("summary"))
		if len(sum) == 0 || !strings.Contains(strings.ToLower(text(sum[0])), "show model answer") {
			t.Errorf("%s: no 'Show model answer' control", h)
		}
		if len(text(ans)) < 300 {
			t.Errorf("%s: model answer is short: %q", h, text(ans))
		}
	}
	// FAQ entries are expandable.
	if n := len(findAll(byID(doc, "faq"), tag("details"))); n < 4 {
		t.Errorf("%d FAQ entries, want at least 4", n)
	}
}

func TestGuideListLinksEveryGuide(t *testing.T) {
	ts := newTestServer(t)
	doc := getPage(t, ts, "/prep", http.StatusOK)
	var links []string
	for _, a := range findAll(doc, func(n *html.Node) bool { return n.Data == "a" && strings.HasPrefix(attr(n, "href"), "/prep/") }) {
		links = append(links, attr(a, "href"))
	}
	for _, want := range []string{"/prep/microsoft-backend-engineer-interview", "/prep/backend-engineer-interview"} {
		if !slices.Contains(links, want) {
			t.Errorf("/prep does not link %s (links: %v)", want, links)
		}
	}
	if len(links) < 4 {
		t.Errorf("/prep links %d guides, want at least 4", len(links))
	}
	for _, l := range links {
		getPage(t, ts, l, http.StatusOK)
	}
}

func TestNotFoundPages(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		path     string
		wantText string
		wantLink string
	}{
		{"/prep/microsft-backend-engineer-interview", `no guide "microsft-backend-engineer-interview"`, "/prep/microsoft-backend-engineer-interview"},
		{"/prep/acme-backend-engineer-interview", `no guide "acme-backend-engineer-interview"`, "/prep"},
		{"/questions/distributed-rate-limitr", `did you mean "distributed-rate-limiter"`, "/questions"},
		{"/topics/nope", `no topic "nope"`, "/questions"},
		{"/no/such/page", "There is no page at /no/such/page.", "/prep"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			doc := getPage(t, ts, tt.path, http.StatusNotFound)
			if body := text(doc); !strings.Contains(body, tt.wantText) {
				t.Errorf("page does not say %q:\n%s", tt.wantText, body)
			}
			found := false
			for _, a := range findAll(doc, tag("a")) {
				found = found || attr(a, "href") == tt.wantLink
			}
			if !found {
				t.Errorf("page does not link %s", tt.wantLink)
			}
		})
	}
}

func TestAPI(t *testing.T) {
	ts := newTestServer(t)

	var guides []struct {
		Slug, Title, URL string
	}
	getJSON(t, ts, "/api/v1/guides", http.StatusOK, &guides)
	if len(guides) < 4 {
		t.Fatalf("%d guides, want at least 4", len(guides))
	}

	var guide struct {
		Slug            string
		Title           string
		QuickAnswer     string `json:"quick_answer"`
		FAQ             []struct{ Q, A string }
		SampleQuestions []struct{ ID, URL string }               `json:"sample_questions"`
		LoopInfo        struct{ Stages []struct{ Name string } } `json:"loop_info"`
	}
	getJSON(t, ts, "/api/v1/guides/microsoft-backend-engineer-interview", http.StatusOK, &guide)
	if guide.QuickAnswer == "" || len(guide.FAQ) < 4 || len(guide.SampleQuestions) != 4 || len(guide.LoopInfo.Stages) < 4 {
		t.Errorf("guide JSON incomplete: %+v", guide)
	}

	var q struct {
		ID     string
		Rubric struct {
			KeyPoints []struct{ ID, Probe string } `json:"key_points"`
		}
		ModelAnswer string `json:"model_answer"`
	}
	getJSON(t, ts, "/api/v1/questions/distributed-rate-limiter", http.StatusOK, &q)
	if q.ID != "distributed-rate-limiter" || len(q.Rubric.KeyPoints) < 6 || q.ModelAnswer == "" {
		t.Errorf("question JSON incomplete: %+v", q)
	}

	var list []struct{ ID, Round string }
	getJSON(t, ts, "/api/v1/questions?round=behavioral", http.StatusOK, &list)
	if len(list) == 0 {
		t.Error("no behavioral questions")
	}
	for _, it := range list {
		if it.Round != "behavioral" {
			t.Errorf("round filter let through %s (%s)", it.ID, it.Round)
		}
	}

	var e struct{ Error string }
	getJSON(t, ts, "/api/v1/questions?round=karaoke", http.StatusBadRequest, &e)
	if !strings.Contains(e.Error, "karaoke") {
		t.Errorf("bad round error = %q", e.Error)
	}
	getJSON(t, ts, "/api/v1/questions/nope", http.StatusNotFound, &e)
	getJSON(t, ts, "/api/v1/guides/nope", http.StatusNotFound, &e)
	getJSON(t, ts, "/api/v1/nothing-here", http.StatusNotFound, &e)

	var packsSeen []struct {
		ID        string
		FirstSeen string `json:"first_seen"`
	}
	getJSON(t, ts, "/api/v1/packs", http.StatusOK, &packsSeen)
	for _, p := range packsSeen {
		if p.FirstSeen == "" {
			t.Errorf("pack %s has no first_seen from the store", p.ID)
		}
	}
}

func getJSON(t *testing.T, ts *httptest.Server, path string, wantStatus int, v any) {
	t.Helper()
	status, h, body := get(t, ts, path)
	if status != wantStatus {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, status, wantStatus, body)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, body)
	}
}

func TestHealthAndHeaders(t *testing.T) {
	ts := newTestServer(t)
	status, h, body := get(t, ts, "/healthz")
	if status != http.StatusOK || !strings.Contains(body, `"ok"`) {
		t.Errorf("healthz: %d %s", status, body)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	status, _, css := get(t, ts, "/static/style.css")
	if status != http.StatusOK || !strings.Contains(css, "prefers-color-scheme") {
		t.Errorf("stylesheet: %d", status)
	}
	if status, _, _ := get(t, ts, "/static/nope.css"); status != http.StatusNotFound {
		t.Errorf("missing asset: %d, want 404", status)
	}
	// A cross-origin form post is refused before any handler runs.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/prep", strings.NewReader("x=1"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", resp.StatusCode)
	}
}

// Every page a user can reach from the home page renders, and no link on
// them is dead.
func TestNoDeadLinks(t *testing.T) {
	ts := newTestServer(t)
	seen := map[string]bool{}
	queue := []string{"/"}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		status, h, body := get(t, ts, p)
		if status != http.StatusOK {
			t.Errorf("GET %s: %d", p, status)
			continue
		}
		if !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			continue
		}
		doc, err := html.Parse(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range findAll(doc, tag("a")) {
			href := attr(a, "href")
			if strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "/api/") {
				queue = append(queue, strings.SplitN(href, "#", 2)[0])
			}
		}
	}
	if len(seen) < 20 {
		t.Errorf("crawled only %d pages", len(seen))
	}
}
