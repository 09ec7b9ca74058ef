package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testEnv returns a getenv that sees only vars, with the data directory in
// a fresh temporary directory unless vars says otherwise.
func testEnv(t *testing.T, vars map[string]string) func(string) string {
	t.Helper()
	if _, ok := vars["REHEARSE_DATA_DIR"]; !ok {
		if vars == nil {
			vars = map[string]string{}
		}
		vars["REHEARSE_DATA_DIR"] = filepath.Join(t.TempDir(), "data")
	}
	if _, ok := vars["REHEARSE_BUILD_CACHE"]; !ok {
		// One warm build cache per machine for every test run, as the
		// judge's own tests use.
		vars["REHEARSE_BUILD_CACHE"] = filepath.Join(os.TempDir(), "rehearse-test-build-cache")
	}
	return func(k string) string { return vars[k] }
}

// runCmd runs the CLI in-process and returns its output and error.
func runCmd(t *testing.T, getenv func(string) string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, getenv, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

// server is a running `rehearse serve`.
type server struct {
	URL    string
	stderr *syncBuffer
	stop   func() error
}

var runningAt = regexp.MustCompile(`running at (http://\S+)/ `)

// startServe boots run("serve", …) on 127.0.0.1:0 and waits until it
// listens.
func startServe(t *testing.T, getenv func(string) string, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), getenv, strings.NewReader(""), pw, stderr)
		pw.Close()
	}()
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := runningAt.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
		close(urlc)
	}()
	select {
	case u, ok := <-urlc:
		if !ok {
			cancel()
			t.Fatalf("serve exited before listening: %v\n%s", <-done, stderr)
		}
		s := &server{URL: u, stderr: stderr}
		var once sync.Once
		var stopErr error
		s.stop = func() error {
			once.Do(func() {
				cancel()
				select {
				case stopErr = <-done:
				case <-time.After(15 * time.Second):
					stopErr = errors.New("serve did not stop within 15s of cancel")
				}
			})
			return stopErr
		}
		t.Cleanup(func() { s.stop() })
		return s
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatalf("serve did not start in 30s\n%s", stderr)
	}
	return nil
}

// The README's first command, end to end: serve with embedded defaults,
// fetch the Microsoft guide over real HTTP, shut down cleanly.
func TestServeEndToEnd(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "fresh", "data")
	srv := startServe(t, testEnv(t, map[string]string{"REHEARSE_DATA_DIR": dataDir}))

	resp, err := http.Get(srv.URL + "/prep/microsoft-backend-engineer-interview")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var h1 string
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "h1" && n.FirstChild != nil {
			h1 = n.FirstChild.Data
		}
	}
	if !strings.Contains(h1, "Microsoft") || !strings.Contains(h1, "Backend") {
		t.Errorf("h1 = %q, want the Microsoft Backend Engineer guide", h1)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "rehearse.db")); err != nil {
		t.Errorf("the data directory and database were not created: %v", err)
	}
	if err := srv.stop(); err != nil {
		t.Errorf("graceful shutdown: %v", err)
	}
	if !strings.Contains(srv.stderr.String(), "msg=request") {
		t.Errorf("no request log line:\n%s", srv.stderr)
	}
}

func TestServeRefusals(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()

	aFile := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(aFile, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
		stderr  string
	}{
		{"public address without the flag", nil, []string{"--addr", "0.0.0.0:8080"}, "refusing to listen on 0.0.0.0:8080", ""},
		{"every interface", nil, []string{"--addr", ":8080"}, "refusing to listen on :8080 (every interface)", ""},
		{"port in use", nil, []string{"--addr", busy.Addr().String()}, busy.Addr().String() + " is already in use", ""},
		{"data dir under a file", map[string]string{"REHEARSE_DATA_DIR": filepath.Join(aFile, "data")}, nil, "data directory " + filepath.Join(aFile, "data") + " cannot be created", ""},
		{"broken pack", nil, []string{"--packs", "../../internal/content/testdata/broken"}, "problem(s) in content packs", `cache-stampede.yaml:4: unknown field "promt"`},
		{"missing pack dir", nil, []string{"--packs", "/nonexistent/packs"}, "pack directory /nonexistent/packs: no such file or directory", ""},
		{"bad flag", nil, []string{"--colour"}, "flag provided but not defined: -colour", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := runCmd(t, testEnv(t, tt.env), append([]string{"serve"}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.stderr, stderr)
			}
		})
	}
}

func TestCheckBindAddr(t *testing.T) {
	for addr, ok := range map[string]bool{"127.0.0.1:8080": true, "localhost:1": true, "[::1]:80": true, "127.1.2.3:9": true, "0.0.0.0:80": false, "192.168.1.5:80": false, "[::]:80": false} {
		if err := checkBindAddr(addr, false); (err == nil) != ok {
			t.Errorf("checkBindAddr(%s) = %v, want ok=%v", addr, err, ok)
		}
		if err := checkBindAddr(addr, true); err != nil {
			t.Errorf("checkBindAddr(%s, public) = %v", addr, err)
		}
	}
}

// A database written by a newer Rehearse makes serve and migrate stop with
// a clear message, and the file is not changed.
func TestNewerDatabaseIsLeftAlone(t *testing.T) {
	getenv := testEnv(t, nil)
	if _, _, err := runCmd(t, getenv, "migrate"); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(getenv("REHEARSE_DATA_DIR"), "rehearse.db")
	bumpSchema(t, db)
	before := fileSum(t, db)
	for _, args := range [][]string{{"serve", "--addr", "127.0.0.1:0"}, {"migrate"}} {
		_, _, err := runCmd(t, getenv, args...)
		if err == nil || !strings.Contains(err.Error(), "schema version 99 but this rehearse knows only up to") {
			t.Errorf("%v: err = %v, want the newer-schema message", args, err)
		}
	}
	if after := fileSum(t, db); after != before {
		t.Error("the newer database was modified")
	}
}

func TestMigrateCommand(t *testing.T) {
	getenv := testEnv(t, nil)
	out, _, err := runCmd(t, getenv, "migrate", "--status")
	m := regexp.MustCompile(`schema version 0 of (\d+) \((\d+) pending`).FindStringSubmatch(out)
	if err != nil || m == nil || m[1] != m[2] {
		t.Fatalf("status on a new database: %q, %v", out, err)
	}
	latest := m[1]
	out, _, err = runCmd(t, getenv, "migrate")
	if err != nil || !strings.Contains(out, "applied 0001 packs") || strings.Count(out, "applied ") != mustAtoi(t, latest) {
		t.Fatalf("migrate: %q, %v", out, err)
	}
	out, _, err = runCmd(t, getenv, "migrate")
	if err != nil || strings.Contains(out, "applied") || !strings.Contains(out, "schema version "+latest+" (latest)") {
		t.Fatalf("second migrate: %q, %v", out, err)
	}
}

func TestContentLint(t *testing.T) {
	getenv := testEnv(t, nil)
	out, _, err := runCmd(t, getenv, "content", "lint", "../../internal/content/testdata/broken")
	if err == nil || err.Error() != "8 problem(s) found" {
		t.Errorf("lint of the broken pack: err = %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 8 {
		t.Errorf("want 8 problem lines, got %d:\n%s", len(lines), out)
	}
	located := regexp.MustCompile(`^\S+\.yaml:\d+: \S`)
	for _, l := range lines {
		if !located.MatchString(l) {
			t.Errorf("problem line without file:line: %q", l)
		}
	}

	out, _, err = runCmd(t, getenv, "content", "lint", "../../internal/content/testdata/example")
	if err != nil || !strings.HasPrefix(out, "ok: ") {
		t.Errorf("lint of the example pack: %q, %v", out, err)
	}
	// Linting a built-in pack's directory checks it in place of the
	// embedded copy instead of reporting it as a duplicate.
	out, _, err = runCmd(t, getenv, "content", "lint", "--skip-solutions", "../../packs/microsoft")
	if err != nil || !strings.HasPrefix(out, "ok: ") {
		t.Errorf("lint of packs/microsoft: %q, %v", out, err)
	}
	out, _, err = runCmd(t, getenv, "content", "lint", "--skip-solutions", "../../packs")
	if err != nil || !strings.HasPrefix(out, "ok: ") {
		t.Errorf("lint of the packs folder: %q, %v", out, err)
	}
	out, _, err = runCmd(t, getenv, "content", "lint", "--format", "json", "../../internal/content/testdata/broken")
	if err == nil || !strings.Contains(out, `"ok": false`) || !strings.Contains(out, `"line": 26`) {
		t.Errorf("json lint: %v\n%s", err, out)
	}
}

// A judged problem needs two hints and two follow-up variants, reported
// against its statement.md.
func TestContentLintHints(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("pack.yaml", "id: hints\nname: Hints\nversion: \"1\"\ndescription: A pack with one judged problem.\n")
	write("problems/sum/tests/01.in", "1 2\n")
	write("problems/sum/tests/01.out", "3\n")
	write("problems/sum/solutions/main.py", "print(sum(map(int, input().split())))\n")
	write("problems/sum/solutions/main.c", "#include <stdio.h>\nint main(){long a,b;scanf(\"%ld %ld\",&a,&b);printf(\"%ld\\n\",a+b);}\n")
	statement := "# Sum\n\nAdd two numbers.\n\n## Hints\n\n- What does the input hold?\n"
	write("problems/sum/statement.md", statement)

	getenv := testEnv(t, nil)
	out, _, err := runCmd(t, getenv, "content", "lint", "--skip-solutions", dir)
	file := filepath.Join(dir, "problems/sum/statement.md")
	want := file + ": 1 hint(s) under ## Hints; at least two are required\n" +
		file + ": 0 follow-up variant(s) under ## Follow-up variants; at least two are required\n"
	if err == nil || out != want {
		t.Errorf("lint without enough hints: %v\n got: %q\nwant: %q", err, out, want)
	}

	write("problems/sum/statement.md", statement+"- Add them.\n\n## Follow-up variants\n\n- Many pairs.\n- Numbers too big for 64 bits.\n")
	out, _, err = runCmd(t, getenv, "content", "lint", "--skip-solutions", dir)
	if err != nil || !strings.HasPrefix(out, "ok: ") {
		t.Errorf("lint with hints and follow-ups: %q, %v", out, err)
	}
}

func TestHelpAndVersion(t *testing.T) {
	getenv := testEnv(t, nil)
	out, _, err := runCmd(t, getenv, "help")
	if err != nil || !strings.Contains(out, "serve") || !strings.Contains(out, "migrate") || !strings.Contains(out, "content") {
		t.Errorf("help: %v\n%s", err, out)
	}
	for _, cmd := range []string{"serve", "migrate", "content", "version"} {
		out, _, err := runCmd(t, getenv, "help", cmd)
		if err != nil || !strings.Contains(out, "Usage: rehearse "+cmd) {
			t.Errorf("help %s: %v\n%s", cmd, err, out)
		}
	}
	out, _, err = runCmd(t, getenv, "serve", "-h")
	if err != nil || !strings.Contains(out, "-public-without-auth") {
		t.Errorf("serve -h: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, getenv, "frobnicate"); !errors.Is(err, errUsage) {
		t.Errorf("unknown command: %v, want a usage error", err)
	}
	out, _, err = runCmd(t, getenv, "version")
	if err != nil || !strings.HasPrefix(out, "rehearse ") {
		t.Errorf("version: %q, %v", out, err)
	}
}

// An operator's pack directory is served beside the built-in packs.
func TestServeOperatorPacks(t *testing.T) {
	srv := startServe(t, testEnv(t, map[string]string{"REHEARSE_PACKS": "../../internal/content/testdata/example"}))
	for path, want := range map[string]int{
		"/prep/example-corp-backend-engineer-interview": http.StatusOK,
		"/questions/example-url-shortener":              http.StatusOK,
		"/prep/microsoft-backend-engineer-interview":    http.StatusOK,
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
