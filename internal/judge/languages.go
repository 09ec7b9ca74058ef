// Package judge compiles and runs candidates' programs in the sandbox,
// feeds them test input on stdin, compares their output outside the
// sandbox with a checker, and returns verdicts per test.
package judge

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rehearse/rehearse/internal/sandbox"
)

// Language is a programming language whose toolchain was found on this
// machine.
type Language struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Version string `json:"version"`
	Source  string `json:"source"` // the file name the program is saved as
	// Compile, when set, builds the program from Source in the sandbox.
	Compile []string `json:"compile,omitempty"`
	// Outputs are the files the compiler leaves that the run needs: a
	// name, or a pattern such as "*.class".
	Outputs []string `json:"-"`
	// Executable is the output that is the program: it is run from a
	// sandbox.Binary, not written into each run.
	Executable string `json:"-"`
	// Run is the command that runs the program, in /work. An argument
	// "{heap}" becomes a JVM heap size fitted to the memory limit.
	Run      []string `json:"run"`
	Env      []string `json:"-"`
	ReadOnly []string `json:"-"` // runtime directories outside /usr
	// Extra files written beside the source for compiling (go.mod).
	Extra map[string][]byte `json:"-"`
	// goCache marks the language whose compiler gets the warm, trusted
	// standard-library build cache as a copy-on-write overlay.
	goCache bool
	// pch marks the language whose compiler gets the precompiled
	// <bits/stdc++.h> when the build cache has it.
	pch bool
	// refuseInet: the runtime probes the network as it starts.
	refuseInet bool
	// oom is what the runtime prints when its own heap limit stops the
	// program before the cgroup does; it counts as the memory limit.
	oom     string
	version []string // how to ask the toolchain its version
}

// goCacheTarget is where a Go compile sees the build cache.
const goCacheTarget = "/gocache"

// candidates are the languages Rehearse knows; Detect keeps those whose
// tools exist.
func candidates() []Language {
	return []Language{
		{ID: "python", Name: "Python 3", Source: "main.py", Run: []string{"/usr/bin/python3", "-S", "main.py"}, Env: []string{"PYTHONDONTWRITEBYTECODE=1", "PYTHONIOENCODING=utf-8"}},
		{ID: "javascript", Name: "JavaScript (Node.js)", Source: "main.js", Run: []string{"/usr/bin/node", "main.js"}},
		{ID: "go", Name: "Go", Source: "main.go", Compile: []string{"go", "build", "-trimpath", "-o", "main", "."},
			Outputs: []string{"main"}, Executable: "main", Run: []string{"./main"}, goCache: true, version: []string{"version"}},
		{ID: "java", Name: "Java", Source: "Main.java",
			Compile: []string{"/usr/bin/javac", "-J-Xmx512m", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-J-XX:-UsePerfData", "-encoding", "UTF-8", "-d", ".", "Main.java"},
			Outputs: []string{"*.class"}, refuseInet: true, oom: "java.lang.OutOfMemoryError",
			Run: []string{"/usr/bin/java", "{heap}", "-Xss64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto", "-cp", ".", "Main"}},
		{ID: "c", Name: "C (GCC)", Source: "main.c", Compile: []string{"/usr/bin/gcc", "-O2", "-std=c17", "-o", "main", "main.c", "-lm"}, Outputs: []string{"main"}, Executable: "main", Run: []string{"./main"}},
		{ID: "cpp", Name: "C++ (G++)", Source: "main.cpp", Compile: []string{"/usr/bin/g++", "-O2", "-std=c++17", "-o", "main", "main.cpp"}, Outputs: []string{"main"}, Executable: "main", Run: []string{"./main"}, pch: true},
	}
}

// Detect returns the languages whose compiler or interpreter is installed,
// with the version each reports. Asking a trusted toolchain its version is
// the only thing run outside the sandbox.
func Detect(ctx context.Context) []Language {
	var out []Language
	for _, l := range candidates() {
		if l.ID == "go" {
			goroot := findGoRoot()
			if goroot == "" {
				continue
			}
			l.Compile[0] = filepath.Join(goroot, "bin", "go")
			l.ReadOnly = append(l.ReadOnly, goroot)
			l.Env = append(l.Env, goEnv(goroot, goCacheTarget)...)
		}
		if l.ID == "java" {
			// Debian keeps the JDK's configuration under /etc, behind
			// symlinks from the JDK's conf directory.
			confs, _ := filepath.Glob("/etc/java-*")
			l.ReadOnly = append(l.ReadOnly, confs...)
		}
		tool := l.Run[0]
		if l.Compile != nil {
			tool = l.Compile[0]
		}
		if _, err := os.Stat(tool); err != nil {
			continue
		}
		l.Version = toolVersion(ctx, tool, l.version)
		if (l.ID == "c" || l.ID == "cpp") && staticLibs(ctx, tool, l.ID == "cpp") {
			// A static program starts without the dynamic loader's work
			// (for C++, loading libstdc++): per test run that is the
			// larger part of a small program's time.
			l.Compile = slices.Insert(l.Compile, 1, "-static")
		}
		if l.ID == "go" {
			// The module's language version is the toolchain's, so that
			// candidates get every feature the installed Go has.
			l.Extra = map[string][]byte{"go.mod": []byte("module solution\n\ngo " + goLangVersion(l.Version) + "\n")}
		}
		l.Env = append([]string{"PATH=/usr/bin:/bin", "HOME=/work", "LANG=C.UTF-8"}, l.Env...)
		out = append(out, l)
	}
	return out
}

// findGoRoot finds a Go toolchain: go on PATH, then the usual install
// places.
func findGoRoot() string {
	var tries []string
	if p, err := exec.LookPath("go"); err == nil {
		if p, err = filepath.EvalSymlinks(p); err == nil {
			tries = append(tries, filepath.Dir(filepath.Dir(p)))
		}
	}
	tries = append(tries, "/usr/local/go", "/usr/lib/go")
	for _, r := range tries {
		if fi, err := os.Stat(filepath.Join(r, "bin", "go")); err == nil && fi.Mode().IsRegular() {
			if r, err := filepath.EvalSymlinks(r); err == nil {
				return r
			}
		}
	}
	return ""
}

// goEnv is the environment of every Go build, in the sandbox and when the
// cache is warmed, so that both compute the same cache keys.
func goEnv(goroot, cache string) []string {
	return []string{"GOROOT=" + goroot, "GOCACHE=" + cache, "CGO_ENABLED=0", "GOTOOLCHAIN=local", "GOPROXY=off",
		"GOENV=off", "GOTELEMETRY=off", "GOPATH=/work/.gopath", "GOMAXPROCS=2"}
}

// staticLibs says whether the C (and C++) compiler tool finds the static
// libraries a -static link needs; some systems ship them apart
// (Fedora's glibc-static).
func staticLibs(ctx context.Context, tool string, cpp bool) bool {
	libs := []string{"libc.a", "libm.a"}
	if cpp {
		libs = append(libs, "libstdc++.a")
	}
	for _, lib := range libs {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		cmd := exec.CommandContext(ctx, tool, "-print-file-name="+lib)
		cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=/nonexistent"}
		b, err := cmd.Output()
		cancel()
		// Found, it prints the library's path; not found, just its name.
		p := strings.TrimSpace(string(b))
		if err != nil || !filepath.IsAbs(p) {
			return false
		}
		if _, err := os.Stat(p); err != nil {
			return false
		}
	}
	return true
}

func toolVersion(ctx context.Context, tool string, args []string) string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if args == nil {
		args = []string{"--version"}
	}
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=/nonexistent"}
	b, err := cmd.CombinedOutput()
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	line = strings.TrimPrefix(line, filepath.Base(tool)+" version ")
	return strings.TrimSpace(strings.TrimPrefix(line, filepath.Base(tool)))
}

// overlays are the copy-on-write views a compile of l gets.
func (j *Judge) overlays(l Language) []sandbox.Overlay {
	if !l.goCache || j.cache == nil {
		return nil
	}
	return []sandbox.Overlay{{Lower: j.cache.goDir(), Target: goCacheTarget}}
}

// compileArgs are l's compiler arguments and read-only directories, with
// the precompiled header when the cache has it (bound read-only at the
// same path, searched first).
func (j *Judge) compileArgs(l Language) (args, readOnly []string) {
	args, readOnly = l.Compile[1:], l.ReadOnly
	if l.pch && j.cache != nil && j.cache.pch {
		dir := j.cache.pchDir()
		args = append([]string{"-I", dir}, args...)
		readOnly = append(slices.Clone(readOnly), dir)
	}
	return args, readOnly
}

// goLangVersion turns "1.26.8 linux/amd64" into "1.26"; an unreadable
// version gives a safe old one.
func goLangVersion(v string) string {
	parts := strings.SplitN(strings.Fields(v + " ")[0], ".", 3)
	if len(parts) < 2 || parts[0] != "1" {
		return "1.21"
	}
	for _, r := range parts[1] {
		if r < '0' || r > '9' {
			return "1.21"
		}
	}
	return "1." + parts[1]
}
