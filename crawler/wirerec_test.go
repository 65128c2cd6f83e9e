package crawler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// The archive gets each exchange as it crossed the wire: the request as
// sent, headers in the order the server sent them, the body still chunked
// and gzip-encoded, and the redirect hop before it with its own bytes.
func TestCrawler_Wire_RedirectChainAsReceived(t *testing.T) {
	s := newSite(t)
	report := []byte(page("2023年政府信息公开工作年度报告", strings.Repeat("<p>一、总体情况</p>", 200)))
	s.page("/", "text/html", []byte(page("home", `<a href="/downfile.jsp?id=7">r</a>`)))
	s.handle("/downfile.jsp", func(w w, r *r) { http.Redirect(w, r, "/attach/nb.html", http.StatusFound) })
	s.handle("/attach/nb.html", func(w w, r *r) {
		// Written by hand: Go's server sorts headers, servers in the wild do not.
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write(report)
		zw.Close()
		conn, bw, _ := w.(http.Hijacker).Hijack()
		defer conn.Close()
		bw.WriteString("HTTP/1.1 200 OK\r\nZ-First: 1\r\nA-Second: 2\r\nContent-Type: text/html; charset=utf-8\r\n" +
			"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
		for b := z.Bytes(); len(b) > 0; {
			n := min(len(b), 100)
			fmt.Fprintf(bw, "%x\r\n%s\r\n", n, b[:n])
			b = b[n:]
		}
		bw.WriteString("0\r\n\r\n")
		bw.Flush()
	})
	a := newFakeArchive("r")
	runOnce(t, testOptions(), a, "r", Seed{Code: "1", URL: s.url("/")})
	caps := a.capturesOf(s.url("/downfile.jsp?id=7"))
	if len(caps) != 1 {
		t.Fatalf("captures of the redirecting link: %d", len(caps))
	}
	c := caps[0]
	if c.Wire == nil || !bytes.Equal(c.Body, report) {
		t.Fatalf("wire %v, body %d bytes", c.Wire != nil, len(c.Body))
	}
	head := string(c.Wire.Head)
	if !strings.HasPrefix(head, "HTTP/1.1 200 OK\r\n") || !strings.Contains(head, "Transfer-Encoding: chunked") ||
		strings.Index(head, "Z-First") > strings.Index(head, "A-Second") {
		t.Fatalf("head not as received:\n%s", head)
	}
	if len(c.Wire.Body) == 0 || bytes.Contains(c.Wire.Body, []byte("总体情况")) {
		t.Fatalf("wire body is not the chunked gzip stream (%d bytes)", len(c.Wire.Body))
	}
	if !strings.HasPrefix(string(c.Wire.Request), "GET /attach/nb.html HTTP/1.1\r\n") {
		t.Fatalf("request as sent:\n%s", c.Wire.Request)
	}
	if len(c.Hops) != 1 || c.Hops[0].Status != 302 || c.Hops[0].Wire == nil ||
		!strings.Contains(string(c.Hops[0].Wire.Head), "Location: /attach/nb.html") ||
		!strings.HasPrefix(string(c.Hops[0].Wire.Request), "GET /downfile.jsp?id=7 HTTP/1.1") {
		t.Fatalf("redirect hop not recorded: %+v", c.Hops)
	}
}
