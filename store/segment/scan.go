package segment

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrTail is returned by Scan when the bytes after the last whole member
// are not a whole gzip member: an interrupted append, or damage.
var ErrTail = errors.New("incomplete or damaged record at the end of the segment")

// countingReader is a buffered reader that counts the bytes consumed. It
// implements io.ByteReader, so gzip reads exactly one member and no further.
type countingReader struct {
	br *bufio.Reader
	n  int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.br.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.br.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// Scan reads the segment file at path from offset from, member by member,
// calling fn with each member's location and uncompressed record. It
// returns the offset just past the last whole member; a partial or damaged
// member after it gives an error wrapping ErrTail. seg is the segment
// number put in the locations.
func Scan(path string, seg uint32, from int64, fn func(Loc, []byte) error) (int64, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return 0, fmt.Errorf("%s: %w", path, ErrMissing)
	}
	if err != nil {
		return 0, fmt.Errorf("scan segment: %w", err)
	}
	defer f.Close()
	if _, err := f.Seek(from, io.SeekStart); err != nil {
		return from, fmt.Errorf("scan %s: %w", path, err)
	}
	cr := &countingReader{br: bufio.NewReaderSize(f, 1<<16), n: from}
	var zr *gzip.Reader
	for {
		start := cr.n
		if _, err := cr.br.Peek(1); errors.Is(err, io.EOF) {
			return start, nil
		}
		raw, err := readMember(cr, &zr)
		if err != nil {
			return start, fmt.Errorf("%s at offset %d: %v: %w", path, start, err, ErrTail)
		}
		if err := fn(Loc{Seg: seg, Off: start, Len: cr.n - start}, raw); err != nil {
			return cr.n, err
		}
	}
}

func readMember(cr *countingReader, zr **gzip.Reader) ([]byte, error) {
	var err error
	if *zr == nil {
		*zr, err = gzip.NewReader(cr)
	} else {
		err = (*zr).Reset(cr)
	}
	if err != nil {
		return nil, err
	}
	(*zr).Multistream(false)
	raw, err := io.ReadAll(io.LimitReader(*zr, maxMember))
	if err != nil {
		return nil, err
	}
	return raw, nil
}
