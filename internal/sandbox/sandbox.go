// Package sandbox runs untrusted programs in isolation on Linux: new mount,
// pid, network, IPC, UTS and cgroup namespaces, a fresh read-only root with
// only the system and runtime directories bound in, an unprivileged user,
// cgroup limits on memory and processes, rlimits as backstops, and a
// seccomp filter, all under a supervisor that enforces the wall and CPU
// time and the output limits and leaves nothing behind. See
// shared/JUDGE.md for the mechanism set and docs/judge.md for how it is
// built.
package sandbox

import (
	"time"
)

// Level is how isolated runs are on this machine.
type Level string

// Levels, strongest first.
const (
	// Full: namespaces, writable cgroups, seccomp and a private root.
	Full Level = "full"
	// Partial: no writable cgroups, so memory and process limits rest on
	// rlimits alone.
	Partial Level = "partial"
	// None: no isolation at all (e.g. not Linux). Only the supervisor's own
	// unit tests may run code at this level.
	None Level = "none"
)

// Limits bound one run.
type Limits struct {
	WallTime  time.Duration // real time, including waiting
	CPUTime   time.Duration // CPU time of all processes together
	Memory    int64         // bytes of RAM (and swap) for all processes
	Processes int           // processes and threads
	Output    int64         // bytes of stdout, and separately of stderr
	FileSize  int64         // largest file the program may write
	WorkDir   int64         // bytes of the writable work directory
	Files     int           // inodes in the work directory
}

// DefaultLimits suit running one test of an interview problem.
func DefaultLimits() Limits {
	return Limits{
		WallTime: 5 * time.Second, CPUTime: 2 * time.Second, Memory: 256 << 20, Processes: 64,
		Output: 1 << 20, FileSize: 16 << 20, WorkDir: 64 << 20, Files: 4096,
	}
}

// Spec is one program to run.
type Spec struct {
	// Path is the program to execute, as seen inside the sandbox.
	Path string
	Args []string
	// Env is the whole environment: nothing is inherited.
	Env   []string
	Stdin []byte
	// Files are written into the work directory (/work) before the run.
	Files map[string][]byte
	// Binary, when set, is the program: Path (a name in the work
	// directory, "./main") is then only what it is called. A program run
	// many times should come this way rather than through Files: it is
	// handed over by descriptor, not written into each run.
	Binary *Binary
	// ReadOnly lists extra host directories bound read-only at the same
	// path (a language runtime outside /usr).
	ReadOnly []string
	// Overlays give the program a writable view of a trusted host
	// directory: writes land in the run's own work directory and vanish
	// with it; the host directory never changes.
	Overlays []Overlay
	// RefuseInet makes IPv4 and IPv6 sockets fail with EACCES instead of
	// killing the program as restricted, for runtimes that probe the
	// network as they start (the JVM). The network stays closed either way.
	RefuseInet bool
	Limits     Limits
	// KeepWork leaves the work directory for Result.ReadFile (a compiled
	// binary); the caller must call Result.Close.
	KeepWork bool
}

// Overlay puts a host directory at Target inside the sandbox, writable
// through a copy-on-write layer kept in the run's work directory (so it
// counts against Limits.WorkDir).
type Overlay struct {
	Lower  string // host directory, never written
	Target string // absolute path inside the sandbox
}

// Verdict is how a run ended.
type Verdict string

// Verdicts.
const (
	OK           Verdict = "ok"
	TimeLimit    Verdict = "time_limit"
	MemoryLimit  Verdict = "memory_limit"
	OutputLimit  Verdict = "output_limit"
	RuntimeError Verdict = "runtime_error"
	Restricted   Verdict = "restricted"
)

// Result is what a run did.
type Result struct {
	Verdict   Verdict
	ExitCode  int
	Signal    string
	Stdout    []byte
	Stderr    []byte
	CPU       time.Duration
	Wall      time.Duration
	MemoryKB  int64
	Isolation Level

	work *workDir
}

// cgroupParent is the default cgroup under which every run gets its own.
const cgroupParent = "rehearse"

// Options configure a sandbox.
type Options struct {
	// AllowWeaker runs code below the full level: the operator's explicit
	// choice. At level none the sandbox always refuses.
	AllowWeaker bool
	// Slots is how many programs may run at once. Each run has a slot of
	// its own uid; at the full level there are twice as many slots as
	// that, so that one being tidied after its run never holds up the
	// next.
	Slots int
	// CgroupParent is the cgroup path runs are created under; default
	// "rehearse".
	CgroupParent string
	// TotalMemory and TotalProcesses, when set, cap all runs together by
	// limiting the parent cgroup (an outer cap on the whole judge).
	TotalMemory    int64
	TotalProcesses int
}
