package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/rehearse/rehearse/internal/content"
	"github.com/rehearse/rehearse/internal/grading"
	"github.com/rehearse/rehearse/internal/interview"
	"github.com/rehearse/rehearse/internal/interviewer"
	"github.com/rehearse/rehearse/internal/speech"
	"github.com/rehearse/rehearse/internal/store"
	"github.com/rehearse/rehearse/packs"
)

// spoken is what the fake endpoint hears in every recording: 20 words a
// third of a second apart, with one 2.5 s pause, two fillers and a hedge.
const spoken = "So um first I would roll back the deploy. I think the alert was late. Uh then we added a canary and a runbook."

// fakeEndpoint is an OpenAI-compatible transcription server whose
// behaviour a test sets: "ok", "silence", "garbage", "fail" (500) or
// "slow" (answers after two seconds).
type fakeEndpoint struct {
	*httptest.Server
	mu       sync.Mutex
	mode     string
	received [][]byte
}

func newFakeEndpoint(t *testing.T) *fakeEndpoint {
	t.Helper()
	f := &fakeEndpoint{mode: "ok"}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeEndpoint) set(mode string) {
	f.mu.Lock()
	f.mode = mode
	f.mu.Unlock()
}

func (f *fakeEndpoint) last() []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.received) == 0 {
		return nil
	}
	return f.received[len(f.received)-1]
}

func (f *fakeEndpoint) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/audio/transcriptions" || r.Method != http.MethodPost {
		http.Error(w, `{"error":{"message":"not found"}}`, http.StatusNotFound)
		return
	}
	file, hdr, err := r.FormFile("file")
	if err != nil || r.FormValue("model") == "" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"message":"file and model are required"}}`)
		return
	}
	audio, _ := io.ReadAll(file)
	f.mu.Lock()
	mode := f.mode
	f.received = append(f.received, audio)
	f.mu.Unlock()
	if !strings.HasPrefix(hdr.Filename, "answer.") {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"message":"bad file name %s"}}`, hdr.Filename)
		return
	}
	switch mode {
	case "silence":
		fmt.Fprint(w, `{"text":" [BLANK_AUDIO]","language":"english","duration":4,"segments":[],"words":[]}`)
		return
	case "garbage":
		fmt.Fprint(w, `<html><body>502 Bad Gateway</body></html>`)
		return
	case "fail":
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, `{"error":{"message":"the model is overloaded"}}`)
		return
	case "slow":
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
		return
	}
	var words []map[string]any
	at := 0.0
	for _, w := range strings.Fields(spoken) {
		if w == "Uh" {
			at += 2.5
		}
		words = append(words, map[string]any{"word": w, "start": at, "end": at + 0.3})
		at += 0.35
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"task": "transcribe", "language": "english", "duration": at + 0.5, "text": spoken,
		"segments": []map[string]any{{"start": 0, "end": at, "text": spoken, "no_speech_prob": 0.01, "avg_logprob": -0.2}}, "words": words})
}

// voiceServer is a Rehearse server with a speech endpoint (or none) and a
// clock the test can move, with the transcription worker running.
type voiceServer struct {
	*httptest.Server
	mu  sync.Mutex
	now time.Time
	c   *http.Client
}

func (v *voiceServer) clock() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.now
}

func (v *voiceServer) advance(d time.Duration) {
	v.mu.Lock()
	v.now = v.now.Add(d)
	v.mu.Unlock()
}

func newVoiceServer(t *testing.T, endpoint string, timeout time.Duration) *voiceServer {
	t.Helper()
	lib, err := content.Load(content.Source{Name: "packs", FS: packs.FS()})
	if err != nil {
		t.Fatal(err)
	}
	vs := &voiceServer{now: time.Now()}
	ctx, cancel := context.WithCancel(context.Background())
	db, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "rehearse.db"), vs.clock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	g := grading.NewEngine(lib.Questions())
	iv := interview.New(lib, db, interviewer.NewRubric(g), g, vs.clock)
	cfg := Config{Library: lib, Store: db, Interview: iv, Logger: slog.New(slog.DiscardHandler), Version: "test", SilenceNudge: 20 * time.Second}
	if endpoint != "" {
		cfg.Speech, err = speech.New(speech.Config{URL: endpoint, Timeout: timeout, Limits: speech.Limits{MaxBytes: 256 << 10}})
		if err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { iv.RunTranscriber(ctx, slog.New(slog.DiscardHandler)); close(done) }()
	vs.Server = httptest.NewServer(s.Handler())
	t.Cleanup(func() { vs.Close(); cancel(); <-done; db.Close() })
	vs.c = browserClient(t)
	return vs
}

// call sends a request with the session cookie and decodes a JSON answer.
func (v *voiceServer) call(t *testing.T, method, path, ctype string, body []byte, wantStatus int) map[string]any {
	t.Helper()
	req, err := http.NewRequest(method, v.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := v.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("%s %s: %d, want %d\n%s", method, path, resp.StatusCode, wantStatus, raw)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s %s: not JSON: %s", method, path, raw)
	}
	return m
}

func (v *voiceServer) startSession(t *testing.T, question string) string {
	t.Helper()
	m := v.call(t, "POST", "/api/v1/sessions", "application/json", []byte(`{"kind":"question","mode":"practice","question":"`+question+`"}`), http.StatusCreated)
	return m["id"].(string)
}

// upload posts a whole recording and returns its id.
func (v *voiceServer) upload(t *testing.T, sid string, audio []byte, query string) string {
	t.Helper()
	m := v.call(t, "POST", "/api/v1/sessions/"+sid+"/recordings?final=1&"+query, "audio/wav", audio, http.StatusCreated)
	return m["recording"].(map[string]any)["id"].(string)
}

// wait follows a recording's progress stream to its end and returns the
// last state and every status seen.
func (v *voiceServer) wait(t *testing.T, sid, rid string) (map[string]any, []string) {
	t.Helper()
	resp, err := v.c.Get(v.URL + "/api/v1/sessions/" + sid + "/recordings/" + rid + "?watch=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Fatalf("progress Content-Type %q", ct)
	}
	var last map[string]any
	var seen []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("progress line %q: %v", sc.Text(), err)
		}
		if e, ok := line["error"]; ok {
			t.Fatalf("progress error: %v", e)
		}
		last = line["recording"].(map[string]any)
		if st := last["status"].(string); len(seen) == 0 || seen[len(seen)-1] != st {
			seen = append(seen, st)
		}
	}
	return last, seen
}

// wavOf is a WAV file whose header claims d of 16 kHz 16-bit mono audio.
func wavOf(d time.Duration) []byte {
	b := speech.ToneWAV(100 * time.Millisecond)
	binary.LittleEndian.PutUint32(b[40:44], uint32(d.Seconds()*32000))
	return b
}

// A spoken answer through the API: the recording streams in two chunks,
// the endpoint transcribes it in the background while the client follows
// the progress, the answer is sent with it and comes back with a delivery
// note; the audio is gone (not kept), the transcript is in the export.
func TestVoiceAnswerThroughEndpoint(t *testing.T) {
	ep := newFakeEndpoint(t)
	v := newVoiceServer(t, ep.URL, 5*time.Second)
	sid := v.startSession(t, "production-incident")
	wav := speech.ToneWAV(3 * time.Second)

	m := v.call(t, "POST", "/api/v1/sessions/"+sid+"/recordings", "audio/wav", wav[:4000], http.StatusCreated)
	rec := m["recording"].(map[string]any)
	rid := rec["id"].(string)
	if rec["status"] != "receiving" || rec["format"] != "wav" {
		t.Fatalf("first chunk: %v", rec)
	}
	v.call(t, "POST", "/api/v1/sessions/"+sid+"/recordings/"+rid+"/audio?offset=4000", "audio/wav", wav[4000:], http.StatusOK)
	// The same chunk again (a lost reply): stored once.
	v.call(t, "POST", "/api/v1/sessions/"+sid+"/recordings/"+rid+"/audio?offset=4000", "audio/wav", wav[4000:], http.StatusOK)
	v.call(t, "POST", "/api/v1/sessions/"+sid+"/recordings/"+rid+"/finish", "", nil, http.StatusOK)
	last, seen := v.wait(t, sid, rid)
	if last["status"] != "done" || seen[len(seen)-1] != "done" {
		t.Fatalf("progress ended %v after %v", last["status"], seen)
	}
	if !bytes.Equal(ep.last(), wav) {
		t.Errorf("the endpoint got %d bytes, want the %d recorded", len(ep.last()), len(wav))
	}
	if tr := last["transcript"].(map[string]any); tr["text"] != spoken {
		t.Errorf("transcript %q", tr["text"])
	}
	if last["has_audio"] != false {
		t.Error("the audio was kept after transcription without the candidate asking")
	}

	// The page puts the transcript in the answer box, to be corrected.
	doc := getDoc(t, v.c, v.URL+"/sessions/"+sid, http.StatusOK)
	if box := byID(doc, "answer"); box == nil || !strings.Contains(text(box), "roll back the deploy") {
		t.Error("the transcript is not in the answer box")
	}
	if in := byID(doc, "recording-id"); in == nil || attr(in, "value") != rid {
		t.Error("the answer form does not name the recording")
	}

	corrected := strings.Replace(spoken, "the alert was late", "the alert fired late", 1)
	body, _ := json.Marshal(map[string]any{"action": "say", "text": corrected, "client_id": "v1", "recording": rid})
	resp, err := v.c.Post(v.URL+"/api/v1/sessions/"+sid+"/act", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var delivery map[string]any
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var line map[string]any
		_ = json.Unmarshal(sc.Bytes(), &line)
		if d, ok := line["delivery"]; ok {
			delivery = d.(map[string]any)
		}
	}
	resp.Body.Close()
	if delivery == nil {
		t.Fatal("no delivery note after a spoken answer in practice mode")
	}
	if delivery["filler_words"] != 2.0 || delivery["hedges"] != 1.0 || delivery["long_pauses"] != 1.0 || delivery["words"] != 24.0 {
		t.Errorf("delivery: %v", delivery)
	}
	note := delivery["note"].(string)
	for _, want := range []string{"words a minute", "2 filler words", "1 hedge (i think)", "One long pause, 2.5 s"} {
		if !strings.Contains(note, want) {
			t.Errorf("note lacks %q: %s", want, note)
		}
	}

	// The sent answer is marked spoken, its note under it.
	doc = getDoc(t, v.c, v.URL+"/sessions/"+sid, http.StatusOK)
	notes := findAll(doc, func(n *html.Node) bool { return attr(n, "class") == "delivery-note" })
	if len(notes) != 1 || !strings.Contains(text(notes[0]), "Delivery:") {
		t.Errorf("%d delivery notes on the page", len(notes))
	}

	status, _, md := getWith(t, v.c, v.URL+"/sessions/"+sid+"/report.md")
	if status != http.StatusOK || !strings.Contains(md, "> "+spoken) || !strings.Contains(md, "**You** (spoken): "+corrected) {
		t.Errorf("the export lacks the transcript or the spoken answer (%d):\n%s", status, md)
	}
}

func getWith(t *testing.T, c *http.Client, u string) (int, http.Header, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// Bad recordings are refused up front with the limit named, and nothing
// is saved.
func TestVoiceRefusedUpFront(t *testing.T) {
	ep := newFakeEndpoint(t)
	v := newVoiceServer(t, ep.URL, 5*time.Second)
	sid := v.startSession(t, "production-incident")
	for _, tc := range []struct {
		name   string
		query  string
		body   []byte
		status int
		want   string
	}{
		{"a text file", "final=1", []byte("Dear hiring manager, I am writing to…"), 400, "Rehearse accepts WAV, WebM, Ogg, MP3, MP4/M4A and FLAC"},
		{"a two-hour WAV", "final=1", wavOf(2 * time.Hour), 413, "2 h 00 min long by its header; the limit is 15 minutes per answer"},
		{"over the size limit", "final=1", append([]byte("\x1a\x45\xdf\xa3"), make([]byte, 300<<10)...), 413, "the limit is 256 KiB per answer"},
		{"an empty body", "", nil, 400, "the recording is empty"},
	} {
		m := v.call(t, "POST", "/api/v1/sessions/"+sid+"/recordings?"+tc.query, "application/octet-stream", tc.body, tc.status)
		if msg, _ := m["error"].(string); !strings.Contains(msg, tc.want) {
			t.Errorf("%s: error %q, want it to say %q", tc.name, msg, tc.want)
		}
	}
	m := v.call(t, "GET", "/api/v1/sessions/"+sid+"/recordings", "", nil, http.StatusOK)
	if n := len(m["recordings"].([]any)); n != 0 {
		t.Errorf("%d recordings saved from refused audio", n)
	}
	if len(ep.received) != 0 {
		t.Errorf("refused audio reached the endpoint %d times", len(ep.received))
	}
}

// When the endpoint fails the audio stays and the failure says whether to
// retry: garbage, a 500, no answer in time and a dead server can be
// retried; silence cannot.
func TestVoiceEndpointFailures(t *testing.T) {
	ep := newFakeEndpoint(t)
	v := newVoiceServer(t, ep.URL, 400*time.Millisecond)
	sid := v.startSession(t, "production-incident")
	wav := speech.ToneWAV(time.Second)
	for _, tc := range []struct {
		mode, want string
		retry      bool
	}{
		{"garbage", "malformed JSON", true},
		{"fail", "answered 500: the model is overloaded", true},
		{"slow", "did not answer within 400ms", true},
		{"silence", "no speech was recognised", false},
	} {
		ep.set(tc.mode)
		rid := v.upload(t, sid, wav, "")
		last, _ := v.wait(t, sid, rid)
		msg, _ := last["message"].(string)
		if last["status"] != "failed" || !strings.Contains(msg, tc.want) || (last["retryable"] == true) != tc.retry {
			t.Errorf("%s: %v %q retryable=%v", tc.mode, last["status"], msg, last["retryable"])
		}
		if last["has_audio"] != true {
			t.Errorf("%s: the audio was not kept after a failure", tc.mode)
		}
		if tc.retry {
			if !strings.Contains(msg, "try again, or type the answer instead") {
				t.Errorf("%s: the message does not offer a retry: %q", tc.mode, msg)
			}
			ep.set("ok")
			v.call(t, "POST", "/api/v1/sessions/"+sid+"/recordings/"+rid+"/retry", "", nil, http.StatusOK)
			if last, _ := v.wait(t, sid, rid); last["status"] != "done" {
				t.Errorf("%s: after a retry: %v", tc.mode, last)
			}
		} else {
			m := v.call(t, "POST", "/api/v1/sessions/"+sid+"/recordings/"+rid+"/retry", "", nil, http.StatusConflict)
			if !strings.Contains(m["error"].(string), "trying again will not help") {
				t.Errorf("retrying silence: %v", m)
			}
		}
	}

	// The endpoint is gone altogether.
	ep.Close()
	rid := v.upload(t, sid, wav, "keep=1")
	last, _ := v.wait(t, sid, rid)
	if msg, _ := last["message"].(string); last["status"] != "failed" || !strings.Contains(msg, "cannot reach the transcription endpoint") || last["retryable"] != true {
		t.Errorf("dead endpoint: %v", last)
	}
	doc := getDoc(t, v.c, v.URL+"/sessions/"+sid, http.StatusOK)
	var retry bool
	for _, f := range findAll(doc, tag("form")) {
		retry = retry || strings.HasSuffix(attr(f, "action"), "/recordings/"+rid+"/retry")
	}
	if !retry {
		t.Error("the page offers no retry for the failed recording")
	}
}

// A recording cut off by a closed tab keeps what arrived; once it has
// been quiet long enough it is offered for transcribing as it is.
func TestVoiceCutOffRecording(t *testing.T) {
	ep := newFakeEndpoint(t)
	v := newVoiceServer(t, ep.URL, 5*time.Second)
	sid := v.startSession(t, "production-incident")
	wav := speech.ToneWAV(2 * time.Second)
	m := v.call(t, "POST", "/api/v1/sessions/"+sid+"/recordings", "audio/wav", wav[:20000], http.StatusCreated)
	rid := m["recording"].(map[string]any)["id"].(string)
	v.advance(interview.CutOffAfter + time.Second)
	m = v.call(t, "GET", "/api/v1/sessions/"+sid+"/recordings/"+rid, "", nil, http.StatusOK)
	rec := m["recording"].(map[string]any)
	if rec["cut_off"] != true || rec["bytes"] != 20000.0 || !strings.Contains(rec["message"].(string), "cut off") {
		t.Fatalf("cut-off recording: %v", rec)
	}
	doc := getDoc(t, v.c, v.URL+"/sessions/"+sid, http.StatusOK)
	if !strings.Contains(text(doc), "Transcribe what arrived") {
		t.Error("the page does not offer to transcribe what arrived")
	}
	if r := postForm(t, v.c, v.URL+"/sessions/"+sid+"/recordings/"+rid+"/retry", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("transcribe what arrived: %d", r.StatusCode)
	}
	last, _ := v.wait(t, sid, rid)
	if last["status"] != "done" || last["complete"] != false {
		t.Errorf("after transcribing what arrived: %v", last)
	}
	if !bytes.Equal(ep.last(), wav[:20000]) {
		t.Errorf("the endpoint got %d bytes, want the 20000 that arrived", len(ep.last()))
	}

	// A whole-file upload cut off in transit keeps what arrived too.
	conn, err := net.Dial("tcp", strings.TrimPrefix(v.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	var cookie string
	u, _ := url.Parse(v.URL)
	for _, c := range v.c.Jar.Cookies(u) {
		cookie = c.Name + "=" + c.Value
	}
	fmt.Fprintf(conn, "POST /api/v1/sessions/%s/recordings?final=1 HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nContent-Type: audio/wav\r\nContent-Length: %d\r\n\r\n", sid, cookie, len(wav))
	conn.Write(wav[:30000])
	time.Sleep(100 * time.Millisecond)
	conn.Close()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		m = v.call(t, "GET", "/api/v1/sessions/"+sid+"/recordings", "", nil, http.StatusOK)
		if len(m["recordings"].([]any)) == 2 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	recs := m["recordings"].([]any)
	if len(recs) != 2 {
		t.Fatalf("%d recordings after a cut-off upload, want 2", len(recs))
	}
	if got := recs[1].(map[string]any); got["bytes"].(float64) < 30000-speech.SniffLen || got["complete"] != false {
		t.Errorf("cut-off upload: %v", got)
	}
}

// Without an endpoint the server says so, stores audio only when asked
// (the browser transcribes), and measures delivery from the phrases the
// browser heard.
func TestVoiceWithoutEndpoint(t *testing.T) {
	v := newVoiceServer(t, "", 0)
	sid := v.startSession(t, "production-incident")
	m := v.call(t, "POST", "/api/v1/sessions/"+sid+"/recordings?final=1", "audio/wav", speech.ToneWAV(time.Second), http.StatusServiceUnavailable)
	if !strings.Contains(m["error"].(string), "no speech-to-text endpoint is configured") {
		t.Errorf("upload without an endpoint: %v", m)
	}
	doc := getDoc(t, v.c, v.URL+"/sessions/"+sid, http.StatusOK)
	if p := byID(doc, "voice"); p == nil || attr(p, "data-endpoint") != "" || attr(p, "data-nudge") != "20" {
		t.Errorf("voice panel: %v", p)
	}
	if byID(doc, "upload-file") != nil {
		t.Error("an upload form without an endpoint to transcribe it")
	}
	rid := v.upload(t, sid, speech.ToneWAV(time.Second), "transcribe=0&keep=1")
	heard := map[string]any{"seconds": 20, "segments": []map[string]any{{"start": 0.4, "end": 6, "text": "um the deploy broke checkout"}, {"start": 9.5, "end": 19, "text": "so I rolled it back basically"}}}
	body, _ := json.Marshal(map[string]any{"action": "say", "text": "The deploy broke checkout, so I rolled it back.", "client_id": "b1", "recording": rid, "heard": heard})
	resp, err := v.c.Post(v.URL+"/api/v1/sessions/"+sid+"/act", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(out), `"delivery"`) || !strings.Contains(string(out), "One long pause, 3.5 s") {
		t.Errorf("no delivery from the browser's transcript:\n%s", out)
	}
	m = v.call(t, "GET", "/api/v1/sessions/"+sid+"/recordings/"+rid, "", nil, http.StatusOK)
	if rec := m["recording"].(map[string]any); rec["source"] != "browser" || rec["has_audio"] != true || rec["turn_seq"] == nil {
		t.Errorf("kept browser recording: %v", rec)
	}
}

// Recordings are private, and each can be deleted: the audio alone, or the
// recording with its transcript. The zip export has the kept audio.
func TestVoicePrivacy(t *testing.T) {
	ep := newFakeEndpoint(t)
	v := newVoiceServer(t, ep.URL, 5*time.Second)
	sid := v.startSession(t, "production-incident")
	wav := speech.ToneWAV(time.Second)
	rid := v.upload(t, sid, wav, "keep=1")
	if last, _ := v.wait(t, sid, rid); last["has_audio"] != true {
		t.Fatalf("a kept recording lost its audio: %v", last)
	}
	body, _ := json.Marshal(map[string]any{"action": "say", "text": spoken, "client_id": "p1", "recording": rid})
	resp, err := v.c.Post(v.URL+"/api/v1/sessions/"+sid+"/act", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()

	status, h, audio := getWith(t, v.c, v.URL+"/sessions/"+sid+"/recordings/"+rid+"/audio")
	if status != http.StatusOK || h.Get("Content-Type") != "audio/wav" || audio != string(wav) {
		t.Errorf("kept audio: %d %s, %d bytes", status, h.Get("Content-Type"), len(audio))
	}
	stranger := browserClient(t)
	if status, _, _ := getWith(t, stranger, v.URL+"/sessions/"+sid+"/recordings/"+rid+"/audio"); status != http.StatusNotFound {
		t.Errorf("another browser got the audio: %d", status)
	}
	if status, _, _ := getWith(t, stranger, v.URL+"/api/v1/sessions/"+sid+"/recordings/"+rid); status != http.StatusNotFound {
		t.Errorf("another browser got the recording: %d", status)
	}

	rep := getDoc(t, v.c, v.URL+"/sessions/"+sid+"/report", http.StatusOK)
	if byID(rep, "recordings") == nil || !strings.Contains(text(rep), "Delete the audio") {
		t.Error("the report does not list the recordings with delete buttons")
	}
	var zipLink bool
	for _, a := range findAll(rep, tag("a")) {
		zipLink = zipLink || strings.HasSuffix(attr(a, "href"), "/report.md?audio=1")
	}
	if !zipLink {
		t.Error("no export with the recordings while audio is kept")
	}
	status, h, zipped := getWith(t, v.c, v.URL+"/sessions/"+sid+"/report.md?audio=1")
	if status != http.StatusOK || h.Get("Content-Type") != "application/zip" || !strings.Contains(zipped, "recordings/01-round1-question1.wav") {
		t.Errorf("zip export: %d %s", status, h.Get("Content-Type"))
	}
	_, _, md := getWith(t, v.c, v.URL+"/sessions/"+sid+"/report.md")
	if strings.Contains(md, "RIFF") {
		t.Error("the Markdown export contains audio")
	}

	postForm(t, v.c, v.URL+"/sessions/"+sid+"/recordings/"+rid+"/delete", url.Values{"what": {"audio"}, "back": {"report"}})
	if status, _, _ := getWith(t, v.c, v.URL+"/sessions/"+sid+"/recordings/"+rid+"/audio"); status != http.StatusNotFound {
		t.Errorf("audio after deleting it: %d", status)
	}
	m := v.call(t, "GET", "/api/v1/sessions/"+sid+"/recordings/"+rid, "", nil, http.StatusOK)
	if rec := m["recording"].(map[string]any); rec["transcript"] == nil {
		t.Error("deleting the audio deleted the transcript too")
	}
	v.call(t, "DELETE", "/api/v1/sessions/"+sid+"/recordings/"+rid, "", nil, http.StatusOK)
	v.call(t, "GET", "/api/v1/sessions/"+sid+"/recordings/"+rid, "", nil, http.StatusNotFound)
	_, _, md = getWith(t, v.c, v.URL+"/sessions/"+sid+"/report.md")
	if strings.Contains(md, "What was heard") {
		t.Error("a deleted transcript is still in the export")
	}
}

// The plain upload form works without JavaScript.
func TestVoiceUploadForm(t *testing.T) {
	ep := newFakeEndpoint(t)
	v := newVoiceServer(t, ep.URL, 5*time.Second)
	sid := v.startSession(t, "production-incident")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("audio", "answer.wav")
	fw.Write(speech.ToneWAV(time.Second))
	mw.Close()
	resp, err := v.c.Post(v.URL+"/sessions/"+sid+"/recordings", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload form: %d", resp.StatusCode)
	}
	m := v.call(t, "GET", "/api/v1/sessions/"+sid+"/recordings", "", nil, http.StatusOK)
	rid := m["recordings"].([]any)[0].(map[string]any)["id"].(string)
	v.wait(t, sid, rid)
	doc := getDoc(t, v.c, v.URL+"/sessions/"+sid, http.StatusOK)
	if box := byID(doc, "answer"); box == nil || !strings.Contains(text(box), "roll back the deploy") {
		t.Error("the uploaded recording's transcript is not in the answer box")
	}
	// And the answer is sent from the plain form with the recording.
	form := url.Values{"action": {"say"}, "text": {spoken}, "client_id": {clientIDOf(t, doc)}, "recording": {rid}}
	if r := postForm(t, v.c, v.URL+"/sessions/"+sid+"/act", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d", r.StatusCode)
	}
	doc = getDoc(t, v.c, v.URL+"/sessions/"+sid, http.StatusOK)
	if !strings.Contains(text(doc), "You · spoken") {
		t.Error("the answer is not marked spoken")
	}
}
