//go:build linux

package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Linux is the sandbox for Linux. Build it with New.
type Linux struct {
	caps   Capabilities
	parent string // cgroup path under which runs get theirs
	base   string // host directory for run roots and work dirs
	// running holds a token per program running, Options.Slots of them;
	// slots holds the slots (each its own unprivileged uid) free to
	// take a run. At the full level there are twice as many slots as
	// tokens, so a slot still being tidied after its run never keeps
	// the next program waiting.
	running chan struct{}
	slots   chan int
	exe     string // the binary that re-executes as init
	// ownDirs are parent cgroups New created for a total cap; Close
	// removes them.
	ownDirs []string
	// zygotes are the slots' long-lived inits, and home the cgroup they
	// live in between forks.
	zmu     sync.Mutex
	zygotes map[int]*zygote
	home    *cgroup
	closed  bool
	// ready is, per slot, what the next run needs made ahead; it
	// belongs to whoever holds the slot. tidying counts the slots still
	// being tidied after a run.
	ready   []*readyRun
	tidying sync.WaitGroup
}

// Close stops the zygotes, removes their boxes and the parent cgroups New
// created.
func (l *Linux) Close() error {
	l.zmu.Lock()
	for _, z := range l.zygotes {
		z.stop()
	}
	l.zygotes = map[int]*zygote{}
	l.closed = true
	l.zmu.Unlock()
	l.tidying.Wait()
	for i, r := range l.ready {
		if r != nil {
			r.unready(l)
			l.ready[i] = nil
		}
	}
	if l.home != nil {
		l.home.killAll(0)
		l.home.remove()
	}
	boxes, _ := filepath.Glob(filepath.Join(l.base, "slot-*", "box"))
	for _, b := range boxes {
		for _, m := range []string{"run", ""} {
			_ = unix.Unmount(filepath.Join(b, m), unix.MNT_DETACH)
		}
		os.RemoveAll(filepath.Dir(b))
	}
	for i := len(l.ownDirs) - 1; i >= 0; i-- {
		os.Remove(l.ownDirs[i])
	}
	os.Remove(l.base) // only when empty: another instance may share it
	return nil
}

// firstUID is the uid of slot 0; slot n runs as firstUID+n.
const firstUID = 61000

// New returns a Linux sandbox after probing the machine; see Options.
func New(opt Options) (*Linux, error) {
	allowWeaker, slots := opt.AllowWeaker, max(opt.Slots, 1)
	caps := Probe()
	switch {
	case caps.Level == None:
		return nil, fmt.Errorf("sandbox: isolation level none on this machine (%s); refusing to run code", strings.Join(caps.Notes, "; "))
	case caps.Level != Full && !allowWeaker:
		return nil, fmt.Errorf("sandbox: isolation level %s (%s); refusing to run code below full unless the operator allows a weaker sandbox", caps.Level, strings.Join(caps.Notes, "; "))
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("sandbox: find own binary: %w", err)
	}
	clearStale(filepath.Join(os.TempDir(), "rehearse-sandbox"))
	// One base per sandbox, named after the process, so that what one
	// sandbox leaves (or is still using) is never confused with another's,
	// in this process or any other.
	base := filepath.Join(os.TempDir(), "rehearse-sandbox", fmt.Sprintf("%d-%s", os.Getpid(), randomID()[:8]))
	if err := os.MkdirAll(base, 0o711); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	parent := opt.CgroupParent
	if parent == "" {
		parent = cgroupParent
	}
	l := &Linux{caps: caps, parent: parent, base: base, running: make(chan struct{}, slots), exe: exe, zygotes: map[int]*zygote{}}
	if caps.Level == Full {
		slots *= 2
	}
	l.slots = make(chan int, slots)
	l.ready = make([]*readyRun, slots)
	if caps.Level == Full {
		clearStaleCgroups(caps.Cgroup, parent)
	}
	if caps.Level == Full && (opt.TotalMemory > 0 || opt.TotalProcesses > 0) {
		dirs, err := capParent(caps.Cgroup, parent, opt.TotalMemory, opt.TotalProcesses)
		if err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		l.ownDirs = dirs
	}
	if caps.Level == Full {
		// The zygotes' home is this sandbox's own: another sandbox under
		// the same parent (another server, a CLI run) must never be
		// touched by this one's Close.
		home, err := newCgroup(caps.Cgroup, parent, "zygotes-"+filepath.Base(base), Limits{Memory: 256 << 20 * int64(slots), Processes: 64 * slots})
		if err != nil {
			l.Close()
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		l.home = home
	}
	for i := range slots {
		l.slots <- i
	}
	return l, nil
}

// clearStale removes what sandboxes of processes that no longer exist
// left under dir (a killed server): the slots' box mounts, and the dirs.
func clearStale(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		name, _, _ := strings.Cut(e.Name(), "-")
		pid, err := strconv.Atoi(name)
		if err != nil || pid == os.Getpid() || alive(pid) {
			continue // not ours, or its process is alive
		}
		stale := filepath.Join(dir, e.Name())
		mi, _ := os.ReadFile("/proc/self/mountinfo")
		var mounts []string
		for _, line := range strings.Split(string(mi), "\n") {
			if f := strings.Fields(line); len(f) > 4 && strings.HasPrefix(f[4], stale+"/") {
				mounts = append(mounts, f[4])
			}
		}
		// Deepest first.
		for i := len(mounts) - 1; i >= 0; i-- {
			_ = unix.Unmount(mounts[i], unix.MNT_DETACH)
		}
		os.RemoveAll(stale)
	}
}

// clearStaleCgroups removes the cgroups killed servers left under parent:
// their zygotes' homes (named after a process that no longer exists), and
// run cgroups nobody has used for a minute (a live sandbox uses the one it
// makes within milliseconds). A cgroup that still holds a process cannot
// be removed, so a live one is never lost.
func clearStaleCgroups(version int, parent string) {
	dirs := []string{filepath.Join(cgroupRoot, parent)}
	if version == 1 {
		dirs = nil
		for _, c := range []string{"memory", "pids", "cpuacct"} {
			dirs = append(dirs, filepath.Join(cgroupRoot, c, parent))
		}
	}
	for _, dir := range dirs {
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range ents {
			if !e.IsDir() {
				continue
			}
			stale := false
			if rest, ok := strings.CutPrefix(e.Name(), "zygotes-"); ok {
				name, _, _ := strings.Cut(rest, "-")
				pid, err := strconv.Atoi(name)
				stale = err == nil && pid != os.Getpid() && !alive(pid)
			} else if strings.HasPrefix(e.Name(), "run-") {
				info, err := e.Info()
				stale = err == nil && time.Since(info.ModTime()) > time.Minute
			}
			if stale {
				_ = os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
}

// alive reports whether pid is a running process (not a zombie).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the command name, which is in parentheses.
	i := strings.LastIndexByte(string(b), ')')
	return i < 0 || i+2 >= len(b) || b[i+2] != 'Z'
}

// Level is the isolation this sandbox gives.
func (l *Linux) Level() Level { return l.caps.Level }

type workDir struct {
	dir  string // holds root/ and work/
	root *os.Root
}

// ReadFile reads a file the program left in /work, refusing symlinks and
// anything but a regular file of at most max bytes.
func (r *Result) ReadFile(name string, max int64) ([]byte, error) {
	if r.work == nil || r.work.root == nil {
		return nil, errors.New("sandbox: the work directory was not kept")
	}
	fi, err := r.work.root.Lstat(name)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	if !fi.Mode().IsRegular() || fi.Size() > max {
		return nil, fmt.Errorf("sandbox: %s is not a regular file of at most %d bytes", name, max)
	}
	f, err := r.work.root.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max))
}

// Glob lists the regular files at the top of a kept /work whose names
// match pattern (path.Match syntax).
func (r *Result) Glob(pattern string) ([]string, error) {
	if r.work == nil || r.work.root == nil {
		return nil, errors.New("sandbox: the work directory was not kept")
	}
	d, err := r.work.root.Open(".")
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	defer d.Close()
	ents, err := d.ReadDir(-1)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	var out []string
	for _, e := range ents {
		if ok, err := path.Match(pattern, e.Name()); err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		} else if ok && e.Type().IsRegular() {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// Close removes a kept work directory.
func (r *Result) Close() error {
	if r.work == nil {
		return nil
	}
	err := r.work.cleanup()
	r.work = nil
	return err
}

func (w *workDir) cleanup() error {
	if w.root != nil {
		w.root.Close()
	}
	_ = unix.Unmount(filepath.Join(w.dir, "work"), unix.MNT_DETACH)
	return os.RemoveAll(w.dir)
}

// overlayDir holds the upper layers of a run's overlays, in its work
// directory. It belongs to root and is closed to the program, which sees
// its layers only through the merged mounts.
const overlayDir = ".overlay"

func prepareOverlays(root *os.Root, overlays []Overlay, uid int) error {
	if len(overlays) == 0 {
		return nil
	}
	if err := root.Mkdir(overlayDir, 0o700); err != nil {
		return err
	}
	for i, o := range overlays {
		if !filepath.IsAbs(o.Target) || !filepath.IsAbs(o.Lower) || strings.ContainsAny(o.Lower, ",:\\") {
			return fmt.Errorf("overlay %q on %q: want absolute paths without , : or \\", o.Lower, o.Target)
		}
		layer := filepath.Join(overlayDir, strconv.Itoa(i))
		for _, d := range []string{layer, filepath.Join(layer, "upper"), filepath.Join(layer, "work")} {
			if err := root.Mkdir(d, 0o755); err != nil {
				return err
			}
		}
		if err := root.Lchown(filepath.Join(layer, "upper"), uid, uid); err != nil {
			return err
		}
	}
	return nil
}

func randomID() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// limitedBuffer keeps at most max bytes and reports when more arrived.
type limitedBuffer struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	max  int64
	over bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	room := b.max - int64(b.buf.Len())
	if int64(len(p)) > room {
		b.buf.Write(p[:max(room, 0)])
		b.over = true
		return len(p), errOverLimit
	}
	return b.buf.Write(p)
}

var errOverLimit = errors.New("output over the limit")

// Run runs spec in the sandbox and returns what happened. An error means
// the sandbox itself failed; everything the program does is a Result.
func (l *Linux) Run(ctx context.Context, spec Spec) (*Result, error) {
	if spec.Binary != nil {
		if _, err := binaryName(spec.Path); err != nil {
			return nil, err
		}
	}
	select {
	case l.running <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-l.running }()
	var slot int
	select {
	case slot = <-l.slots:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	lim := spec.Limits
	if lim == (Limits{}) {
		lim = DefaultLimits()
	}
	if l.caps.Level == Full && !spec.KeepWork && len(spec.Overlays) == 0 {
		// The slot goes back once the run is tidied away, after the
		// result is returned.
		return l.runInZygote(ctx, spec, lim, slot)
	}
	defer func() { l.slots <- slot }()
	return l.runOnce(ctx, spec, lim, slot)
}

// runName names a run's cgroup after its slot.
func runName(slot int) string { return fmt.Sprintf("run-%d-%s", slot, randomID()) }

// writeFiles writes files into a work directory, owned by uid; exe, if
// among them, is made executable.
func writeFiles(root *os.Root, files map[string][]byte, exe string, uid int) error {
	for name, data := range files {
		if strings.Contains(name, "/") {
			return fmt.Errorf("sandbox: file name %q must not contain /", name)
		}
		mode := os.FileMode(0o644)
		if name == exe {
			mode = 0o755
		}
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if err != nil {
			return fmt.Errorf("sandbox: %w", err)
		}
		_, err = f.Write(data)
		f.Close()
		if err != nil {
			return fmt.Errorf("sandbox: write %s: %w", name, err)
		}
		if err := root.Lchown(name, uid, uid); err != nil {
			return fmt.Errorf("sandbox: %w", err)
		}
	}
	return nil
}

// writeBinary writes spec.Binary into a one-shot run's work directory
// under the name in spec.Path (the zygote runs it by descriptor instead).
func writeBinary(root *os.Root, spec Spec, uid int) error {
	if spec.Binary == nil {
		return nil
	}
	name, err := binaryName(spec.Path)
	if err != nil {
		return err
	}
	data, err := spec.Binary.bytes()
	if err != nil {
		return fmt.Errorf("sandbox: read binary: %w", err)
	}
	return writeFiles(root, map[string][]byte{name: data}, name, uid)
}

// binaryName is the work-directory name a Binary runs as.
func binaryName(path string) (string, error) {
	name, ok := strings.CutPrefix(path, "./")
	if !ok || name == "" || strings.Contains(name, "/") {
		return "", fmt.Errorf("sandbox: a binary runs as ./name, not %q", path)
	}
	return name, nil
}

// workOptions are the mount options of a run's work tmpfs.
func workOptions(lim Limits, uid int) string {
	return fmt.Sprintf("size=%d,nr_inodes=%d,mode=0700,uid=%d,gid=%d", lim.WorkDir, lim.Files, uid, uid)
}

// readyRun is what a slot's next run needs, made ahead: the box's tmpfs
// (work and tmp) and a fresh cgroup with the zygote already in it, so that
// the program is born in it. Moving a process between cgroups waits, at
// times, for an RCU grace period (milliseconds), so the zygote moves into
// the next run's cgroup while the current program runs, never on the way
// to a program.
type readyRun struct {
	run  string  // the box's run directory, with the tmpfs mounted
	cg   *cgroup // never used before (pages a run reads stay charged to its cgroup)
	zpid int     // the zygote inside cg
	lim  Limits  // what the tmpfs and cg were made for
}

// mountRun mounts a fresh tmpfs at the slot's run directory, holding an
// empty work (the slot's user's) and tmp (1777).
func mountRun(run string, lim Limits, uid int) error {
	opts := fmt.Sprintf("size=%d,nr_inodes=%d,mode=0755", lim.WorkDir, lim.Files)
	if err := unix.Mount("tmpfs", run, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, opts); err != nil {
		return fmt.Errorf("mount work dir: %w", err)
	}
	box, err := os.OpenRoot(run)
	if err == nil {
		err = box.Mkdir("work", 0o700)
		if err == nil {
			err = box.Lchown("work", uid, uid)
		}
		if err == nil {
			err = box.Mkdir("tmp", 0o777)
		}
		if err == nil {
			err = box.Chmod("tmp", 0o1777)
		}
		box.Close()
	}
	if err != nil {
		_ = unix.Unmount(run, unix.MNT_DETACH)
	}
	return err
}

// cgroupFor makes a fresh run cgroup for slot with lim's limits and moves
// the zygote z into it, its threads allowed for on the pids limit. On
// failure the zygote is sent home.
func (l *Linux) cgroupFor(slot int, z *zygote, lim Limits) (*cgroup, error) {
	cg, err := newCgroup(l.caps.Cgroup, l.parent, runName(slot), lim)
	if err != nil {
		return nil, err
	}
	err = cg.setProcesses(lim.Processes + z.threads())
	if err == nil {
		err = cg.add(z.pid)
	}
	if err != nil {
		_ = l.home.add(z.pid)
		cg.killAll(0)
		cg.remove()
		return nil, err
	}
	return cg, nil
}

// prepare makes a readyRun for slot's zygote z with lim's limits; cg, when
// not nil, already holds the zygote.
func (l *Linux) prepare(slot int, z *zygote, lim Limits, cg *cgroup) (*readyRun, error) {
	r := &readyRun{run: filepath.Join(z.box, "run"), cg: cg, zpid: z.pid, lim: lim}
	if err := mountRun(r.run, lim, firstUID+slot); err != nil {
		r.unready(l)
		return nil, err
	}
	if r.cg == nil {
		cg, err := l.cgroupFor(slot, z, lim)
		if err != nil {
			_ = unix.Unmount(r.run, unix.MNT_DETACH)
			return nil, err
		}
		r.cg = cg
	}
	return r, nil
}

// unready undoes a readyRun that will not be used: the zygote goes home
// (if it is still alive), the cgroup is removed and the tmpfs unmounted.
func (r *readyRun) unready(l *Linux) {
	if r.cg != nil {
		_ = l.home.add(r.zpid)
		r.cg.killAll(r.zpid)
		r.cg.remove()
	}
	_ = unix.Unmount(r.run, unix.MNT_DETACH)
}

// runInZygote runs spec through the slot's zygote. It returns the slot
// when the run is tidied away, which goes on after it returns.
func (l *Linux) runInZygote(ctx context.Context, spec Spec, lim Limits, slot int) (res *Result, err error) {
	var (
		z      *zygote
		r      *readyRun
		next   *cgroup               // the next run's, which the zygote moves into while the program runs
		moved  = make(chan struct{}) // closed once the zygote has left the run's cgroup, or never will
		moving bool
	)
	l.tidying.Add(1)
	defer func() {
		if !moving {
			close(moved)
		}
		go l.tidy(slot, z, r, moving, &next, moved, lim)
	}()
	uid := firstUID + slot
	z, err = l.zygoteFor(slot, spec)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	r, l.ready[slot] = l.ready[slot], nil
	if r != nil && (r.zpid != z.pid || r.lim.WorkDir != lim.WorkDir || r.lim.Files != lim.Files) {
		r.unready(l)
		r = nil
	}
	if r == nil {
		if r, err = l.prepare(slot, z, lim, nil); err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
	}
	cg := r.cg
	if cg.limits != lim {
		err = cg.setLimits(lim)
		if err == nil {
			err = cg.setProcesses(lim.Processes + z.threads())
		}
		if err != nil {
			z.stop()
			return nil, fmt.Errorf("sandbox: %w", err)
		}
	}
	cg.startCPU()
	work, err := os.OpenRoot(filepath.Join(r.run, "work"))
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	err = writeFiles(work, spec.Files, "", uid)
	work.Close()
	if err != nil {
		return nil, err
	}

	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	outR, outW, _ := os.Pipe()
	eoR, eoW, _ := os.Pipe()
	req := zygoteRequest{Path: spec.Path, Args: append([]string{spec.Path}, spec.Args...), Env: spec.Env, UID: uid, GID: uid, Limits: lim}
	files := []*os.File{stdinR, outW, eoW}
	if spec.Binary != nil {
		req.Binary = true
		files = append(files, spec.Binary.f)
	}
	err = z.send(req, files...)
	for _, f := range []*os.File{stdinR, outW, eoW} {
		f.Close()
	}
	var rep zygoteReply
	if err == nil {
		rep, err = z.reply()
	}
	if err == nil && !rep.Started {
		err = fmt.Errorf("zygote: %s", rep.Err)
	}
	if err != nil {
		z.stop()
		stdinW.Close()
		outR.Close()
		eoR.Close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	start := time.Now()
	// The program was born in the cgroup. While it runs, the zygote moves
	// on into the next run's cgroup (home, if that cannot be made), and
	// the pids limit closes to the program's own.
	moving = true
	go func() {
		defer close(moved)
		if c, err := l.cgroupFor(slot, z, lim); err == nil {
			next = c
		}
		_ = cg.setProcesses(lim.Processes)
	}()
	go func() {
		stdinW.Write(spec.Stdin) // fails, harmlessly, when the program exits unread
		stdinW.Close()
	}()
	exited := make(chan syscall.WaitStatus, 1)
	go func() {
		r, err := z.reply()
		if err != nil || !r.Done {
			// The zygote died; the program died with it (it was pid 1).
			z.stop()
			exited <- syscall.WaitStatus(uint32(syscall.SIGKILL))
			return
		}
		exited <- syscall.WaitStatus(r.Status)
	}()
	return l.supervise(ctx, lim, cg, z.pid, func() { cg.signalAll(z.pid) }, exited, outR, eoR, start)
}

// tidy clears a slot after a run in its zygote, makes what its next run
// needs, and gives the slot back.
//
// left says the zygote left the run's cgroup (into *next, or home), so it
// must not be moved again; *next is read once moved is closed.
func (l *Linux) tidy(slot int, z *zygote, r *readyRun, left bool, next **cgroup, moved <-chan struct{}, lim Limits) {
	defer l.tidying.Done()
	defer func() { l.slots <- slot }()
	<-moved
	if r != nil {
		if left {
			r.cg.killAll(z.pid)
			r.cg.remove()
			r.cg = nil
		}
		r.unready(l)
	}
	l.zmu.Lock()
	closed := l.closed
	l.zmu.Unlock()
	if closed || z == nil || z.dead.Load() {
		if *next != nil {
			(&readyRun{cg: *next, zpid: z.pid, run: filepath.Join(z.box, "run")}).unready(l)
		}
		return
	}
	ready, err := l.prepare(slot, z, lim, *next)
	if err != nil {
		return // the next run tries again, and reports what fails
	}
	l.zmu.Lock()
	closed = l.closed
	l.zmu.Unlock()
	if closed {
		ready.unready(l)
		return
	}
	l.ready[slot] = ready
}

// runOnce runs spec under a fresh init of its own.
func (l *Linux) runOnce(ctx context.Context, spec Spec, lim Limits, slot int) (*Result, error) {
	uid := firstUID + slot
	id := randomID()
	w := &workDir{dir: filepath.Join(l.base, id)}
	keep := false
	defer func() {
		if !keep {
			w.cleanup()
		}
	}()
	rootDir, work := filepath.Join(w.dir, "root"), filepath.Join(w.dir, "work")
	for _, d := range []string{rootDir, work} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
	}
	if err := unix.Mount("tmpfs", work, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, workOptions(lim, uid)); err != nil {
		return nil, fmt.Errorf("sandbox: mount work dir: %w", err)
	}
	root, err := os.OpenRoot(work)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	w.root = root
	if err := writeFiles(root, spec.Files, "", uid); err != nil {
		return nil, err
	}
	if err := writeBinary(root, spec, uid); err != nil {
		return nil, err
	}
	if err := prepareOverlays(root, spec.Overlays, uid); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}

	var cg *cgroup
	if l.caps.Level == Full {
		if cg, err = newCgroup(l.caps.Cgroup, l.parent, id, lim); err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		defer func() { cg.killAll(0); cg.remove() }()
	}

	cfg, _ := json.Marshal(initConfig{Root: rootDir, Work: work, ReadOnly: spec.ReadOnly, Overlays: spec.Overlays, RefuseInet: spec.RefuseInet, Path: spec.Path,
		Args: append([]string{spec.Path}, spec.Args...), Env: spec.Env, UID: uid, GID: uid, Limits: lim})
	cfgR, cfgW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		cfgR.Close()
		cfgW.Close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	outR, outW, _ := os.Pipe()
	eoR, eoW, _ := os.Pipe()
	cmd := &exec.Cmd{
		Path:       l.exe,
		Args:       []string{"rehearse-sandbox", InitArg},
		Env:        []string{},
		Stdin:      bytes.NewReader(spec.Stdin),
		Stdout:     outW,
		Stderr:     eoW,
		ExtraFiles: []*os.File{cfgR, errW},
		SysProcAttr: &syscall.SysProcAttr{
			Cloneflags: unix.CLONE_NEWNS | unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWIPC | unix.CLONE_NEWUTS | unix.CLONE_NEWCGROUP,
			Pdeathsig:  syscall.SIGKILL,
		},
	}
	if err := cmd.Start(); err != nil {
		for _, f := range []*os.File{cfgR, cfgW, errR, errW, outR, outW, eoR, eoW} {
			f.Close()
		}
		return nil, fmt.Errorf("sandbox: start: %w", err)
	}
	for _, f := range []*os.File{cfgR, errW, outW, eoW} {
		f.Close()
	}
	pid := cmd.Process.Pid
	kill := func() { _ = syscall.Kill(pid, syscall.SIGKILL) } // the namespace's init: takes every process with it
	if cg != nil {
		if err := cg.add(pid); err != nil {
			kill()
			cmd.Wait()
			cfgW.Close()
			return nil, fmt.Errorf("sandbox: %w", err)
		}
	}
	start := time.Now()
	_, werr := cfgW.Write(cfg)
	cfgW.Close()
	initErr, _ := io.ReadAll(io.LimitReader(errR, 4096))
	errR.Close()
	if werr != nil || len(initErr) > 0 {
		kill()
		cmd.Wait()
		outR.Close()
		eoR.Close()
		return nil, fmt.Errorf("sandbox: init: %s%v", initErr, werr)
	}
	exited := make(chan syscall.WaitStatus, 1)
	go func() {
		cmd.Wait()
		var ws syscall.WaitStatus
		if cmd.ProcessState != nil {
			ws = cmd.ProcessState.Sys().(syscall.WaitStatus)
		}
		exited <- ws
	}()
	res, err := l.supervise(ctx, lim, cg, 0, kill, exited, outR, eoR, start)
	if err == nil && cg == nil && cmd.ProcessState != nil {
		res.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err == nil && spec.KeepWork {
		keep = true
		res.work = w
	}
	return res, err
}

// supervise watches a started program: its output through pipes into
// bounded buffers (crossing the limit kills it at once, not when a timer
// fires), its wall and CPU time, until it exits; then it turns what
// happened into a Result.
//
// cg may hold one process that is not the program's, except (the zygote
// on its way out); it is never signalled.
func (l *Linux) supervise(ctx context.Context, lim Limits, cg *cgroup, except int, kill func(), exited <-chan syscall.WaitStatus, outR, eoR *os.File, start time.Time) (*Result, error) {
	stdout := &limitedBuffer{max: lim.Output}
	stderr := &limitedBuffer{max: lim.Output}
	var outputOver bool
	var mu sync.Mutex
	var readers sync.WaitGroup
	for _, p := range []struct {
		r   *os.File
		buf *limitedBuffer
	}{{outR, stdout}, {eoR, stderr}} {
		readers.Add(1)
		go func() {
			defer readers.Done()
			if _, err := io.Copy(p.buf, p.r); errors.Is(err, errOverLimit) {
				mu.Lock()
				outputOver = true
				mu.Unlock()
				kill()
				io.Copy(io.Discard, p.r)
			}
			p.r.Close()
		}()
	}

	var timedOut bool
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	var ws syscall.WaitStatus
loop:
	for {
		select {
		case ws = <-exited:
			break loop
		case <-ctx.Done():
			kill()
		case <-tick.C:
			if time.Since(start) > lim.WallTime || (cg != nil && cg.cpu() > lim.CPUTime) {
				timedOut = true
				kill()
			}
		}
	}
	wall := time.Since(start)
	if cg != nil {
		cg.killAll(except)
	}
	readers.Wait()

	res := &Result{Stdout: stdout.buf.Bytes(), Stderr: stderr.buf.Bytes(), Wall: wall, Isolation: l.caps.Level, ExitCode: -1}
	if cg != nil {
		res.CPU = cg.cpu()
		res.MemoryKB = cg.peakMemory() >> 10
	}
	switch {
	case ws.Exited():
		res.ExitCode = ws.ExitStatus()
	case ws.Signaled():
		res.Signal = unix.SignalName(ws.Signal())
	}
	mu.Lock()
	over := outputOver
	mu.Unlock()
	switch {
	case over:
		res.Verdict = OutputLimit
	case timedOut || ws.Signaled() && ws.Signal() == syscall.SIGXCPU:
		res.Verdict = TimeLimit
	case cg != nil && cg.oomKills() > 0:
		res.Verdict = MemoryLimit
	case ws.Signaled() && ws.Signal() == syscall.SIGSYS:
		res.Verdict = Restricted
	case (ws.Signaled() || res.ExitCode != 0) && res.CPU > lim.CPUTime:
		// A failed run that used up its CPU time: the CPU rlimit killed
		// a process in it (a compiler's cc1plus, say) before the next
		// poll, and its parent reported that as its own failure.
		res.Verdict = TimeLimit
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case ws.Signaled() || res.ExitCode != 0:
		res.Verdict = RuntimeError
	default:
		res.Verdict = OK
	}
	return res, nil
}
