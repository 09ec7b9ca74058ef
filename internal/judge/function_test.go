package judge

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/rehearse/rehearse/internal/rehearse"
)

func TestParseSignature(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "twoSum(nums: int[], target: int) -> int[]", want: "twoSum(nums: int[], target: int) -> int[]"},
		{in: "  f( a:float[][] ,b : bool,s:string )->string[][] ", want: "f(a: float[][], b: bool, s: string) -> string[][]"},
		{in: "answer() -> int", want: "answer() -> int"},
		{in: "twoSum(nums: int[], target: int)", err: "no return type"},
		{in: "twoSum nums -> int", err: "want name(param: type, …) -> type"},
		{in: "twoSum(nums: integer[]) -> int", err: `parameter "nums": unknown type "integer[]"`},
		{in: "f(x: int[][][]) -> int", err: `unknown type "int[][][]"`},
		{in: "f(x: int) -> void", err: `return type: unknown type "void"`},
		{in: "f(x) -> int", err: `parameter 1 "x" has no type`},
		{in: "f(x: int, x: int) -> int", err: `parameter "x" is named twice`},
		{in: "f(class: int) -> int", err: `parameter "class" is reserved`},
		{in: "2f(x: int) -> int", err: `function name "2f" is not a name`},
		{in: "f(rehearseIn: int) -> int", err: "belong to the harness"},
	}
	for _, tt := range tests {
		s, err := ParseSignature(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseSignature(%q) error %v, want one containing %q", tt.in, err, tt.err)
		case tt.err == "" && err != nil:
			t.Errorf("ParseSignature(%q): %v", tt.in, err)
		case tt.err == "" && s.String() != tt.want:
			t.Errorf("ParseSignature(%q) = %s, want %s", tt.in, s, tt.want)
		}
	}
}

// functionFS is a function problem's folder with one test.
func functionFS(yaml, in, out string) fstest.MapFS {
	return fstest.MapFS{
		"problem.yaml": {Data: []byte(yaml)},
		"tests/01.in":  {Data: []byte(in)},
		"tests/01.out": {Data: []byte(out)},
	}
}

func TestLoadFunctionProblem(t *testing.T) {
	p, err := LoadProblem(functionFS("title: Two sum\nfunction: twoSum(nums: int[], target: int) -> int[]\n", "[2,7,11,15]\n9\n", "[0,1]\n"), "two-sum")
	if err != nil {
		t.Fatal(err)
	}
	want := &Signature{Name: "twoSum", Params: []Param{{"nums", Type{"int", 1}}, {"target", Type{"int", 0}}}, Return: Type{"int", 1}}
	if diff := cmp.Diff(want, p.Function); diff != "" {
		t.Errorf("signature (-want +got):\n%s", diff)
	}
	if p.Checker != "json" {
		t.Errorf("checker %q, want json by default", p.Checker)
	}

	errs := []struct {
		name          string
		yaml, in, out string
		want          string
	}{
		{"a bad signature names its line", "title: x\n\nfunction: twoSum(nums: integer[], target: int) -> int[]\n", "[1]\n2\n", "[0]\n",
			`problem.yaml:3: function: parameter "nums": unknown type "integer[]"`},
		{"a stdio checker", "function: f(x: int) -> int\nchecker: lines\n", "1\n", "1\n", `checker "lines" does not apply to a function problem`},
		{"too few argument lines", "function: f(x: int, y: int) -> int\n", "1\n", "1\n", "tests/01.in: 1 line(s); want 2, one JSON argument per line (x, y)"},
		{"an argument of the wrong type", "function: f(xs: int[], y: int) -> int\n", "[1, 2.5]\n3\n", "1\n", "tests/01.in:1: xs: [1]: want int, got 2.5"},
		{"an argument that is not JSON", "function: f(s: string) -> int\n", "abc\n", "1\n", "tests/01.in:1: s: not JSON"},
		{"an output of the wrong type", "function: f(x: int) -> string[]\n", "1\n", "[\"a\", 1]\n", "tests/01.out: [1]: want string, got 1"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadProblem(functionFS(tt.yaml, tt.in, tt.out), "p")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, rehearse.ErrInvalid) {
				t.Errorf("error %v, want ErrInvalid containing %q", err, tt.want)
			}
		})
	}
}

func TestCheckFunction(t *testing.T) {
	tests := []struct {
		ret, checker, got, want string
		ok                      bool
	}{
		{"int[]", "json", "[0,1]", "[0, 1]\n", true},
		{"int[]", "json", " [ 0 ,\n 1 ] ", "[0,1]", true},
		{"int[]", "json", "[1,0]", "[0,1]", false},
		{"int[]", "json", "[0,1,2]", "[0,1]", false},
		{"int", "json", "3.0", "3", false},
		{"int", "json", "9007199254740993", "9007199254740992", false},
		{"int", "json", "3 4", "3", false},
		{"int[]", "json", "null", "[]", false},
		{"int[]", "json", "", "[]", false},
		{"float", "json", "0.3333333", "0.33333333333", true},
		{"float", "json", "0.34", "0.33333333333", false},
		{"float[]", "json", "[1, 2e6]", "[1.0, 2000000.5]", true},
		{"bool", "json", "true", "true", true},
		{"bool", "json", "1", "true", false},
		{"string", "json", `"caf\u00e9 \"x\""`, `"café \"x\""`, true},
		{"string", "json", `"A"`, `"a"`, false},
		{"string[][]", "unordered", `[["tan","nat"],["bat"]]`, `[["bat"],["nat","tan"]]`, true},
		{"string[][]", "unordered", `[["tan"],["nat","bat"]]`, `[["bat"],["nat","tan"]]`, false},
		{"int[]", "unordered", "[3,1,2,1]", "[1,1,2,3]", true},
		{"int[]", "unordered", "[3,1,2]", "[1,1,2,3]", false},
		{"int[][]", "json", "[[1,6],[8,10]]", "[[1,6],[8,10]]", true},
		{"int[][]", "json", "[[8,10],[1,6]]", "[[1,6],[8,10]]", false},
	}
	for _, tt := range tests {
		sig, err := ParseSignature("f() -> " + tt.ret)
		if err != nil {
			t.Fatal(err)
		}
		p := &Problem{Function: sig, Checker: tt.checker, Tolerance: 1e-6}
		if got := p.compare([]byte(tt.got), []byte(tt.want)); got != tt.ok {
			t.Errorf("%s %s: %q vs %q = %v, want %v", tt.ret, tt.checker, tt.got, tt.want, got, tt.ok)
		}
	}
}

func TestAnswer(t *testing.T) {
	p := &Problem{Function: &Signature{Name: "f", Return: Type{"int", 0}}}
	m := resultMarker
	tests := []struct{ stdout, want string }{
		{"\n" + m + "\n42\n", "42"},
		{"debug\n" + m + "\n1\nmore\n" + m + "\n42\n", "42"},
		{"noise " + m + "\n1\n", ""},
		{m + "\n42", "42"},
		{"42\n", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(p.answer([]byte(tt.stdout))); got != tt.want {
			t.Errorf("answer(%q) = %q, want %q", tt.stdout, got, tt.want)
		}
	}
	stdio := &Problem{}
	if got := string(stdio.answer([]byte("1 2\n"))); got != "1 2\n" {
		t.Errorf("a stdio problem's answer is %q, want the whole output", got)
	}
}

func TestStarter(t *testing.T) {
	sig, err := ParseSignature("twoSum(nums: int[], target: int) -> int[]")
	if err != nil {
		t.Fatal(err)
	}
	p := &Problem{Function: sig}
	want := map[string]string{
		"python":     "class Solution:\n    def twoSum(self, nums: list[int], target: int) -> list[int]:\n        pass\n",
		"javascript": "/**\n * @param {number[]} nums\n * @param {number} target\n * @return {number[]}\n */\nfunction twoSum(nums, target) {\n\n}\n",
		"cpp":        "class Solution {\npublic:\n    vector<long long> twoSum(vector<long long>& nums, long long target) {\n\n    }\n};\n",
		"go":         "func twoSum(nums []int, target int) []int {\n\n}\n",
		"java":       "class Solution {\n    public long[] twoSum(long[] nums, long target) {\n\n    }\n}\n",
		"c":          "",
	}
	for lang, w := range want {
		if got := p.Starter(lang); got != w {
			t.Errorf("Starter(%s):\n%s\nwant:\n%s", lang, got, w)
		}
	}
	grid := &Problem{Function: &Signature{Name: "f", Params: []Param{{"g", Type{"string", 2}}, {"x", Type{"float", 0}}}, Return: Type{"bool", 1}}}
	for lang, w := range map[string]string{
		"python": "def f(self, g: list[list[str]], x: float) -> list[bool]:",
		"cpp":    "vector<bool> f(vector<vector<string>>& g, double x) {",
		"go":     "func f(g [][]string, x float64) []bool {",
		"java":   "public boolean[] f(String[][] g, double x) {",
	} {
		if got := grid.Starter(lang); !strings.Contains(got, w) {
			t.Errorf("Starter(%s) = %q, want it to contain %q", lang, got, w)
		}
	}
	for _, lang := range []string{"python", "javascript", "c", "cpp", "go", "java"} {
		if (&Problem{}).Starter(lang) == "" {
			t.Errorf("no stdio starter for %s", lang)
		}
	}
}

func TestWrap(t *testing.T) {
	sig, err := ParseSignature("twoSum(nums: int[], target: int) -> int[]")
	if err != nil {
		t.Fatal(err)
	}
	p := &Problem{ID: "two-sum", Function: sig}
	if _, err := p.Wrap("c", []byte("int main(){}")); err == nil || !strings.Contains(err.Error(), "not offered in c") {
		t.Errorf("C: %v", err)
	}
	if _, err := (&Problem{ID: "pair-sum"}).Wrap("python", []byte("print(1)")); err == nil {
		t.Error("a stdio problem was wrapped")
	}
	// The candidate's code keeps its line numbers, so compile errors point
	// at the lines the candidate sees.
	tests := []struct {
		lang, file, src, line3 string
	}{
		{"go", "main.go", "package main\n\nfunc twoSum(nums []int, target int) []int {\n\treturn nil\n}\n", "func twoSum(nums []int, target int) []int {"},
		{"go", "main.go", "// no package clause, as on LeetCode\n\nfunc twoSum(nums []int, target int) []int {\n\treturn nil\n}\n", "func twoSum(nums []int, target int) []int {"},
		{"go", "main.go", "//go:build ignore\npackage main\nfunc twoSum(nums []int, target int) []int {\n\treturn nil\n}\n", "func twoSum(nums []int, target int) []int {"},
		{"java", "Main.java", "import java.util.*;\n\npublic class Solution {\n}\n", "       class Solution {"},
		{"cpp", "main.cpp", "#include <vector>\n\nclass Solution {};\n", "class Solution {};"},
		{"python", "main.py", "import sys\n\nclass Solution: pass\n", "class Solution: pass"},
		{"javascript", "main.js", "'use strict';\n\nfunction twoSum() {}\n", "function twoSum() {}"},
	}
	for _, tt := range tests {
		files, err := p.Wrap(tt.lang, []byte(tt.src))
		if err != nil {
			t.Errorf("%s: %v", tt.lang, err)
			continue
		}
		b, ok := files[tt.file]
		if !ok || len(files) != 1 {
			t.Errorf("%s: files %v, want only %s", tt.lang, keys(files), tt.file)
			continue
		}
		if tt.lang == "cpp" {
			_, b, _ = bytes.Cut(b, []byte("#line 1 \"main.cpp\"\n"))
		}
		if lines := strings.Split(string(b), "\n"); len(lines) < 3 || lines[2] != tt.line3 {
			t.Errorf("%s: line 3 of the wrapped code is not the candidate's %q:\n%s", tt.lang, tt.line3, b)
		}
	}
	// A //go:build line no longer leads the file, so it excludes nothing.
	files, err := p.Wrap("go", []byte("//go:build ignore\n\npackage main\n\nfunc twoSum(nums []int, target int) []int { return nil }\n"))
	if err != nil || !bytes.HasPrefix(files["main.go"], []byte("package main;")) || !bytes.Contains(files["main.go"], []byte("\n            \n")) {
		t.Errorf("Go with a build constraint: %v\n%s", err, files["main.go"])
	}
	if _, err := p.Wrap("go", []byte("package solution\n\nfunc twoSum(nums []int, target int) []int { return nil }\n")); !errors.Is(err, ErrCompile) {
		t.Errorf("Go outside package main: %v, want a compile error", err)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
