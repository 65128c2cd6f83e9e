package sim

import (
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Stats is what the simulator measured, per host (host:port as addressed).
type Stats struct {
	Hosts map[string]HostStats
}

// HostStats are the measurements of one listener.
type HostStats struct {
	Site             string         // site code ("" for the mirror)
	Role             string         // "main", "sibling" or "mirror"
	Requests         int            // all requests, robots.txt included
	Paths            map[string]int // request count by path?query
	Status           map[int]int    // responses by status code
	MaxInFlight      int            // most requests being served at once
	MinGap           time.Duration  // shortest interval between two request arrivals (at handler entry; loopback and scheduler jitter can make it ~0.1–1 ms shorter than the client's spacing); 0 with < 2 requests
	MinIdle          time.Duration  // shortest time from the end of a response to the next request's arrival (negative when requests overlap); 0 with < 2 requests
	Conditional      int            // requests with If-None-Match or If-Modified-Since
	NotModified      int            // 304 answers
	RobotsDisallowed int            // requests to paths robots.txt disallows for "*"
	OffScope         int            // requests a crawler should not make: mirror host, /gate/big5/
	RetryTooSoon     int            // requests arriving before a Retry-After had elapsed
}

// Total sums a counter over all hosts.
func (st Stats) Total(f func(HostStats) int) int {
	n := 0
	for _, h := range st.Hosts {
		n += f(h)
	}
	return n
}

// hostStat is the live, locked form of HostStats.
type hostStat struct {
	mu         sync.Mutex
	st         HostStats
	inFlight   int
	last       time.Time // arrival of the latest request
	lastEnd    time.Time // end of the latest response
	idleSet    bool
	retryUntil time.Time
}

func newHostStat(site, role string) *hostStat {
	return &hostStat{st: HostStats{Site: site, Role: role, Paths: map[string]int{}, Status: map[int]int{}}}
}

// begin records a request's arrival; end must follow.
func (h *hostStat) begin(r *http.Request, now time.Time, disallowed, offScope bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st := &h.st
	st.Requests++
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	st.Paths[key]++
	h.timing(now)
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		st.Conditional++
	}
	if disallowed {
		st.RobotsDisallowed++
	}
	if offScope {
		st.OffScope++
	}
	if now.Before(h.retryUntil) && !strings.HasSuffix(r.URL.Path, "/robots.txt") {
		st.RetryTooSoon++
	}
}

// timing updates the in-flight count, MinGap and MinIdle for a request
// arriving at now; h.mu is held.
func (h *hostStat) timing(now time.Time) {
	st := &h.st
	var idle time.Duration
	measured := true
	switch {
	case h.inFlight > 0: // overlaps a request still being served
		idle = h.last.Sub(now)
		if idle == 0 {
			idle = -time.Nanosecond
		}
	case !h.lastEnd.IsZero():
		idle = now.Sub(h.lastEnd)
	default:
		measured = false
	}
	if measured && (!h.idleSet || idle < st.MinIdle) {
		st.MinIdle, h.idleSet = idle, true
	}
	h.inFlight++
	if h.inFlight > st.MaxInFlight {
		st.MaxInFlight = h.inFlight
	}
	if !h.last.IsZero() {
		if gap := now.Sub(h.last); st.MinGap == 0 || gap < st.MinGap {
			st.MinGap = gap
			if gap == 0 {
				st.MinGap = time.Nanosecond
			}
		}
	}
	h.last = now
}

func (h *hostStat) end(status int, retryUntil time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.inFlight--
	h.lastEnd = time.Now()
	h.st.Status[status]++
	if status == http.StatusNotModified {
		h.st.NotModified++
	}
	if retryUntil.After(h.retryUntil) {
		h.retryUntil = retryUntil
	}
}

func (h *hostStat) snapshot() HostStats {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.st
	c.Paths = make(map[string]int, len(h.st.Paths))
	for k, v := range h.st.Paths {
		c.Paths[k] = v
	}
	c.Status = make(map[int]int, len(h.st.Status))
	for k, v := range h.st.Status {
		c.Status[k] = v
	}
	return c
}

// robotsRules returns the Disallow prefixes for "*" of a site.
func (s *site) robotsRules() []string {
	if s.obstacle == ObstacleRobots {
		return []string{"/"}
	}
	if s.noRobots {
		return nil
	}
	r := []string{"/search.html", "/rili.html", "/admin/"}
	if s.idx%4 == 3 {
		r = append(r, "/zwgk/gkml_all.html")
	}
	sort.Strings(r)
	return r
}

func disallowed(rules []string, path string) bool {
	if path == "/robots.txt" {
		return false
	}
	for _, p := range rules {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
