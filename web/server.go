package web

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Archive is what the web view reads. *store.DB implements it.
type Archive interface {
	Stats() (store.Stats, error)
	Runs(limit int) ([]capture.Run, error)
	Records(f store.RecordFilter, fn func(*extract.Record) error) error
	Record(url string) (*extract.Record, error)
	RecordHistory(url string) ([]*extract.Record, error)
	Body(digest string) ([]byte, error)
	Prior(url string) (capture.Prior, error)
}

// Seed is one entry of the seed list, for coverage shares.
type Seed struct {
	Code, Name, Province string
}

// Actions change state; cmd/nianbao implements them. Each returns at once
// (the job runs in the background) or ErrBusy when a job is running.
type Actions interface {
	StartCrawl() error
	Reparse() error
}

// ErrBusy: another job (crawl or reparse) is running.
var ErrBusy = errors.New("a crawl or reparse is already running")

// Options configure a Server. Archive is required.
type Options struct {
	Archive Archive
	Seeds   []Seed
	Live    func() Live // nil: no live view
	Actions Actions     // nil: the UI offers no actions
	// Token, when not empty, must accompany every state-changing request
	// (form field "token" or "Authorization: Bearer TOKEN").
	Token string
	// Public allows any Host header. Without it only loopback host names
	// are served (a DNS-rebinding defence for a loopback bind).
	Public bool
	Logger *slog.Logger
}

// Server serves the UI and the API. Create it with New.
type Server struct {
	opt   Options
	idx   *index
	pages map[string]*template.Template
	csrf  *http.CrossOriginProtection
	log   *slog.Logger
}

// New parses the templates and returns a server with an empty index; call
// Refresh to fill it.
func New(opt Options) (*Server, error) {
	if opt.Archive == nil {
		return nil, errors.New("web: no archive")
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{opt: opt, idx: &index{}, pages: pages, csrf: http.NewCrossOriginProtection(), log: opt.Logger}
	s.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
	}))
	return s, nil
}

var pageNames = []string{"dashboard", "coverage", "reports", "report", "panel", "error"}

func parsePages() (map[string]*template.Template, error) {
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// Handler returns the routes wrapped in the host check and security headers.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", s.dashboard)
	mux.HandleFunc("GET /coverage", s.coverage)
	mux.HandleFunc("GET /reports", s.reports)
	mux.HandleFunc("GET /report", s.report)
	mux.HandleFunc("GET /panel", s.panel)
	mux.HandleFunc("GET /replay/{digest}", s.replay)
	mux.HandleFunc("GET "+goPath, s.replayGo)
	mux.HandleFunc("GET /raw/{digest}", s.raw)
	mux.HandleFunc("POST /action/{name}", s.action)
	s.apiRoutes(mux)
	return s.hostCheck(securityHeaders(s.csrf.Handler(mux)))
}

// hostCheck refuses non-loopback Host headers unless the server is public.
func (s *Server) hostCheck(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.opt.Public && !loopbackHost(r.Host) {
			http.Error(w, "this server answers only on a loopback address", http.StatusMisdirectedRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" || host == "" {
		return true // "": a request over the unix socket
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// uiCSP allows only the embedded script and style sheet, same-origin API
// calls and the replay frame; no page may frame the UI.
const uiCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/replay/") && !strings.HasPrefix(r.URL.Path, "/raw/") {
			hd.Set("Content-Security-Policy", uiCSP)
			hd.Set("X-Frame-Options", "DENY")
		}
		h.ServeHTTP(w, r)
	})
}

// Live is the state of the running job, as /api/status gives it.
type Live struct {
	Running    bool      `json:"running"`
	Job        string    `json:"job,omitempty"` // "crawl" or "reparse"
	RunID      string    `json:"run_id,omitempty"`
	Started    time.Time `json:"started,omitzero"`
	SitesDone  int       `json:"sites_done"`
	SitesTotal int       `json:"sites_total"`
	Pages      int64     `json:"pages"`
	Requests   int64     `json:"requests"`
	Reports    int64     `json:"reports"`
	Errors     int64     `json:"errors"`
	ETASeconds int64     `json:"eta_seconds,omitempty"`
	NextRun    time.Time `json:"next_run,omitzero"` // the schedule's next crawl
	LastError  string    `json:"last_error,omitempty"`
}

func (s *Server) live() Live {
	if s.opt.Live == nil {
		return Live{}
	}
	return s.opt.Live()
}
