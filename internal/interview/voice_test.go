package interview

import (
	"context"
	"encoding/binary"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/internal/speech"
	"github.com/rehearse/rehearse/internal/store"
)

// manualClock moves only when told, so "cut off after 20 s" is exact.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakeSpeech stands in for the endpoint: it answers with its transcript or
// its error and counts the calls.
type fakeSpeech struct {
	mu    sync.Mutex
	t     *speech.Transcript
	err   error
	calls int
}

func (f *fakeSpeech) Transcribe(ctx context.Context, audio []byte) (*speech.Transcript, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if _, err := (speech.Limits{}).Inspect(audio, int64(len(audio))); err != nil {
		return nil, err
	}
	if f.err != nil {
		return nil, f.err
	}
	t := *f.t
	return &t, nil
}

func (f *fakeSpeech) Limits() speech.Limits {
	return speech.Limits{MaxBytes: 1 << 20, MaxDuration: 15 * time.Minute}
}

func (f *fakeSpeech) set(t *speech.Transcript, err error) {
	f.mu.Lock()
	f.t, f.err = t, err
	f.mu.Unlock()
}

type voiceFixture struct {
	svc *Service
	db  *store.DB
	clk *manualClock
	sp  *fakeSpeech
}

func newVoiceFixture(t *testing.T) *voiceFixture {
	t.Helper()
	clk := &manualClock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	svc, db, _ := newService(t, clk.now)
	sp := &fakeSpeech{t: handMade()}
	svc.WithSpeech(sp)
	return &voiceFixture{svc: svc, db: db, clk: clk, sp: sp}
}

// handMade is a transcript with known counts: 26 words, half a second
// apart, and one 3.1 s pause before "Basically". Four fillers (um, uh,
// basically, "you know" closing a clause), one hedge (I think).
func handMade() *speech.Transcript {
	text := "So um first I would shard the table by user id. Uh I think that keeps writes local. Basically we then add a cache, you know."
	t := &speech.Transcript{Text: text, Language: "english", Segments: []speech.Segment{}}
	at := 0.0
	for _, w := range strings.Fields(text) {
		if w == "Basically" {
			at += 3.0
		}
		t.Words = append(t.Words, speech.Word{Word: w, Start: at, End: at + 0.4})
		at += 0.5
	}
	t.Duration = at
	return t
}

// wavOf is a WAV header that claims d of 16 kHz 16-bit mono audio,
// followed by a little real audio.
func wavOf(d time.Duration) []byte {
	b := speech.ToneWAV(100 * time.Millisecond)
	binary.LittleEndian.PutUint32(b[40:44], uint32(d.Seconds()*32000))
	return b
}

func (f *voiceFixture) start(t *testing.T, question string) *rehearse.Session {
	t.Helper()
	s, err := f.svc.Start(context.Background(), Spec{Kind: rehearse.OneQuestion, Mode: rehearse.Practice, Owner: "me", Question: question})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Bad audio is refused before anything is saved, with the limit named.
func TestRecordingRefusedUpFront(t *testing.T) {
	f := newVoiceFixture(t)
	ctx := context.Background()
	s := f.start(t, "production-incident")
	for _, tc := range []struct {
		name  string
		audio []byte
		size  int64
		kind  speech.Kind
		want  string
	}{
		{"not audio", []byte("%PDF-1.7 this is a document"), 0, speech.KindBadAudio, "WAV, WebM, Ogg"},
		{"two hours", wavOf(2 * time.Hour), 0, speech.KindTooLong, "the limit is 15 minutes"},
		{"too big a file", []byte("\x1a\x45\xdf\xa3webm…"), 40 << 20, speech.KindTooLarge, "the limit is 1 MiB"},
		{"empty", nil, 0, speech.KindBadAudio, "empty"},
	} {
		_, err := f.svc.StartRecording(ctx, s.ID, "me", NewRecording{Audio: tc.audio, Size: tc.size, Final: true, Transcribe: true})
		if speech.KindOf(err) != tc.kind || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want kind %v mentioning %q", tc.name, err, tc.kind, tc.want)
		}
	}
	if recs, _ := f.db.Recordings(ctx, s.ID); len(recs) != 0 {
		t.Errorf("%d recordings saved from refused audio", len(recs))
	}
	if _, err := f.svc.StartRecording(ctx, s.ID, "someone-else", NewRecording{Audio: speech.ToneWAV(time.Second), Final: true, Transcribe: true}); !errors.Is(err, rehearse.ErrNotFound) {
		t.Errorf("another owner's session: %v", err)
	}
}

// A recording streamed in chunks, transcribed, its audio dropped (not
// kept), sent as the answer: the answer's delivery has the counts the
// hand-made transcript was built with.
func TestSpokenAnswerDelivery(t *testing.T) {
	f := newVoiceFixture(t)
	ctx := context.Background()
	s := f.start(t, "production-incident")
	wav := speech.ToneWAV(2 * time.Second)
	r, err := f.svc.StartRecording(ctx, s.ID, "me", NewRecording{Audio: wav[:1000], Transcribe: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != rehearse.Receiving || r.Format != "wav" || r.Bytes != 1000 {
		t.Fatalf("started: %+v", r.Recording)
	}
	if _, err := f.svc.AppendAudio(ctx, s.ID, "me", r.ID, 1000, wav[1000:]); err != nil {
		t.Fatal(err)
	}
	if r, err = f.svc.FinishRecording(ctx, s.ID, "me", r.ID, true); err != nil || r.Status != rehearse.Queued {
		t.Fatalf("finish: %+v, %v", r, err)
	}
	f.clk.advance(30 * time.Second)
	if r, err = f.svc.TranscribeNow(ctx, s.ID, "me", r.ID); err != nil || r.Status != rehearse.Transcribed {
		t.Fatalf("transcribed: %+v, %v", r, err)
	}
	if r.HasAudio {
		t.Error("the audio was kept although the candidate did not ask to keep recordings")
	}
	if r.Transcript == nil || !strings.HasPrefix(r.Transcript.Text, "So um first") {
		t.Fatalf("transcript: %+v", r.Transcript)
	}

	f.clk.advance(20 * time.Second)
	s, err = f.svc.Act(ctx, s.ID, "me", Input{Action: Say, Text: "So first I would shard the table by user id. I think that keeps writes local. We then add a cache.", ClientID: "a1", Recording: r.ID})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := f.svc.Recordings(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	ds := f.svc.Deliveries(s, recs)
	if len(ds) != 1 {
		t.Fatalf("%d deliveries, want 1", len(ds))
	}
	var d *AnswerDelivery
	for _, v := range ds {
		d = v
	}
	if got := s.Turns[d.TurnSeq-1]; got.Role != "candidate" || !strings.HasPrefix(got.Text, "So first") {
		t.Errorf("delivery linked to turn %+v", got)
	}
	want := AnswerDelivery{Recording: r.ID, TurnSeq: d.TurnSeq, Source: "server", Timing: "words",
		SpeakingSeconds: 15.9, Words: 26, WordsPerMinute: 98.1,
		FillerWords: 4, Fillers: map[string]int{"um": 1, "uh": 1, "basically": 1, "you know": 1}, FillersPerMinute: 15.1,
		Hedges: 1, HedgeWords: map[string]int{"i think": 1},
		LongPauses: 1, LongestPause: 3.1, Pauses: []speech.Pause{{Start: 8.9, Seconds: 3.1, Preceding: "think that keeps writes local.", Following: "Basically we then add a"}}}
	got := *d
	got.RoundShare, got.Note = 0, ""
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("delivery (-want +got):\n%s", diff)
	}
	if d.RoundShare <= 0 || d.RoundShare > 1 {
		t.Errorf("round share %v, want in (0, 1]", d.RoundShare)
	}
	for _, part := range []string{"16 s at 98 words a minute (slow", "4 filler words (15.1 a minute: basically, uh, um, you know); a silent pause", "1 hedge (i think)", "One long pause, 3.1 s, after “think that keeps writes local”.", "% of this round so far"} {
		if !strings.Contains(d.Note, part) {
			t.Errorf("note lacks %q:\n%s", part, d.Note)
		}
	}
}

// The endpoint fails: the message is kept, the audio too, and a retry
// succeeds. Silence is not retryable. A cut-off recording keeps what
// arrived and can be transcribed as it is.
func TestRecordingFailuresKeepAudio(t *testing.T) {
	f := newVoiceFixture(t)
	ctx := context.Background()
	s := f.start(t, "production-incident")
	wav := speech.ToneWAV(time.Second)

	f.sp.set(nil, &speech.Error{Kind: speech.KindTimeout, Msg: "the transcription endpoint at http://127.0.0.1:9/v1/audio/transcriptions did not answer within 3m0s"})
	r, err := f.svc.StartRecording(ctx, s.ID, "me", NewRecording{Audio: wav, Final: true, Transcribe: true})
	if err != nil {
		t.Fatal(err)
	}
	r, err = f.svc.TranscribeNow(ctx, s.ID, "me", r.ID)
	if err != nil || r.Status != rehearse.Failed || !r.Retryable || !r.HasAudio || r.ErrorKind != "timeout" {
		t.Fatalf("after a timeout: %+v, %v", r, err)
	}
	if !strings.Contains(r.Message, "did not answer within 3m0s") || !strings.Contains(r.Message, "try again, or type the answer instead") {
		t.Errorf("message: %q", r.Message)
	}
	f.sp.set(handMade(), nil)
	if r, err = f.svc.RetryRecording(ctx, s.ID, "me", r.ID); err != nil || r.Status != rehearse.Queued {
		t.Fatalf("retry: %+v, %v", r, err)
	}
	if r, err = f.svc.TranscribeNow(ctx, s.ID, "me", r.ID); err != nil || r.Status != rehearse.Transcribed || r.Attempts != 2 {
		t.Fatalf("after retry: %+v, %v", r, err)
	}

	f.sp.set(nil, &speech.Error{Kind: speech.KindNoSpeech, Msg: "no speech was recognised in the recording; check the microphone, or type the answer instead"})
	r, _ = f.svc.StartRecording(ctx, s.ID, "me", NewRecording{Audio: wav, Final: true, Transcribe: true})
	r, _ = f.svc.TranscribeNow(ctx, s.ID, "me", r.ID)
	if r.Status != rehearse.Failed || r.Retryable || !strings.Contains(r.Message, "no speech was recognised") {
		t.Errorf("silence: %+v", r)
	}
	if _, err := f.svc.RetryRecording(ctx, s.ID, "me", r.ID); !errors.Is(err, rehearse.ErrConflict) {
		t.Errorf("retrying silence: %v, want a conflict", err)
	}

	// The tab closes after the first chunk.
	f.sp.set(handMade(), nil)
	r, _ = f.svc.StartRecording(ctx, s.ID, "me", NewRecording{Audio: wav[:5000], Transcribe: true})
	f.clk.advance(CutOffAfter + time.Second)
	if r, _ = f.svc.Recording(ctx, s.ID, "me", r.ID); !r.CutOff || !strings.Contains(r.Message, "cut off") || r.Bytes != 5000 {
		t.Fatalf("cut off: %+v", r)
	}
	if r, err = f.svc.RetryRecording(ctx, s.ID, "me", r.ID); err != nil || r.Status != rehearse.Queued || r.Complete {
		t.Fatalf("transcribe what arrived: %+v, %v", r, err)
	}
	if r, _ = f.svc.TranscribeNow(ctx, s.ID, "me", r.ID); r.Status != rehearse.Transcribed || !strings.Contains(r.Message, "cut off") {
		t.Errorf("cut-off transcription: %+v", r)
	}

	// Deleting: the audio alone, then everything.
	kept, _ := f.svc.StartRecording(ctx, s.ID, "me", NewRecording{Audio: wav, Final: true, Transcribe: true, Keep: true})
	kept, _ = f.svc.TranscribeNow(ctx, s.ID, "me", kept.ID)
	if !kept.HasAudio {
		t.Fatal("a recording the candidate chose to keep lost its audio")
	}
	if audio, format, err := f.svc.RecordingAudio(ctx, s.ID, "me", kept.ID); err != nil || format != speech.FormatWAV || len(audio) != len(wav) {
		t.Errorf("kept audio: %d bytes, %q, %v", len(audio), format, err)
	}
	if err := f.svc.DeleteRecording(ctx, s.ID, "me", kept.ID, false); err != nil {
		t.Fatal(err)
	}
	if kept, _ = f.svc.Recording(ctx, s.ID, "me", kept.ID); kept.HasAudio || kept.Transcript == nil {
		t.Errorf("after deleting the audio: %+v", kept)
	}
	if err := f.svc.DeleteRecording(ctx, s.ID, "me", kept.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Recording(ctx, s.ID, "me", kept.ID); !errors.Is(err, rehearse.ErrNotFound) {
		t.Errorf("deleted recording: %v", err)
	}
}

// The worker transcribes what is queued; a watcher sees it through.
func TestTranscriberWorker(t *testing.T) {
	f := newVoiceFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := f.start(t, "production-incident")
	done := make(chan struct{})
	go func() { f.svc.RunTranscriber(ctx, slogDiscard()); close(done) }()
	r, err := f.svc.StartRecording(ctx, s.ID, "me", NewRecording{Audio: speech.ToneWAV(time.Second), Final: true, Transcribe: true})
	if err != nil {
		t.Fatal(err)
	}
	var seen []rehearse.RecordingStatus
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	err = f.svc.WatchRecording(wctx, s.ID, "me", r.ID, 50*time.Millisecond, func(v *RecordingView) error {
		if len(seen) == 0 || seen[len(seen)-1] != v.Status {
			seen = append(seen, v.Status)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if last := seen[len(seen)-1]; last != rehearse.Transcribed {
		t.Errorf("statuses seen %v, want to end transcribed", seen)
	}
	cancel()
	<-done
}

// Without an endpoint the browser's recognition gives the text: the
// answer's delivery is measured from the phrases the page timed.
func TestBrowserRecognitionDelivery(t *testing.T) {
	f := newVoiceFixture(t)
	f.svc.WithSpeech(nil)
	ctx := context.Background()
	s := f.start(t, "production-incident")
	if _, err := f.svc.StartRecording(ctx, s.ID, "me", NewRecording{Audio: speech.ToneWAV(time.Second), Final: true, Transcribe: true}); !errors.Is(err, rehearse.ErrUnavailable) {
		t.Errorf("server transcription without an endpoint: %v", err)
	}
	heard := &BrowserSpeech{Seconds: 30, Segments: []speech.Segment{
		{Start: 0.5, End: 9, Text: "um so the incident was a bad deploy"},
		{Start: 14, End: 29, Text: "I rolled it back and basically we added a canary"},
	}}
	s, err := f.svc.Act(ctx, s.ID, "me", Input{Action: Say, Text: "The incident was a bad deploy. I rolled it back and we added a canary.", ClientID: "b1", Heard: heard})
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.svc.Results(ctx, s.ID, "me")
	if err != nil {
		t.Fatal(err)
	}
	if res.Voice == nil || len(res.Voice.Answers) != 1 {
		t.Fatalf("voice report: %+v", res.Voice)
	}
	a := res.Voice.Answers[0]
	if a.Source != "browser" || a.Timing != "segments" || a.Words != 18 || a.FillerWords != 2 || a.LongPauses != 1 || a.SpeakingSeconds != 28.5 {
		t.Errorf("browser delivery: %+v", a)
	}
	bad := &BrowserSpeech{Seconds: 3 * 3600}
	if _, err := f.svc.Act(ctx, s.ID, "me", Input{Action: Say, Text: "x", ClientID: "b2", Heard: bad}); !errors.Is(err, rehearse.ErrInvalid) {
		t.Errorf("a three-hour browser answer: %v", err)
	}
}

// A session's report has the delivery of its spoken answers, with a
// trend, and the Markdown export has their transcripts but no audio.
func TestVoiceReportAndExport(t *testing.T) {
	f := newVoiceFixture(t)
	ctx := context.Background()
	s, err := f.svc.Start(ctx, Spec{Kind: rehearse.OneRound, Mode: rehearse.Practice, Owner: "me", Guide: "microsoft-backend-engineer-interview", Round: "onsite-behavioral"})
	if err != nil {
		t.Fatal(err)
	}
	fast := handMade()
	calm := &speech.Transcript{Text: "First, the alert fired at night. Then I rolled back the deploy and the errors stopped.", Duration: 8}
	for i, w := range strings.Fields(calm.Text) {
		calm.Words = append(calm.Words, speech.Word{Word: w, Start: float64(i) * 0.45, End: float64(i)*0.45 + 0.4})
	}
	for i, tr := range []*speech.Transcript{fast, calm} {
		f.sp.set(tr, nil)
		r, err := f.svc.StartRecording(ctx, s.ID, "me", NewRecording{Audio: speech.ToneWAV(time.Second), Final: true, Transcribe: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.TranscribeNow(ctx, s.ID, "me", r.ID); err != nil {
			t.Fatal(err)
		}
		f.clk.advance(time.Minute)
		if s, err = f.svc.Act(ctx, s.ID, "me", Input{Action: Say, Text: tr.Text, ClientID: "v" + string(rune('0'+i)), Recording: r.ID}); err != nil {
			t.Fatal(err)
		}
		if s, err = f.svc.Act(ctx, s.ID, "me", Input{Action: Done, ClientID: "d" + string(rune('0'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := f.svc.Results(ctx, s.ID, "me")
	if err != nil {
		t.Fatal(err)
	}
	v := res.Voice
	if v == nil || len(v.Answers) != 2 || len(v.Rounds) != 1 || v.Rounds[0].Answers != 2 {
		t.Fatalf("voice report: %+v", v)
	}
	if v.Rounds[0].Share <= 0 || v.Rounds[0].Share > 1 {
		t.Errorf("share of the round spoken: %v", v.Rounds[0].Share)
	}
	trend := strings.Join(v.Trend, "\n")
	for _, want := range []string{"Pace: 98 → 134 words a minute from the first spoken answer to the last (into an easy pace to follow)", "Filler words: 15.1 → 0.0 a minute (fewer)", "Hedges: 1.0 → 0.0 an answer (fewer)", "Long pauses: 1.0 → 0.0 an answer (fewer)"} {
		if !strings.Contains(trend, want) {
			t.Errorf("trend lacks %q:\n%s", want, trend)
		}
	}
	md := Markdown(res)
	for _, want := range []string{"## Delivery of the spoken answers", "| Behavioral | 2 |", "### What was heard", "> So um first I would shard", "**You** (spoken):"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown export lacks %q", want)
		}
	}
	if strings.Contains(md, "RIFF") {
		t.Error("the Markdown export contains audio")
	}
}

func slogDiscard() *slog.Logger { return slog.New(slog.DiscardHandler) }
