package web

import (
	"net/http"
	"slices"

	"github.com/rehearse/rehearse/internal/rehearse"
	"github.com/rehearse/rehearse/internal/store"
)

// guideSummary is a guide in a list.
type guideSummary struct {
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	Company     string `json:"company,omitempty"`
	Role        string `json:"role"`
	QuickAnswer string `json:"quick_answer"`
	URL         string `json:"url"`
	API         string `json:"api"`
}

func (s *Server) apiGuides(w http.ResponseWriter, r *http.Request) error {
	out := []guideSummary{}
	for _, g := range s.lib.Guides() {
		out = append(out, guideSummary{
			Slug: g.Slug(), Title: g.Title, Company: g.Company, Role: g.Role, QuickAnswer: g.QuickAnswer,
			URL: "/prep/" + g.Slug(), API: "/api/v1/guides/" + g.Slug(),
		})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiGuide(w http.ResponseWriter, r *http.Request) error {
	v, err := s.guideView(r.PathValue("slug"))
	if err != nil {
		return err
	}
	qs := make([]questionSummary, len(v.Questions))
	for i, q := range v.Questions {
		qs[i] = summarize(q)
	}
	writeJSON(w, http.StatusOK, struct {
		Slug string `json:"slug"`
		*rehearse.Guide
		CompanyInfo     *rehearse.Company `json:"company_info,omitempty"`
		RoleInfo        *rehearse.Role    `json:"role_info"`
		LoopInfo        *rehearse.Loop    `json:"loop_info"`
		Topics          []*rehearse.Topic `json:"topics"`
		SampleQuestions []questionSummary `json:"sample_questions"`
	}{v.Guide.Slug(), v.Guide, v.Company, v.Role, v.Loop, v.Topics, qs})
	return nil
}

// questionSummary is a question in a list, without its rubric and answer.
type questionSummary struct {
	ID         string              `json:"id"`
	Title      string              `json:"title"`
	Round      rehearse.RoundType  `json:"round"`
	Difficulty rehearse.Difficulty `json:"difficulty"`
	Topics     []string            `json:"topics"`
	Companies  []string            `json:"companies,omitempty"`
	URL        string              `json:"url"`
	API        string              `json:"api"`
}

func summarize(q *rehearse.Question) questionSummary {
	return questionSummary{
		ID: q.ID, Title: q.Title, Round: q.Round, Difficulty: q.Difficulty, Topics: q.Topics, Companies: q.Companies,
		URL: "/questions/" + q.ID, API: "/api/v1/questions/" + q.ID,
	}
}

func (s *Server) apiQuestions(w http.ResponseWriter, r *http.Request) error {
	query := r.URL.Query()
	round := rehearse.RoundType(query.Get("round"))
	if round != "" && !round.Valid() {
		return rehearse.Errorf(rehearse.ErrInvalid, "unknown round type %q", round)
	}
	topic, company := query.Get("topic"), query.Get("company")
	out := []questionSummary{}
	for _, q := range s.lib.Questions() {
		if (round != "" && q.Round != round) ||
			(topic != "" && !slices.Contains(q.Topics, topic)) ||
			(company != "" && !slices.Contains(q.Companies, company)) {
			continue
		}
		out = append(out, summarize(q))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiQuestion(w http.ResponseWriter, r *http.Request) error {
	q, err := s.lib.Question(r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

func (s *Server) apiCompanies(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.lib.Companies())
	return nil
}

func (s *Server) apiRoles(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.lib.Roles())
	return nil
}

func (s *Server) apiTopics(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.lib.Topics())
	return nil
}

func (s *Server) apiLoop(w http.ResponseWriter, r *http.Request) error {
	lp, err := s.lib.Loop(r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, lp)
	return nil
}

func (s *Server) apiPacks(w http.ResponseWriter, r *http.Request) error {
	seen, err := s.db.Packs(r.Context())
	if err != nil {
		return err
	}
	type packView struct {
		rehearse.Pack
		FirstSeen string `json:"first_seen,omitempty"`
	}
	bySeen := map[string]store.PackRecord{}
	for _, p := range seen {
		bySeen[p.ID] = p
	}
	out := []packView{}
	for _, p := range s.lib.Packs() {
		v := packView{Pack: p}
		if rec, ok := bySeen[p.ID]; ok {
			v.FirstSeen = rec.FirstSeen.Format("2006-01-02T15:04:05Z07:00")
		}
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	if err := s.db.Ping(r.Context()); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.version})
	return nil
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) error {
	return rehearse.Errorf(rehearse.ErrNotFound, "no API endpoint %s %s; see /api/v1/guides and docs/api.md", r.Method, r.URL.Path)
}
