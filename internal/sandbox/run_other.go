//go:build !linux

package sandbox

type workDir struct{}

// ReadFile is not available off Linux: nothing runs there.
func (r *Result) ReadFile(string, int64) ([]byte, error) { return nil, errNoSandbox }

// Close does nothing off Linux.
func (r *Result) Close() error { return nil }

// MaybeInit does nothing off Linux.
func MaybeInit() {}
