//go:build linux

package sandbox

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cgroup is one run's cgroup, on v1 (one directory per controller) or v2.
type cgroup struct {
	version int
	dirs    []string // v1: memory, pids, cpuacct; v2: one
}

func (c *cgroup) memDir() string { return c.dirs[0] }
func (c *cgroup) cpuDir() string { return c.dirs[len(c.dirs)-1] }

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
			if err := os.MkdirAll(dir, 0o755); err != nil {
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
		// memsw must stay at least the memory limit: lower it first when
		// the limit goes down, raise it after when it goes up.
		memsw := filepath.Join(c.dirs[0], "memory.memsw.limit_in_bytes")
		hasSwap := exists(memsw)
		if hasSwap {
			_ = write(memsw, mem)
		}
		if err := write(filepath.Join(c.dirs[0], "memory.limit_in_bytes"), mem); err != nil {
			return err
		}
		if hasSwap {
			if err := write(memsw, mem); err != nil {
				return err
			}
		}
		return c.setProcesses(l.Processes)
	}
	for file, v := range map[string]string{"memory.max": mem, "memory.swap.max": "0", "pids.max": strconv.Itoa(l.Processes)} {
		if err := write(filepath.Join(c.dirs[0], file), v); err != nil && file != "memory.swap.max" {
			return err
		}
	}
	return nil
}

// add puts a process into the cgroup.
func (c *cgroup) add(pid int) error {
	for _, d := range c.dirs {
		if err := write(filepath.Join(d, "cgroup.procs"), strconv.Itoa(pid)); err != nil {
			return err
		}
	}
	return nil
}

// setProcesses changes the process limit.
func (c *cgroup) setProcesses(n int) error {
	return write(filepath.Join(c.dirs[min(1, len(c.dirs)-1)], "pids.max"), strconv.Itoa(n))
}

// signalAll sends SIGKILL to every process in the cgroup, once.
func (c *cgroup) signalAll() {
	for _, p := range c.procs() {
		_ = syscall.Kill(p, syscall.SIGKILL)
	}
}

// cpu is the CPU time used by every process of the cgroup so far.
func (c *cgroup) cpu() time.Duration {
	if c.version == 1 {
		b, err := os.ReadFile(filepath.Join(c.cpuDir(), "cpuacct.usage"))
		if err != nil {
			return 0
		}
		ns, _ := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		return time.Duration(ns)
	}
	us := statValue(filepath.Join(c.cpuDir(), "cpu.stat"), "usage_usec")
	return time.Duration(us) * time.Microsecond
}

// peakMemory is the most memory the cgroup used, in bytes.
func (c *cgroup) peakMemory() int64 {
	name := "memory.max_usage_in_bytes"
	if c.version == 2 {
		name = "memory.peak"
	}
	b, err := os.ReadFile(filepath.Join(c.memDir(), name))
	if err != nil {
		return 0
	}
	n, _ := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return n
}

// oomKills is how many processes the kernel killed for memory.
func (c *cgroup) oomKills() int64 {
	if c.version == 1 {
		return statValue(filepath.Join(c.memDir(), "memory.oom_control"), "oom_kill")
	}
	return statValue(filepath.Join(c.memDir(), "memory.events"), "oom_kill")
}

func statValue(path, key string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), " ")
		if ok && k == key {
			n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n
		}
	}
	return 0
}

// procs lists the processes still in the cgroup.
func (c *cgroup) procs() []int {
	var out []int
	for _, d := range c.dirs {
		b, err := os.ReadFile(filepath.Join(d, "cgroup.procs"))
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// killAll kills every process left in the cgroup and waits, up to a
// second, until it is empty.
func (c *cgroup) killAll() {
	deadline := time.Now().Add(time.Second)
	for {
		ps := c.procs()
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
