package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rehearse/rehearse/internal/sandbox"
)

func TestMain(m *testing.M) {
	sandbox.MaybeInit() // the judge re-executes this test binary as the sandbox init
	os.Exit(m.Run())
}

func needSandbox(t *testing.T) {
	t.Helper()
	if caps := sandbox.Probe(); caps.Level != sandbox.Full {
		if os.Getenv("CI") != "" {
			t.Fatalf("sandbox level %s under CI: %v", caps.Level, caps.Notes)
		}
		t.Skipf("needs the full sandbox level: %v", caps.Notes)
	}
}

func TestJudgeDoctor(t *testing.T) {
	out, _, err := runCmd(t, testEnv(t, nil), "judge", "doctor", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Capabilities struct {
			Level string `json:"level"`
			OS    string `json:"os"`
		} `json:"capabilities"`
		Languages []struct {
			ID, Version string
		} `json:"languages"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if d.Capabilities.Level == "" || d.Capabilities.OS == "" {
		t.Errorf("doctor JSON: %s", out)
	}
	text, _, err := runCmd(t, testEnv(t, nil), "judge", "doctor")
	if err != nil || !strings.Contains(text, "Isolation level:") || !strings.Contains(text, "Languages found:") {
		t.Errorf("doctor text: %v\n%s", err, text)
	}
}

func TestJudgeRunAndProblem(t *testing.T) {
	needSandbox(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	getenv := testEnv(t, nil)
	py := write("add.py", "a, b = map(int, input().split())\nprint(a + b)\n")
	out, _, err := runCmd(t, getenv, "judge", "run", "--lang", "python", "--file", py, "--stdin", write("in.txt", "2 3\n"), "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"verdict", "exit_code", "stdout", "stderr", "time_ms", "memory_kb", "isolation"} {
		if _, ok := r[k]; !ok {
			t.Errorf("judge run JSON lacks %q: %s", k, out)
		}
	}
	if r["verdict"] != "accepted" || r["stdout"] != "5\n" || r["isolation"] != "full" {
		t.Errorf("judge run: %s", out)
	}

	// As a function problem's solution: the input is the arguments, the
	// output what the function returned, its prints on standard error.
	fn := write("fn.py", "class Solution:\n    def twoSum(self, nums, target):\n        print('saw', len(nums))\n        return [target, len(nums)]\n")
	out, _, err = runCmd(t, getenv, "judge", "run", "--problem", "two-sum-indices", "--lang", "python", "--file", fn, "--stdin", write("args.txt", "[1,2,3]\n9\n"), "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	r = nil
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r["verdict"] != "accepted" || r["stdout"] != "[9,3]" || r["stderr"] != "saw 3\n" {
		t.Errorf("judge run --problem on a function problem: %s", out)
	}

	problem := "../../internal/judge/testdata/pair-sum"
	good := write("good.py", "import sys\nd=sys.stdin.read().split()\nprint('\\n'.join(str(int(d[1+2*i])+int(d[2+2*i])) for i in range(int(d[0]))))\n")
	out, _, err = runCmd(t, getenv, "judge", "--problem", problem, "--lang", "python", "--file", good, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var sub struct {
		Verdict       string `json:"verdict"`
		Isolation     string `json:"isolation"`
		CompileOutput string `json:"compile_output"`
		Tests         []struct {
			Name, Verdict string
			TimeMS        int64 `json:"time_ms"`
			MemoryKB      int64 `json:"memory_kb"`
		} `json:"tests"`
	}
	if err := json.Unmarshal([]byte(out), &sub); err != nil {
		t.Fatal(err)
	}
	if sub.Verdict != "accepted" || sub.Isolation != "full" || len(sub.Tests) != 3 || sub.Tests[2].MemoryKB == 0 {
		t.Errorf("judge --problem: %s", out)
	}
	// Flags override the folder: a 1 ms time limit fails the big test.
	out, _, err = runCmd(t, getenv, "judge", "--problem", problem, "--lang", "python", "--file", good, "--time-limit", "1ms", "--format", "json")
	if err != nil || !strings.Contains(out, `"verdict": "time_limit"`) {
		t.Errorf("--time-limit 1ms: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, getenv, "judge", "--problem", problem, "--lang", "c", "--file", write("bad.c", "int main( {"), "--format", "json")
	if err != nil || !strings.Contains(out, `"verdict": "compile_error"`) || !strings.Contains(out, "error") {
		t.Errorf("compile error: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, getenv, "judge", "--problem", problem, "--lang", "cobol", "--file", good); err == nil || !strings.Contains(err.Error(), "not installed") {
		t.Errorf("unknown language: %v", err)
	}
}

// Every built-in problem's reference solutions are accepted on its own
// tests, in the sandbox (what rehearse content lint checks).
func TestBuiltinReferenceSolutions(t *testing.T) {
	needSandbox(t)
	out, stderr, err := runCmd(t, testEnv(t, nil), "content", "lint", "../../packs")
	if err != nil {
		t.Fatalf("%v\n%s%s", err, out, stderr)
	}
}
