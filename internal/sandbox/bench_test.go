//go:build linux

package sandbox

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// helloC compiles a trusted C hello world in the sandbox, linked
// statically as the judge links C, and returns it.
func helloC(b testing.TB, s *Linux) []byte {
	b.Helper()
	return compileC(b, s, "#include <stdio.h>\nint main(){puts(\"hello\");return 0;}\n", "-static")
}

// binarySpec runs bin the way the judge runs a compiled program's tests.
func binarySpec(b testing.TB, bin []byte) Spec {
	b.Helper()
	exe, err := NewBinary(bin)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { exe.Close() })
	return Spec{Path: "./hello", Binary: exe, Limits: DefaultLimits()}
}

// compileC compiles C source in the sandbox and returns the binary.
func compileC(b testing.TB, s *Linux, src string, flags ...string) []byte {
	b.Helper()
	res, err := s.Run(context.Background(), Spec{Path: "/usr/bin/gcc", Args: append([]string{"-O2", "-o", "hello", "hello.c"}, flags...),
		Env: []string{"PATH=/usr/bin:/bin"}, Files: map[string][]byte{"hello.c": []byte(src)},
		Limits: Limits{WallTime: 20 * time.Second, CPUTime: 10 * time.Second, Memory: 1 << 30, Processes: 64, Output: 1 << 16, FileSize: 1 << 24, WorkDir: 1 << 26, Files: 1024}, KeepWork: true})
	if err != nil || res.Verdict != OK {
		b.Fatalf("compile: %v %+v", err, res)
	}
	defer res.Close()
	bin, err := res.ReadFile("hello", 1<<24)
	if err != nil {
		b.Fatal(err)
	}
	return bin
}

func benchSandbox(b testing.TB) *Linux {
	b.Helper()
	if Probe().Level != Full {
		b.Skip("needs the full sandbox level")
	}
	s, err := New(Options{Slots: 2})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// measure runs f b.N times and reports the median and p99 of its latency.
func measure(b *testing.B, f func()) {
	var lat []time.Duration
	for b.Loop() {
		t := time.Now()
		f()
		lat = append(lat, time.Since(t))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

func BenchmarkCHelloSandboxed(b *testing.B) {
	s := benchSandbox(b)
	bin := helloC(b, s)
	spec := binarySpec(b, bin)
	measure(b, func() {
		if r, err := s.Run(context.Background(), spec); err != nil || r.Verdict != OK {
			b.Fatalf("%v %+v", err, r)
		}
	})
}

func BenchmarkCHelloBare(b *testing.B) {
	s := benchSandbox(b)
	bin := helloC(b, s)
	p := filepath.Join(b.TempDir(), "hello")
	if err := os.WriteFile(p, bin, 0o755); err != nil {
		b.Fatal(err)
	}
	measure(b, func() {
		if err := exec.Command(p).Run(); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkPythonSandboxed(b *testing.B) {
	s := benchSandbox(b)
	spec := Spec{Path: "/usr/bin/python3", Args: []string{"-S", "-c", "print(1)"}, Limits: DefaultLimits()}
	measure(b, func() {
		if r, err := s.Run(context.Background(), spec); err != nil || r.Verdict != OK {
			b.Fatalf("%v %+v", err, r)
		}
	})
}

func BenchmarkPythonBare(b *testing.B) {
	measure(b, func() {
		cmd := exec.Command("/usr/bin/python3", "-S", "-c", "print(1)")
		cmd.Env = []string{}
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkCHelloParallel2 is throughput with two runs at a time.
func BenchmarkCHelloParallel2(b *testing.B) {
	s := benchSandbox(b)
	bin := helloC(b, s)
	throughput(b, s, binarySpec(b, bin))
}

// BenchmarkCHelloBareParallel2 is the same throughput with no sandbox:
// the ceiling the sandboxed figure is read against.
func BenchmarkCHelloBareParallel2(b *testing.B) {
	s := benchSandbox(b)
	p := filepath.Join(b.TempDir(), "hello")
	if err := os.WriteFile(p, helloC(b, s), 0o755); err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(1)
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := exec.Command(p).Run(); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "runs/s")
}

// BenchmarkPythonParallel2 is throughput of print(1) two at a time.
func BenchmarkPythonParallel2(b *testing.B) {
	throughput(b, benchSandbox(b), Spec{Path: "/usr/bin/python3", Args: []string{"-S", "-c", "print(1)"}, Limits: DefaultLimits()})
}

func throughput(b *testing.B, s *Linux, spec Spec) {
	b.SetParallelism(1) // GOMAXPROCS(2) × 1 = 2 at a time
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if r, err := s.Run(context.Background(), spec); err != nil || r.Verdict != OK {
				b.Errorf("%v", err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "runs/s")
}

// paired alternates a bare run and a sandboxed run of the same program,
// so that both meet the same machine, and reports each one's median and
// the median of the per-pair differences.
func paired(b *testing.B, s *Linux, spec Spec, bare func() *exec.Cmd) {
	var sb, bb, diff []time.Duration
	for b.Loop() {
		t := time.Now()
		if r, err := s.Run(context.Background(), spec); err != nil || r.Verdict != OK {
			b.Fatalf("%v %+v", err, r)
		}
		ds := time.Since(t)
		t = time.Now()
		if err := bare().Run(); err != nil {
			b.Fatal(err)
		}
		db := time.Since(t)
		sb, bb, diff = append(sb, ds), append(bb, db), append(diff, ds-db)
	}
	for _, x := range [][]time.Duration{sb, bb, diff} {
		slices.Sort(x)
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(bb[len(bb)/2]), "bare-p50-ms")
	b.ReportMetric(ms(sb[len(sb)/2]), "sandboxed-p50-ms")
	b.ReportMetric(ms(diff[len(diff)/2]), "overhead-p50-ms")
}

func BenchmarkOverheadCHello(b *testing.B) {
	s := benchSandbox(b)
	bin := helloC(b, s)
	p := filepath.Join(b.TempDir(), "hello")
	if err := os.WriteFile(p, bin, 0o755); err != nil {
		b.Fatal(err)
	}
	paired(b, s, binarySpec(b, bin),
		func() *exec.Cmd { return exec.Command(p) })
}

func BenchmarkOverheadPython(b *testing.B) {
	paired(b, benchSandbox(b), Spec{Path: "/usr/bin/python3", Args: []string{"-S", "-c", "print(1)"}, Limits: DefaultLimits()},
		func() *exec.Cmd {
			cmd := exec.Command("/usr/bin/python3", "-S", "-c", "print(1)")
			cmd.Env = []string{}
			return cmd
		})
}
