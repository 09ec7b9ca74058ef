package judge

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// buildCache holds trusted build outputs that make compiles fast: Go's
// build cache with the standard library compiled (dir/go-build) and a GCC
// precompiled header of <bits/stdc++.h> (dir/cxx-pch). Both are built
// once, outside the sandbox, by the trusted toolchains compiling
// Rehearse's own sources (never a candidate's code). Go compiles see
// go-build through a copy-on-write overlay whose writes vanish with the
// run; C++ compiles see cxx-pch read-only. Nothing writable is shared
// between candidates.
type buildCache struct {
	dir  string
	once sync.Once
	err  error // of the Go cache; a missing header only slows C++ down
	pch  bool  // the precompiled header is ready
	done chan struct{}
}

func (c *buildCache) goDir() string  { return filepath.Join(c.dir, "go-build") }
func (c *buildCache) pchDir() string { return filepath.Join(c.dir, "cxx-pch") }

// warmPackages are the standard-library packages interview programs use.
var warmPackages = []string{
	"bufio", "bytes", "cmp", "container/heap", "container/list", "container/ring", "encoding/json", "errors", "fmt", "io",
	"iter", "maps", "math", "math/big", "math/bits", "math/rand", "os", "regexp", "slices", "sort", "strconv", "strings",
	"sync", "sync/atomic", "time", "unicode", "unicode/utf8",
}

// UseBuildCache sets the directory of trusted build outputs (created if
// missing; it is made private to the server's user).
func (j *Judge) UseBuildCache(dir string) {
	j.cache = &buildCache{dir: dir, done: make(chan struct{})}
}

// Warm builds what the build cache lacks for the installed languages and
// waits for it; cheap when all is built. Prepare calls it before a Go or
// C++ compile; call it early, in the background, so that no candidate
// waits.
func (j *Judge) Warm(ctx context.Context) error {
	c := j.cache
	if c == nil {
		if _, ok := j.langs["go"]; ok {
			return errors.New("judge: no build cache configured for Go")
		}
		return nil
	}
	go c.once.Do(func() {
		defer close(c.done)
		if err := os.MkdirAll(c.dir, 0o700); err != nil {
			c.err = fmt.Errorf("build cache: %w", err)
			return
		}
		if err := os.Chmod(c.dir, 0o700); err != nil {
			c.err = fmt.Errorf("build cache: %w", err)
			return
		}
		if l, ok := j.langs["go"]; ok {
			c.err = c.warmGo(l)
		}
		if l, ok := j.langs["cpp"]; ok {
			c.pch = c.warmPCH(l) == nil
		}
	})
	select {
	case <-c.done:
		return c.err
	case <-ctx.Done():
		return fmt.Errorf("waiting for the build cache: %w", ctx.Err())
	}
}

// ready reports whether a marker file says dir was built for want.
func ready(dir, want string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "rehearse-warm"))
	return err == nil && string(b) == want
}

// seal opens dir for the sandbox users (read, and the copy-on-write
// layers' directory entries; its parent is private, so no host user can
// reach it) and writes the marker.
func seal(dir, want string, dirMode fs.FileMode) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.Chmod(p, dirMode)
		case d.Type().IsRegular():
			return os.Chmod(p, 0o644)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "rehearse-warm"), []byte(want), 0o644)
}

func (c *buildCache) warmGo(l Language) error {
	dir := c.goDir()
	want := l.Version + "\n" + strings.Join(warmPackages, " ") + "\n"
	if ready(dir, want) {
		return nil
	}
	src, err := os.MkdirTemp("", "rehearse-go-warm-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(src)
	var prog strings.Builder
	prog.WriteString("package main\n\nimport (\n")
	for _, p := range warmPackages {
		fmt.Fprintf(&prog, "\t_ %q\n", p)
	}
	prog.WriteString(")\n\nfunc main() {}\n")
	files := map[string][]byte{"main.go": []byte(prog.String())}
	for k, v := range l.Extra {
		files[k] = v
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(src, name), b, 0o644); err != nil {
			return err
		}
	}
	env := append([]string{"PATH=/usr/bin:/bin", "HOME=" + src}, goEnv(envValue(l.Env, "GOROOT"), dir)...)
	for i, kv := range env {
		if strings.HasPrefix(kv, "GOPATH=") {
			env[i] = "GOPATH=" + filepath.Join(src, ".gopath")
		}
	}
	if out, err := trusted(src, env, l.Compile); err != nil {
		return fmt.Errorf("warming the Go build cache: %v: %s", err, out)
	}
	return seal(dir, want, 0o777)
}

// pchHeader is what the precompiled header holds: exactly the standard
// catch-all header, so that "#include <bits/stdc++.h>" (first, as the
// candidate or the function harness writes it) loads it.
const pchHeader = "#include <bits/stdc++.h>\n"

func (c *buildCache) warmPCH(l Language) error {
	dir := c.pchDir()
	flags := pchFlags(l)
	want := l.Version + "\n" + strings.Join(flags, " ") + "\n"
	if ready(dir, want) {
		return nil
	}
	src, err := os.MkdirTemp("", "rehearse-pch-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(src)
	if err := os.WriteFile(filepath.Join(src, "stdc++.h"), []byte(pchHeader), 0o644); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "bits"), 0o755); err != nil {
		return err
	}
	args := append([]string{l.Compile[0]}, flags...)
	args = append(args, "-x", "c++-header", "stdc++.h", "-o", filepath.Join(dir, "bits", "stdc++.h.gch"))
	if out, err := trusted(src, []string{"PATH=/usr/bin:/bin", "HOME=" + src, "LANG=C.UTF-8"}, args); err != nil {
		return fmt.Errorf("precompiling <bits/stdc++.h>: %v: %s", err, out)
	}
	return seal(dir, want, 0o755)
}

// pchFlags are the compile flags that must match between the header and
// the programs that use it.
func pchFlags(l Language) []string {
	var out []string
	for _, a := range l.Compile[1:] {
		if strings.HasPrefix(a, "-O") || strings.HasPrefix(a, "-std=") {
			out = append(out, a)
		}
	}
	return out
}

// trusted runs a trusted toolchain on Rehearse's own sources, outside the
// sandbox.
func trusted(dir string, env, args []string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	dieWithParent(cmd)
	return cmd.CombinedOutput()
}

func envValue(env []string, key string) string {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}
