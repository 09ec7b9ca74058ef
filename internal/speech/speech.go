// Package speech turns recorded answers into text through any
// OpenAI-compatible transcription endpoint (whisper.cpp's server,
// faster-whisper servers, OpenAI), checks recordings before anything is
// sent, and measures an answer's pacing from the endpoint's timestamps.
//
// Audio goes only to the configured endpoint. Every failure is an *Error
// whose Kind tells the endpoint's fault (retry; keep the audio) from the
// recording's (record again).
package speech

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// Defaults for Config.
const (
	// DefaultModel is OpenAI's Whisper; whisper.cpp ignores the model, and
	// faster-whisper servers want their own model id.
	DefaultModel = "whisper-1"
	// DefaultTimeout bounds one transcription request, upload included.
	DefaultTimeout = 3 * time.Minute
)

// maxResponse caps how much of an endpoint's answer is read: a 15-minute
// verbose_json with per-token words is well under 2 MiB.
const maxResponse = 8 << 20

// maxShown caps how much of an endpoint's error message a user sees.
const maxShown = 300

// Config is how to reach the endpoint. Only URL is required.
type Config struct {
	// URL is the server's base ("http://127.0.0.1:8080", with or without
	// "/v1") or the full transcription endpoint (ending in
	// "/audio/transcriptions", or whisper.cpp's "/inference").
	URL string
	// Model is sent as the form's model field (default DefaultModel).
	Model string
	// Key, if set, is sent as a bearer token.
	Key string
	// Timeout bounds each request (default DefaultTimeout).
	Timeout time.Duration
	// Limits bound what is sent; zero fields take the defaults.
	Limits Limits
	// HTTPClient sends the requests (default: a client with no timeout of
	// its own, since Timeout and the caller's context govern).
	HTTPClient *http.Client
}

// Client transcribes recordings through one endpoint. It is safe for
// concurrent use.
type Client struct {
	endpoint *url.URL
	model    string
	key      string
	timeout  time.Duration
	limits   Limits
	http     *http.Client
	// plainOnly is set once the endpoint has refused verbose_json (e.g.
	// OpenAI's gpt-4o-transcribe), so later requests ask for json at once.
	plainOnly atomic.Bool
}

// New checks cfg and returns a client. It makes no network call.
func New(cfg Config) (*Client, error) {
	u, err := endpointURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	c := &Client{endpoint: u, model: cfg.Model, key: cfg.Key, timeout: cfg.Timeout, limits: cfg.Limits.withDefaults(), http: cfg.HTTPClient}
	if c.model == "" {
		c.model = DefaultModel
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.http == nil {
		c.http = &http.Client{}
	}
	return c, nil
}

// endpointURL accepts a base with or without /v1, or a full endpoint.
func endpointURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, rehearse.Errorf(rehearse.ErrInvalid, "the speech URL %q is not an http(s) URL; give the server's base, e.g. http://127.0.0.1:8080 or https://api.openai.com/v1", raw)
	}
	p := strings.TrimRight(u.Path, "/")
	switch {
	case strings.HasSuffix(p, "/audio/transcriptions"), strings.HasSuffix(p, "/inference"):
	case strings.HasSuffix(p, "/v1"):
		p += "/audio/transcriptions"
	default:
		p += "/v1/audio/transcriptions"
	}
	u.Path, u.RawPath, u.Fragment = p, "", ""
	return u, nil
}

// Endpoint is the URL requests go to, with any password redacted.
func (c *Client) Endpoint() string { return c.endpoint.Redacted() }

// Model is the model sent with each request.
func (c *Client) Model() string { return c.model }

// Timeout is the bound on each request.
func (c *Client) Timeout() time.Duration { return c.timeout }

// Limits are the limits Transcribe enforces.
func (c *Client) Limits() Limits { return c.limits }

// Inspect checks a recording against c's limits before it is sent; see
// Limits.Inspect.
func (c *Client) Inspect(head []byte, size int64) (Audio, error) {
	return c.limits.Inspect(head, size)
}

// Transcript is what the endpoint heard. Times are in seconds from the
// start of the recording.
type Transcript struct {
	Text string `json:"text"`
	// Language is the endpoint's name for the spoken language, if given.
	Language string `json:"language,omitempty"`
	// Duration is the recording's length in seconds: the endpoint's, else
	// the header's, else the last timestamp; 0 if unknown.
	Duration float64 `json:"duration"`
	// Segments and Words are empty when the endpoint gives no timestamps.
	Segments []Segment `json:"segments"`
	Words    []Word    `json:"words"`
}

// Segment is a stretch of speech, usually a sentence or phrase.
type Segment struct {
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	Text  string  `json:"text"`
}

// Word is one timed word.
type Word struct {
	Word  string  `json:"word"`
	Start float64 `json:"start"`
	End   float64 `json:"end"`
}

// Timing measures the transcript's pacing; see TimingOf.
func (t *Transcript) Timing() Timing { return TimingOf(t) }

// Transcribe checks the recording (format, size, duration from a WAV
// header) and sends it to the endpoint. After the endpoint answers it
// rejects a recording whose reported duration is over the limit, and an
// answer with no speech in it (KindNoSpeech) rather than return an empty
// transcript. Every error is an *Error.
func (c *Client) Transcribe(ctx context.Context, audio []byte) (*Transcript, error) {
	a, err := c.limits.Inspect(audio, int64(len(audio)))
	if err != nil {
		return nil, err
	}
	r, _, err := c.post(ctx, audio, a.Format)
	if err != nil {
		return nil, err
	}
	t := r.transcript()
	if r.Duration <= 0 && a.Duration > 0 {
		t.Duration = a.Duration.Seconds()
	}
	if d := time.Duration(t.Duration * float64(time.Second)); d > c.limits.MaxDuration {
		return nil, tooLong(d, c.limits.MaxDuration, "by the transcription endpoint's count")
	}
	if r.noSpeech(t) {
		return nil, fail(KindNoSpeech, 0, nil, "no speech was recognised in the recording; check the microphone, or type the answer instead")
	}
	return t, nil
}

// CheckResult says how the endpoint answered a known-good recording.
type CheckResult struct {
	Endpoint string `json:"endpoint"`
	Model    string `json:"model"`
	// Latency is the time from sending to a parsed answer (not in JSON;
	// callers choose the unit).
	Latency time.Duration `json:"-"`
	// ResponseFormat is verbose_json, or json when the endpoint refused
	// verbose_json (then there are no timestamps).
	ResponseFormat string `json:"response_format"`
	// WordTimestamps and SegmentTimestamps say whether the answer carried
	// them (whisper.cpp gives words inside segments; that counts).
	WordTimestamps    bool `json:"word_timestamps"`
	SegmentTimestamps bool `json:"segment_timestamps"`
	// Text is whatever the endpoint heard in the tone, often nothing.
	Text     string `json:"text"`
	Language string `json:"language,omitempty"`
}

// Check sends one second of a quiet tone (ToneWAV) and reports whether the
// endpoint answered with a well-formed transcription, how fast, and with
// which timestamps. Hearing nothing in a tone is a success.
func (c *Client) Check(ctx context.Context) (*CheckResult, error) {
	start := time.Now()
	r, format, err := c.post(ctx, ToneWAV(time.Second), FormatWAV)
	if err != nil {
		return nil, err
	}
	res := &CheckResult{Endpoint: c.Endpoint(), Model: c.model, Latency: time.Since(start), ResponseFormat: format, Language: r.Language}
	res.Text = strings.TrimSpace(cleanMarkers(*r.Text))
	if r.Segments != nil {
		res.SegmentTimestamps = true
		for _, s := range *r.Segments {
			if s.Start == nil || s.End == nil {
				res.SegmentTimestamps = false
			}
			for _, w := range s.Words {
				if w.Start != nil && w.End != nil {
					res.WordTimestamps = true
				}
			}
		}
	}
	if r.Words != nil {
		res.WordTimestamps = true
	}
	return res, nil
}

// response is the endpoint's JSON: OpenAI's verbose_json, a superset of
// its json ({"text": …}). Pointers tell absent fields from empty ones.
type response struct {
	Text     *string        `json:"text"`
	Language string         `json:"language"`
	Duration float64        `json:"duration"`
	Segments *[]wireSegment `json:"segments"`
	Words    *[]wireWord    `json:"words"`
	// Error is whisper.cpp's way to fail: HTTP 200 and {"error": "…"}.
	Error json.RawMessage `json:"error"`
}

type wireSegment struct {
	Start        *float64   `json:"start"`
	End          *float64   `json:"end"`
	Text         string     `json:"text"`
	NoSpeechProb *float64   `json:"no_speech_prob"`
	AvgLogprob   *float64   `json:"avg_logprob"`
	Words        []wireWord `json:"words"`
}

type wireWord struct {
	Word  string   `json:"word"`
	Start *float64 `json:"start"`
	End   *float64 `json:"end"`
}

const (
	verboseJSON = "verbose_json"
	plainJSON   = "json"
)

// post sends the audio, asking for verbose_json with word and segment
// timestamps, and falls back to json once if the endpoint refuses those
// parameters. It returns the parsed answer and the format it came in.
func (c *Client) post(ctx context.Context, audio []byte, f Format) (*response, string, error) {
	if !c.plainOnly.Load() {
		r, err := c.postAs(ctx, audio, f, verboseJSON)
		if err == nil || !refusedVerbose(err) {
			return r, verboseJSON, err
		}
		c.plainOnly.Store(true)
	}
	r, err := c.postAs(ctx, audio, f, plainJSON)
	return r, plainJSON, err
}

// refusedVerbose reports whether the endpoint said no to verbose_json or
// to timestamp granularities, as OpenAI does for gpt-4o-transcribe.
func refusedVerbose(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindRejected {
		return false
	}
	m := strings.ToLower(e.Msg)
	return strings.Contains(m, "response_format") || strings.Contains(m, "verbose_json") || strings.Contains(m, "timestamp_granularities")
}

func (c *Client) postAs(ctx context.Context, audio []byte, f Format, format string) (*response, error) {
	body, contentType := c.form(audio, f, format)
	errTimeout := errors.New("speech client timeout")
	ctx, cancel := context.WithTimeoutCause(ctx, c.timeout, errTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fail(KindUnavailable, 0, err, fmt.Sprintf("transcribe: %v", err))
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Accept", "application/json")
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, err, errTimeout)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return nil, c.transportError(ctx, err, errTimeout)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.statusError(resp.StatusCode, raw)
	}
	if len(raw) > maxResponse {
		return nil, fail(KindBadResponse, resp.StatusCode, nil, fmt.Sprintf("the transcription endpoint's answer is over %s; it is not a transcription Rehearse can use", formatBytes(maxResponse)))
	}
	var r response
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fail(KindBadResponse, resp.StatusCode, err, fmt.Sprintf("the transcription endpoint answered with malformed JSON (%v): %s", err, quote(raw)))
	}
	if r.Text == nil {
		if msg := errorMessage(raw); len(r.Error) > 0 && string(r.Error) != "null" && msg != "" {
			return nil, fail(KindRejected, resp.StatusCode, nil, "the transcription endpoint could not use the recording: "+msg)
		}
		return nil, fail(KindBadResponse, resp.StatusCode, nil, "the transcription endpoint's answer has no text field: "+quote(raw))
	}
	return &r, nil
}

// form builds the multipart body in memory: recordings are at most
// Limits.MaxBytes, and a byte slice lets the request be retried and carry
// a Content-Length.
func (c *Client) form(audio []byte, f Format, format string) ([]byte, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	// Writes to a bytes.Buffer cannot fail.
	_ = w.WriteField("model", c.model)
	_ = w.WriteField("response_format", format)
	if format == verboseJSON {
		_ = w.WriteField("timestamp_granularities[]", "word")
		_ = w.WriteField("timestamp_granularities[]", "segment")
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="answer`+f.Ext()+`"`)
	h.Set("Content-Type", f.MIME())
	part, _ := w.CreatePart(h)
	_, _ = part.Write(audio)
	_ = w.Close()
	return b.Bytes(), w.FormDataContentType()
}

// transportError names a failure to get an answer at all.
func (c *Client) transportError(ctx context.Context, err, errTimeout error) error {
	switch {
	case context.Cause(ctx) == errTimeout:
		return fail(KindTimeout, 0, context.DeadlineExceeded, fmt.Sprintf("the transcription endpoint at %s did not answer within %s", c.Endpoint(), c.timeout))
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fail(KindTimeout, 0, context.DeadlineExceeded, fmt.Sprintf("the transcription endpoint at %s did not answer before the deadline", c.Endpoint()))
	case errors.Is(ctx.Err(), context.Canceled):
		return fail(KindUnavailable, 0, context.Canceled, "transcription was cancelled")
	}
	// A *url.Error repeats the method and URL; the inner error says why.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fail(KindUnavailable, 0, err, fmt.Sprintf("cannot reach the transcription endpoint at %s: %v", c.Endpoint(), err))
}

// statusError turns a non-2xx answer into a kind and a message that
// quotes the endpoint.
func (c *Client) statusError(status int, body []byte) error {
	msg := errorMessage(body)
	if msg == "" {
		msg = http.StatusText(status)
	}
	said := fmt.Sprintf("the transcription endpoint answered %d: %s", status, msg)
	switch {
	case status == http.StatusRequestEntityTooLarge:
		return fail(KindTooLarge, status, nil, said)
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return fail(KindUnavailable, status, nil, said+" (check the API key)")
	case status == http.StatusNotFound || status == http.StatusMethodNotAllowed:
		return fail(KindUnavailable, status, nil, fmt.Sprintf("%s (is %s the transcription endpoint? check the speech URL)", said, c.Endpoint()))
	case status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status >= 500:
		return fail(KindUnavailable, status, nil, said)
	}
	return fail(KindRejected, status, nil, said)
}

// errorMessage finds the message in an error body: OpenAI's
// {"error":{"message"}}, whisper.cpp's {"error":"…"}, FastAPI's
// {"detail":…}, or {"message":…}; else the body itself if it is text.
// The result is clipped to maxShown.
func errorMessage(body []byte) string {
	var m struct {
		Error   json.RawMessage `json:"error"`
		Detail  json.RawMessage `json:"detail"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(body, &m) == nil {
		var s string
		var obj struct {
			Message string `json:"message"`
		}
		switch {
		case json.Unmarshal(m.Error, &s) == nil && s != "":
			return clip(s)
		case json.Unmarshal(m.Error, &obj) == nil && obj.Message != "":
			return clip(obj.Message)
		case json.Unmarshal(m.Detail, &s) == nil && s != "":
			return clip(s)
		case len(m.Detail) > 0 && string(m.Detail) != "null":
			return clip(string(m.Detail))
		case m.Message != "":
			return clip(m.Message)
		}
	}
	if !utf8.Valid(body) {
		return ""
	}
	return clip(strings.Join(strings.Fields(string(body)), " "))
}

// quote shows the start of a body in a message.
func quote(body []byte) string {
	if !utf8.Valid(body) {
		return fmt.Sprintf("%d bytes of binary data", len(body))
	}
	s := strings.Join(strings.Fields(string(body)), " ")
	if s == "" {
		return "an empty body"
	}
	return fmt.Sprintf("%q", clip(s))
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= maxShown {
		return s
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// markers are the non-speech annotations whisper writes for silence and
// music; they are not part of an answer.
var markers = regexp.MustCompile(`(?i)[\[(]\s*(blank[ _]audio|silence|silent|no speech|music)\s*[\])]`)

func cleanMarkers(s string) string { return markers.ReplaceAllString(s, "") }

// transcript turns the wire answer into a Transcript: markers removed,
// segments and words with both timestamps kept, whisper.cpp's per-segment
// tokens joined into words.
func (r *response) transcript() *Transcript {
	t := &Transcript{
		Text:     strings.Join(strings.Fields(cleanMarkers(*r.Text)), " "),
		Language: r.Language,
		Duration: r.Duration,
		Segments: []Segment{},
		Words:    []Word{},
	}
	var last float64
	if r.Segments != nil {
		for _, s := range *r.Segments {
			if s.Start == nil || s.End == nil {
				continue
			}
			text := strings.TrimSpace(cleanMarkers(s.Text))
			if text == "" {
				continue
			}
			t.Segments = append(t.Segments, Segment{Start: *s.Start, End: *s.End, Text: text})
			last = max(last, *s.End)
		}
	}
	var words []wireWord
	if r.Words != nil && len(*r.Words) > 0 {
		words = *r.Words
	} else if r.Segments != nil {
		for _, s := range *r.Segments {
			words = append(words, joinTokens(s.Words)...)
		}
	}
	for _, w := range words {
		text := strings.TrimSpace(w.Word)
		if w.Start == nil || w.End == nil || text == "" || cleanMarkers(text) != text || strings.HasPrefix(text, "[_") {
			continue
		}
		t.Words = append(t.Words, Word{Word: text, Start: *w.Start, End: *w.End})
		last = max(last, *w.End)
	}
	if t.Duration <= 0 {
		t.Duration = last
	}
	return t
}

// joinTokens merges sub-word tokens into words. whisper.cpp lists tokens
// (" Hel", "lo", ",") inside each segment, a new word starting with a
// space; faster-whisper lists whole words the same way. A list where no
// entry starts with a space is taken as whole words already.
func joinTokens(toks []wireWord) []wireWord {
	spaced := false
	for _, t := range toks {
		if strings.HasPrefix(t.Word, " ") {
			spaced = true
			break
		}
	}
	if !spaced {
		return toks
	}
	var out []wireWord
	for _, t := range toks {
		if len(out) > 0 && !strings.HasPrefix(t.Word, " ") {
			prev := &out[len(out)-1]
			prev.Word += t.Word
			if t.End != nil {
				prev.End = t.End
			}
			continue
		}
		out = append(out, t)
	}
	return out
}

// noSpeech reports whether the answer holds no speech: no word left once
// markers are removed, or every segment is one whisper itself would call
// silent (no_speech_prob over 0.6 with avg_logprob under -1, whisper's own
// thresholds), which catches the "Thank you." it invents for silence.
func (r *response) noSpeech(t *Transcript) bool {
	if countWords(t.Text) == 0 {
		return true
	}
	if r.Segments == nil || len(*r.Segments) == 0 {
		return false
	}
	for _, s := range *r.Segments {
		silent := s.NoSpeechProb != nil && *s.NoSpeechProb > 0.6 && s.AvgLogprob != nil && *s.AvgLogprob < -1
		if !silent && countWords(cleanMarkers(s.Text)) > 0 {
			return false
		}
	}
	return true
}
