package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
)

const recordingColumns = `id, session_id, round_idx, question_idx, format, bytes, has_audio, keep, complete, source, status,
	error, error_kind, retryable, transcript, attempts, COALESCE(turn_seq, 0), created_at, updated_at`

func scanRecording(sc interface{ Scan(...any) error }) (*rehearse.Recording, error) {
	var r rehearse.Recording
	var transcript sql.NullString
	var created, updated string
	if err := sc.Scan(&r.ID, &r.Session, &r.Round, &r.Question, &r.Format, &r.Bytes, &r.HasAudio, &r.Keep, &r.Complete, &r.Source, &r.Status,
		&r.Error, &r.ErrorKind, &r.Retryable, &transcript, &r.Attempts, &r.TurnSeq, &created, &updated); err != nil {
		return nil, err
	}
	if transcript.Valid {
		r.Transcript = []byte(transcript.String)
	}
	r.Created, _ = time.Parse(timeFormat, created)
	r.Updated, _ = time.Parse(timeFormat, updated)
	return &r, nil
}

// CreateRecording stores a new recording and, in the same transaction, the
// first chunk of its audio (none for a recording without audio).
func (d *DB) CreateRecording(ctx context.Context, r *rehearse.Recording, first []byte) error {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create recording: %w", err)
	}
	defer tx.Rollback()
	now := d.now().UTC()
	r.Created, r.Updated = now, now
	r.Bytes = int64(len(first))
	r.HasAudio = len(first) > 0
	if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO recordings
		(id, session_id, round_idx, question_idx, format, bytes, has_audio, keep, complete, source, status, error, error_kind, retryable, transcript, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		r.ID, r.Session, r.Round, r.Question, r.Format, r.Bytes, r.HasAudio, r.Keep, r.Complete, r.Source, r.Status,
		r.Error, r.ErrorKind, r.Retryable, nullBytes(r.Transcript), now.Format(timeFormat), now.Format(timeFormat)); err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY") {
			return rehearse.Errorf(rehearse.ErrNotFound, "no session %q", r.Session)
		}
		return fmt.Errorf("create recording: %w", err)
	}
	if len(first) > 0 {
		if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO recording_audio (recording_id, seq, data) VALUES (?, 1, ?)`), r.ID, first); err != nil {
			return fmt.Errorf("create recording: audio: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create recording: %w", err)
	}
	return nil
}

// AppendAudio adds a chunk at byte offset of a recording still receiving
// audio and returns the bytes now stored. A chunk sent again (it ends at or
// before what is stored) changes nothing, so a client may resend after a
// lost reply; a gap or an overlap is ErrConflict. Going over maxBytes is
// ErrTooLarge and stores nothing of the chunk.
func (d *DB) AppendAudio(ctx context.Context, id string, offset int64, chunk []byte, maxBytes int64) (int64, error) {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("append audio: %w", err)
	}
	defer tx.Rollback()
	var status rehearse.RecordingStatus
	var stored int64
	err = tx.QueryRowContext(ctx, d.rebind(`SELECT status, bytes FROM recordings WHERE id = ?`), id).Scan(&status, &stored)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, rehearse.Errorf(rehearse.ErrNotFound, "no recording %q", id)
	}
	if err != nil {
		return 0, fmt.Errorf("append audio to %s: %w", id, err)
	}
	end := offset + int64(len(chunk))
	switch {
	case offset < stored && end <= stored:
		return stored, nil // a chunk sent again
	case status != rehearse.Receiving:
		return stored, rehearse.Errorf(rehearse.ErrConflict, "the recording is no longer receiving audio (it is %s)", status)
	case offset != stored:
		return stored, rehearse.Errorf(rehearse.ErrConflict, "audio is missing: the server has %d bytes of the recording, and this chunk starts at byte %d", stored, offset)
	case end > maxBytes:
		return stored, rehearse.Errorf(rehearse.ErrTooLarge, "the recording has reached the limit of %s per answer; what arrived (%s) is kept", sizeText(maxBytes), sizeText(stored))
	case len(chunk) == 0:
		return stored, nil
	}
	if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO recording_audio (recording_id, seq, data)
		VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM recording_audio WHERE recording_id = ?), ?)`), id, id, chunk); err != nil {
		return stored, fmt.Errorf("append audio to %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, d.rebind(`UPDATE recordings SET bytes = ?, has_audio = 1, updated_at = ? WHERE id = ?`),
		end, d.now().UTC().Format(timeFormat), id); err != nil {
		return stored, fmt.Errorf("append audio to %s: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return stored, fmt.Errorf("append audio to %s: %w", id, err)
	}
	return end, nil
}

// sizeText writes a byte count as the speech limits are written.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Audio returns a recording's audio as stored, all chunks in order; nil
// when none is stored.
func (d *DB) Audio(ctx context.Context, id string) ([]byte, error) {
	rows, err := d.db.QueryContext(ctx, d.rebind(`SELECT data FROM recording_audio WHERE recording_id = ? ORDER BY seq`), id)
	if err != nil {
		return nil, fmt.Errorf("read audio of %s: %w", id, err)
	}
	defer rows.Close()
	var out []byte
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, fmt.Errorf("read audio of %s: %w", id, err)
		}
		out = append(out, b...)
	}
	return out, rows.Err()
}

// Recording loads one recording (without its audio).
func (d *DB) Recording(ctx context.Context, id string) (*rehearse.Recording, error) {
	r, err := scanRecording(d.db.QueryRowContext(ctx, d.rebind(`SELECT `+recordingColumns+` FROM recordings WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rehearse.Errorf(rehearse.ErrNotFound, "no recording %q", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load recording %s: %w", id, err)
	}
	return r, nil
}

// Recordings lists a session's recordings, oldest first.
func (d *DB) Recordings(ctx context.Context, sessionID string) ([]rehearse.Recording, error) {
	rows, err := d.db.QueryContext(ctx, d.rebind(`SELECT `+recordingColumns+` FROM recordings WHERE session_id = ? ORDER BY created_at, id`), sessionID)
	if err != nil {
		return nil, fmt.Errorf("list recordings of %s: %w", sessionID, err)
	}
	defer rows.Close()
	var out []rehearse.Recording
	for rows.Next() {
		r, err := scanRecording(rows)
		if err != nil {
			return nil, fmt.Errorf("list recordings of %s: %w", sessionID, err)
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// UpdateRecording applies u to recording id.
func (d *DB) UpdateRecording(ctx context.Context, id string, u rehearse.RecordingUpdate) error {
	sets := []string{"updated_at = ?"}
	args := []any{d.now().UTC().Format(timeFormat)}
	set := func(col string, v any) {
		sets = append(sets, col+" = ?")
		args = append(args, v)
	}
	if u.Status != nil {
		set("status", *u.Status)
	}
	if u.Complete != nil {
		set("complete", *u.Complete)
	}
	if u.Error != nil {
		set("error", *u.Error)
	}
	if u.ErrorKind != nil {
		set("error_kind", *u.ErrorKind)
	}
	if u.Retryable != nil {
		set("retryable", *u.Retryable)
	}
	if u.Source != nil {
		set("source", *u.Source)
	}
	if u.Transcript != nil {
		set("transcript", string(u.Transcript))
	} else if u.ClearTranscript {
		set("transcript", nil)
	}
	if u.TurnSeq != nil {
		set("turn_seq", *u.TurnSeq)
	}
	if u.DropAudio {
		set("has_audio", 0)
	}
	args = append(args, id)
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("update recording %s: %w", id, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, d.rebind(`UPDATE recordings SET `+strings.Join(sets, ", ")+` WHERE id = ?`), args...)
	if err != nil {
		return fmt.Errorf("update recording %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return rehearse.Errorf(rehearse.ErrNotFound, "no recording %q", id)
	}
	if u.DropAudio {
		if _, err := tx.ExecContext(ctx, d.rebind(`DELETE FROM recording_audio WHERE recording_id = ?`), id); err != nil {
			return fmt.Errorf("update recording %s: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("update recording %s: %w", id, err)
	}
	return nil
}

// DropAudio deletes a recording's audio and keeps the rest of it.
func (d *DB) DropAudio(ctx context.Context, id string) error {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete audio of %s: %w", id, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, d.rebind(`DELETE FROM recording_audio WHERE recording_id = ?`), id); err != nil {
		return fmt.Errorf("delete audio of %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, d.rebind(`UPDATE recordings SET has_audio = 0, updated_at = ? WHERE id = ?`), d.now().UTC().Format(timeFormat), id); err != nil {
		return fmt.Errorf("delete audio of %s: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("delete audio of %s: %w", id, err)
	}
	return nil
}

// DeleteRecording removes a recording, its audio and its transcript.
func (d *DB) DeleteRecording(ctx context.Context, id string) error {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	res, err := d.db.ExecContext(ctx, d.rebind(`DELETE FROM recordings WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("delete recording %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return rehearse.Errorf(rehearse.ErrNotFound, "no recording %q", id)
	}
	return nil
}

// ClaimRecording marks a queued recording as transcribing and returns it:
// recording id, or the oldest queued one when id is "". It returns nil
// when there is none to claim.
func (d *DB) ClaimRecording(ctx context.Context, id string) (*rehearse.Recording, error) {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("claim recording: %w", err)
	}
	defer tx.Rollback()
	q := `SELECT ` + recordingColumns + ` FROM recordings WHERE status = ? ORDER BY created_at, id LIMIT 1`
	args := []any{rehearse.Queued}
	if id != "" {
		q = `SELECT ` + recordingColumns + ` FROM recordings WHERE status = ? AND id = ?`
		args = append(args, id)
	}
	r, err := scanRecording(tx.QueryRowContext(ctx, d.rebind(q), args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("claim recording: %w", err)
	}
	now := d.now().UTC()
	if _, err := tx.ExecContext(ctx, d.rebind(`UPDATE recordings SET status = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?`),
		rehearse.Transcribing, now.Format(timeFormat), r.ID); err != nil {
		return nil, fmt.Errorf("claim recording %s: %w", r.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("claim recording %s: %w", r.ID, err)
	}
	r.Status, r.Updated = rehearse.Transcribing, now
	r.Attempts++
	return r, nil
}

// RequeueInterrupted puts back in the queue the recordings a stopped
// server left transcribing, and returns how many there were.
func (d *DB) RequeueInterrupted(ctx context.Context) (int, error) {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	res, err := d.db.ExecContext(ctx, d.rebind(`UPDATE recordings SET status = ?, updated_at = ? WHERE status = ?`),
		rehearse.Queued, d.now().UTC().Format(timeFormat), rehearse.Transcribing)
	if err != nil {
		return 0, fmt.Errorf("requeue recordings: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
