package sandbox

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// Capabilities is what this machine offers for isolation, and the level
// that follows.
type Capabilities struct {
	OS             string   `json:"os"`
	Root           bool     `json:"root"`
	UserNamespaces bool     `json:"user_namespaces"`
	Cgroup         int      `json:"cgroup_version"` // 1, 2, or 0 for none
	CgroupWritable bool     `json:"cgroup_writable"`
	Seccomp        bool     `json:"seccomp"`
	PivotRoot      bool     `json:"pivot_root"`
	Landlock       int      `json:"landlock_abi"` // 0 when absent
	Level          Level    `json:"level"`
	Notes          []string `json:"notes"`
}

// cgroupRoot is where cgroup hierarchies are mounted.
const cgroupRoot = "/sys/fs/cgroup"

// Probe checks what this machine supports. It creates and removes a test
// cgroup to prove the hierarchy is writable.
func Probe() Capabilities {
	c := Capabilities{OS: runtime.GOOS, Notes: []string{}}
	if runtime.GOOS != "linux" {
		c.Level = None
		c.Notes = append(c.Notes, "not Linux: no namespaces, cgroups or seccomp; code cannot be run safely here")
		return c
	}
	c.Root = os.Geteuid() == 0
	if b, err := os.ReadFile("/proc/sys/user/max_user_namespaces"); err == nil {
		n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		c.UserNamespaces = n > 0
	}
	switch {
	case exists(filepath.Join(cgroupRoot, "cgroup.controllers")):
		c.Cgroup = 2
		ctl, _ := os.ReadFile(filepath.Join(cgroupRoot, "cgroup.controllers"))
		if !strings.Contains(string(ctl), "memory") || !strings.Contains(string(ctl), "pids") {
			c.Notes = append(c.Notes, "cgroup v2 without the memory or pids controller")
		} else {
			c.CgroupWritable = tryMkdir(filepath.Join(cgroupRoot, cgroupParent))
		}
	case exists(filepath.Join(cgroupRoot, "memory")) && exists(filepath.Join(cgroupRoot, "pids")):
		c.Cgroup = 1
		c.CgroupWritable = tryMkdir(filepath.Join(cgroupRoot, "memory", cgroupParent)) &&
			tryMkdir(filepath.Join(cgroupRoot, "pids", cgroupParent)) &&
			tryMkdir(filepath.Join(cgroupRoot, "cpuacct", cgroupParent))
	default:
		c.Notes = append(c.Notes, "no cgroup hierarchy with memory and pids controllers is mounted")
	}
	if c.Cgroup > 0 && !c.CgroupWritable {
		c.Notes = append(c.Notes, fmt.Sprintf("cgroup v%d is mounted but not writable by this process", c.Cgroup))
	}
	c.Seccomp = seccompAvailable()
	if !c.Seccomp {
		c.Notes = append(c.Notes, "seccomp filters are not available")
	}
	c.PivotRoot = c.Root // needs CAP_SYS_ADMIN in the new mount namespace
	c.Landlock = landlockABI()
	switch {
	case !c.Root:
		c.Level = None
		c.Notes = append(c.Notes, "not running as root: the sandbox needs root to build namespaces, set cgroup limits and drop to an unprivileged user")
	case c.CgroupWritable && c.Seccomp:
		c.Level = Full
	case c.Seccomp:
		c.Level = Partial
		c.Notes = append(c.Notes, "without writable cgroups, memory and process limits rest on rlimits only")
	default:
		c.Level = None
	}
	return c
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// tryMkdir makes the parent cgroup (if needed) and proves it can hold a
// child.
func tryMkdir(dir string) bool {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false
	}
	probe := filepath.Join(dir, fmt.Sprintf("probe-%d", os.Getpid()))
	if err := os.Mkdir(probe, 0o755); err != nil {
		return false
	}
	return os.Remove(probe) == nil
}
