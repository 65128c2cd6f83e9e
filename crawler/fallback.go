package crawler

import (
	"bytes"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler/discover"
)

// fallbackDecode is a small charset decision used where extract/charset is
// not wired: valid UTF-8 stays, else the declared charset (header or meta),
// GBK-family labels read with GB18030, else GB18030 flagged as fallback.
func fallbackDecode(body []byte, contentType string) ([]byte, capture.Charset) {
	if utf8.Valid(body) {
		return body, capture.Charset{Name: "utf-8", Method: "valid-utf8"}
	}
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	method := "declared"
	if !certain {
		method = "fallback"
	}
	if strings.HasPrefix(name, "gb") || name == "utf-8" || !certain { // utf-8 here is a lie: the body is not
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(body)
		if err == nil {
			return out, capture.Charset{Name: "gb18030", Method: method, Note: "declared " + name}
		}
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), capture.Charset{Name: "utf-8", Method: "fallback", Note: err.Error()}
	}
	return out, capture.Charset{Name: name, Method: method}
}

// hrefLinks is a plain link finder used where discover is not wired: every
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
