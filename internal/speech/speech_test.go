package speech

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rehearse/rehearse/internal/rehearse"
)

// received is one request the fake endpoint got.
type received struct {
	path, auth, contentType string
	fields                  map[string][]string
	file                    []byte
	filename, fileType      string
}

// fake is an OpenAI-compatible transcription endpoint whose answer each
// test sets.
type fake struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	got    []received
	answer func(w http.ResponseWriter, r *http.Request, req received)
}

func newFake(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, req received)) *fake {
	t.Helper()
	f := &fake{t: t, answer: answer}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := received{path: r.URL.Path, auth: r.Header.Get("Authorization"), contentType: r.Header.Get("Content-Type")}
		if err := r.ParseMultipartForm(64 << 20); err != nil {
			http.Error(w, `{"error":{"message":"not a multipart form"}}`, http.StatusBadRequest)
			return
		}
		req.fields = r.MultipartForm.Value
		if fh := r.MultipartForm.File["file"]; len(fh) == 1 {
			req.filename, req.fileType = fh[0].Filename, fh[0].Header.Get("Content-Type")
			file, _ := fh[0].Open()
			req.file, _ = io.ReadAll(file)
			file.Close()
		}
		f.mu.Lock()
		f.got = append(f.got, req)
		f.mu.Unlock()
		f.answer(w, r, req)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) requests() []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.got...)
}

func (f *fake) client(t *testing.T, cfg Config) *Client {
	t.Helper()
	if cfg.URL == "" {
		cfg.URL = f.srv.URL
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func reply(status int, body string) func(http.ResponseWriter, *http.Request, received) {
	return func(w http.ResponseWriter, _ *http.Request, _ received) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// verboseAnswer is what OpenAI's whisper-1 returns for verbose_json with
// both granularities.
const verboseAnswer = `{
  "task": "transcribe", "language": "english", "duration": 9.5,
  "text": " I would shard by user ID.  Then add a cache.",
  "segments": [
    {"id": 0, "seek": 0, "start": 0.0, "end": 2.5, "text": " I would shard by user ID.", "avg_logprob": -0.2, "no_speech_prob": 0.01},
    {"id": 1, "seek": 0, "start": 6.0, "end": 8.0, "text": " Then add a cache.", "avg_logprob": -0.3, "no_speech_prob": 0.02}
  ],
  "words": [
    {"word": "I", "start": 0.0, "end": 0.3}, {"word": "would", "start": 0.3, "end": 0.7},
    {"word": "shard", "start": 0.7, "end": 1.2}, {"word": "by", "start": 1.2, "end": 1.5},
    {"word": "user", "start": 1.5, "end": 2.0}, {"word": "ID", "start": 2.0, "end": 2.5},
    {"word": "Then", "start": 6.0, "end": 6.4}, {"word": "add", "start": 6.4, "end": 6.8},
    {"word": "a", "start": 6.8, "end": 7.0}, {"word": "cache", "start": 7.0, "end": 8.0}
  ]
}`

func TestTranscribeVerbose(t *testing.T) {
	f := newFake(t, reply(200, verboseAnswer))
	c := f.client(t, Config{URL: f.srv.URL + "/v1/", Model: "whisper-large-v3", Key: "sk-test"})
	audio := ToneWAV(2 * time.Second)
	got, err := c.Transcribe(context.Background(), audio)
	if err != nil {
		t.Fatal(err)
	}
	want := &Transcript{
		Text: "I would shard by user ID. Then add a cache.", Language: "english", Duration: 9.5,
		Segments: []Segment{{0, 2.5, "I would shard by user ID."}, {6, 8, "Then add a cache."}},
		Words: []Word{{"I", 0, 0.3}, {"would", 0.3, 0.7}, {"shard", 0.7, 1.2}, {"by", 1.2, 1.5}, {"user", 1.5, 2},
			{"ID", 2, 2.5}, {"Then", 6, 6.4}, {"add", 6.4, 6.8}, {"a", 6.8, 7}, {"cache", 7, 8}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("transcript (-want +got):\n%s", diff)
	}
	tm := got.Timing()
	if tm.Source != "words" || tm.Words != 10 || tm.SpeakingSeconds != 8 || tm.LongPauses != 1 || tm.LongestPause != 3.5 || tm.WordsPerMinute != 75 {
		t.Errorf("timing = %+v", tm)
	}
	if p := tm.Pauses[0]; p.Preceding != "would shard by user ID" || p.Following != "Then add a cache" {
		t.Errorf("pause context = %+v", p)
	}

	reqs := f.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	wantFields := map[string][]string{
		"model":                     {"whisper-large-v3"},
		"response_format":           {"verbose_json"},
		"timestamp_granularities[]": {"word", "segment"},
	}
	if diff := cmp.Diff(wantFields, r.fields); diff != "" {
		t.Errorf("form fields (-want +got):\n%s", diff)
	}
	if r.path != "/v1/audio/transcriptions" || r.auth != "Bearer sk-test" || !strings.HasPrefix(r.contentType, "multipart/form-data") {
		t.Errorf("request: path %q, auth %q, content type %q", r.path, r.auth, r.contentType)
	}
	if !bytes.Equal(r.file, audio) || r.filename != "answer.wav" || r.fileType != "audio/wav" {
		t.Errorf("file part: %d bytes named %q (%s), want the %d-byte recording as answer.wav", len(r.file), r.filename, r.fileType, len(audio))
	}
}

func TestTranscribeTextOnly(t *testing.T) {
	f := newFake(t, reply(200, `{"text":"Consistent hashing keeps most keys in place."}`))
	c := f.client(t, Config{})
	got, err := c.Transcribe(context.Background(), []byte("\x1a\x45\xdf\xa3 a webm recording"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Transcript{Text: "Consistent hashing keeps most keys in place.", Segments: []Segment{}, Words: []Word{}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("transcript (-want +got):\n%s", diff)
	}
	if tm := got.Timing(); tm.Source != "none" || tm.Words != 7 || tm.WordsPerMinute != 0 {
		t.Errorf("timing = %+v", tm)
	}
	r := f.requests()[0]
	if r.auth != "" || r.filename != "answer.webm" || r.fileType != "audio/webm" || r.fields["model"][0] != DefaultModel {
		t.Errorf("request: auth %q, file %q (%s), model %v", r.auth, r.filename, r.fileType, r.fields["model"])
	}
}

// whisper.cpp's server lists sub-word tokens inside each segment and has no
// top-level words.
func TestTranscribeWhisperCppTokens(t *testing.T) {
	f := newFake(t, reply(200, `{"task":"transcribe","language":"english","duration":4.0,"text":" Hello, world.",
	  "segments":[{"id":0,"text":" Hello, world.","start":0.0,"end":3.9,
	    "words":[{"word":" Hel","start":0.0,"end":0.3},{"word":"lo","start":0.3,"end":0.5},{"word":",","start":0.5,"end":0.6},
	             {"word":" world","start":3.0,"end":3.5},{"word":".","start":3.5,"end":3.9}]}]}`))
	got, err := f.client(t, Config{URL: f.srv.URL + "/inference"}).Transcribe(context.Background(), ToneWAV(4*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Word{{"Hello,", 0, 0.6}, {"world.", 3, 3.9}}, got.Words); diff != "" {
		t.Errorf("words (-want +got):\n%s", diff)
	}
	if f.requests()[0].path != "/inference" {
		t.Errorf("path = %q, want whisper.cpp's /inference as given", f.requests()[0].path)
	}
	if tm := got.Timing(); tm.LongPauses != 1 || tm.LongestPause != 2.4 {
		t.Errorf("timing = %+v", tm)
	}
}

func TestTranscribeErrors(t *testing.T) {
	wav := ToneWAV(time.Second)
	slow := func(w http.ResponseWriter, r *http.Request, _ received) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	tests := []struct {
		name      string
		answer    func(http.ResponseWriter, *http.Request, received)
		audio     []byte
		timeout   time.Duration
		wantKind  Kind
		wantSent  error
		wantMsg   []string
		wantCalls int
	}{
		{
			name: "timeout", answer: slow, timeout: 100 * time.Millisecond,
			wantKind: KindTimeout, wantSent: rehearse.ErrUnavailable, wantMsg: []string{"did not answer within 100ms"}, wantCalls: 1,
		},
		{
			name:     "400 with OpenAI's error object",
			answer:   reply(400, `{"error":{"message":"Invalid file format. Supported formats: ['flac', 'm4a']","type":"invalid_request_error","param":null,"code":null}}`),
			wantKind: KindRejected, wantSent: rehearse.ErrInvalid, wantMsg: []string{"answered 400", "Invalid file format."}, wantCalls: 1,
		},
		{
			name:     "422 with FastAPI's detail list",
			answer:   reply(422, `{"detail":[{"loc":["body","file"],"msg":"field required","type":"value_error.missing"}]}`),
			wantKind: KindRejected, wantMsg: []string{"answered 422", "field required"}, wantCalls: 1,
		},
		{
			name:     "503 with a detail string",
			answer:   reply(503, `{"detail":"Model Systran/faster-whisper-small is loading"}`),
			wantKind: KindUnavailable, wantSent: rehearse.ErrUnavailable, wantMsg: []string{"answered 503", "is loading"}, wantCalls: 1,
		},
		{
			name:     "500 with a huge text body is clipped",
			answer:   reply(500, "Traceback (most recent call last): "+strings.Repeat("frame ", 5000)),
			wantKind: KindUnavailable, wantMsg: []string{"answered 500", "Traceback", "…"}, wantCalls: 1,
		},
		{
			name:     "429",
			answer:   reply(429, `{"error":{"message":"Rate limit reached for whisper-1"}}`),
			wantKind: KindUnavailable, wantMsg: []string{"Rate limit reached"}, wantCalls: 1,
		},
		{
			name:     "401 names the key",
			answer:   reply(401, `{"error":{"message":"Incorrect API key provided: sk-wr***ng."}}`),
			wantKind: KindUnavailable, wantMsg: []string{"Incorrect API key", "check the API key"}, wantCalls: 1,
		},
		{
			name:     "404 names the URL",
			answer:   reply(404, "File Not Found (/v1/audio/transcriptions)"),
			wantKind: KindUnavailable, wantMsg: []string{"answered 404", "check the speech URL"}, wantCalls: 1,
		},
		{
			name:     "413 from the endpoint",
			answer:   reply(413, `{"error":{"message":"Maximum content size limit (26214400) exceeded"}}`),
			wantKind: KindTooLarge, wantMsg: []string{"Maximum content size"}, wantCalls: 1,
		},
		{
			name:     "malformed JSON",
			answer:   reply(200, `{"text": "I would sha`),
			wantKind: KindBadResponse, wantSent: rehearse.ErrUnavailable, wantMsg: []string{"malformed JSON", `I would sha`}, wantCalls: 1,
		},
		{
			name:     "HTML instead of JSON",
			answer:   reply(200, "<html><body>Welcome to nginx!</body></html>"),
			wantKind: KindBadResponse, wantMsg: []string{"malformed JSON", "Welcome to nginx"}, wantCalls: 1,
		},
		{
			name:     "JSON without text",
			answer:   reply(200, `{"transcript":"wrong field"}`),
			wantKind: KindBadResponse, wantMsg: []string{"no text field"}, wantCalls: 1,
		},
		{
			name:     "whisper.cpp error object with status 200",
			answer:   reply(200, `{"error":"failed to read WAV file"}`),
			wantKind: KindRejected, wantMsg: []string{"could not use the recording", "failed to read WAV file"}, wantCalls: 1,
		},
		{
			name:     "answer over the response cap",
			answer:   reply(200, `{"text":"`+strings.Repeat("a", maxResponse)+`"}`),
			wantKind: KindBadResponse, wantMsg: []string{"over 8 MiB"}, wantCalls: 1,
		},
		{
			name:     "huge audio is rejected before sending",
			answer:   reply(200, `{"text":"never"}`),
			audio:    append(wavHeader(16000, 26<<20), make([]byte, 26<<20)...),
			wantKind: KindTooLarge, wantSent: rehearse.ErrTooLarge, wantMsg: []string{"26.0 MiB", "the limit is 25 MiB per answer"},
		},
		{
			name:     "unsupported format",
			answer:   reply(200, `{"text":"never"}`),
			audio:    []byte("#!/bin/sh\necho this is not audio\n"),
			wantKind: KindBadAudio, wantSent: rehearse.ErrInvalid, wantMsg: []string{"not in a supported audio format", "WAV, WebM, Ogg, MP3, MP4/M4A and FLAC"},
		},
		{
			name:     "two-hour WAV header",
			answer:   reply(200, `{"text":"never"}`),
			audio:    append(wavHeader(16000, 2*3600*32000), make([]byte, 32000)...),
			wantKind: KindTooLong, wantSent: rehearse.ErrTooLarge, wantMsg: []string{"2 h 00 min", "the limit is 15 minutes per answer"},
		},
		{
			name:     "too long by the endpoint's duration",
			answer:   reply(200, `{"text":"a very long answer","duration":1230.4,"segments":[],"words":[]}`),
			audio:    []byte("OggS and some opus"),
			wantKind: KindTooLong, wantMsg: []string{"20 min 30 s", "the limit is 15 minutes per answer"}, wantCalls: 1,
		},
		{
			name:     "silence: whisper.cpp's blank marker",
			answer:   reply(200, `{"text":" [BLANK_AUDIO]\n","segments":[{"id":0,"start":0,"end":1,"text":" [BLANK_AUDIO]"}]}`),
			wantKind: KindNoSpeech, wantSent: rehearse.ErrInvalid, wantMsg: []string{"no speech was recognised"}, wantCalls: 1,
		},
		{
			name:     "silence: empty text",
			answer:   reply(200, `{"text":"  ","language":"english","duration":3.0,"segments":[],"words":[]}`),
			wantKind: KindNoSpeech, wantMsg: []string{"no speech was recognised"}, wantCalls: 1,
		},
		{
			name: "silence: whisper's invented thanks, flagged by its own no-speech probability",
			answer: reply(200, `{"text":" Thank you.","duration":5.0,
			  "segments":[{"start":0,"end":5,"text":" Thank you.","avg_logprob":-1.4,"no_speech_prob":0.93}],
			  "words":[{"word":"Thank","start":0,"end":1},{"word":"you","start":1,"end":2}]}`),
			wantKind: KindNoSpeech, wantMsg: []string{"no speech was recognised"}, wantCalls: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, tt.answer)
			c := f.client(t, Config{Timeout: tt.timeout})
			audio := tt.audio
			if audio == nil {
				audio = wav
			}
			got, err := c.Transcribe(context.Background(), audio)
			if err == nil {
				t.Fatalf("no error; transcript %+v", got)
			}
			if KindOf(err) != tt.wantKind {
				t.Errorf("kind = %v, want %v (%v)", KindOf(err), tt.wantKind, err)
			}
			if tt.wantSent != nil && !errors.Is(err, tt.wantSent) {
				t.Errorf("%v does not match %v", err, tt.wantSent)
			}
			for _, m := range tt.wantMsg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("message %q does not contain %q", err, m)
				}
			}
			if n := len(err.Error()); n > 600 {
				t.Errorf("message is %d bytes; the endpoint's part should be bounded", n)
			}
			if n := len(f.requests()); n != tt.wantCalls {
				t.Errorf("%d requests reached the endpoint, want %d", n, tt.wantCalls)
			}
			if Retryable(err) != tt.wantKind.Retryable() {
				t.Errorf("Retryable = %v for kind %v", Retryable(err), tt.wantKind)
			}
		})
	}
}

func TestTranscribeUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := New(Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Transcribe(context.Background(), ToneWAV(time.Second))
	if KindOf(err) != KindUnavailable || !Retryable(err) || !strings.Contains(err.Error(), "cannot reach the transcription endpoint at "+url) {
		t.Errorf("unreachable: %v (kind %v)", err, KindOf(err))
	}
}

func TestTranscribeCallerContext(t *testing.T) {
	started := make(chan struct{})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ received) {
		close(started)
		<-r.Context().Done()
	})
	c := f.client(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	_, err := c.Transcribe(ctx, ToneWAV(time.Second))
	if !errors.Is(err, context.Canceled) || KindOf(err) != KindUnavailable {
		t.Errorf("cancelled: %v (kind %v)", err, KindOf(err))
	}

	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	f2 := newFake(t, func(w http.ResponseWriter, r *http.Request, _ received) { <-r.Context().Done() })
	_, err = f2.client(t, Config{Timeout: time.Hour}).Transcribe(ctx, ToneWAV(time.Second))
	if KindOf(err) != KindTimeout || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "before the deadline") {
		t.Errorf("caller's deadline: %v (kind %v)", err, KindOf(err))
	}
}

// OpenAI's gpt-4o-transcribe refuses verbose_json; the client asks again
// for json and remembers.
func TestFallbackToPlainJSON(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, req received) {
		if req.fields["response_format"][0] == "verbose_json" {
			reply(400, `{"error":{"message":"response_format 'verbose_json' is not compatible with model 'gpt-4o-transcribe'. Use 'json' or 'text' instead.","type":"invalid_request_error"}}`)(w, r, req)
			return
		}
		reply(200, `{"text":"Fine."}`)(w, r, req)
	})
	c := f.client(t, Config{Model: "gpt-4o-transcribe"})
	res, err := c.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.ResponseFormat != "json" || res.WordTimestamps || res.SegmentTimestamps {
		t.Errorf("check = %+v", res)
	}
	if _, err := c.Transcribe(context.Background(), ToneWAV(time.Second)); err != nil {
		t.Fatal(err)
	}
	var formats []string
	for _, r := range f.requests() {
		formats = append(formats, r.fields["response_format"][0])
		if r.fields["response_format"][0] == "json" && r.fields["timestamp_granularities[]"] != nil {
			t.Errorf("json request still asks for timestamps: %v", r.fields)
		}
	}
	if diff := cmp.Diff([]string{"verbose_json", "json", "json"}, formats); diff != "" {
		t.Errorf("response formats asked for (-want +got):\n%s", diff)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name                string
		answer              string
		wantWords, wantSegs bool
		wantText, wantLang  string
	}{
		{"openai", `{"text":"","language":"english","duration":1.0,"segments":[],"words":[]}`, true, true, "", "english"},
		{"whisper.cpp", `{"text":" [BLANK_AUDIO]","language":"english","duration":1.0,"segments":[{"id":0,"text":" [BLANK_AUDIO]","start":0,"end":1,"words":[{"word":" [BLANK_AUDIO]","start":0,"end":1}]}]}`, true, true, "", "english"},
		{"segments without timestamps", `{"text":" Hmm.","segments":[{"id":0,"text":" Hmm."}]}`, false, false, "Hmm.", ""},
		{"text only", `{"text":"beep"}`, false, false, "beep", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, reply(200, tt.answer))
			res, err := f.client(t, Config{URL: f.srv.URL + "/v1"}).Check(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if res.WordTimestamps != tt.wantWords || res.SegmentTimestamps != tt.wantSegs || res.Text != tt.wantText || res.Language != tt.wantLang {
				t.Errorf("check = %+v", res)
			}
			if res.ResponseFormat != "verbose_json" || res.Latency <= 0 || res.Endpoint != f.srv.URL+"/v1/audio/transcriptions" || res.Model != DefaultModel {
				t.Errorf("check = %+v", res)
			}
			r := f.requests()[0]
			if a, err := (Limits{}).Inspect(r.file, int64(len(r.file))); err != nil || a.Duration != time.Second {
				t.Errorf("check sent %d bytes: %+v, %v; want one second of WAV", len(r.file), a, err)
			}
		})
	}
	f := newFake(t, reply(502, "Bad Gateway"))
	if _, err := f.client(t, Config{}).Check(context.Background()); KindOf(err) != KindUnavailable || !strings.Contains(err.Error(), "502") {
		t.Errorf("check against a 502: %v", err)
	}
}

func TestEndpointURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/audio/transcriptions"},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1/audio/transcriptions"},
		{"https://api.openai.com/v1", "https://api.openai.com/v1/audio/transcriptions"},
		{" https://api.openai.com/v1/ ", "https://api.openai.com/v1/audio/transcriptions"},
		{"http://gpu:8000/v1/audio/transcriptions", "http://gpu:8000/v1/audio/transcriptions"},
		{"http://gpu:8000/whisper", "http://gpu:8000/whisper/v1/audio/transcriptions"},
		{"http://127.0.0.1:8080/inference", "http://127.0.0.1:8080/inference"},
		{"http://user:secret@gpu:8000/v1", "http://user:xxxxx@gpu:8000/v1/audio/transcriptions"},
	}
	for _, tt := range tests {
		c, err := New(Config{URL: tt.in})
		if err != nil {
			t.Errorf("New(%q): %v", tt.in, err)
			continue
		}
		if got := c.Endpoint(); got != tt.want {
			t.Errorf("Endpoint(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "127.0.0.1:8080", "ftp://host/v1", "http://"} {
		if _, err := New(Config{URL: bad}); !errors.Is(err, rehearse.ErrInvalid) {
			t.Errorf("New(%q) = %v, want an invalid-input error", bad, err)
		}
	}
}
