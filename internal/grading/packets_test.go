package grading

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var packets = flag.String("packets", "", "write blind labelling packets for testdata/labelled to this folder (see docs/grading.md)")

// TestBlindPackets writes what a second labeller reads: per question, the
// prompt, fact sheet, rubric levels, key points (never their detect
// phrases), model answer and pitfalls, then its labelled answers shuffled
// and renamed, so neither the first labels, the answers' kinds nor their
// ids show. The key from new names to answer ids goes to key.json, which
// the labeller must not be given. testdata/second-labels.yaml came from
// these packets.
func TestBlindPackets(t *testing.T) {
	if *packets == "" {
		t.Skip("run with -args -packets DIR")
	}
	set, _ := loadLabelled(t)
	if err := os.MkdirAll(*packets, 0o755); err != nil {
		t.Fatal(err)
	}
	byQ := map[string][]labelled{}
	var order []string
	for _, l := range set {
		if byQ[l.question.ID] == nil {
			order = append(order, l.question.ID)
		}
		byQ[l.question.ID] = append(byQ[l.question.ID], l)
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	key := map[string]string{}
	for qi, id := range order {
		ans := byQ[id]
		q := ans[0].question
		var b strings.Builder
		fmt.Fprintf(&b, "# Question `%s` (%s): %s\n\n## Prompt\n\n%s\n\n", q.ID, q.Round, q.Title, strings.TrimSpace(q.Prompt))
		if len(q.Facts) > 0 {
			b.WriteString("## Fact sheet (what the interviewer answers if asked)\n\n")
			for _, f := range q.Facts {
				fmt.Fprintf(&b, "- %s\n", strings.TrimSpace(f.Answer))
			}
			b.WriteString("\n")
		}
		b.WriteString("## Rubric dimensions\n\n")
		for _, d := range q.Rubric.Dimensions {
			fmt.Fprintf(&b, "### %s (`%s`)\n\n- 1: %s\n- 2: %s\n- 3: %s\n- 4: %s\n\n", d.Name, d.ID,
				d.Levels.StrongNoHire, d.Levels.LeanNoHire, d.Levels.LeanHire, d.Levels.StrongHire)
		}
		b.WriteString("## Key points (id, weight 1-5, what it is)\n\n")
		for _, kp := range q.Rubric.KeyPoints {
			fmt.Fprintf(&b, "- `%s` (weight %d, dimension %s): %s\n", kp.ID, kp.Weight, kp.Dimension, kp.Label)
		}
		fmt.Fprintf(&b, "\n## Model answer (a level 4)\n\n%s\n\n", strings.TrimSpace(q.ModelAnswer))
		if len(q.Pitfalls) > 0 {
			b.WriteString("## Pitfalls\n\n")
			for _, p := range q.Pitfalls {
				fmt.Fprintf(&b, "- %s\n", strings.TrimSpace(p))
			}
			b.WriteString("\n")
		}
		b.WriteString("## Answers to label\n\n")
		rng.Shuffle(len(ans), func(i, j int) { ans[i], ans[j] = ans[j], ans[i] })
		for i, l := range ans {
			name := fmt.Sprintf("q%02d-%02d", qi, i+1)
			key[name] = l.ID
			fmt.Fprintf(&b, "### Answer %s\n\n```text\n%s\n```\n\n", name, strings.TrimRight(l.Answer, "\n"))
		}
		if err := os.WriteFile(filepath.Join(*packets, q.ID+".md"), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	k, _ := json.MarshalIndent(key, "", " ")
	if err := os.WriteFile(filepath.Join(*packets, "key.json"), k, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d packets and key.json (keep it from the labeller) to %s", len(order), *packets)
}
