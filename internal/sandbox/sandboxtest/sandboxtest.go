// Package sandboxtest has helpers for tests that check what runs in the
// sandbox leave behind.
package sandboxtest

import (
	"os"
	"path/filepath"
	"strconv"
	"time"
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

// TimeScale is REHEARSE_TEST_TIME_SCALE (a whole number, 1 when unset):
// tests multiply their programs' CPU and wall limits by it, so that the
// suites can run where everything is slower, such as in an emulated
// virtual machine (scripts/cgroup2-vm), and still mean what they say.
func TimeScale() time.Duration {
	n, err := strconv.Atoi(os.Getenv("REHEARSE_TEST_TIME_SCALE"))
	if err != nil || n < 1 {
		return 1
	}
	return time.Duration(n)
}
