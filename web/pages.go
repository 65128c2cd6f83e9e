package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/report"
	"github.com/nianbao/nianbao/store"
)

// render executes a page into a buffer first, so a template error gives a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, status int, page string, data map[string]any) {
	data["Page"] = page
	data["Actions"] = s.opt.Actions != nil
	data["NeedToken"] = s.opt.Token != ""
	var buf bytes.Buffer
	if err := s.pages[page].Execute(&buf, data); err != nil {
		s.log.Error("render page", "page", page, "err", err)
		http.Error(w, "page could not be rendered", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// fail shows an error page: 400 for a bad query, 404 for a missing record,
// 500 (logged, details withheld) otherwise.
func (s *Server) fail(w http.ResponseWriter, err error) {
	status, msg := classify(err)
	if status == http.StatusInternalServerError {
		s.log.Error("web request failed", "err", err)
	}
	s.render(w, status, "error", map[string]any{"Title": http.StatusText(status), "Message": msg})
}

func classify(err error) (int, string) {
	var q *errQuery
	switch {
	case errors.As(err, &q):
		return http.StatusBadRequest, q.msg
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "not in the archive"
	default:
		return http.StatusInternalServerError, "the archive could not be read; see the server log"
	}
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	st, err := s.opt.Archive.Stats()
	if err != nil {
		s.fail(w, err)
		return
	}
	runs, err := s.opt.Archive.Runs(14)
	if err != nil {
		s.fail(w, err)
		return
	}
	data := map[string]any{"Title": "Dashboard", "Stats": st, "Live": s.live(), "Runs": runs,
		"Failing": failingSites(runs)}
	if len(runs) > 0 {
		data["Last"] = runs[0]
		data["Outcomes"] = outcomeCounts(runs[0])
	}
	s.render(w, http.StatusOK, "dashboard", data)
}

func outcomeCounts(run capture.Run) map[string]int {
	m := map[string]int{}
	for _, s := range run.Results {
		m[s.Outcome]++
	}
	return m
}

func (s *Server) coverage(w http.ResponseWriter, r *http.Request) {
	cov, built := s.idx.coverage()
	s.render(w, http.StatusOK, "coverage", map[string]any{"Title": "Coverage",
		"Cov": cov, "Built": built, "Seeds": len(s.opt.Seeds)})
}

func (s *Server) reports(w http.ResponseWriter, r *http.Request) {
	q, err := parseReportQuery(r.URL.Query())
	if err != nil {
		s.fail(w, err)
		return
	}
	items, built := s.idx.snapshot()
	s.render(w, http.StatusOK, "reports", map[string]any{"Title": "Reports", "Q": q,
		"Res": search(items, q), "Built": built, "Formats": formats, "Query": r.URL.Query()})
}

func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	u, err := reportURL(r.URL.Query())
	if err != nil {
		s.fail(w, err)
		return
	}
	rec, err := s.opt.Archive.Record(u)
	if err != nil {
		s.fail(w, err)
		return
	}
	hist, err := s.opt.Archive.RecordHistory(u)
	if err != nil {
		s.fail(w, err)
		return
	}
	var prev *extract.Record
	if len(hist) > 0 {
		prev = hist[len(hist)-1]
	}
	s.render(w, http.StatusOK, "report", map[string]any{"Title": rec.Title, "Rec": rec,
		"Tables": tableViews(rec, prev), "Versions": versionViews(hist, rec), "HTML": isHTML(rec),
		"Charset": replayCharset(rec.Charset), "Failed": failedCount(rec)})
}

func failedCount(r *extract.Record) int {
	n := 0
	for _, c := range r.Checks {
		if !c.Pass {
			n++
		}
	}
	return n
}

func (s *Server) panel(w http.ResponseWriter, r *http.Request) {
	q, err := parsePanelQuery(r.URL.Query())
	if err != nil {
		s.fail(w, err)
		return
	}
	items, _ := s.idx.snapshot()
	pts := buildPanel(items, q)
	s.render(w, http.StatusOK, "panel", map[string]any{"Title": "Panel", "Q": q, "Points": pts,
		"Keys": panelKeys(), "Chart": panelChart(pts)})
}

// panelKeys are the panel's indicators: the harmonized figures, the same
// quantity under one name in every era (2008 on).
func panelKeys() []string { return report.IndicatorKeys() }

// withParam returns the query with one parameter set (and page reset), for
// sort and page links.
func withParam(v url.Values, kv ...string) string {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string{}, vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			out.Del(kv[i])
		} else {
			out.Set(kv[i], kv[i+1])
		}
	}
	return out.Encode()
}
