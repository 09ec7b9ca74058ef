//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// Binary is an executable kept for many runs, such as a compiled
// submission run against each of its tests. It lives in a sealed memfd:
// each run gets it by descriptor and executes it from there, so it is
// written once, not into every run's work directory (a static binary of
// a megabyte, copied thirty times, costs more than the runs it serves).
// Nothing can change it once made, and no path to it exists in the
// sandbox.
type Binary struct {
	f    *os.File
	size int64
}

// NewBinary stores data as an executable for Spec.Binary. Close it when
// done (an os.File left open is closed when it is garbage collected).
func NewBinary(data []byte) (*Binary, error) {
	// MFD_EXEC asks for an executable memfd where the kernel (6.3 on)
	// might otherwise make it non-executable; older kernels refuse the
	// flag, and their memfds are executable anyway.
	fd, err := unix.MemfdCreate("program", unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING|unix.MFD_EXEC)
	if errors.Is(err, unix.EINVAL) {
		fd, err = unix.MemfdCreate("program", unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	}
	if err != nil {
		return nil, fmt.Errorf("sandbox: memfd: %w", err)
	}
	f := os.NewFile(uintptr(fd), "program")
	if _, err := f.Write(data); err != nil {
		f.Close()
		return nil, fmt.Errorf("sandbox: memfd: %w", err)
	}
	// Readable and executable by every slot's user, writable by nobody,
	// and sealed so that not even its owner can change it.
	if err := f.Chmod(0o555); err != nil {
		f.Close()
		return nil, fmt.Errorf("sandbox: memfd: %w", err)
	}
	if _, err := unix.FcntlInt(f.Fd(), unix.F_ADD_SEALS, unix.F_SEAL_WRITE|unix.F_SEAL_GROW|unix.F_SEAL_SHRINK|unix.F_SEAL_SEAL); err != nil {
		f.Close()
		return nil, fmt.Errorf("sandbox: seal memfd: %w", err)
	}
	return &Binary{f: f, size: int64(len(data))}, nil
}

// Close releases the binary. Runs using it must have returned.
func (b *Binary) Close() error {
	if b == nil {
		return nil
	}
	return b.f.Close()
}

// bytes reads the binary back, for runs that write it into their work
// directory (the one-shot init).
func (b *Binary) bytes() ([]byte, error) {
	return io.ReadAll(io.NewSectionReader(b.f, 0, b.size))
}
