//go:build linux

package judge

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rehearse/rehearse/internal/sandbox"
)

// sum30 is a stdio problem with 30 tests of 2,000 numbers each: print
// their sum.
func sum30(b *testing.B) *Problem {
	fsys := fstest.MapFS{"problem.yaml": {Data: []byte("time_limit: 2s\nchecker: tokens\nsamples: [01]\n")}}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 1; i <= 30; i++ {
		var in strings.Builder
		sum := 0
		fmt.Fprintln(&in, 2000)
		for range 2000 {
			v := rng.IntN(1_000_000)
			sum += v
			fmt.Fprintf(&in, "%d ", v)
		}
		fsys[fmt.Sprintf("tests/%02d.in", i)] = &fstest.MapFile{Data: []byte(in.String())}
		fsys[fmt.Sprintf("tests/%02d.out", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintln(sum))}
	}
	p, err := LoadProblem(fsys, "sum30")
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func benchJudge(b *testing.B) *Judge {
	if sandbox.Probe().Level != sandbox.Full {
		b.Skip("needs the full sandbox level")
	}
	sb, err := sandbox.New(sandbox.Options{Slots: 2})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sb.Close() })
	j := New(sb, Detect(context.Background()))
	j.UseBuildCache(testBuildCache)
	if err := j.Warm(context.Background()); err != nil {
		b.Fatal(err)
	}
	return j
}

// submission30 measures whole submissions on sum30: compile (if any)
// and 30 tests, one submission at a time.
func submission30(b *testing.B, lang, src string) {
	j := benchJudge(b)
	if _, err := j.Language(lang); err != nil {
		b.Skip(err)
	}
	p := sum30(b)
	var lat []time.Duration
	for b.Loop() {
		t := time.Now()
		sub, err := j.Evaluate(context.Background(), p, lang, []byte(src), false, nil)
		if err != nil || sub.Verdict != Accepted || len(sub.Tests) != 30 {
			b.Fatalf("%v %+v", err, sub)
		}
		lat = append(lat, time.Since(t))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Milliseconds()), "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Milliseconds()), "p99-ms")
}

func BenchmarkSubmission30Go(b *testing.B) {
	submission30(b, "go", `package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	r := bufio.NewReader(os.Stdin)
	var n, s, v int
	fmt.Fscan(r, &n)
	for range n {
		fmt.Fscan(r, &v)
		s += v
	}
	fmt.Println(s)
}
`)
}

func BenchmarkSubmission30Python(b *testing.B) {
	submission30(b, "python", "import sys\nd = sys.stdin.buffer.read().split()\nprint(sum(map(int, d[1:])))\n")
}
