package store

import (
	"context"
	"fmt"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// PackRecord is what the database remembers about a pack it has served.
type PackRecord struct {
	rehearse.Pack
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// RecordPacks notes that these packs are being served now: new packs are
// added, known ones get their version, source and last-seen time updated.
func (d *DB) RecordPacks(ctx context.Context, packs []rehearse.Pack) error {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	now := d.now().UTC().Format(time.RFC3339)
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record packs: %w", err)
	}
	defer tx.Rollback()
	for _, p := range packs {
		if _, err := tx.ExecContext(ctx, d.rebind(`
			INSERT INTO packs (id, version, source, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET version = excluded.version, source = excluded.source, last_seen = excluded.last_seen`),
			p.ID, p.Version, p.Source, now, now); err != nil {
			return fmt.Errorf("record pack %s: %w", p.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record packs: %w", err)
	}
	return nil
}

// Packs lists every pack the database has seen, by id.
func (d *DB) Packs(ctx context.Context) ([]PackRecord, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, version, source, first_seen, last_seen FROM packs ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list packs: %w", err)
	}
	defer rows.Close()
	var out []PackRecord
	for rows.Next() {
		var r PackRecord
		var first, last string
		if err := rows.Scan(&r.ID, &r.Version, &r.Source, &first, &last); err != nil {
			return nil, fmt.Errorf("list packs: %w", err)
		}
		if r.FirstSeen, err = time.Parse(time.RFC3339, first); err != nil {
			return nil, fmt.Errorf("list packs: pack %s: first_seen: %w", r.ID, err)
		}
		if r.LastSeen, err = time.Parse(time.RFC3339, last); err != nil {
			return nil, fmt.Errorf("list packs: pack %s: last_seen: %w", r.ID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list packs: %w", err)
	}
	return out, nil
}
