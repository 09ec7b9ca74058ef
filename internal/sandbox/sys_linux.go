//go:build linux

package sandbox

import (
	"golang.org/x/sys/unix"
)

func seccompAvailable() bool {
	// PR_GET_SECCOMP fails with EINVAL on kernels built without seccomp.
	_, err := unix.PrctlRetInt(unix.PR_GET_SECCOMP, 0, 0, 0, 0)
	return err == nil
}

func landlockABI() int {
	v, _, errno := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, 0, 0, unix.LANDLOCK_CREATE_RULESET_VERSION)
	if errno != 0 {
		return 0
	}
	return int(v)
}
