package segment

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"strings"

	"github.com/andybalholm/brotli"
)

// DecodeBody undoes what the head says was done to payload on the wire:
// chunked transfer encoding, then gzip, deflate or br content encoding.
// It gives the bytes a capture's Body holds.
func DecodeBody(head, payload []byte) ([]byte, error) {
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(head)), nil)
	if err != nil {
		return nil, fmt.Errorf("parse response head: %w", err)
	}
	resp.Body.Close()
	var r io.Reader = bytes.NewReader(payload)
	for _, te := range resp.TransferEncoding {
		if strings.EqualFold(te, "chunked") {
			r = httputil.NewChunkedReader(r)
		}
	}
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		r = zr
	case "deflate":
		r = inflater(r)
	case "br":
		r = brotli.NewReader(r)
	}
	out, err := io.ReadAll(io.LimitReader(r, maxMember))
	if err != nil {
		return nil, fmt.Errorf("decode body: %w", err)
	}
	return out, nil
}

// inflater reads zlib-wrapped or raw deflate, as servers send either.
func inflater(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	h, _ := br.Peek(2)
	if len(h) == 2 && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
		if zr, err := zlib.NewReader(br); err == nil {
			return zr
		}
	}
	return flate.NewReader(br)
}
