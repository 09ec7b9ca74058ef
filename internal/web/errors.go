package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// handlerFunc is a handler that returns its error instead of writing it, so
// errors become responses in exactly one place.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// statusOf translates an error kind into an HTTP status. It is the only
// place that does.
func statusOf(err error) int {
	switch {
	case errors.Is(err, rehearse.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, rehearse.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, rehearse.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, rehearse.ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, rehearse.ErrUnavailable):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// publicMessage is what a user may see of err: the message for the kinds
// they can act on, a generic line for internal failures (which are logged).
func publicMessage(err error, status int) string {
	if status == http.StatusInternalServerError {
		return "Something went wrong on our side. The details are in the server log."
	}
	return err.Error()
}

// errorPage is the data behind the error template.
type errorPage struct {
	Title   string
	Status  int
	Message string
	Links   []link
}

type link struct {
	Href, Text string
}

// page adapts a page handler: a returned error renders the error page.
func (s *Server) page(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status := statusOf(err)
		s.noteError(r, status, err)
		data := errorPage{Title: http.StatusText(status), Status: status, Message: publicMessage(err, status)}
		var withLinks *suggestions
		if errors.As(err, &withLinks) {
			data.Links = withLinks.links
		}
		if rerr := s.render(w, status, "error", s.pageData(data.Title, "", "", data)); rerr != nil {
			s.log.ErrorContext(r.Context(), "render error page", "err", rerr)
			http.Error(w, data.Message, status)
		}
	})
}

// api adapts a JSON handler: a returned error becomes {"error": "..."}.
func (s *Server) api(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status := statusOf(err)
		s.noteError(r, status, err)
		writeJSON(w, status, map[string]string{"error": publicMessage(err, status)})
	})
}

func (s *Server) noteError(r *http.Request, status int, err error) {
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "err", err)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the status is already sent; a failed write means the client left
}

// suggestions is a not-found error that carries links to what the user
// probably meant.
type suggestions struct {
	err   error
	links []link
}

func (e *suggestions) Error() string { return e.err.Error() }
func (e *suggestions) Unwrap() error { return e.err }

// statusRecorder remembers the status and size of a response for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests writes one structured line per request and turns a panic
// into a 500 instead of a dropped connection.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.ErrorContext(r.Context(), "panic", "path", r.URL.Path, "panic", p)
				if rec.status == 0 {
					http.Error(rec, "internal error", http.StatusInternalServerError)
				}
			}
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", rec.status),
				slog.Int("bytes", rec.bytes),
				slog.Duration("duration", time.Since(start)))
		}()
		next.ServeHTTP(rec, r)
	})
}

// securityHeaders sets headers every response carries: no inline script,
// no framing, no MIME sniffing.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// The code editor (CodeMirror) injects its own style sheets; scripts
		// stay same-origin only.
		h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}
