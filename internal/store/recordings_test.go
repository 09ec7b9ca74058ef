package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
)

func sessionForRecordings(t *testing.T, db *DB) *rehearse.Session {
	t.Helper()
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	s := &rehearse.Session{ID: "s1", Kind: rehearse.OneQuestion, Mode: rehearse.Practice, Owner: "o", Title: "T", Status: rehearse.Active, Created: now, Updated: now,
		Rounds: []rehearse.SessionRound{{Index: 0, Stage: "Practice", RoundID: "behavioral", Type: rehearse.RoundBehavioral, Name: "Behavioral", Minutes: 10, Questions: []string{"q"}, Status: rehearse.Active}}}
	if err := db.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Audio arrives in chunks; a resent chunk is stored once, a gap or the
// size limit is refused and what arrived stays.
func TestRecordingChunks(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	s := sessionForRecordings(t, db)
	r := &rehearse.Recording{ID: "r1", Session: s.ID, Format: "webm", Source: "server", Status: rehearse.Receiving}
	if err := db.CreateRecording(ctx, r, []byte("abc")); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		offset int64
		chunk  string
		want   int64
		kind   error
	}{
		{"next chunk", 3, "def", 6, nil},
		{"the same chunk again", 3, "def", 6, nil},
		{"a gap", 9, "xyz", 6, rehearse.ErrConflict},
		{"an overlap", 4, "efgh", 6, rehearse.ErrConflict},
		{"over the limit", 6, "ghijk", 6, rehearse.ErrTooLarge},
		{"up to the limit", 6, "ghij", 10, nil},
	}
	for _, st := range steps {
		got, err := db.AppendAudio(ctx, "r1", st.offset, []byte(st.chunk), 10)
		if st.kind == nil && err != nil || st.kind != nil && !errors.Is(err, st.kind) {
			t.Errorf("%s: err = %v, want kind %v", st.name, err, st.kind)
		}
		if got != st.want {
			t.Errorf("%s: stored %d bytes, want %d", st.name, got, st.want)
		}
	}
	audio, err := db.Audio(ctx, "r1")
	if err != nil || string(audio) != "abcdefghij" {
		t.Fatalf("audio = %q, %v", audio, err)
	}
	got, err := db.Recording(ctx, "r1")
	if err != nil || got.Bytes != 10 || !got.HasAudio || got.Status != rehearse.Receiving {
		t.Fatalf("recording = %+v, %v", got, err)
	}

	// Once queued it takes no more audio.
	q := rehearse.Queued
	done := true
	if err := db.UpdateRecording(ctx, "r1", rehearse.RecordingUpdate{Status: &q, Complete: &done}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AppendAudio(ctx, "r1", 10, []byte("k"), 100); !errors.Is(err, rehearse.ErrConflict) {
		t.Errorf("append after queueing: %v, want a conflict", err)
	}
	if _, err := db.AppendAudio(ctx, "nope", 0, []byte("k"), 100); !errors.Is(err, rehearse.ErrNotFound) {
		t.Errorf("append to an unknown recording: %v", err)
	}
}

// The recordings table is the transcription queue: oldest first, one
// claim each, and a restart puts interrupted work back.
func TestRecordingQueue(t *testing.T) {
	db, c := openTest(t)
	ctx := context.Background()
	s := sessionForRecordings(t, db)
	for _, id := range []string{"a", "b"} {
		c.t = c.t.Add(time.Second)
		if err := db.CreateRecording(ctx, &rehearse.Recording{ID: id, Session: s.ID, Format: "wav", Status: rehearse.Queued, Complete: true}, []byte("RIFF")); err != nil {
			t.Fatal(err)
		}
	}
	first, err := db.ClaimRecording(ctx, "")
	if err != nil || first == nil || first.ID != "a" || first.Status != rehearse.Transcribing || first.Attempts != 1 {
		t.Fatalf("first claim = %+v, %v", first, err)
	}
	second, err := db.ClaimRecording(ctx, "b")
	if err != nil || second == nil || second.ID != "b" {
		t.Fatalf("claim b = %+v, %v", second, err)
	}
	if none, err := db.ClaimRecording(ctx, ""); err != nil || none != nil {
		t.Fatalf("a third claim = %+v, %v; want none", none, err)
	}
	n, err := db.RequeueInterrupted(ctx)
	if err != nil || n != 2 {
		t.Fatalf("requeued %d, %v; want 2", n, err)
	}
	again, err := db.ClaimRecording(ctx, "")
	if err != nil || again == nil || again.ID != "a" || again.Attempts != 2 {
		t.Fatalf("claim after requeue = %+v, %v", again, err)
	}
}

// Deleting audio keeps the transcript; deleting the recording or its
// session removes everything.
func TestRecordingDelete(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	s := sessionForRecordings(t, db)
	for _, id := range []string{"a", "b"} {
		if err := db.CreateRecording(ctx, &rehearse.Recording{ID: id, Session: s.ID, Format: "wav", Status: rehearse.Transcribed, Transcript: []byte(`{"text":"hi"}`)}, []byte("RIFF....")); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.DropAudio(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	a, err := db.Recording(ctx, "a")
	if err != nil || a.HasAudio || string(a.Transcript) != `{"text":"hi"}` {
		t.Fatalf("after dropping audio: %+v, %v", a, err)
	}
	if audio, _ := db.Audio(ctx, "a"); audio != nil {
		t.Errorf("audio still stored: %q", audio)
	}
	if err := db.DeleteRecording(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Recording(ctx, "a"); !errors.Is(err, rehearse.ErrNotFound) {
		t.Errorf("deleted recording still found: %v", err)
	}
	if err := db.CreateRecording(ctx, &rehearse.Recording{ID: "c", Session: "no-such-session", Status: rehearse.Queued}, nil); !errors.Is(err, rehearse.ErrNotFound) {
		t.Errorf("recording for an unknown session: %v", err)
	}
	if err := db.DeleteSession(ctx, s.ID, s.Owner); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM recordings) + (SELECT COUNT(*) FROM recording_audio)`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d recording rows left after deleting the session (%v)", n, err)
	}
}
