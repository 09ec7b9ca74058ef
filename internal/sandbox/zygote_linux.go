//go:build linux

package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The zygote is a slot's long-lived init. Starting a Go binary in fresh
// namespaces and building the root costs milliseconds, more than most
// programs take to run, so each slot keeps one init that has done it
// once: namespaces made, root built and pivoted, seccomp installed on
// itself (and so on everything it starts), running as pid 1 of its pid
// namespace. For each run the supervisor mounts a fresh work tmpfs and
// /tmp in the slot's box on the host (they propagate into the zygote,
// whose mounts are slaves), creates the run's cgroup, moves the zygote
// into it for the instant of the fork so the program is born inside it,
// and sends the program over a socket with its stdin, stdout and stderr.
// The zygote sets the rlimits, forks and execs the program as the slot's
// user with no groups, waits for it, then kills every other process in
// its namespace (kill(-1) from pid 1), reaps them, removes any System V
// IPC objects left, and reports the exit status. Nothing of one run can
// reach the next: the processes are gone, /work and /tmp are unmounted,
// the IPC objects removed.
//
// Runs that keep their work directory (compiles) or need overlays use a
// one-shot init instead; they are slow anyway.

const zygoteArg = "zygote"

// zygoteRequest is one program to start.
type zygoteRequest struct {
	Path     string
	Args     []string
	Env      []string
	UID, GID int
	Limits   Limits
	// Binary says a fourth descriptor comes with the request: the
	// program itself (Spec.Binary), executed from the descriptor.
	Binary bool `json:",omitempty"`
}

// zygoteReply is the zygote's answer: first Started (or Err), then Done
// with the wait status.
type zygoteReply struct {
	Started bool   `json:",omitempty"`
	Err     string `json:",omitempty"`
	Done    bool   `json:",omitempty"`
	Status  uint32 `json:",omitempty"`
}

// zygote is the supervisor's handle on one slot's zygote.
type zygote struct {
	key  string // what it was built for: read-only dirs and the filter
	box  string // host directory bound at /box
	pid  int
	ctl  int // our end of the control socket
	cmd  *exec.Cmd
	dead atomic.Bool
}

// zygoteKey identifies the root and filter a run needs.
func zygoteKey(spec Spec) string {
	ro := slices.Clone(spec.ReadOnly)
	slices.Sort(ro)
	return fmt.Sprintf("%v|%v", ro, spec.RefuseInet)
}

// zygoteFor returns the slot's zygote for spec, starting one (and
// stopping one built for other runs) when needed. Called with the slot
// held.
func (l *Linux) zygoteFor(slot int, spec Spec) (*zygote, error) {
	key := zygoteKey(spec)
	l.zmu.Lock()
	z := l.zygotes[slot]
	l.zmu.Unlock()
	if z != nil && z.key == key && !z.dead.Load() {
		return z, nil
	}
	if z != nil {
		z.stop()
	}
	z, err := l.startZygote(slot, key, spec)
	l.zmu.Lock()
	l.zygotes[slot] = z
	l.zmu.Unlock()
	return z, err
}

func (l *Linux) startZygote(slot int, key string, spec Spec) (*zygote, error) {
	uid := firstUID + slot
	dir := filepath.Join(l.base, fmt.Sprintf("slot-%d", slot))
	z := &zygote{key: key, box: filepath.Join(dir, "box"), ctl: -1}
	root := filepath.Join(dir, "root")
	for _, d := range []string{root, filepath.Join(z.box, "run")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.Chmod(z.box, 0o755); err != nil {
		return nil, err
	}
	// The box is a shared mount, so what the supervisor mounts in it
	// shows in the zygote.
	if !isMountPoint(z.box) {
		if err := unix.Mount(z.box, z.box, "", unix.MS_BIND, ""); err != nil {
			return nil, fmt.Errorf("bind the box: %w", err)
		}
	}
	if err := unix.Mount("", z.box, "", unix.MS_SHARED, ""); err != nil {
		return nil, fmt.Errorf("share the box: %w", err)
	}
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	z.ctl = fds[0]
	theirs := os.NewFile(uintptr(fds[1]), "control")
	defer theirs.Close()
	cfg, _ := json.Marshal(initConfig{Root: root, Box: z.box, ReadOnly: spec.ReadOnly, RefuseInet: spec.RefuseInet, UID: uid, GID: uid})
	cfgR, cfgW, err := os.Pipe()
	if err != nil {
		z.stop()
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		cfgR.Close()
		cfgW.Close()
		z.stop()
		return nil, err
	}
	z.cmd = &exec.Cmd{
		Path:       l.exe,
		Args:       []string{"rehearse-sandbox", InitArg, zygoteArg},
		Env:        []string{"GOMAXPROCS=1"}, // fewer threads to move between cgroups
		ExtraFiles: []*os.File{cfgR, errW, theirs},
		SysProcAttr: &syscall.SysProcAttr{
			Cloneflags: unix.CLONE_NEWNS | unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWIPC | unix.CLONE_NEWUTS | unix.CLONE_NEWCGROUP,
			Pdeathsig:  syscall.SIGKILL,
		},
	}
	err = z.cmd.Start()
	cfgR.Close()
	errW.Close()
	if err != nil {
		cfgW.Close()
		errR.Close()
		z.stop()
		return nil, fmt.Errorf("start: %w", err)
	}
	z.pid = z.cmd.Process.Pid
	go z.cmd.Wait() // reaped when it exits; a dead zygote shows as EOF on the socket
	if l.home != nil {
		if err := l.home.add(z.pid); err != nil {
			cfgW.Close()
			errR.Close()
			z.stop()
			return nil, err
		}
	}
	_, werr := cfgW.Write(cfg)
	cfgW.Close()
	initErr, _ := io.ReadAll(io.LimitReader(errR, 4096))
	errR.Close()
	if werr != nil || len(initErr) > 0 {
		z.stop()
		return nil, fmt.Errorf("zygote: %s%v", initErr, werr)
	}
	return z, nil
}

// stop ends the zygote (and with it, as pid 1 of its namespace, anything
// left in it).
func (z *zygote) stop() {
	z.dead.Store(true)
	if z.ctl >= 0 {
		unix.Close(z.ctl)
		z.ctl = -1
	}
	if z.pid > 0 {
		_ = syscall.Kill(z.pid, syscall.SIGKILL)
	}
}

// send gives the zygote a request with the program's stdin, stdout and
// stderr.
func (z *zygote) send(req zygoteRequest, files ...*os.File) error {
	b, _ := json.Marshal(req)
	fds := make([]int, len(files))
	for i, f := range files {
		fds[i] = int(f.Fd())
	}
	if err := unix.Sendmsg(z.ctl, b, unix.UnixRights(fds...), nil, 0); err != nil {
		z.dead.Store(true)
		return fmt.Errorf("zygote: send: %w", err)
	}
	return nil
}

// reply reads the zygote's next message; an error means it died.
func (z *zygote) reply() (zygoteReply, error) {
	buf := make([]byte, 4096)
	for {
		n, _, _, _, err := unix.Recvmsg(z.ctl, buf, nil, 0)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		var r zygoteReply
		switch {
		case err != nil:
			z.dead.Store(true)
			return r, fmt.Errorf("zygote: %w", err)
		case n == 0:
			z.dead.Store(true)
			return r, errors.New("zygote: it exited")
		}
		if err := json.Unmarshal(buf[:n], &r); err != nil {
			z.dead.Store(true)
			return r, fmt.Errorf("zygote: %w", err)
		}
		return r, nil
	}
}

// threads is how many threads the zygote has (they count against a pids
// limit while it is in a run's cgroup).
func (z *zygote) threads() int {
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", z.pid))
	if err != nil {
		return 64
	}
	return len(ents)
}

func isMountPoint(dir string) bool {
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 4 && f[4] == dir {
			return true
		}
	}
	return false
}

// zygoteMain is the zygote process: build the root once, then start
// programs until the supervisor closes the socket.
func zygoteMain(errPipe *os.File) error {
	c, err := readConfig()
	if err != nil {
		return err
	}
	if err := buildRoot(c); err != nil {
		return err
	}
	// The zygote stays root (to start programs as the slot's user) but is
	// under the same seccomp filter as they are, with no_new_privs.
	if err := zygoteFixedRlimits(); err != nil {
		return err
	}
	if err := loadFilter(c.RefuseInet); err != nil {
		return err
	}
	// The control socket must never reach a program: with it, a program
	// could ask the zygote for anything.
	ctl := 5
	unix.CloseOnExec(ctl)
	errPipe.Close() // ready
	buf := make([]byte, 1<<20)
	oob := make([]byte, unix.CmsgSpace(4*4))
	for {
		n, oobn, _, _, err := unix.Recvmsg(ctl, buf, oob, unix.MSG_CMSG_CLOEXEC)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil || n == 0 {
			return nil // the supervisor is gone
		}
		var fds []int
		if msgs, err := unix.ParseSocketControlMessage(oob[:oobn]); err == nil {
			for _, m := range msgs {
				if got, err := unix.ParseUnixRights(&m); err == nil {
					fds = append(fds, got...)
				}
			}
		}
		var req zygoteRequest
		err = json.Unmarshal(buf[:n], &req)
		want := 3
		if req.Binary {
			want = 4
		}
		if err != nil || len(fds) != want {
			closeAll(fds)
			zygoteSay(ctl, zygoteReply{Err: fmt.Sprintf("bad request (%d fds): %v", len(fds), err)})
			continue
		}
		if req.UID != c.UID || req.GID != c.GID {
			closeAll(fds)
			zygoteSay(ctl, zygoteReply{Err: fmt.Sprintf("refused: programs run as %d:%d here", c.UID, c.GID)})
			continue
		}
		zygoteRun(ctl, req, fds) // one at a time: a slot runs one program
	}
}

func closeAll(fds []int) {
	for _, fd := range fds {
		unix.Close(fd)
	}
}

func zygoteSay(ctl int, r zygoteReply) {
	b, _ := json.Marshal(r)
	_ = unix.Sendmsg(ctl, b, nil, nil, 0)
}

// zygoteRun starts one program, waits for it, and clears the namespace.
func zygoteRun(ctl int, req zygoteRequest, fds []int) {
	if err := zygoteSoftRlimits(req.Limits); err != nil {
		closeAll(fds)
		zygoteSay(ctl, zygoteReply{Err: err.Error()})
		return
	}
	path := req.Path
	if req.Binary {
		// The descriptor is close-on-exec: the kernel opens the file
		// through the link before closing it, so the program runs
		// without holding it, and a script could not (its interpreter
		// would find the descriptor gone); binaries are ELF.
		path = fmt.Sprintf("/proc/self/fd/%d", fds[3])
	}
	pid, err := syscall.ForkExec(path, req.Args, &syscall.ProcAttr{
		Dir:   "/work",
		Env:   req.Env,
		Files: []uintptr{uintptr(fds[0]), uintptr(fds[1]), uintptr(fds[2])},
		Sys: &syscall.SysProcAttr{
			Credential: &syscall.Credential{Uid: uint32(req.UID), Gid: uint32(req.GID), Groups: []uint32{}},
			Setsid:     true,
		},
	})
	closeAll(fds)
	if err != nil {
		zygoteSay(ctl, zygoteReply{Err: fmt.Sprintf("exec %s: %v", req.Path, err)})
		return
	}
	programRlimits(pid, req.Limits)
	zygoteSay(ctl, zygoteReply{Started: true})
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	// As pid 1, take everything else in the namespace with it, and reap.
	_ = syscall.Kill(-1, syscall.SIGKILL)
	for {
		_, err := syscall.Wait4(-1, nil, 0, nil)
		if errors.Is(err, syscall.ECHILD) {
			break
		}
	}
	removeIPC()
	zygoteSay(ctl, zygoteReply{Done: true, Status: uint32(ws)})
}

// Rlimits are backstops (the cgroup and the supervisor enforce memory,
// processes and time). Hard limits cannot be raised again without
// CAP_SYS_RESOURCE, which a server may lack, so the zygote sets the ones
// common to every run on itself once, hard and soft (core 0, open files,
// stack), and per run lowers only its own soft CPU and file-size limits,
// which the program inherits at the fork, and then sets the program's
// hard limits to the same values with prlimit.
func zygoteFixedRlimits() error {
	for _, r := range []struct {
		res int
		val uint64
	}{
		{unix.RLIMIT_CORE, 0},
		{unix.RLIMIT_NOFILE, 256},
		{unix.RLIMIT_STACK, 64 << 20},
	} {
		// syscall.Setrlimit, so that Go passes the open-files limit on to
		// the programs as set here.
		if err := syscall.Setrlimit(r.res, &syscall.Rlimit{Cur: r.val, Max: r.val}); err != nil {
			return fmt.Errorf("setrlimit %d: %w", r.res, err)
		}
	}
	return nil
}

// runRlimits are a run's CPU (seconds) and file-size limits.
func runRlimits(l Limits) [2]struct {
	res int
	val uint64
} {
	return [2]struct {
		res int
		val uint64
	}{{unix.RLIMIT_CPU, uint64(l.CPUTime.Seconds()) + 1}, {unix.RLIMIT_FSIZE, uint64(l.FileSize)}}
}

// zygoteSoftRlimits lowers the zygote's soft limits to the run's before
// the fork. Its CPU limit counts its own time too, so that is added.
func zygoteSoftRlimits(l Limits) error {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	own := uint64(time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds())
	for _, r := range runRlimits(l) {
		var cur unix.Rlimit
		if err := unix.Getrlimit(r.res, &cur); err != nil {
			return err
		}
		v := r.val
		if r.res == unix.RLIMIT_CPU {
			v += own + 1
		}
		if v > cur.Max {
			v = cur.Max
		}
		if err := unix.Setrlimit(r.res, &unix.Rlimit{Cur: v, Max: cur.Max}); err != nil {
			return fmt.Errorf("setrlimit %d: %w", r.res, err)
		}
	}
	return nil
}

// programRlimits sets the started program's limits, soft and hard.
func programRlimits(pid int, l Limits) {
	for _, r := range runRlimits(l) {
		_ = unix.Prlimit(pid, r.res, &unix.Rlimit{Cur: r.val, Max: r.val}, nil)
	}
}

// ipcCount makes an *_INFO call and returns the count at index field of
// what the kernel filled in, or -1 if the call failed (so the caller
// looks anyway).
func ipcCount(trap, cmd uintptr, field int) int32 {
	var buf [32]int32 // larger than shm_info, seminfo and msginfo
	var errno unix.Errno
	if trap == unix.SYS_SEMCTL { // semctl(id, semnum, cmd, arg)
		_, _, errno = unix.Syscall6(trap, 0, 0, cmd, uintptr(unsafe.Pointer(&buf[0])), 0, 0)
	} else { // shmctl and msgctl: (id, cmd, buf)
		_, _, errno = unix.Syscall(trap, 0, cmd, uintptr(unsafe.Pointer(&buf[0])))
	}
	if errno != 0 {
		return -1
	}
	return buf[field]
}

// removeIPC removes every System V message queue, semaphore set and
// shared memory segment in the namespace: they outlive processes.
func removeIPC() {
	for _, k := range []struct {
		file string
		// inUse asks the kernel how many objects of the kind the
		// namespace holds (*_INFO), so that the listing is read only
		// when there is something to remove: most runs leave nothing.
		inUse func() int32
		rm    func(id int)
	}{
		{"/proc/sysvipc/shm", func() int32 { return ipcCount(unix.SYS_SHMCTL, 14 /* SHM_INFO: used_ids */, 0) },
			func(id int) { unix.SysvShmCtl(id, unix.IPC_RMID, nil) }},
		{"/proc/sysvipc/sem", func() int32 { return ipcCount(unix.SYS_SEMCTL, 19 /* SEM_INFO: semusz */, 7) },
			func(id int) { unix.Syscall(unix.SYS_SEMCTL, uintptr(id), 0, unix.IPC_RMID) }},
		{"/proc/sysvipc/msg", func() int32 { return ipcCount(unix.SYS_MSGCTL, 12 /* MSG_INFO: msgpool */, 0) },
			func(id int) { unix.Syscall(unix.SYS_MSGCTL, uintptr(id), unix.IPC_RMID, 0) }},
	} {
		if k.inUse() == 0 {
			continue
		}
		b, err := os.ReadFile(k.file)
		if err != nil {
			continue
		}
		for i, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if i == 0 || len(f) < 2 {
				continue
			}
			if id, err := strconv.Atoi(f[1]); err == nil {
				k.rm(id)
			}
		}
	}
}
