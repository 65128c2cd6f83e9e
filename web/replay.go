package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/store"
)

// replayCSP makes an archived page inert: the sandbox directive gives it an
// opaque origin and forbids scripts, forms, popups and top navigation even
// when opened outside the UI's iframe; default-src 'none' keeps it from
// loading anything (no request leaves for the original site or reaches the
// UI's API); only the UI may frame it.
const replayCSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; " +
	"form-action 'none'; base-uri 'none'; frame-ancestors 'self'"

// rawCSP: a raw capture is a download, and inert if a browser renders it anyway.
const rawCSP = "sandbox; default-src 'none'; frame-ancestors 'none'"

var replayCharsets = []string{"utf-8", "gb18030", "gbk", "gb2312", "big5"}

// replayCharset maps a record's charset decision to a label the replay may
// declare; "" lets the browser decide.
func replayCharset(name string) string {
	name = strings.ToLower(name)
	if slices.Contains(replayCharsets, name) {
		return name
	}
	return ""
}

// body loads an archived body by its digest, answering 400/404 itself.
func (s *Server) body(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	d := r.PathValue("digest")
	if !digestRE.MatchString(d) {
		http.Error(w, "not a SHA-256 digest", http.StatusBadRequest)
		return nil, false
	}
	b, err := s.opt.Archive.Body(d)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "no such capture body", http.StatusNotFound)
		return nil, false
	}
	if err != nil {
		s.log.Error("replay body", "digest", d, "err", err)
		http.Error(w, "archive read failed", http.StatusInternalServerError)
		return nil, false
	}
	return b, true
}

// replay serves an archived HTML body, inert (see replayCSP), for the
// report page's sandboxed iframe, its links pointed into the archive
// (replay_links.go); ?url= is the page's address, for relative links.
func (s *Server) replay(w http.ResponseWriter, r *http.Request) {
	cs := r.URL.Query().Get("cs")
	if cs != "" && !slices.Contains(replayCharsets, cs) {
		http.Error(w, "cs must be one of "+strings.Join(replayCharsets, ", "), http.StatusBadRequest)
		return
	}
	pageURL := r.URL.Query().Get("url")
	if pageURL != "" && !validPageURL(pageURL) {
		http.Error(w, "url must be an absolute http(s) URL", http.StatusBadRequest)
		return
	}
	b, ok := s.body(w, r)
	if !ok {
		return
	}
	ct := "text/html"
	if cs != "" {
		ct += "; charset=" + cs
	}
	h := w.Header()
	h.Set("Content-Security-Policy", replayCSP)
	h.Set("Content-Type", ct)
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cache-Control", "private, max-age=86400, immutable")
	w.Write(rewriteLinks(b, pageURL))
}

// raw serves an archived body as a download, exactly as received.
func (s *Server) raw(w http.ResponseWriter, r *http.Request) {
	b, ok := s.body(w, r)
	if !ok {
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", rawCSP)
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", `attachment; filename="`+r.PathValue("digest")+`.bin"`)
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	w.Write(b)
}
