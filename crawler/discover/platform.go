package discover

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Provincial 集约化 platforms. Many provinces host their counties' sites,
// or their information-disclosure columns, on one provincial platform
// (www.zj.gov.cn/col/colN/, www.hainan.gov.cn/…): the whole province's
// domain is not the county's site, but the unit's paths on it are. A
// scope never widens to a province domain; it admits only the path
// prefixes its own pages (or the seed's redirect) lead to.

// platformDomains are the provincial governments' registrable domains.
var platformDomains = []string{
	"beijing.gov.cn", "tj.gov.cn", "hebei.gov.cn", "shanxi.gov.cn", "nmg.gov.cn", "ln.gov.cn", "jl.gov.cn",
	"hlj.gov.cn", "sh.gov.cn", "jiangsu.gov.cn", "zj.gov.cn", "ah.gov.cn", "fujian.gov.cn", "jiangxi.gov.cn",
	"shandong.gov.cn", "henan.gov.cn", "hubei.gov.cn", "hunan.gov.cn", "gd.gov.cn", "gxzf.gov.cn",
	"hainan.gov.cn", "cq.gov.cn", "sc.gov.cn", "guizhou.gov.cn", "yn.gov.cn", "xizang.gov.cn",
	"shaanxi.gov.cn", "gansu.gov.cn", "qinghai.gov.cn", "nx.gov.cn", "xinjiang.gov.cn",
}

// IsPlatformDomain says whether d is a province's own domain.
func IsPlatformDomain(d string) bool { return slices.Contains(platformDomains, strings.ToLower(d)) }

// IsPlatformHost says whether host is the province's own front host
// (zj.gov.cn, www.zj.gov.cn, xxgk.zj.gov.cn …), as opposed to a county
// under it (yuhang.hangzhou… or wanning.hainan.gov.cn).
func IsPlatformHost(host string) bool {
	h := strings.ToLower(hostnameOf(host))
	if IsPlatformDomain(h) {
		return true
	}
	first, rest, ok := strings.Cut(h, ".")
	return ok && wwwLabel.MatchString(first) && IsPlatformDomain(rest)
}

var hanwebArt = regexp.MustCompile(`^/art/\d{4}/\d{1,2}/\d{1,2}/art_(\d+)_\d+\.html$`)

// platformPrefix is the part of a platform URL that belongs to the unit it
// was linked for: its directory (/col/col1229123/, /xxgk/11330110/), or the
// column itself for a Hanweb column page.
func platformPrefix(u *url.URL) string {
	p := strings.ToLower(u.EscapedPath())
	if i := strings.LastIndex(p, "/"); i >= 0 {
		p = p[:i+1]
	}
	if p == "/" {
		return ""
	}
	return p
}

// onPaths says whether u is under one of the unit's platform paths. A
// Hanweb article (/art/Y/M/D/art_COL_ID.html) belongs to column COL.
func (s *Scope) onPaths(host string, u *url.URL) bool {
	if len(s.paths) == 0 {
		return false
	}
	p := strings.ToLower(u.EscapedPath())
	col := ""
	if m := hanwebArt.FindStringSubmatch(p); m != nil {
		col = "/col/col" + m[1] + "/"
	}
	for _, hp := range s.paths {
		if hp.host == host && (strings.HasPrefix(p, hp.prefix) || hp.prefix == col) {
			return true
		}
	}
	return false
}

// WithPlatformPath returns a copy of s that also admits u's directory on
// u's host, when that host is a provincial platform; s itself otherwise.
func (s *Scope) WithPlatformPath(u *url.URL) *Scope {
	host := canonicalHost(strings.ToLower(u.Scheme), u.Host)
	prefix := platformPrefix(u)
	if !IsPlatformHost(host) || prefix == "" {
		return s
	}
	for _, hp := range s.paths {
		if hp.host == host && strings.HasPrefix(prefix, hp.prefix) {
			return s
		}
	}
	c := *s
	c.paths = append(slices.Clip(s.paths), hostPath{host, prefix})
	return &c
}

// Widen returns a copy of s that also admits the site the seed redirected
// to (rawURL): its host and site domain, or only its path when it is a
// provincial platform.
func (s *Scope) Widen(rawURL string) *Scope {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Host == "" {
		return s
	}
	host := canonicalHost(strings.ToLower(u.Scheme), u.Host)
	if IsPlatformHost(host) {
		return s.WithPlatformPath(u)
	}
	c := *s
	c.extra = maps2(s.extra)
	c.extra[host] = true
	if d := siteDomain(hostnameOf(host)); d != "" && d != s.domain && !slices.Contains(s.more, d) {
		c.more = append(slices.Clip(s.more), d)
	}
	return &c
}

// PlatformLink says whether u, refused by s, is a provincial platform
// page a page of the site links to: the crawler admits its path (see
// WithPlatformPath) when the link reads as leading to reports.
func (s *Scope) PlatformLink(u *url.URL) bool {
	return IsPlatformHost(canonicalHost(strings.ToLower(u.Scheme), u.Host)) && platformPrefix(u) != ""
}

func underDomain(name, d string) bool {
	return d != "" && (name == d || strings.HasSuffix(name, "."+d))
}

func maps2(m map[string]bool) map[string]bool {
	c := make(map[string]bool, len(m)+1)
	for k, v := range m {
		c[k] = v
	}
	return c
}
