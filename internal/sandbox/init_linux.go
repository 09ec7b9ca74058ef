//go:build linux

package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"golang.org/x/sys/unix"
)

// InitArg is the hidden first argument with which the binary re-executes
// itself as the sandbox's init. main must call MaybeInit before anything
// else.
const InitArg = "__rehearse_sandbox_init"

// initConfig is what the supervisor tells the init, over a pipe.
type initConfig struct {
	Root       string
	Work       string
	ReadOnly   []string
	Overlays   []Overlay
	RefuseInet bool
	// Box, set for a slot's long-lived init (the zygote), is the host
	// directory where the supervisor mounts each run's /work and /tmp; it
	// is bound at /box and receives those mounts as they come and go.
	Box      string
	Path     string
	Args     []string
	Env      []string
	UID, GID int
	Limits   Limits
}

// MaybeInit turns this process into the sandbox init when it was started
// with InitArg, and never returns in that case.
func MaybeInit() {
	if len(os.Args) < 2 || os.Args[1] != InitArg {
		return
	}
	// Descriptors the server inherited from whatever started it (a shell's
	// 10 and 255, say) are not close-on-exec and would pass on to every
	// program: make everything above stderr close on exec.
	if err := unix.CloseRange(3, ^uint(0), unix.CLOSE_RANGE_CLOEXEC); err != nil {
		os.Exit(125)
	}
	errPipe := os.NewFile(4, "errors")
	if len(os.Args) > 2 && os.Args[2] == zygoteArg {
		if err := zygoteMain(errPipe); err != nil {
			fmt.Fprintf(errPipe, "%v", err)
			os.Exit(125)
		}
		os.Exit(0)
	}
	if err := initChild(); err != nil {
		fmt.Fprintf(errPipe, "%v", err)
		os.Exit(125)
	}
}

// systemDirs are bound read-only into every sandbox; symlinks among them
// (merged /usr) are recreated as symlinks.
var systemDirs = []string{"/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32", "/etc/alternatives", "/etc/ld.so.cache", "/etc/ssl"}

// readConfig reads the supervisor's configuration from fd 3.
func readConfig() (*initConfig, error) {
	cfgFile := os.NewFile(3, "config")
	raw, err := io.ReadAll(cfgFile)
	cfgFile.Close()
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	var c initConfig
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("decode config: %w", err)
	}
	return &c, nil
}

func initChild() error {
	c, err := readConfig()
	if err != nil {
		return err
	}
	unix.CloseOnExec(4) // the error pipe closes when exec succeeds
	if err := buildRoot(c); err != nil {
		return err
	}

	// Become the unprivileged user, with no supplementary groups.
	if err := syscall.Setgroups(nil); err != nil {
		return fmt.Errorf("setgroups: %w", err)
	}
	if err := syscall.Setresgid(c.GID, c.GID, c.GID); err != nil {
		return fmt.Errorf("setgid: %w", err)
	}
	if err := syscall.Setresuid(c.UID, c.UID, c.UID); err != nil {
		return fmt.Errorf("setuid: %w", err)
	}
	if err := setRlimits(c.Limits); err != nil {
		return err
	}
	if err := loadFilter(c.RefuseInet); err != nil {
		return err
	}
	if err := unix.Exec(c.Path, c.Args, c.Env); err != nil {
		return fmt.Errorf("exec %s: %w", c.Path, err)
	}
	return nil
}

// buildRoot gives this mount namespace the sandbox's root: a fresh tmpfs
// with the system and runtime directories bound read-only, the work
// directory, /tmp, a minimal /dev, a fresh /proc, and pivots into it,
// read-only, in /work.
func buildRoot(c *initConfig) error {
	// Nothing we mount may propagate back to the host. The zygote's mounts
	// are slaves instead of private: they still receive the mounts the
	// supervisor makes in the slot's box for each run.
	prop := uintptr(unix.MS_PRIVATE)
	if c.Box != "" {
		prop = unix.MS_SLAVE
	}
	if err := unix.Mount("", "/", "", unix.MS_REC|prop, ""); err != nil {
		return fmt.Errorf("make / private: %w", err)
	}
	root := c.Root
	if err := unix.Mount("tmpfs", root, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "size=16m,nr_inodes=4096,mode=0755"); err != nil {
		return fmt.Errorf("mount root tmpfs: %w", err)
	}
	for _, d := range append(systemDirs, c.ReadOnly...) {
		if err := bindReadOnly(root, d); err != nil {
			return err
		}
	}
	// Copy-on-write views of trusted directories; their upper layers live
	// in the work tmpfs, prepared by the supervisor.
	for i, o := range c.Overlays {
		t := filepath.Join(root, o.Target)
		if err := os.MkdirAll(t, 0o755); err != nil {
			return err
		}
		layer := filepath.Join(c.Work, overlayDir, strconv.Itoa(i))
		opts := "lowerdir=" + o.Lower + ",upperdir=" + filepath.Join(layer, "upper") + ",workdir=" + filepath.Join(layer, "work")
		if err := unix.Mount("overlay", t, "overlay", unix.MS_NOSUID|unix.MS_NODEV, opts); err != nil {
			return fmt.Errorf("overlay %s: %w", o.Target, err)
		}
	}
	tmpfses := []struct{ target, opts string }{{"/dev", "size=64k,nr_inodes=64,mode=0755"}}
	if c.Box != "" {
		// Each run's /work and /tmp are the tmpfses the supervisor mounts
		// in the box: bind it (receiving those mounts) and point there.
		if err := bind(root, c.Box, "/box", unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV); err != nil {
			return err
		}
		for _, d := range []string{"work", "tmp"} {
			if err := os.Symlink("/box/run/"+d, filepath.Join(root, d)); err != nil {
				return err
			}
		}
	} else {
		// The work directory: the supervisor's size-limited tmpfs.
		if err := bind(root, c.Work, "/work", unix.MS_NOSUID|unix.MS_NODEV); err != nil {
			return err
		}
		tmpfses = append(tmpfses, struct{ target, opts string }{"/tmp", "size=16m,nr_inodes=1024,mode=1777"})
	}
	for _, m := range tmpfses {
		t := filepath.Join(root, m.target)
		if err := os.MkdirAll(t, 0o755); err != nil {
			return err
		}
		if err := unix.Mount("tmpfs", t, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, m.opts); err != nil {
			return fmt.Errorf("mount %s: %w", m.target, err)
		}
	}
	for _, dev := range []string{"/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"} {
		t := filepath.Join(root, dev)
		if err := os.WriteFile(t, nil, 0o666); err != nil {
			return err
		}
		if err := unix.Mount(dev, t, "", unix.MS_BIND, ""); err != nil {
			return fmt.Errorf("bind %s: %w", dev, err)
		}
	}
	for _, l := range [][2]string{{"/proc/self/fd", "/dev/fd"}, {"/proc/self/fd/0", "/dev/stdin"}, {"/proc/self/fd/1", "/dev/stdout"}, {"/proc/self/fd/2", "/dev/stderr"}} {
		_ = os.Symlink(l[0], filepath.Join(root, l[1]))
	}
	proc := filepath.Join(root, "proc")
	if err := os.MkdirAll(proc, 0o555); err != nil {
		return err
	}
	if err := unix.Mount("proc", proc, "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "hidepid=2"); err != nil {
		return fmt.Errorf("mount /proc: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(root, "etc"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(root, "etc", "passwd"), []byte(fmt.Sprintf("sandbox:x:%d:%d::/work:/bin/false\n", c.UID, c.GID)), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(root, "etc", "group"), []byte(fmt.Sprintf("sandbox:x:%d:\n", c.GID)), 0o644); err != nil {
		return err
	}

	// Swap the root and detach the old one.
	old := filepath.Join(root, ".old")
	if err := os.MkdirAll(old, 0o700); err != nil {
		return err
	}
	if err := unix.PivotRoot(root, old); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := unix.Chdir("/"); err != nil {
		return err
	}
	if err := unix.Unmount("/.old", unix.MNT_DETACH); err != nil {
		return fmt.Errorf("detach old root: %w", err)
	}
	_ = os.Remove("/.old")
	if err := unix.Mount("", "/", "", unix.MS_REMOUNT|unix.MS_BIND|unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV, ""); err != nil {
		return fmt.Errorf("remount / read-only: %w", err)
	}
	_ = unix.Sethostname([]byte("sandbox"))
	if c.Box != "" {
		return unix.Chdir("/")
	}
	return unix.Chdir("/work")
}

// bindReadOnly binds a host path at the same place under root, read-only.
// A symlink is recreated as a symlink; a missing path is skipped.
func bindReadOnly(root, p string) error {
	fi, err := os.Lstat(p)
	if err != nil {
		return nil
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		target, err := os.Readlink(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755); err != nil {
			return err
		}
		return os.Symlink(target, filepath.Join(root, p))
	}
	return bind(root, p, p, unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV)
}

// bind mounts src at root+dst with flags (a bind mount needs a remount to
// take read-only and the other flags).
func bind(root, src, dst string, flags uintptr) error {
	t := filepath.Join(root, dst)
	fi, err := os.Stat(src)
	if err != nil {
		return err
	}
	if fi.IsDir() {
		err = os.MkdirAll(t, 0o755)
	} else {
		if err = os.MkdirAll(filepath.Dir(t), 0o755); err == nil {
			err = os.WriteFile(t, nil, 0o644)
		}
	}
	if err != nil {
		return err
	}
	if err := unix.Mount(src, t, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("bind %s: %w", src, err)
	}
	if err := unix.Mount("", t, "", unix.MS_REMOUNT|unix.MS_BIND|flags, ""); err != nil {
		return fmt.Errorf("remount %s: %w", dst, err)
	}
	return nil
}

func setRlimits(l Limits) error {
	cpuSec := uint64(l.CPUTime.Seconds()) + 1
	for _, r := range []struct {
		res int
		val uint64
	}{
		{unix.RLIMIT_CPU, cpuSec},
		{unix.RLIMIT_FSIZE, uint64(l.FileSize)},
		{unix.RLIMIT_NOFILE, 256},
		{unix.RLIMIT_CORE, 0},
		{unix.RLIMIT_STACK, 64 << 20},
	} {
		if err := unix.Setrlimit(r.res, &unix.Rlimit{Cur: r.val, Max: r.val}); err != nil {
			return fmt.Errorf("setrlimit %d: %w", r.res, err)
		}
	}
	return nil
}

// loadFilter sets no_new_privs and loads the seccomp filter on every
// thread. no_new_privs is a per-thread flag, and the kernel refuses a
// filter from a thread without it (unless privileged), so the goroutine
// stays on one thread between the two; and every thread gets the flag,
// so whichever one forks the program passes it on.
func loadFilter(refuseInet bool) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if _, _, e := syscall.AllThreadsSyscall(syscall.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1, 0); e != 0 && e != syscall.ENOTSUP {
		return fmt.Errorf("no_new_privs: %w", e)
	}
	if err := seccomp.LoadFilter(filter(refuseInet)); err != nil {
		return fmt.Errorf("seccomp: %w", err)
	}
	return nil
}

// filter is the seccomp policy: everything is allowed except what can
// reach the kernel's attack surface or the outside, which kills the
// program (the supervisor reports it as "restricted").
func filter(refuseInet bool) seccomp.Filter {
	var newNS uint64 = unix.CLONE_NEWNS | unix.CLONE_NEWUSER | unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWIPC | unix.CLONE_NEWUTS | unix.CLONE_NEWCGROUP
	var cloneConds []seccomp.NameWithConditions
	for bit := uint64(1); bit != 0; bit <<= 1 {
		if newNS&bit != 0 {
			cloneConds = append(cloneConds, seccomp.NameWithConditions{Name: "clone", Conditions: seccomp.ArgumentConditions{{Argument: 0, Operation: seccomp.BitsSet, Value: bit}}})
		}
	}
	var refused []seccomp.NameWithConditions
	if refuseInet {
		for _, af := range []uint64{unix.AF_INET, unix.AF_INET6} {
			refused = append(refused, seccomp.NameWithConditions{Name: "socket", Conditions: seccomp.ArgumentConditions{{Argument: 0, Operation: seccomp.Equal, Value: af}}})
		}
	}
	return seccomp.Filter{
		NoNewPrivs: true,
		Flag:       seccomp.FilterFlagTSync,
		Policy: seccomp.Policy{
			DefaultAction: seccomp.ActionAllow,
			Syscalls: []seccomp.SyscallGroup{
				{
					// Checked before the rule that kills other sockets.
					Action:             seccomp.ActionErrno | seccomp.Action(unix.EACCES),
					NamesWithCondtions: refused,
				},
				{
					Action: seccomp.ActionKillProcess,
					Names: []string{
						"ptrace", "process_vm_readv", "process_vm_writev", "mount", "umount2", "pivot_root", "chroot",
						"unshare", "setns", "keyctl", "add_key", "request_key", "bpf", "perf_event_open",
						"io_uring_setup", "io_uring_enter", "io_uring_register", "userfaultfd", "kexec_load",
						"kexec_file_load", "init_module", "finit_module", "delete_module", "reboot", "swapon", "swapoff",
						"acct", "syslog", "quotactl", "open_by_handle_at", "name_to_handle_at", "settimeofday",
						"clock_settime", "clock_adjtime", "adjtimex", "fanotify_init", "move_mount", "open_tree", "fsopen",
						"fsconfig", "fsmount", "fspick", "mount_setattr", "vhangup",
					},
				},
				{
					Action: seccomp.ActionKillProcess,
					NamesWithCondtions: append(cloneConds, seccomp.NameWithConditions{
						Name: "socket", Conditions: seccomp.ArgumentConditions{{Argument: 0, Operation: seccomp.NotEqual, Value: unix.AF_UNIX}},
					}),
				},
				{
					// clone3 passes its flags in memory the filter cannot read;
					// ENOSYS makes the C library fall back to clone.
					Action: seccomp.ActionErrno | seccomp.Action(unix.ENOSYS),
					Names:  []string{"clone3"},
				},
			},
		},
	}
}
