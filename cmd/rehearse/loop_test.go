package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

type apiSession struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Round    int    `json:"round"`
	Question int    `json:"question"`
	Rounds   []struct {
		Name      string   `json:"name"`
		Questions []string `json:"questions"`
	} `json:"rounds"`
	Turns []struct {
		Role     string `json:"role"`
		Kind     string `json:"kind"`
		Text     string `json:"text"`
		ClientID string `json:"client_id"`
	} `json:"turns"`
}

type apiClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newAPIClient(t *testing.T, base string) *apiClient {
	jar, _ := cookiejar.New(nil)
	return &apiClient{t: t, base: base, c: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

func (a *apiClient) start(body string) apiSession {
	a.t.Helper()
	resp, err := a.c.Post(a.base+"/api/v1/sessions", "application/json", strings.NewReader(body))
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	var s apiSession
	if resp.StatusCode != http.StatusCreated {
		b, _ := io.ReadAll(resp.Body)
		a.t.Fatalf("start: %d %s", resp.StatusCode, b)
	}
	json.NewDecoder(resp.Body).Decode(&s)
	return s
}

// act posts an action and returns the final state from the NDJSON stream.
func (a *apiClient) act(id, action, text, clientID string) (apiSession, error) {
	body, _ := json.Marshal(map[string]string{"action": action, "text": text, "client_id": clientID})
	resp, err := a.c.Post(a.base+"/api/v1/sessions/"+id+"/act", "application/json", bytes.NewReader(body))
	if err != nil {
		return apiSession{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return apiSession{}, fmt.Errorf("%s: %d %s", action, resp.StatusCode, b)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 4<<20)
	var s apiSession
	for sc.Scan() {
		var m struct {
			Session *apiSession `json:"session"`
			Error   string      `json:"error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return s, err
		}
		if m.Error != "" {
			return s, fmt.Errorf("%s", m.Error)
		}
		if m.Session != nil {
			s = *m.Session
		}
	}
	return s, sc.Err()
}

func (a *apiClient) get(id string) (apiSession, int) {
	a.t.Helper()
	resp, err := a.c.Get(a.base + "/api/v1/sessions/" + id)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	var s apiSession
	json.NewDecoder(resp.Body).Decode(&s)
	return s, resp.StatusCode
}

// A whole Microsoft loop over real HTTP with scripted answers: recruiter
// screen, technical screen, onsite and the AA round, paused between rounds,
// ending in a debrief.
func TestLoopOverHTTP(t *testing.T) {
	srv := startServe(t, testEnv(t, nil))
	a := newAPIClient(t, srv.URL)
	s := a.start(`{"kind":"loop","guide":"microsoft-backend-engineer-interview","mode":"real"}`)
	rounds := len(s.Rounds)
	if rounds < 5 {
		t.Fatalf("the Microsoft loop has %d rounds", rounds)
	}
	var err error
	pauses := 0
	for i := 0; s.Status != "finished"; i++ {
		if i > 300 {
			t.Fatal("the loop never finished")
		}
		switch s.Status {
		case "paused":
			pauses++
			s, err = a.act(s.ID, "resume", "", fmt.Sprintf("r%d", i))
		default:
			s, err = a.act(s.ID, "say", "I'd start by clarifying the requirements and the scale, because they decide the design; then I'd state a simple approach, its cost, and improve it.", fmt.Sprintf("a%d", i))
			if err == nil && s.Status == "active" {
				s, err = a.act(s.ID, "done", "", fmt.Sprintf("d%d", i))
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if pauses != rounds-1 {
		t.Errorf("paused %d times between %d rounds, want %d", pauses, rounds, rounds-1)
	}
	resp, err := a.c.Get(srv.URL + "/sessions/" + s.ID + "/report.json")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Rounds  []json.RawMessage `json:"rounds"`
		Debrief struct {
			Recommendation string   `json:"recommendation"`
			WouldChange    []string `json:"would_change"`
		} `json:"debrief"`
	}
	json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if len(res.Rounds) != rounds || res.Debrief.Recommendation == "" || len(res.Debrief.WouldChange) != 3 {
		t.Errorf("report: %d rounds, recommendation %q, %d things to change", len(res.Rounds), res.Debrief.Recommendation, len(res.Debrief.WouldChange))
	}
}

// The server process is killed with SIGKILL mid-interview; after a restart
// the candidate resumes exactly where they were, nothing lost, and a
// re-sent answer is not doubled.
func TestKillNineAndResume(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "rehearse")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	data := filepath.Join(t.TempDir(), "data")
	start := func() (*exec.Cmd, string) {
		cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data)
		// The machine's warm test build cache: a server killed while it
		// builds the cache in a fresh one leaves the build's last compiler
		// processes writing there as the test removes its temporary dirs.
		cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"),
			"REHEARSE_BUILD_CACHE=" + filepath.Join(os.TempDir(), "rehearse-test-build-cache")}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := runningAt.FindStringSubmatch(sc.Text()); m != nil {
				go io.Copy(io.Discard, out)
				return cmd, m[1]
			}
		}
		cmd.Process.Kill()
		t.Fatal("server did not start")
		return nil, ""
	}
	cmd, base := start()
	a := newAPIClient(t, base)
	s := a.start(`{"kind":"question","question":"distributed-rate-limiter","mode":"practice"}`)
	s, err := a.act(s.ID, "say", "I'd keep per-user counters in Redis because every server must see one count.", "k1")
	if err != nil {
		t.Fatal(err)
	}
	before := len(s.Turns)

	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	cmd2, base2 := start()
	defer func() { cmd2.Process.Kill(); cmd2.Wait() }()
	a.base = base2 // same cookie jar: the same candidate
	after, status := a.get(s.ID)
	if status != http.StatusOK || len(after.Turns) != before {
		t.Fatalf("after restart: status %d, %d turns, want %d", status, len(after.Turns), before)
	}
	again, err := a.act(s.ID, "say", "I'd keep per-user counters in Redis because every server must see one count.", "k1")
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Turns) != before {
		t.Errorf("re-sent answer: %d turns, want %d (no duplicate)", len(again.Turns), before)
	}
	next, err := a.act(s.ID, "say", "The check is one Lua script so two servers can't both allow the last request.", "k2")
	if err != nil || len(next.Turns) <= before {
		t.Errorf("carrying on after the restart: %d turns, %v", len(next.Turns), err)
	}
}
