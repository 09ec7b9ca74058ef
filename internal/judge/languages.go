// Package judge compiles and runs candidates' programs in the sandbox,
// feeds them test input on stdin, compares their output outside the
// sandbox with a checker, and returns verdicts per test.
package judge

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Language is a programming language whose toolchain was found on this
// machine.
type Language struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Version string `json:"version"`
	Source  string `json:"source"` // the file name the program is saved as
	// Compile, when set, builds Binary from Source in the sandbox.
	Compile []string `json:"compile,omitempty"`
	Binary  string   `json:"-"`
	// Run is the command that runs the program, in /work.
	Run      []string `json:"run"`
	Env      []string `json:"-"`
	ReadOnly []string `json:"-"` // runtime directories outside /usr
}

// candidates are the languages Rehearse knows; Detect keeps those whose
// tools exist.
func candidates() []Language {
	return []Language{
		{ID: "python", Name: "Python 3", Source: "main.py", Run: []string{"/usr/bin/python3", "-S", "main.py"}, Env: []string{"PYTHONDONTWRITEBYTECODE=1", "PYTHONIOENCODING=utf-8"}},
		{ID: "javascript", Name: "JavaScript (Node.js)", Source: "main.js", Run: []string{"/usr/bin/node", "main.js"}},
		{ID: "c", Name: "C (GCC)", Source: "main.c", Compile: []string{"/usr/bin/gcc", "-O2", "-std=c17", "-o", "main", "main.c", "-lm"}, Binary: "main", Run: []string{"./main"}},
		{ID: "cpp", Name: "C++ (G++)", Source: "main.cpp", Compile: []string{"/usr/bin/g++", "-O2", "-std=c++17", "-o", "main", "main.cpp"}, Binary: "main", Run: []string{"./main"}},
	}
}

// Detect returns the languages whose compiler or interpreter is installed,
// with the version each reports. Asking a trusted toolchain its version is
// the only thing run outside the sandbox.
func Detect(ctx context.Context) []Language {
	var out []Language
	for _, l := range candidates() {
		tool := l.Run[0]
		if l.Compile != nil {
			tool = l.Compile[0]
		}
		if _, err := os.Stat(tool); err != nil {
			continue
		}
		l.Version = toolVersion(ctx, tool)
		l.Env = append([]string{"PATH=/usr/bin:/bin", "HOME=/work", "LANG=C.UTF-8"}, l.Env...)
		out = append(out, l)
	}
	return out
}

func toolVersion(ctx context.Context, tool string) string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool, "--version")
	cmd.Env = []string{"PATH=/usr/bin:/bin"}
	b, err := cmd.CombinedOutput()
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return strings.TrimSpace(strings.TrimPrefix(line, filepath.Base(tool)))
}
