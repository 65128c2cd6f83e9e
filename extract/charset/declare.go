package charset

import (
	"bytes"
	"mime"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// metaScanLimit is how much of the body is searched for <meta> charset
// declarations. DOMAIN.md asks for the first 8 KB; real TRS and Hanweb pages
// put the meta after long inline scripts, and every declaration is checked
// against the bytes anyway, so a wider window costs nothing in accuracy.
const metaScanLimit = 32 << 10

// declaration is one charset claim: where it came from and the label.
type declaration struct {
	source string // MethodHeader or MethodMeta
	label  string // lowercased, trimmed
}

// declarations returns the header claim, then the first meta (or XML
// declaration) claim, skipping empty labels.
func declarations(body []byte, contentType string) []declaration {
	var out []declaration
	if l := headerLabel(contentType); l != "" {
		out = append(out, declaration{MethodHeader, l})
	}
	if l := metaLabel(body); l != "" {
		out = append(out, declaration{MethodMeta, l})
	}
	return out
}

// headerLabel extracts the charset parameter of a Content-Type value.
func headerLabel(contentType string) string {
	if contentType == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		return cleanLabel(params["charset"])
	}
	return charsetParam(contentType)
}

// charsetParam finds "charset=..." in a loosely formatted string, as found
// in broken headers and in <meta content="text/html; charset=gbk">.
func charsetParam(s string) string {
	i := indexASCIIFold(s, "charset")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(s[i+len("charset"):], " \t")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.TrimLeft(rest[1:], " \t\"'")
	end := strings.IndexAny(rest, " \t;,\"'>")
	if end >= 0 {
		rest = rest[:end]
	}
	return cleanLabel(rest)
}

// indexASCIIFold finds lower (lowercase ASCII) in s ignoring ASCII case.
// Unlike searching strings.ToLower(s), the index is valid in s even when s
// holds invalid UTF-8.
func indexASCIIFold(s, lower string) int {
	for i := 0; i+len(lower) <= len(s); i++ {
		if asciiFoldEq([]byte(s[i:i+len(lower)]), lower) {
			return i
		}
	}
	return -1
}

func cleanLabel(s string) string {
	s = strings.ToLower(strings.Trim(s, " \t\r\n\"'"))
	if len(s) > 40 {
		return ""
	}
	return s
}

// metaLabel returns the charset named by the first <meta charset>, the
// first <meta http-equiv="Content-Type" content="…charset=…">, or an XML
// declaration's encoding, within metaScanLimit bytes.
func metaLabel(body []byte) string {
	if len(body) > metaScanLimit {
		body = body[:metaScanLimit]
	}
	if bytes.HasPrefix(body, []byte("<?xml")) {
		if end := bytes.Index(body, []byte("?>")); end > 0 {
			if l := xmlEncoding(string(body[:end])); l != "" {
				return l
			}
		}
	}
	for i := 0; i < len(body); {
		j := bytes.IndexByte(body[i:], '<')
		if j < 0 {
			return ""
		}
		i += j + 1
		if len(body)-i < 5 || !asciiFoldEq(body[i:i+4], "meta") || !isSpaceOrSlash(body[i+4]) {
			continue
		}
		attrs, n := parseAttrs(body[i+4:])
		i += 4 + n
		if l := attrs["charset"]; l != "" {
			return cleanLabel(l)
		}
		if c := attrs["content"]; c != "" && (attrs["http-equiv"] != "" || indexASCIIFold(c, "text/") >= 0) {
			if l := charsetParam(c); l != "" {
				return l
			}
		}
	}
	return ""
}

func xmlEncoding(decl string) string {
	i := strings.Index(decl, "encoding")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(decl[i+len("encoding"):], " \t=")
	if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	end := strings.IndexByte(rest[1:], q)
	if end < 0 {
		return ""
	}
	return cleanLabel(rest[1 : 1+end])
}

func asciiFoldEq(b []byte, lower string) bool {
	for k := range len(lower) {
		c := b[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[k] {
			return false
		}
	}
	return true
}

func isSpaceOrSlash(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/'
}

// resolve maps a label to its decoder and canonical name. Every label of
// the GBK family goes to GB18030, a superset whose decoder also reads the
// four-byte sequences x/text's GBK decoder rejects. ok is false for labels
// no decoder knows.
func resolve(label string) (enc encoding.Encoding, name string, ok bool) {
	switch label {
	case "gb2312", "gbk", "x-gbk", "gb18030", "gb_2312", "gb_2312-80", "cp936", "ms936", "windows-936",
		"euc-cn", "x-euc-cn", "csgb2312", "chinese", "iso-ir-58", "csiso58gb231280", "hz-gb-2312", "hz", "gb-18030":
		return simplifiedchinese.GB18030, NameGB18030, true
	case "iso-8859-1", "latin1", "iso8859-1", "l1", "us-ascii", "ascii":
		label = "windows-1252"
	}
	e, err := htmlindex.Get(label)
	if err != nil {
		return nil, "", false
	}
	n, err := htmlindex.Name(e)
	if err != nil || n == "replacement" {
		return nil, "", false
	}
	n = strings.ToLower(n)
	if e == simplifiedchinese.GBK {
		return simplifiedchinese.GB18030, NameGB18030, true
	}
	return e, n, true
}
