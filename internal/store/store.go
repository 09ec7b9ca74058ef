// Package store keeps Rehearse's data in SQL databases through database/sql:
// SQLite (pure Go, the default) now, PostgreSQL behind the same methods
// later. Callers see domain types and rehearse error kinds, never driver
// errors.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/rehearse/rehearse/internal/rehearse"
)

//go:embed migrations
var migrationFiles embed.FS

// ErrSchemaNewer means the database was migrated by a newer Rehearse.
var ErrSchemaNewer = errors.New("database schema is newer than this program")

// DB is an open database.
type DB struct {
	db *sql.DB
	// writeMu serialises write transactions in this process. SQLite allows
	// one writer at a time; waiting here in order is much fairer than
	// SQLite's busy handler, which sleeps and retries and gives a long tail
	// under load.
	writeMu sync.Mutex
	dialect string
	where   string // the file or server, for messages
	now     func() time.Time
}

// OpenSQLite opens (creating if needed) the SQLite database at path with
// WAL, foreign keys and a busy timeout. It does not migrate.
func OpenSQLite(ctx context.Context, path string, now func() time.Time) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(5000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// WAL is a property of the file; check that it took, since a read-only
	// directory silently leaves the old mode.
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if !strings.EqualFold(mode, "wal") {
		db.Close()
		return nil, fmt.Errorf("open database %s: journal mode is %q, not WAL; is the directory writable?", path, mode)
	}
	return &DB{db: db, dialect: "sqlite", where: path, now: now}, nil
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Ping checks the database answers.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.db.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w: %w", rehearse.ErrUnavailable, err)
	}
	return nil
}

// Migration is one forward-only schema change.
type Migration struct {
	Version int
	Name    string
	sql     string
}

// Migrations lists this program's migrations for the database's dialect,
// in order.
func (d *DB) Migrations() ([]Migration, error) {
	dir := "migrations/" + d.dialect
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".sql")
		num, label, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s: name must be NNNN_label.sql", e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, dir+"/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, Migration{Version: v, Name: label, sql: string(body)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migrations must be numbered 1, 2, 3…; found %d at position %d", m.Version, i+1)
		}
	}
	return ms, nil
}

// SchemaStatus says where the database stands against this program.
type SchemaStatus struct {
	Current int         // highest applied version, 0 for a new database
	Latest  int         // highest version this program knows
	Pending []Migration // known but not applied
}

// Status reads the applied schema version. It returns ErrSchemaNewer when
// the database is ahead of this program.
func (d *DB) Status(ctx context.Context) (SchemaStatus, error) {
	ms, err := d.Migrations()
	if err != nil {
		return SchemaStatus{}, err
	}
	st := SchemaStatus{Latest: len(ms)}
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return st, fmt.Errorf("read schema version from %s: %w", d.where, err)
	}
	if err := d.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&st.Current); err != nil {
		return st, fmt.Errorf("read schema version from %s: %w", d.where, err)
	}
	if st.Current > st.Latest {
		return st, fmt.Errorf("%w: %s is at schema version %d but this rehearse knows only up to %d; run a newer rehearse (nothing was changed)", ErrSchemaNewer, d.where, st.Current, st.Latest)
	}
	st.Pending = ms[st.Current:]
	return st, nil
}

// Migrate applies every pending migration, each in its own transaction, and
// returns the ones it applied.
func (d *DB) Migrate(ctx context.Context) ([]Migration, error) {
	st, err := d.Status(ctx)
	if err != nil {
		return nil, err
	}
	var done []Migration
	for _, m := range st.Pending {
		if err := d.apply(ctx, m); err != nil {
			return done, err
		}
		done = append(done, m)
	}
	return done, nil
}

func (d *DB) apply(ctx context.Context, m Migration) error {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate to %d: %w", m.Version, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migrate to %d (%s): %w", m.Version, m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
		m.Version, m.Name, d.now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("migrate to %d: record version: %w", m.Version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate to %d: %w", m.Version, err)
	}
	return nil
}

// rebind turns ? placeholders into the dialect's own ($1, $2 … for
// PostgreSQL), so queries are written once.
func (d *DB) rebind(q string) string {
	if d.dialect != "postgres" {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
