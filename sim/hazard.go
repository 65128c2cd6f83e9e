package sim

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Hazards: small stand-alone sites, each with one obstacle of the real web
// the generated sites do not have (a portal of hundreds of columns, a seed
// that redirects to another host of the government, a slow document, a
// server resetting connections, script challenges, script-drawn listings,
// iframe columns). Each is an http.Handler with the report paths a correct
// crawl must find; Serve puts one on a loopback listener and counts what
// it was asked, per host and path.

// Hazard is one hazard site.
type Hazard struct {
	Name    string
	Handler http.Handler
	Seed    string   // seed path, or an absolute URL for virtual-host hazards (served through Served as a proxy)
	Reports []string // paths (or absolute URLs) of the reports a correct crawl must find
	Denied  []string // path prefixes its robots.txt disallows: a crawl honouring robots.txt never requests them
}

// Served is a running hazard.
type Served struct {
	URL string // http://127.0.0.1:PORT
	srv *http.Server
	ln  net.Listener

	mu   sync.Mutex
	hits map[string]int // host + path → requests
}

// Serve starts h on 127.0.0.1. wrap, when not nil, wraps the listener
// (ResetEvery).
func Serve(h *Hazard, wrap func(net.Listener) net.Listener) (*Served, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("sim hazard %s: %w", h.Name, err)
	}
	s := &Served{URL: "http://" + ln.Addr().String(), ln: ln, hits: map[string]int{}}
	if wrap != nil {
		ln = wrap(ln)
	}
	s.srv = &http.Server{Handler: s.count(h.Handler), ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *Served) count(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.Host+r.URL.Path]++
		s.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// Hits returns the requests counted per host+path.
func (s *Served) Hits() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.hits))
	for k, v := range s.hits {
		out[k] = v
	}
	return out
}

// HostHits sums the requests per host.
func (s *Served) HostHits() map[string]int {
	out := map[string]int{}
	for k, v := range s.Hits() {
		host, _, _ := strings.Cut(k, "/")
		out[host] += v
	}
	return out
}

// Close stops the server.
func (s *Served) Close() { s.srv.Close() }

// DisableKeepAlives makes every request a new connection (with
// ResetEvery, every n-th request then meets a reset).
func (s *Served) DisableKeepAlives() { s.srv.SetKeepAlivesEnabled(false) }

func hazardPage(title, body string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + `</title></head><body>` + body + `</body></html>`
}

// hazardReport is a report page a crawl must find.
func hazardReport(unit string, year int) string {
	t := fmt.Sprintf("%s%d年政府信息公开工作年度报告", unit, year)
	return hazardPage(t, "<h1>"+t+"</h1><p>一、总体情况</p><table><tr><td>主动公开</td><td>12</td></tr></table>")
}

func writeHTML(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, body)
}
