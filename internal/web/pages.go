package web

import (
	"io/fs"
	"net/http"
	"slices"

	"github.com/rehearse/rehearse/internal/content"
	"github.com/rehearse/rehearse/internal/rehearse"
)

// pageData is what every page template gets: its title plus the page's own
// data.
type pageData struct {
	Title       string
	Description string
	Nav         string // which top-level section is current
	Version     string
	Data        any
}

func (s *Server) pageData(title, desc, nav string, data any) pageData {
	return pageData{Title: title, Description: desc, Nav: nav, Version: s.version, Data: data}
}

func (s *Server) staticFiles() http.Handler {
	files := http.FileServerFS(s.static)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Asset names are fixed by the binary; a day of caching is safe and
		// a new version changes the query string in the layout.
		w.Header().Set("Cache-Control", "public, max-age=86400")
		if _, err := fs.Stat(s.static, r.URL.Path); err != nil {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}

type guideCard struct {
	Guide   *rehearse.Guide
	Company string
	Role    string
	Loop    *rehearse.Loop
}

func (s *Server) guideCards() []guideCard {
	var cards []guideCard
	for _, g := range s.lib.Guides() {
		lp, _ := s.lib.Loop(g.Loop) // checked at load
		cards = append(cards, guideCard{Guide: g, Company: s.companyName(g.Company), Role: s.roleName(g.Role), Loop: lp})
	}
	return cards
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	data := struct {
		Guides    []guideCard
		Questions int
		Topics    []*rehearse.Topic
	}{s.guideCards(), len(s.lib.Questions()), s.lib.Topics()}
	return s.render(w, http.StatusOK, "home", s.pageData("Rehearse — practise backend interview loops out loud", "Prep guides and mock interviews for big-tech backend engineering loops.", "home", data))
}

func (s *Server) guideList(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, http.StatusOK, "guides", s.pageData("Interview prep guides", "Prep guides for every company and role Rehearse covers.", "prep", s.guideCards()))
}

type guideView struct {
	Guide     *rehearse.Guide
	Company   *rehearse.Company
	Role      *rehearse.Role
	Loop      *rehearse.Loop
	Topics    []*rehearse.Topic
	Questions []*rehearse.Question
}

func (s *Server) guideView(slug string) (*guideView, error) {
	g, err := s.lib.GuideBySlug(slug)
	if err != nil {
		return nil, err
	}
	v := &guideView{Guide: g}
	if g.Company != "" {
		if v.Company, err = s.lib.Company(g.Company); err != nil {
			return nil, err
		}
	}
	if v.Role, err = s.lib.Role(g.Role); err != nil {
		return nil, err
	}
	if v.Loop, err = s.lib.Loop(g.Loop); err != nil {
		return nil, err
	}
	for _, id := range g.CoreTopics {
		t, err := s.lib.Topic(id)
		if err != nil {
			return nil, err
		}
		v.Topics = append(v.Topics, t)
	}
	for _, id := range g.SampleQuestions {
		q, err := s.lib.Question(id)
		if err != nil {
			return nil, err
		}
		v.Questions = append(v.Questions, q)
	}
	return v, nil
}

func (s *Server) guidePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.guideView(r.PathValue("slug"))
	if err != nil {
		return s.withGuideLinks(err, r.PathValue("slug"))
	}
	return s.render(w, http.StatusOK, "guide", s.pageData(v.Guide.Title, v.Guide.QuickAnswer, "prep", v))
}

// withGuideLinks adds links to the guides nearest to a mistyped slug.
func (s *Server) withGuideLinks(err error, slug string) error {
	var slugs []string
	bySlug := map[string]*rehearse.Guide{}
	for _, g := range s.lib.Guides() {
		slugs = append(slugs, g.Slug())
		bySlug[g.Slug()] = g
	}
	sg := &suggestions{err: err}
	for _, c := range content.Closest(slug, slugs, 3) {
		sg.links = append(sg.links, link{Href: "/prep/" + c, Text: bySlug[c].Title})
	}
	sg.links = append(sg.links, link{Href: "/prep", Text: "All prep guides"})
	return sg
}

type questionGroup struct {
	Round     rehearse.RoundType
	Questions []*rehearse.Question
}

func (s *Server) questionList(w http.ResponseWriter, r *http.Request) error {
	filter := rehearse.RoundType(r.URL.Query().Get("round"))
	if filter != "" && !filter.Valid() {
		return rehearse.Errorf(rehearse.ErrInvalid, "unknown round type %q", filter)
	}
	var groups []questionGroup
	for _, t := range rehearse.RoundTypes() {
		if filter != "" && t != filter {
			continue
		}
		g := questionGroup{Round: t}
		for _, q := range s.lib.Questions() {
			if q.Round == t {
				g.Questions = append(g.Questions, q)
			}
		}
		if len(g.Questions) > 0 {
			groups = append(groups, g)
		}
	}
	data := struct {
		Filter rehearse.RoundType
		Rounds []rehearse.RoundType
		Groups []questionGroup
	}{filter, rehearse.RoundTypes(), groups}
	return s.render(w, http.StatusOK, "questions", s.pageData("Question bank", "Every interview question Rehearse can ask, with model answers.", "questions", data))
}

func (s *Server) questionPage(w http.ResponseWriter, r *http.Request) error {
	q, err := s.lib.Question(r.PathValue("id"))
	if err != nil {
		return &suggestions{err: err, links: []link{{Href: "/questions", Text: "The question bank"}}}
	}
	var guides []*rehearse.Guide
	for _, g := range s.lib.Guides() {
		if slices.Contains(g.SampleQuestions, q.ID) {
			guides = append(guides, g)
		}
	}
	data := struct {
		Q      *rehearse.Question
		Guides []*rehearse.Guide
	}{q, guides}
	return s.render(w, http.StatusOK, "question", s.pageData(q.Title, q.Title, "questions", data))
}

func (s *Server) topicPage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.lib.Topic(r.PathValue("id"))
	if err != nil {
		return &suggestions{err: err, links: []link{{Href: "/questions", Text: "The question bank"}}}
	}
	var qs []*rehearse.Question
	for _, q := range s.lib.Questions() {
		if slices.Contains(q.Topics, t.ID) {
			qs = append(qs, q)
		}
	}
	data := struct {
		Topic     *rehearse.Topic
		Questions []*rehearse.Question
	}{t, qs}
	return s.render(w, http.StatusOK, "topic", s.pageData(t.Name, t.Summary, "questions", data))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return &suggestions{
		err:   rehearse.Errorf(rehearse.ErrNotFound, "There is no page at %s.", r.URL.Path),
		links: []link{{Href: "/", Text: "Home"}, {Href: "/prep", Text: "Prep guides"}, {Href: "/questions", Text: "Question bank"}},
	}
}
