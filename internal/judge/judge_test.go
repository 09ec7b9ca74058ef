//go:build linux

package judge

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rehearse/rehearse/internal/sandbox"
	"github.com/rehearse/rehearse/internal/sandbox/sandboxtest"
)

func TestMain(m *testing.M) {
	sandbox.MaybeInit() // the test binary re-executes itself as the sandbox init
	os.Exit(m.Run())
}

func TestCheckers(t *testing.T) {
	tests := []struct {
		checker   string
		got, want string
		ok        bool
	}{
		{"exact", "1 2\n", "1 2\n", true},
		{"exact", "1 2", "1 2\n", false},
		{"lines", "1  2 \n3\n\n\n", "1 2\n3\n", true},
		{"lines", "1 2 3\n", "1 2\n3\n", false},
		{"tokens", "1 2 3\n", "1 2\n3\n", true},
		{"tokens", "1 2\n", "1 2 3\n", false},
		{"unordered", "b\na\n", "a\nb\n", true},
		{"unordered", "a\na\n", "a\nb\n", false},
		{"float", "0.3333333 2\n", "0.33333333333 2\n", true},
		{"float", "0.34 2\n", "0.33333333333 2\n", false},
	}
	for _, tt := range tests {
		if got := Check(tt.checker, 1e-6, []byte(tt.got), []byte(tt.want)); got != tt.ok {
			t.Errorf("%s(%q, %q) = %v, want %v", tt.checker, tt.got, tt.want, got, tt.ok)
		}
	}
}

// newJudge returns a judge on a full-level sandbox with an outer cap, or
// skips (and fails under CI, which must run these).
func newJudge(t *testing.T) *Judge {
	t.Helper()
	if caps := sandbox.Probe(); caps.Level != sandbox.Full {
		if os.Getenv("CI") != "" {
			t.Fatalf("sandbox level %s under CI: %v", caps.Level, caps.Notes)
		}
		t.Skipf("judge tests need the full sandbox level: %v", caps.Notes)
	}
	sb, err := sandbox.New(sandbox.Options{Slots: 2, CgroupParent: testCgroupParent, TotalMemory: 3 << 30, TotalProcesses: 512})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	j := New(sb, Detect(context.Background()))
	j.UseBuildCache(testBuildCache)
	j.compile.CPUTime *= sandboxtest.TimeScale()
	j.compile.WallTime *= sandboxtest.TimeScale()
	j.topLevel.CPUTime *= sandboxtest.TimeScale()
	j.topLevel.WallTime *= sandboxtest.TimeScale()
	return j
}

// testProblem loads the problem in dir, with its time limit scaled by
// sandboxtest.TimeScale.
func testProblem(t *testing.T, dir string) *Problem {
	t.Helper()
	p, err := LoadProblem(os.DirFS(dir), filepath.Base(dir))
	if err != nil {
		t.Fatal(err)
	}
	p.TimeLimit *= sandboxtest.TimeScale()
	return p
}

var testCgroupParent = fmt.Sprintf("rehearse-judge-test-%d", os.Getpid())

// leftovers lists what runs left behind once they returned: processes of
// the sandbox users, mounts and work directories under this process's
// sandbox base, and run cgroups under the test's parent cgroup.
func leftovers() []string {
	var out []string
	// Processes: any still in a cgroup under this test's parent (other
	// processes on the machine may use the same sandbox uids).
	procs, _ := filepath.Glob("/proc/[0-9]*/cgroup")
	for _, p := range procs {
		// The slots' zygotes live in their sandbox's "zygotes-…" cgroup,
		// or in the run cgroup made ahead for their next program; a
		// program is born in its run's cgroup and cannot leave it.
		if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), "/"+testCgroupParent+"/") && !strings.Contains(string(b), "/"+testCgroupParent+"/zygotes-") {
			cmd, _ := os.ReadFile(filepath.Join(filepath.Dir(p), "cmdline"))
			if !strings.HasPrefix(string(cmd), "rehearse-sandbox\x00"+sandbox.InitArg+"\x00zygote\x00") {
				out = append(out, fmt.Sprintf("process %s (%q)", filepath.Dir(p), cmd))
			}
		}
	}
	// This process's sandboxes' bases: rehearse-sandbox/PID-ID.
	bases, _ := filepath.Glob(filepath.Join(os.TempDir(), "rehearse-sandbox", fmt.Sprintf("%d-*", os.Getpid())))
	if mi, err := os.ReadFile("/proc/self/mountinfo"); err == nil {
		for _, line := range strings.Split(string(mi), "\n") {
			f := strings.Fields(line)
			for _, base := range bases {
				// A slot's next /work and /tmp are mounted ahead, empty.
				if len(f) > 4 && strings.HasPrefix(f[4], base+"/") && !strings.HasSuffix(f[4], "/box") && !(strings.HasSuffix(f[4], "/box/run") && sandboxtest.EmptyRunDir(f[4])) {
					out = append(out, "mount "+f[4])
				}
			}
		}
	}
	for _, base := range bases {
		ents, _ := os.ReadDir(base)
		for _, e := range ents {
			if !strings.HasPrefix(e.Name(), "slot-") {
				out = append(out, "work dir "+e.Name())
			}
		}
	}
	for _, ctl := range []string{"memory", "pids", ""} {
		dir := filepath.Join("/sys/fs/cgroup", ctl, testCgroupParent)
		ents, _ := os.ReadDir(dir)
		ahead := map[string]int{}
		for _, e := range ents {
			switch {
			case !e.IsDir() || strings.HasPrefix(e.Name(), "zygotes-"):
			case strings.HasPrefix(e.Name(), "run-"):
				// One run cgroup per slot is made ahead, with the slot's
				// zygote in it (the process check above looks at those).
				slot, _, _ := strings.Cut(strings.TrimPrefix(e.Name(), "run-"), "-")
				if ahead[slot]++; ahead[slot] > 1 {
					out = append(out, "cgroup "+filepath.Join(ctl, testCgroupParent, e.Name()))
				}
			default:
				out = append(out, "cgroup "+filepath.Join(ctl, testCgroupParent, e.Name()))
			}
		}
	}
	return out
}

// assertNothingLeft fails t if runs left anything behind, polling for a
// second first: a slot is tidied just after its result is returned.
func assertNothingLeft(t *testing.T) {
	t.Helper()
	left := leftovers()
	for i := 0; len(left) > 0 && i < 20; i++ {
		time.Sleep(50 * time.Millisecond)
		left = leftovers()
	}
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// testBuildCache is shared by test runs so that it is warmed once per
// machine; it is private, as in production.
var testBuildCache = filepath.Join(os.TempDir(), "rehearse-test-build-cache")

func TestEvaluate(t *testing.T) {
	j := newJudge(t)
	p := testProblem(t, "testdata/pair-sum")
	tests := []struct {
		name, lang, src string
		want            Verdict
		check           func(t *testing.T, s *Submission)
	}{
		{"accepted in Python", "python", "import sys\nd=sys.stdin.buffer.read().split()\nn=int(d[0])\nprint('\\n'.join(str(int(d[1+2*i])+int(d[2+2*i])) for i in range(n)))\n", Accepted, func(t *testing.T, s *Submission) {
			if len(s.Tests) != 3 {
				t.Errorf("%d tests run", len(s.Tests))
			}
		}},
		{"accepted in Go", "go", "package main\n\nimport (\n\t\"bufio\"\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tr := bufio.NewReader(os.Stdin)\n\tw := bufio.NewWriter(os.Stdout)\n\tdefer w.Flush()\n\tvar n int\n\tfmt.Fscan(r, &n)\n\tfor i := 0; i < n; i++ {\n\t\tvar a, b int64\n\t\tfmt.Fscan(r, &a, &b)\n\t\tfmt.Fprintln(w, a+b)\n\t}\n}\n", Accepted, nil},
		{"accepted in Java", "java", "import java.io.*;\nimport java.util.*;\n\npublic class Main {\n  public static void main(String[] args) throws IOException {\n    StreamTokenizer in = new StreamTokenizer(new BufferedReader(new InputStreamReader(System.in)));\n    in.resetSyntax(); in.wordChars('-', '-'); in.wordChars('0', '9'); in.whitespaceChars(0, ' ');\n    in.nextToken(); int n = Integer.parseInt(in.sval);\n    StringBuilder sb = new StringBuilder();\n    for (int i = 0; i < n; i++) { in.nextToken(); long a = Long.parseLong(in.sval); in.nextToken(); long b = Long.parseLong(in.sval); sb.append(a + b).append('\\n'); }\n    System.out.print(sb);\n  }\n}\n", Accepted, nil},
		{"Go compile error with the compiler's message", "go", "package main\n\nfunc main() { x := 1 }\n", CompileError, func(t *testing.T, s *Submission) {
			if !strings.Contains(s.CompileOutput, "declared and not used") {
				t.Errorf("compile output %q", s.CompileOutput)
			}
		}},
		{"Go without cgo", "go", "package main\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc main() {}\n", CompileError, nil},
		{"Java class not named Main", "java", "public class Solution { public static void main(String[] a) {} }\n", CompileError, func(t *testing.T, s *Submission) {
			if !strings.Contains(s.CompileOutput, "Solution") {
				t.Errorf("compile output %q", s.CompileOutput)
			}
		}},
		{"Java network refused, not reached", "java", "public class Main { public static void main(String[] a) throws Exception { new java.net.Socket(\"127.0.0.1\", 22); } }\n", RuntimeError, nil},
		{"memory bomb in Java", "java", "import java.util.*;\npublic class Main { public static void main(String[] a) { List<long[]> l = new ArrayList<>(); for (;;) l.add(new long[1 << 17]); } }\n", MemoryLimit, nil},
		// 64 copies of a Go program under this problem's 128 MiB: the peak
		// measured 48 to 70 MiB on an idle machine and reached the limit
		// once in CI, under load; either limit is a right answer.
		{"fork bomb in Go", "go", "package main\n\nimport \"syscall\"\n\nfunc main() {\n\tfor {\n\t\tsyscall.RawSyscall(syscall.SYS_FORK, 0, 0, 0)\n\t}\n}\n", memoryOrTime, nil},
		{"memory bomb in Go", "go", "package main\n\nvar keep [][]byte\n\nfunc main() {\n\tfor {\n\t\tb := make([]byte, 1<<20)\n\t\tfor i := range b {\n\t\t\tb[i] = 1\n\t\t}\n\t\tkeep = append(keep, b)\n\t}\n}\n", MemoryLimit, nil},
		{"goroutine burner in Go", "go", "package main\n\nfunc main() {\n\tfor i := 0; i < 8; i++ {\n\t\tgo func() {\n\t\t\tfor {\n\t\t\t}\n\t\t}()\n\t}\n\tselect {}\n}\n", TimeLimit, nil},
		{"endless stderr in Go", "go", "package main\n\nimport \"os\"\n\nfunc main() {\n\tb := make([]byte, 1<<16)\n\tfor {\n\t\tos.Stderr.Write(b)\n\t}\n}\n", OutputLimit, nil},
		{"restricted system call in Go", "go", "package main\n\nimport \"syscall\"\n\nfunc main() {\n\tsyscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)\n}\n", Restricted, nil},
		{"kill(-1) in Go", "go", "package main\n\nimport \"syscall\"\n\nfunc main() {\n\tsyscall.Kill(-1, syscall.SIGKILL)\n\tsyscall.Kill(syscall.Getppid(), syscall.SIGKILL)\n\tfor {\n\t}\n}\n", TimeLimit, nil},
		{"accepted in C", "c", "#include <stdio.h>\nint main(){int n;scanf(\"%d\",&n);while(n--){long long a,b;scanf(\"%lld %lld\",&a,&b);printf(\"%lld\\n\",a+b);}}\n", Accepted, nil},
		{"wrong answer on the sample shows the diff", "python", "print(0)\n", WrongAnswer, func(t *testing.T, s *Submission) {
			if s.Tests[0].Expected == "" || s.Tests[0].Got == "" {
				t.Error("the sample's expected and actual output are not shown")
			}
		}},
		{"wrong answer on a hidden test shows nothing of it", "c", "#include <stdio.h>\nint main(){int n;scanf(\"%d\",&n);while(n--){int a,b;scanf(\"%d %d\",&a,&b);printf(\"%d\\n\",a+b);}}\n", WrongAnswer, func(t *testing.T, s *Submission) {
			last := s.Tests[len(s.Tests)-1]
			if last.Sample || last.Input != "" || last.Expected != "" || last.Got != "" {
				t.Errorf("hidden test data leaked: %+v", last)
			}
		}},
		{"compile error with the compiler's message", "c", "int main( { return 0; }\n", CompileError, func(t *testing.T, s *Submission) {
			if !strings.Contains(s.CompileOutput, "error") {
				t.Errorf("compile output %q", s.CompileOutput)
			}
		}},
		{"compile-time attack: include /dev/random", "c", "#include </dev/random>\nint main(){}\n", CompileError, nil},
		{"compile-time attack: include the host's password file", "c", "#include \"/etc/shadow\"\nint main(){}\n", CompileError, func(t *testing.T, s *Submission) {
			if strings.Contains(s.CompileOutput, "root:") {
				t.Error("the compiler showed a host file")
			}
		}},
		{"runtime error", "c", "int main(){int *p=0; return *p;}\n", RuntimeError, nil},
		{"stack overflow", "c", "int f(int n){volatile char b[4096]; b[0]=n; return f(n+1)+b[0];}\nint main(){return f(0);}\n", RuntimeError, nil},
		{"fork bomb in C", "c", "#include <unistd.h>\nint main(){for(;;) fork();}\n", TimeLimit, nil},
		{"memory bomb in C", "c", "#include <stdlib.h>\n#include <string.h>\nint main(){for(;;){char *p=malloc(1<<20); if(p) memset(p,1,1<<20);}}\n", MemoryLimit, nil},
		{"thread bomb in C++", "cpp", "#include <thread>\n#include <vector>\n#include <chrono>\nint main(){std::vector<std::thread> v; for(;;){try{v.emplace_back([]{std::this_thread::sleep_for(std::chrono::seconds(60));});}catch(...){}}}\n", TimeLimit, nil},
		{"endless output in JavaScript", "javascript", "const fs=require('fs'); const b='x'.repeat(65536); for(;;) fs.writeSync(1, b);\n", OutputLimit, nil},
		{"infinite loop in JavaScript", "javascript", "for(;;){}\n", TimeLimit, nil},
		{"too slow", "python", "import time\nwhile True: pass\n", TimeLimit, nil},
		{"restricted system call", "c", "#include <sys/socket.h>\nint main(){socket(AF_INET,SOCK_STREAM,0);return 0;}\n", Restricted, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := j.Language(tt.lang); err != nil && os.Getenv("CI") == "" {
				t.Skip(err)
			}
			s, err := j.Evaluate(context.Background(), p, tt.lang, []byte(tt.src), false, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(strings.Split(string(tt.want), " or "), string(s.Verdict)) {
				t.Errorf("verdict %s, want %s (compile %.200q, tests %+v)", s.Verdict, tt.want, s.CompileOutput, s.Tests)
			}
			if s.Isolation != sandbox.Full {
				t.Errorf("isolation %s", s.Isolation)
			}
			if tt.check != nil {
				tt.check(t, s)
			}
			assertNothingLeft(t)
		})
	}
}

func TestBadSource(t *testing.T) {
	j := New(nil, []Language{{ID: "python", Run: []string{"/usr/bin/python3"}}})
	if _, err := j.Prepare(context.Background(), "python", nil); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty source: %v", err)
	}
	if _, err := j.Prepare(context.Background(), "python", make([]byte, 10<<20)); err == nil || !strings.Contains(err.Error(), "limit is 256 KiB") {
		t.Errorf("10 MB source: %v", err)
	}
	if _, err := j.Prepare(context.Background(), "cobol", []byte("x")); err == nil || !strings.Contains(err.Error(), "not installed") {
		t.Errorf("unknown language: %v", err)
	}
}

// TestGoCacheStaysTrusted: a Go compile sees the warm cache but cannot
// change it; what it writes goes to its own copy-on-write layer.
func TestGoCacheStaysTrusted(t *testing.T) {
	j := newJudge(t)
	if _, err := j.Language("go"); err != nil {
		t.Skip(err)
	}
	if err := j.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	snapshot := func() map[string]int64 {
		m := map[string]int64{}
		filepath.Walk(j.cache.goDir(), func(p string, fi os.FileInfo, err error) error {
			if err == nil {
				m[p] = fi.ModTime().UnixNano() ^ fi.Size()
			}
			return nil
		})
		return m
	}
	before := snapshot()
	// A fresh package every time, so the compile must write new entries.
	src := fmt.Sprintf("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(%d) }\n", os.Getpid())
	prog, err := j.Prepare(context.Background(), "go", []byte(src))
	if err != nil {
		t.Fatalf("%v: %s", err, prog.CompileOutput)
	}
	defer prog.Close()
	after := snapshot()
	if len(after) != len(before) {
		t.Errorf("the trusted cache changed: %d entries before, %d after", len(before), len(after))
	}
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s changed", p)
		}
	}
}
