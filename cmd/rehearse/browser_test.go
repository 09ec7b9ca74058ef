package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds Debian's Chromium. Without it the browser tests skip,
// except under CI, where .ci/run installs it and a skip would hide a gap.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed but CI is set: .ci/run must install the chromium package")
	}
	t.Skip("browser test skipped: Chromium not found (apt-get install chromium)")
	return ""
}

// browser starts headless Chromium with the flags this machine needs (no
// background networking: the network is closed) and returns its context.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	return browserFor(t, width, height, 60*time.Second)
}

// browserFor is browser with a time limit for the whole test.
func browserFor(t *testing.T, width, height int, limit time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(width, height),
	)
	opts = append(opts, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// screenshot saves a full-page PNG when REHEARSE_SCREENSHOTS names a
// directory, for a person to look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("REHEARSE_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	for try := 0; err != nil && try < 10; try++ {
		// Chromium refuses while a page is being laid out again (a reload
		// in flight); try again shortly.
		time.Sleep(200 * time.Millisecond)
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// must is chromedp.Run that fails the test on error.
func must[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A visitor opens the Microsoft guide, follows a sample question to its
// page, and reveals the model answer with the show control.
func TestBrowserGuideToQuestion(t *testing.T) {
	ctx := browser(t, 1280, 900)
	srv := startServe(t, testEnv(t, nil))

	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/prep/microsoft-backend-engineer-interview"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	); err != nil {
		t.Fatal(err)
	}
	if h1 := must(t, ctx, chromedp.Text(chromedp.CSS("h1"))); !strings.Contains(h1, "Microsoft") {
		t.Errorf("h1 = %q", h1)
	}
	if quick := must(t, ctx, chromedp.Text(chromedp.CSS("#quick"))); len(quick) < 50 {
		t.Errorf("quick answer too short: %q", quick)
	}
	screenshot(t, ctx, "guide-desktop")

	const answer = "document.querySelector('#model-answer .answer')"
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#questions a[href="/questions/distributed-rate-limiter"]`)),
		chromedp.WaitVisible(chromedp.CSS("#model-answer")),
	); err != nil {
		t.Fatal(err)
	}
	if title := must(t, ctx, chromedp.Text(chromedp.CSS("h1"))); !strings.Contains(strings.ToLower(title), "rate limiter") {
		t.Errorf("question page title = %q", title)
	}
	if must(t, ctx, chromedp.Evaluate[bool](answer+".checkVisibility()")) {
		t.Error("the model answer was visible before clicking show")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#model-answer summary"))); err != nil {
		t.Fatal(err)
	}
	if !must(t, ctx, chromedp.Evaluate[bool](answer+".checkVisibility()")) {
		t.Error("the model answer did not appear after clicking show")
	}
	if text := must(t, ctx, chromedp.Evaluate[string](answer+".innerText")); !strings.Contains(text, "429") {
		t.Errorf("model answer does not mention 429: %.200q", text)
	}
	screenshot(t, ctx, "question-desktop")
}

// On a phone-sized screen the pages fit the width: nothing scrolls
// sideways.
func TestBrowserGuideOnPhone(t *testing.T) {
	ctx := browser(t, 1280, 900)
	srv := startServe(t, testEnv(t, nil))
	// A headless window cannot be narrower than 500px; emulate the phone.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2))); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/prep/microsoft-backend-engineer-interview", "/prep", "/questions/distributed-rate-limiter", "/"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatal(err)
		}
		if overflow := must(t, ctx, chromedp.Evaluate[int]("document.documentElement.scrollWidth - window.innerWidth")); overflow > 0 {
			t.Errorf("%s overflows a 390px screen by %dpx", path, overflow)
		}
		screenshot(t, ctx, "phone"+strings.ReplaceAll(path, "/", "-"))
	}
	// The conversation view too, with the notes pane of a design round.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/questions/distributed-rate-limiter"),
		chromedp.WaitVisible(chromedp.CSS("form.start button")),
		chromedp.Click(chromedp.CSS("form.start button")),
		chromedp.WaitVisible(chromedp.CSS("#answer"))); err != nil {
		t.Fatal(err)
	}
	if overflow := must(t, ctx, chromedp.Evaluate[int]("document.documentElement.scrollWidth - window.innerWidth")); overflow > 0 {
		t.Errorf("the conversation view overflows a 390px screen by %dpx", overflow)
	}
	screenshot(t, ctx, "phone-session")
}

// A system-design round through the conversation view with JavaScript on:
// a clarifying question answered without a page reload, notes saved and
// read, an answer probed, the round ended and the report opened.
func TestBrowserSystemDesignRound(t *testing.T) {
	ctx := browser(t, 1280, 900)
	srv := startServe(t, testEnv(t, nil))
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	do(chromedp.Navigate(srv.URL+"/prep/microsoft-backend-engineer-interview"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
		chromedp.Click(chromedp.CSS(`form:has(input[name=round][value=onsite-system-design]) button`)),
		chromedp.WaitVisible(chromedp.CSS("#answer")))
	if h := must(t, ctx, chromedp.Text(chromedp.CSS("h1"))); !strings.Contains(h, "System design") {
		t.Fatalf("round page h1 = %q", h)
	}
	// Mark the page: a reload would lose the mark.
	must(t, ctx, chromedp.Evaluate[bool]("window.__same = true"))
	turns := func() int {
		return must(t, ctx, chromedp.Evaluate[int]("document.querySelectorAll('#transcript .turn').length"))
	}
	n := turns()

	do(chromedp.SendKeys(chromedp.CSS("#answer"), "How many API servers are there?"),
		chromedp.Click(chromedp.CSS(`#composer button[value=say]`)))
	must(t, ctx, chromedp.Poll[bool](fmt.Sprintf("document.querySelectorAll('#transcript .turn').length >= %d", n+2)))
	last := must(t, ctx, chromedp.Evaluate[string]("[...document.querySelectorAll('#transcript .turn .bubble')].pop().textContent"))
	if !strings.Contains(last, "200") {
		t.Errorf("clarifying answer %q does not come from the fact sheet", last)
	}
	if !must(t, ctx, chromedp.Evaluate[bool]("window.__same === true")) {
		t.Error("the page reloaded; the reply should arrive without a reload")
	}

	do(chromedp.SendKeys(chromedp.CSS("#notes-text"), "Counters in Redis, sharded by user id. The check is one Lua script so two servers can't both pass."))
	must(t, ctx, chromedp.Poll[bool](`document.getElementById("notes-status").textContent === "Saved"`))
	screenshot(t, ctx, "round-notes")

	n = turns()
	do(chromedp.SendKeys(chromedp.CSS("#answer"), "I'd use a sliding window counter rather than a fixed window, because a fixed window lets a client burst twice the limit at the boundary. Clients get 429 with Retry-After."),
		chromedp.Click(chromedp.CSS(`#composer button[value=say]`)))
	must(t, ctx, chromedp.Poll[bool](fmt.Sprintf("document.querySelectorAll('#transcript .turn').length >= %d", n+2)))
	screenshot(t, ctx, "round-followup")

	do(chromedp.Click(chromedp.CSS(`#composer button[value=done]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/report"]`)),
		chromedp.Click(chromedp.CSS(`a[href$="/report"]`)),
		chromedp.WaitVisible(chromedp.CSS("#debrief")))
	report := strings.ToLower(must(t, ctx, chromedp.Text(chromedp.CSS("main"))))
	for _, want := range []string{"debrief:", "deep dives", "lua script", "what would most change this"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	screenshot(t, ctx, "round-report")
}

// The coding round in the browser: CodeMirror over the editor, a wrong
// program and then a right one submitted to the real judge, with per-test
// verdicts streamed onto the page.
func TestBrowserCodingRound(t *testing.T) {
	needSandbox(t)
	ctx := browser(t, 1280, 1000)
	srv := startServe(t, testEnv(t, map[string]string{"REHEARSE_PACKS": "../../internal/web/testdata/codepack"}))
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	do(chromedp.Navigate(srv.URL+"/questions/lru-cache-approach"),
		chromedp.WaitVisible(chromedp.CSS("form.start button")),
		chromedp.Click(chromedp.CSS("form.start button")),
		chromedp.WaitVisible(chromedp.CSS(".cm-editor")))
	// The editor opens on the starter code; clear it, then type into
	// CodeMirror: the textarea behind it follows.
	if got := must(t, ctx, chromedp.Evaluate[string]("document.getElementById('code').value")); !strings.Contains(got, "sys.stdin") {
		t.Errorf("the editor did not open on the Python starter code: %q", got)
	}
	must(t, ctx, chromedp.Evaluate[bool](`(() => { const v = document.getElementById("code").editorView; v.dispatch({changes: {from: 0, to: v.state.doc.length, insert: ""}}); return true })()`))
	do(chromedp.Click(chromedp.CSS(".cm-content")), chromedp.SendKeys(chromedp.CSS(".cm-content"), "print('nope')"))
	if got := must(t, ctx, chromedp.Evaluate[string]("document.getElementById('code').value")); !strings.Contains(got, "nope") {
		t.Fatalf("the form field did not follow the editor: %q", got)
	}
	do(chromedp.Click(chromedp.CSS(`#code-form button[value=submit]`)))
	waitFor(t, ctx, `[...document.querySelectorAll("#transcript .bubble")].some(b => b.textContent.includes("wrong answer"))`)
	screenshot(t, ctx, "coding-wrong")
	// Replace the program with a right one.
	do(chromedp.WaitVisible(chromedp.CSS(".cm-editor")))
	must(t, ctx, chromedp.Evaluate[bool](`(() => { const v = document.getElementById("code").editorView; v.dispatch({changes: {from: 0, to: v.state.doc.length, insert: "import sys\nsys.stdout.write(sys.stdin.read())\n"}}); return true })()`))
	do(chromedp.Click(chromedp.CSS(`#code-form button[value=submit]`)))
	waitFor(t, ctx, `[...document.querySelectorAll("#transcript .bubble")].some(b => b.textContent.includes("accepted, 2 of 2 tests passed"))`)
	screenshot(t, ctx, "coding-accepted")
}

// waitFor evaluates a condition until it holds, across the page reloads
// that follow a submission.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	waitForWithin(t, ctx, 20*time.Second, cond)
}

func waitForWithin(t *testing.T, ctx context.Context, limit time.Duration, cond string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", cond)
}

// The Microsoft coding round on top-k-sliding-window, in Python and in
// Go, on the real judge and the built-in pack: a wrong answer, a too-slow
// answer and a correct one each get their verdict on the page.
func TestBrowserTopKInPythonAndGo(t *testing.T) {
	needSandbox(t)
	ctx := browserFor(t, 1280, 1000, 4*time.Minute)
	srv := startServe(t, testEnv(t, nil))
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	do(chromedp.Navigate(srv.URL+"/questions/top-k-sliding-window"),
		chromedp.WaitVisible(chromedp.CSS("form.start button")),
		chromedp.Click(chromedp.CSS("form.start button")),
		chromedp.WaitVisible(chromedp.CSS(".cm-editor")))
	if got := must(t, ctx, chromedp.Evaluate[string](`document.querySelector("details.statement").textContent`)); !strings.Contains(got, "sliding window") {
		t.Errorf("the problem statement is not shown: %.200q", got)
	}
	// Run on my own input: nothing judged, the output shown on the page.
	must(t, ctx, chromedp.Evaluate[bool](`(() => {
		const v = document.getElementById("code").editorView;
		v.dispatch({changes: {from: 0, to: v.state.doc.length, insert: "import sys\nprint(sys.stdin.read().upper())\nprint('debugging', file=sys.stderr)\n"}});
		document.getElementById("custom").open = true;
		document.getElementById("stdin").value = "10 1\n? 1 1";
		return true;
	})()`))
	do(chromedp.Click(chromedp.CSS(`#code-form button[value=custom]`)))
	waitFor(t, ctx, `(() => { const r = document.getElementById("test-results").textContent; return r.includes("? 1 1") && r.includes("debugging") && r.includes("It ran"); })()`)
	screenshot(t, ctx, "topk-custom-input")
	ref := "../../packs/microsoft/problems/top-k-sliding-window/solutions/"
	for _, lang := range []struct{ id, wrong, slow, right string }{
		{"python", "print('-')\n", read("testdata/topk/slow.py"), read(ref + "main.py")},
		{"go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"-\") }\n", read("testdata/topk/slow.go"), read(ref + "main.go")},
	} {
		for _, step := range []struct{ code, verdict string }{{lang.wrong, "wrong answer"}, {lang.slow, "time limit"}, {lang.right, "accepted"}} {
			do(chromedp.WaitVisible(chromedp.CSS(".cm-editor")))
			set := fmt.Sprintf(`(() => {
				const sel = document.getElementById("lang");
				if (sel.value !== %q) { sel.value = %q; sel.dispatchEvent(new Event("change")); }
				const v = document.getElementById("code").editorView;
				v.dispatch({changes: {from: 0, to: v.state.doc.length, insert: %q}});
				return document.getElementById("code").value.length > 0;
			})()`, lang.id, lang.id, step.code)
			must(t, ctx, chromedp.Evaluate[bool](set))
			do(chromedp.Click(chromedp.CSS(`#code-form button[value=submit]`)))
			want := fmt.Sprintf("Submitted (%s): %s", lang.id, step.verdict)
			waitForWithin(t, ctx, 90*time.Second, fmt.Sprintf(`[...document.querySelectorAll("#transcript .bubble")].some(b => b.textContent.includes(%q))`, want))
			if step.verdict == "wrong answer" {
				// The sample's expected and actual output stay on the page
				// across the reload that shows the verdict.
				waitFor(t, ctx, `(() => { const r = document.getElementById("test-results").textContent; return r.includes("expected") && r.includes("your output"); })()`)
			}
			screenshot(t, ctx, "topk-"+lang.id+"-"+strings.ReplaceAll(step.verdict, " ", "-"))
		}
	}
	// Once accepted, the interviewer asks a follow-up variant.
	if got := must(t, ctx, chromedp.Evaluate[string](`document.getElementById("transcript").textContent`)); !strings.Contains(got, "A follow-up:") {
		t.Errorf("no follow-up variant after the accepted submission")
	}
}
