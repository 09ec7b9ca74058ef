package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rehearse/rehearse/internal/speech"
)

const speechAbout = `Use a speech-to-text endpoint: any OpenAI-compatible transcription server
(whisper.cpp's server, a faster-whisper server, OpenAI).

  rehearse speech check
      send one second of a test tone and say whether the endpoint works
  rehearse speech transcribe --audio FILE [--format json]
      transcribe a recording and print the transcript and its pacing

Audio goes only to the configured endpoint. Without one, voice answers use
the browser's speech recognition where it has one, and typing always works.
See docs/speech.md.`

func runSpeech(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return runSpeechCheck(ctx, e, args[1:])
		case "transcribe":
			return runSpeechTranscribe(ctx, e, args[1:])
		}
	}
	fs := newFlagSet(e, "speech", "check | transcribe --audio FILE [flags]", speechAbout)
	if err := parseFlags(e, fs, args); err != nil {
		return helpOK(err)
	}
	return fmt.Errorf("%w: speech needs a subcommand: check or transcribe", errUsage)
}

// speechFlags are the endpoint flags both subcommands take.
type speechFlags struct {
	url, model, key, timeout *string
}

func addSpeechFlags(fs *flag.FlagSet, e *env) speechFlags {
	return speechFlags{
		url:   fs.String("speech-url", e.getenv("REHEARSE_SPEECH_URL"), "the transcription server's base URL, e.g. http://127.0.0.1:8080 or https://api.openai.com/v1 (env REHEARSE_SPEECH_URL)"),
		model: fs.String("speech-model", envOr(e.getenv, "REHEARSE_SPEECH_MODEL", speech.DefaultModel), "the model to ask for (env REHEARSE_SPEECH_MODEL)"),
		// The key's default is not the environment's value, so -h never
		// prints it.
		key:     fs.String("speech-key", "", "a bearer API key, if the endpoint needs one (env REHEARSE_SPEECH_KEY)"),
		timeout: fs.String("speech-timeout", envOr(e.getenv, "REHEARSE_SPEECH_TIMEOUT", speech.DefaultTimeout.String()), "how long to wait for one transcription, e.g. 90s or 5m (env REHEARSE_SPEECH_TIMEOUT)"),
	}
}

// config turns the flags into a speech.Config; an empty URL means none is
// configured.
func (f speechFlags) config(e *env) (speech.Config, error) {
	cfg := speech.Config{URL: strings.TrimSpace(*f.url), Model: *f.model, Key: *f.key}
	if cfg.Key == "" {
		cfg.Key = e.getenv("REHEARSE_SPEECH_KEY")
	}
	d, err := parseSeconds(*f.timeout)
	if err != nil {
		return cfg, fmt.Errorf("%w: --speech-timeout %q: give a duration such as 90s or 5m", errUsage, *f.timeout)
	}
	if d <= 0 {
		return cfg, fmt.Errorf("%w: --speech-timeout must be positive, got %q", errUsage, *f.timeout)
	}
	cfg.Timeout = d
	return cfg, nil
}

// parseSeconds reads a duration ("90s", "5m") or a bare number of
// seconds.
func parseSeconds(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err == nil {
		return d, nil
	}
	secs, nerr := strconv.ParseFloat(v, 64)
	if nerr != nil {
		return 0, err
	}
	return time.Duration(secs * float64(time.Second)), nil
}

const noEndpoint = `No speech-to-text endpoint is configured (--speech-url or REHEARSE_SPEECH_URL).
Voice answers use the browser's speech recognition where the browser has one;
typing always works. To transcribe on this server instead, run an
OpenAI-compatible transcription endpoint and point REHEARSE_SPEECH_URL at it
(see docs/speech.md).
`

func runSpeechCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "speech check", "[flags]", "Send one second of a quiet test tone to the transcription endpoint and say whether it\nanswered with a well-formed transcription, how fast, and with which timestamps.\nWithout an endpoint it says so and succeeds: the browser's recognition or typing is used.")
	sf := addSpeechFlags(fs, e)
	format := fs.String("format", "text", "text or json")
	if err := parseFlags(e, fs, args); err != nil {
		return helpOK(err)
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format must be text or json", errUsage)
	}
	cfg, err := sf.config(e)
	if err != nil {
		return err
	}
	if cfg.URL == "" {
		if *format == "json" {
			return speechJSON(e.stdout, map[string]any{"configured": false, "fallback": "browser speech recognition or typing"})
		}
		fmt.Fprint(e.stdout, noEndpoint)
		return nil
	}
	c, err := speech.New(cfg)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	res, err := c.Check(ctx)
	if err != nil {
		return fmt.Errorf("speech check: %w", err)
	}
	if *format == "json" {
		return speechJSON(e.stdout, map[string]any{
			"configured": true, "ok": true, "endpoint": res.Endpoint, "model": res.Model,
			"latency_ms": res.Latency.Milliseconds(), "response_format": res.ResponseFormat,
			"word_timestamps": res.WordTimestamps, "segment_timestamps": res.SegmentTimestamps,
			"text": res.Text, "language": res.Language,
		})
	}
	heard := "nothing (as expected for a tone)"
	if res.Text != "" {
		heard = fmt.Sprintf("%q (a tone has no words; whisper sometimes invents some)", clip(res.Text, 60))
	}
	fmt.Fprintf(e.stdout, "Endpoint            %s\nModel               %s\nAnswered in         %d ms (%s)\nWord timestamps     %s\nSegment timestamps  %s\nHeard               %s\n",
		res.Endpoint, res.Model, res.Latency.Milliseconds(), res.ResponseFormat, speechYesNo(res.WordTimestamps), speechYesNo(res.SegmentTimestamps), heard)
	if !res.WordTimestamps && !res.SegmentTimestamps {
		fmt.Fprintf(e.stdout, "\nThe endpoint works, but gives no timestamps: transcripts will come through,\nbut pace and long pauses cannot be measured.\n")
		return nil
	}
	fmt.Fprintf(e.stdout, "\nThe endpoint works.\n")
	return nil
}

func runSpeechTranscribe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "speech transcribe", "--audio FILE [--format text|json] [flags]",
		"Transcribe one recording ("+speech.AcceptedFormats+") through the configured endpoint\nand print the transcript and its pacing: speaking time, words per minute and long pauses.")
	audio := fs.String("audio", "", "the recording to transcribe")
	sf := addSpeechFlags(fs, e)
	format := fs.String("format", "text", "text or json")
	if err := parseFlags(e, fs, args); err != nil {
		return helpOK(err)
	}
	switch {
	case *audio == "":
		return fmt.Errorf("%w: --audio FILE is required", errUsage)
	case *format != "text" && *format != "json":
		return fmt.Errorf("%w: --format must be text or json", errUsage)
	}
	cfg, err := sf.config(e)
	if err != nil {
		return err
	}
	if cfg.URL == "" {
		return fmt.Errorf("%w: no speech-to-text endpoint is configured; pass --speech-url or set REHEARSE_SPEECH_URL (see docs/speech.md)", errUsage)
	}
	c, err := speech.New(cfg)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	data, info, err := readRecording(c, *audio)
	if err != nil {
		return err
	}
	t, err := c.Transcribe(ctx, data)
	if err != nil {
		return fmt.Errorf("%s: %w", *audio, err)
	}
	tm := t.Timing()
	if *format == "json" {
		return speechJSON(e.stdout, map[string]any{"audio": map[string]any{"format": info.Format, "bytes": info.Size}, "transcript": t, "timing": tm})
	}
	printTranscript(e.stdout, t, tm)
	return nil
}

// readRecording checks the file's start and size against the limits before
// reading the rest, so a two-hour file is refused without loading it.
func readRecording(c *speech.Client, name string) ([]byte, speech.Audio, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, speech.Audio{}, fmt.Errorf("read recording: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, speech.Audio{}, fmt.Errorf("read recording: %w", err)
	}
	head := make([]byte, speech.SniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, speech.Audio{}, fmt.Errorf("read recording: %w", err)
	}
	info, err := c.Inspect(head[:n], st.Size())
	if err != nil {
		return nil, info, fmt.Errorf("%s: %w", name, err)
	}
	rest, err := io.ReadAll(io.LimitReader(f, c.Limits().MaxBytes))
	if err != nil {
		return nil, info, fmt.Errorf("read recording: %w", err)
	}
	return append(head[:n], rest...), info, nil
}

func printTranscript(w io.Writer, t *speech.Transcript, tm speech.Timing) {
	var about []string
	if t.Language != "" {
		about = append(about, t.Language)
	}
	if t.Duration > 0 {
		about = append(about, speechLength(t.Duration))
	}
	fmt.Fprintf(w, "Transcript")
	if len(about) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(about, ", "))
	}
	fmt.Fprintf(w, "\n%s\n", speechWrap(t.Text, 76, "  "))
	if tm.Source == "none" {
		fmt.Fprintf(w, "\nPacing\n  %d words; the endpoint gave no timestamps, so pace and pauses are not measured\n", tm.Words)
		return
	}
	fmt.Fprintf(w, "\nPacing (from %s timestamps)\n", strings.TrimSuffix(tm.Source, "s"))
	fmt.Fprintf(w, "  speaking time  %s\n  words          %d, %.0f per minute\n", speechLength(tm.SpeakingSeconds), tm.Words, tm.WordsPerMinute)
	if tm.LongPauses == 0 {
		fmt.Fprintf(w, "  long pauses    none of %.0f s or more\n", speech.LongPause)
		return
	}
	fmt.Fprintf(w, "  long pauses    %d, longest %.1f s; %.0f%% of the answer\n", tm.LongPauses, tm.LongestPause, tm.PauseShare*100)
	for _, p := range tm.Pauses {
		fmt.Fprintf(w, "    at %s  %4.1f s  after %q, before %q\n", speechClock(p.Start), p.Seconds, p.Preceding, p.Following)
	}
}

// seconds writes a length as "8.0 s" or "1 min 12 s".
func speechLength(s float64) string {
	if s < 60 {
		return fmt.Sprintf("%.1f s", s)
	}
	d := time.Duration(s * float64(time.Second)).Round(time.Second)
	return fmt.Sprintf("%d min %02d s", int(d.Minutes()), int(d.Seconds())%60)
}

// clock writes a moment in the recording as m:ss.
func speechClock(s float64) string {
	total := int(s)
	return fmt.Sprintf("%d:%02d", total/60, total%60)
}

// wrap breaks text into indented lines of at most width columns.
func speechWrap(text string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for _, word := range strings.Fields(text) {
		if line > 0 && line+1+len(word) > width {
			b.WriteString("\n")
			line = 0
		}
		if line == 0 {
			b.WriteString(indent)
			line = len(indent)
		} else {
			b.WriteString(" ")
			line++
		}
		b.WriteString(word)
		line += len(word)
	}
	return b.String()
}

func speechYesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func speechJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
