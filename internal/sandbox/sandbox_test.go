package sandbox

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	MaybeInit() // the test binary re-executes itself as the sandbox init
	os.Exit(m.Run())
}

// newSandbox returns a full-level sandbox or skips. Under CI it fails
// instead: CI runs as root on a machine with cgroups, and a skip would hide
// a broken sandbox. REHEARSE_TEST_CGROUP_PARENT nests the runs' cgroups in
// an outer, capped cgroup while the sandbox is young.
func newSandbox(t *testing.T) *Linux {
	t.Helper()
	caps := Probe()
	if caps.Level != Full {
		if os.Getenv("CI") != "" {
			t.Fatalf("sandbox level %s under CI: %v", caps.Level, caps.Notes)
		}
		t.Skipf("sandbox tests need the full level (run as root with cgroups): %s %v", caps.Level, caps.Notes)
	}
	// An outer cap on every run of this test, so that a sandbox bug cannot
	// take the machine down with a fork or memory bomb.
	s, err := New(Options{Slots: 2, CgroupParent: fmt.Sprintf("rehearse-test-%d", os.Getpid()), TotalMemory: 2 << 30, TotalProcesses: 512})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

const python = "/usr/bin/python3"

func run(t *testing.T, s *Linux, spec Spec) *Result {
	t.Helper()
	if spec.Limits == (Limits{}) {
		spec.Limits = DefaultLimits()
		spec.Limits.WallTime = 3 * time.Second
		spec.Limits.CPUTime = time.Second
	}
	start := time.Now()
	res, err := s.Run(context.Background(), spec)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if took := time.Since(start); took > spec.Limits.WallTime+time.Second {
		t.Errorf("the supervisor returned after %v, over the wall limit %v plus a second", took, spec.Limits.WallTime)
	}
	return res
}

// leftovers lists what a run might leave behind: cgroups and work dirs.
func leftovers(t *testing.T, s *Linux) []string {
	t.Helper()
	var out []string
	for _, dir := range []string{
		filepath.Join(cgroupRoot, "memory", s.parent), filepath.Join(cgroupRoot, "pids", s.parent), filepath.Join(cgroupRoot, s.parent), s.base,
	} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() && !strings.HasPrefix(e.Name(), "probe-") {
				out = append(out, filepath.Join(dir, e.Name()))
			}
		}
	}
	return out
}

func TestPrograms(t *testing.T) {
	s := newSandbox(t)
	py := func(code string) Spec {
		return Spec{Path: python, Args: []string{"-c", code}, Env: []string{"PATH=/usr/bin:/bin"}}
	}
	tests := []struct {
		name    string
		spec    Spec
		verdict Verdict
		check   func(t *testing.T, r *Result)
	}{
		{"hello", py("print('hello')"), OK, func(t *testing.T, r *Result) {
			if string(r.Stdout) != "hello\n" {
				t.Errorf("stdout %q", r.Stdout)
			}
		}},
		{"stdin is the input", Spec{Path: python, Args: []string{"-c", "import sys; print(sum(map(int, sys.stdin.read().split())))"}, Stdin: []byte("1 2 3\n")}, OK, func(t *testing.T, r *Result) {
			if strings.TrimSpace(string(r.Stdout)) != "6" {
				t.Errorf("stdout %q", r.Stdout)
			}
		}},
		{"exit code", py("import sys; sys.exit(3)"), RuntimeError, func(t *testing.T, r *Result) {
			if r.ExitCode != 3 {
				t.Errorf("exit code %d", r.ExitCode)
			}
		}},
		{"infinite loop", py("while True: pass"), TimeLimit, nil},
		{"sleep", py("import time; time.sleep(60)"), TimeLimit, nil},
		{"blocked stdin", py("import sys; sys.stdin.read(); import time; time.sleep(60)"), TimeLimit, nil},
		{"memory bomb", py("x = []\nwhile True: x.append(' ' * 10**7)"), MemoryLimit, nil},
		{"fork bomb", py("import os\nwhile True:\n    try: os.fork()\n    except OSError: pass"), TimeLimit, nil},
		{"endless stdout", py("import sys\nwhile True: sys.stdout.write('x' * 65536)"), OutputLimit, nil},
		{"endless stderr", py("import sys\nwhile True: sys.stderr.write('x' * 65536)"), OutputLimit, nil},
		{"reads /etc/shadow", py("print(open('/etc/shadow').read())"), RuntimeError, nil},
		{"reads the host /root", py("import os; print(os.listdir('/root'))"), RuntimeError, nil},
		{"writes /usr", py("open('/usr/x', 'w').write('x')"), RuntimeError, nil},
		{"network to 127.0.0.1", py("import socket; socket.create_connection(('127.0.0.1', 22), 1)"), Restricted, nil},
		{"unshare", py("import ctypes; ctypes.CDLL(None).unshare(0x10000000)"), Restricted, nil},
		{"ptrace", py("import ctypes; ctypes.CDLL(None).ptrace(16, 1, 0, 0)"), Restricted, nil},
		{"kill(-1)", py("import os, signal\ntry: os.kill(-1, signal.SIGKILL)\nexcept OSError: pass\nprint('alive')"), OK, nil},
		{"kill(ppid)", py("import os, signal\ntry: os.kill(os.getppid(), signal.SIGKILL)\nexcept OSError: pass\nprint('alive')"), OK, nil},
		{"setsid daemon outliving the run", py("import os, time\nif os.fork() == 0:\n    os.setsid(); time.sleep(600)\nprint('parent done')"), OK, nil},
		{"runs as an unprivileged user", py("import os; print(os.getuid(), os.getgroups())"), OK, func(t *testing.T, r *Result) {
			if strings.HasPrefix(string(r.Stdout), "0 ") || !strings.Contains(string(r.Stdout), "[]") {
				t.Errorf("uid and groups %q", r.Stdout)
			}
		}},
		{"sees no host processes", py("import os; print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))"), OK, func(t *testing.T, r *Result) {
			if strings.TrimSpace(string(r.Stdout)) != "[1]" {
				t.Errorf("processes visible: %q", r.Stdout)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, s, tt.spec)
			if r.Verdict != tt.verdict {
				t.Errorf("verdict %s, want %s (exit %d, signal %q, stderr %.300q)", r.Verdict, tt.verdict, r.ExitCode, r.Signal, r.Stderr)
			}
			if r.Isolation != Full {
				t.Errorf("isolation %s", r.Isolation)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
			if left := leftovers(t, s); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}
