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
// robots.txt the browser could not pass (or no browser) makes the file
// unreadable and takes the same rule by its status: 412 (瑞数) is a 4xx
// (no restrictions, the reason kept), 521 (加速乐), 202 and the rest
// mean disallow everything with the site challenged. A refused redirect
// counts as 4xx.
type robotsPolicy struct {
	allowAll   bool
	denyAll    bool
	group      *robotstxt.Group
	crawlDelay time.Duration
	reason     string          // why everything is denied, or why robots.txt could not be read
	failed     capture.Outcome // transport outcome when robots.txt could not be fetched
}

// robotsFrom decides the policy from the capture of /robots.txt.
func robotsFrom(c *capture.Capture, agent string) *robotsPolicy {
	switch {
	case c.Outcome == capture.OutcomeChallenged:
		return challengedRobots(c)
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

// challengedRobots is the policy of a robots.txt that still answers a
// challenge: unreadable, so RFC 9309's rule for its status applies.
func challengedRobots(c *capture.Capture) *robotsPolicy {
	why := "robots.txt challenged (" + challengeDetail(c) + ")"
	if c.Error != "" {
		why += ": " + c.Error
	}
	if c.Status >= 400 && c.Status < 500 && c.Status != 429 {
		return &robotsPolicy{allowAll: true, reason: why + "; unreadable, RFC 9309 4xx: no restrictions"}
	}
	return &robotsPolicy{denyAll: true, failed: capture.OutcomeChallenged, reason: why + "; unreadable, RFC 9309: disallow all for this run"}
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
