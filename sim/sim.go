package sim

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Options configure a simulator. The zero value is usable.
type Options struct {
	Sites        int           // number of county sites; default 8
	Seed         int64         // everything is derived from it
	Latency      time.Duration // added before every response
	PDFDir       string        // folder with the real PDFs (shared/real-reports); "" = no PDF reports
	RetryAfter   int           // seconds announced in Retry-After of 503/429 answers; default 1
	CrawlDelay   string        // Crawl-delay written into every third site's robots.txt; default "0.1"
	BigPageBytes int           // size of the oversized trap page; default 6 MiB
	NoObstacles  bool          // no challenged, unreachable or robots-denied sites
	// FirstYear and LastYear set the report years (default 2021–2023).
	// Reports for 2008–2018 are legacy reports (see legacy.go): the
	// government and its office only, figures in a 统计表 appendix of the
	// year's variant or only in the body's set phrases. With legacy years,
	// every even site is a county that became a district in 2016: its seed
	// names the district, its reports before 2016 the county.
	FirstYear, LastYear int
	// BigDocs: every HTML report page also links an incompressible
	// attachment of 0.3–10 MB (/bigdoc/ID.pdf), for archive benchmarks.
	BigDocs bool
}

// SeedRow is one site as a seed list row, plus what the simulator knows.
type SeedRow struct {
	Code, Name, Province string
	URL                  string   // seed URL (set by Start)
	ExtraHosts           []string // sibling hosts in scope (host:port)
	Family               string   // FamilyTRS …
	Charset              string   // "utf-8", "gbk", "gbk-lying" (GBK bytes declared utf-8), "gbk-none"
	Obstacle             string   // "" or one of the Obstacle constants
	Expect               string   // per-site outcome a crawler should report: "ok", "challenged", "unreachable", "robots_denied"
}

// Report is one real report of a site: what a correct crawl must find.
type Report struct {
	Site    string
	URL     string // absolute URL as linked (set after Start); for PDFs the attachment (Hanweb: downfile.jsp, which redirects)
	Path    string // URL path (and query), stable across runs
	PageURL string // the article page wrapping a PDF report, if any
	Title   string
	Year    int
	Agency  string
	Format  string             // "html", "pdf" (linked directly) or "html+pdf" (PDF inside an article page)
	Totals  map[string]int     // key figures of HTML reports (app_new_total, app_total_total …); nil for PDFs
	Fields  map[string]float64 // every figure of an HTML report under its extract/report codebook key; nil for PDFs
	// Indicators are the harmonized figures a correct parse derives
	// (proactive_items … lawsuits; proactive_items only for legacy reports).
	Indicators map[string]float64
	Version    int // bumped by Mutate
}

// Sim is a set of simulated sites. Methods are safe for concurrent use.
type Sim struct {
	opt   Options
	mu    sync.RWMutex
	sites []*site
	rt    []map[string]target // per site: path key → page
	srv   *servers

	bigOnce sync.Once
	big     []byte
}

// New builds opt.Sites sites, deterministically from opt.Seed.
func New(opt Options) *Sim {
	if opt.Sites <= 0 {
		opt.Sites = 8
	}
	if opt.RetryAfter <= 0 {
		opt.RetryAfter = 1
	}
	if opt.CrawlDelay == "" {
		opt.CrawlDelay = "0.1"
	}
	if opt.BigPageBytes <= 0 {
		opt.BigPageBytes = 6 << 20
	}
	s := &Sim{opt: opt}
	for i := 0; i < opt.Sites; i++ {
		st := newSite(i, opt.Seed, opt)
		s.sites = append(s.sites, st)
		s.rt = append(s.rt, st.routes())
		st.armRetries()
	}
	return s
}

type servers struct {
	https  []*http.Server
	main   []string // base URL per site
	sib    []string // sibling base per site ("" when none)
	mirror string
	hosts  map[string]*hostStat
}

// Start opens the listeners and returns the seed URL of every site, in
// site order. Close stops them.
func (s *Sim) Start() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return nil, errors.New("sim: already started")
	}
	sv := &servers{hosts: map[string]*hostStat{}}
	s.srv = sv
	mirror, err := s.listen(sv, nil, "mirror")
	if err != nil {
		return nil, err
	}
	sv.mirror = mirror
	for _, st := range s.sites {
		base, sib, err := s.startSite(sv, st)
		if err != nil {
			return nil, err
		}
		sv.main, sv.sib = append(sv.main, base), append(sv.sib, sib)
	}
	return append([]string(nil), sv.main...), nil
}

func (s *Sim) startSite(sv *servers, st *site) (base, sib string, err error) {
	if st.obstacle == ObstacleUnreachable {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return "", "", fmt.Errorf("sim: listen: %w", err)
		}
		base = "http://" + ln.Addr().String()
		return base, "", ln.Close()
	}
	if base, err = s.listen(sv, st, "main"); err != nil {
		return "", "", err
	}
	if st.sibling {
		sib, err = s.listen(sv, st, "sibling")
	}
	return base, sib, err
}

func (s *Sim) listen(sv *servers, st *site, role string) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("sim: listen: %w", err)
	}
	code := ""
	if st != nil {
		code = st.code
	}
	hs := newHostStat(code, role)
	sv.hosts[ln.Addr().String()] = hs
	srv := &http.Server{Handler: s.handler(st, role, hs), ReadHeaderTimeout: 10 * time.Second}
	sv.https = append(sv.https, srv)
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), nil
}

// Close stops every listener.
func (s *Sim) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv == nil {
		return
	}
	for _, h := range s.srv.https {
		h.Close()
	}
}

// Stats returns a snapshot of the measurements.
func (s *Sim) Stats() Stats {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := Stats{Hosts: map[string]HostStats{}}
	if s.srv != nil {
		for h, hs := range s.srv.hosts {
			st.Hosts[h] = hs.snapshot()
		}
	}
	return st
}

// MirrorURL is the base of the mirror host ("" before Start).
func (s *Sim) MirrorURL() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.srv == nil {
		return ""
	}
	return s.srv.mirror
}
