package crawler

import (
	"strings"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler/discover"
	"github.com/nianbao/nianbao/extract/charset"
)

// The default stages: discovery, scope and canonical form from package
// discover, charset decisions from extract/charset, so colly's callbacks,
// discovery and the extractor all read the same UTF-8.

func defaultDiscoverer() Discoverer { return DiscovererFunc(discover.Links) }

func defaultScope(seedURL string, extraHosts []string) Scoper {
	return discover.NewScope(seedURL, extraHosts)
}

func defaultCanonical(raw string) string {
	if c := discover.Canonical(raw); c != "" {
		return c
	}
	return raw
}

func defaultIsText(contentType string, body []byte) bool { return charset.IsText(contentType, body) }

// defaultDecode reads body with extract/charset and records the decision.
// A body the decision calls binary is returned as it is, with Name "".
func defaultDecode(body []byte, contentType string) ([]byte, capture.Charset) {
	text, d := charset.Decode(body, contentType)
	cs := capture.Charset{Name: d.Name, Method: d.Method, Note: d.Note}
	if d.Lying {
		cs.Note = strings.TrimSpace("declared " + d.Declared + " (contradicted by the bytes); " + d.Note)
	}
	if d.Name == "" {
		return body, cs
	}
	return text, cs
}
