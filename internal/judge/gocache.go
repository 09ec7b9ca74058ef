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

// goCache is the trusted build cache Go compiles start from. It is built
// once, outside the sandbox, by the Go toolchain compiling Rehearse's own
// warm-up program (never a candidate's code), and every compile sees it
// through a copy-on-write overlay whose writes vanish with the run: warm
// standard-library outputs, and no writable state shared between
// candidates.
type goCache struct {
	dir  string
	once sync.Once
	err  error
	done chan struct{}
}

// warmPackages are the standard-library packages interview programs use.
var warmPackages = []string{
	"bufio", "bytes", "cmp", "container/heap", "container/list", "container/ring", "encoding/json", "errors", "fmt", "io",
	"iter", "maps", "math", "math/big", "math/bits", "math/rand", "os", "regexp", "slices", "sort", "strconv", "strings",
	"sync", "sync/atomic", "time", "unicode", "unicode/utf8",
}

// UseGoCache sets the directory of the trusted Go build cache (created if
// missing; its parent is made private to the server's user).
func (j *Judge) UseGoCache(dir string) {
	j.goCache = &goCache{dir: dir, done: make(chan struct{})}
}

// WarmGo builds the Go cache if it is not built yet, and waits for it. It
// is cheap when the cache is already warm; Prepare calls it before the
// first Go compile. Call it early (in the background) to keep the first
// candidate from waiting.
func (j *Judge) WarmGo(ctx context.Context) error {
	l, ok := j.langs["go"]
	if !ok {
		return nil
	}
	if j.goCache == nil {
		return errors.New("judge: no Go build cache configured")
	}
	c := j.goCache
	go c.once.Do(func() {
		c.err = c.warm(l)
		close(c.done)
	})
	select {
	case <-c.done:
		return c.err
	case <-ctx.Done():
		return fmt.Errorf("waiting for the Go build cache: %w", ctx.Err())
	}
}

func (c *goCache) warm(l Language) error {
	goroot := envValue(l.Env, "GOROOT")
	marker := filepath.Join(c.dir, "rehearse-warm")
	want := l.Version + "\n" + strings.Join(warmPackages, " ") + "\n"
	if b, err := os.ReadFile(marker); err == nil && string(b) == want {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(c.dir), 0o700); err != nil {
		return fmt.Errorf("go build cache: %w", err)
	}
	if err := os.Chmod(filepath.Dir(c.dir), 0o700); err != nil {
		return fmt.Errorf("go build cache: %w", err)
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
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, l.Compile[0], l.Compile[1:]...)
	cmd.Dir = src
	cmd.Env = append([]string{"PATH=/usr/bin:/bin", "HOME=" + src}, goEnv(goroot, c.dir)...)
	for i, kv := range cmd.Env {
		if strings.HasPrefix(kv, "GOPATH=") {
			cmd.Env[i] = "GOPATH=" + filepath.Join(src, ".gopath")
		}
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("warming the Go build cache: %v: %s", err, out)
	}
	// Readable by every sandbox user; directories open for the runs'
	// copy-on-write layers (the parent is private, so no host user can
	// reach them).
	err = filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.Chmod(p, 0o777)
		case d.Type().IsRegular():
			return os.Chmod(p, 0o644)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("go build cache: %w", err)
	}
	return os.WriteFile(marker, []byte(want), 0o644)
}

func envValue(env []string, key string) string {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}
