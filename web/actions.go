package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
)

// action runs a state-changing action: POST only (the route), same-origin
// only (CrossOriginProtection in Handler), and with the token when one is
// configured. A browser form gets a redirect to the dashboard; an API
// client (Accept: application/json) gets JSON.
func (s *Server) action(w http.ResponseWriter, r *http.Request) {
	if s.opt.Actions == nil {
		s.jsonError(w, http.StatusNotFound, "this server offers no actions")
		return
	}
	if !s.tokenOK(w, r) {
		s.jsonError(w, http.StatusUnauthorized, "token missing or wrong")
		return
	}
	var err error
	switch r.PathValue("name") {
	case "crawl":
		err = s.opt.Actions.StartCrawl()
	case "reparse":
		err = s.opt.Actions.Reparse()
	default:
		s.jsonError(w, http.StatusNotFound, "no such action")
		return
	}
	if errors.Is(err, ErrBusy) {
		s.jsonError(w, http.StatusConflict, err.Error())
		return
	}
	if err != nil {
		s.log.Error("action failed", "action", r.PathValue("name"), "err", err)
		s.jsonError(w, http.StatusInternalServerError, "the action could not start; see the server log")
		return
	}
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		s.writeJSON(w, map[string]string{"started": r.PathValue("name")})
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// tokenOK compares the request's token with the configured one in constant
// time; with no token configured every (same-origin, POST) request passes.
func (s *Server) tokenOK(w http.ResponseWriter, r *http.Request) bool {
	if s.opt.Token == "" {
		return true
	}
	got, bearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !bearer {
		r.Body = http.MaxBytesReader(w, r.Body, 4096)
		got = r.PostFormValue("token")
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.opt.Token)) == 1
}
