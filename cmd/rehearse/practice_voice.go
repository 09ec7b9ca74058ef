package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/rehearse/rehearse/internal/interview"
	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/internal/speech"
)

// voiceAnswers are the recorded answers of a terminal session.
type voiceAnswers struct {
	client *speech.Client // nil without an endpoint
	files  []string       // --audio files not yet sent, in order
	keep   bool
}

// transcribeFile checks a recording, saves it in the session and has the
// endpoint transcribe it. On a failure it says why and whether the audio
// was kept, and returns ok = false so the candidate can type instead.
func transcribeFile(ctx context.Context, e *env, svc *interview.Service, sess *rehearse.Session, v voiceAnswers, name string) (text, rid string, ok bool, err error) {
	if v.client == nil {
		fmt.Fprintf(e.stdout, "(No speech-to-text endpoint is configured, so recordings cannot be transcribed; type the answer. See docs/speech.md.)\n")
		return "", "", false, nil
	}
	data, info, err := readRecording(v.client, name)
	if err != nil {
		fmt.Fprintf(e.stdout, "(%v)\n", err)
		return "", "", false, nil
	}
	rec, err := svc.StartRecording(ctx, sess.ID, cliOwner, interview.NewRecording{Audio: data, Size: info.Size, Final: true, Keep: v.keep, Transcribe: true})
	if err != nil {
		if errors.Is(err, rehearse.ErrInvalid) || errors.Is(err, rehearse.ErrTooLarge) || errors.Is(err, rehearse.ErrConflict) {
			fmt.Fprintf(e.stdout, "(%s: %v)\n", name, err)
			return "", "", false, nil
		}
		return "", "", false, err
	}
	fmt.Fprintf(e.stdout, "[Transcribing %s (%s, %s)…]\n", filepath.Base(name), info.Format, byteSize(info.Size))
	r, err := svc.TranscribeNow(ctx, sess.ID, cliOwner, rec.ID)
	if err != nil {
		return "", "", false, err
	}
	if r.Status != rehearse.Transcribed || r.Transcript == nil {
		fmt.Fprintf(e.stdout, "(%s)\n", r.Message)
		if r.HasAudio && r.Retryable {
			fmt.Fprintf(e.stdout, "(The recording is saved in the session; type the answer, or send /audio %s again.)\n", name)
		}
		return "", "", false, nil
	}
	fmt.Fprintf(e.stdout, "You (spoken): %s\n\n", r.Transcript.Text)
	return r.Transcript.Text, r.ID, true, nil
}

// deliveryNote is the practice-mode note on the answer spoken in
// recording rid, "" if there is none.
func deliveryNote(ctx context.Context, svc *interview.Service, sess *rehearse.Session, rid string) string {
	recs, err := svc.Recordings(ctx, sess)
	if err != nil {
		return ""
	}
	for _, d := range svc.Deliveries(sess, recs) {
		if d.Recording == rid {
			return d.Note
		}
	}
	return ""
}

func byteSize(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (n+1023)>>10)
}
