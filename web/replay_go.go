package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
)

// maxPageURL bounds the url parameters of the replay.
const maxPageURL = 4096

func validPageURL(s string) bool {
	if len(s) > maxPageURL {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// replayGo follows a link clicked inside a replayed page: to the archived
// capture of its target when there is one and it is a page, else to an
// inert note saying what the link was. It never leaves the archive.
func (s *Server) replayGo(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	target := q.Get("url")
	if target == "" {
		s.replayNote(w, http.StatusNotFound, "This link does not lead to a web page ("+q.Get("href")+").", "")
		return
	}
	if !validPageURL(target) {
		http.Error(w, "url must be an absolute http(s) URL", http.StatusBadRequest)
		return
	}
	digest, err := s.archivedDigest(target)
	if err != nil {
		s.log.Error("replay link", "url", target, "err", err)
		http.Error(w, "archive read failed", http.StatusInternalServerError)
		return
	}
	if digest == "" {
		s.replayNote(w, http.StatusNotFound, "Not in the archive:", target)
		return
	}
	b, ok := s.body(w, withDigest(r, digest))
	if !ok {
		return
	}
	if ct := http.DetectContentType(b); !strings.HasPrefix(ct, "text/") {
		s.replayNote(w, http.StatusOK, fmt.Sprintf("Archived as a document (%s, %d bytes), not a page; "+
			"its bytes are at /raw/%s.", ct, len(b), digest), target)
		return
	}
	http.Redirect(w, r, "/replay/"+digest+"?"+url.Values{"url": {target}}.Encode(), http.StatusSeeOther)
}

// archivedDigest finds the current body of u, trying the other scheme too
// (sites move between http and https); "" when u was never archived.
func (s *Server) archivedDigest(u string) (string, error) {
	alt := strings.Replace(u, "http://", "https://", 1)
	if strings.HasPrefix(u, "https://") {
		alt = strings.Replace(u, "https://", "http://", 1)
	}
	for _, c := range []string{u, alt} {
		p, err := s.opt.Archive.Prior(c)
		if err != nil {
			return "", err
		}
		if p.Known && p.Digest != "" {
			return p.Digest, nil
		}
	}
	return "", nil
}

func withDigest(r *http.Request, digest string) *http.Request {
	r2 := r.Clone(r.Context())
	r2.SetPathValue("digest", digest)
	return r2
}

// replayNote answers inside the replay frame, under the replay's CSP.
func (s *Server) replayNote(w http.ResponseWriter, code int, msg, target string) {
	h := w.Header()
	h.Set("Content-Security-Policy", replayCSP)
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprintf(w, `<!doctype html><meta charset="utf-8"><title>not archived</title>`+
		`<body style="font:14px sans-serif;margin:2em"><p>%s</p><p><code>%s</code></p>`+
		`<p>The original site is not contacted from the archive.</p></body>`, html.EscapeString(msg), html.EscapeString(target))
}
