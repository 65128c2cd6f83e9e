package web

import (
	"bytes"
	"html"
	"io"
	"net/url"
	"strings"

	xhtml "golang.org/x/net/html"
)

// A link clicked inside a replayed page must stay in the archive: the
// sandbox forbids scripts and top navigation, but a plain <a href> still
// navigates its own frame, and the CSP cannot stop a navigation. So the
// replay rewrites, for display only, every link to /replay/go, which shows
// the archived capture of its target or an inert "not archived" note; a
// meta refresh is dropped for the same reason. The archive keeps the bytes
// as received; /raw/ serves them unchanged.

// goPath is the in-archive target of a rewritten link.
const goPath = "/replay/go"

// linkAttrs are the attributes that navigate the frame when followed.
var linkAttrs = map[string]string{"a": "href", "area": "href"}

// rewriteLinks returns body with its links pointed into the archive.
// pageURL resolves relative links ("" leaves them unresolved: they then go
// to the "not archived" note). Bytes outside rewritten tags are copied as
// they are, whatever the page's charset.
func rewriteLinks(body []byte, pageURL string) []byte {
	base, _ := url.Parse(pageURL)
	if base != nil && !base.IsAbs() {
		base = nil
	}
	z := xhtml.NewTokenizer(bytes.NewReader(body))
	var out bytes.Buffer
	out.Grow(len(body) + len(body)/8)
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			if z.Err() != io.EOF {
				out.Write(z.Raw())
			}
			return out.Bytes()
		}
		raw := z.Raw()
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		switch {
		case tok.Data == "base":
			if h := attr(tok, "href"); h != "" && base != nil {
				if b, err := base.Parse(strings.TrimSpace(h)); err == nil {
					base = b
				}
			}
			// dropped: base-uri 'none' refuses it anyway
		case tok.Data == "meta" && strings.EqualFold(attr(tok, "http-equiv"), "refresh"):
			// dropped: it would navigate the frame
		case linkAttrs[tok.Data] != "":
			out.WriteString(linkTag(tok, base))
		default:
			out.Write(raw)
		}
	}
}

func attr(tok xhtml.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// linkTag writes tok again with its href sent to goPath, and without the
// attributes that open windows or send requests of their own.
func linkTag(tok xhtml.Token, base *url.URL) string {
	var b strings.Builder
	b.WriteString("<" + tok.Data)
	for _, a := range tok.Attr {
		switch a.Key {
		case "href":
			a.Val = archiveLink(a.Val, base)
		case "target", "ping", "download", "onclick":
			continue
		}
		b.WriteString(" " + a.Key + `="` + html.EscapeString(a.Val) + `"`)
	}
	if tok.Type == xhtml.SelfClosingTagToken {
		b.WriteString("/")
	}
	b.WriteString(">")
	return b.String()
}

// archiveLink maps an href to its in-archive address. Fragments stay (they
// scroll the page); javascript:, mailto: and the like go nowhere.
func archiveLink(href string, base *url.URL) string {
	href = strings.TrimSpace(href)
	if strings.HasPrefix(href, "#") {
		return href
	}
	u, err := url.Parse(href)
	if err == nil && base != nil {
		u = base.ResolveReference(u)
	}
	if err != nil || u == nil || (u.Scheme != "http" && u.Scheme != "https") {
		return goPath + "?" + url.Values{"href": {href}}.Encode()
	}
	u.Fragment = ""
	return goPath + "?" + url.Values{"url": {u.String()}}.Encode()
}
