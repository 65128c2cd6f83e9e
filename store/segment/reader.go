package segment

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	gowarc "github.com/nlnwa/gowarc/v3"
)

// Errors a read names; each wraps ErrDamaged except ErrMissing.
var (
	ErrDamaged = errors.New("segment damaged")
	ErrMissing = errors.New("segment file missing")
	ErrPastEnd = fmt.Errorf("index points past the end of the segment: %w", ErrDamaged)
)

// maxMember bounds the length a Loc may claim, so a damaged index entry
// never makes a read allocate without limit.
const maxMember = 1 << 31

// Reader reads records by Loc. It keeps the files it opened; it is safe for
// concurrent use and needs no lock on the archive: segments only grow.
type Reader struct {
	dir, prefix string
	mu          sync.Mutex
	files       map[uint32]*os.File
}

// NewReader reads the segments of dir.
func NewReader(dir, prefix string) *Reader {
	return &Reader{dir: dir, prefix: prefix, files: map[uint32]*os.File{}}
}

// Path is the file of segment seg.
func (r *Reader) Path(seg uint32) string { return filepath.Join(r.dir, FileName(r.prefix, seg)) }

func (r *Reader) file(seg uint32) (*os.File, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if f := r.files[seg]; f != nil {
		return f, nil
	}
	f, err := os.Open(r.Path(seg))
	if os.IsNotExist(err) {
		return nil, fmt.Errorf("%s: %w", r.Path(seg), ErrMissing)
	}
	if err != nil {
		return nil, fmt.Errorf("open segment: %w", err)
	}
	r.files[seg] = f
	return f, nil
}

// Member returns the gzip member at loc, still compressed.
func (r *Reader) Member(loc Loc) ([]byte, error) {
	if loc.Seg == 0 || loc.Off < 0 || loc.Len <= 0 || loc.Len > maxMember {
		return nil, fmt.Errorf("%v: impossible location: %w", loc, ErrDamaged)
	}
	f, err := r.file(loc.Seg)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, loc.Len)
	n, err := f.ReadAt(buf, loc.Off)
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s %v (file has %d bytes there): %w", f.Name(), loc, loc.Off+int64(n), ErrPastEnd)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %v: %w", f.Name(), loc, err)
	}
	return buf, nil
}

// Raw returns the uncompressed WARC record at loc. A member that does not
// decompress whole, or whose CRC fails, is ErrDamaged.
func (r *Reader) Raw(loc Loc) ([]byte, error) {
	m, err := r.Member(loc)
	if err != nil {
		return nil, err
	}
	raw, err := gunzipMember(m)
	if err != nil {
		return nil, fmt.Errorf("%s %v: %v: %w", r.Path(loc.Seg), loc, err, ErrDamaged)
	}
	return raw, nil
}

// Record reads and parses the record at loc.
func (r *Reader) Record(loc Loc) (*Record, error) {
	raw, err := r.Raw(loc)
	if err != nil {
		return nil, err
	}
	rec, err := Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s %v: %v: %w", r.Path(loc.Seg), loc, err, ErrDamaged)
	}
	return rec, nil
}

// Close closes the files opened.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var errs []error
	for seg, f := range r.files {
		errs = append(errs, f.Close())
		delete(r.files, seg)
	}
	return errors.Join(errs...)
}

func gunzipMember(m []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(m))
	if err != nil {
		return nil, err
	}
	zr.Multistream(false)
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	return raw, zr.Close()
}

// Record is one parsed WARC record: its fields and, for HTTP blocks, the
// protocol head and the payload as stored.
type Record struct {
	Type    string
	Fields  *gowarc.WarcFields
	Head    []byte // HTTP status/request line and headers, through the blank line
	Payload []byte // the block after Head (the whole block for non-HTTP records)
}

// Field returns one WARC header field.
func (r *Record) Field(name string) string { return r.Fields.Get(name) }

// Parse reads one uncompressed WARC record with gowarc, checking its block
// and payload digests.
func Parse(raw []byte) (*Record, error) {
	u := gowarc.NewUnmarshaler(gowarc.WithSpecViolationPolicy(gowarc.ErrFail),
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail), gowarc.WithBufferMaxMemBytes(maxMember))
	wr, _, _, err := u.Unmarshal(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return nil, fmt.Errorf("parse WARC record: %w", err)
	}
	defer wr.Close()
	if _, err := wr.ValidateDigest(); err != nil {
		return nil, fmt.Errorf("WARC record %s: %w", wr.RecordId(), err)
	}
	rec := &Record{Type: wr.Type().String(), Fields: wr.WarcHeader()}
	var body io.Reader
	switch b := wr.Block().(type) {
	case gowarc.HttpResponseBlock:
		rec.Head = b.ProtocolHeaderBytes()
		body, err = b.PayloadBytes()
	case gowarc.HttpRequestBlock:
		rec.Head = b.ProtocolHeaderBytes()
		body, err = b.PayloadBytes()
	default:
		body, err = wr.Block().RawBytes()
	}
	if err == nil {
		rec.Payload, err = io.ReadAll(body)
	}
	if err != nil {
		return nil, fmt.Errorf("WARC record %s: block: %w", wr.RecordId(), err)
	}
	return rec, nil
}
