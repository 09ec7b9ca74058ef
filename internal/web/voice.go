package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/rehearse/rehearse/internal/interview"
	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/internal/speech"
)

// maxChunk bounds one chunk of a recording being streamed: the page sends
// one every second or so, a few KiB of Opus each.
const maxChunk = 4 << 20

// uploadTime is how long a whole recording may take to arrive, beyond the
// server's usual read timeout.
const uploadTime = 10 * time.Minute

// voiceView is what the conversation view's voice controls need.
type voiceView struct {
	// Endpoint says answers are transcribed on this server; Where names
	// the endpoint's host for the page.
	Endpoint bool
	Where    string
	// NudgeSeconds is the default silence before the interviewer nudges
	// (0: off); MaxSeconds the longest answer.
	NudgeSeconds int
	MaxSeconds   int
	MaxMinutes   int
	MaxMiB       int64
}

func (s *Server) voiceView() voiceView {
	lim := s.iv.AudioLimits()
	v := voiceView{NudgeSeconds: int(s.nudge.Seconds()), MaxSeconds: int(lim.MaxDuration.Seconds()), MaxMinutes: int(lim.MaxDuration.Minutes()), MaxMiB: lim.MaxBytes >> 20}
	if s.speech != nil && s.iv.Speech() != nil {
		v.Endpoint, v.Where = true, s.speech.Endpoint()
	}
	return v
}

// recordingBody reads a recording's bytes from a request: the start is
// checked against the limits (with the declared length, so a two-hour file
// is refused before it is read), then the rest is read up to the size
// limit. A body cut off in transit (a closed tab, a lost connection)
// returns what arrived and cut = true.
func (s *Server) recordingBody(w http.ResponseWriter, body io.Reader, size int64) (data []byte, cut bool, err error) {
	lim := s.iv.AudioLimits()
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(uploadTime))
	head := make([]byte, speech.SniffLen)
	n, err := io.ReadFull(body, head)
	head = head[:n]
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) && size <= int64(n):
		err = nil // the whole recording is shorter than the head
	case err != nil && n == 0:
		return nil, false, rehearse.Errorf(rehearse.ErrInvalid, "the recording did not arrive: %v", err)
	}
	if size < int64(n) {
		size = int64(n)
	}
	if _, ierr := lim.Inspect(head, size); ierr != nil {
		return nil, false, ierr
	}
	if err != nil {
		return head, true, nil
	}
	rest, err := io.ReadAll(io.LimitReader(body, lim.MaxBytes-int64(n)+1))
	data = append(head, rest...)
	if err != nil {
		return data, true, nil
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, false, rehearse.Errorf(rehearse.ErrTooLarge, "the recording is over %d MiB; the limit is %d MiB per answer", lim.MaxBytes>>20, lim.MaxBytes>>20)
	}
	return data, false, nil
}

func boolParam(r *http.Request, name string) bool {
	v := r.URL.Query().Get(name)
	return v == "1" || v == "true" || v == "on"
}

// apiRecordingStart saves the start of a spoken answer's recording (or
// the whole of it, with ?final=1) for the current question and, for a
// whole one, queues it for transcription. ?keep=1 keeps the audio after
// transcription; ?transcribe=0 only stores it (the browser's recognition
// gives the text).
func (s *Server) apiRecordingStart(w http.ResponseWriter, r *http.Request) error {
	final := boolParam(r, "final")
	limit := int64(maxChunk)
	if final {
		limit = s.iv.AudioLimits().MaxBytes + 1
	}
	body := http.MaxBytesReader(w, r.Body, limit)
	var data []byte
	var cut bool
	var err error
	if final {
		data, cut, err = s.recordingBody(w, body, r.ContentLength)
	} else {
		data, err = io.ReadAll(body)
		err = chunkError(err)
	}
	if err != nil {
		return err
	}
	in := interview.NewRecording{Audio: data, Size: max(r.ContentLength, 0), Final: final && !cut, Keep: boolParam(r, "keep"),
		Transcribe: r.URL.Query().Get("transcribe") != "0"}
	ctx := r.Context()
	if cut {
		// The client is gone, and with it the request's context; what
		// arrived is saved all the same, to be transcribed as it is.
		in.Size, ctx = 0, context.WithoutCancel(ctx)
	}
	v, err := s.iv.StartRecording(ctx, r.PathValue("id"), callerOwner(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"recording": v})
	return nil
}

func chunkError(err error) error {
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooBig):
		return rehearse.Errorf(rehearse.ErrTooLarge, "one chunk of a recording may be at most %d MiB", maxChunk>>20)
	}
	return rehearse.Errorf(rehearse.ErrInvalid, "the audio did not arrive whole: %v", err)
}

// apiRecordingAppend adds the next chunk of a recording, at ?offset=N.
func (s *Server) apiRecordingAppend(w http.ResponseWriter, r *http.Request) error {
	offset, err := strconv.ParseInt(r.URL.Query().Get("offset"), 10, 64)
	if err != nil || offset < 0 {
		return rehearse.Errorf(rehearse.ErrInvalid, "offset must be the chunk's byte offset in the recording")
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxChunk))
	if err := chunkError(err); err != nil {
		return err
	}
	v, err := s.iv.AppendAudio(r.Context(), r.PathValue("id"), callerOwner(r), r.PathValue("rid"), offset, data)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"recording": v})
	return nil
}

// apiRecordingFinish ends a recording and queues it; ?complete=0 accepts
// a cut-off one as it is.
func (s *Server) apiRecordingFinish(w http.ResponseWriter, r *http.Request) error {
	v, err := s.iv.FinishRecording(r.Context(), r.PathValue("id"), callerOwner(r), r.PathValue("rid"), r.URL.Query().Get("complete") != "0")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"recording": v})
	return nil
}

func (s *Server) apiRecordingRetry(w http.ResponseWriter, r *http.Request) error {
	v, err := s.iv.RetryRecording(r.Context(), r.PathValue("id"), callerOwner(r), r.PathValue("rid"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"recording": v})
	return nil
}

// apiRecording returns a recording; with ?watch=1 it streams it as
// newline-delimited JSON, {"recording": {…}, "elapsed_ms": N} once a
// second and at each change, until it is transcribed, fails or is found
// cut off.
func (s *Server) apiRecording(w http.ResponseWriter, r *http.Request) error {
	id, owner, rid := r.PathValue("id"), callerOwner(r), r.PathValue("rid")
	if !boolParam(r, "watch") {
		v, err := s.iv.Recording(r.Context(), id, owner, rid)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, map[string]any{"recording": v})
		return nil
	}
	if _, err := s.iv.Recording(r.Context(), id, owner, rid); err != nil {
		return err // before anything is streamed: a normal error response
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	rc := http.NewResponseController(w)
	enc := json.NewEncoder(w)
	start := time.Now()
	err := s.iv.WatchRecording(r.Context(), id, owner, rid, time.Second, func(v *interview.RecordingView) error {
		// A transcription may take minutes; each line buys a little more
		// time past the server's write timeout.
		_ = rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
		if err := enc.Encode(map[string]any{"recording": v, "elapsed_ms": time.Since(start).Milliseconds()}); err != nil {
			return err
		}
		return rc.Flush()
	})
	if err != nil && r.Context().Err() == nil {
		_ = enc.Encode(map[string]string{"error": publicMessage(err, statusOf(err))})
	}
	return nil
}

func (s *Server) apiRecordings(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.iv.Get(r.Context(), r.PathValue("id"), callerOwner(r))
	if err != nil {
		return err
	}
	recs, err := s.iv.Recordings(r.Context(), sess)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"recordings": recs})
	return nil
}

// apiRecordingDelete deletes a recording with its transcript, or with
// ?audio_only=1 its audio alone.
func (s *Server) apiRecordingDelete(w http.ResponseWriter, r *http.Request) error {
	all := !boolParam(r, "audio_only")
	if err := s.iv.DeleteRecording(r.Context(), r.PathValue("id"), callerOwner(r), r.PathValue("rid"), all); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "deleted"})
	return nil
}

// recordingAudio serves a kept recording's audio, for playing it back.
func (s *Server) recordingAudio(w http.ResponseWriter, r *http.Request) error {
	audio, format, err := s.iv.RecordingAudio(r.Context(), r.PathValue("id"), callerOwner(r), r.PathValue("rid"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", format.MIME())
	w.Header().Set("Cache-Control", "private, no-store")
	http.ServeContent(w, r, "answer"+format.Ext(), time.Time{}, bytes.NewReader(audio))
	return nil
}

// sessionRecordingUpload takes a recording file from a plain form (no
// JavaScript needed), saves it and queues it; the page then shows its
// progress and, once transcribed, puts the text in the answer box.
func (s *Server) sessionRecordingUpload(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	lim := s.iv.AudioLimits()
	r.Body = http.MaxBytesReader(w, r.Body, lim.MaxBytes+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return rehearse.Errorf(rehearse.ErrInvalid, "send the recording as a file from the upload form")
	}
	in := interview.NewRecording{Final: true, Transcribe: true}
	found := false
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rehearse.Errorf(rehearse.ErrInvalid, "the upload did not arrive whole: %v", err)
		}
		switch p.FormName() {
		case "keep":
			in.Keep = true
		case "audio":
			if p.FileName() == "" {
				continue
			}
			data, cut, err := s.recordingBody(w, p, 0)
			if err != nil {
				return err
			}
			if cut {
				return rehearse.Errorf(rehearse.ErrInvalid, "the upload was cut off; choose the file and upload it again")
			}
			in.Audio, found = data, true
		}
	}
	if !found {
		return rehearse.Errorf(rehearse.ErrInvalid, "choose a recording to upload (%s)", speech.AcceptedFormats)
	}
	if _, err := s.iv.StartRecording(r.Context(), id, callerOwner(r), in); err != nil {
		return withSessionLinks(err)
	}
	http.Redirect(w, r, "/sessions/"+id+"#recordings", http.StatusSeeOther)
	return nil
}

// sessionRecordingDelete deletes from a plain form: what=audio deletes
// the audio alone; back=report returns to the report.
func (s *Server) sessionRecordingDelete(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.iv.DeleteRecording(r.Context(), id, callerOwner(r), r.PathValue("rid"), r.PostForm.Get("what") != "audio"); err != nil {
		return withSessionLinks(err)
	}
	http.Redirect(w, r, backTo(id, r.PostForm.Get("back")), http.StatusSeeOther)
	return nil
}

func (s *Server) sessionRecordingRetry(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := s.iv.RetryRecording(r.Context(), id, callerOwner(r), r.PathValue("rid")); err != nil {
		return withSessionLinks(err)
	}
	http.Redirect(w, r, "/sessions/"+id+"#recordings", http.StatusSeeOther)
	return nil
}

func backTo(id, where string) string {
	if where == "report" {
		return "/sessions/" + id + "/report#recordings"
	}
	return "/sessions/" + id + "#recordings"
}

// reportZip is the Markdown export with the kept recordings beside it, for
// a candidate who asks for the audio too.
func (s *Server) reportZip(w http.ResponseWriter, r *http.Request, res *interview.Results) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, b []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: res.Session.Updated})
		if err != nil {
			return err
		}
		_, err = f.Write(b)
		return err
	}
	if err := add("rehearse-"+res.Session.ID+".md", []byte(interview.Markdown(res))); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for i, rec := range res.Recordings {
		if !rec.HasAudio {
			continue
		}
		audio, format, err := s.iv.RecordingAudio(r.Context(), res.Session.ID, callerOwner(r), rec.ID)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("recordings/%02d-round%d-question%d%s", i+1, rec.Round+1, rec.Question+1, format.Ext())
		if err := add(name, audio); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="rehearse-%s.zip"`, res.Session.ID))
	_, err := w.Write(buf.Bytes())
	return err
}
