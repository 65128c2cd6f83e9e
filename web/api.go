package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

func (s *Server) apiRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/status", s.apiStatus)
	mux.HandleFunc("GET /api/runs", s.apiRuns)
	mux.HandleFunc("GET /api/sites", s.apiSites)
	mux.HandleFunc("GET /api/reports", s.apiReports)
	mux.HandleFunc("GET /api/report", s.apiReport)
	mux.HandleFunc("GET /api/panel", s.apiPanel)
	mux.HandleFunc("GET /api/coverage", s.apiCoverage)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.jsonError(w, http.StatusNotFound, "no such API endpoint")
	})
}

func (s *Server) writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		s.log.Debug("api write", "err", err)
	}
}

func (s *Server) jsonError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func (s *Server) apiFail(w http.ResponseWriter, err error) {
	status, msg := classify(err)
	if status == http.StatusInternalServerError {
		s.log.Error("api request failed", "err", err)
	}
	s.jsonError(w, status, msg)
}

// Status is the body of /api/status (and what `nianbao status` reads from
// a running serve).
type Status struct {
	Archive   archiveStats `json:"archive"`
	Live      Live         `json:"live"`
	LastRun   *capture.Run `json:"last_run,omitempty"` // without per-site results
	IndexedAt time.Time    `json:"indexed_at,omitzero"`
}

type archiveStats struct {
	Captures    int64            `json:"captures"`
	Bodies      int64            `json:"bodies"`
	URLs        int64            `json:"urls"`
	Records     int64            `json:"records"`
	FileBytes   int64            `json:"file_bytes"`
	RawBytes    int64            `json:"raw_bytes"`
	StoredBytes int64            `json:"stored_bytes"`
	ByYear      map[string]int64 `json:"by_year"`
	ByProvince  map[string]int64 `json:"by_province"`
}

func (s *Server) status() (Status, error) {
	st, err := s.opt.Archive.Stats()
	if err != nil {
		return Status{}, err
	}
	out := Status{Live: s.live(), Archive: archiveStats{Captures: st.Captures, Bodies: st.Bodies, URLs: st.URLs,
		Records: st.Records, FileBytes: st.FileBytes, RawBytes: st.RawBytes, StoredBytes: st.StoredBytes,
		ByYear: map[string]int64{}, ByProvince: st.ByProvince}}
	for y, n := range st.ByYear {
		out.Archive.ByYear[strconv.Itoa(y)] = n
	}
	runs, err := s.opt.Archive.Runs(1)
	if err != nil {
		return Status{}, err
	}
	if len(runs) > 0 {
		r := runs[0]
		r.Results = nil
		out.LastRun = &r
	}
	_, out.IndexedAt = s.idx.snapshot()
	return out, nil
}

func (s *Server) apiStatus(w http.ResponseWriter, r *http.Request) {
	st, err := s.status()
	if err != nil {
		s.apiFail(w, err)
		return
	}
	s.writeJSON(w, st)
}

func (s *Server) apiRuns(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	limit := p.int("limit", 1, 1000, 20)
	if p.err != nil {
		s.apiFail(w, p.err)
		return
	}
	runs, err := s.opt.Archive.Runs(limit)
	if err != nil {
		s.apiFail(w, err)
		return
	}
	for i := range runs {
		runs[i].Results = nil
	}
	s.writeJSON(w, map[string]any{"runs": runs})
}

// apiSites gives the latest run's per-site results and the sites failing
// run after run.
func (s *Server) apiSites(w http.ResponseWriter, r *http.Request) {
	runs, err := s.opt.Archive.Runs(14)
	if err != nil {
		s.apiFail(w, err)
		return
	}
	out := map[string]any{"run": nil, "sites": []capture.SiteResult{}, "failing": failingSites(runs)}
	if len(runs) > 0 {
		out["run"], out["sites"] = runs[0].ID, runs[0].Results
	}
	s.writeJSON(w, out)
}

func (s *Server) apiReports(w http.ResponseWriter, r *http.Request) {
	q, err := parseReportQuery(r.URL.Query())
	if err != nil {
		s.apiFail(w, err)
		return
	}
	items, _ := s.idx.snapshot()
	s.writeJSON(w, search(items, q))
}

// reportBody is /api/report: the record (the JSONL export's keys) and its
// superseded parses with the figures that changed.
type reportBody struct {
	Record   *extract.Record `json:"record"`
	Versions []apiVersion    `json:"versions"`
}

type apiVersion struct {
	Version       int           `json:"version"`
	SHA256        string        `json:"sha256"`
	FetchedAt     time.Time     `json:"fetched_at"`
	ParserVersion string        `json:"parser_version"`
	Changed       []fieldChange `json:"changed_fields"`
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) {
	u, err := reportURL(r.URL.Query())
	if err == nil {
		var rec *extract.Record
		var hist []*extract.Record
		if rec, err = s.opt.Archive.Record(u); err == nil {
			hist, err = s.opt.Archive.RecordHistory(u)
		}
		if err == nil {
			s.writeJSON(w, reportBody{Record: rec, Versions: apiVersions(hist, rec)})
			return
		}
	}
	s.apiFail(w, err)
}

func apiVersions(hist []*extract.Record, cur *extract.Record) []apiVersion {
	var out []apiVersion
	for _, v := range versionViews(hist, cur) {
		out = append(out, apiVersion{Version: v.N, SHA256: v.Rec.SHA256, FetchedAt: v.Rec.FetchedAt,
			ParserVersion: v.Rec.ParserVersion, Changed: v.Changes})
	}
	return out
}

func (s *Server) apiPanel(w http.ResponseWriter, r *http.Request) {
	q, err := parsePanelQuery(r.URL.Query())
	if err != nil {
		s.apiFail(w, err)
		return
	}
	items, _ := s.idx.snapshot()
	s.writeJSON(w, map[string]any{"key": q.Key, "region_code": q.Region, "province": q.Province,
		"years": buildPanel(items, q)})
}

func (s *Server) apiCoverage(w http.ResponseWriter, r *http.Request) {
	cov, _ := s.idx.coverage()
	s.writeJSON(w, cov)
}
