package warc

import (
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

var wwwPrefix = regexp.MustCompile(`^www\d*\.`)

// SURT returns the Sort-friendly URI Reordering Transform of a URL as pywb
// and the Python surt package key it by default: scheme and user info
// dropped, host lowercased and stripped of "www." and a trailing dot, its
// labels reversed and comma-joined (IPv4 addresses too, as the surt
// package's default reverse_ipaddr and warcio.js do; IPv6 kept), default
// ports dropped, then ")" and the path and query lowercased, the trailing
// slash dropped unless the path is "/", query arguments sorted, and the
// fragment removed. An unparsable URL is returned lowercased. Not done:
// session-id stripping and repeated percent-decoding (pywb's surt does
// both; government report URLs carry neither).
func SURT(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return strings.ToLower(raw)
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	port := u.Port()
	if (port == "80" && u.Scheme == "http") || (port == "443" && u.Scheme == "https") {
		port = ""
	}
	key := host
	if ip := net.ParseIP(host); ip == nil || ip.To4() != nil {
		if ip == nil {
			host = wwwPrefix.ReplaceAllString(host, "")
		}
		labels := strings.Split(host, ".")
		slices.Reverse(labels)
		key = strings.Join(labels, ",")
	}
	if port != "" {
		key += ":" + port
	}
	return key + ")" + strings.ToLower(surtPath(u))
}

func surtPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	if u.RawQuery == "" {
		return p
	}
	args := strings.Split(TargetURI(u.RawQuery), "&") // raw UTF-8 as %XX, as pywb escapes it
	slices.Sort(args)
	return p + "?" + strings.Join(args, "&")
}
