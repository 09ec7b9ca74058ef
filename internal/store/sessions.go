package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
)

const timeFormat = time.RFC3339Nano

// CreateSession stores a new session with its rounds and any first turns.
func (d *DB) CreateSession(ctx context.Context, s *rehearse.Session) error {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO sessions
		(id, owner, kind, mode, title, company, role, loop_id, status, round_idx, question_idx, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		s.ID, s.Owner, s.Kind, s.Mode, s.Title, s.Company, s.Role, s.Loop, s.Status, s.Round, s.Question,
		s.Created.UTC().Format(timeFormat), s.Updated.UTC().Format(timeFormat)); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	for _, r := range s.Rounds {
		qs, _ := json.Marshal(r.Questions)
		if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO session_rounds
			(session_id, idx, stage, round_id, type, name, minutes, questions, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			s.ID, r.Index, r.Stage, r.RoundID, r.Type, r.Name, r.Minutes, string(qs), r.Status); err != nil {
			return fmt.Errorf("create session round %d: %w", r.Index, err)
		}
	}
	for i, t := range s.Turns {
		t.Seq = i + 1
		if err := d.insertTurn(ctx, tx, s.ID, t); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

func (d *DB) insertTurn(ctx context.Context, tx *sql.Tx, sid string, t rehearse.Turn) error {
	var client any
	if t.ClientID != "" {
		client = t.ClientID
	}
	if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO turns
		(session_id, seq, round_idx, question_idx, role, kind, text, key_point, deeper, client_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		sid, t.Seq, t.Round, t.Question, t.Role, t.Kind, t.Text, t.KeyPoint, t.Deeper, client, t.At.UTC().Format(timeFormat)); err != nil {
		return fmt.Errorf("save turn %d: %w", t.Seq, err)
	}
	return nil
}

// Session loads a session with its rounds and turns. An unknown id, or a
// session that belongs to another owner, is ErrNotFound: the caller cannot
// tell the two apart.
func (d *DB) Session(ctx context.Context, id, owner string) (*rehearse.Session, error) {
	s := &rehearse.Session{ID: id}
	var created, updated string
	err := d.db.QueryRowContext(ctx, d.rebind(`SELECT owner, kind, mode, title, company, role, loop_id, status, round_idx, question_idx, created_at, updated_at
		FROM sessions WHERE id = ?`), id).Scan(&s.Owner, &s.Kind, &s.Mode, &s.Title, &s.Company, &s.Role, &s.Loop, &s.Status, &s.Round, &s.Question, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != "" && s.Owner != owner) {
		return nil, rehearse.Errorf(rehearse.ErrNotFound, "no session %q", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load session %s: %w", id, err)
	}
	s.Created, _ = time.Parse(timeFormat, created)
	s.Updated, _ = time.Parse(timeFormat, updated)
	if s.Rounds, err = d.rounds(ctx, id); err != nil {
		return nil, err
	}
	if s.Turns, err = d.turns(ctx, id); err != nil {
		return nil, err
	}
	return s, nil
}

func (d *DB) rounds(ctx context.Context, id string) ([]rehearse.SessionRound, error) {
	rows, err := d.db.QueryContext(ctx, d.rebind(`SELECT idx, stage, round_id, type, name, minutes, questions, status, notes, report
		FROM session_rounds WHERE session_id = ? ORDER BY idx`), id)
	if err != nil {
		return nil, fmt.Errorf("load rounds of %s: %w", id, err)
	}
	defer rows.Close()
	var out []rehearse.SessionRound
	for rows.Next() {
		var r rehearse.SessionRound
		var qs string
		var report sql.NullString
		if err := rows.Scan(&r.Index, &r.Stage, &r.RoundID, &r.Type, &r.Name, &r.Minutes, &qs, &r.Status, &r.Notes, &report); err != nil {
			return nil, fmt.Errorf("load rounds of %s: %w", id, err)
		}
		if err := json.Unmarshal([]byte(qs), &r.Questions); err != nil {
			return nil, fmt.Errorf("load rounds of %s: questions: %w", id, err)
		}
		if report.Valid {
			r.Report = []byte(report.String)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (d *DB) turns(ctx context.Context, id string) ([]rehearse.Turn, error) {
	rows, err := d.db.QueryContext(ctx, d.rebind(`SELECT seq, round_idx, question_idx, role, kind, text, key_point, deeper, COALESCE(client_id, ''), created_at
		FROM turns WHERE session_id = ? ORDER BY seq`), id)
	if err != nil {
		return nil, fmt.Errorf("load turns of %s: %w", id, err)
	}
	defer rows.Close()
	var out []rehearse.Turn
	for rows.Next() {
		var t rehearse.Turn
		var at string
		if err := rows.Scan(&t.Seq, &t.Round, &t.Question, &t.Role, &t.Kind, &t.Text, &t.KeyPoint, &t.Deeper, &t.ClientID, &at); err != nil {
			return nil, fmt.Errorf("load turns of %s: %w", id, err)
		}
		t.At, _ = time.Parse(timeFormat, at)
		out = append(out, t)
	}
	return out, rows.Err()
}

// ErrDuplicate means a candidate turn with this client id is already
// saved. It is a kind of rehearse.ErrConflict.
var ErrDuplicate = rehearse.Errorf(rehearse.ErrConflict, "this answer was already saved")

// Save applies p to session id. A candidate turn whose client id is already
// stored makes Save return ErrDuplicate and change nothing, so a re-sent
// answer is stored once. It returns the turns as saved, with their Seq.
func (d *DB) Save(ctx context.Context, id string, p rehearse.SessionUpdate) ([]rehearse.Turn, error) {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("save session %s: %w", id, err)
	}
	defer tx.Rollback()
	var next int
	if err := tx.QueryRowContext(ctx, d.rebind(`SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE session_id = ?`), id).Scan(&next); err != nil {
		return nil, fmt.Errorf("save session %s: %w", id, err)
	}
	saved := make([]rehearse.Turn, 0, len(p.Turns))
	for _, t := range p.Turns {
		if t.ClientID != "" {
			var n int
			if err := tx.QueryRowContext(ctx, d.rebind(`SELECT COUNT(*) FROM turns WHERE session_id = ? AND client_id = ?`), id, t.ClientID).Scan(&n); err != nil {
				return nil, fmt.Errorf("save session %s: %w", id, err)
			}
			if n > 0 {
				return nil, ErrDuplicate
			}
		}
		t.Seq = next
		next++
		if err := d.insertTurn(ctx, tx, id, t); err != nil {
			return nil, err
		}
		saved = append(saved, t)
	}
	now := d.now().UTC().Format(timeFormat)
	res, err := tx.ExecContext(ctx, d.rebind(`UPDATE sessions SET status = ?, round_idx = ?, question_idx = ?, updated_at = ?,
		debrief = COALESCE(?, debrief) WHERE id = ?`), p.Status, p.Round, p.Question, now, nullBytes(p.Debrief), id)
	if err != nil {
		return nil, fmt.Errorf("save session %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, rehearse.Errorf(rehearse.ErrNotFound, "no session %q", id)
	}
	for _, r := range p.Rounds {
		if r.Status != "" {
			if _, err := tx.ExecContext(ctx, d.rebind(`UPDATE session_rounds SET status = ? WHERE session_id = ? AND idx = ?`), r.Status, id, r.Index); err != nil {
				return nil, fmt.Errorf("save round %d: %w", r.Index, err)
			}
		}
		if r.Report != nil {
			if _, err := tx.ExecContext(ctx, d.rebind(`UPDATE session_rounds SET report = ? WHERE session_id = ? AND idx = ?`), string(r.Report), id, r.Index); err != nil {
				return nil, fmt.Errorf("save round %d: %w", r.Index, err)
			}
		}
		if r.Notes != nil {
			if _, err := tx.ExecContext(ctx, d.rebind(`UPDATE session_rounds SET notes = ? WHERE session_id = ? AND idx = ?`), *r.Notes, id, r.Index); err != nil {
				return nil, fmt.Errorf("save round %d: %w", r.Index, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("save session %s: %w", id, err)
	}
	return saved, nil
}

func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// Debrief returns the stored loop debrief JSON of a session, nil if none.
func (d *DB) Debrief(ctx context.Context, id string) ([]byte, error) {
	var s sql.NullString
	if err := d.db.QueryRowContext(ctx, d.rebind(`SELECT debrief FROM sessions WHERE id = ?`), id).Scan(&s); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, rehearse.Errorf(rehearse.ErrNotFound, "no session %q", id)
		}
		return nil, fmt.Errorf("load debrief of %s: %w", id, err)
	}
	if !s.Valid {
		return nil, nil
	}
	return []byte(s.String), nil
}

// Sessions lists an owner's sessions, newest first, with their rounds but
// not their turns.
func (d *DB) Sessions(ctx context.Context, owner string) ([]*rehearse.Session, error) {
	rows, err := d.db.QueryContext(ctx, d.rebind(`SELECT id, kind, mode, title, company, role, loop_id, status, round_idx, question_idx, created_at, updated_at
		FROM sessions WHERE owner = ? ORDER BY created_at DESC`), owner)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	var out []*rehearse.Session
	for rows.Next() {
		s := &rehearse.Session{Owner: owner}
		var created, updated string
		if err := rows.Scan(&s.ID, &s.Kind, &s.Mode, &s.Title, &s.Company, &s.Role, &s.Loop, &s.Status, &s.Round, &s.Question, &created, &updated); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		s.Created, _ = time.Parse(timeFormat, created)
		s.Updated, _ = time.Parse(timeFormat, updated)
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	for _, s := range out {
		if s.Rounds, err = d.rounds(ctx, s.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeleteSession removes a session, its rounds and turns. Deleting really
// deletes: the rows are gone, not flagged.
func (d *DB) DeleteSession(ctx context.Context, id, owner string) error {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	res, err := d.db.ExecContext(ctx, d.rebind(`DELETE FROM sessions WHERE id = ? AND owner = ?`), id, owner)
	if err != nil {
		return fmt.Errorf("delete session %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return rehearse.Errorf(rehearse.ErrNotFound, "no session %q", id)
	}
	return nil
}
