package discover

import (
	"net/url"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// trackingParams are query keys that never change what a page holds.
var trackingParams = map[string]bool{
	"print": true, "printable": true, "spm": true, "from": true, "share": true,
	"isappinstalled": true, "wxfrom": true, "scene": true, "_": true, "timestamp": true,
	"clicktime": true, "enterid": true, "sharer_shareid": true,
}

// Canonical returns the canonical form of an absolute http(s) URL: lowercase
// scheme and host, no fragment, no default port, "." and ".." resolved, an
// empty path as "/", tracking and print parameters (?print=1 duplicates)
// dropped, and query parameters sorted by key (stable: repeated keys keep
// their order). Non-ASCII characters are percent-encoded as UTF-8. It
// returns "" when raw is not a usable http(s) URL.
func Canonical(raw string) string {
	u, err := resolve(nil, raw, "")
	if err != nil {
		return ""
	}
	return canonicalURL(u)
}

// canonicalURL is Canonical for a parsed URL; u is not modified.
func canonicalURL(u *url.URL) string {
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return ""
	}
	c := *u
	c.Scheme = strings.ToLower(c.Scheme)
	c.Host = canonicalHost(c.Scheme, c.Host)
	if h := c.Hostname(); h == "" || strings.HasPrefix(h, ".") || strings.Contains(h, "..") {
		return ""
	}
	c.User = nil
	c.Fragment, c.RawFragment = "", ""
	c.Path = cleanPath(c.Path)
	c.RawPath = ""
	c.RawQuery = canonicalQuery(c.RawQuery)
	c.ForceQuery = false
	return c.String()
}

func canonicalHost(scheme, host string) string {
	host = strings.TrimRight(strings.ToLower(host), ".")
	if h, p, ok := strings.Cut(host, ":"); ok && !strings.Contains(p, ":") {
		h = strings.TrimRight(h, ".")
		if p == "" || (scheme == "http" && p == "80") || (scheme == "https" && p == "443") {
			return h
		}
		return h + ":" + p
	}
	return host
}

// cleanPath resolves dot segments, keeping a trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

// canonicalQuery drops tracking parameters and sorts the rest by key,
// keeping each parameter's raw encoding.
func canonicalQuery(q string) string {
	if q == "" {
		return ""
	}
	parts := strings.FieldsFunc(q, func(r rune) bool { return r == '&' || r == ';' })
	kept := parts[:0]
	for _, p := range parts {
		k, _, _ := strings.Cut(p, "=")
		lk := strings.ToLower(k)
		if trackingParams[lk] || strings.HasPrefix(lk, "utm_") {
			continue
		}
		kept = append(kept, escapeQueryPart(p))
	}
	sort.SliceStable(kept, func(i, j int) bool { return qkey(kept[i]) < qkey(kept[j]) })
	return strings.Join(kept, "&")
}

func qkey(p string) string {
	k, _, _ := strings.Cut(p, "=")
	return k
}

// escapeQueryPart percent-encodes bytes that may not appear raw in a query
// (spaces, controls, non-ASCII, quotes), leaving valid escapes alone.
func escapeQueryPart(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		ch := p[i]
		switch {
		case ch == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			b.WriteByte(ch)
		case ch <= ' ' || ch >= 0x7f || ch == '"' || ch == '<' || ch == '>' || ch == '%' || ch == '`' || ch == '{' || ch == '}' || ch == '|' || ch == '\\' || ch == '^':
			b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[ch>>4])+string("0123456789abcdef"[ch&15])))
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// resolve parses href (relative to base when base is non-nil) the way a
// browser does: trims whitespace, drops embedded newlines and tabs, turns
// backslashes into slashes, and encodes non-ASCII query characters in the
// page's charset (paths always as UTF-8).
func resolve(base *url.URL, href, charset string) (*url.URL, error) {
	href = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		if r == '\\' {
			return '/'
		}
		return r
	}, strings.TrimFunc(href, isSpace))
	href = encodeQuery(href, charset)
	u, err := url.Parse(href)
	if err != nil {
		return nil, err
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return nil, errNotHTTP
	}
	return u, nil
}

type errString string

func (e errString) Error() string { return string(e) }

const errNotHTTP = errString("not an absolute http(s) URL")

// encodeQuery percent-encodes the non-ASCII characters of href's query in
// the given charset (as a browser submits them), and those of the path in
// UTF-8. Characters the charset cannot hold fall back to UTF-8.
func encodeQuery(href, charset string) string {
	if isASCII(href) {
		return href
	}
	frag := ""
	if i := strings.IndexByte(href, '#'); i >= 0 {
		href, frag = href[:i], href[i:]
	}
	p, q, hasQ := strings.Cut(href, "?")
	out := pctNonASCII(p, nil)
	if hasQ {
		out += "?" + pctNonASCII(q, charsetEncoder(charset))
	}
	return out + frag
}

func pctNonASCII(s string, enc *encoding.Encoder) string {
	var b strings.Builder
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		bs := []byte(string(r))
		if enc != nil {
			if e, err := enc.Bytes(bs); err == nil {
				bs = e
			}
		}
		for _, c := range bs {
			b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
		}
	}
	return b.String()
}

func charsetEncoder(name string) *encoding.Encoder {
	switch strings.ToLower(strings.ReplaceAll(name, "-", "")) {
	case "gbk", "gb2312", "gb18030", "cp936", "euccn", "xgbk":
		return simplifiedchinese.GB18030.NewEncoder()
	case "big5", "big5hkscs", "cp950":
		return traditionalchinese.Big5.NewEncoder()
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
