package web

import (
	"net/http"
)

// Handler returns every route Rehearse serves, wrapped in the middleware
// each request goes through. This is the whole HTTP surface in one place.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()

	// Pages.
	mux.Handle("GET /{$}", s.page(s.home))
	mux.Handle("GET /prep", s.page(s.guideList))
	mux.Handle("GET /prep/{slug}", s.page(s.guidePage))
	mux.Handle("GET /questions", s.page(s.questionList))
	mux.Handle("GET /questions/{id}", s.page(s.questionPage))
	mux.Handle("GET /topics/{id}", s.page(s.topicPage))
	mux.Handle("GET /static/", http.StripPrefix("/static/", s.staticFiles()))

	// Mock interviews.
	mux.Handle("POST /sessions", s.page(s.startSession))
	mux.Handle("GET /sessions/{id}", s.page(s.sessionPage))
	mux.Handle("POST /sessions/{id}/act", s.page(s.sessionAct))
	mux.Handle("POST /sessions/{id}/notes", s.page(s.sessionNotes))
	mux.Handle("POST /sessions/{id}/code", s.page(s.sessionCode))
	mux.Handle("GET /sessions/{id}/report", s.page(s.reportPage))
	mux.Handle("GET /sessions/{id}/report.md", s.page(s.reportMarkdown))
	mux.Handle("GET /sessions/{id}/report.json", s.api(s.reportJSON))
	mux.Handle("POST /sessions/{id}/delete", s.page(s.deleteSession))
	mux.Handle("POST /sessions/{id}/recordings", s.page(s.sessionRecordingUpload))
	mux.Handle("GET /sessions/{id}/recordings/{rid}/audio", s.page(s.recordingAudio))
	mux.Handle("POST /sessions/{id}/recordings/{rid}/delete", s.page(s.sessionRecordingDelete))
	mux.Handle("POST /sessions/{id}/recordings/{rid}/retry", s.page(s.sessionRecordingRetry))
	mux.Handle("GET /history", s.page(s.history))
	mux.Handle("GET /healthz", s.api(s.health))

	// JSON API, version 1.
	mux.Handle("GET /api/v1/guides", s.api(s.apiGuides))
	mux.Handle("GET /api/v1/guides/{slug}", s.api(s.apiGuide))
	mux.Handle("GET /api/v1/questions", s.api(s.apiQuestions))
	mux.Handle("GET /api/v1/questions/{id}", s.api(s.apiQuestion))
	mux.Handle("GET /api/v1/companies", s.api(s.apiCompanies))
	mux.Handle("GET /api/v1/roles", s.api(s.apiRoles))
	mux.Handle("GET /api/v1/topics", s.api(s.apiTopics))
	mux.Handle("GET /api/v1/loops/{id}", s.api(s.apiLoop))
	mux.Handle("GET /api/v1/packs", s.api(s.apiPacks))
	mux.Handle("POST /api/v1/sessions", s.api(s.apiStart))
	mux.Handle("GET /api/v1/sessions/{id}", s.api(s.apiSession))
	mux.Handle("POST /api/v1/sessions/{id}/act", s.api(s.apiAct))
	mux.Handle("POST /api/v1/sessions/{id}/code", s.api(s.apiCode))
	mux.Handle("GET /api/v1/sessions/{id}/recordings", s.api(s.apiRecordings))
	mux.Handle("POST /api/v1/sessions/{id}/recordings", s.api(s.apiRecordingStart))
	mux.Handle("GET /api/v1/sessions/{id}/recordings/{rid}", s.api(s.apiRecording))
	mux.Handle("DELETE /api/v1/sessions/{id}/recordings/{rid}", s.api(s.apiRecordingDelete))
	mux.Handle("POST /api/v1/sessions/{id}/recordings/{rid}/audio", s.api(s.apiRecordingAppend))
	mux.Handle("POST /api/v1/sessions/{id}/recordings/{rid}/finish", s.api(s.apiRecordingFinish))
	mux.Handle("POST /api/v1/sessions/{id}/recordings/{rid}/retry", s.api(s.apiRecordingRetry))
	mux.Handle("/api/", s.api(s.apiNotFound))

	// Anything else is a page that does not exist.
	mux.Handle("/", s.page(s.notFound))

	return s.logRequests(securityHeaders(http.NewCrossOriginProtection().Handler(mux)))
}
