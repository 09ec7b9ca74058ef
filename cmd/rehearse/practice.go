package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/rehearse/rehearse/internal/interview"
	"github.com/rehearse/rehearse/internal/interviewer"
	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/internal/speech"
)

const practiceAbout = `Run a mock interview in the terminal: the same interviewer, pacing and
reports as the web view. Type your answer; a blank line sends it. Commands:
  /hint   ask for a hint (practice mode)
  /done   finish the current question
  /skip   skip the current question
  /quit   pause and leave (resume later with --resume ID)
  /audio FILE   answer with a recording (needs a speech-to-text endpoint)
With an endpoint (--speech-url or REHEARSE_SPEECH_URL), each --audio FILE is
transcribed and sent as the next answer, in order, before anything is read
from the terminal; in practice mode a delivery note (pace, fillers, hedges,
long pauses) follows each spoken answer.
In a coding question with a judged problem:
  /code         open $VISUAL or $EDITOR on your program (starter code first)
  /run          run it on the sample tests in the sandbox
  /submit       run it on every test
  /lang LANG    switch language (python, go, java, cpp, …)
At the end the report is printed as Markdown. Everything is saved in the
data directory, so the session also shows in the web history.`

// cliOwner owns sessions started from the terminal.
const cliOwner = "cli"

func runPractice(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "practice", "--company ID --role ID [--round TYPE|ID] [--mode practice|real]", practiceAbout)
	company := fs.String("company", "", "company id, e.g. microsoft (omit for the generic loop)")
	role := fs.String("role", "backend-engineer", "role id")
	round := fs.String("round", "", "only this round: a round type (system-design) or a round id of the loop")
	question := fs.String("question", "", "only this question id")
	mode := fs.String("mode", "practice", "practice (hints, feedback after each answer) or real (no hints, feedback at the end)")
	resume := fs.String("resume", "", "resume a paused session by id")
	dataDir := dataDirFlag(fs, e)
	weaker := fs.Bool("allow-weaker-sandbox", false, "let coding questions run code even when the sandbox is below the full level")
	var packDirs stringList
	fs.Var(&packDirs, "packs", "a directory of extra content packs; repeatable")
	var audio stringList
	fs.Var(&audio, "audio", "a recorded answer ("+speech.AcceptedFormats+"), transcribed and sent as the next answer; repeatable, in order (needs a speech endpoint)")
	keep := fs.Bool("keep-audio", false, "keep the recordings in the data directory after they are transcribed")
	sf := addSpeechFlags(fs, e)
	if err := parseFlags(e, fs, args); err != nil {
		return helpOK(err)
	}
	cfg, err := sf.config(e)
	if err != nil {
		return err
	}
	var sc *speech.Client
	if cfg.URL != "" {
		if sc, err = speech.New(cfg); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	} else if len(audio) > 0 {
		return fmt.Errorf("%w: --audio needs a speech-to-text endpoint to transcribe it; pass --speech-url or set REHEARSE_SPEECH_URL (see docs/speech.md)", errUsage)
	}
	for _, f := range audio {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("%w: --audio %s: %v", errUsage, f, errors.Unwrap(err))
		}
	}
	a, err := openApp(ctx, e, *dataDir, packDirs)
	if err != nil {
		return err
	}
	defer a.db.Close()
	svc := a.svc
	if sc != nil {
		svc.WithSpeech(sc)
	}
	if j, err := newJudge(ctx, e, *weaker); err != nil {
		fmt.Fprintf(e.stderr, "note: code will not run in coding questions: %v\n", err)
	} else {
		defer j.Close()
		svc.WithJudge(j)
		go j.Warm(ctx) // the first Go or C++ compile should not wait
	}

	var sess *rehearse.Session
	switch {
	case *resume != "":
		sess, err = svc.Get(ctx, *resume, cliOwner)
	case *question != "":
		sess, err = svc.Start(ctx, interview.Spec{Kind: rehearse.OneQuestion, Mode: rehearse.Mode(*mode), Owner: cliOwner, Question: *question})
	default:
		slug := *role + "-interview"
		if *company != "" {
			slug = *company + "-" + slug
		}
		kind := rehearse.WholeLoop
		if *round != "" {
			kind = rehearse.OneRound
		}
		sess, err = svc.Start(ctx, interview.Spec{Kind: kind, Mode: rehearse.Mode(*mode), Owner: cliOwner, Guide: slug, Round: *round})
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s (%s mode). Session %s.\nA blank line sends your answer; /hint /done /skip /quit", sess.Title, sess.Mode, sess.ID)
	if sc != nil {
		fmt.Fprintf(e.stdout, " /audio FILE")
	}
	fmt.Fprintf(e.stdout, ".\n\n")
	return practiceLoop(ctx, e, svc, sess, newCodeDesk(e, svc, *dataDir), voiceAnswers{client: sc, files: audio, keep: *keep})
}

// practiceLoop prints what the interviewer says and reads the candidate's
// answers until the interview ends or the candidate quits.
func practiceLoop(ctx context.Context, e *env, svc *interview.Service, sess *rehearse.Session, desk *codeDesk, voice voiceAnswers) error {
	in := bufio.NewScanner(e.stdin)
	in.Buffer(make([]byte, 64<<10), interview.MaxTurnBytes+1)
	shown := 0
	// Show the conversation so far on resume, then only what is new.
	show := func(s *rehearse.Session) {
		for _, t := range s.Turns[shown:] {
			if t.Role == string(interviewer.Candidate) {
				continue
			}
			fmt.Fprintf(e.stdout, "Interviewer: %s\n\n", strings.TrimSpace(t.Text))
		}
		shown = len(s.Turns)
	}
	show(sess)
	seq := 0
	act := func(a interview.Action, text string) error {
		seq++
		next, err := svc.Act(ctx, sess.ID, cliOwner, interview.Input{Action: a, Text: text, ClientID: fmt.Sprintf("cli-%d-%d", time.Now().UnixNano(), seq)})
		if err != nil {
			return err
		}
		sess = next
		show(sess)
		return nil
	}
	// spoken sends a transcribed recording as the answer; in practice mode
	// its delivery note comes before the interviewer's reply.
	spoken := func(name string) error {
		text, rid, ok, err := transcribeFile(ctx, e, svc, sess, voice, name)
		if err != nil || !ok {
			return err
		}
		seq++
		cid := fmt.Sprintf("cli-%d-%d", time.Now().UnixNano(), seq)
		next, err := svc.Act(ctx, sess.ID, cliOwner, interview.Input{Action: interview.Say, Text: text, ClientID: cid, Recording: rid})
		if err != nil {
			return err
		}
		sess = next
		if note := deliveryNote(ctx, svc, sess, rid); note != "" && sess.Mode == rehearse.Practice {
			fmt.Fprintf(e.stdout, "%s\n\n", note)
		}
		// The candidate's own turn is not shown again.
		show(sess)
		return nil
	}
	for len(voice.files) > 0 && sess.Status == rehearse.Active {
		name := voice.files[0]
		voice.files = voice.files[1:]
		if err := spoken(name); err != nil {
			if errors.Is(err, rehearse.ErrConflict) || errors.Is(err, rehearse.ErrInvalid) || errors.Is(err, rehearse.ErrTooLarge) {
				fmt.Fprintf(e.stdout, "(%v)\n", err)
				continue
			}
			return err
		}
	}
	for {
		switch sess.Status {
		case rehearse.Finished:
			res, err := svc.Results(ctx, sess.ID, cliOwner)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "\n%s", interview.Markdown(res))
			return nil
		case rehearse.Paused:
			if c := sess.Current(); c != nil && c.Status == rehearse.Active {
				// Paused mid-round (a previous /quit): carry on.
				if err := act(interview.Resume, ""); err != nil {
					return err
				}
				continue
			}
			fmt.Fprintf(e.stdout, "[Paused between rounds. Press Enter to start the next round, or /quit.]\n")
			line, ok := readLine(in)
			if !ok || strings.TrimSpace(line) == "/quit" {
				fmt.Fprintf(e.stdout, "Saved. Resume with: rehearse practice --resume %s\n", sess.ID)
				return nil
			}
			if err := act(interview.Resume, ""); err != nil {
				return err
			}
			continue
		}
		desk.introduce(sess)
		if c := sess.Current(); c != nil {
			clock := svc.ClockOf(sess)
			fmt.Fprintf(e.stdout, "[%s · %d:%02d left] > ", c.Name, int(clock.Remaining.Minutes()), int(clock.Remaining.Seconds())%60)
		}
		answer, cmd, ok := readAnswer2(in)
		if !ok && answer != "" && cmd == "" {
			if err := act(interview.Say, answer); err != nil {
				return err
			}
			answer = ""
		}
		if !ok && cmd == "" {
			// End of input: keep the place and stop.
			if err := act(interview.Pause, ""); err != nil && !errors.Is(err, rehearse.ErrConflict) {
				return err
			}
			fmt.Fprintf(e.stdout, "\nSaved. Resume with: rehearse practice --resume %s\n", sess.ID)
			return nil
		}
		if desk.handles(cmd) {
			if answer != "" {
				if err := act(interview.Say, answer); err != nil {
					return err
				}
			}
			next, err := desk.command(ctx, sess, cmd)
			if err != nil {
				return err
			}
			sess = next
			show(sess)
			continue
		}
		var err error
		switch cmd {
		case "":
			err = act(interview.Say, answer)
		case "/hint":
			err = act(interview.Hint, "")
		case "/done":
			if answer != "" {
				if err = act(interview.Say, answer); err != nil {
					break
				}
			}
			err = act(interview.Done, "")
		case "/skip":
			err = act(interview.Skip, "")
		case "/audio":
			fmt.Fprintf(e.stdout, "Give the file: /audio FILE\n")
			continue
		case "/quit":
			if answer != "" {
				if err = act(interview.Say, answer); err != nil {
					break
				}
			}
			if err = act(interview.Pause, ""); err == nil {
				fmt.Fprintf(e.stdout, "Saved. Resume with: rehearse practice --resume %s\n", sess.ID)
				return nil
			}
		default:
			if name, ok := strings.CutPrefix(cmd, "/audio "); ok {
				if answer != "" {
					if err = act(interview.Say, answer); err != nil {
						break
					}
				}
				err = spoken(strings.TrimSpace(name))
				break
			}
			fmt.Fprintf(e.stdout, "Unknown command %s. Commands: /hint /done /skip /audio FILE /quit\n", cmd)
			continue
		}
		if err != nil {
			if errors.Is(err, rehearse.ErrConflict) || errors.Is(err, rehearse.ErrInvalid) || errors.Is(err, rehearse.ErrTooLarge) {
				fmt.Fprintf(e.stdout, "(%v)\n", err)
				continue
			}
			return err
		}
	}
}

func readLine(in *bufio.Scanner) (string, bool) {
	if !in.Scan() {
		return "", false
	}
	return in.Text(), true
}

// readAnswer2 reads lines until a blank line. A line that is a command
// (/hint …) ends the answer too and is returned as cmd. ok is false at the
// end of input.
func readAnswer2(in *bufio.Scanner) (answer, cmd string, ok bool) {
	var lines []string
	for in.Scan() {
		line := in.Text()
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "/") && (!strings.Contains(t, " ") || strings.HasPrefix(t, "/lang ") || strings.HasPrefix(t, "/audio ")) {
			return strings.Join(lines, "\n"), t, true
		}
		if t == "" {
			if len(lines) == 0 {
				continue
			}
			return strings.Join(lines, "\n"), "", true
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n"), "", false
}
