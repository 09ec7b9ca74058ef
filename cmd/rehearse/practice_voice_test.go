package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rehearse/rehearse/internal/speech"
)

// whisperStub answers every transcription with text, timed word by word.
func whisperStub(t *testing.T, text string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, _, err := r.FormFile("file"); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"message":"no file"}}`)
			return
		}
		var words []map[string]any
		for i, wd := range strings.Fields(text) {
			words = append(words, map[string]any{"word": wd, "start": float64(i) * 0.4, "end": float64(i)*0.4 + 0.3})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"text": text, "words": words, "segments": []any{}})
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// rehearse practice --audio: a two-hour recording and a text file are
// refused with the reason, then a good recording is transcribed and sent
// as the answer, with its delivery note; /audio works inside the session.
func TestPracticeAudioAnswers(t *testing.T) {
	url := whisperStub(t, "Um so I rolled back the deploy and I think we basically wrote a runbook.")
	long := speech.ToneWAV(100 * time.Millisecond)
	binary.LittleEndian.PutUint32(long[40:44], uint32(2*3600*32000))
	files := []string{
		writeFile(t, "two-hours.wav", long),
		writeFile(t, "notes.txt", []byte("These are my notes, not a recording.")),
		writeFile(t, "answer.wav", speech.ToneWAV(2*time.Second)),
	}
	again := writeFile(t, "again.wav", speech.ToneWAV(time.Second))
	getenv := testEnv(t, map[string]string{"REHEARSE_SPEECH_URL": url})
	out := practice(t, getenv, "/audio "+again+"\n/done\n", "--question", "production-incident",
		"--audio", files[0], "--audio", files[1], "--audio", files[2])
	for _, want := range []string{
		"2 h 00 min long by its header; the limit is 15 minutes per answer",
		"Rehearse accepts WAV, WebM, Ogg, MP3, MP4/M4A and FLAC",
		"[Transcribing answer.wav (wav,",
		"You (spoken): Um so I rolled back the deploy",
		"Delivery: You spoke for",
		"2 filler words",
		"[Transcribing again.wav",
		"## Delivery of the spoken answers",
		"**You** (spoken):",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
	if n := strings.Count(out, "Delivery: You spoke"); n < 2 {
		t.Errorf("%d delivery notes, want one per spoken answer", n)
	}
}

// --audio without an endpoint is a usage error, said before anything
// starts.
func TestPracticeAudioNeedsEndpoint(t *testing.T) {
	var out, errOut bytes.Buffer
	f := writeFile(t, "a.wav", speech.ToneWAV(time.Second))
	err := run(context.Background(), []string{"practice", "--question", "production-incident", "--audio", f}, testEnv(t, nil), strings.NewReader(""), &out, &errOut)
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "needs a speech-to-text endpoint") {
		t.Errorf("err = %v", err)
	}
}

// serve takes the speech endpoint from the environment and says so; a bad
// silence nudge is a usage error.
func TestServeSpeechFlags(t *testing.T) {
	srv := startServe(t, testEnv(t, map[string]string{"REHEARSE_SPEECH_URL": "http://127.0.0.1:9/v1"}))
	if err := srv.stop(); err != nil {
		t.Fatal(err)
	}
	if log := srv.stderr.String(); !strings.Contains(log, "speech-to-text endpoint") || !strings.Contains(log, "127.0.0.1:9/v1/audio/transcriptions") {
		t.Errorf("the log does not name the endpoint:\n%s", log)
	}
	_, _, err := runCmd(t, testEnv(t, nil), "serve", "--addr", "127.0.0.1:0", "--silence-nudge", "soon")
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "--silence-nudge") {
		t.Errorf("bad --silence-nudge: %v", err)
	}
}
