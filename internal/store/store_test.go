package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// clock is a settable time source.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func openTest(t *testing.T) (*DB, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	db, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "data", "rehearse.db"), c.now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, c
}

func TestOpenSetsPragmas(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000"} {
		var got string
		if err := db.db.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
}

func TestMigrate(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	st, err := db.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Current != 0 || len(st.Pending) != st.Latest || st.Latest == 0 {
		t.Fatalf("new database status = %+v, want version 0 with every migration pending", st)
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != st.Latest {
		t.Errorf("applied %d migrations, want %d", len(applied), st.Latest)
	}
	again, err := db.Migrate(ctx)
	if err != nil || len(again) != 0 {
		t.Errorf("second migrate applied %d (err %v), want none", len(again), err)
	}
	st, err = db.Status(ctx)
	if err != nil || st.Current != st.Latest || len(st.Pending) != 0 {
		t.Errorf("after migrate: %+v, %v", st, err)
	}
}

// A database touched by a newer Rehearse is refused, and nothing in it is
// changed.
func TestNewerSchemaIsRefusedUntouched(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordPacks(ctx, []rehearse.Pack{{ID: "core", Version: "1", Source: "packs"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (99, 'future', 'x')`); err != nil {
		t.Fatal(err)
	}
	_, err := db.Migrate(ctx)
	if !errors.Is(err, ErrSchemaNewer) {
		t.Fatalf("Migrate on a newer database: %v, want ErrSchemaNewer", err)
	}
	packs, err := db.Packs(ctx)
	if err != nil || len(packs) != 1 {
		t.Errorf("packs after refused migrate = %v, %v; want the one saved", packs, err)
	}
}

func TestRecordPacks(t *testing.T) {
	db, clk := openTest(t)
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	first := clk.t
	if err := db.RecordPacks(ctx, []rehearse.Pack{{ID: "microsoft", Version: "1", Source: "packs"}}); err != nil {
		t.Fatal(err)
	}
	clk.t = clk.t.Add(48 * time.Hour)
	if err := db.RecordPacks(ctx, []rehearse.Pack{{ID: "microsoft", Version: "2", Source: "packs"}, {ID: "mine", Version: "1", Source: "/srv/packs"}}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Packs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []PackRecord{
		{Pack: rehearse.Pack{ID: "microsoft", Version: "2", Source: "packs"}, FirstSeen: first, LastSeen: clk.t},
		{Pack: rehearse.Pack{ID: "mine", Version: "1", Source: "/srv/packs"}, FirstSeen: clk.t, LastSeen: clk.t},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("packs (-want +got):\n%s", diff)
	}
}

func TestRebind(t *testing.T) {
	pg := &DB{dialect: "postgres"}
	if got := pg.rebind("SELECT ? WHERE a = ? AND b = ?"); got != "SELECT $1 WHERE a = $2 AND b = $3" {
		t.Errorf("postgres rebind = %q", got)
	}
	lite := &DB{dialect: "sqlite"}
	if got := lite.rebind("SELECT ?"); got != "SELECT ?" {
		t.Errorf("sqlite rebind = %q", got)
	}
}
