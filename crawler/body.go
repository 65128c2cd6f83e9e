package crawler

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
)

// bodyResult is a body read off the wire: content-decoded, capped.
type bodyResult struct {
	Body      []byte
	Truncated bool  // the size cap was hit (wire or decoded)
	Decoded   bool  // a content-encoding was removed
	Err       error // read or decode error; Body holds what was read
}

// largeBody is the decoded size past which a body counts as large: large
// bodies wait for one of Options.MaxLargeBodies slots before reading on.
const largeBody = 1 << 20

// readBody reads r, removes the content-encoding (gzip, deflate, br) and
// stops at limit bytes on the wire and after decoding, so neither a huge
// body nor a decompression bomb can exhaust memory. An unknown encoding is
// kept as received. onLarge, when not nil, is called once the decoded body
// passes largeBody; its error ends the read.
func readBody(r io.Reader, encoding string, limit int64, onLarge func() error) bodyResult {
	wire := &countReader{r: io.LimitReader(r, limit+1)}
	src, decoded, err := decoder(wire, encoding)
	if err != nil {
		return bodyResult{Err: fmt.Errorf("content-encoding %s: %w", encoding, err), Truncated: wire.n > limit}
	}
	body, err := readAll(io.LimitReader(src, limit+1), onLarge)
	res := bodyResult{Body: body, Decoded: decoded}
	if int64(len(body)) > limit {
		res.Body, res.Truncated = body[:limit], true
	}
	if wire.n > limit {
		res.Truncated = true
		if decoded {
			err = nil // a compressed stream cut at the cap ends badly; the cap is the reason
		}
	}
	if err != nil {
		res.Err = fmt.Errorf("read body: %w", err)
	}
	return res
}

// readAll reads r to its end, calling onLarge when it passes largeBody.
func readAll(r io.Reader, onLarge func() error) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, largeBody))
	if err != nil || len(body) < largeBody || onLarge == nil {
		if err == nil && len(body) == largeBody {
			rest, err := io.ReadAll(r)
			return append(body, rest...), err
		}
		return body, err
	}
	if err := onLarge(); err != nil {
		return body, err
	}
	rest, err := io.ReadAll(r)
	return append(body, rest...), err
}

// decoder wraps r in the reader for one content-encoding.
func decoder(r io.Reader, encoding string) (io.Reader, bool, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return r, false, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if errors.Is(err, io.EOF) {
			return strings.NewReader(""), true, nil // empty body labelled gzip
		}
		return zr, true, err
	case "deflate":
		return deflateReader(r), true, nil
	case "br":
		return brotli.NewReader(r), true, nil
	}
	return r, false, nil
}

// deflateReader reads "deflate", which servers send either zlib-wrapped
// (as the RFC says) or raw.
func deflateReader(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	h, _ := br.Peek(2)
	if len(h) == 2 && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
		if zr, err := zlib.NewReader(br); err == nil {
			return zr
		}
	}
	return flate.NewReader(br)
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// idleReader ends a body that stops or crawls: onIdle is called when no
// byte arrives for d, and Read fails with errTooSlow when fewer than
// minRate bytes per second arrived over the last window. A document
// served slowly but steadily (10 MB at 200 KB/s) is read to its end however
// long it takes; a stalled or trickling (slowloris) server is cut off.
type idleReader struct {
	r       io.Reader
	d       time.Duration
	timer   *time.Timer
	window  time.Duration // 0: no rate check
	minRate int64         // bytes per second
	since   time.Time     // start of the current window
	n       int64         // bytes in the current window
}

// errTooSlow ends a body arriving slower than the minimum rate.
var errTooSlow = errors.New("body arriving slower than the minimum rate")

func newIdleReader(r io.Reader, d time.Duration, onIdle func()) *idleReader {
	return &idleReader{r: r, d: d, timer: time.AfterFunc(d, onIdle), since: time.Now()}
}

// withMinRate adds the rate check: at least rate bytes per second over
// each window.
func (i *idleReader) withMinRate(window time.Duration, rate int64) *idleReader {
	i.window, i.minRate = window, rate
	return i
}

func (i *idleReader) Read(p []byte) (int, error) {
	n, err := i.r.Read(p)
	if n > 0 {
		i.timer.Reset(i.d)
	}
	if i.window > 0 && err == nil {
		i.n += int64(n)
		if el := time.Since(i.since); el >= i.window {
			if i.n < int64(el.Seconds()*float64(i.minRate)) {
				return n, fmt.Errorf("%d bytes in %v: %w", i.n, el.Round(time.Millisecond), errTooSlow)
			}
			i.since, i.n = time.Now(), 0
		}
	}
	return n, err
}

// pause stops the watchdogs while the reader waits on the crawler itself
// (a large-body slot), not on the server.
func (i *idleReader) pause() { i.timer.Stop() }

// resume restarts them.
func (i *idleReader) resume() {
	i.timer.Reset(i.d)
	i.since, i.n = time.Now(), 0
}

// stop releases the watchdog.
func (i *idleReader) stop() { i.timer.Stop() }
