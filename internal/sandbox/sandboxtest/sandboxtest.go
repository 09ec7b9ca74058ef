// Package sandboxtest has helpers for tests that check what runs in the
// sandbox leave behind.
package sandboxtest

import (
	"os"
	"path/filepath"
)

// EmptyRunDir reports whether dir holds nothing but an empty work and an
// empty tmp: a slot's run tmpfs, made ahead for its next run.
func EmptyRunDir(dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) != 2 {
		return false
	}
	for _, sub := range []string{"work", "tmp"} {
		if ents, err := os.ReadDir(filepath.Join(dir, sub)); err != nil || len(ents) > 0 {
			return false
		}
	}
	return true
}
