package judge

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/internal/sandbox"
)

// MaxCustomInput is the largest input a candidate may type for a custom
// run.
const MaxCustomInput = 64 << 10

// CustomRun is a program run once on input the candidate wrote: the
// editor's "run with your own input". Nothing is judged.
type CustomRun struct {
	Verdict       Verdict       `json:"verdict"` // accepted means it ran to a zero exit
	Isolation     sandbox.Level `json:"isolation"`
	CompileOutput string        `json:"compile_output,omitempty"`
	ExitCode      int           `json:"exit_code"`
	Signal        string        `json:"signal,omitempty"`
	// Stdout is what the program printed; for a function problem, the
	// JSON its function returned.
	Stdout   string `json:"stdout"`
	Stderr   string `json:"stderr"`
	TimeMS   int64  `json:"time_ms"`
	MemoryKB int64  `json:"memory_kb"`
}

// Custom compiles src for problem p and runs it once on stdin under the
// problem's limits. For a function problem, stdin holds the arguments, one
// JSON value a line, as its tests do.
func (j *Judge) Custom(ctx context.Context, p *Problem, langID string, src, stdin []byte) (*CustomRun, error) {
	if len(stdin) > MaxCustomInput {
		return nil, rehearse.Errorf(rehearse.ErrTooLarge, "the input is %s; the limit is %s", rehearse.Size(int64(len(stdin))), rehearse.Size(MaxCustomInput))
	}
	out := &CustomRun{Isolation: j.sb.Level()}
	prog, err := j.prepare(ctx, p, langID, src)
	defer prog.Close()
	if prog != nil {
		out.CompileOutput = clip(prog.CompileOutput, 16<<10)
	}
	if errors.Is(err, ErrCompile) {
		out.Verdict = CompileError
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	lim := sandbox.DefaultLimits()
	lim.CPUTime, lim.WallTime, lim.Memory, lim.Output = p.TimeLimit, 2*p.TimeLimit+time.Second, p.MemoryLimit, 64<<10
	run, err := j.Execute(ctx, prog, stdin, lim)
	if err != nil {
		return nil, err
	}
	stdout := run.Stdout
	if p.Function != nil && run.Verdict == Accepted {
		stdout = p.answer(run.Stdout)
	}
	out.Verdict, out.ExitCode, out.Signal = run.Verdict, run.ExitCode, run.Signal
	out.Stdout = clip(strings.ToValidUTF8(string(stdout), "\uFFFD"), 16<<10)
	out.Stderr = clip(strings.ToValidUTF8(string(run.Stderr), "\uFFFD"), 16<<10)
	out.TimeMS, out.MemoryKB = run.TimeMS, run.MemoryKB
	return out, nil
}
