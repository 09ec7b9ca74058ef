//go:build !linux

package sandbox

func seccompAvailable() bool { return false }
func landlockABI() int       { return 0 }
