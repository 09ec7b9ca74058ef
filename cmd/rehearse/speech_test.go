package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSpeech is an OpenAI-compatible transcription endpoint that answers
// every request with body, after delay, and records what it received.
type fakeSpeech struct {
	URL   string
	mu    sync.Mutex
	auths []string
	forms []map[string][]string
}

func newFakeSpeech(t *testing.T, status int, body string, delay time.Duration) *fakeSpeech {
	t.Helper()
	f := &fakeSpeech{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/audio/transcriptions" {
			http.NotFound(w, r)
			return
		}
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.auths = append(f.auths, r.Header.Get("Authorization"))
		f.forms = append(f.forms, r.MultipartForm.Value)
		f.mu.Unlock()
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

func (f *fakeSpeech) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.forms)
}

const fakeVerbose = `{"task":"transcribe","language":"english","duration":9.0,
 "text":" I would shard by user ID. Then add a cache.",
 "segments":[{"id":0,"start":0,"end":2.5,"text":" I would shard by user ID."},{"id":1,"start":6,"end":8,"text":" Then add a cache."}],
 "words":[{"word":"I","start":0,"end":0.3},{"word":"would","start":0.3,"end":0.7},{"word":"shard","start":0.7,"end":1.2},
  {"word":"by","start":1.2,"end":1.5},{"word":"user","start":1.5,"end":2},{"word":"ID.","start":2,"end":2.5},
  {"word":"Then","start":6,"end":6.4},{"word":"add","start":6.4,"end":6.8},{"word":"a","start":6.8,"end":7},{"word":"cache.","start":7,"end":8}]}`

// wavFile writes a WAV file declaring seconds of 16 kHz mono audio and
// holding at most one second of it.
func wavFile(t *testing.T, secs uint32) string {
	t.Helper()
	data := secs * 32000
	b := make([]byte, 44, 44+32000)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], 36+data)
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], 16000)
	binary.LittleEndian.PutUint32(b[28:], 32000)
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], data)
	b = append(b, make([]byte, min(data, 32000))...)
	p := filepath.Join(t.TempDir(), "answer.wav")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSpeechCheckWithoutEndpoint(t *testing.T) {
	for _, args := range [][]string{{"speech", "check"}, {"speech", "check", "--speech-url", ""}} {
		out, _, err := runCmd(t, testEnv(t, nil), args...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if !strings.Contains(out, "No speech-to-text endpoint is configured") || !strings.Contains(out, "browser's speech recognition") || !strings.Contains(out, "typing") {
			t.Errorf("%v:\n%s", args, out)
		}
	}
	out, _, err := runCmd(t, testEnv(t, nil), "speech", "check", "--format", "json")
	var m map[string]any
	if err != nil || json.Unmarshal([]byte(out), &m) != nil || m["configured"] != false {
		t.Errorf("json without endpoint: %v\n%s", err, out)
	}
}

func TestSpeechCheck(t *testing.T) {
	f := newFakeSpeech(t, 200, `{"text":"","language":"english","duration":1.0,"segments":[],"words":[]}`, 0)
	env := testEnv(t, map[string]string{"REHEARSE_SPEECH_URL": f.URL, "REHEARSE_SPEECH_KEY": "sk-env", "REHEARSE_SPEECH_MODEL": "base.en"})
	out, _, err := runCmd(t, env, "speech", "check")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Endpoint            " + f.URL + "/v1/audio/transcriptions", "Model               base.en", "verbose_json", "Word timestamps     yes", "Segment timestamps  yes", "The endpoint works."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Flags win over the environment.
	if _, _, err := runCmd(t, env, "speech", "check", "--speech-url", f.URL+"/v1", "--speech-key", "sk-flag", "--speech-model", "small"); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	auths, models := f.auths, []string{f.forms[0]["model"][0], f.forms[1]["model"][0]}
	f.mu.Unlock()
	if auths[0] != "Bearer sk-env" || auths[1] != "Bearer sk-flag" || models[0] != "base.en" || models[1] != "small" {
		t.Errorf("auth %v, models %v", auths, models)
	}
	// The key never shows in help.
	out, _, _ = runCmd(t, env, "help", "speech")
	if !strings.Contains(out, "speech check") {
		t.Errorf("help speech:\n%s", out)
	}
	out, _, _ = runCmd(t, env, "speech", "check", "-h")
	if strings.Contains(out, "sk-env") || !strings.Contains(out, "--speech-url") && !strings.Contains(out, "-speech-url") {
		t.Errorf("speech check -h:\n%s", out)
	}

	plain := newFakeSpeech(t, 200, `{"text":"beep"}`, 0)
	out, _, err = runCmd(t, testEnv(t, nil), "speech", "check", "--speech-url", plain.URL, "--format", "json")
	var m map[string]any
	if err != nil || json.Unmarshal([]byte(out), &m) != nil {
		t.Fatalf("json check: %v\n%s", err, out)
	}
	if m["ok"] != true || m["word_timestamps"] != false || m["text"] != "beep" {
		t.Errorf("json check = %v", m)
	}
}

func TestSpeechCheckFailures(t *testing.T) {
	down := newFakeSpeech(t, 503, `{"detail":"model is loading"}`, 0)
	_, _, err := runCmd(t, testEnv(t, map[string]string{"REHEARSE_SPEECH_URL": down.URL}), "speech", "check")
	if err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "model is loading") {
		t.Errorf("503: %v", err)
	}
	slow := newFakeSpeech(t, 200, `{"text":""}`, 5*time.Second)
	_, _, err = runCmd(t, testEnv(t, map[string]string{"REHEARSE_SPEECH_URL": slow.URL, "REHEARSE_SPEECH_TIMEOUT": "0.2"}), "speech", "check")
	if err == nil || !strings.Contains(err.Error(), "did not answer within 200ms") {
		t.Errorf("timeout: %v", err)
	}
	for _, bad := range []map[string]string{
		{"REHEARSE_SPEECH_URL": slow.URL, "REHEARSE_SPEECH_TIMEOUT": "soon"},
		{"REHEARSE_SPEECH_URL": "localhost:8080"},
	} {
		if _, _, err := runCmd(t, testEnv(t, bad), "speech", "check"); !errors.Is(err, errUsage) {
			t.Errorf("%v: err = %v, want a usage error", bad, err)
		}
	}
}

func TestSpeechTranscribe(t *testing.T) {
	f := newFakeSpeech(t, 200, fakeVerbose, 0)
	env := testEnv(t, map[string]string{"REHEARSE_SPEECH_URL": f.URL})
	audio := wavFile(t, 9)
	out, _, err := runCmd(t, env, "speech", "transcribe", "--audio", audio)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Transcript (english, 9.0 s)", "  I would shard by user ID. Then add a cache.", "Pacing (from word timestamps)",
		"speaking time  8.0 s", "10, 75 per minute", "long pauses    1, longest 3.5 s; 44% of the answer", `at 0:02   3.5 s  after "would shard by user ID.", before "Then add a cache."`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	out, _, err = runCmd(t, env, "speech", "transcribe", "--audio", audio, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Audio      struct{ Format string }
		Transcript struct {
			Text  string
			Words []struct{ Word string }
		}
		Timing struct {
			Words      int
			LongPauses int `json:"long_pauses"`
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Audio.Format != "wav" || len(got.Transcript.Words) != 10 || got.Timing.Words != 10 || got.Timing.LongPauses != 1 {
		t.Errorf("json = %+v", got)
	}
}

func TestSpeechTranscribeBadInput(t *testing.T) {
	f := newFakeSpeech(t, 200, fakeVerbose, 0)
	env := testEnv(t, map[string]string{"REHEARSE_SPEECH_URL": f.URL})
	text := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(text, []byte("my answer, typed"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     func(string) string
		args    []string
		usage   bool
		wantErr string
	}{
		{"no --audio", env, nil, true, "--audio FILE is required"},
		{"no endpoint", testEnv(t, nil), []string{"--audio", text}, true, "no speech-to-text endpoint is configured"},
		{"missing file", env, []string{"--audio", filepath.Join(t.TempDir(), "nope.wav")}, false, "no such file"},
		{"unsupported format", env, []string{"--audio", text}, false, "WAV, WebM, Ogg, MP3, MP4/M4A and FLAC"},
		{"two-hour recording", env, []string{"--audio", wavFile(t, 7200)}, false, "the limit is 15 minutes per answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, tt.env, append([]string{"speech", "transcribe"}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || errors.Is(err, errUsage) != tt.usage {
				t.Errorf("err = %v, want %q (usage error: %v)", err, tt.wantErr, tt.usage)
			}
		})
	}
	if n := f.calls(); n != 0 {
		t.Errorf("%d requests reached the endpoint; bad input must be refused before sending", n)
	}
}

func TestSpeechNoSpeech(t *testing.T) {
	f := newFakeSpeech(t, 200, `{"text":" [BLANK_AUDIO]","segments":[{"id":0,"start":0,"end":1,"text":" [BLANK_AUDIO]"}]}`, 0)
	_, _, err := runCmd(t, testEnv(t, map[string]string{"REHEARSE_SPEECH_URL": f.URL}), "speech", "transcribe", "--audio", wavFile(t, 1))
	if err == nil || !strings.Contains(err.Error(), "no speech was recognised") {
		t.Errorf("silence: %v", err)
	}
}
