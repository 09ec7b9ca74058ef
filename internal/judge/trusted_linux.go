package judge

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes cmd get SIGKILL if the server dies first (even by
// SIGKILL), so that a killed server leaves no toolchain build running.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
