package warc

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Writer writes WARC records to an io.Writer, each record gzipped as its
// own member when compressing, so that any record can be read on its own
// from its offset.
type Writer struct {
	out      io.Writer
	n        int64 // bytes written to out
	compress bool
	zw       *gzip.Writer
}

// NewWriter returns a Writer to w; compress selects .warc.gz output.
func NewWriter(w io.Writer, compress bool) *Writer {
	return &Writer{out: w, compress: compress}
}

// Offset returns how many bytes have been written so far.
func (w *Writer) Offset() int64 { return w.n }

// Write writes rec and returns where it starts and how many bytes it took.
// It sets Content-Length from the block, and WARC-Block-Digest when missing.
// WARC-Type, WARC-Record-ID and WARC-Date are required. A field name or
// value holding CR, LF or NUL is refused: it would break the header.
func (w *Writer) Write(rec *Record) (offset, size int64, err error) {
	for _, name := range []string{"WARC-Type", "WARC-Record-ID", "WARC-Date"} {
		if rec.Header.Get(name) == "" {
			return 0, 0, fmt.Errorf("warc write: %s missing", name)
		}
	}
	for _, f := range rec.Header {
		if err := checkField(f); err != nil {
			return 0, 0, err
		}
	}
	rec.Header.Set("Content-Length", strconv.Itoa(len(rec.Block)))
	if rec.Header.Get("WARC-Block-Digest") == "" {
		rec.Header.Set("WARC-Block-Digest", SHA1Digest(rec.Block))
	}
	offset = w.n
	cw := &counter{w: w.out}
	if err := w.encode(cw, rec); err != nil {
		w.n += cw.n
		return offset, cw.n, err
	}
	w.n += cw.n
	return offset, cw.n, nil
}

func (w *Writer) encode(dst io.Writer, rec *Record) error {
	if !w.compress {
		return writeRecord(dst, rec)
	}
	if w.zw == nil {
		w.zw = gzip.NewWriter(dst)
	} else {
		w.zw.Reset(dst)
	}
	if err := writeRecord(w.zw, rec); err != nil {
		return err
	}
	if err := w.zw.Close(); err != nil {
		return fmt.Errorf("warc gzip: %w", err)
	}
	return nil
}

// writeRecord serialises rec: version line, fields, blank line, block,
// two CRLFs (WARC/1.1 section 4).
func writeRecord(dst io.Writer, rec *Record) error {
	bw := bufio.NewWriterSize(dst, 4096)
	bw.WriteString(Version + "\r\n")
	for _, f := range rec.Header {
		bw.WriteString(f.Name + ": " + f.Value + "\r\n")
	}
	bw.WriteString("\r\n")
	bw.Write(rec.Block)
	bw.WriteString("\r\n\r\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("warc write: %w", err)
	}
	return nil
}

var errBadField = errors.New("warc: bad header field")

func checkField(f Field) error {
	if f.Name == "" || strings.ContainsAny(f.Name, ":\r\n\x00 \t") || strings.ContainsAny(f.Value, "\r\n\x00") {
		return fmt.Errorf("%w: %q: %q", errBadField, f.Name, f.Value)
	}
	return nil
}

type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
