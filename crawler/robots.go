package crawler

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/nianbao/nianbao/capture"
)

// robotsPolicy is what a host's robots.txt allows this crawler.
//
// Status handling follows RFC 9309 §2.3.1: 2xx is parsed (the first
// DefaultRobotsMaxBytes only, as the RFC permits); 4xx other than 429
// means no restrictions; 429, 5xx and a robots.txt that cannot be fetched
// at all mean "disallow everything" for this run. A challenge on
// robots.txt marks the host challenged; a refused redirect counts as 4xx.
type robotsPolicy struct {
	allowAll   bool
	denyAll    bool
	group      *robotstxt.Group
	crawlDelay time.Duration
	reason     string          // why everything is denied
	failed     capture.Outcome // transport outcome when robots.txt could not be fetched
}

// robotsFrom decides the policy from the capture of /robots.txt.
func robotsFrom(c *capture.Capture, agent string) *robotsPolicy {
	switch {
	case c.Outcome == capture.OutcomeChallenged:
		return &robotsPolicy{denyAll: true, failed: capture.OutcomeChallenged, reason: "robots.txt challenged"}
	case c.Outcome == capture.OutcomeRedirect:
		return &robotsPolicy{allowAll: true}
	case c.Status == 0:
		return &robotsPolicy{denyAll: true, failed: c.Outcome, reason: "robots.txt unreachable: " + c.Error}
	case c.Status == 429 || c.Status >= 500:
		return &robotsPolicy{denyAll: true, reason: fmt.Sprintf("robots.txt status %d: RFC 9309 disallow-all", c.Status)}
	case c.Status >= 400:
		return &robotsPolicy{allowAll: true}
	case c.Status >= 300:
		return &robotsPolicy{allowAll: true}
	}
	data, err := robotstxt.FromBytes(c.Body)
	if err != nil {
		return &robotsPolicy{allowAll: true, reason: "unparsable robots.txt: " + err.Error()}
	}
	g := data.FindGroup(agent)
	return &robotsPolicy{group: g, crawlDelay: g.CrawlDelay}
}

// allow says whether u may be fetched.
func (p *robotsPolicy) allow(u *url.URL) bool {
	switch {
	case p.allowAll:
		return true
	case p.denyAll:
		return false
	}
	return p.group.Test(u.RequestURI())
}

// robotsURL is the robots.txt of u's origin.
func robotsURL(u *url.URL) string {
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}).String()
}

// retryAfter reads a Retry-After header: delta seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
