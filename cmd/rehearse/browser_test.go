package main

import (
	"context"
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
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
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
}
