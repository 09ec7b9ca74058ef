//go:build linux

package judge

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rehearse/rehearse/internal/sandbox"
)

// echoValues are tricky values of each type for a harness to read and
// write back unchanged. Integers stay within ±2^53, JavaScript's exact
// range; testdata/two-sum-fn goes past 32 bits.
var echoValues = map[string][]string{
	"int[][]":  {"[[1,-2,9007199254740991],[],[-9007199254740991,0]]", "[]"},
	"float[]":  {"[0.5,-1e-7,3,12345.678,1e300,-0.0,6.02214076e23]", "[]"},
	"bool[][]": {"[[true,false],[],[false]]", "[[]]"},
	"string[]": {`["", "a b", "quote \" backslash \\ slash \/", "tab\tnew\nline", "café 日本", "😀 \ud83d\ude00", "\u0001\u001f"]`, `[]`},
}

// writeProblem makes a function problem folder whose tests' outputs are
// their inputs' lines given.
func writeProblem(t *testing.T, yaml string, tests [][2]string) *Problem {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"problem.yaml": yaml}
	for i, tt := range tests {
		files[fmt.Sprintf("tests/%02d.in", i+1)] = tt[0] + "\n"
		files[fmt.Sprintf("tests/%02d.out", i+1)] = tt[1] + "\n"
	}
	for name, data := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := testProblem(t, dir)
	return p
}

// echoSource is a solution returning its one argument, of type t.
func echoSource(lang string, t Type) string {
	switch lang {
	case "python":
		return "class Solution:\n    def echo(self, x):\n        return x\n"
	case "javascript":
		return "function echo(x) { return x; }\n"
	case "cpp":
		return fmt.Sprintf("class Solution {\npublic:\n    %s echo(%[1]s& x) { return x; }\n};\n", cppType(t))
	case "go":
		return fmt.Sprintf("func echo(x %s) %[1]s { return x }\n", goType(t))
	case "java":
		return fmt.Sprintf("class Solution {\n    public %s echo(%[1]s x) { return x; }\n}\n", javaType(t))
	}
	return ""
}

// Solutions of testdata/two-sum-fn, per language: right, wrong (indices
// swapped), without the function, and printing on stdout around a right
// answer (including a fake result after a fake marker).
var twoSumSources = map[string]struct{ right, wrong, missing, noisy string }{
	"python": {
		right:   "class Solution:\n    def twoSum(self, nums: list[int], target: int) -> list[int]:\n        seen = {}\n        for i, x in enumerate(nums):\n            if target - x in seen:\n                return [seen[target - x], i]\n            seen[x] = i\n        return []\n",
		wrong:   "class Solution:\n    def twoSum(self, nums, target):\n        seen = {}\n        for i, x in enumerate(nums):\n            if target - x in seen:\n                return [i, seen[target - x]]\n            seen[x] = i\n",
		missing: "class Solution:\n    def two_sum(self, nums, target):\n        return [0, 1]\n",
		noisy: "import sys\nprint('top-level noise')\nprint('" + resultMarker + "')\nprint('[7,7]')\n\n" +
			"def twoSum(nums, target):\n    print('debug', nums)\n    sys.stdout.write('" + resultMarker + "\\n[5,5]\\n')\n    seen = {}\n    for i, x in enumerate(nums):\n        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n",
	},
	"javascript": {
		right:   "function twoSum(nums, target) {\n  const seen = new Map();\n  for (let i = 0; i < nums.length; i++) {\n    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];\n    seen.set(nums[i], i);\n  }\n  return [];\n}\n",
		wrong:   "function twoSum(nums, target) {\n  const seen = new Map();\n  for (let i = 0; i < nums.length; i++) {\n    if (seen.has(target - nums[i])) return [i, seen.get(target - nums[i])];\n    seen.set(nums[i], i);\n  }\n}\n",
		missing: "function two_sum(nums, target) {\n  return [0, 1];\n}\n",
		noisy: "console.log('top-level noise');\nconsole.log('" + resultMarker + "\\n[7,7]');\n" +
			"var twoSum = function(nums, target) {\n  console.log('debug', nums);\n  process.stdout.write('no newline');\n  const seen = new Map();\n  for (let i = 0; i < nums.length; i++) {\n    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];\n    seen.set(nums[i], i);\n  }\n}\n",
	},
	"cpp": {
		right:   "#include <unordered_map>\n#include <vector>\nusing namespace std;\n\nclass Solution {\npublic:\n    vector<long long> twoSum(vector<long long>& nums, long long target) {\n        unordered_map<long long, long long> seen;\n        for (long long i = 0; i < (long long)nums.size(); i++) {\n            auto it = seen.find(target - nums[i]);\n            if (it != seen.end()) return {it->second, i};\n            seen[nums[i]] = i;\n        }\n        return {};\n    }\n};\n",
		wrong:   "class Solution {\npublic:\n    vector<long long> twoSum(vector<long long>& nums, long long target) {\n        for (long long j = 0; j < (long long)nums.size(); j++)\n            for (long long i = 0; i < j; i++)\n                if (nums[i] + nums[j] == target) return {j, i};\n        return {};\n    }\n};\n",
		missing: "class Solution {\npublic:\n    vector<long long> two_sum(vector<long long>& nums, long long target) { return {0, 1}; }\n};\n",
		// No includes and int where the problem says int: LeetCode habits.
		noisy: "class Solution {\npublic:\n    vector<int> twoSum(const vector<long long>& nums, long long target) {\n        printf(\"printf noise\");\n        cout << \"" + resultMarker + "\\n[5,5]\" << endl;\n        unordered_map<long long, int> seen;\n        for (int i = 0; i < (int)nums.size(); i++) {\n            if (seen.count(target - nums[i])) return {seen[target - nums[i]], i};\n            seen[nums[i]] = i;\n        }\n        return {};\n    }\n};\n",
	},
	"go": {
		right:   "//go:build ignore\n\npackage main\n\nfunc twoSum(nums []int, target int) []int {\n\tseen := map[int]int{}\n\tfor i, x := range nums {\n\t\tif j, ok := seen[target-x]; ok {\n\t\t\treturn []int{j, i}\n\t\t}\n\t\tseen[x] = i\n\t}\n\treturn nil\n}\n",
		wrong:   "func twoSum(nums []int, target int) []int {\n\tseen := map[int]int{}\n\tfor i, x := range nums {\n\t\tif j, ok := seen[target-x]; ok {\n\t\t\treturn []int{i, j}\n\t\t}\n\t\tseen[x] = i\n\t}\n\treturn nil\n}\n",
		missing: "func two_sum(nums []int, target int) []int {\n\treturn []int{0, 1}\n}\n",
		noisy: "import \"fmt\"\n\nfunc init() { fmt.Print(\"init noise\") }\n\nfunc twoSum(nums []int, target int) []int {\n\tfmt.Println(\"debug\", nums)\n\tfmt.Println(\"" + resultMarker + "\")\n\tfmt.Println(\"[5,5]\")\n" +
			"\tseen := map[int]int{}\n\tfor i, x := range nums {\n\t\tif j, ok := seen[target-x]; ok {\n\t\t\treturn []int{j, i}\n\t\t}\n\t\tseen[x] = i\n\t}\n\treturn nil\n}\n",
	},
	"java": {
		// No imports: java.util is imported as on LeetCode.
		right:   "class Solution {\n    public long[] twoSum(long[] nums, long target) {\n        Map<Long, Integer> seen = new HashMap<>();\n        for (int i = 0; i < nums.length; i++) {\n            Integer j = seen.get(target - nums[i]);\n            if (j != null) return new long[]{j, i};\n            seen.put(nums[i], i);\n        }\n        return new long[0];\n    }\n}\n",
		wrong:   "class Solution {\n    public long[] twoSum(long[] nums, long target) {\n        for (int j = 0; j < nums.length; j++)\n            for (int i = 0; i < j; i++)\n                if (nums[i] + nums[j] == target) return new long[]{j, i};\n        return null;\n    }\n}\n",
		missing: "class Solution {\n    public long[] two_sum(long[] nums, long target) {\n        return new long[]{0, 1};\n    }\n}\n",
		// public, as a stand-alone file would have it, and a List result.
		noisy: "import java.util.*;\n\npublic class Solution {\n    public List<Integer> twoSum(long[] nums, long target) {\n        System.out.println(\"debug \" + nums.length);\n        System.out.print(\"" + resultMarker + "\\n[5,5]\\n\");\n        Map<Long, Integer> seen = new HashMap<>();\n        for (int i = 0; i < nums.length; i++) {\n            Integer j = seen.get(target - nums[i]);\n            if (j != null) return Arrays.asList(j, i);\n            seen.put(nums[i], i);\n        }\n        return List.of();\n    }\n}\n",
	},
}

// mixSources read one argument of each scalar type.
var mixSources = map[string]string{
	"python":     "class Solution:\n    def mix(self, n, x, b, s):\n        return s if n == -42 and x == 2.5 and b is True else 'bad'\n",
	"javascript": "function mix(n, x, b, s) { return n === -42 && x === 2.5 && b === true ? s : 'bad'; }\n",
	"cpp":        "class Solution {\npublic:\n    string mix(long long n, double x, bool b, string s) { return n == -42 && x == 2.5 && b ? s : \"bad\"; }\n};\n",
	"go":         "func mix(n int, x float64, b bool, s string) string {\n\tif n == -42 && x == 2.5 && b {\n\t\treturn s\n\t}\n\treturn \"bad\"\n}\n",
	"java":       "class Solution {\n    public String mix(long n, double x, boolean b, String s) { return n == -42 && x == 2.5 && b ? s : \"bad\"; }\n}\n",
}

func TestFunctionProblems(t *testing.T) {
	j := newJudge(t)
	twoSum := testProblem(t, "testdata/two-sum-fn")
	mix := writeProblem(t, "function: mix(n: int, x: float, b: bool, s: string) -> string\n", [][2]string{
		{"-42\n2.5\ntrue\n\"ok \\\"quoted\\\" ✓\"", "\"ok \\\"quoted\\\" ✓\""},
		{"7\n-0.25\nfalse\n\"x\"", "\"bad\""},
	})
	type tcase struct {
		name  string
		p     *Problem
		src   string
		want  Verdict
		check func(t *testing.T, s *Submission)
	}
	var cases []tcase
	for typ, values := range echoValues {
		sig, err := ParseSignature(fmt.Sprintf("echo(x: %s) -> %[1]s", typ))
		if err != nil {
			t.Fatal(err)
		}
		var tests [][2]string
		for _, v := range values {
			tests = append(tests, [2]string{v, v})
		}
		cases = append(cases, tcase{name: "echo " + typ, p: writeProblem(t, "function: "+sig.String()+"\n", tests), want: Accepted})
	}
	cases = append(cases,
		tcase{name: "scalars", p: mix, want: Accepted},
		tcase{name: "right", p: twoSum, want: Accepted, check: func(t *testing.T, s *Submission) {
			if len(s.Tests) != len(twoSum.Tests) {
				t.Errorf("%d tests run, want %d", len(s.Tests), len(twoSum.Tests))
			}
		}},
		tcase{name: "wrong", p: twoSum, want: WrongAnswer, check: func(t *testing.T, s *Submission) {
			if got := s.Tests[0].Got; got != "[1,0]" {
				t.Errorf("the sample shows %q, want the result [1,0]", got)
			}
		}},
		tcase{name: "missing function", p: twoSum, want: CompileError, check: func(t *testing.T, s *Submission) {
			if !strings.Contains(s.CompileOutput, "twoSum") {
				t.Errorf("compile output does not name twoSum: %s", s.CompileOutput)
			}
		}},
		tcase{name: "prints around the result", p: twoSum, want: Accepted},
	)
	for _, l := range j.Languages() {
		if !twoSum.Supports(l.ID) {
			t.Run(l.ID, func(t *testing.T) {
				if _, err := j.Evaluate(context.Background(), twoSum, l.ID, []byte("int main(){}"), false, nil); err == nil || !strings.Contains(err.Error(), "not offered") {
					t.Errorf("%s on a function problem: %v", l.ID, err)
				}
			})
			continue
		}
		t.Run(l.ID, func(t *testing.T) {
			t.Parallel()
			for _, tt := range cases {
				t.Run(tt.name, func(t *testing.T) {
					src := map[string]string{"right": twoSumSources[l.ID].right, "wrong": twoSumSources[l.ID].wrong,
						"missing function": twoSumSources[l.ID].missing, "prints around the result": twoSumSources[l.ID].noisy, "scalars": mixSources[l.ID]}[tt.name]
					if src == "" {
						src = echoSource(l.ID, tt.p.Function.Params[0].Type)
					}
					s, err := j.Evaluate(context.Background(), tt.p, l.ID, []byte(src), false, nil)
					if err != nil {
						t.Fatal(err)
					}
					if s.Verdict != tt.want {
						t.Fatalf("verdict %s, want %s (compile output %.2000s; tests %+v)", s.Verdict, tt.want, s.CompileOutput, s.Tests)
					}
					if tt.check != nil {
						tt.check(t, s)
					}
				})
			}
		})
	}
}

func TestFunctionRuntimeError(t *testing.T) {
	j := newJudge(t)
	p := testProblem(t, "testdata/two-sum-fn")
	s, err := j.Evaluate(context.Background(), p, "python", []byte("class Solution:\n    def twoSum(self, nums, target):\n        raise ValueError('no')\n"), false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Verdict != RuntimeError {
		t.Errorf("verdict %s, want %s", s.Verdict, RuntimeError)
	}
	s, err = j.Evaluate(context.Background(), p, "python", []byte("class Solution:\n    def twoSum(self, nums):\n        return [0, 1]\n"), false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Verdict != CompileError || !strings.Contains(s.CompileOutput, "twoSum(self, nums, target)") {
		t.Errorf("a method with the wrong parameters: %s, %q", s.Verdict, s.CompileOutput)
	}
}

// What a program writes to standard error on a sample test comes back for
// debugging (a function's prints go there); hidden tests show none of it.
func TestSampleStderr(t *testing.T) {
	j := newJudge(t)
	p := testProblem(t, "testdata/two-sum-fn")
	src := "class Solution:\n    def twoSum(self, nums, target):\n        print('looking at', len(nums), 'numbers')\n        seen = {}\n        for i, x in enumerate(nums):\n            if target - x in seen:\n                return [seen[target - x], i]\n            seen[x] = i\n"
	s, err := j.Evaluate(context.Background(), p, "python", []byte(src), false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Verdict != Accepted {
		t.Fatalf("verdict %s: %+v", s.Verdict, s.Tests)
	}
	for _, tr := range s.Tests {
		switch {
		case tr.Sample && !strings.Contains(tr.Stderr, "looking at"):
			t.Errorf("sample %s: standard error %q lacks the program's print", tr.Name, tr.Stderr)
		case !tr.Sample && tr.Stderr != "":
			t.Errorf("hidden test %s shows standard error %q", tr.Name, tr.Stderr)
		}
	}
}

// A run on the candidate's own input: a stdio program gets it on
// standard input; a function gets it as its arguments and the run shows
// what it returned, with its prints on standard error.
func TestCustomRun(t *testing.T) {
	j := newJudge(t)
	fn := testProblem(t, "testdata/two-sum-fn")
	src := "class Solution:\n    def twoSum(self, nums, target):\n        print('called with', nums)\n        return [len(nums), target]\n"
	r, err := j.Custom(context.Background(), fn, "python", []byte(src), []byte("[4,5,6]\n10\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Accepted || strings.TrimSpace(r.Stdout) != "[3,10]" || !strings.Contains(r.Stderr, "called with [4, 5, 6]") || r.Isolation != sandbox.Full {
		t.Errorf("function problem, own input: %+v", r)
	}
	stdio := testProblem(t, "testdata/pair-sum")
	r, err = j.Custom(context.Background(), stdio, "python", []byte("import sys\nprint(sys.stdin.read().upper())\n"), []byte("my own input"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Accepted || strings.TrimSpace(r.Stdout) != "MY OWN INPUT" {
		t.Errorf("stdio problem, own input: %+v", r)
	}
	r, err = j.Custom(context.Background(), stdio, "python", []byte("while True: pass\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != TimeLimit {
		t.Errorf("a loop on own input: %s", r.Verdict)
	}
}
