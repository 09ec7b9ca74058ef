package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/rehearse/rehearse/internal/speech"
)

// espeakWAV speaks text into a WAV file with espeak-ng, the fake
// microphone's input. Without espeak-ng the test skips, except under CI,
// where .ci/run installs it.
func espeakWAV(t *testing.T, text string) string {
	t.Helper()
	bin, err := exec.LookPath("espeak-ng")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("espeak-ng is not installed but CI is set: .ci/run must install the espeak-ng package")
		}
		t.Skip("voice browser test skipped: espeak-ng not found (apt-get install espeak-ng)")
	}
	out := filepath.Join(t.TempDir(), "answer.wav")
	// A slow rate and a long gap between words make a paced answer.
	if b, err := exec.Command(bin, "-s", "150", "-w", out, text).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v\n%s", err, b)
	}
	return out
}

// micBrowser is headless Chromium whose microphone plays wav in a loop
// and whose permission prompt says yes; with wav "" it has no fake
// microphone at all, and with ask it leaves the permission to the page's
// settings.
func micBrowser(t *testing.T, wav string, ask bool, limit time.Duration) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.Flag("use-fake-ui-for-media-stream", !ask),
		// Speech synthesis, like audio, may start without a click first.
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
	}
	if wav != "" {
		opts = append(opts,
			chromedp.Flag("use-fake-device-for-media-stream", true),
			chromedp.Flag("use-file-for-fake-audio-capture", wav))
	}
	return browserFor(t, 1280, 1000, limit, opts...)
}

// fakeWhisper is an OpenAI-compatible transcription endpoint for the
// browser tests: it checks it got a browser recording (WebM or Ogg) of
// some length and answers with a transcript of the script, timed word by
// word, a different part for each answer.
type fakeWhisper struct {
	*httptest.Server
	mu    sync.Mutex
	sizes []int
	t     *testing.T
}

// answers are what the fake endpoint hears, one per recording in turn:
// the first with fillers, hedges and a pause, the last calm.
var answers = []string{
	"Um so the incident was a bad deploy on a Friday. I think, uh, I rolled it back and basically we lost like ten minutes of orders.",
	"I was on call when the payment errors spiked. I checked the dashboards first, then the recent deploys, and I rolled back the change.",
	"First I paged the owner. Then I drained the bad region. Finally we wrote a postmortem and added a canary stage to the pipeline.",
}

func newFakeWhisper(t *testing.T) *fakeWhisper {
	f := &fakeWhisper{t: t}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		file, hdr, err := r.FormFile("file")
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"message":"no file"}}`)
			return
		}
		audio, _ := io.ReadAll(file)
		ext := filepath.Ext(hdr.Filename)
		if (ext != ".webm" && ext != ".ogg") || len(audio) < 4000 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":{"message":"expected a browser recording, got %s of %d bytes"}}`, hdr.Filename, len(audio))
			return
		}
		f.mu.Lock()
		n := len(f.sizes)
		f.sizes = append(f.sizes, len(audio))
		f.mu.Unlock()
		text := answers[n%len(answers)]
		var words []map[string]any
		// Timed to fit in the eight seconds the test records for.
		at := 0.2
		for i, wd := range strings.Fields(text) {
			if n == 0 && i == 10 {
				at += 2.5 // a long pause in the first answer
			}
			words = append(words, map[string]any{"word": wd, "start": at, "end": at + 0.2})
			at += 0.24
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"text": text, "language": "english", "duration": at,
			"segments": []map[string]any{{"start": 0.2, "end": at, "text": text}}, "words": words})
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeWhisper) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sizes)
}

// A whole behavioral round answered by voice in Chromium, with a fake
// microphone playing speech made by espeak-ng: each answer is recorded
// (the level meter moves), streamed to the server, transcribed by the
// fake endpoint, corrected in the box and sent; a delivery note follows
// each one; the interviewer's voice is switched on and off; the report
// shows the delivery over the round and the transcripts.
func TestBrowserVoiceBehavioralRound(t *testing.T) {
	wav := espeakWAV(t, "So the incident was a bad deploy. I rolled it back, and then we added a canary stage.")
	ctx := micBrowser(t, wav, false, 4*time.Minute)
	ep := newFakeWhisper(t)
	srv := startServe(t, testEnv(t, map[string]string{"REHEARSE_SPEECH_URL": ep.URL, "REHEARSE_SILENCE_NUDGE": "45s"}))
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	do(chromedp.Navigate(srv.URL+"/prep/microsoft-backend-engineer-interview"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
		chromedp.Click(chromedp.CSS(`form:has(input[name=round][value=onsite-behavioral]) button`)),
		chromedp.WaitVisible(chromedp.CSS("#mic")))
	how := must(t, ctx, chromedp.Text(chromedp.CSS("#voice-how")))
	if !strings.Contains(how, "transcribed on this Rehearse server") {
		t.Errorf("the page does not say the server transcribes: %q", how)
	}
	screenshot(t, ctx, "voice-1-question")

	// The interviewer's voice: on, which reads the question; then off.
	do(chromedp.Click(chromedp.CSS("#voice-settings summary")),
		chromedp.WaitVisible(chromedp.CSS("#tts")),
		chromedp.Click(chromedp.CSS("#tts")))
	if got := must(t, ctx, chromedp.Evaluate[string](`localStorage.getItem("rehearse.tts")`)); got != "on" {
		t.Errorf("the voice setting was not remembered: %q", got)
	}
	if spoke := must(t, ctx, chromedp.Evaluate[string](`document.querySelector("article.session").dataset.spoke || ""`)); !strings.HasPrefix(spoke, "Tell me about a time") {
		t.Errorf("switching the voice on did not read the question (%q)", spoke)
	}
	must(t, ctx, chromedp.Evaluate[bool](`(() => { const r = document.getElementById("tts-rate"); r.value = "1.3"; r.dispatchEvent(new Event("input")); return true })()`))
	screenshot(t, ctx, "voice-2-settings")
	do(chromedp.Click(chromedp.CSS("#tts")))
	if got := must(t, ctx, chromedp.Evaluate[string](`localStorage.getItem("rehearse.tts") + " " + localStorage.getItem("rehearse.ttsRate")`)); got != "off 1.3" {
		t.Errorf("voice settings in localStorage: %q", got)
	}

	questions := must(t, ctx, chromedp.Evaluate[int](`document.querySelector(".session-head .muted") ? parseInt(document.querySelector(".session-head .muted").textContent.match(/of (\d+)/)[1], 10) : 0`))
	if questions < 2 {
		t.Fatalf("the behavioral round has %d questions; want a few", questions)
	}
	for q := 0; q < questions; q++ {
		do(chromedp.WaitVisible(chromedp.CSS("#mic")))
		before := ep.calls()
		do(chromedp.Click(chromedp.CSS("#mic")))
		waitFor(t, ctx, `document.getElementById("mic").getAttribute("aria-pressed") === "true"`)
		// The meter moves with the fake microphone's speech.
		waitFor(t, ctx, `parseInt(document.getElementById("level").getAttribute("aria-valuenow"), 10) > 0`)
		time.Sleep(8 * time.Second)
		if q == 0 {
			screenshot(t, ctx, "voice-3-recording")
		}
		do(chromedp.Click(chromedp.CSS("#mic")))
		waitFor(t, ctx, `document.getElementById("answer").value.length > 40`)
		if ep.calls() != before+1 {
			t.Fatalf("the endpoint was called %d times for one answer", ep.calls()-before)
		}
		heard := must(t, ctx, chromedp.Evaluate[string](`document.getElementById("answer").value`))
		if heard != answers[q%len(answers)] {
			t.Errorf("answer box holds %q, want the transcript", heard)
		}
		if rid := must(t, ctx, chromedp.Evaluate[string](`document.getElementById("recording-id").value`)); rid == "" {
			t.Error("the form does not name the recording")
		}
		if q == 0 {
			screenshot(t, ctx, "voice-4-transcript")
		}
		// The candidate corrects the transcript before sending it.
		do(chromedp.SendKeys(chromedp.CSS("#answer"), " The result: error rate back under 0.1% in six minutes."))
		notes := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(".delivery-note").length`))
		do(chromedp.Click(chromedp.CSS(`#composer button[value=say]`)))
		waitFor(t, ctx, fmt.Sprintf(`document.querySelectorAll(".delivery-note").length > %d`, notes))
		note := must(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll(".delivery-note")].pop().textContent`))
		if !strings.Contains(note, "words a minute") || !strings.Contains(note, "of this round so far") {
			t.Errorf("delivery note: %q", note)
		}
		if q == 0 {
			for _, want := range []string{"filler words", "One long pause, 2.5 s", "hedge"} {
				if !strings.Contains(note, want) {
					t.Errorf("the first answer's note lacks %q: %s", want, note)
				}
			}
			screenshot(t, ctx, "voice-5-delivery-note")
		}
		sent := must(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#transcript .turn.you .bubble")].pop().textContent`))
		if !strings.HasSuffix(sent, "in six minutes.") {
			t.Errorf("the sent answer lacks the correction: %q", sent)
		}
		// Let a reload after the reply settle, then end the question.
		time.Sleep(3 * time.Second)
		do(chromedp.WaitVisible(chromedp.CSS(`#composer button[value=done]`)),
			chromedp.Click(chromedp.CSS(`#composer button[value=done]`)))
		time.Sleep(1500 * time.Millisecond)
	}
	do(chromedp.WaitVisible(chromedp.CSS(`a[href$="/report"]`)))
	screenshot(t, ctx, "voice-6-round-done")
	do(chromedp.Click(chromedp.CSS(`a[href$="/report"]`)),
		chromedp.WaitVisible(chromedp.CSS("#delivery")))
	report := must(t, ctx, chromedp.Text(chromedp.CSS("#delivery")))
	for _, want := range []string{"Behavioral", "Over the session", "Filler words:", "Pace:"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report's delivery section lacks %q", want)
		}
	}
	recs := must(t, ctx, chromedp.Text(chromedp.CSS("#recordings")))
	if !strings.Contains(recs, answers[0][:30]) {
		t.Errorf("the report does not show what was heard: %.200q", recs)
	}
	if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#recordings audio").length`)); n != 0 {
		t.Errorf("%d recordings kept although the candidate did not ask", n)
	}
	screenshot(t, ctx, "voice-7-report")
}

// Typing still works when the microphone cannot: a refused permission and
// a machine with no microphone each get a clear message. On a phone-sized
// screen the voice controls fit.
func TestBrowserVoiceNoMicrophone(t *testing.T) {
	ep := newFakeWhisper(t)
	srv := startServe(t, testEnv(t, map[string]string{"REHEARSE_SPEECH_URL": ep.URL}))
	for _, tc := range []struct {
		name, want string
		deny       bool
	}{
		{"refused", "The microphone is blocked for this page", true},
		{"missing", "No microphone was found", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A refusal needs a microphone to refuse; the missing case has
			// none at all.
			wav := ""
			if tc.deny {
				wav = filepath.Join(t.TempDir(), "tone.wav")
				if err := os.WriteFile(wav, speech.ToneWAV(2*time.Second), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ctx := micBrowser(t, wav, tc.deny, time.Minute)
			do := func(steps ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(ctx, steps...); err != nil {
					t.Fatal(err)
				}
			}
			do(chromedp.Navigate(srv.URL + "/questions/production-incident"))
			if tc.deny {
				do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
					_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
						Permission: &cdpbrowser.PermissionDescriptor{Name: "microphone"}, Setting: cdpbrowser.PermissionSettingDenied, Origin: srv.URL})
					return err
				}))
			}
			do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
				chromedp.WaitVisible(chromedp.CSS("form.start button")),
				chromedp.Click(chromedp.CSS("form.start button")),
				chromedp.WaitVisible(chromedp.CSS("#mic")),
				chromedp.Click(chromedp.CSS("#mic")))
			waitFor(t, ctx, fmt.Sprintf(`document.getElementById("voice-status").textContent.includes(%q)`, tc.want))
			if overflow := must(t, ctx, chromedp.Evaluate[int]("document.documentElement.scrollWidth - window.innerWidth")); overflow > 0 {
				t.Errorf("the conversation view overflows a 390px screen by %dpx", overflow)
			}
			screenshot(t, ctx, "voice-mic-"+tc.name)
			do(chromedp.SendKeys(chromedp.CSS("#answer"), "I rolled back the deploy and wrote a postmortem."),
				chromedp.Click(chromedp.CSS(`#composer button[value=say]`)))
			waitFor(t, ctx, `[...document.querySelectorAll("#transcript .turn.you .bubble")].some(b => b.textContent.includes("postmortem"))`)
		})
	}
}

// fakeRecognition stands in for the browser's SpeechRecognition, which in
// headless Chromium needs an online service: it hears two phrases, 3.5 s
// apart.
const fakeRecognition = `window.SpeechRecognition = class {
  start() {
    this.on = true;
    const phrases = ["um so the deploy broke checkout", "I think I rolled it back basically at once"];
    const results = [];
    let i = 0;
    const emit = () => {
      if (!this.on || i >= phrases.length) return;
      const r = [{transcript: phrases[i]}];
      r.isFinal = true;
      results.push(r);
      if (this.onresult) this.onresult({resultIndex: results.length - 1, results: results});
      i++;
      setTimeout(emit, 3500);
    };
    setTimeout(emit, 600);
  }
  stop() { this.on = false; setTimeout(() => this.onend && this.onend(), 0); }
};`

// Without an endpoint the browser's recognition writes the answer into the
// box, the page says so, and the answer's delivery is measured from the
// phrases it timed. The silence nudge offers to repeat the question.
func TestBrowserVoiceBrowserRecognition(t *testing.T) {
	wav := filepath.Join(t.TempDir(), "tone.wav")
	if err := os.WriteFile(wav, speech.ToneWAV(3*time.Second), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := micBrowser(t, wav, false, 90*time.Second)
	srv := startServe(t, testEnv(t, map[string]string{"REHEARSE_SILENCE_NUDGE": "2s"}))
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fakeRecognition})
		return err
	}))
	do(chromedp.Navigate(srv.URL+"/questions/production-incident"),
		chromedp.WaitVisible(chromedp.CSS("form.start button")),
		chromedp.Click(chromedp.CSS("form.start button")),
		chromedp.WaitVisible(chromedp.CSS("#mic")))
	if how := must(t, ctx, chromedp.Text(chromedp.CSS("#voice-how"))); !strings.Contains(how, "browser's own speech recognition") {
		t.Errorf("the page does not say the browser transcribes: %q", how)
	}
	if byID := must(t, ctx, chromedp.Evaluate[bool](`document.getElementById("upload-file") === null`)); !byID {
		t.Error("an upload form without an endpoint")
	}
	// Quiet for two seconds: the nudge.
	waitFor(t, ctx, `!document.getElementById("nudge").hidden`)
	screenshot(t, ctx, "voice-browser-nudge")
	do(chromedp.Click(chromedp.CSS("#nudge-repeat")))
	waitFor(t, ctx, `document.getElementById("nudge").hidden && (document.querySelector("article.session").dataset.spoke || "").startsWith("Tell me about a time")`)

	do(chromedp.Click(chromedp.CSS("#mic")))
	waitFor(t, ctx, `document.getElementById("answer").value.includes("basically at once")`)
	do(chromedp.Click(chromedp.CSS("#mic")))
	waitFor(t, ctx, `document.getElementById("mic").getAttribute("aria-pressed") === "false"`)
	if got := must(t, ctx, chromedp.Evaluate[string](`document.getElementById("answer").value`)); got != "um so the deploy broke checkout I think I rolled it back basically at once" {
		t.Errorf("answer box: %q", got)
	}
	screenshot(t, ctx, "voice-browser-heard")
	do(chromedp.Click(chromedp.CSS(`#composer button[value=say]`)))
	waitFor(t, ctx, `document.querySelectorAll(".delivery-note").length > 0`)
	note := must(t, ctx, chromedp.Evaluate[string](`document.querySelector(".delivery-note").textContent`))
	for _, want := range []string{"2 filler words", "1 hedge (i think)", "One long pause"} {
		if !strings.Contains(note, want) {
			t.Errorf("delivery note lacks %q: %s", want, note)
		}
	}
	screenshot(t, ctx, "voice-browser-note")
}
