//go:build linux

package judge

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/rehearse/rehearse/internal/sandbox"
	"github.com/rehearse/rehearse/internal/sandbox/sandboxtest"
)

// TestHostile runs the hostile programs of shared/JUDGE.md in C, Python,
// Go and JavaScript through the judge, and asserts for each the verdict,
// that the supervisor returned within the wall limit plus a second, that
// no process, cgroup, mount or work directory is left behind, and that the
// host was left alone and stayed responsive: sentinel processes (one as
// root, one as each slot's uid) still alive, no host secret in the output,
// no host path written, no connection reached, and a timer in this
// process never kept waiting for long.
func TestHostile(t *testing.T) {
	j := newJudge(t)
	e := newHostileEnv(t, j)
	for _, tt := range hostileCases(e) {
		t.Run(tt.lang+"/"+tt.name, func(t *testing.T) {
			if _, err := j.Language(tt.lang); err != nil {
				if os.Getenv("CI") != "" {
					t.Fatal(err)
				}
				t.Skip(err)
			}
			r := e.run(t, tt.lang, tt.src)
			if !slices.Contains(strings.Split(string(tt.want), " or "), string(r.Verdict)) {
				t.Errorf("verdict %s, want %s (exit %d, signal %q, cpu %d ms, memory %d KiB, stdout %s, stderr %s)",
					r.Verdict, tt.want, r.ExitCode, r.Signal, r.TimeMS, r.MemoryKB, e.show(r.Stdout), e.show(r.Stderr))
			}
			if tt.check != nil {
				tt.check(t, e, tt.lang, r)
			}
			e.leftAlone(t)
		})
	}
}

// hostileCase is one hostile program in one language and the verdict it
// must get; check asserts more about the run (and may run more).
type hostileCase struct {
	name, lang, src string
	want            Verdict
	check           func(t *testing.T, e *hostileEnv, lang string, r *Run)
}

// memoryOrTime is the verdict of a program that meets the memory limit at
// about the time it meets the CPU limit, in an order scheduling decides.
const memoryOrTime = MemoryLimit + " or " + TimeLimit

// hostileCases is the table. Sources may hold @MARKER@ (a name unique to
// this test process, for host paths), @SLEEP@ (the seconds a daemon
// sleeps, to find it by) and @PORT@ (a host listener on 127.0.0.1).
func hostileCases(e *hostileEnv) []hostileCase {
	return []hostileCase{
		// Fork bomb: the pids limit stops the forks; the parents spin until
		// the CPU limit.
		{"fork bomb", "c", `#define _GNU_SOURCE
#include <unistd.h>

int main(void) {
	for (;;)
		fork();
}
`, TimeLimit, nil},
		{"fork bomb", "python", `import os
while True:
    try:
        os.fork()
    except OSError:
        pass
`, TimeLimit, nil},
		// fork(2) itself: through os/exec the runtime would start threads,
		// and a Go program that cannot start a thread dies at once.
		{"fork bomb", "go", `package main

import "syscall"

func main() {
	for {
		syscall.RawSyscall(syscall.SYS_FORK, 0, 0, 0)
	}
}
`, TimeLimit, nil},
		{"fork bomb", "javascript", `const { spawn } = require('child_process');
for (;;) {
  try {
    spawn(process.execPath, [__filename], { stdio: 'ignore' });
  } catch (e) {}
}
`, TimeLimit, nil},

		// Thread bomb: threads that sleep, created until the pids limit.
		{"thread bomb", "c", `#define _GNU_SOURCE
#include <pthread.h>
#include <unistd.h>

static void *sleeper(void *arg) {
	(void)arg;
	for (;;)
		pause();
}

int main(void) {
	for (;;) {
		pthread_t t;
		pthread_create(&t, NULL, sleeper, NULL);
	}
}
`, TimeLimit, nil},
		{"thread bomb", "python", `import threading, time
while True:
    try:
        threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()
    except RuntimeError:
        pass
`, TimeLimit, nil},
		// Each goroutine locked to its thread and blocked in a system call
		// holds an OS thread; the Go runtime dies when it cannot start one
		// ("failed to create new OS thread"), so the program ends in a
		// runtime error. One goroutine per thread: with millions of idle
		// goroutines, the runtime's dying dump of them all would meet the
		// output limit first.
		{"thread bomb", "go", `package main

import (
	"runtime"
	"syscall"
)

func main() {
	for {
		started := make(chan bool)
		go func() {
			runtime.LockOSThread()
			started <- true
			syscall.Syscall(syscall.SYS_PAUSE, 0, 0, 0)
		}()
		<-started
	}
}
`, RuntimeError, nil},
		// Node's workers take some 9 MiB and 30 ms of CPU each as they
		// start: the memory limit comes at about the time the CPU limit
		// does, before the pids limit.
		{"thread bomb", "javascript", `const { Worker } = require('worker_threads');
for (;;) {
  try {
    new Worker('setInterval(() => {}, 1 << 30);', { eval: true });
  } catch (e) {}
}
`, memoryOrTime, nil},

		// A daemon in its own session, holding stdout and stderr, outliving
		// the program: the run still ends when the program does, and the
		// daemon is gone (checkDaemonGone).
		{"setsid daemon", "c", `#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

int main(void) {
	if (fork() == 0) {
		setsid();
		if (fork() == 0)
			execl("/usr/bin/sleep", "sleep", "@SLEEP@", (char *)NULL);
		return 0;
	}
	puts("parent done");
	return 0;
}
`, Accepted, checkDaemonGone},
		{"setsid daemon", "python", `import subprocess
subprocess.Popen(['/usr/bin/sleep', '@SLEEP@'], start_new_session=True)
print('parent done')
`, Accepted, checkDaemonGone},
		{"setsid daemon", "go", `package main

import (
	"fmt"
	"os"
	"syscall"
)

func main() {
	p, err := os.StartProcess("/usr/bin/sleep", []string{"sleep", "@SLEEP@"}, &os.ProcAttr{
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr},
		Sys:   &syscall.SysProcAttr{Setsid: true},
	})
	if err != nil {
		panic(err)
	}
	p.Release()
	fmt.Println("parent done")
}
`, Accepted, checkDaemonGone},
		{"setsid daemon", "javascript", `const { spawn } = require('child_process');
spawn('/usr/bin/sleep', ['@SLEEP@'], { detached: true, stdio: 'inherit' }).unref();
console.log('parent done');
`, Accepted, checkDaemonGone},

		// Memory bomb: pages touched until the cgroup's limit.
		{"memory bomb", "c", `#include <stdlib.h>
#include <string.h>

int main(void) {
	for (;;) {
		char *p = malloc(1 << 20);
		if (p)
			memset(p, 1, 1 << 20);
	}
}
`, MemoryLimit, nil},
		{"memory bomb", "python", `keep = []
while True:
    keep.append(b'x' * (1 << 20))
`, MemoryLimit, nil},
		{"memory bomb", "go", `package main

var keep [][]byte

func main() {
	for {
		b := make([]byte, 1<<20)
		for i := range b {
			b[i] = 1
		}
		keep = append(keep, b)
	}
}
`, MemoryLimit, nil},
		// On V8's heap (its own limit, sized from the host's memory, is far
		// above the cgroup's) and off it.
		{"memory bomb", "javascript", `const keep = [];
for (;;) keep.push(new Array(1 << 17).fill(1.5));
`, MemoryLimit, nil},
		{"memory bomb off the heap", "javascript", `const keep = [];
for (;;) keep.push(Buffer.alloc(1 << 20, 1));
`, MemoryLimit, nil},

		// Stack overflow: C meets the 64 MiB stack rlimit (SIGSEGV); Node
		// throws a RangeError; Python's frames and Go's growable stacks live
		// in memory, which runs out first.
		{"stack overflow", "c", `int f(int n) {
	volatile char b[4096];
	b[0] = (char)n;
	return f(n + 1) + b[0];
}

int main(void) { return f(0); }
`, RuntimeError, nil},
		{"stack overflow", "python", `import sys
sys.setrecursionlimit(10**9)
def f(n):
    return f(n + 1) + 1
f(0)
`, MemoryLimit, nil},
		{"stack overflow", "go", `package main

func f(n int) int {
	var b [256]int
	b[n%256] = n
	return f(n+1) + b[(n+1)%256]
}

func main() { println(f(0)) }
`, MemoryLimit, nil},
		{"stack overflow", "javascript", `function f(n) { return f(n + 1) + 1; }
f(0);
`, RuntimeError, nil},

		{"infinite loop", "c", `int main(void) {
	volatile unsigned long n = 0;
	for (;;)
		n++;
}
`, TimeLimit, nil},
		{"infinite loop", "python", `while True:
    pass
`, TimeLimit, nil},
		{"infinite loop", "go", `package main

func main() {
	for {
	}
}
`, TimeLimit, nil},
		{"infinite loop", "javascript", `for (;;) {}
`, TimeLimit, nil},

		{"multi-threaded burner", "c", `#include <pthread.h>

static void *burn(void *arg) {
	volatile unsigned long n = 0;
	(void)arg;
	for (;;)
		n++;
}

int main(void) {
	pthread_t t;
	for (int i = 0; i < 8; i++)
		pthread_create(&t, NULL, burn, NULL);
	burn(NULL);
}
`, TimeLimit, nil},
		// Under the GIL the threads take turns, but burn all the same.
		{"multi-threaded burner", "python", `import threading
def burn():
    while True:
        pass
for _ in range(8):
    threading.Thread(target=burn).start()
burn()
`, TimeLimit, nil},
		{"multi-threaded burner", "go", `package main

func main() {
	for i := 0; i < 8; i++ {
		go func() {
			for {
			}
		}()
	}
	for {
	}
}
`, TimeLimit, nil},
		{"multi-threaded burner", "javascript", `const { Worker } = require('worker_threads');
for (let i = 0; i < 4; i++) new Worker('for (;;) {}', { eval: true });
for (;;) {}
`, TimeLimit, nil},

		// Sleeping uses no CPU: the wall limit ends it.
		{"sleep forever", "c", `#define _GNU_SOURCE
#include <unistd.h>

int main(void) {
	for (;;)
		pause();
}
`, TimeLimit, nil},
		{"sleep forever", "python", `import time
time.sleep(3600)
`, TimeLimit, nil},
		// time.Sleep, not select {}: with nothing else to run, the runtime
		// reports a deadlock and exits.
		{"sleep forever", "go", `package main

import "time"

func main() { time.Sleep(time.Hour) }
`, TimeLimit, nil},
		{"sleep forever", "javascript", `setInterval(() => {}, 1 << 30);
`, TimeLimit, nil},

		// Reading stdin when none is given: the judge closes it, so the read
		// sees end of file at once and the program goes on (and here ends,
		// accepted), instead of blocking until the wall limit.
		{"reads stdin that is not given", "c", `#include <stdio.h>

int main(void) {
	while (getchar() != EOF)
		;
	puts("eof");
	return 0;
}
`, Accepted, checkStdout("eof\n")},
		{"reads stdin that is not given", "python", `import sys
sys.stdin.read()
print('eof')
`, Accepted, checkStdout("eof\n")},
		{"reads stdin that is not given", "go", `package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	io.ReadAll(os.Stdin)
	fmt.Println("eof")
}
`, Accepted, checkStdout("eof\n")},
		{"reads stdin that is not given", "javascript", `process.stdin.resume();
process.stdin.on('end', () => console.log('eof'));
`, Accepted, checkStdout("eof\n")},

		// The supervisor kills with SIGKILL, which cannot be ignored.
		{"ignores SIGTERM and SIGXCPU", "c", `#define _GNU_SOURCE
#include <signal.h>

int main(void) {
	signal(SIGTERM, SIG_IGN);
	signal(SIGXCPU, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	volatile unsigned long n = 0;
	for (;;)
		n++;
}
`, TimeLimit, nil},
		{"ignores SIGTERM and SIGXCPU", "python", `import signal
for s in (signal.SIGTERM, signal.SIGXCPU, signal.SIGINT, signal.SIGHUP):
    signal.signal(s, signal.SIG_IGN)
while True:
    pass
`, TimeLimit, nil},
		{"ignores SIGTERM and SIGXCPU", "go", `package main

import (
	"os/signal"
	"syscall"
)

func main() {
	signal.Ignore(syscall.SIGTERM, syscall.SIGXCPU, syscall.SIGINT, syscall.SIGHUP)
	for {
	}
}
`, TimeLimit, nil},
		{"ignores SIGTERM and SIGXCPU", "javascript", `for (const s of ['SIGTERM', 'SIGXCPU', 'SIGINT', 'SIGHUP']) process.on(s, () => {});
for (;;) {}
`, TimeLimit, nil},

		// Endless output: killed at the limit (checkKilledAtLimit), not
		// later by the CPU timer. Node writes to a pipe asynchronously, so
		// its writer goes on as each chunk is taken: a tight loop of writes
		// would pile them up in its own memory, to the memory limit.
		{"endless stdout", "c", `#include <stdio.h>
#include <string.h>

int main(void) {
	static char b[1 << 16];
	memset(b, 'x', sizeof b);
	for (;;)
		fwrite(b, 1, sizeof b, stdout);
}
`, OutputLimit, checkKilledAtLimit(1)},
		{"endless stdout", "python", `import sys
while True:
    sys.stdout.write('x' * 65536)
`, OutputLimit, checkKilledAtLimit(1)},
		{"endless stdout", "go", `package main

import "os"

func main() {
	b := make([]byte, 1<<16)
	for {
		os.Stdout.Write(b)
	}
}
`, OutputLimit, checkKilledAtLimit(1)},
		{"endless stdout", "javascript", `const s = 'x'.repeat(65536);
(function more() {
  process.stdout.write(s, more);
})();
`, OutputLimit, checkKilledAtLimit(1)},
		{"endless stderr", "c", `#include <stdio.h>
#include <string.h>

int main(void) {
	static char b[1 << 16];
	memset(b, 'x', sizeof b);
	for (;;)
		fwrite(b, 1, sizeof b, stderr);
}
`, OutputLimit, checkKilledAtLimit(2)},
		{"endless stderr", "python", `import sys
while True:
    sys.stderr.write('x' * 65536)
`, OutputLimit, checkKilledAtLimit(2)},
		{"endless stderr", "go", `package main

import "os"

func main() {
	b := make([]byte, 1<<16)
	for {
		os.Stderr.Write(b)
	}
}
`, OutputLimit, checkKilledAtLimit(2)},
		{"endless stderr", "javascript", `const s = 'x'.repeat(65536);
(function more() {
  process.stderr.write(s, more);
})();
`, OutputLimit, checkKilledAtLimit(2)},

		// Reads of host secrets: each program shows whatever it could read
		// and ends normally; every run's output is checked for host secrets
		// (noSecrets), these ones by design.
		{"reads /etc/shadow", "c", `#include <stdio.h>

int main(void) {
	FILE *f = fopen("/etc/shadow", "r");
	if (!f) {
		perror("/etc/shadow");
		return 0;
	}
	for (int c; (c = fgetc(f)) != EOF;)
		putchar(c);
	return 0;
}
`, Accepted, nil},
		{"reads /etc/shadow", "python", `try:
    print(open('/etc/shadow').read())
except OSError as e:
    print('denied:', e)
`, Accepted, nil},
		{"reads /etc/shadow", "go", `package main

import (
	"fmt"
	"os"
)

func main() {
	b, err := os.ReadFile("/etc/shadow")
	fmt.Printf("%s %v\n", b, err)
}
`, Accepted, nil},
		{"reads /etc/shadow", "javascript", `try {
  console.log(require('fs').readFileSync('/etc/shadow', 'utf8'));
} catch (e) {
  console.log('denied:', e.message);
}
`, Accepted, nil},
		{"lists /root", "c", `#include <dirent.h>
#include <stdio.h>
#include <string.h>

int main(void) {
	DIR *d = opendir("/root");
	if (!d) {
		perror("/root");
		return 0;
	}
	for (struct dirent *e; (e = readdir(d));)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			printf("entry: %s\n", e->d_name);
	return 0;
}
`, Accepted, checkNoRootEntries},
		{"lists /root", "python", `import os
try:
    for name in os.listdir('/root'):
        print('entry:', name)
except OSError as e:
    print('denied:', e)
`, Accepted, checkNoRootEntries},
		{"lists /root", "go", `package main

import (
	"fmt"
	"os"
)

func main() {
	ents, err := os.ReadDir("/root")
	for _, e := range ents {
		fmt.Println("entry:", e.Name())
	}
	fmt.Println(err)
}
`, Accepted, checkNoRootEntries},
		{"lists /root", "javascript", `try {
  for (const name of require('fs').readdirSync('/root')) console.log('entry:', name);
} catch (e) {
  console.log('denied:', e.message);
}
`, Accepted, checkNoRootEntries},
		// /proc/1/environ and the program's own environment: neither may
		// hold anything of the judge's or the host's.
		{"reads /proc/1/environ", "c", `#include <stdio.h>

extern char **environ;

int main(void) {
	FILE *f = fopen("/proc/1/environ", "r");
	if (f) {
		for (int c; (c = fgetc(f)) != EOF;)
			putchar(c ? c : '\n');
	} else {
		perror("/proc/1/environ");
	}
	for (char **e = environ; *e; e++)
		puts(*e);
	return 0;
}
`, Accepted, nil},
		{"reads /proc/1/environ", "python", `import os
try:
    print(open('/proc/1/environ', 'rb').read().replace(b'\0', b'\n').decode())
except OSError as e:
    print('denied:', e)
for k, v in os.environ.items():
    print(k + '=' + v)
`, Accepted, nil},
		{"reads /proc/1/environ", "go", `package main

import (
	"bytes"
	"fmt"
	"os"
)

func main() {
	b, err := os.ReadFile("/proc/1/environ")
	fmt.Printf("%s %v\n", bytes.ReplaceAll(b, []byte{0}, []byte{'\n'}), err)
	for _, kv := range os.Environ() {
		fmt.Println(kv)
	}
}
`, Accepted, nil},
		{"reads /proc/1/environ", "javascript", `const fs = require('fs');
try {
  console.log(fs.readFileSync('/proc/1/environ', 'utf8').replace(/\0/g, '\n'));
} catch (e) {
  console.log('denied:', e.message);
}
for (const [k, v] of Object.entries(process.env)) console.log(k + '=' + v);
`, Accepted, nil},

		// Writes outside the work dir: / and /usr are read-only; /tmp is the
		// run's own, never the host's. Each program says whether it wrote.
		{"writes /usr", "c", writeSource("c", "/usr/@MARKER@"), Accepted, checkNotWritten("/usr/@MARKER@", true)},
		{"writes /usr", "python", writeSource("python", "/usr/@MARKER@"), Accepted, checkNotWritten("/usr/@MARKER@", true)},
		{"writes /usr", "go", writeSource("go", "/usr/@MARKER@"), Accepted, checkNotWritten("/usr/@MARKER@", true)},
		{"writes /usr", "javascript", writeSource("javascript", "/usr/@MARKER@"), Accepted, checkNotWritten("/usr/@MARKER@", true)},
		{"writes /", "c", writeSource("c", "/@MARKER@"), Accepted, checkNotWritten("/@MARKER@", true)},
		{"writes /", "python", writeSource("python", "/@MARKER@"), Accepted, checkNotWritten("/@MARKER@", true)},
		{"writes /", "go", writeSource("go", "/@MARKER@"), Accepted, checkNotWritten("/@MARKER@", true)},
		{"writes /", "javascript", writeSource("javascript", "/@MARKER@"), Accepted, checkNotWritten("/@MARKER@", true)},
		{"writes /tmp", "c", writeSource("c", "/tmp/@MARKER@"), Accepted, checkNotWritten("/tmp/@MARKER@", false)},
		{"writes /tmp", "python", writeSource("python", "/tmp/@MARKER@"), Accepted, checkNotWritten("/tmp/@MARKER@", false)},
		{"writes /tmp", "go", writeSource("go", "/tmp/@MARKER@"), Accepted, checkNotWritten("/tmp/@MARKER@", false)},
		{"writes /tmp", "javascript", writeSource("javascript", "/tmp/@MARKER@"), Accepted, checkNotWritten("/tmp/@MARKER@", false)},

		// Filling the work dir: files of 8 MiB (under the file-size limit)
		// until the tmpfs is full, then the program gives up with an error.
		{"fills the work dir (bytes)", "c", `#include <stdio.h>
#include <string.h>

int main(void) {
	static char b[1 << 20];
	memset(b, 'x', sizeof b);
	for (int i = 0;; i++) {
		char name[32];
		snprintf(name, sizeof name, "f%d", i);
		FILE *f = fopen(name, "w");
		for (int j = 0; j < 8; j++) {
			if (!f || fwrite(b, 1, sizeof b, f) != sizeof b || fflush(f)) {
				printf("full after %d MiB\n", i * 8 + j);
				return 1;
			}
		}
		fclose(f);
	}
}
`, RuntimeError, checkFull("MiB")},
		{"fills the work dir (bytes)", "python", `mib = 0
try:
    for i in range(10**6):
        with open('f%d' % i, 'wb') as f:
            for _ in range(8):
                f.write(b'x' * (1 << 20))
                f.flush()
                mib += 1
except OSError:
    print('full after %d MiB' % mib)
    raise
`, RuntimeError, checkFull("MiB")},
		{"fills the work dir (bytes)", "go", `package main

import (
	"fmt"
	"os"
)

func main() {
	b := make([]byte, 1<<20)
	mib := 0
	for i := 0; ; i++ {
		f, err := os.Create(fmt.Sprintf("f%d", i))
		for j := 0; j < 8 && err == nil; j++ {
			if _, err = f.Write(b); err == nil {
				mib++
			}
		}
		if err != nil {
			fmt.Printf("full after %d MiB\n", mib)
			os.Exit(1)
		}
		f.Close()
	}
}
`, RuntimeError, checkFull("MiB")},
		{"fills the work dir (bytes)", "javascript", `const fs = require('fs');
const b = Buffer.alloc(1 << 20, 120);
let mib = 0;
try {
  for (let i = 0; ; i++) {
    const fd = fs.openSync('f' + i, 'w');
    for (let j = 0; j < 8; j++) {
      fs.writeSync(fd, b);
      mib++;
    }
    fs.closeSync(fd);
  }
} catch (e) {
  console.log('full after ' + mib + ' MiB');
  process.exit(1);
}
`, RuntimeError, checkFull("MiB")},
		{"fills the work dir (inodes)", "c", `#include <stdio.h>

int main(void) {
	for (int i = 0;; i++) {
		char name[32];
		snprintf(name, sizeof name, "f%d", i);
		FILE *f = fopen(name, "w");
		if (!f) {
			printf("full after %d files\n", i);
			return 1;
		}
		fclose(f);
	}
}
`, RuntimeError, checkFull("files")},
		{"fills the work dir (inodes)", "python", `n = 0
try:
    while True:
        open('f%d' % n, 'w').close()
        n += 1
except OSError:
    print('full after %d files' % n)
    raise
`, RuntimeError, checkFull("files")},
		{"fills the work dir (inodes)", "go", `package main

import (
	"fmt"
	"os"
)

func main() {
	for i := 0; ; i++ {
		f, err := os.Create(fmt.Sprintf("f%d", i))
		if err != nil {
			fmt.Printf("full after %d files\n", i)
			os.Exit(1)
		}
		f.Close()
	}
}
`, RuntimeError, checkFull("files")},
		{"fills the work dir (inodes)", "javascript", `const fs = require('fs');
let n = 0;
try {
  for (;;) {
    fs.closeSync(fs.openSync('f' + n, 'w'));
    n++;
  }
} catch (e) {
  console.log('full after ' + n + ' files');
  process.exit(1);
}
`, RuntimeError, checkFull("files")},

		// Network: an IPv4 socket kills the program (seccomp allows only
		// AF_UNIX), and its namespace has no route out anyway. Port @PORT@
		// on 127.0.0.1 is a listener of this test that must accept nothing.
		{"network to 127.0.0.1", "c", netSource("c", "127.0.0.1", "@PORT@"), Restricted, checkNotConnected},
		{"network to 127.0.0.1", "python", netSource("python", "127.0.0.1", "@PORT@"), Restricted, checkNotConnected},
		{"network to 127.0.0.1", "go", netSource("go", "127.0.0.1", "@PORT@"), Restricted, checkNotConnected},
		{"network to 127.0.0.1", "javascript", netSource("javascript", "127.0.0.1", "@PORT@"), Restricted, checkNotConnected},
		{"network to a public address", "c", netSource("c", "1.1.1.1", "80"), Restricted, checkNotConnected},
		{"network to a public address", "python", netSource("python", "1.1.1.1", "80"), Restricted, checkNotConnected},
		{"network to a public address", "go", netSource("go", "1.1.1.1", "80"), Restricted, checkNotConnected},
		{"network to a public address", "javascript", netSource("javascript", "1.1.1.1", "80"), Restricted, checkNotConnected},

		// ptrace, mount and unshare kill the program (seccomp). Node has no
		// ptrace or mount of its own (the setuid mount binary refuses a
		// user without privileges before any system call), so those cases
		// have no JavaScript; its unshare goes through util-linux's binary,
		// which the filter kills while Node carries on.
		{"ptrace", "c", `#define _GNU_SOURCE
#include <stdio.h>
#include <sys/ptrace.h>
#include <unistd.h>

int main(void) {
	printf("ptrace: %ld\n", ptrace(PTRACE_ATTACH, getppid(), NULL, NULL));
	return 0;
}
`, Restricted, nil},
		{"ptrace", "python", `import ctypes, os
print(ctypes.CDLL(None).ptrace(16, os.getppid(), 0, 0))
`, Restricted, nil},
		{"ptrace", "go", `package main

import (
	"fmt"
	"syscall"
)

func main() {
	fmt.Println(syscall.PtraceAttach(syscall.Getppid()))
}
`, Restricted, nil},
		{"mount", "c", `#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mount.h>

int main(void) {
	printf("mount: %d\n", mount("none", "/tmp", "tmpfs", 0, NULL));
	return 0;
}
`, Restricted, nil},
		{"mount", "python", `import ctypes
print(ctypes.CDLL(None).mount(b'none', b'/tmp', b'tmpfs', 0, None))
`, Restricted, nil},
		{"mount", "go", `package main

import (
	"fmt"
	"syscall"
)

func main() {
	fmt.Println(syscall.Mount("none", "/tmp", "tmpfs", 0, ""))
}
`, Restricted, nil},
		{"unshare", "c", `#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>

int main(void) {
	printf("unshare: %d\n", unshare(CLONE_NEWUSER | CLONE_NEWNS));
	return 0;
}
`, Restricted, nil},
		{"unshare", "python", `import ctypes
print(ctypes.CDLL(None).unshare(0x10000000 | 0x00020000))
`, Restricted, nil},
		{"unshare", "go", `package main

import (
	"fmt"
	"syscall"
)

func main() {
	fmt.Println(syscall.Unshare(syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS))
}
`, Restricted, nil},
		{"unshare", "javascript", `const { spawnSync } = require('child_process');
const r = spawnSync('/usr/bin/unshare', ['--user', '--map-root-user', '/usr/bin/id', '-u'], { encoding: 'utf8' });
console.log('unshare', r.status, r.signal, JSON.stringify(r.stdout));
`, Accepted, checkChildRestricted},

		// kill(-1) and kill(getppid()): the program is alone in its pid
		// namespace with its init, which ignores signals from inside; the
		// sentinels (checked after every case) show the host was not hit.
		{"kill(-1)", "c", `#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>

int main(void) {
	kill(-1, SIGKILL);
	puts("alive");
	return 0;
}
`, Accepted, checkStdout("alive\n")},
		{"kill(-1)", "python", `import os, signal
try:
    os.kill(-1, signal.SIGKILL)
except OSError:
    pass
print('alive')
`, Accepted, checkStdout("alive\n")},
		{"kill(-1)", "go", `package main

import (
	"fmt"
	"syscall"
)

func main() {
	syscall.Kill(-1, syscall.SIGKILL)
	fmt.Println("alive")
}
`, Accepted, checkStdout("alive\n")},
		{"kill(-1)", "javascript", `try {
  process.kill(-1, 'SIGKILL');
} catch (e) {}
console.log('alive');
`, Accepted, checkStdout("alive\n")},
		{"kill(getppid())", "c", `#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
	kill(getppid(), SIGKILL);
	puts("alive");
	return 0;
}
`, Accepted, checkStdout("alive\n")},
		{"kill(getppid())", "python", `import os, signal
try:
    os.kill(os.getppid(), signal.SIGKILL)
except OSError:
    pass
print('alive')
`, Accepted, checkStdout("alive\n")},
		{"kill(getppid())", "go", `package main

import (
	"fmt"
	"syscall"
)

func main() {
	syscall.Kill(syscall.Getppid(), syscall.SIGKILL)
	fmt.Println("alive")
}
`, Accepted, checkStdout("alive\n")},
		{"kill(getppid())", "javascript", `try {
  process.kill(process.ppid, 'SIGKILL');
} catch (e) {}
console.log('alive');
`, Accepted, checkStdout("alive\n")},
	}
}

// writeSource is a program that tries to create path and says whether it
// could.
func writeSource(lang, path string) string {
	src := map[string]string{
		"c": `#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
	int fd = open("@PATH@", O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0 || write(fd, "x", 1) != 1) {
		printf("denied: %s\n", strerror(errno));
		return 0;
	}
	puts("wrote");
	return 0;
}
`,
		"python": `try:
    with open('@PATH@', 'x') as f:
        f.write('x')
    print('wrote')
except OSError as e:
    print('denied:', e)
`,
		"go": `package main

import (
	"fmt"
	"os"
)

func main() {
	f, err := os.OpenFile("@PATH@", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err == nil {
		_, err = f.Write([]byte("x"))
	}
	if err != nil {
		fmt.Println("denied:", err)
		return
	}
	fmt.Println("wrote")
}
`,
		"javascript": `try {
  require('fs').writeFileSync('@PATH@', 'x', { flag: 'wx' });
  console.log('wrote');
} catch (e) {
  console.log('denied:', e.message);
}
`,
	}[lang]
	return strings.ReplaceAll(src, "@PATH@", path)
}

// netSource is a program that connects to addr:port over TCP and prints
// CONNECTED when it could.
func netSource(lang, addr, port string) string {
	src := map[string]string{
		"c": `#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>

int main(void) {
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(@NETPORT@)};
	inet_pton(AF_INET, "@ADDR@", &a.sin_addr);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0) {
		puts("CONNECTED");
		return 0;
	}
	perror("connect");
	return 1;
}
`,
		"python": `import socket
socket.create_connection(('@ADDR@', @NETPORT@), timeout=2)
print('CONNECTED')
`,
		"go": `package main

import (
	"fmt"
	"net"
	"time"
)

func main() {
	c, err := net.DialTimeout("tcp", "@ADDR@:@NETPORT@", 2*time.Second)
	if err != nil {
		panic(err)
	}
	c.Close()
	fmt.Println("CONNECTED")
}
`,
		"javascript": `const s = require('net').connect({ host: '@ADDR@', port: @NETPORT@ }, () => {
  console.log('CONNECTED');
  s.destroy();
});
s.setTimeout(2000, () => {
  console.log('timeout');
  process.exit(1);
});
s.on('error', (e) => {
  console.log(e.message);
  process.exit(1);
});
`,
	}[lang]
	return strings.NewReplacer("@ADDR@", addr, "@NETPORT@", port).Replace(src)
}

// lookSources list the processes a program sees besides itself.
var lookSources = map[string]string{
	"c": `#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
	DIR *d = opendir("/proc");
	printf("others:");
	for (struct dirent *e; d && (e = readdir(d));) {
		int pid = atoi(e->d_name);
		if (pid > 0 && pid != getpid())
			printf(" %d", pid);
	}
	puts("");
	return 0;
}
`,
	"python": `import os
print(' '.join(['others:'] + [p for p in os.listdir('/proc') if p.isdigit() and int(p) != os.getpid()]))
`,
	"go": `package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	ents, _ := os.ReadDir("/proc")
	fmt.Print("others:")
	for _, e := range ents {
		if pid, err := strconv.Atoi(e.Name()); err == nil && pid != os.Getpid() {
			fmt.Print(" ", pid)
		}
	}
	fmt.Println()
}
`,
	"javascript": `const others = require('fs').readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
console.log(['others:', ...others].join(' '));
`,
}

// hostileEnv is what the hostile programs run against: the judge and the
// limits, and what of the host the cases check they left alone.
type hostileEnv struct {
	j   *Judge
	lim sandbox.Limits
	// marker names the host paths the write cases aim at; daemonSecs is
	// what the daemons sleep, to find them by on the host.
	marker, daemonSecs string
	port               int          // a listener of this test on 127.0.0.1
	accepted           atomic.Int64 // connections it accepted
	// secrets are host strings no run may show: lines of /etc/shadow,
	// this process's environment (with a canary) and pid 1's.
	secrets     []secret
	rootEntries []string // what the host's /root holds
	sentinels   []*sentinel
	replacer    *strings.Replacer
}

func newHostileEnv(t *testing.T, j *Judge) *hostileEnv {
	t.Helper()
	e := &hostileEnv{j: j, lim: sandbox.DefaultLimits()}
	e.lim.CPUTime, e.lim.WallTime, e.lim.Memory, e.lim.Output = time.Second, 3*time.Second, 256<<20, 1<<20
	e.lim.CPUTime *= sandboxtest.TimeScale()
	e.lim.WallTime *= sandboxtest.TimeScale()
	e.marker = fmt.Sprintf("rehearse-hostile-%d", os.Getpid())
	e.daemonSecs = strconv.Itoa(70000000 + os.Getpid())

	// A canary in this process's environment: the judge's environment
	// must reach no program.
	canary := "canary-" + rand.Text()
	t.Setenv("REHEARSE_HOSTILE_CANARY", canary)
	e.secrets = append(e.secrets, secret{"the canary in the judge's environment", canary})
	given := map[string]bool{}
	for _, l := range j.Languages() {
		for _, kv := range l.Env {
			given[kv] = true
		}
	}
	// The zygote's own environment, which pid 1's environ may show.
	given["GOMAXPROCS=1"] = true
	pid1, _ := os.ReadFile("/proc/1/environ")
	for _, kv := range append(os.Environ(), strings.Split(string(pid1), "\x00")...) {
		if len(kv) >= 8 && strings.Contains(kv, "=") && !given[kv] {
			name, _, _ := strings.Cut(kv, "=")
			e.secrets = append(e.secrets, secret{"the environment variable " + name + " of the judge or the host's pid 1", kv})
		}
	}
	// Readable as root, which the full sandbox level needs but for user
	// namespaces.
	shadow, err := os.ReadFile("/etc/shadow")
	if err != nil {
		t.Logf("the host's /etc/shadow is not checked for: %v", err)
	}
	for _, line := range strings.Split(string(shadow), "\n") {
		if strings.TrimSpace(line) != "" {
			user, _, _ := strings.Cut(line, ":")
			e.secrets = append(e.secrets, secret{"the host's /etc/shadow line of " + user, line})
		}
	}
	ents, _ := os.ReadDir("/root")
	for _, d := range ents {
		e.rootEntries = append(e.rootEntries, d.Name())
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	e.port = ln.Addr().(*net.TCPAddr).Port
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			e.accepted.Add(1)
			c.Close()
		}
	}()

	// Sentinels: a host process as root and one as each slot's uid
	// (sandbox.firstUID + slot), which kill(-1) from a program would reach
	// if its pid namespace were missing.
	uids := []int{0, 61000, 61001}
	if os.Geteuid() != 0 {
		uids = []int{os.Geteuid()}
	}
	for _, uid := range uids {
		e.sentinels = append(e.sentinels, startSentinel(t, uid))
	}
	e.replacer = strings.NewReplacer("@MARKER@", e.marker, "@SLEEP@", e.daemonSecs, "@PORT@", strconv.Itoa(e.port))
	return e
}

// run prepares src and executes it once without stdin, asserting what
// every run must: full isolation, the supervisor back within the wall
// limit plus a second, the host responsive meanwhile, no secret shown.
func (e *hostileEnv) run(t *testing.T, lang, src string) *Run {
	t.Helper()
	ctx := context.Background()
	p, err := e.j.Prepare(ctx, lang, []byte(e.replacer.Replace(src)))
	defer p.Close()
	if err != nil {
		var out string
		if p != nil {
			out = p.CompileOutput
		}
		t.Fatalf("prepare: %v\n%s", err, out)
	}
	stop := heartbeat()
	start := time.Now()
	r, err := e.j.Execute(ctx, p, nil, e.lim)
	took := time.Since(start)
	stall := stop()
	if err != nil {
		t.Fatalf("execute: %v", err)
	}
	t.Logf("%s in %v (cpu %d ms, memory %d KiB, host stalled at most %v)", r.Verdict, took.Round(time.Millisecond), r.TimeMS, r.MemoryKB, stall.Round(time.Millisecond))
	if r.Isolation != sandbox.Full {
		t.Errorf("isolation %s", r.Isolation)
	}
	if took > e.lim.WallTime+time.Second {
		t.Errorf("the supervisor returned after %v, over the wall limit %v plus a second", took, e.lim.WallTime)
	}
	// Generous: the machine is shared and loaded; a program that escaped
	// its limits would stall it for far longer.
	if stall > 2*time.Second {
		t.Errorf("the host stalled for %v during the run", stall)
	}
	for _, s := range e.secrets {
		if bytes.Contains(r.Stdout, []byte(s.value)) || bytes.Contains(r.Stderr, []byte(s.value)) {
			t.Errorf("the output shows %s", s.what)
		}
	}
	return r
}

// show quotes the start of a program's output for a message, with any
// host secret in it replaced by what it is: test logs are kept.
func (e *hostileEnv) show(b []byte) string {
	s := string(b)
	for _, sec := range e.secrets {
		s = strings.ReplaceAll(s, sec.value, "<"+sec.what+">")
	}
	return fmt.Sprintf("%.300q", s)
}

// leftAlone asserts that nothing of the run is left (polling a moment,
// as TestEvaluate does: cgroups may take one) and that the sentinels live.
func (e *hostileEnv) leftAlone(t *testing.T) {
	t.Helper()
	assertNothingLeft(t)
	for _, s := range e.sentinels {
		select {
		case <-s.done:
			t.Fatalf("the host sentinel running as uid %d (pid %d) was killed", s.uid, s.pid)
		default:
		}
	}
}

// secret is a host string no run may show, and what it is.
type secret struct{ what, value string }

// sentinel is a host process that must outlive every case.
type sentinel struct {
	uid, pid int
	done     chan struct{}
}

func startSentinel(t *testing.T, uid int) *sentinel {
	t.Helper()
	cmd := exec.Command("/usr/bin/sleep", "3600")
	if uid != os.Geteuid() {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &sentinel{uid: uid, pid: cmd.Process.Pid, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.done
	})
	return s
}

// heartbeat measures, until stop is called, the longest a 10 ms timer in
// this process was kept waiting past its time.
func heartbeat() (stop func() time.Duration) {
	quit, worst := make(chan struct{}), make(chan time.Duration)
	go func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		last, w := time.Now(), time.Duration(0)
		for {
			select {
			case <-tick.C:
				now := time.Now()
				w = max(w, now.Sub(last))
				last = now
			case <-quit:
				worst <- max(w, time.Since(last))
				return
			}
		}
	}()
	return func() time.Duration {
		close(quit)
		return <-worst
	}
}

func checkStdout(want string) func(*testing.T, *hostileEnv, string, *Run) {
	return func(t *testing.T, e *hostileEnv, _ string, r *Run) {
		t.Helper()
		if string(r.Stdout) != want {
			t.Errorf("stdout %s, want %q (stderr %s)", e.show(r.Stdout), want, e.show(r.Stderr))
		}
	}
}

// checkKilledAtLimit: the stream (1 stdout, 2 stderr) holds exactly the
// limit, and the program used less CPU than the time limit, so it was
// the output limit that stopped it, not a timer.
func checkKilledAtLimit(fd int) func(*testing.T, *hostileEnv, string, *Run) {
	return func(t *testing.T, e *hostileEnv, _ string, r *Run) {
		t.Helper()
		out := r.Stdout
		if fd == 2 {
			out = r.Stderr
		}
		if int64(len(out)) != e.lim.Output {
			t.Errorf("%d bytes of output kept, want the limit, %d", len(out), e.lim.Output)
		}
		if r.TimeMS >= e.lim.CPUTime.Milliseconds() {
			t.Errorf("%d ms of CPU: stopped by the timer, not at the output limit", r.TimeMS)
		}
	}
}

func checkNoRootEntries(t *testing.T, e *hostileEnv, _ string, r *Run) {
	t.Helper()
	for _, name := range e.rootEntries {
		if bytes.Contains(r.Stdout, []byte("entry: "+name+"\n")) {
			t.Errorf("the host's /root/%s is visible: %s", name, e.show(r.Stdout))
		}
	}
}

// checkNotWritten: the host path is absent after the run; mustFail also
// wants the program to have been refused (inside the sandbox, / and /usr
// are read-only; its /tmp is its own and may be written).
func checkNotWritten(path string, mustFail bool) func(*testing.T, *hostileEnv, string, *Run) {
	return func(t *testing.T, e *hostileEnv, _ string, r *Run) {
		t.Helper()
		path := e.replacer.Replace(path)
		if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the host's %s exists after the run (%v)", path, err)
			os.Remove(path)
		}
		if mustFail && !bytes.HasPrefix(r.Stdout, []byte("denied: ")) {
			t.Errorf("the write was not refused: %s", e.show(r.Stdout))
		}
	}
}

// checkFull: the program stopped at the work dir's size (in MiB) or
// inode limit.
func checkFull(unit string) func(*testing.T, *hostileEnv, string, *Run) {
	return func(t *testing.T, e *hostileEnv, _ string, r *Run) {
		t.Helper()
		m := regexp.MustCompile(`full after (\d+) ` + unit).FindSubmatch(r.Stdout)
		if m == nil {
			t.Fatalf("the program did not fill the work dir: stdout %s, stderr %s", e.show(r.Stdout), e.show(r.Stderr))
		}
		n, _ := strconv.ParseInt(string(m[1]), 10, 64)
		limit := int64(e.lim.Files)
		if unit == "MiB" {
			limit = e.lim.WorkDir >> 20
		}
		if n > limit {
			t.Errorf("wrote %d %s, over the work dir's limit of %d", n, unit, limit)
		}
	}
}

func checkNotConnected(t *testing.T, e *hostileEnv, _ string, r *Run) {
	t.Helper()
	if bytes.Contains(r.Stdout, []byte("CONNECTED")) {
		t.Errorf("the program connected: %s", e.show(r.Stdout))
	}
	if n := e.accepted.Load(); n > 0 {
		t.Errorf("the host's listener on 127.0.0.1 accepted %d connections", n)
	}
}

// checkChildRestricted: the helper the program started was killed by the
// filter (SIGSYS) and gained nothing.
func checkChildRestricted(t *testing.T, e *hostileEnv, _ string, r *Run) {
	t.Helper()
	if !bytes.Contains(r.Stdout, []byte("SIGSYS")) || bytes.Contains(r.Stdout, []byte(`"0\n"`)) {
		t.Errorf("the helper was not stopped by the filter: %s", e.show(r.Stdout))
	}
}

// checkDaemonGone: the program's daemon is gone from the host the moment
// the supervisor returned, and later runs in either slot see no process
// but their own.
func checkDaemonGone(t *testing.T, e *hostileEnv, lang string, r *Run) {
	t.Helper()
	if string(r.Stdout) != "parent done\n" {
		t.Errorf("stdout %s", e.show(r.Stdout))
	}
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		if b, err := os.ReadFile(p); err == nil && bytes.HasSuffix(b, []byte("\x00"+e.daemonSecs+"\x00")) {
			t.Errorf("the daemon outlived the run: %s %q", filepath.Dir(p), b)
		}
	}
	// Two runs one after the other use both slots.
	for range 2 {
		look := e.run(t, lang, lookSources[lang])
		if look.Verdict != Accepted || strings.TrimSpace(string(look.Stdout)) != "others:" {
			t.Errorf("a later run: %s, stdout %s, stderr %s", look.Verdict, e.show(look.Stdout), e.show(look.Stderr))
		}
	}
}
