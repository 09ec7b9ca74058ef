// Package web serves Rehearse's pages and its JSON API over net/http:
// server-rendered HTML from embedded templates and assets, readable without
// JavaScript, and /api/v1 with the same data.
package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/rehearse/rehearse/internal/content"
	"github.com/rehearse/rehearse/internal/interview"
	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/internal/speech"
	"github.com/rehearse/rehearse/internal/store"
)

//go:embed templates static
var assets embed.FS

// Store is what the web layer needs from the database.
type Store interface {
	Ping(ctx context.Context) error
	Packs(ctx context.Context) ([]store.PackRecord, error)
}

// Config is everything a Server is built from.
type Config struct {
	Library   *content.Library
	Store     Store
	Interview *interview.Service
	Logger    *slog.Logger
	Version   string
	// Speech is the speech-to-text endpoint's client, nil when none is
	// configured (the browser's recognition or typing is used). New gives
	// it to the interview service, which transcribes in the background.
	Speech *speech.Client
	// SilenceNudge is how long the candidate may stay silent before the
	// interviewer offers to repeat the question (0: never); each candidate
	// can change it on the page.
	SilenceNudge time.Duration
}

// Server holds the pages and API. Build it with New.
type Server struct {
	lib     *content.Library
	db      Store
	iv      *interview.Service
	log     *slog.Logger
	version string
	speech  *speech.Client
	nudge   time.Duration
	md      goldmark.Markdown
	pages   map[string]*template.Template
	static  fs.FS
}

// New parses the templates and returns a server ready to be routed.
func New(cfg Config) (*Server, error) {
	s := &Server{
		lib:     cfg.Library,
		db:      cfg.Store,
		iv:      cfg.Interview,
		log:     cfg.Logger,
		version: cfg.Version,
		speech:  cfg.Speech,
		nudge:   cfg.SilenceNudge,
		// Raw HTML in pack Markdown is dropped (goldmark's default), so an
		// operator's pack cannot inject script into pages.
		md: goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)),
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.static = static
	if cfg.Speech != nil {
		cfg.Interview.WithSpeech(cfg.Speech)
	}
	if s.pages, err = s.parsePages(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) parsePages() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"md":        s.markdown,
		"roundType": func(t rehearse.RoundType) string { return t.Label() },
		"company":   s.companyName,
		"role":      s.roleName,
		"topic":     s.topic,
		"question":  s.question,
		"add":       func(a, b int) int { return a + b },
		"mmss": func(d time.Duration) string {
			sec := int(d.Seconds())
			return fmt.Sprintf("%d:%02d", sec/60, sec%60)
		},
		"secs":    func(d time.Duration) int { return int(d.Seconds()) },
		"minsec":  func(sec int) string { return fmt.Sprintf("%d:%02d", sec/60, sec%60) },
		"levelOf": levelOf,
		"clock": func(sec float64) string {
			n := int(sec + 0.5)
			return fmt.Sprintf("%d:%02d", n/60, n%60)
		},
		"percent": func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
		"roundQuestion": func(sess *rehearse.Session, ri, qi int) string {
			if ri < 0 || ri >= len(sess.Rounds) {
				return fmt.Sprintf("Question %d", qi+1)
			}
			return fmt.Sprintf("%s, question %d", sess.Rounds[ri].Name, qi+1)
		},
		"deref": func(p *int) int { return *p },
		"stageMinutes": func(st rehearse.Stage) int {
			n := 0
			for _, r := range st.Rounds {
				n += r.Minutes
			}
			return n
		},
	}
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(assets, "templates/layout.html", name)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", base, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// markdown renders pack Markdown to HTML. Pack text is trusted to be
// Markdown, not HTML: raw HTML in it is not rendered.
func (s *Server) markdown(src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := s.md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // goldmark escapes raw HTML
}

func (s *Server) companyName(id string) string {
	if c, err := s.lib.Company(id); err == nil {
		return c.Name
	}
	return id
}

func (s *Server) roleName(id string) string {
	if r, err := s.lib.Role(id); err == nil {
		return r.Name
	}
	return id
}

func (s *Server) topic(id string) *rehearse.Topic {
	t, _ := s.lib.Topic(id) // ids were checked when the packs loaded
	return t
}

func (s *Server) question(id string) *rehearse.Question {
	q, _ := s.lib.Question(id) // ids were checked when the packs loaded
	return q
}

// render writes a page. It renders into a buffer first so a template error
// becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, status int, page string, data any) error {
	t, ok := s.pages[page]
	if !ok {
		return fmt.Errorf("render: no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// levelOf names a level pointer for templates: "3 · lean hire", or "not
// enough evidence" for nil.
func levelOf(l *int) string {
	if l == nil {
		return "not enough evidence"
	}
	return fmt.Sprintf("%d · %s", *l, rehearse.Level(*l).String())
}
