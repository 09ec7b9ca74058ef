package grading

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/rehearse/rehearse/internal/content"
	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/packs"
)

var (
	update  = flag.Bool("update", false, "rewrite testdata/calibration.golden from the current grader")
	tune    = flag.Bool("tune", false, "search level thresholds on the tune split and print the best")
	heldout = flag.Bool("heldout", false, "name check-split answers in failure details (off, so tuning cannot look at them)")
)

// labelled is one human-labelled answer from testdata/labelled.
type labelled struct {
	ID      string   `yaml:"id"`
	Kind    string   `yaml:"kind"`
	Split   string   `yaml:"split"`
	Level   *int     `yaml:"level"`
	Missing []string `yaml:"missing"`
	Note    string   `yaml:"note"`
	Answer  string   `yaml:"answer"`

	question *rehearse.Question
	batch    int
}

func loadLabelled(t testing.TB) ([]labelled, []*rehearse.Question) {
	t.Helper()
	return loadSets(t, "testdata/labelled/*.yaml")
}

// loadSets reads the labelled answer files matching pattern.
func loadSets(t testing.TB, pattern string) ([]labelled, []*rehearse.Question) {
	t.Helper()
	lib, err := content.Load(content.Source{Name: "packs", FS: packs.FS()})
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no labelled answers: %v", err)
	}
	var out []labelled
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var set struct {
			// Batch 1 was written first and the grader tuned on its tune
			// split; batch 2 came later, from labellers who never saw the
			// detection rules.
			Batch    int        `yaml:"batch"`
			Question string     `yaml:"question"`
			Answers  []labelled `yaml:"answers"`
		}
		dec := yaml.NewDecoder(strings.NewReader(string(b)))
		dec.KnownFields(true)
		if err := dec.Decode(&set); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		q, err := lib.Question(set.Question)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, a := range set.Answers {
			a.question = q
			a.batch = max(set.Batch, 1)
			for _, m := range a.Missing {
				if keyPoint(q, m) == nil {
					t.Fatalf("%s: %s labels unknown key point %q missing", f, a.ID, m)
				}
			}
			out = append(out, a)
		}
	}
	return out, lib.Questions()
}

// secondLabel is the blind second labelling of one answer
// (testdata/second-labels.yaml).
type secondLabel struct {
	Level   *int     `yaml:"level"`
	Missing []string `yaml:"missing"`
}

// loadSecond reads the second labelling and checks it covers every
// labelled answer with known key points.
func loadSecond(t testing.TB, set []labelled) map[string]secondLabel {
	t.Helper()
	b, err := os.ReadFile("testdata/second-labels.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Answers map[string]secondLabel `yaml:"answers"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("second-labels.yaml: %v", err)
	}
	for _, l := range set {
		sl, ok := f.Answers[l.ID]
		if !ok {
			t.Fatalf("second-labels.yaml has no label for %s", l.ID)
		}
		for _, m := range sl.Missing {
			if keyPoint(l.question, m) == nil {
				t.Fatalf("second-labels.yaml: %s labels unknown key point %q missing", l.ID, m)
			}
		}
	}
	if len(f.Answers) != len(set) {
		t.Fatalf("second-labels.yaml labels %d answers; labelled/ has %d", len(f.Answers), len(set))
	}
	return f.Answers
}

// inBatch returns the answers of set from one batch.
func inBatch(set []labelled, batch int) []labelled {
	return slices.DeleteFunc(slices.Clone(set), func(l labelled) bool { return l.batch != batch })
}

// levelNum maps a level to a number for agreement and ranking: not enough
// evidence counts as 0.
func levelNum(l *int) int {
	if l == nil {
		return 0
	}
	return *l
}

type agreement struct {
	n                int
	exact, withinOne float64
	spearman         float64
}

func agree(human, got []int) agreement {
	a := agreement{n: len(human)}
	if a.n == 0 {
		return a
	}
	var exact, within int
	for i := range human {
		d := human[i] - got[i]
		if d == 0 {
			exact++
		}
		if d >= -1 && d <= 1 {
			within++
		}
	}
	a.exact = float64(exact) / float64(a.n)
	a.withinOne = float64(within) / float64(a.n)
	a.spearman = spearman(human, got)
	return a
}

// spearman is Pearson's correlation of the ranks, ties given their average
// rank.
func spearman(x, y []int) float64 {
	rx, ry := ranks(x), ranks(y)
	var mx, my float64
	for i := range rx {
		mx += rx[i]
		my += ry[i]
	}
	mx /= float64(len(rx))
	my /= float64(len(ry))
	var num, dx, dy float64
	for i := range rx {
		num += (rx[i] - mx) * (ry[i] - my)
		dx += (rx[i] - mx) * (rx[i] - mx)
		dy += (ry[i] - my) * (ry[i] - my)
	}
	if dx == 0 || dy == 0 {
		return 0
	}
	return num / math.Sqrt(dx*dy)
}

func ranks(v []int) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		i = j + 1
	}
	return r
}

// lengthBaseline levels an answer by its word count alone, with cut-offs
// fitted on the tune split: the yardstick the grader must beat.
func lengthBaseline(tuneSet []labelled) func(string) int {
	words := func(s string) int { return len(strings.Fields(s)) }
	counts := make([]int, len(tuneSet))
	for i, l := range tuneSet {
		counts[i] = words(l.Answer)
	}
	best, bestCuts := -1, [3]int{}
	for a := 20; a <= 400; a += 10 {
		for b := a; b <= 500; b += 10 {
			for c := b; c <= 700; c += 20 {
				n := 0
				for i, l := range tuneSet {
					w := counts[i]
					lv := 1
					switch {
					case w >= c:
						lv = 4
					case w >= b:
						lv = 3
					case w >= a:
						lv = 2
					}
					if lv == levelNum(l.Level) {
						n++
					}
				}
				if n > best {
					best, bestCuts = n, [3]int{a, b, c}
				}
			}
		}
	}
	return func(s string) int {
		w := words(s)
		switch {
		case w >= bestCuts[2]:
			return 4
		case w >= bestCuts[1]:
			return 3
		case w >= bestCuts[0]:
			return 2
		}
		return 1
	}
}

// TestCalibration checks the grader against the human labels: on the
// held-out check split, within-one agreement at least 90%, exact at least
// 60%, Spearman at least 0.8; buzzword, wrong and injection answers never
// above 2; the first follow-up targets a point the labeller said was
// missing. It writes the figures, with a length-only baseline beside them,
// to testdata/calibration.golden, which docs/grading.md quotes.
func TestCalibration(t *testing.T) {
	set, qs := loadLabelled(t)
	e := NewEngine(qs)
	var tuneSet, checkSet []labelled
	for _, l := range set {
		if l.Split == "check" {
			checkSet = append(checkSet, l)
		} else {
			tuneSet = append(tuneSet, l)
		}
	}
	if *tune {
		// Every labelled answer outside the held-out sets: the tune split
		// and the two mixed fresh batches (fresh3 is all wrong answers,
		// which would pull the bar for 2 to nothing).
		search := append([]labelled{}, tuneSet...)
		for _, name := range []string{"fresh", "fresh2"} {
			more, _ := loadSets(t, "testdata/"+name+"/*.yaml")
			search = append(search, more...)
		}
		searchThresholds(t, e, search, qs)
	}
	baseline := lengthBaseline(tuneSet)
	second := loadSecond(t, set)

	type row struct {
		split         string
		grader, lengh agreement
		// labellers is the second labelling against the first; vsSecond
		// the grader against the second.
		labellers, vsSecond agreement
	}
	var rows []row
	var lowFail, followFail []string
	followTotal, followHit := 0, 0
	checkTotal, checkHit := 0, 0 // the same on the check split alone
	for _, part := range []struct {
		name string
		set  []labelled
	}{{"tune", tuneSet}, {"check", checkSet}, {"all", set},
		{"tune, batch 1", inBatch(tuneSet, 1)}, {"tune, batch 2", inBatch(tuneSet, 2)},
		{"check, batch 1", inBatch(checkSet, 1)}, {"check, batch 2", inBatch(checkSet, 2)}} {
		var human, got, base, human2 []int
		for _, l := range part.set {
			r, err := e.Grade(Input{Question: l.question, Answer: l.Answer})
			if err != nil {
				t.Fatalf("%s: %v", l.ID, err)
			}
			human = append(human, levelNum(l.Level))
			got = append(got, levelNum(r.Level))
			base = append(base, baseline(l.Answer))
			human2 = append(human2, levelNum(second[l.ID].Level))
			if part.name != "all" {
				continue
			}
			name := l.ID
			if l.Split == "check" && !*heldout {
				name = "a held-out check answer"
			}
			// A human label above 2 for such an answer is the labeller's
			// call (docs/grading.md names it); the rule holds for the rest.
			if (l.Kind == "buzzword" || l.Kind == "wrong" || l.Kind == "injection") && levelNum(l.Level) <= 2 && levelNum(r.Level) > 2 {
				lowFail = append(lowFail, fmt.Sprintf("%s (%s) graded %d", name, l.Kind, levelNum(r.Level)))
			}
			if len(l.Missing) > 0 && r.Level != nil {
				followTotal++
				if l.Split == "check" {
					checkTotal++
				}
				fs := FollowUps(l.question, r, nil)
				if len(fs) > 0 && !fs[0].Deeper && slices.Contains(l.Missing, fs[0].KeyPoint) {
					followHit++
					if l.Split == "check" {
						checkHit++
					}
				} else {
					first := "(none)"
					if len(fs) > 0 {
						first = fs[0].KeyPoint
					}
					if name != l.ID {
						followFail = append(followFail, name+": first follow-up not on a labelled missing point")
					} else {
						followFail = append(followFail, fmt.Sprintf("%s: first follow-up %s, labelled missing %v", l.ID, first, l.Missing))
					}
				}
			}
		}
		rows = append(rows, row{part.name, agree(human, got), agree(human, base), agree(human, human2), agree(human2, got)})
	}

	var b strings.Builder
	fmt.Fprintf(&b, "| split | answers | grader exact | grader within one | grader Spearman | length-only exact | length-only within one | length-only Spearman |\n")
	fmt.Fprintf(&b, "|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %d | %.0f%% | %.0f%% | %.2f | %.0f%% | %.0f%% | %.2f |\n", r.split, r.grader.n,
			100*r.grader.exact, 100*r.grader.withinOne, r.grader.spearman, 100*r.lengh.exact, 100*r.lengh.withinOne, r.lengh.spearman)
	}
	fmt.Fprintf(&b, "\nA second labeller, labelling every answer blind, against the first; and the grader against the second labeller:\n\n")
	fmt.Fprintf(&b, "| split | answers | labellers exact | labellers within one | labellers Spearman | grader vs second exact | grader vs second within one | grader vs second Spearman |\n")
	fmt.Fprintf(&b, "|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %d | %.0f%% | %.0f%% | %.2f | %.0f%% | %.0f%% | %.2f |\n", r.split, r.labellers.n,
			100*r.labellers.exact, 100*r.labellers.withinOne, r.labellers.spearman, 100*r.vsSecond.exact, 100*r.vsSecond.withinOne, r.vsSecond.spearman)
	}
	fmt.Fprintf(&b, "\nFirst follow-up targets a labelled missing point: %d of %d answers (%.0f%%); on the check split alone %d of %d (%.0f%%).\n",
		followHit, followTotal, 100*float64(followHit)/float64(max(1, followTotal)), checkHit, checkTotal, 100*float64(checkHit)/float64(max(1, checkTotal)))
	fmt.Fprintf(&b, "Buzzword, confidently wrong and injection answers labelled 1 or 2 and graded above 2: %d.\n", len(lowFail))
	freshReport(t, e, baseline, &b, "fresh", "72 answers to nine technical questions, written and labelled blind after the tuning of batches 1 and 2 by one labeller, and since used for tuning")
	freshReport(t, e, baseline, &b, "fresh2", "160 answers to the other twenty labelled questions, written and labelled blind by five writers after the fresh batch")
	freshReport(t, e, baseline, &b, "fresh3", "116 confidently wrong answers, four to each of the 29 labelled questions with a different misconception or red flag in each, written and labelled blind by six writers after the fresh2 batch")
	freshReport(t, e, baseline, &b, "fresh4", "87 confidently wrong answers, three to each labelled question, written and labelled blind by six more writers after the misconceptions of the three batches above went into the rubrics, and held out: never read for tuning")
	freshReport(t, e, baseline, &b, "fresh5", "87 correct answers (strong long, strong short, middling), three to each labelled question, each with turns that trip careless graders (a misconception named to reject it, a candid escalation), written and labelled blind by six more writers and held out: never read for tuning")
	report := b.String()
	t.Logf("\n%s", report)
	for _, f := range append(lowFail, followFail...) {
		t.Log(f)
	}

	golden := "testdata/calibration.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(report), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/grading -run Calibration -update)", err)
	}
	if string(want) != report {
		t.Errorf("calibration figures changed; run with -update and copy them into docs/grading.md.\nwant:\n%s\ngot:\n%s", want, report)
	}
	doc, err := os.ReadFile("../../docs/grading.md")
	if err != nil || !strings.Contains(string(doc), report) {
		t.Errorf("docs/grading.md does not quote testdata/calibration.golden exactly")
	}

	// The bars on the check split are within one ≥ 90%, exact ≥
	// 60%, Spearman ≥ 0.80 and no buzzword, wrong or injection answer
	// labelled 1 or 2 graded above 2; all are met and held at the bar.
	// The first follow-up is held at today's figure (92% of answers, 87%
	// of the held-out ones), which docs/grading.md reports: any drift
	// fails, and the golden file above catches every change in either
	// direction.
	check := rows[1].grader
	if check.withinOne < 0.90 || check.exact < 0.60 || check.spearman < 0.80 {
		t.Errorf("grader drifted on the check split: within one %.1f%% (≥90%%), exact %.1f%% (≥60%%), Spearman %.3f (≥0.80)", 100*check.withinOne, 100*check.exact, check.spearman)
	}
	for _, f := range lowFail {
		t.Errorf("buzzword, wrong or injection answer labelled 1 or 2 graded above 2 (bar: none): %s", f)
	}
	if float64(followHit) < 0.92*float64(followTotal) {
		t.Errorf("first follow-up missed the labelled gaps too often:\n%s", strings.Join(followFail, "\n"))
	}
}

// searchThresholds prints the level thresholds that agree best with the
// tune split (exact agreement, then within one). The thresholds only move
// the score-to-level step, so each answer is graded twice: once for its
// score, once with every score mapping to 4, which leaves only the caps.
func searchThresholds(t *testing.T, e *Engine, tuneSet []labelled, qs []*rehearse.Question) Thresholds {
	type scored struct {
		th           Thresholds
		exact, close int
		rho          float64
	}
	scores := make([]float64, len(tuneSet))
	caps := make([]int, len(tuneSet))
	for i, l := range tuneSet {
		r, err := e.Grade(Input{Question: l.question, Answer: l.Answer})
		if err != nil {
			t.Fatal(err)
		}
		scores[i] = r.Score
		c, err := e.WithThresholds(Thresholds{}).Grade(Input{Question: l.question, Answer: l.Answer})
		if err != nil {
			t.Fatal(err)
		}
		caps[i] = levelNum(c.Level)
	}
	// A question's model answer is what a 4 looks like, so the bar for 4
	// may not rise above any model answer's score.
	maxFour := 1.0
	for _, q := range qs {
		r, err := e.Grade(Input{Question: q, Answer: q.ModelAnswer})
		if err != nil {
			t.Fatal(err)
		}
		maxFour = min(maxFour, r.Score)
	}
	var best scored
	for two := 0.05; two < 0.5; two += 0.01 {
		for three := two + 0.02; three < 0.8; three += 0.01 {
			for four := three + 0.02; four <= maxFour; four += 0.01 {
				th := Thresholds{Four: four, Three: three, Two: two}
				s := scored{th: th}
				var human, gotAll []int
				for i, l := range tuneSet {
					got := 0
					if caps[i] > 0 {
						got = min(int(e.WithThresholds(th).toLevel(scores[i])), caps[i])
					}
					human, gotAll = append(human, levelNum(l.Level)), append(gotAll, got)
					d := levelNum(l.Level) - got
					if d == 0 {
						s.exact++
					}
					if d >= -1 && d <= 1 {
						s.close++
					}
				}
				s.rho = spearman(human, gotAll)
				// Within one first (the bar that matters most), then exact
				// agreement plus rank correlation.
				if s.close > best.close || (s.close == best.close && float64(s.exact)/float64(len(tuneSet))+s.rho > float64(best.exact)/float64(len(tuneSet))+best.rho) {
					best = s
				}
			}
		}
	}
	t.Logf("best thresholds on %d answers, with every model answer at 4 (score ≥ %.2f): %+v (exact %d, within one %d, Spearman %.2f)", len(tuneSet), maxFour, best.th, best.exact, best.close, best.rho)
	return best.th
}

// Every built-in question's own model answer is a strong hire, shows every
// key point, and has no misconception flagged: a rubric that fails its
// model answer is a content bug.
func TestModelAnswersGradeFour(t *testing.T) {
	lib, err := content.Load(content.Source{Name: "packs", FS: packs.FS()})
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(lib.Questions())
	for _, q := range lib.Questions() {
		r, err := e.Grade(Input{Question: q, Answer: q.ModelAnswer})
		if err != nil {
			t.Fatal(err)
		}
		if r.LevelValue() != rehearse.StrongHire {
			t.Errorf("%s: model answer graded %d (%s); missing %v", q.ID, r.LevelValue(), r.Summary, r.Missing)
		}
		// The model answer makes every key point, so the rubric must see
		// each one there; one it misses is a point it will miss, and probe
		// again, in a candidate's answer too.
		for _, f := range r.findings {
			if f.Strength < Stated {
				t.Errorf("%s: the rubric does not find key point %s in the model answer (%s)", q.ID, f.KeyPoint.ID, f.Strength)
			}
		}
		for _, f := range r.Flags {
			if f.Code == "wrong_claim" || f.Code == "instruction_ignored" || f.Code == "buzzword_list" {
				t.Errorf("%s: model answer flagged %s: %q", q.ID, f.Code, f.Quote)
			}
		}
	}
}

// freshReport grades testdata/<name>, a batch written and labelled blind
// after the tuning before it, and adds its figures to the report: how
// the grader does on answers it was not tuned against, by kind. It
// reports aggregates only, so a held-out batch stays unread.
func freshReport(t *testing.T, e *Engine, baseline func(string) int, b *strings.Builder, name, about string) {
	fresh, _ := loadSets(t, "testdata/"+name+"/*.yaml")
	type byKind struct{ n, human, got int }
	kinds := map[string]*byKind{}
	var human, got, base []int
	wrongHigh, follow, followHit := 0, 0, 0
	falseFlags, notWrong := 0, 0 // answers not labelled wrong with a misconception or red flag flagged
	for _, l := range fresh {
		r, err := e.Grade(Input{Question: l.question, Answer: l.Answer})
		if err != nil {
			t.Fatalf("%s: %v", l.ID, err)
		}
		h, g := levelNum(l.Level), levelNum(r.Level)
		human, got, base = append(human, h), append(got, g), append(base, baseline(l.Answer))
		if kinds[l.Kind] == nil {
			kinds[l.Kind] = &byKind{}
		}
		k := kinds[l.Kind]
		k.n, k.human, k.got = k.n+1, k.human+h, k.got+g
		if l.Kind == "wrong" && h <= 2 && g > 2 {
			wrongHigh++
		}
		if l.Kind != "wrong" {
			notWrong++
			if slices.ContainsFunc(r.Findings(), func(f Finding) bool { return f.Wrong != "" }) {
				falseFlags++
			}
		}
		if len(l.Missing) > 0 && r.Level != nil {
			follow++
			if fs := FollowUps(l.question, r, nil); len(fs) > 0 && !fs[0].Deeper && slices.Contains(l.Missing, fs[0].KeyPoint) {
				followHit++
			}
		}
	}
	g, bl := agree(human, got), agree(human, base)
	fmt.Fprintf(b, "\nThe %s batch (testdata/%s), %s:\n\n", name, name, about)
	fmt.Fprintf(b, "| split | answers | grader exact | grader within one | grader Spearman | length-only exact | length-only within one | length-only Spearman |\n")
	fmt.Fprintf(b, "|---|---|---|---|---|---|---|---|\n")
	fmt.Fprintf(b, "| %s | %d | %.0f%% | %.0f%% | %.2f | %.0f%% | %.0f%% | %.2f |\n\n", name, g.n, 100*g.exact, 100*g.withinOne, g.spearman, 100*bl.exact, 100*bl.withinOne, bl.spearman)
	fmt.Fprintf(b, "| kind | answers | labelled mean | graded mean | mean error |\n|---|---|---|---|---|\n")
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		k := kinds[name]
		fmt.Fprintf(b, "| %s | %d | %.2f | %.2f | %+.2f |\n", name, k.n, float64(k.human)/float64(k.n), float64(k.got)/float64(k.n), float64(k.got-k.human)/float64(k.n))
	}
	fmt.Fprintf(b, "\nThe %s batch: confidently wrong answers labelled 1 or 2 and graded above 2: %d; other answers with a misconception or red flag flagged: %d of %d; first follow-up on a labelled missing point: %d of %d (%.0f%%).\n",
		name, wrongHigh, falseFlags, notWrong, followHit, follow, 100*float64(followHit)/float64(max(1, follow)))
}
