package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ErrFormat reports input that is not a well-formed WARC record.
var ErrFormat = errors.New("warc: malformed record")

// Limits of the Reader, against junk input.
const (
	maxLine      = 64 << 10  // one header line
	maxFields    = 1000      // header fields per record
	DefaultLimit = 512 << 20 // default Reader.MaxBlock
)

// Reader iterates the records of a WARC file, gzipped per record, gzipped
// as a whole, or plain.
type Reader struct {
	MaxBlock int64 // largest block accepted; DefaultLimit if 0

	src    *counter2
	br     *bufio.Reader // over src
	zr     *gzip.Reader
	member *bufio.Reader // inside the current gzip member, or nil
	start  int64         // where the current member started
	first  bool          // the next record is the member's first
}

// NewReader returns a Reader of r.
func NewReader(r io.Reader) *Reader {
	src := &counter2{r: r}
	return &Reader{src: src, br: bufio.NewReaderSize(src, 64<<10)}
}

// pos is the file offset of the next unread byte.
func (r *Reader) pos() int64 { return r.src.n - int64(r.br.Buffered()) }

// Next returns the next record, or io.EOF after the last one.
func (r *Reader) Next() (*Record, error) {
	for {
		if r.member != nil {
			rec, err := r.nextInMember()
			if rec != nil || err != nil {
				return rec, err
			}
			continue // member ended
		}
		head, err := r.br.Peek(2)
		if len(head) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("warc read: %w", err)
		}
		if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
			if err := r.openMember(); err != nil {
				return nil, err
			}
			continue
		}
		start := r.pos()
		rec, err := r.parse(r.br)
		if err != nil {
			return nil, err
		}
		rec.Offset, rec.Size = start, r.pos()-start
		return rec, nil
	}
}

func (r *Reader) openMember() error {
	r.start = r.pos()
	var err error
	if r.zr == nil {
		r.zr, err = gzip.NewReader(r.br)
	} else {
		err = r.zr.Reset(r.br)
	}
	if err != nil {
		return fmt.Errorf("%w: gzip at %d: %v", ErrFormat, r.start, err)
	}
	r.zr.Multistream(false)
	r.member = bufio.NewReaderSize(r.zr, 64<<10)
	r.first = true
	return nil
}

// nextInMember parses the next record of the current gzip member; nil, nil
// when the member is exhausted.
func (r *Reader) nextInMember() (*Record, error) {
	if skipBlankLines(r.member) {
		r.member = nil
		return nil, nil
	}
	rec, err := r.parse(r.member)
	if err != nil {
		return nil, err
	}
	rec.Offset = r.start
	first := r.first
	r.first = false
	if skipBlankLines(r.member) { // member done: its size is now known
		r.member = nil
		if first {
			rec.Size = r.pos() - r.start
		}
	}
	return rec, nil
}

// skipBlankLines consumes CR and LF bytes and reports whether the reader
// is then at its end (or broken, which the next parse would report).
func skipBlankLines(br *bufio.Reader) (end bool) {
	for {
		b, err := br.Peek(1)
		if err != nil {
			return len(b) == 0 && errors.Is(err, io.EOF)
		}
		if b[0] != '\r' && b[0] != '\n' {
			return false
		}
		_, _ = br.ReadByte()
	}
}

// parse reads one record: version line, fields, block, trailing CRLFs.
func (r *Reader) parse(br *bufio.Reader) (*Record, error) {
	skipBlankLines(br)
	line, err := readLine(br)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(line, "WARC/") {
		return nil, fmt.Errorf("%w: version line %.40q", ErrFormat, line)
	}
	rec := &Record{Version: line}
	if rec.Header, err = readFields(br); err != nil {
		return nil, err
	}
	if rec.Block, err = r.readBlock(br, rec.Header); err != nil {
		return nil, err
	}
	skipBlankLines(br) // the CRLF CRLF closing the record
	return rec, nil
}

func (r *Reader) readBlock(br *bufio.Reader, h Header) ([]byte, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(h.Get("Content-Length")), 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("%w: Content-Length %q", ErrFormat, h.Get("Content-Length"))
	}
	limit := r.MaxBlock
	if limit <= 0 {
		limit = DefaultLimit
	}
	if n > limit {
		return nil, fmt.Errorf("%w: block of %d bytes over the limit %d", ErrFormat, n, limit)
	}
	var buf bytes.Buffer // grows as bytes arrive: a lying length costs nothing
	if _, err := io.CopyN(&buf, br, n); err != nil {
		return nil, fmt.Errorf("%w: block cut short: %v", ErrFormat, err)
	}
	return buf.Bytes(), nil
}

// readLine reads one line without its CRLF or LF.
func readLine(br *bufio.Reader) (string, error) {
	var b []byte
	for {
		chunk, err := br.ReadSlice('\n')
		b = append(b, chunk...)
		if len(b) > maxLine {
			return "", fmt.Errorf("%w: header line over %d bytes", ErrFormat, maxLine)
		}
		if err == nil {
			return strings.TrimRight(string(b), "\r\n"), nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return "", fmt.Errorf("%w: header cut short: %v", ErrFormat, err)
		}
	}
}

// readFields reads "Name: value" lines up to a blank line; a line starting
// with a space or tab continues the previous value.
func readFields(br *bufio.Reader) (Header, error) {
	var h Header
	for {
		line, err := readLine(br)
		if err != nil {
			return nil, err
		}
		if line == "" {
			return h, nil
		}
		if (line[0] == ' ' || line[0] == '\t') && len(h) > 0 {
			h[len(h)-1].Value += " " + strings.TrimSpace(line)
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || len(h) >= maxFields {
			return nil, fmt.Errorf("%w: field line %.40q", ErrFormat, line)
		}
		h = append(h, Field{strings.TrimSpace(name), strings.TrimSpace(value)})
	}
}

type counter2 struct {
	r io.Reader
	n int64
}

func (c *counter2) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
