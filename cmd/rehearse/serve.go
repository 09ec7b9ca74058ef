package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/rehearse/rehearse/internal/speech"
	"github.com/rehearse/rehearse/internal/web"
)

const serveAbout = `Start the web server: prep guides, the question bank and the JSON API.

It binds 127.0.0.1:8080 by default, keeps its SQLite database in the data
directory (creating both if needed), applies pending database migrations, and
serves the built-in content packs plus any --packs directories. Rehearse has
no accounts yet, so it refuses to listen on anything but a loopback address
unless you pass --public-without-auth.`

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", "[flags]", serveAbout)
	addr := fs.String("addr", envOr(e.getenv, "REHEARSE_ADDR", "127.0.0.1:8080"), "address to listen on (env REHEARSE_ADDR)")
	dataDir := dataDirFlag(fs, e)
	var packDirs stringList
	fs.Var(&packDirs, "packs", "a directory of extra content packs (a pack, or a folder of packs); repeatable (env REHEARSE_PACKS, colon-separated)")
	weaker := fs.Bool("allow-weaker-sandbox", false, "let coding rounds run code even when the sandbox is below the full level")
	public := fs.Bool("public-without-auth", false, "allow a non-loopback address although Rehearse has no accounts yet: anyone who can reach it can use it")
	logLevel := fs.String("log-level", envOr(e.getenv, "REHEARSE_LOG_LEVEL", "info"), "debug, info, warn or error (env REHEARSE_LOG_LEVEL)")
	sf := addSpeechFlags(fs, e)
	nudge := fs.String("silence-nudge", envOr(e.getenv, "REHEARSE_SILENCE_NUDGE", "20s"), "how long a candidate may stay silent before the interviewer offers to repeat the question, e.g. 30s; 0 turns it off (each candidate can change it on the page) (env REHEARSE_SILENCE_NUDGE)")
	if err := parseFlags(e, fs, args); err != nil {
		return helpOK(err)
	}
	speechCfg, err := sf.config(e)
	if err != nil {
		return err
	}
	nudgeAfter, err := parseSeconds(*nudge)
	if err != nil || nudgeAfter < 0 {
		return fmt.Errorf("%w: --silence-nudge %q: give a duration such as 20s, or 0 for never", errUsage, *nudge)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: serve takes no arguments, got %q", errUsage, fs.Args())
	}
	if len(packDirs) == 0 {
		if v := e.getenv("REHEARSE_PACKS"); v != "" {
			packDirs = strings.Split(v, ":")
		}
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("%w: --log-level %q: use debug, info, warn or error", errUsage, *logLevel)
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))

	if err := checkBindAddr(*addr, *public); err != nil {
		return err
	}
	a, err := openApp(ctx, e, *dataDir, packDirs)
	if err != nil {
		return err
	}
	defer a.db.Close()
	for _, m := range a.applied {
		log.Info("migrated database", "version", m.Version, "name", m.Name)
	}
	if err := a.db.RecordPacks(ctx, a.lib.Packs()); err != nil {
		return err
	}

	if j, err := newJudge(ctx, e, *weaker); err != nil {
		log.Warn("code will not run in coding rounds", "reason", err)
	} else {
		defer j.Close()
		a.svc.WithJudge(j)
		log.Info("judge ready", "languages", len(j.Languages()))
		// Build the judge's cache in the background; stop waiting for it
		// (and logging about it) before serve returns.
		warmCtx, stopWarm := context.WithCancel(ctx)
		warmed := make(chan struct{})
		defer func() { stopWarm(); <-warmed }()
		go func() {
			defer close(warmed)
			start := time.Now()
			switch err := j.Warm(warmCtx); {
			case warmCtx.Err() != nil:
			case err != nil:
				log.Warn("Go submissions will fail", "reason", err)
			default:
				log.Info("build cache ready", "took", time.Since(start).Round(time.Millisecond))
			}
		}()
	}
	var speechClient *speech.Client
	if speechCfg.URL == "" {
		log.Info("no speech-to-text endpoint: voice answers use the browser's recognition or typing")
	} else {
		if speechClient, err = speech.New(speechCfg); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		log.Info("speech-to-text endpoint", "url", speechClient.Endpoint(), "model", speechClient.Model(), "timeout", speechClient.Timeout())
	}
	srv, err := web.New(web.Config{Library: a.lib, Store: a.db, Interview: a.svc, Logger: log, Version: version(),
		Speech: speechClient, SilenceNudge: nudgeAfter})
	if err != nil {
		return err
	}
	// Spoken answers are transcribed in the background, one at a time. The
	// worker stops (putting an interrupted transcription back in the queue)
	// before the database closes.
	tctx, stopTranscriber := context.WithCancel(ctx)
	transcriberDone := make(chan struct{})
	go func() { a.svc.RunTranscriber(tctx, log); close(transcriberDone) }()
	defer func() { stopTranscriber(); <-transcriberDone }()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%s is already in use: stop the other server or pass --addr with another port, e.g. --addr 127.0.0.1:8081", *addr)
		}
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	httpSrv := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	fmt.Fprintf(e.stdout, "Rehearse is running at http://%s/ (data in %s, %d packs). Press Ctrl-C to stop.\n", ln.Addr(), *dataDir, len(a.lib.Packs()))

	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// checkBindAddr refuses addresses other people could reach while Rehearse
// has no accounts, unless the operator said so explicitly.
func checkBindAddr(addr string, public bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%w: --addr %q: want host:port, e.g. 127.0.0.1:8080", errUsage, addr)
	}
	if public || isLoopback(host) {
		return nil
	}
	shown := host
	if shown == "" {
		shown = "every interface"
	}
	return fmt.Errorf("refusing to listen on %s (%s): Rehearse has no accounts yet, so anyone who can reach it could use it and read its data. Use --addr 127.0.0.1:PORT, or pass --public-without-auth if that is really what you want", addr, shown)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
