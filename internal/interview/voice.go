package interview

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/internal/speech"
)

// Transcriber turns a recording into text: the speech-to-text endpoint's
// client.
type Transcriber interface {
	Transcribe(ctx context.Context, audio []byte) (*speech.Transcript, error)
	Limits() speech.Limits
}

// RecordingStore is what spoken answers need from the database.
type RecordingStore interface {
	CreateRecording(ctx context.Context, r *rehearse.Recording, first []byte) error
	AppendAudio(ctx context.Context, id string, offset int64, chunk []byte, maxBytes int64) (int64, error)
	Audio(ctx context.Context, id string) ([]byte, error)
	Recording(ctx context.Context, id string) (*rehearse.Recording, error)
	Recordings(ctx context.Context, sessionID string) ([]rehearse.Recording, error)
	UpdateRecording(ctx context.Context, id string, u rehearse.RecordingUpdate) error
	DropAudio(ctx context.Context, id string) error
	DeleteRecording(ctx context.Context, id string) error
	ClaimRecording(ctx context.Context, id string) (*rehearse.Recording, error)
	RequeueInterrupted(ctx context.Context) (int, error)
}

// CutOffAfter is how long a recording may go without new audio before it
// counts as cut off (a closed tab, a lost connection): it then waits for
// the candidate to transcribe what arrived or delete it.
const CutOffAfter = 20 * time.Second

// voice is the spoken-answer state of a Service: the endpoint, and the
// signals between the upload handlers, the worker and progress watchers.
type voice struct {
	speech Transcriber // nil without an endpoint
	kick   chan struct{}
	mu     sync.Mutex
	change chan struct{} // closed and replaced when any recording changes
}

func newVoice() *voice { return &voice{kick: make(chan struct{}, 1)} }

// changed returns a channel closed at the next change to any recording.
func (v *voice) changed() <-chan struct{} {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.change == nil {
		v.change = make(chan struct{})
	}
	return v.change
}

func (v *voice) notify() {
	v.mu.Lock()
	if v.change != nil {
		close(v.change)
		v.change = nil
	}
	v.mu.Unlock()
}

// wake tells the worker there is work, without waiting.
func (v *voice) wake() {
	select {
	case v.kick <- struct{}{}:
	default:
	}
}

// WithSpeech lets spoken answers be transcribed on the server through t.
// Without it, the browser's recognition or typing is used.
func (s *Service) WithSpeech(t Transcriber) *Service {
	s.voice.speech = t
	return s
}

// Speech returns the transcriber, nil when no endpoint is configured.
func (s *Service) Speech() Transcriber { return s.voice.speech }

// AudioLimits are the limits recordings are checked against: the
// endpoint's, or the defaults when there is none.
func (s *Service) AudioLimits() speech.Limits {
	if s.voice.speech != nil {
		return s.voice.speech.Limits()
	}
	return speech.Limits{MaxBytes: speech.DefaultMaxBytes, MaxDuration: speech.DefaultMaxDuration}
}

func (s *Service) recordings() (RecordingStore, error) {
	rs, ok := s.store.(RecordingStore)
	if !ok {
		return nil, rehearse.Errorf(rehearse.ErrUnavailable, "this store cannot keep recordings")
	}
	return rs, nil
}

// NewRecording is the start of a spoken answer's audio.
type NewRecording struct {
	// Audio is the first chunk, or the whole recording when Final.
	Audio []byte
	// Size is the whole recording's size when known (a file upload), or 0
	// while it is still being recorded; it lets a huge file be refused
	// before the rest is read.
	Size int64
	// Final says Audio is the whole recording.
	Final bool
	// Keep says the candidate wants the audio kept after transcription.
	Keep bool
	// Transcribe asks for server transcription; without it the audio is
	// only stored (the browser's recognition gives the text).
	Transcribe bool
}

// RecordingView is a recording with its transcript decoded, for pages and
// the API.
type RecordingView struct {
	rehearse.Recording
	Transcript *speech.Transcript `json:"transcript,omitempty"`
	// CutOff marks a recording that stopped receiving audio without being
	// finished: the tab was closed or the connection lost.
	CutOff bool `json:"cut_off"`
	// Message says where the recording stands, for the candidate.
	Message string `json:"message"`
}

// activeQuestion loads a session that is running a question now.
func (s *Service) activeQuestion(ctx context.Context, id, owner string) (*rehearse.Session, error) {
	sess, err := s.store.Session(ctx, id, owner)
	if err != nil {
		return nil, err
	}
	if sess.Status != rehearse.Active || sess.Current() == nil {
		return nil, rehearse.Errorf(rehearse.ErrConflict, "the interview is not running a question now, so there is nothing to record an answer for")
	}
	return sess, nil
}

// StartRecording checks the audio's first bytes (format, and for a whole
// file its size and, for WAV, its length) and saves them as a new
// recording of the current question before anything else happens. A final
// recording is queued for transcription at once.
func (s *Service) StartRecording(ctx context.Context, id, owner string, in NewRecording) (*RecordingView, error) {
	rs, err := s.recordings()
	if err != nil {
		return nil, err
	}
	if in.Transcribe && s.voice.speech == nil {
		return nil, rehearse.Errorf(rehearse.ErrUnavailable, "no speech-to-text endpoint is configured on this server; use the browser's speech recognition or type the answer")
	}
	sess, err := s.activeQuestion(ctx, id, owner)
	if err != nil {
		return nil, err
	}
	size := in.Size
	if size < int64(len(in.Audio)) {
		size = int64(len(in.Audio))
	}
	a, err := s.AudioLimits().Inspect(in.Audio, size)
	if err != nil {
		return nil, err
	}
	r := &rehearse.Recording{ID: newID(), Session: sess.ID, Round: sess.Round, Question: sess.Question, Format: string(a.Format),
		Keep: in.Keep, Complete: in.Final, Source: "server", Status: rehearse.Receiving}
	if !in.Transcribe {
		r.Source = "browser"
	}
	if in.Final {
		r.Status = finishedStatus(r.Source)
	}
	if err := rs.CreateRecording(ctx, r, in.Audio); err != nil {
		return nil, err
	}
	if r.Status == rehearse.Queued {
		s.voice.wake()
	}
	s.voice.notify()
	return s.viewRecording(r), nil
}

func finishedStatus(source string) rehearse.RecordingStatus {
	if source == "browser" {
		return rehearse.Stored
	}
	return rehearse.Queued
}

// recordingOf loads recording rid of session id, for its owner.
func (s *Service) recordingOf(ctx context.Context, id, owner, rid string) (RecordingStore, *rehearse.Recording, error) {
	rs, err := s.recordings()
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.store.Session(ctx, id, owner); err != nil {
		return nil, nil, err
	}
	r, err := rs.Recording(ctx, rid)
	if err != nil {
		return nil, nil, err
	}
	if r.Session != id {
		return nil, nil, rehearse.Errorf(rehearse.ErrNotFound, "no recording %q in this interview", rid)
	}
	return rs, r, nil
}

// AppendAudio adds the next chunk of a recording being made, at byte
// offset; a chunk sent twice is stored once.
func (s *Service) AppendAudio(ctx context.Context, id, owner, rid string, offset int64, chunk []byte) (*RecordingView, error) {
	rs, r, err := s.recordingOf(ctx, id, owner, rid)
	if err != nil {
		return nil, err
	}
	n, err := rs.AppendAudio(ctx, rid, offset, chunk, s.AudioLimits().MaxBytes)
	if err != nil {
		return nil, err
	}
	r.Bytes, r.HasAudio = n, n > 0
	s.voice.notify()
	return s.viewRecording(r), nil
}

// FinishRecording ends a recording: complete when the candidate stopped
// it, or not when a cut-off recording is accepted as it is. It is then
// queued for transcription (or stored, for the browser's recognition).
func (s *Service) FinishRecording(ctx context.Context, id, owner, rid string, complete bool) (*RecordingView, error) {
	rs, r, err := s.recordingOf(ctx, id, owner, rid)
	if err != nil {
		return nil, err
	}
	if r.Status != rehearse.Receiving {
		return s.viewRecording(r), nil // finished already: a resent request
	}
	if r.Bytes == 0 {
		return nil, rehearse.Errorf(rehearse.ErrInvalid, "the recording is empty: no audio arrived")
	}
	if r.Source == "server" && s.voice.speech == nil {
		return nil, rehearse.Errorf(rehearse.ErrUnavailable, "no speech-to-text endpoint is configured on this server; type the answer instead")
	}
	st := finishedStatus(r.Source)
	if err := rs.UpdateRecording(ctx, rid, rehearse.RecordingUpdate{Status: &st, Complete: &complete}); err != nil {
		return nil, err
	}
	r.Status, r.Complete = st, complete
	if st == rehearse.Queued {
		s.voice.wake()
	}
	s.voice.notify()
	return s.viewRecording(r), nil
}

// RetryRecording queues a recording again after a failure that was the
// endpoint's fault. Its audio was kept for this.
func (s *Service) RetryRecording(ctx context.Context, id, owner, rid string) (*RecordingView, error) {
	rs, r, err := s.recordingOf(ctx, id, owner, rid)
	if err != nil {
		return nil, err
	}
	switch {
	case r.Status == rehearse.Receiving:
		return s.FinishRecording(ctx, id, owner, rid, false)
	case r.Status != rehearse.Failed:
		return s.viewRecording(r), nil
	case !r.HasAudio:
		return nil, rehearse.Errorf(rehearse.ErrConflict, "the audio of this recording was deleted, so it cannot be transcribed again; record the answer again or type it")
	case !r.Retryable:
		return nil, rehearse.Errorf(rehearse.ErrConflict, "trying again will not help: %s", r.Error)
	case s.voice.speech == nil:
		return nil, rehearse.Errorf(rehearse.ErrUnavailable, "no speech-to-text endpoint is configured on this server; type the answer instead")
	}
	st, empty, no := rehearse.Queued, "", false
	if err := rs.UpdateRecording(ctx, rid, rehearse.RecordingUpdate{Status: &st, Error: &empty, ErrorKind: &empty, Retryable: &no}); err != nil {
		return nil, err
	}
	r.Status, r.Error, r.ErrorKind, r.Retryable = st, "", "", false
	s.voice.wake()
	s.voice.notify()
	return s.viewRecording(r), nil
}

// Recording returns one recording of a session with its transcript.
func (s *Service) Recording(ctx context.Context, id, owner, rid string) (*RecordingView, error) {
	_, r, err := s.recordingOf(ctx, id, owner, rid)
	if err != nil {
		return nil, err
	}
	return s.viewRecording(r), nil
}

// Recordings lists a session's recordings, oldest first. The session must
// already have been loaded for its owner.
func (s *Service) Recordings(ctx context.Context, sess *rehearse.Session) ([]*RecordingView, error) {
	rs, ok := s.store.(RecordingStore)
	if !ok {
		return nil, nil // a store without recordings has none to list
	}
	list, err := rs.Recordings(ctx, sess.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*RecordingView, 0, len(list))
	for i := range list {
		out = append(out, s.viewRecording(&list[i]))
	}
	return out, nil
}

// WatchRecording calls report with the recording now and after each
// change, until it reaches a final state or ctx ends. Between changes it
// reports every tick, so a progress display can count the seconds.
func (s *Service) WatchRecording(ctx context.Context, id, owner, rid string, tick time.Duration, report func(*RecordingView) error) error {
	for {
		wait := s.voice.changed()
		v, err := s.Recording(ctx, id, owner, rid)
		if err != nil {
			return err
		}
		if err := report(v); err != nil {
			return err
		}
		if v.Status.Terminal() || v.CutOff {
			return nil
		}
		t := time.NewTimer(tick)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-wait:
		case <-t.C:
		}
		t.Stop()
	}
}

// DeleteRecording deletes a recording's audio, or (all) the whole
// recording with its transcript. The answer sent from it stays in the
// conversation; deleting the interview removes that too.
func (s *Service) DeleteRecording(ctx context.Context, id, owner, rid string, all bool) error {
	rs, r, err := s.recordingOf(ctx, id, owner, rid)
	if err != nil {
		return err
	}
	if r.Status == rehearse.Transcribing {
		return rehearse.Errorf(rehearse.ErrConflict, "the recording is being transcribed; delete it when that finishes, in a moment")
	}
	if all {
		err = rs.DeleteRecording(ctx, rid)
	} else {
		err = rs.DropAudio(ctx, rid)
	}
	s.voice.notify()
	return err
}

// RecordingAudio returns a kept recording's audio and its format.
func (s *Service) RecordingAudio(ctx context.Context, id, owner, rid string) ([]byte, speech.Format, error) {
	rs, r, err := s.recordingOf(ctx, id, owner, rid)
	if err != nil {
		return nil, "", err
	}
	if !r.HasAudio {
		return nil, "", rehearse.Errorf(rehearse.ErrNotFound, "the audio of this recording is not kept")
	}
	b, err := rs.Audio(ctx, rid)
	return b, speech.Format(r.Format), err
}

// viewRecording decodes r's transcript and says where it stands.
func (s *Service) viewRecording(r *rehearse.Recording) *RecordingView {
	v := &RecordingView{Recording: *r}
	if len(r.Transcript) > 0 {
		var t speech.Transcript
		if json.Unmarshal(r.Transcript, &t) == nil {
			v.Transcript = &t
		}
	}
	v.CutOff = r.Status == rehearse.Receiving && s.now().Sub(r.Updated) > CutOffAfter
	switch {
	case v.CutOff:
		v.Message = fmt.Sprintf("This recording was cut off (the page was closed or the connection lost); %s of audio arrived and is kept. Transcribe what arrived, or delete it.", rehearse.Size(r.Bytes))
	case r.Status == rehearse.Receiving:
		v.Message = "Recording…"
	case r.Status == rehearse.Queued:
		v.Message = "Waiting to be transcribed…"
	case r.Status == rehearse.Transcribing:
		v.Message = "Transcribing on the server…"
	case r.TurnSeq != 0 && r.Status == rehearse.Transcribed:
		v.Message = "Sent as your answer."
	case r.Status == rehearse.Transcribed && r.Source == "browser":
		v.Message = "Transcribed by the browser's speech recognition."
	case r.Status == rehearse.Transcribed && !r.Complete:
		v.Message = "Transcribed what arrived of a recording that was cut off; check the end of it."
	case r.Status == rehearse.Transcribed:
		v.Message = "Transcribed. Check the transcript, correct it, then send it."
	case r.Status == rehearse.Stored:
		v.Message = "Recording kept; the text came from the browser's speech recognition."
	case r.Status == rehearse.Failed && r.Retryable:
		v.Message = r.Error + ". The recording is kept: try again, or type the answer instead."
	case r.Status == rehearse.Failed:
		v.Message = r.Error + "."
	}
	v.Message = strings.ReplaceAll(v.Message, "..", ".")
	return v
}

// RunTranscriber transcribes queued recordings until ctx ends, one at a
// time (a speech server is usually one GPU or CPU's worth). It first puts
// back in the queue any recording a stopped server left half done. It
// does nothing without an endpoint.
func (s *Service) RunTranscriber(ctx context.Context, log *slog.Logger) {
	rs, err := s.recordings()
	if err != nil || s.voice.speech == nil {
		return
	}
	if n, err := rs.RequeueInterrupted(ctx); err != nil {
		log.Warn("recordings left transcribing were not requeued", "err", err)
	} else if n > 0 {
		log.Info("requeued interrupted transcriptions", "count", n)
	}
	// Another process sharing the database may queue work too; look now
	// and then even without a kick.
	poll := time.NewTicker(5 * time.Second)
	defer poll.Stop()
	for {
		for ctx.Err() == nil {
			r, err := rs.ClaimRecording(ctx, "")
			if err != nil {
				log.Warn("transcription queue", "err", err)
				break
			}
			if r == nil {
				break
			}
			s.transcribe(ctx, rs, r, log)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.voice.kick:
		case <-poll.C:
		}
	}
}

// TranscribeNow transcribes one queued recording of session id at once,
// for the terminal, and returns it as it ends up (done or failed).
func (s *Service) TranscribeNow(ctx context.Context, id, owner, rid string) (*RecordingView, error) {
	rs, _, err := s.recordingOf(ctx, id, owner, rid)
	if err != nil {
		return nil, err
	}
	if s.voice.speech == nil {
		return nil, rehearse.Errorf(rehearse.ErrUnavailable, "no speech-to-text endpoint is configured")
	}
	r, err := rs.ClaimRecording(ctx, rid)
	if err != nil {
		return nil, err
	}
	if r != nil {
		s.transcribe(ctx, rs, r, slog.New(slog.DiscardHandler))
	}
	return s.Recording(ctx, id, owner, rid)
}

// transcribe sends one claimed recording to the endpoint and stores the
// outcome. The audio stays on failure, so the candidate can retry, and
// goes after success unless the candidate keeps recordings.
func (s *Service) transcribe(ctx context.Context, rs RecordingStore, r *rehearse.Recording, log *slog.Logger) {
	defer s.voice.notify()
	s.voice.notify() // watchers see "transcribing"
	// The outcome is saved even if the server is stopping.
	save := context.WithoutCancel(ctx)
	fail := func(msg, kind string, retry bool) {
		st := rehearse.Failed
		if err := rs.UpdateRecording(save, r.ID, rehearse.RecordingUpdate{Status: &st, Error: &msg, ErrorKind: &kind, Retryable: &retry}); err != nil {
			log.Error("save transcription failure", "recording", r.ID, "err", err)
		}
	}
	audio, err := rs.Audio(ctx, r.ID)
	if err != nil || len(audio) == 0 {
		fail("the audio of this recording is missing; record the answer again or type it", "bad-audio", false)
		return
	}
	start := time.Now()
	t, err := s.voice.speech.Transcribe(ctx, audio)
	if err != nil {
		var se *speech.Error
		switch {
		case ctx.Err() != nil:
			// Stopping: leave it for the next start.
			st := rehearse.Queued
			_ = rs.UpdateRecording(save, r.ID, rehearse.RecordingUpdate{Status: &st})
		case errors.As(err, &se):
			log.Info("transcription failed", "recording", r.ID, "kind", se.Kind.String(), "status", se.Status, "took", time.Since(start).Round(time.Millisecond))
			fail(strings.TrimSuffix(se.Msg, "."), se.Kind.String(), se.Kind.Retryable())
		default:
			log.Error("transcription failed", "recording", r.ID, "err", err)
			fail("transcription failed on the server", "unavailable", true)
		}
		return
	}
	body, err := json.Marshal(t)
	if err != nil {
		fail("the transcript could not be stored", "bad-response", true)
		return
	}
	// The transcript and, unless the candidate keeps recordings, the
	// audio's deletion land in one write: whoever watches never sees the
	// one without the other.
	st := rehearse.Transcribed
	if err := rs.UpdateRecording(save, r.ID, rehearse.RecordingUpdate{Status: &st, Transcript: body, DropAudio: !r.Keep}); err != nil {
		log.Error("save transcript", "recording", r.ID, "err", err)
		return
	}
	log.Info("transcribed", "recording", r.ID, "bytes", len(audio), "seconds", math.Round(t.Duration), "took", time.Since(start).Round(time.Millisecond))
}

// BrowserSpeech is what the browser's own speech recognition heard of a
// spoken answer: its length and phrases timed by the page.
type BrowserSpeech struct {
	Seconds  float64          `json:"seconds"`
	Segments []speech.Segment `json:"segments"`
}

// maxBrowserSegments bounds a browser transcript: a phrase every two
// seconds for the longest answer.
const maxBrowserSegments = 1000

// transcript checks b and turns it into a transcript.
func (b *BrowserSpeech) transcript(limit time.Duration) (*speech.Transcript, error) {
	if b.Seconds < 0 || math.IsNaN(b.Seconds) || b.Seconds > limit.Seconds()+5 {
		return nil, rehearse.Errorf(rehearse.ErrInvalid, "the spoken answer's length (%.0f s) is not possible; the limit is %s per answer", b.Seconds, limit)
	}
	if len(b.Segments) > maxBrowserSegments {
		return nil, rehearse.Errorf(rehearse.ErrTooLarge, "the browser sent %d phrases; the limit is %d", len(b.Segments), maxBrowserSegments)
	}
	t := &speech.Transcript{Duration: b.Seconds, Segments: []speech.Segment{}, Words: []speech.Word{}}
	var parts []string
	for _, sg := range b.Segments {
		text := strings.Join(strings.Fields(sg.Text), " ")
		if text == "" {
			continue
		}
		parts = append(parts, text)
		if sg.Start >= 0 && sg.End >= sg.Start && sg.End <= b.Seconds+5 {
			t.Segments = append(t.Segments, speech.Segment{Start: sg.Start, End: sg.End, Text: text})
		}
	}
	t.Text = strings.Join(parts, " ")
	return t, nil
}

// checkSpoken checks, before an answer is saved, that what it says it was
// spoken in exists and makes sense.
func (s *Service) checkSpoken(ctx context.Context, sess *rehearse.Session, rid string, b *BrowserSpeech) error {
	if b != nil {
		if _, err := b.transcript(s.AudioLimits().MaxDuration); err != nil {
			return err
		}
	}
	if rid == "" {
		return nil
	}
	rs, err := s.recordings()
	if err != nil {
		return err
	}
	r, err := rs.Recording(ctx, rid)
	if err != nil || r.Session != sess.ID {
		return rehearse.Errorf(rehearse.ErrNotFound, "no recording %q in this interview", rid)
	}
	if r.TurnSeq != 0 {
		return rehearse.Errorf(rehearse.ErrConflict, "that recording was already sent as an answer; record a new one")
	}
	return nil
}

// linkSpoken ties the answer turn seq to the recording it was spoken in:
// an uploaded recording (rid), what the browser heard (b), or both (a
// recording kept without server transcription).
func (s *Service) linkSpoken(ctx context.Context, sess *rehearse.Session, seq int, rid string, b *BrowserSpeech) error {
	rs, err := s.recordings()
	if err != nil {
		return err
	}
	var heard *speech.Transcript
	if b != nil {
		if heard, err = b.transcript(s.AudioLimits().MaxDuration); err != nil {
			return err
		}
	}
	if rid == "" {
		if heard == nil {
			return nil
		}
		body, _ := json.Marshal(heard)
		r := &rehearse.Recording{ID: newID(), Session: sess.ID, Round: sess.Round, Question: sess.Question, Source: "browser",
			Status: rehearse.Transcribed, Complete: true, Transcript: body}
		if err := rs.CreateRecording(ctx, r, nil); err != nil {
			return err
		}
		return rs.UpdateRecording(ctx, r.ID, rehearse.RecordingUpdate{TurnSeq: &seq})
	}
	r, err := rs.Recording(ctx, rid)
	if err != nil || r.Session != sess.ID {
		return rehearse.Errorf(rehearse.ErrNotFound, "no recording %q in this interview", rid)
	}
	u := rehearse.RecordingUpdate{TurnSeq: &seq}
	if len(r.Transcript) == 0 && heard != nil {
		body, _ := json.Marshal(heard)
		st, src := rehearse.Transcribed, "browser"
		u.Transcript, u.Status, u.Source = body, &st, &src
	}
	return rs.UpdateRecording(ctx, rid, u)
}
