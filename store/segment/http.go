package segment

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/capture"
)

// requestBlock is the request as sent, or, when it was not recorded,
// rebuilt from the capture (headers then in sorted order).
func requestBlock(c *capture.Capture) []byte {
	if c.Wire != nil && len(c.Wire.Request) > 0 {
		return c.Wire.Request
	}
	var b bytes.Buffer
	path, host := "/", ""
	target := c.FinalURL
	if target == "" {
		target = c.URL
	}
	if u, err := url.Parse(target); err == nil {
		path, host = u.RequestURI(), u.Host
	}
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", c.Method, path, host)
	writeHeader(&b, c.ReqHeader, nil)
	if len(c.ReqBody) > 0 && c.ReqHeader.Get("Content-Length") == "" {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(c.ReqBody))
	}
	b.WriteString("\r\n")
	b.Write(c.ReqBody)
	return b.Bytes()
}

// responseParts is the response head and payload to archive. The wire
// body is kept when it was recorded and complete (coded: reading Body back
// means undoing its transfer and content encoding). Otherwise the payload
// is the decoded Body and the head loses the encodings it no longer has.
func responseParts(c *capture.Capture) (head, payload []byte, coded bool) {
	w := c.Wire
	switch {
	case w != nil && len(w.Head) > 0 && w.Body == nil:
		return w.Head, c.Body, false
	case w != nil && len(w.Head) > 0 && !c.Truncated && c.Error == "":
		return w.Head, w.Body, true
	case w != nil && len(w.Head) > 0:
		return decodedHead(w.Head, len(c.Body)), c.Body, false
	}
	var b bytes.Buffer
	proto := c.Proto
	if proto == "" || strings.HasPrefix(proto, "HTTP/2") {
		proto = "HTTP/1.1"
	}
	fmt.Fprintf(&b, "%s %d %s\r\n", proto, c.Status, http.StatusText(c.Status))
	writeHeader(&b, c.Header, map[string]bool{"Content-Encoding": true, "Transfer-Encoding": true, "Content-Length": true})
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(c.Body))
	return b.Bytes(), c.Body, false
}

func writeHeader(b *bytes.Buffer, h http.Header, skip map[string]bool) {
	keys := make([]string, 0, len(h))
	for k := range h {
		if !skip[http.CanonicalHeaderKey(k)] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(b, "%s: %s\r\n", k, strings.NewReplacer("\r", " ", "\n", " ").Replace(v))
		}
	}
}

// decodedHead drops Transfer-Encoding, Content-Encoding and Content-Length
// from a recorded head and states the decoded length, keeping the order of
// the other lines.
func decodedHead(head []byte, n int) []byte {
	lines := bytes.Split(bytes.TrimRight(head, "\r\n"), []byte("\n"))
	var b bytes.Buffer
	for i, l := range lines {
		name, _, _ := bytes.Cut(l, []byte(":"))
		switch strings.ToLower(strings.TrimSpace(string(name))) {
		case "transfer-encoding", "content-encoding", "content-length":
			if i > 0 {
				continue
			}
		}
		b.Write(bytes.TrimRight(l, "\r"))
		b.WriteString("\r\n")
	}
	b.WriteString("Content-Length: " + strconv.Itoa(n) + "\r\n\r\n")
	return b.Bytes()
}

// decisionFields is the metadata record's block: what the crawler decided
// about the exchange, as WARC fields.
func decisionFields(c *capture.Capture) []byte {
	var b bytes.Buffer
	add := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\r\n", k, strings.NewReplacer("\r", " ", "\n", " ").Replace(v))
		}
	}
	outcome := string(c.Outcome)
	if outcome == "" {
		outcome = string(capture.OutcomeOK)
	}
	add("outcome", outcome)
	add("kind", c.Kind)
	add("site-code", c.SiteCode)
	add("via", c.SourceURL)
	add("link-text", c.LinkText)
	add("link-date", c.LinkDate)
	add("link-date-from", c.LinkDateFrom)
	if c.URL != c.FinalURL && c.FinalURL != "" {
		add("requested-uri", c.URL)
	}
	add("redirects", countIf(len(c.Hops)))
	add("charset", c.Charset.Name)
	add("charset-method", c.Charset.Method)
	add("charset-note", c.Charset.Note)
	add("error", c.Error)
	if strings.HasPrefix(c.FinalURL, "https:") || strings.HasPrefix(c.URL, "https:") && c.FinalURL == "" {
		tls := "verified"
		if c.TLSError != "" {
			tls = "unverified: " + c.TLSError
		}
		if c.Status > 0 {
			add("tls-certificate", tls)
		}
	}
	if c.Truncated {
		add("truncated-at-bytes", strconv.FormatInt(c.LimitBytes, 10))
	}
	if c.Duration > 0 {
		add("fetch-duration-ms", strconv.FormatInt(c.Duration.Milliseconds(), 10))
	}
	return b.Bytes()
}

func countIf(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
