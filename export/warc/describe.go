package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// maxDescribe bounds what DescribeMember decompresses: the WARC header and
// the HTTP head, never the payload.
const maxDescribe = 256 << 10

// DescribeMember reads the WARC header (and, for an HTTP response or
// revisit, the status line and Content-Type) at the start of one gzip
// member holding one record, for its CDXJ line. It decompresses only
// that head. ok is false for records a replay index does not list
// (request, metadata, warcinfo).
func DescribeMember(member []byte) (e IndexEntry, ok bool, err error) {
	zr, err := gzip.NewReader(bytes.NewReader(member))
	if err != nil {
		return e, false, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	br := bufio.NewReader(io.LimitReader(zr, maxDescribe))
	tp := textproto.NewReader(br)
	if line, err := tp.ReadLine(); err != nil || !strings.HasPrefix(line, "WARC/") {
		return e, false, fmt.Errorf("%w: no WARC version line", ErrFormat)
	}
	h, err := tp.ReadMIMEHeader()
	if err != nil {
		return e, false, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	typ := h.Get("WARC-Type")
	if typ != TypeResponse && typ != TypeRevisit {
		return e, false, nil
	}
	e.URL = strings.Trim(h.Get("WARC-Target-URI"), "<>")
	e.Digest = h.Get("WARC-Payload-Digest")
	if e.Time, err = ParseDate(h.Get("WARC-Date")); err != nil {
		return e, false, fmt.Errorf("%w: WARC-Date: %v", ErrFormat, err)
	}
	e.Status, e.Mime = httpHead(tp)
	if typ == TypeRevisit {
		e.Mime = "warc/revisit"
	}
	e.Length = int64(len(member))
	return e, true, nil
}

// httpHead reads a response's status code and media type; zero values
// when the block is not an HTTP response.
func httpHead(tp *textproto.Reader) (int, string) {
	line, err := tp.ReadLine()
	if err != nil || !strings.HasPrefix(line, "HTTP/") {
		return 0, ""
	}
	f := strings.Fields(line)
	status := 0
	if len(f) > 1 {
		status, _ = strconv.Atoi(f[1])
	}
	h, _ := tp.ReadMIMEHeader()
	return status, mediaType(http.Header(h).Get("Content-Type"))
}
