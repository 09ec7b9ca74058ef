//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// cgroup is one run's cgroup, on v1 (one directory per controller) or v2.
type cgroup struct {
	version int
	dirs    []string // v1: memory, pids, cpuacct; v2: one

	mu     sync.Mutex
	fds    map[string]int // control files kept open for writing
	limits Limits         // as last set
	// cpuBase is the CPU time used before the program started.
	cpuBase time.Duration
}

func (c *cgroup) memDir() string { return c.dirs[0] }
func (c *cgroup) cpuDir() string { return c.dirs[len(c.dirs)-1] }

// ctl returns an open descriptor of a control file, opened once.
func (c *cgroup) ctl(path string, flag int) (int, error) {
	key := fmt.Sprint(flag, path)
	c.mu.Lock()
	defer c.mu.Unlock()
	if fd, ok := c.fds[key]; ok {
		return fd, nil
	}
	fd, err := unix.Open(path, flag|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("cgroup: open %s: %w", path, err)
	}
	if c.fds == nil {
		c.fds = map[string]int{}
	}
	c.fds[key] = fd
	return fd, nil
}

// put writes a value to a control file, through a kept descriptor.
func (c *cgroup) put(path, value string) error {
	fd, err := c.ctl(path, unix.O_WRONLY)
	if err != nil {
		return err
	}
	if _, err := unix.Pwrite(fd, []byte(value), 0); err != nil {
		return fmt.Errorf("cgroup: write %s: %w", path, err)
	}
	return nil
}

// get reads a control file afresh. (Not through a kept descriptor:
// reading cgroup.procs again at offset 0 shows the list as it was.)
func (c *cgroup) get(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cgroup: %w", err)
	}
	return b, nil
}

// stat reads a counter file (CPU time, peak memory, events) through a
// kept descriptor: a read at offset 0 shows its current value, and a run
// reads these at its start, on every poll and at its end.
func (c *cgroup) stat(path string) ([]byte, error) {
	fd, err := c.ctl(path, unix.O_RDONLY)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 1024)
	n, err := unix.Pread(fd, b, 0)
	if err != nil {
		return nil, fmt.Errorf("cgroup: read %s: %w", path, err)
	}
	return b[:n], nil
}

// closeFiles closes the kept descriptors.
func (c *cgroup) closeFiles() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, fd := range c.fds {
		unix.Close(fd)
	}
	c.fds = nil
}

func write(path, value string) error {
	if err := os.WriteFile(path, []byte(value), 0o644); err != nil {
		return fmt.Errorf("cgroup: write %s: %w", path, err)
	}
	return nil
}

// newCgroup creates the run's cgroup with memory and process limits.
func newCgroup(version int, parent, id string, l Limits) (*cgroup, error) {
	c := &cgroup{version: version}
	switch version {
	case 1:
		for _, ctl := range []string{"memory", "pids", "cpuacct"} {
			dir := filepath.Join(cgroupRoot, ctl, parent, id)
			err := os.Mkdir(dir, 0o755) // the parent is there but for the first run
			if errors.Is(err, os.ErrNotExist) {
				err = os.MkdirAll(dir, 0o755)
			}
			if err != nil {
				c.remove()
				return nil, fmt.Errorf("cgroup: %w", err)
			}
			c.dirs = append(c.dirs, dir)
		}
		if err := c.setLimits(l); err != nil {
			c.remove()
			return nil, err
		}
	case 2:
		pdir := filepath.Join(cgroupRoot, parent)
		if err := os.MkdirAll(pdir, 0o755); err != nil {
			return nil, fmt.Errorf("cgroup: %w", err)
		}
		// Delegate the controllers down to the runs' cgroups, at every
		// level from the root.
		rel, _ := filepath.Rel(cgroupRoot, pdir)
		at := cgroupRoot
		_ = write(filepath.Join(at, "cgroup.subtree_control"), "+memory +pids +cpu")
		for _, part := range strings.Split(rel, "/") {
			at = filepath.Join(at, part)
			if err := write(filepath.Join(at, "cgroup.subtree_control"), "+memory +pids +cpu"); err != nil {
				return nil, err
			}
		}
		dir := filepath.Join(pdir, id)
		if err := os.Mkdir(dir, 0o755); err != nil {
			return nil, fmt.Errorf("cgroup: %w", err)
		}
		c.dirs = []string{dir}
		if err := c.setLimits(l); err != nil {
			c.remove()
			return nil, err
		}
	default:
		return nil, errors.New("cgroup: no usable cgroup hierarchy")
	}
	return c, nil
}

// setLimits sets the memory (swap included) and process limits.
func (c *cgroup) setLimits(l Limits) error {
	mem := strconv.FormatInt(l.Memory, 10)
	if c.version == 1 {
		if l.Memory != c.limits.Memory {
			// memsw must stay at least the memory limit: lower it first when
			// the limit goes down, raise it after when it goes up.
			memsw := filepath.Join(c.dirs[0], "memory.memsw.limit_in_bytes")
			hasSwap := exists(memsw)
			if hasSwap && l.Memory < c.limits.Memory {
				_ = c.put(memsw, mem)
			}
			if err := c.put(filepath.Join(c.dirs[0], "memory.limit_in_bytes"), mem); err != nil {
				return err
			}
			if hasSwap {
				if err := c.put(memsw, mem); err != nil {
					return err
				}
			}
		}
		c.limits = l
		return c.setProcesses(l.Processes)
	}
	for file, v := range map[string]string{"memory.max": mem, "memory.swap.max": "0", "pids.max": strconv.Itoa(l.Processes)} {
		if err := c.put(filepath.Join(c.dirs[0], file), v); err != nil && file != "memory.swap.max" {
			return err
		}
	}
	c.limits = l
	return nil
}

// add puts a process into the cgroup.
func (c *cgroup) add(pid int) error {
	for _, d := range c.dirs {
		if err := c.put(filepath.Join(d, "cgroup.procs"), strconv.Itoa(pid)); err != nil {
			return err
		}
	}
	return nil
}

// setProcesses changes the process limit.
func (c *cgroup) setProcesses(n int) error {
	return c.put(filepath.Join(c.dirs[min(1, len(c.dirs)-1)], "pids.max"), strconv.Itoa(n))
}

// signalAll sends SIGKILL to every process in the cgroup but except,
// once.
func (c *cgroup) signalAll(except int) {
	for _, p := range c.procs() {
		if p != except {
			_ = syscall.Kill(p, syscall.SIGKILL)
		}
	}
}

// cpu is the CPU time used by every process of the cgroup since
// startCPU (the zygote's own work in it before the program does not
// count).
func (c *cgroup) cpu() time.Duration {
	return c.usage() - c.cpuBase
}

// startCPU makes the CPU time used so far the zero of cpu.
func (c *cgroup) startCPU() { c.cpuBase = c.usage() }

// usage is the CPU time used by every process of the cgroup so far.
func (c *cgroup) usage() time.Duration {
	if c.version == 1 {
		b, err := c.stat(filepath.Join(c.cpuDir(), "cpuacct.usage"))
		if err != nil {
			return 0
		}
		ns, _ := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		return time.Duration(ns)
	}
	b, _ := c.stat(filepath.Join(c.cpuDir(), "cpu.stat"))
	return time.Duration(statIn(b, "usage_usec")) * time.Microsecond
}

// peakMemory is the most memory the cgroup used, in bytes.
func (c *cgroup) peakMemory() int64 {
	name := "memory.max_usage_in_bytes"
	if c.version == 2 {
		name = "memory.peak"
	}
	b, err := c.stat(filepath.Join(c.memDir(), name))
	if err != nil {
		return 0
	}
	n, _ := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return n
}

// oomKills is how many processes the kernel killed for memory.
func (c *cgroup) oomKills() int64 {
	name := "memory.events"
	if c.version == 1 {
		name = "memory.oom_control"
	}
	b, _ := c.stat(filepath.Join(c.memDir(), name))
	return statIn(b, "oom_kill")
}

// statIn reads "key value" from a flat keyed control file.
func statIn(b []byte, key string) int64 {
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, " ")
		if ok && k == key {
			n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n
		}
	}
	return 0
}

// procs lists the processes still in the cgroup (on v1 the pids
// hierarchy's list: a process is in all of the run's hierarchies at once).
func (c *cgroup) procs() []int {
	var out []int
	b, err := c.get(filepath.Join(c.dirs[min(1, len(c.dirs)-1)], "cgroup.procs"))
	if err != nil {
		return nil
	}
	for _, f := range strings.Fields(string(b)) {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// killAll kills every process left in the cgroup but except and waits,
// up to a second, until none is left.
func (c *cgroup) killAll(except int) {
	deadline := time.Now().Add(time.Second)
	for {
		ps := slices.DeleteFunc(c.procs(), func(p int) bool { return p == except })
		if len(ps) == 0 || time.Now().After(deadline) {
			return
		}
		for _, p := range ps {
			_ = syscall.Kill(p, syscall.SIGKILL)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// remove deletes the cgroup directories (they must be empty of processes).
func (c *cgroup) remove() {
	c.closeFiles()
	for _, d := range c.dirs {
		for i := 0; i < 50; i++ {
			if err := os.Remove(d); err == nil || os.IsNotExist(err) {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// capParent creates the parent cgroup with limits for all runs together.
// It returns the directories it created, deepest last.
func capParent(version int, parent string, memory int64, pids int) ([]string, error) {
	var dirs []string
	limits := map[string]string{}
	if version == 1 {
		for _, c := range []string{"memory", "pids", "cpuacct"} {
			dirs = append(dirs, filepath.Join(cgroupRoot, c, parent))
		}
		if memory > 0 {
			limits[filepath.Join(dirs[0], "memory.limit_in_bytes")] = strconv.FormatInt(memory, 10)
		}
		if pids > 0 {
			limits[filepath.Join(dirs[1], "pids.max")] = strconv.Itoa(pids)
		}
	} else {
		dirs = []string{filepath.Join(cgroupRoot, parent)}
		_ = write(filepath.Join(cgroupRoot, "cgroup.subtree_control"), "+memory +pids +cpu")
		if memory > 0 {
			limits[filepath.Join(dirs[0], "memory.max")] = strconv.FormatInt(memory, 10)
		}
		if pids > 0 {
			limits[filepath.Join(dirs[0], "pids.max")] = strconv.Itoa(pids)
		}
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("cgroup: %w", err)
		}
	}
	for f, v := range limits {
		if err := write(f, v); err != nil {
			return nil, err
		}
	}
	return dirs, nil
}
