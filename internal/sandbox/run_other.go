//go:build !linux

package sandbox

import (
	"context"
	"fmt"
	"runtime"
)

type workDir struct{}

// ReadFile is not available off Linux: nothing runs there.
func (r *Result) ReadFile(string, int64) ([]byte, error) { return nil, errNoSandbox }

// Close does nothing off Linux.
func (r *Result) Close() error { return nil }

// MaybeInit does nothing off Linux.
func MaybeInit() {}

// Linux is unavailable off Linux; New always refuses there.
type Linux struct{}

// New refuses: code is never run without isolation.
func New(Options) (*Linux, error) {
	return nil, fmt.Errorf("sandbox: isolation level none on %s; refusing to run code", runtime.GOOS)
}

// Run never runs anything off Linux.
func (*Linux) Run(context.Context, Spec) (*Result, error) { return nil, errNoSandbox }

// Level is none off Linux.
func (*Linux) Level() Level { return None }

// Close does nothing off Linux.
func (*Linux) Close() error { return nil }

// Glob is not available off Linux: nothing runs there.
func (r *Result) Glob(string) ([]string, error) { return nil, errNoSandbox }

// Binary is an executable kept for many runs; off Linux nothing runs it.
type Binary struct{}

// NewBinary refuses off Linux.
func NewBinary([]byte) (*Binary, error) { return nil, errNoSandbox }

// Close does nothing off Linux.
func (*Binary) Close() error { return nil }
