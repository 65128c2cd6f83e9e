package warc

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/capture"
)

// droppedHeaders describe encodings already undone in the stored body, so
// they are left out of the reconstructed response.
var droppedHeaders = []string{"Transfer-Encoding", "Content-Encoding"}

// ResponseHead reconstructs the status line and headers of a capture's
// response, ending with the blank line. Headers are written in sorted name
// order (the capture keeps no order), Transfer-Encoding and Content-Encoding
// are dropped and Content-Length is set to the stored body's length.
// removed lists what was dropped or changed, as "Name: value".
func ResponseHead(c *capture.Capture) (head []byte, removed []string) {
	proto := c.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	var b strings.Builder
	// status-line = HTTP-version SP status-code SP [reason-phrase] (RFC 9112)
	b.WriteString(proto + " " + strconv.Itoa(c.Status) + " " + http.StatusText(c.Status) + "\r\n")
	for _, k := range sortedKeys(c.Header) {
		ck := http.CanonicalHeaderKey(k)
		if slices.Contains(droppedHeaders, ck) || ck == "Content-Length" {
			for _, v := range c.Header[k] {
				if ck != "Content-Length" || v != strconv.Itoa(len(c.Body)) {
					removed = append(removed, ck+": "+oneLine(v))
				}
			}
			continue
		}
		writeHeader(&b, k, c.Header[k])
	}
	if c.Status != http.StatusNotModified || c.Header.Get("Content-Length") != "" {
		b.WriteString("Content-Length: " + strconv.Itoa(len(c.Body)) + "\r\n")
	}
	b.WriteString("\r\n")
	return []byte(b.String()), removed
}

// RequestBlock reconstructs the request of a capture: request line, Host,
// the headers sent (sorted by name), blank line and the POST body.
func RequestBlock(c *capture.Capture, target string) []byte {
	method := c.Method
	if method == "" {
		method = http.MethodGet
	}
	path, host := "/", ""
	if u, err := url.Parse(target); err == nil {
		path, host = u.RequestURI(), u.Host
	}
	var b strings.Builder
	b.WriteString(method + " " + oneLine(path) + " HTTP/1.1\r\n")
	if c.ReqHeader.Get("Host") == "" && host != "" {
		b.WriteString("Host: " + oneLine(host) + "\r\n")
	}
	for _, k := range sortedKeys(c.ReqHeader) {
		writeHeader(&b, k, c.ReqHeader[k])
	}
	if len(c.ReqBody) > 0 && c.ReqHeader.Get("Content-Length") == "" {
		b.WriteString("Content-Length: " + strconv.Itoa(len(c.ReqBody)) + "\r\n")
	}
	b.WriteString("\r\n")
	return append([]byte(b.String()), c.ReqBody...)
}

func writeHeader(b *strings.Builder, k string, vs []string) {
	for _, v := range vs {
		b.WriteString(oneLine(k) + ": " + oneLine(v) + "\r\n")
	}
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// oneLine keeps a header value on one line: CR, LF and NUL become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == 0 {
			return ' '
		}
		return r
	}, s)
}
