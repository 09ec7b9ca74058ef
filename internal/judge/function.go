package judge

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// A function problem (LeetCode-style) asks for one function instead of a
// whole program. problem.yaml names it in one flat line,
//
//	function: twoSum(nums: int[], target: int) -> int[]
//
// each test's .in holds the arguments as JSON, one per line, and its .out
// the JSON of the return value. Wrap appends a harness to the candidate's
// code that reads the arguments, calls the function once and prints the
// result, so the tests, limits and the sandbox are the same as for stdio
// problems; only the comparison is of JSON values.

// Type is a parameter's or the return value's type: int (64-bit), float,
// bool or string, or an array of one or two dimensions of those.
type Type struct {
	Base string // int, float, bool or string
	Dims int    // 0, 1 (T[]) or 2 (T[][])
}

var baseTypes = []string{"int", "float", "bool", "string"}

func (t Type) String() string { return t.Base + strings.Repeat("[]", t.Dims) }

func (t Type) elem() Type { return Type{Base: t.Base, Dims: t.Dims - 1} }

// Param is one parameter of a function problem's function.
type Param struct {
	Name string
	Type Type
}

// Signature is the function a function problem asks for.
type Signature struct {
	Name   string
	Params []Param
	Return Type
}

func (s *Signature) String() string {
	ps := make([]string, len(s.Params))
	for i, p := range s.Params {
		ps[i] = p.Name + ": " + p.Type.String()
	}
	return fmt.Sprintf("%s(%s) -> %s", s.Name, strings.Join(ps, ", "), s.Return)
}

func (s *Signature) paramNames() []string {
	names := make([]string, len(s.Params))
	for i, p := range s.Params {
		names[i] = p.Name
	}
	return names
}

var identPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// reserved are names a function or parameter cannot take because some
// language's stub or harness would not compile with them: keywords of
// Python, JavaScript, C++, Go and Java, their type names, and the names
// the harnesses use. Names starting with "rehearse" belong to the harness.
var reserved = strings.Fields(`
	False None True and as assert async await break class continue def del elif else except finally for from
	global if import in is lambda nonlocal not or pass raise return try while with yield self print
	case catch const debugger default delete do export extends false function instanceof let new null static
	super switch this throw true typeof var void enum implements interface package private protected public
	arguments eval undefined NaN Infinity require process console module exports globalThis JSON Map Set Array
	Number Boolean list getattr isinstance callable globals
	alignas alignof asm auto bool char char8_t char16_t char32_t concept consteval constexpr constinit
	const_cast co_await co_return co_yield decltype double dynamic_cast explicit extern float friend goto
	inline int long mutable namespace noexcept nullptr operator register reinterpret_cast requires short
	signed sizeof static_assert static_cast struct template thread_local typedef typeid typename union
	unsigned using virtual volatile wchar_t and_eq bitand bitor compl not_eq or_eq xor xor_eq std string vector
	chan defer fallthrough func go map range select type float64 int64 error len cap append make
	abstract boolean byte final native strictfp synchronized throws transient record String Object System
	Math Solution Main main`)

// checkName reports why name cannot be a function's or parameter's name.
func checkName(what, name string) error {
	switch {
	case !identPattern.MatchString(name):
		return fmt.Errorf("%s %q is not a name (letters, digits and _, not starting with a digit)", what, name)
	case slices.Contains(reserved, name):
		return fmt.Errorf("%s %q is reserved in one of the judge's languages", what, name)
	case strings.HasPrefix(strings.ToLower(strings.TrimLeft(name, "_")), "rehearse"):
		return fmt.Errorf("%s %q: names starting with rehearse belong to the harness", what, name)
	}
	return nil
}

// parseType reads int, float, bool or string with up to two [] suffixes.
func parseType(s string) (Type, error) {
	base := strings.TrimSpace(s)
	dims := 0
	for {
		b, ok := strings.CutSuffix(base, "[]")
		if !ok {
			break
		}
		base, dims = strings.TrimSpace(b), dims+1
	}
	if !slices.Contains(baseTypes, base) || dims > 2 {
		return Type{}, fmt.Errorf("unknown type %q (want int, float, bool or string, or an array of them: T[] or T[][])", strings.TrimSpace(s))
	}
	return Type{Base: base, Dims: dims}, nil
}

// ParseSignature reads a function problem's signature,
// name(param: type, …) -> type.
func ParseSignature(s string) (*Signature, error) {
	const want = "want name(param: type, …) -> type, e.g. twoSum(nums: int[], target: int) -> int[]"
	s = strings.TrimSpace(s)
	open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || closing < open {
		return nil, fmt.Errorf("%q: %s", s, want)
	}
	sig := &Signature{Name: strings.TrimSpace(s[:open])}
	if err := checkName("function name", sig.Name); err != nil {
		return nil, err
	}
	ret, ok := strings.CutPrefix(strings.TrimSpace(s[closing+1:]), "->")
	if !ok {
		return nil, fmt.Errorf("%q: no return type after the parameters: %s", s, want)
	}
	var err error
	if sig.Return, err = parseType(ret); err != nil {
		return nil, fmt.Errorf("return type: %w", err)
	}
	if params := strings.TrimSpace(s[open+1 : closing]); params != "" {
		for i, p := range strings.Split(params, ",") {
			name, typ, ok := strings.Cut(p, ":")
			name = strings.TrimSpace(name)
			if !ok {
				return nil, fmt.Errorf("parameter %d %q has no type: %s", i+1, strings.TrimSpace(p), want)
			}
			if err := checkName("parameter", name); err != nil {
				return nil, err
			}
			if slices.Contains(sig.paramNames(), name) {
				return nil, fmt.Errorf("parameter %q is named twice", name)
			}
			t, err := parseType(typ)
			if err != nil {
				return nil, fmt.Errorf("parameter %q: %w", name, err)
			}
			sig.Params = append(sig.Params, Param{Name: name, Type: t})
		}
	}
	return sig, nil
}

// functionCheckers are the checkers a function problem may use: json
// compares JSON values (floats within the tolerance), float is the same,
// unordered ignores the order of the returned array's elements (and of
// theirs, when they are arrays too).
var functionCheckers = []string{"json", "float", "unordered"}

// checkTests checks that every test's input holds the function's
// arguments and its output a value of the return type.
func (p *Problem) checkTests() error {
	for _, t := range p.Tests {
		lines := nonBlankLines(t.Input)
		if len(lines) != len(p.Function.Params) {
			return rehearse.Errorf(rehearse.ErrInvalid, "tests/%s.in: %d line(s); want %d, one JSON argument per line (%s)",
				t.Name, len(lines), len(p.Function.Params), strings.Join(p.Function.paramNames(), ", "))
		}
		for i, prm := range p.Function.Params {
			if _, err := parseValue(prm.Type, []byte(lines[i])); err != nil {
				return rehearse.Errorf(rehearse.ErrInvalid, "tests/%s.in:%d: %s: %v", t.Name, i+1, prm.Name, err)
			}
		}
		if _, err := parseValue(p.Function.Return, t.Output); err != nil {
			return rehearse.Errorf(rehearse.ErrInvalid, "tests/%s.out: %v", t.Name, err)
		}
	}
	return nil
}

func nonBlankLines(b []byte) []string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// parseValue reads one JSON value of type t: int64, float64, bool, string
// or []any of those.
func parseValue(t Type, b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("want %s, got nothing", t)
		}
		return nil, fmt.Errorf("not JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return conform(t, v, "")
}

// conform converts a decoded JSON value to t's Go form, or says where it
// differs.
func conform(t Type, v any, at string) (any, error) {
	bad := func() error {
		got := fmt.Sprintf("%v", v)
		switch v := v.(type) {
		case nil:
			got = "null"
		case string:
			got = strconv.Quote(v)
		case []any:
			got = "an array"
		case map[string]any:
			got = "an object"
		}
		if len(got) > 40 {
			got = got[:40] + "…"
		}
		return fmt.Errorf("%swant %s, got %s", at, t, got)
	}
	if t.Dims > 0 {
		arr, ok := v.([]any)
		if !ok {
			return nil, bad()
		}
		for i := range arr {
			var err error
			if arr[i], err = conform(t.elem(), arr[i], fmt.Sprintf("%s[%d]: ", strings.TrimSuffix(at, ": "), i)); err != nil {
				return nil, err
			}
		}
		return arr, nil
	}
	switch t.Base {
	case "int":
		if n, ok := v.(json.Number); ok {
			if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
				return i, nil
			}
		}
	case "float":
		if n, ok := v.(json.Number); ok {
			if f, err := strconv.ParseFloat(string(n), 64); err == nil {
				return f, nil
			}
		}
	case "bool":
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case "string":
		if s, ok := v.(string); ok {
			return s, nil
		}
	}
	return nil, bad()
}

// compareValues orders two values of the same type.
func compareValues(a, b any) int {
	switch a := a.(type) {
	case int64:
		return cmp.Compare(a, b.(int64))
	case float64:
		return cmp.Compare(a, b.(float64))
	case string:
		return cmp.Compare(a, b.(string))
	case bool:
		if a == b.(bool) {
			return 0
		} else if a {
			return 1
		}
		return -1
	case []any:
		return slices.CompareFunc(a, b.([]any), compareValues)
	}
	return 0
}

func equalValues(a, b any, tolerance float64) bool {
	switch a := a.(type) {
	case float64:
		want := b.(float64)
		return a == want || math.Abs(a-want) <= tolerance*math.Max(1, math.Abs(want))
	case []any:
		return slices.EqualFunc(a, b.([]any), func(x, y any) bool { return equalValues(x, y, tolerance) })
	}
	return a == b
}

// unorder sorts an array's elements, and theirs when they are arrays: two
// answers that differ only in order become equal.
func unorder(v any) any {
	arr, ok := v.([]any)
	if !ok {
		return v
	}
	arr = slices.Clone(arr)
	for i, e := range arr {
		if inner, ok := e.([]any); ok {
			inner = slices.Clone(inner)
			slices.SortFunc(inner, compareValues)
			arr[i] = inner
		}
	}
	slices.SortFunc(arr, compareValues)
	return arr
}

// checkFunction compares a function's result with the expected one as
// JSON values of the return type.
func (p *Problem) checkFunction(got, want []byte) bool {
	w, err := parseValue(p.Function.Return, want)
	if err != nil {
		return false
	}
	g, err := parseValue(p.Function.Return, got)
	if err != nil {
		return false
	}
	if p.Checker == "unordered" {
		g, w = unorder(g), unorder(w)
	}
	return equalValues(g, w, p.Tolerance)
}

// resultMarker is the line the harness prints before the result: the
// judge reads only the line after the last one, so nothing the candidate
// prints can pass for the answer by accident.
const resultMarker = "~~rehearse-result~~"

// answer is what the checker compares: the whole output of a stdio
// program, the result line a function problem's harness printed.
func (p *Problem) answer(stdout []byte) []byte {
	if p.Function == nil {
		return stdout
	}
	mark := []byte(resultMarker + "\n")
	for end := len(stdout); ; {
		i := bytes.LastIndex(stdout[:end], mark)
		if i < 0 {
			return nil
		}
		if i == 0 || stdout[i-1] == '\n' {
			line, _, _ := bytes.Cut(stdout[i+len(mark):], []byte("\n"))
			return line
		}
		end = i
	}
}

// compare runs the problem's checker.
func (p *Problem) compare(got, want []byte) bool {
	if p.Function != nil {
		return p.checkFunction(got, want)
	}
	return Check(p.Checker, p.Tolerance, got, want)
}

// Supports reports whether the problem can be solved in lang: function
// problems are not offered in C.
func (p *Problem) Supports(lang string) bool {
	return p.Function == nil || slices.Contains([]string{"python", "javascript", "cpp", "go", "java"}, lang)
}

// prepare compiles a submission for p: a function problem's code is
// wrapped in its harness first, and an interpreted language's is run
// once to check that it defines the function, so that a missing function
// is a compile error with a message rather than a runtime error.
func (j *Judge) prepare(ctx context.Context, p *Problem, langID string, src []byte) (*Program, error) {
	if p.Function == nil {
		return j.Prepare(ctx, langID, src)
	}
	l, err := j.Language(langID)
	if err != nil {
		return nil, err
	}
	if len(src) == 0 {
		return nil, rehearse.Errorf(rehearse.ErrInvalid, "the program is empty")
	}
	files, err := p.Wrap(langID, src)
	if errors.Is(err, ErrCompile) {
		return &Program{Lang: l, CompileOutput: strings.TrimPrefix(err.Error(), ErrCompile.Error()+": ")}, err
	}
	if err != nil {
		return nil, err
	}
	wrapped, ok := files[l.Source]
	if !ok || len(files) != 1 {
		return nil, fmt.Errorf("judge: the %s harness must be the one file %s", langID, l.Source)
	}
	if extra := len(wrapped) - len(src); len(wrapped) > MaxSource {
		return nil, rehearse.Errorf(rehearse.ErrTooLarge, "the program is %d KiB; the limit for a function problem is %d KiB", len(src)>>10, (MaxSource-extra)>>10)
	}
	prog, err := j.Prepare(ctx, langID, wrapped)
	if err != nil || l.Compile != nil {
		return prog, err
	}
	check := *prog
	check.Lang.Run = append(slices.Clone(prog.Lang.Run), "--check")
	lim := j.topLevel
	lim.Memory, lim.Output = p.MemoryLimit, 64<<10
	run, err := j.Execute(ctx, &check, nil, lim)
	if err != nil {
		return nil, err
	}
	if run.Verdict != Accepted {
		prog.CompileOutput = strings.TrimSpace(string(run.Stderr) + "\n" + string(run.Stdout))
		if run.Verdict != RuntimeError {
			prog.CompileOutput += fmt.Sprintf("\n(the code's top level was stopped before the function could be called: %s)", run.Verdict)
		}
		return prog, fmt.Errorf("%w: %s does not define %s", ErrCompile, langID, p.Function.Name)
	}
	return prog, nil
}

// Wrap returns the files to compile for a candidate's solution to a
// function problem: the candidate's code with a harness that reads the
// arguments from stdin, calls the function once and prints the result as
// JSON after a marker line. Today each language's harness shares the
// candidate's file (named as the language's source), so it compiles
// like any program. An error wrapping ErrCompile is about the code; any
// other, about the request.
func (p *Problem) Wrap(lang string, src []byte) (map[string][]byte, error) {
	if p.Function == nil {
		return nil, rehearse.Errorf(rehearse.ErrInvalid, "%s is a stdio problem: its programs need no harness", p.ID)
	}
	if !p.Supports(lang) {
		return nil, rehearse.Errorf(rehearse.ErrInvalid, "function problems are not offered in %s: use C++, Python, JavaScript, Go or Java", lang)
	}
	var source string
	for _, l := range candidates() {
		if l.ID == lang {
			source = l.Source
		}
	}
	var out []byte
	var err error
	switch lang {
	case "python":
		out = pythonWrap(p.Function, src)
	case "javascript":
		out = jsWrap(p.Function, src)
	case "cpp":
		out = cppWrap(p.Function, src)
	case "java":
		out = javaWrap(p.Function, src)
	case "go":
		out, err = goWrap(p.Function, src)
	}
	if err != nil {
		return nil, err
	}
	return map[string][]byte{source: out}, nil
}

// Starter returns the code the editor starts with in lang: a stub of the
// function for a function problem, a short program that reads stdin for
// a stdio one; "" for a language the problem is not offered in.
func (p *Problem) Starter(lang string) string {
	if p.Function == nil {
		return stdioStarters[lang]
	}
	s := p.Function
	var b strings.Builder
	switch lang {
	case "python":
		ps := []string{"self"}
		for _, prm := range s.Params {
			ps = append(ps, prm.Name+": "+pyType(prm.Type))
		}
		fmt.Fprintf(&b, "class Solution:\n    def %s(%s) -> %s:\n        pass\n", s.Name, strings.Join(ps, ", "), pyType(s.Return))
	case "javascript":
		b.WriteString("/**\n")
		for _, prm := range s.Params {
			fmt.Fprintf(&b, " * @param {%s} %s\n", jsType(prm.Type), prm.Name)
		}
		fmt.Fprintf(&b, " * @return {%s}\n */\nfunction %s(%s) {\n\n}\n", jsType(s.Return), s.Name, strings.Join(s.paramNames(), ", "))
	case "cpp":
		ps := make([]string, len(s.Params))
		for i, prm := range s.Params {
			ps[i] = cppType(prm.Type) + " " + prm.Name
			if prm.Type.Dims > 0 {
				ps[i] = cppType(prm.Type) + "& " + prm.Name
			}
		}
		fmt.Fprintf(&b, "class Solution {\npublic:\n    %s %s(%s) {\n\n    }\n};\n", cppType(s.Return), s.Name, strings.Join(ps, ", "))
	case "go":
		ps := make([]string, len(s.Params))
		for i, prm := range s.Params {
			ps[i] = prm.Name + " " + goType(prm.Type)
		}
		fmt.Fprintf(&b, "func %s(%s) %s {\n\n}\n", s.Name, strings.Join(ps, ", "), goType(s.Return))
	case "java":
		ps := make([]string, len(s.Params))
		for i, prm := range s.Params {
			ps[i] = javaType(prm.Type) + " " + prm.Name
		}
		fmt.Fprintf(&b, "class Solution {\n    public %s %s(%s) {\n\n    }\n}\n", javaType(s.Return), s.Name, strings.Join(ps, ", "))
	}
	return b.String()
}

var stdioStarters = map[string]string{
	"python": `import sys


def main():
    data = sys.stdin.read().split()
    # Read the input from data, solve, print the answer.


main()
`,
	"javascript": `const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
// Read the input from data, solve, print the answer with console.log.
`,
	"c": `#include <stdio.h>

int main(void) {
    // Read the input with scanf, print the answer with printf.
    return 0;
}
`,
	"cpp": `#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    // Read the input with cin, print the answer with cout.
    return 0;
}
`,
	"go": `package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	// Read the input with fmt.Fscan(in, &x), print the answer with fmt.Fprintln(out, …).
	_, _ = fmt.Fscan(in)
}
`,
	"java": `import java.io.*;
import java.util.*;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        // Read the input from in, print the answer to out.
        out.flush();
    }
}
`,
}

func pyType(t Type) string {
	s := map[string]string{"int": "int", "float": "float", "bool": "bool", "string": "str"}[t.Base]
	for range t.Dims {
		s = "list[" + s + "]"
	}
	return s
}

func jsType(t Type) string {
	return map[string]string{"int": "number", "float": "number", "bool": "boolean", "string": "string"}[t.Base] + strings.Repeat("[]", t.Dims)
}

func cppType(t Type) string {
	s := map[string]string{"int": "long long", "float": "double", "bool": "bool", "string": "string"}[t.Base]
	for range t.Dims {
		s = "vector<" + s + ">"
	}
	return s
}

func goType(t Type) string {
	return strings.Repeat("[]", t.Dims) + map[string]string{"int": "int", "float": "float64", "bool": "bool", "string": "string"}[t.Base]
}

func javaType(t Type) string {
	return map[string]string{"int": "long", "float": "double", "bool": "boolean", "string": "String"}[t.Base] + strings.Repeat("[]", t.Dims)
}

// quoted lists names as a Python or JavaScript array of strings.
func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// pythonWrap appends a harness that calls Solution().NAME or, failing
// that, a top-level NAME. With --check it only checks the function is
// there and takes the arguments. What the function prints goes to stderr.
func pythonWrap(s *Signature, src []byte) []byte {
	var floats []string
	for i, prm := range s.Params {
		if prm.Type.Base == "float" {
			floats = append(floats, strconv.Itoa(i))
		}
	}
	h := `


# The judge's harness: reads the arguments, calls the function once, prints the result.
def _rehearse_main():
    import contextlib, inspect, json, sys
    name, params, floats = %q, %s, [%s]
    want = %q
    out = sys.stdout
    cls = globals().get("Solution")
    fn = getattr(cls(), name, None) if isinstance(cls, type) else None
    if fn is None:
        fn = globals().get(name)
    if not callable(fn):
        sys.exit("define class Solution with the method " + want)
    if sys.argv[1:] == ["--check"]:
        try:
            inspect.signature(fn).bind(*params)
        except TypeError:
            sys.exit(name + " must take the parameters " + want)
        except ValueError:
            pass
        return
    lines = [l for l in sys.stdin.read().split("\n") if l.strip()]
    if len(lines) != len(params):
        sys.exit("rehearse harness: want %%d argument lines, got %%d" %% (len(params), len(lines)))
    args = [json.loads(l) for l in lines]

    def to_float(v):
        return [to_float(x) for x in v] if isinstance(v, list) else float(v)

    for i in floats:
        args[i] = to_float(args[i])
    with contextlib.redirect_stdout(sys.stderr):
        result = fn(*args)
    out.write("\n" + %q + "\n" + json.dumps(result, separators=(",", ":"), allow_nan=False) + "\n")
    out.flush()


_rehearse_main()
`
	want := s.Name + "(" + strings.Join(append([]string{"self"}, s.paramNames()...), ", ") + ")"
	return append(bytes.Clone(src), fmt.Sprintf(h, s.Name, quoted(s.paramNames()), strings.Join(floats, ", "), want, resultMarker)...)
}

// jsWrap appends a harness that calls a function NAME or, failing that,
// new Solution().NAME. With --check it only checks the function is there.
// console.log goes to stderr while the function runs.
func jsWrap(s *Signature, src []byte) []byte {
	h := `
;(() => {
  // The judge's harness: reads the arguments, calls the function once, prints the result.
  const rehearseParams = %s;
  let rehearseFn = typeof %[2]s === "function" ? %[2]s : undefined;
  if (rehearseFn === undefined && typeof Solution === "function") {
    const rehearseSol = new Solution();
    if (typeof rehearseSol.%[2]s === "function") rehearseFn = rehearseSol.%[2]s.bind(rehearseSol);
  }
  if (rehearseFn === undefined) {
    process.stderr.write("define the function %[2]s(%[3]s)\n");
    process.exit(1);
  }
  if (process.argv[2] === "--check") return;
  const rehearseLines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.trim() !== "");
  if (rehearseLines.length !== rehearseParams.length) {
    process.stderr.write("rehearse harness: want " + rehearseParams.length + " argument lines, got " + rehearseLines.length + "\n");
    process.exit(3);
  }
  const rehearseArgs = rehearseLines.map((l) => JSON.parse(l));
  const rehearseConsole = { log: console.log, info: console.info, debug: console.debug };
  console.log = console.info = console.debug = console.error;
  let rehearseResult;
  try {
    rehearseResult = rehearseFn(...rehearseArgs);
  } finally {
    Object.assign(console, rehearseConsole);
  }
  process.stdout.write("\n" + %q + "\n" + JSON.stringify(rehearseResult) + "\n");
})();
`
	return append(bytes.Clone(src), fmt.Sprintf(h, quoted(s.paramNames()), s.Name, strings.Join(s.paramNames(), ", "), resultMarker)...)
}

// cppPrelude is what LeetCode's C++ has before the candidate's code: the
// standard headers and using namespace std. <bits/stdc++.h> comes first
// so that the judge's precompiled header loads it at once. #line keeps
// the compiler's line numbers those of the candidate's code.
const cppPrelude = `#include <bits/stdc++.h>
using namespace std;
#line 1 "main.cpp"
`

// cppHarness reads each argument into the type the candidate's method
// declares (so int and long long both work), calls it once on a Solution
// and writes any vector, string, number or bool it returns as JSON.
// std::cout goes to stderr while the method runs.
const cppHarness = `
#line 1 "harness.cpp"
#undef int
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace rehearse {

[[noreturn]] inline void fail(const char* what) {
    std::fprintf(stderr, "rehearse harness: bad input: %s\n", what);
    std::exit(3);
}

struct Reader {
    const char* p;
    const char* end;

    void ws() {
        while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    }
    unsigned hex4() {
        if (end - p < 4) fail("short \\u escape");
        unsigned v = 0;
        for (int i = 0; i < 4; i++) {
            char c = *p++;
            v <<= 4;
            if (c >= '0' && c <= '9') v |= unsigned(c - '0');
            else if (c >= 'a' && c <= 'f') v |= unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= unsigned(c - 'A' + 10);
            else fail("bad \\u escape");
        }
        return v;
    }
    static void utf8(std::string& s, unsigned c) {
        if (c < 0x80) {
            s += char(c);
        } else if (c < 0x800) {
            s += char(0xC0 | (c >> 6));
            s += char(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            s += char(0xE0 | (c >> 12));
            s += char(0x80 | ((c >> 6) & 0x3F));
            s += char(0x80 | (c & 0x3F));
        } else {
            s += char(0xF0 | (c >> 18));
            s += char(0x80 | ((c >> 12) & 0x3F));
            s += char(0x80 | ((c >> 6) & 0x3F));
            s += char(0x80 | (c & 0x3F));
        }
    }
    void str(std::string& s) {
        ws();
        if (p >= end || *p != '"') fail("want a string");
        p++;
        s.clear();
        for (;;) {
            if (p >= end) fail("unterminated string");
            char c = *p++;
            if (c == '"') return;
            if (c != '\\') {
                s += c;
                continue;
            }
            if (p >= end) fail("unterminated string");
            switch (char e = *p++) {
            case '"': case '\\': case '/': s += e; break;
            case 'b': s += '\b'; break;
            case 'f': s += '\f'; break;
            case 'n': s += '\n'; break;
            case 'r': s += '\r'; break;
            case 't': s += '\t'; break;
            case 'u': {
                unsigned c = hex4();
                if (c >= 0xD800 && c < 0xDC00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                    p += 2;
                    unsigned lo = hex4();
                    if (lo >= 0xDC00 && lo < 0xE000) {
                        c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                    } else {
                        utf8(s, c);
                        c = lo;
                    }
                }
                utf8(s, c);
                break;
            }
            default: fail("bad escape in a string");
            }
        }
    }
    template <class T> void read(T& v) {
        ws();
        if constexpr (std::is_same_v<T, bool>) {
            if (end - p >= 4 && std::strncmp(p, "true", 4) == 0) v = true, p += 4;
            else if (end - p >= 5 && std::strncmp(p, "false", 5) == 0) v = false, p += 5;
            else fail("want true or false");
        } else if constexpr (std::is_integral_v<T>) {
            char* e;
            long long x = std::strtoll(p, &e, 10);
            if (e == p) fail("want an integer");
            p = e;
            v = T(x);
        } else if constexpr (std::is_floating_point_v<T>) {
            char* e;
            double x = std::strtod(p, &e);
            if (e == p) fail("want a number");
            p = e;
            v = T(x);
        } else if constexpr (std::is_same_v<T, std::string>) {
            str(v);
        } else {
            if (p >= end || *p != '[') fail("want an array");
            p++;
            v.clear();
            ws();
            if (p < end && *p == ']') {
                p++;
                return;
            }
            for (;;) {
                typename T::value_type x{};
                read(x);
                v.push_back(std::move(x));
                ws();
                if (p < end && *p == ',') {
                    p++;
                    continue;
                }
                if (p < end && *p == ']') {
                    p++;
                    return;
                }
                fail("want , or ] in an array");
            }
        }
    }
};

struct Writer {
    std::string s;

    template <class T> void put(const T& v) {
        if constexpr (std::is_same_v<T, bool>) {
            s += v ? "true" : "false";
        } else if constexpr (std::is_integral_v<T>) {
            s += std::to_string((long long)v);
        } else if constexpr (std::is_floating_point_v<T>) {
            char b[64];
            auto r = std::to_chars(b, b + sizeof b, double(v));
            s.append(b, r.ptr);
        } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
            s += '"';
            for (char c : std::string_view(v)) {
                unsigned char u = (unsigned char)c;
                if (c == '"' || c == '\\') {
                    s += '\\';
                    s += c;
                } else if (u < 0x20) {
                    char b[8];
                    std::snprintf(b, sizeof b, "\\u%04x", u);
                    s += b;
                } else {
                    s += c;
                }
            }
            s += '"';
        } else {
            s += '[';
            bool first = true;
            for (const auto& x : v) {
                if (!first) s += ',';
                first = false;
                put(x);
            }
            s += ']';
        }
    }
};

template <class M> struct Method;
template <class R, class C, class... A> struct Method<R (C::*)(A...)> {
    using Args = std::tuple<std::decay_t<A>...>;
};
template <class R, class C, class... A> struct Method<R (C::*)(A...) const> {
    using Args = std::tuple<std::decay_t<A>...>;
};
template <class R, class... A> struct Method<R (*)(A...)> {
    using Args = std::tuple<std::decay_t<A>...>;
};

template <class S, class = void> struct HasMethod : std::false_type {};
template <class S> struct HasMethod<S, std::void_t<decltype(&S::NAME)>> : std::true_type {};

// run is a template so that a missing method is one static_assert, not a
// cascade of errors.
template <class S> int run() {
    if constexpr (!HasMethod<S>::value) {
        static_assert(HasMethod<S>::value, "define class Solution with a public method NAME(PARAMS)");
        return 1;
    } else {
        std::string in;
        {
            char buf[1 << 16];
            size_t n;
            while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) in.append(buf, n);
        }
        Reader reader{in.c_str(), in.c_str() + in.size()};
        using Args = typename Method<decltype(&S::NAME)>::Args;
        static_assert(std::tuple_size_v<Args> == NPARAMS, "Solution::NAME must take NPARAMS parameter(s): PARAMS");
        Args args;
        std::apply([&](auto&... a) { (reader.read(a), ...); }, args);
        S* sol = new S();
        std::streambuf* out = std::cout.rdbuf(std::cerr.rdbuf());
        auto result = std::apply([&](auto&... a) { return sol->NAME(a...); }, args);
        std::cout.flush();
        std::cout.rdbuf(out);
        Writer writer;
        writer.put(result);
        std::string text = std::string("\n") + MARKER + "\n" + writer.s + "\n";
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return 0;
    }
}

}  // namespace rehearse

int main() { return rehearse::run<Solution>(); }
`

func cppWrap(s *Signature, src []byte) []byte {
	h := strings.NewReplacer("NAME", s.Name, "NPARAMS", strconv.Itoa(len(s.Params)),
		"PARAMS", strings.Join(s.paramNames(), ", "), "MARKER", strconv.Quote(resultMarker)).Replace(cppHarness)
	var b bytes.Buffer
	b.WriteString(cppPrelude)
	b.Write(src)
	b.WriteString(h)
	return b.Bytes()
}

// javaPublicSolution finds "public class Solution": Main.java may hold
// only one public class, the harness's Main.
var javaPublicSolution = regexp.MustCompile(`(?m)^([ \t]*)public(\s+(?:final\s+)?class\s+Solution\b)`)

// javaImports are LeetCode's implicit imports, put before the
// candidate's first line (on it, so that line numbers stay the same).
const javaImports = "import java.util.*; import java.util.function.*; import java.util.stream.*; "

// javaWrap puts the candidate's class Solution (made package-private if
// it was public) before the harness's public class Main, which uses only
// fully qualified names since imports cannot follow a class. The result
// is written as any array, list, number, boolean or string, so
// List<List<String>> works where String[][] is asked. System.out goes to
// stderr while the method runs.
func javaWrap(s *Signature, src []byte) []byte {
	var b bytes.Buffer
	b.WriteString(javaImports)
	b.Write(javaPublicSolution.ReplaceAll(src, []byte("${1}      $2")))
	b.WriteString("\n\npublic class Main {\n    public static void main(String[] rehearseArgs) throws Throwable {\n")
	b.WriteString("        RehearseJSON rehearseIn = new RehearseJSON(new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));\n")
	args := make([]string, len(s.Params))
	for i, prm := range s.Params {
		args[i] = "rehearseArg" + strconv.Itoa(i)
		fmt.Fprintf(&b, "        %s %s = RehearseJSON.%s(rehearseIn.next());\n", javaType(prm.Type), args[i], javaConvert(prm.Type))
	}
	fmt.Fprintf(&b, `        java.io.PrintStream rehearseOut = System.out;
        System.setOut(System.err);
        Object rehearseResult = new Solution().%s(%s);
        System.out.flush();
        System.setOut(rehearseOut);
        StringBuilder rehearseText = new StringBuilder("\n%s\n");
        RehearseJSON.write(rehearseText, rehearseResult);
        rehearseText.append('\n');
        rehearseOut.write(rehearseText.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        rehearseOut.flush();
    }
`, s.Name, strings.Join(args, ", "), resultMarker)
	b.WriteString(javaJSON)
	b.WriteString("}\n")
	return b.Bytes()
}

// javaConvert names RehearseJSON's converter to t's Java type.
func javaConvert(t Type) string {
	return map[string]string{"int": "asLong", "float": "asDouble", "bool": "asBoolean", "string": "asString"}[t.Base] + strconv.Itoa(t.Dims)
}

// javaJSON is the harness's JSON reader and writer, a class nested in
// Main. Numbers read as Long or Double, arrays as ArrayList; the as*
// converters make the declared Java types.
const javaJSON = `
    static final class RehearseJSON {
        private final String s;
        private int i;

        RehearseJSON(String s) { this.s = s; }

        static RuntimeException fail(String what) {
            System.err.println("rehearse harness: bad input: " + what);
            System.exit(3);
            return new IllegalStateException(what);
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        Object next() {
            ws();
            if (i >= s.length()) throw fail("missing argument");
            char c = s.charAt(i);
            if (c == '[') {
                i++;
                java.util.ArrayList<Object> a = new java.util.ArrayList<>();
                ws();
                if (i < s.length() && s.charAt(i) == ']') { i++; return a; }
                for (;;) {
                    a.add(next());
                    ws();
                    if (i < s.length() && s.charAt(i) == ',') { i++; continue; }
                    if (i < s.length() && s.charAt(i) == ']') { i++; return a; }
                    throw fail("want , or ] in an array");
                }
            }
            if (c == '"') {
                i++;
                StringBuilder b = new StringBuilder();
                for (;;) {
                    if (i >= s.length()) throw fail("unterminated string");
                    char d = s.charAt(i++);
                    if (d == '"') return b.toString();
                    if (d != '\\') { b.append(d); continue; }
                    if (i >= s.length()) throw fail("unterminated string");
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'b': b.append('\b'); break;
                        case 'f': b.append('\f'); break;
                        case 'n': b.append('\n'); break;
                        case 'r': b.append('\r'); break;
                        case 't': b.append('\t'); break;
                        case 'u':
                            if (i + 4 > s.length()) throw fail("short \\u escape");
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                            break;
                        default: b.append(e);
                    }
                }
            }
            if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
            int start = i;
            boolean real = false;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                real |= ".eE".indexOf(s.charAt(i)) >= 0;
                i++;
            }
            String n = s.substring(start, i);
            try {
                return real ? (Object) Double.valueOf(n) : (Object) Long.valueOf(n);
            } catch (NumberFormatException x) {
                throw fail("not a JSON value at " + start);
            }
        }

        static java.util.List<?> list(Object o) {
            if (o instanceof java.util.List) return (java.util.List<?>) o;
            throw fail("want an array");
        }
        static long asLong0(Object o) {
            if (o instanceof Long) return (Long) o;
            throw fail("want an integer");
        }
        static double asDouble0(Object o) {
            if (o instanceof Number) return ((Number) o).doubleValue();
            throw fail("want a number");
        }
        static boolean asBoolean0(Object o) {
            if (o instanceof Boolean) return (Boolean) o;
            throw fail("want true or false");
        }
        static String asString0(Object o) {
            if (o instanceof String) return (String) o;
            throw fail("want a string");
        }
        static long[] asLong1(Object o) {
            java.util.List<?> l = list(o);
            long[] a = new long[l.size()];
            for (int k = 0; k < a.length; k++) a[k] = asLong0(l.get(k));
            return a;
        }
        static double[] asDouble1(Object o) {
            java.util.List<?> l = list(o);
            double[] a = new double[l.size()];
            for (int k = 0; k < a.length; k++) a[k] = asDouble0(l.get(k));
            return a;
        }
        static boolean[] asBoolean1(Object o) {
            java.util.List<?> l = list(o);
            boolean[] a = new boolean[l.size()];
            for (int k = 0; k < a.length; k++) a[k] = asBoolean0(l.get(k));
            return a;
        }
        static String[] asString1(Object o) {
            java.util.List<?> l = list(o);
            String[] a = new String[l.size()];
            for (int k = 0; k < a.length; k++) a[k] = asString0(l.get(k));
            return a;
        }
        static long[][] asLong2(Object o) {
            java.util.List<?> l = list(o);
            long[][] a = new long[l.size()][];
            for (int k = 0; k < a.length; k++) a[k] = asLong1(l.get(k));
            return a;
        }
        static double[][] asDouble2(Object o) {
            java.util.List<?> l = list(o);
            double[][] a = new double[l.size()][];
            for (int k = 0; k < a.length; k++) a[k] = asDouble1(l.get(k));
            return a;
        }
        static boolean[][] asBoolean2(Object o) {
            java.util.List<?> l = list(o);
            boolean[][] a = new boolean[l.size()][];
            for (int k = 0; k < a.length; k++) a[k] = asBoolean1(l.get(k));
            return a;
        }
        static String[][] asString2(Object o) {
            java.util.List<?> l = list(o);
            String[][] a = new String[l.size()][];
            for (int k = 0; k < a.length; k++) a[k] = asString1(l.get(k));
            return a;
        }

        static void write(StringBuilder b, Object o) {
            if (o == null) {
                b.append("null");
            } else if (o instanceof Boolean) {
                b.append(o);
            } else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
                b.append(((Number) o).longValue());
            } else if (o instanceof Number) {
                b.append(((Number) o).doubleValue());
            } else if (o instanceof CharSequence || o instanceof Character) {
                String t = o.toString();
                b.append('"');
                for (int k = 0; k < t.length(); k++) {
                    char c = t.charAt(k);
                    if (c == '"' || c == '\\') b.append('\\').append(c);
                    else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
                b.append('"');
            } else if (o instanceof Iterable) {
                b.append('[');
                boolean first = true;
                for (Object x : (Iterable<?>) o) {
                    if (!first) b.append(',');
                    first = false;
                    write(b, x);
                }
                b.append(']');
            } else if (o.getClass().isArray()) {
                b.append('[');
                int n = java.lang.reflect.Array.getLength(o);
                for (int k = 0; k < n; k++) {
                    if (k > 0) b.append(',');
                    write(b, java.lang.reflect.Array.get(o, k));
                }
                b.append(']');
            } else {
                b.append('"').append(o.getClass().getName()).append('"');
            }
        }
    }
`

// goWrap puts the package clause and the harness's imports, aliased, at
// the start of the first line, and blanks out the candidate's own package
// clause (LeetCode's Go has none, so it may be left out) and any leading
// //go:build line (reference solutions in packs carry //go:build ignore to
// stay out of Rehearse's own build). The harness's main
// function goes after the candidate's code, under a //line directive so
// that compile errors in it name harness.go. os.Stdout is stderr while the
// function runs.
func goWrap(s *Signature, src []byte) ([]byte, error) {
	code := bytes.Clone(src)
	blank := func(from, to int) {
		for i := from; i < to; i++ {
			if code[i] != '\n' {
				code[i] = ' '
			}
		}
	}
	var sc scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("main.go", -1, len(src))
	sc.Init(file, src, nil, scanner.ScanComments)
	pos, tok, lit := sc.Scan()
	for ; tok == token.COMMENT; pos, tok, lit = sc.Scan() {
		// After a package clause the compiler rejects a build constraint.
		if strings.HasPrefix(lit, "//go:build") {
			blank(file.Offset(pos), file.Offset(pos)+len(lit))
		}
	}
	if tok == token.PACKAGE {
		npos, tok, name := sc.Scan()
		if tok != token.IDENT || name != "main" {
			return nil, fmt.Errorf("%w: main.go: the code must be in package main (or leave the package clause out)", ErrCompile)
		}
		blank(file.Offset(pos), file.Offset(npos)+len(name))
	}
	var b bytes.Buffer
	b.WriteString(`package main; import (rehearseBufio "bufio"; rehearseJSON "encoding/json"; rehearseOS "os"); `)
	b.Write(code)
	b.WriteString("\n\n//line harness.go:1\nfunc main() {\n")
	b.WriteString("\trehearseIn := rehearseJSON.NewDecoder(rehearseBufio.NewReaderSize(rehearseOS.Stdin, 1<<16))\n")
	args := make([]string, len(s.Params))
	for i, prm := range s.Params {
		args[i] = "rehearseArg" + strconv.Itoa(i)
		fmt.Fprintf(&b, "\tvar %s %s\n\trehearseRead(rehearseIn, &%[1]s, %q)\n", args[i], goType(prm.Type), prm.Name)
	}
	fmt.Fprintf(&b, "\trehearseOut := rehearseOS.Stdout\n\trehearseOS.Stdout = rehearseOS.Stderr\n")
	fmt.Fprintf(&b, "\tvar rehearseResult %s = %s(%s)\n\trehearseOS.Stdout = rehearseOut\n", goType(s.Return), s.Name, strings.Join(args, ", "))
	// nil slices would print as null.
	if s.Return.Dims > 0 {
		fmt.Fprintf(&b, "\tif rehearseResult == nil {\n\t\trehearseResult = %s{}\n\t}\n", goType(s.Return))
	}
	if s.Return.Dims > 1 {
		fmt.Fprintf(&b, "\tfor i := range rehearseResult {\n\t\tif rehearseResult[i] == nil {\n\t\t\trehearseResult[i] = %s{}\n\t\t}\n\t}\n", goType(s.Return.elem()))
	}
	fmt.Fprintf(&b, `	rehearseText, err := rehearseJSON.Marshal(rehearseResult)
	if err != nil {
		rehearseOS.Stderr.WriteString("rehearse harness: the result: " + err.Error() + "\n")
		rehearseOS.Exit(1)
	}
	rehearseOut.Write([]byte("\n%s\n" + string(rehearseText) + "\n"))
}

func rehearseRead(in *rehearseJSON.Decoder, v any, name string) {
	if err := in.Decode(v); err != nil {
		rehearseOS.Stderr.WriteString("rehearse harness: bad input for " + name + ": " + err.Error() + "\n")
		rehearseOS.Exit(3)
	}
}
`, resultMarker)
	return b.Bytes(), nil
}
