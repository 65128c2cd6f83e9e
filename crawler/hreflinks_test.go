package crawler

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"github.com/nianbao/nianbao/crawler/discover"
)

// hrefLinks is a plain link finder for tests that want link kinds
// decided by the test itself, not by discover's heuristics: every
// a/area href and iframe/embed/frame src, resolved against the page URL,
// kind guessed from the file extension. It scores nothing.
func hrefLinks(p discover.Page) ([]discover.Link, []discover.Skip) {
	base, err := url.Parse(p.URL)
	if err != nil {
		return nil, nil
	}
	var links []discover.Link
	var skips []discover.Skip
	z := html.NewTokenizer(bytes.NewReader(p.Body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return links, skips
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		ref := linkAttr(z)
		if ref == "" {
			continue
		}
		u, err := base.Parse(strings.TrimSpace(ref))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			skips = append(skips, discover.Skip{URL: ref, Reason: "scheme"})
			continue
		}
		links = append(links, discover.Link{URL: u.String(), Kind: guessKind(u.Path), Via: "href"})
	}
}

// linkAttr returns the link-bearing attribute of the current tag.
func linkAttr(z *html.Tokenizer) string {
	name, hasAttr := z.TagName()
	want := ""
	switch string(name) {
	case "a", "area":
		want = "href"
	case "iframe", "embed", "frame":
		want = "src"
	}
	for want != "" && hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		if string(k) == want {
			return string(v)
		}
	}
	return ""
}

func guessKind(path string) string {
	p := strings.ToLower(path)
	for _, ext := range []string{".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".zip"} {
		if strings.HasSuffix(p, ext) {
			return discover.KindAttachment
		}
	}
	return discover.KindNav
}
