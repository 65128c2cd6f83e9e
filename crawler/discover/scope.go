package discover

import (
	"net"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Scope decides which hosts belong to one seed's site: the seed's host, the
// hosts under the seed's site domain (the seed host without a leading
// "www."-like label, never wider than its registrable domain: for
// www.bjmy.gov.cn that is bjmy.gov.cn and xxgk.bjmy.gov.cn, zwgk.bjmy.gov.cn
// …), and the extra hosts given explicitly. IP-address and single-label hosts
// match exactly, port included, so loopback test sites on different ports
// are different sites. A Scope is immutable and safe for concurrent use.
type Scope struct {
	seedHost string          // canonical host[:port] of the seed
	domain   string          // site domain; "" for IP and single-label hosts
	extra    map[string]bool // canonical host[:port] or hostname
	more     []string        // further site domains (the seed redirected to another government host)
	paths    []hostPath      // the unit's paths on a provincial platform host
}

// hostPath is a path prefix on one host: the part of a provincial 集约化
// platform that belongs to this unit.
type hostPath struct{ host, prefix string }

// NewScope returns the scope of the site whose home page is seedURL, widened
// by extraHosts (host or host:port, e.g. a county's xxgk platform on another
// domain). A seed that does not parse yields a scope that allows only the
// extra hosts.
func NewScope(seedURL string, extraHosts []string) *Scope {
	s := &Scope{extra: map[string]bool{}}
	if u, err := url.Parse(strings.TrimSpace(seedURL)); err == nil && u.Host != "" {
		s.seedHost = canonicalHost(strings.ToLower(u.Scheme), u.Host)
		s.domain = siteDomain(hostnameOf(s.seedHost))
	}
	for _, h := range extraHosts {
		h = strings.TrimSpace(h)
		if i := strings.Index(h, "://"); i >= 0 {
			if u, err := url.Parse(h); err == nil {
				h = u.Host
			}
		}
		if h != "" {
			s.extra[strings.ToLower(strings.TrimSuffix(h, "/"))] = true
		}
	}
	return s
}

// wwwLabel matches the first labels that name a web front rather than a
// body: www, www2, m, wap, and the portal platforms xxgk/zwgk.
var wwwLabel = regexp.MustCompile(`^(www\d*|m|wap|xxgk|zwgk|zfxxgk)$`)

// siteDomain is host without a leading www-like label, but at least the
// registrable domain (eTLD+1).
func siteDomain(host string) string {
	if host == "" || net.ParseIP(host) != nil || !strings.Contains(host, ".") {
		return ""
	}
	reg, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return ""
	}
	first, rest, _ := strings.Cut(host, ".")
	if wwwLabel.MatchString(first) && len(rest) >= len(reg) && !IsPlatformDomain(rest) {
		return rest
	}
	return host
}

func hostnameOf(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return strings.Trim(h, "[]")
	}
	return strings.Trim(hostport, "[]")
}

// Allow says whether u may be fetched for this site, and if not, why (one of
// the Skip reasons: "scheme", "bad_url", "big5_gateway", "mirror_host",
// "off_scope").
func (s *Scope) Allow(u *url.URL) (ok bool, reason string) {
	if u == nil {
		return false, SkipBadURL
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return false, SkipScheme
	}
	host := canonicalHost(scheme, u.Host)
	name := hostnameOf(host)
	if name == "" {
		return false, SkipBadURL
	}
	if isBig5(name, u.Path) {
		return false, SkipBig5
	}
	if host == s.seedHost || s.extra[host] || s.extra[name] {
		return true, ""
	}
	if underDomain(name, s.domain) || s.onPaths(host, u) {
		return true, ""
	}
	for _, d := range s.more {
		if underDomain(name, d) {
			return true, ""
		}
	}
	if looksMirrored(name, u.Path) {
		return false, SkipMirror
	}
	return false, SkipOffScope
}

func isBig5(host, p string) bool {
	return strings.HasPrefix(host, "big5.") ||
		strings.Contains(strings.ToLower(p), "/gate/big5/")
}

// govPath matches path shapes of government CMSs; a non-government host
// serving them is a clone or mirror of a government site.
var govPath = regexp.MustCompile(`(?i)(zfxxgk|xxgk|zwgk|gkml|gknb|ndbg|/art/\d{4}/|/art_\d+_\d+|/col/col\d+|post_\d+|/t20\d{6}_\d+|/c\d{5,}/)`)

// looksMirrored reports a host outside gov.cn whose path copies a
// government CMS layout (btfghg.com/xxgk/…, dblyj.com/art/…).
func looksMirrored(host, p string) bool {
	if strings.HasSuffix(host, ".gov.cn") || net.ParseIP(host) != nil {
		return false
	}
	return govPath.MatchString(p)
}
