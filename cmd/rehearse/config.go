package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rehearse/rehearse/internal/content"
	"github.com/rehearse/rehearse/internal/grading"
	"github.com/rehearse/rehearse/internal/interview"
	"github.com/rehearse/rehearse/internal/interviewer"
	"github.com/rehearse/rehearse/internal/store"
	"github.com/rehearse/rehearse/packs"
)

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// dataDirFlag registers --data with its environment default.
func dataDirFlag(fs *flag.FlagSet, e *env) *string {
	return fs.String("data", defaultDataDir(e.getenv), "directory for the database and other data; created if missing (env REHEARSE_DATA_DIR)")
}

// defaultDataDir follows REHEARSE_DATA_DIR, then the XDG base directory
// convention, then ./rehearse-data.
func defaultDataDir(getenv func(string) string) string {
	if d := getenv("REHEARSE_DATA_DIR"); d != "" {
		return d
	}
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "rehearse")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "rehearse")
	}
	return "rehearse-data"
}

// prepareDataDir creates dir and checks it is writable, so a bad directory
// fails with one clear message before anything else happens.
func prepareDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("data directory %s cannot be created: %w; pass --data DIR or set REHEARSE_DATA_DIR to a writable directory", dir, errors.Unwrap(err))
	}
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("data directory %s is not writable: %w; pass --data DIR or set REHEARSE_DATA_DIR to a writable directory", dir, errors.Unwrap(err))
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// embeddedSource names the built-in packs in messages.
const embeddedSource = "packs"

func dbPath(dataDir string) string { return filepath.Join(dataDir, "rehearse.db") }

// openDB checks the data directory and opens the database in it, without
// migrating.
func openDB(ctx context.Context, dataDir string) (*store.DB, error) {
	if err := prepareDataDir(dataDir); err != nil {
		return nil, err
	}
	return store.OpenSQLite(ctx, dbPath(dataDir), time.Now)
}

// packSources returns the built-in packs (unless builtin is false) followed
// by a source for each directory, opened through os.Root so a pack's symlinks
// cannot reach outside its directory. With overlay, a directory's pack
// replaces the built-in pack of the same id (for checking an edited copy);
// without it, the clash is reported as a duplicate.
func packSources(dirs []string, builtin, overlay bool) ([]content.Source, func(), error) {
	var srcs []content.Source
	var roots []*os.Root
	closeAll := func() {
		for _, r := range roots {
			r.Close()
		}
	}

	for _, d := range dirs {
		st, err := os.Stat(d)
		if err != nil {
			closeAll()
			return nil, nil, fmt.Errorf("pack directory %s: %w", d, errors.Unwrap(err))
		}
		if !st.IsDir() {
			closeAll()
			return nil, nil, fmt.Errorf("pack directory %s is a file; give the directory that holds pack.yaml", d)
		}
		root, err := os.OpenRoot(d)
		if err != nil {
			closeAll()
			return nil, nil, fmt.Errorf("pack directory %s: %w", d, err)
		}
		roots = append(roots, root)
		srcs = append(srcs, content.Source{Name: filepath.Clean(d), FS: root.FS()})
	}
	if builtin {
		embedded := content.Source{Name: embeddedSource, FS: packs.FS()}
		if overlay {
			var replaced []string
			for _, src := range srcs {
				replaced = append(replaced, content.PackIDs(src)...)
			}
			embedded = content.Without(embedded, replaced)
		}
		// When every built-in pack is being checked from disk, there is
		// nothing left to load beside them.
		if len(content.PackIDs(embedded)) > 0 {
			srcs = append([]content.Source{embedded}, srcs...)
		}
	}
	return srcs, closeAll, nil
}

// loadPacks loads and checks every pack, printing each problem.
func loadPacks(e *env, dirs []string, builtin bool) (*content.Library, error) {
	// The directories stay open for the life of the process: judged
	// problems are read from them when a candidate submits code.
	srcs, _, err := packSources(dirs, builtin, false)
	if err != nil {
		return nil, err
	}
	lib, err := content.Load(srcs...)
	var probs content.Problems
	if errors.As(err, &probs) {
		for _, p := range probs {
			fmt.Fprintln(e.stderr, p)
		}
		return nil, fmt.Errorf("%d problem(s) in content packs (listed above); fix them, and check a pack with: rehearse content lint DIR", len(probs))
	}
	return lib, err
}

// app is what serve and practice share: the checked packs, the migrated
// database and the interview service over them.
type app struct {
	lib     *content.Library
	db      *store.DB
	svc     *interview.Service
	applied []store.Migration // migrations applied while opening
}

// openApp loads the packs, opens and migrates the database in dataDir and
// builds the built-in interviewer. The caller closes a.db.
func openApp(ctx context.Context, e *env, dataDir string, packDirs []string) (*app, error) {
	lib, err := loadPacks(e, packDirs, true)
	if err != nil {
		return nil, err
	}
	db, err := openDB(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	grader := grading.NewEngine(lib.Questions())
	svc := interview.New(lib, db, interviewer.NewRubric(grader), grader, time.Now)
	return &app{lib: lib, db: db, svc: svc, applied: applied}, nil
}
