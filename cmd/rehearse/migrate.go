package main

import (
	"context"
	"fmt"
)

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "migrate", "[--data DIR] [--status]", "Bring the database in the data directory up to the schema this binary needs.\nMigrations only move forward; a database from a newer rehearse is left untouched.\n`serve` applies pending migrations too, so this is for operators who want to do it on their own schedule.")
	dataDir := dataDirFlag(fs, e)
	statusOnly := fs.Bool("status", false, "only report the current and latest schema versions")
	if err := parseFlags(e, fs, args); err != nil {
		return helpOK(err)
	}
	db, err := openDB(ctx, *dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Status(ctx)
	if err != nil {
		return err
	}
	if *statusOnly {
		fmt.Fprintf(e.stdout, "database %s: schema version %d of %d", dbPath(*dataDir), st.Current, st.Latest)
		if len(st.Pending) > 0 {
			fmt.Fprintf(e.stdout, " (%d pending: run rehearse migrate)", len(st.Pending))
		}
		fmt.Fprintln(e.stdout)
		return nil
	}
	applied, err := db.Migrate(ctx)
	for _, m := range applied {
		fmt.Fprintf(e.stdout, "applied %04d %s\n", m.Version, m.Name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database %s is at schema version %d (latest)\n", dbPath(*dataDir), st.Latest)
	return nil
}
