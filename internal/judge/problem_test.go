package judge

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rehearse/rehearse/internal/rehearse"
)

func TestLoadProblemHintsAndFollowUps(t *testing.T) {
	tests := []struct {
		name      string
		statement string
		want      *Problem // only Statement, Hints and FollowUps are compared
		wantErr   string   // an ErrInvalid with this message, when set
	}{
		{
			name:      "no sections",
			statement: "# Sum\n\nAdd two numbers.\n\n## Example\n\n```\n1 2\n```\n",
			want:      &Problem{Statement: "# Sum\n\nAdd two numbers.\n\n## Example\n\n```\n1 2\n```\n"},
		},
		{
			name: "both sections split off, items continued on indented lines",
			statement: "# Sum\n\nAdd two numbers.\n\n## Edge cases\n\n- n = 0\n\n" +
				"## Hints\n\n- What is the first step?\n- Could one pass do it, keeping\n  a running total?\n\n" +
				"## Follow-up variants\n\n* The numbers arrive as a stream.\n- They do not fit in memory.\n",
			want: &Problem{
				Statement: "# Sum\n\nAdd two numbers.\n\n## Edge cases\n\n- n = 0\n",
				Hints:     []string{"What is the first step?", "Could one pass do it, keeping a running total?"},
				FollowUps: []string{"The numbers arrive as a stream.", "They do not fit in memory."},
			},
		},
		{
			name:      "an unknown section after them stays in the statement",
			statement: "# Sum\n\n## Hints\n- a\n- b\n## Follow-up variants\n- c\n## Notes\n\nKeep this.\n",
			want: &Problem{
				Statement: "# Sum\n\n## Notes\n\nKeep this.\n",
				Hints:     []string{"a", "b"},
				FollowUps: []string{"c"},
			},
		},
		{
			name:      "heading case and CRLF line endings",
			statement: "# Sum\r\n\r\n## hints\r\n\r\n- a\r\n",
			want:      &Problem{Statement: "# Sum\n", Hints: []string{"a"}},
		},
		{
			name:      "a heading inside a code block is not a section",
			statement: "# Sum\n\n```\n## Hints\n- not a hint\n```\n",
			want:      &Problem{Statement: "# Sum\n\n```\n## Hints\n- not a hint\n```\n"},
		},
		{
			name:      "text that is not a list item",
			statement: "# Sum\n\n## Hints\n\nThink about it.\n",
			wantErr:   `statement.md:5: under "## Hints", want a list item starting with "- "`,
		},
		{
			name:      "an empty item",
			statement: "# Sum\n\n## Follow-up variants\n\n- \n",
			wantErr:   `statement.md:5: under "## Follow-up variants", want a list item starting with "- "`,
		},
		{
			name:      "a second hints section",
			statement: "# Sum\n\n## Hints\n- a\n## Hints\n- b\n",
			wantErr:   `statement.md:5: a second "## Hints" section`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"statement.md": {Data: []byte(tt.statement)},
				"tests/01.in":  {Data: []byte("1 2\n")},
				"tests/01.out": {Data: []byte("3\n")},
			}
			p, err := LoadProblem(fsys, "sum")
			if tt.wantErr != "" {
				if !errors.Is(err, rehearse.ErrInvalid) || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want ErrInvalid %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := &Problem{Statement: p.Statement, Hints: p.Hints, FollowUps: p.FollowUps}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("LoadProblem (-want +got):\n%s", diff)
			}
		})
	}
}
