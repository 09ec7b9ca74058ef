package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const strongLimiter = `First I'd clarify: per user and per API key, how strict, and what latency can the check add? Say 100 a minute per user and under 5 ms at p99.
10B requests a day is about 116k a second, 350k at peak, so the counter store must take ~350k operations a second.
I would not use a fixed window, because a client can send 100 at 0:59 and 100 at 1:00, twice the limit; I'd use a sliding window counter.
The counters live in a sharded Redis keyed by user, since any of the 200 servers can get the request.
The check and increment run as one Lua script so two servers can't both read 99 and allow; time comes from the Redis clock, not each server's, to avoid skew.
If Redis is down we fail open for normal endpoints but fail closed for login. Clients get 429 with a Retry-After header.`

const weakLimiter = `Um, so basically I'd use Redis and like a token bucket, you know. It should be scalable and fault tolerant.`

// gradeJSON runs rehearse grade --format json with the answer on stdin.
func gradeJSON(t *testing.T, question, answer string) map[string]any {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"grade", "--question", question, "--answer", "-", "--format", "json"},
		testEnv(t, nil), strings.NewReader(answer), &out, &errOut)
	if err != nil {
		t.Fatalf("grade: %v\n%s", err, errOut.String())
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out.String())
	}
	return m
}

func TestGradeJSONContract(t *testing.T) {
	strong := gradeJSON(t, "distributed-rate-limiter", strongLimiter)
	weak := gradeJSON(t, "distributed-rate-limiter", weakLimiter)

	for _, m := range []map[string]any{strong, weak} {
		if m["question"] != "distributed-rate-limiter" {
			t.Errorf("question = %v", m["question"])
		}
		for _, field := range []string{"dimensions", "covered", "missing", "follow_ups"} {
			if _, ok := m[field].([]any); !ok {
				t.Errorf("%s is not an array: %T", field, m[field])
			}
		}
		for _, d := range m["dimensions"].([]any) {
			dim := d.(map[string]any)
			if _, ok := dim["name"].(string); !ok {
				t.Errorf("dimension without a name: %v", dim)
			}
			if lv, ok := dim["level"]; !ok || (lv != nil && (lv.(float64) < 1 || lv.(float64) > 4)) {
				t.Errorf("dimension level %v is neither 1–4 nor null", lv)
			}
			if _, ok := dim["evidence"].([]any); !ok {
				t.Errorf("dimension evidence is not an array: %v", dim)
			}
		}
		for _, c := range append(m["covered"].([]any), m["missing"].([]any)...) {
			p := c.(map[string]any)
			if p["id"] == "" || p["label"] == "" {
				t.Errorf("point without id or label: %v", p)
			}
		}
		if _, ok := m["delivery"].(map[string]any)["filler_words"].(float64); !ok {
			t.Errorf("delivery.filler_words missing: %v", m["delivery"])
		}
	}
	sl, wl := strong["level"].(float64), weak["level"].(float64)
	if sl < 3 || wl > 2 {
		t.Errorf("strong answer level %v, weak %v; want ≥3 and ≤2", sl, wl)
	}
	if n := weak["delivery"].(map[string]any)["filler_words"].(float64); n < 4 {
		t.Errorf("weak answer filler words = %v, want at least 4 (um, basically, like, you know)", n)
	}
	// Missing points come most important first.
	prev := 6.0
	for _, m := range weak["missing"].([]any) {
		w := m.(map[string]any)["weight"].(float64)
		if w > prev {
			t.Errorf("missing not ordered by weight: %v", weak["missing"])
		}
		prev = w
	}
	if len(weak["follow_ups"].([]any)) == 0 {
		t.Error("no follow-ups for a weak answer")
	}
}

func TestGradeTextAndBadInput(t *testing.T) {
	dir := t.TempDir()
	file := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	getenv := testEnv(t, nil)
	out, _, err := runCmd(t, getenv, "grade", "--question", "distributed-rate-limiter", "--answer", file("a.txt", strongLimiter))
	if err != nil || !strings.Contains(out, "Level: ") || !strings.Contains(out, "The interviewer would ask next") || !strings.Contains(out, "Delivery") {
		t.Errorf("text report: %v\n%s", err, out)
	}
	// A technical report says what the rules cannot check.
	if !strings.Contains(out, "cannot check that every claim is true") {
		t.Errorf("text report of a design answer should state the grader's limit:\n%s", out)
	}
	tests := []struct {
		name, question, body, wantErr string
	}{
		{"unknown question", "distributed-rate-limitr", "x", `did you mean "distributed-rate-limiter"`},
		{"10 MB answer", "distributed-rate-limiter", strings.Repeat("a ", 5<<20), "the limit is 256 KiB"},
		{"invalid UTF-8", "distributed-rate-limiter", "token \xff\xfe bucket", "not valid UTF-8"},
	}
	for _, tt := range tests {
		_, _, err := runCmd(t, getenv, "grade", "--question", tt.question, "--answer", file(tt.name, tt.body))
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
		}
	}
	empty := gradeJSON(t, "distributed-rate-limiter", "")
	if empty["level"] != nil {
		t.Errorf("empty answer level = %v, want null", empty["level"])
	}
	if _, _, err := runCmd(t, getenv, "grade", "--answer", "-"); err == nil || !strings.Contains(err.Error(), "--question is required") {
		t.Errorf("missing --question: %v", err)
	}
}
