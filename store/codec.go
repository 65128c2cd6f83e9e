package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/store/segment"
)

// Body values: one codec byte, the raw length as a uvarint, then the payload.
// Bodies that zstd does not shrink (PDF, images, archives) are stored raw.
const (
	codecRaw  = 0
	codecZstd = 1
	// maxBodyLen bounds the raw length a stored body may claim, so a damaged
	// value can never make the decoder allocate without limit.
	maxBodyLen = 1 << 31
)

// bodyWindow is the zstd window for bodies. The encoder keeps a history
// buffer of about twice the window for the life of the process (16 MB with
// the default 8 MB window); report pages are far smaller than 1 MB, and a
// larger body loses only matches more than 1 MB back.
const bodyWindow = 1 << 20

var (
	codecOnce sync.Once
	zenc      *zstd.Encoder
	zdec      *zstd.Decoder
	codecErr  error
)

func codecs() (*zstd.Encoder, *zstd.Decoder, error) {
	codecOnce.Do(func() {
		zenc, codecErr = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression),
			zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(bodyWindow), zstd.WithLowerEncoderMem(true))
		if codecErr != nil {
			return
		}
		zdec, codecErr = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0),
			zstd.WithDecoderMaxMemory(maxBodyLen))
	})
	return zenc, zdec, codecErr
}

// encodeBody compresses raw into a stored body value. EncodeAll is safe for
// concurrent use, so callers compress in their own goroutines, outside the
// single writer.
func encodeBody(raw []byte) ([]byte, error) {
	enc, _, err := codecs()
	if err != nil {
		return nil, fmt.Errorf("zstd: %w", err)
	}
	hdr := binary.AppendUvarint([]byte{codecZstd}, uint64(len(raw)))
	out := enc.EncodeAll(raw, append(make([]byte, 0, len(hdr)+len(raw)/3+64), hdr...))
	if len(out) >= len(hdr)+len(raw) {
		out = binary.AppendUvarint([]byte{codecRaw}, uint64(len(raw)))
		out = append(out, raw...)
	}
	return out, nil
}

// bodyHeader parses a stored body value's codec and raw length.
func bodyHeader(v []byte) (codec byte, rawLen uint64, payload []byte, err error) {
	if len(v) < 2 {
		return 0, 0, nil, errors.New("stored body too short")
	}
	n, k := binary.Uvarint(v[1:])
	if k <= 0 || n > maxBodyLen {
		return 0, 0, nil, errors.New("stored body has a bad length header")
	}
	return v[0], n, v[1+k:], nil
}

// decodeBody returns the raw bytes of a stored body value. It never panics:
// damage gives an error.
func decodeBody(v []byte) ([]byte, error) {
	codec, n, payload, err := bodyHeader(v)
	if err != nil {
		return nil, err
	}
	switch codec {
	case codecRaw:
		if uint64(len(payload)) != n {
			return nil, fmt.Errorf("raw body length %d, header says %d", len(payload), n)
		}
		return append([]byte(nil), payload...), nil
	case codecZstd:
		_, dec, err := codecs()
		if err != nil {
			return nil, fmt.Errorf("zstd: %w", err)
		}
		out, err := dec.DecodeAll(payload, make([]byte, 0, n))
		if err != nil {
			return nil, fmt.Errorf("decompress body: %w", err)
		}
		if uint64(len(out)) != n {
			return nil, fmt.Errorf("body decompressed to %d bytes, header says %d", len(out), n)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown body codec %d", codec)
}

// storedCapture is a capture's metadata as kept in the captures bucket: all
// of capture.Capture except the body, which lives in bodies under Digest.
type storedCapture struct {
	Seq        uint64          `json:"seq"`
	URL        string          `json:"url"`
	FinalURL   string          `json:"final_url,omitempty"`
	Method     string          `json:"method,omitempty"`
	ReqBody    []byte          `json:"req_body,omitempty"`
	ReqHeader  http.Header     `json:"req_header,omitempty"`
	Status     int             `json:"status"`
	Proto      string          `json:"proto,omitempty"`
	Header     http.Header     `json:"header,omitempty"`
	Digest     string          `json:"digest,omitempty"`  // SHA-256 of this capture's own body
	Size       int             `json:"size"`              // raw body length
	Revisit    string          `json:"revisit,omitempty"` // 304: digest of the version it confirmed
	FetchedAt  time.Time       `json:"fetched_at"`
	Duration   time.Duration   `json:"duration_ns,omitempty"`
	Outcome    capture.Outcome `json:"outcome"`
	Error      string          `json:"error,omitempty"`
	Charset    capture.Charset `json:"charset"`
	SourceURL  string          `json:"source_url,omitempty"`
	LinkText   string          `json:"link_text,omitempty"`
	LinkDate   string          `json:"link_date,omitempty"`
	DateFrom   string          `json:"link_date_from,omitempty"`
	SiteCode   string          `json:"site_code,omitempty"`
	Kind       string          `json:"kind,omitempty"`
	Truncated  bool            `json:"truncated,omitempty"`
	LimitBytes int64           `json:"limit_bytes,omitempty"`
	TLSError   string          `json:"tls_error,omitempty"` // certificate not verified; archived as found
	Version    int             `json:"version,omitempty"`   // URL version this capture added, 0 if none
	Run        string          `json:"run,omitempty"`       // run active when it was saved
	// W locates the capture's WARC records (segment, offset, length), in
	// the order written; M is 1 + the index in W of the response or
	// revisit record, 0 when no response arrived.
	W [][3]int64 `json:"w,omitempty"`
	M int        `json:"m,omitempty"`
}

func (s *storedCapture) setRecords(locs []segment.Loc, main int) {
	s.W, s.M = nil, 0
	for _, l := range locs {
		s.W = append(s.W, [3]int64{int64(l.Seg), l.Off, l.Len})
	}
	if main >= 0 && main < len(locs) {
		s.M = main + 1
	}
}

// Main is the location of the capture's response or revisit record.
func (s *storedCapture) Main() (segment.Loc, bool) {
	if s.M < 1 || s.M > len(s.W) {
		return segment.Loc{}, false
	}
	w := s.W[s.M-1]
	return segment.Loc{Seg: uint32(w[0]), Off: w[1], Len: w[2]}, true
}

// target is the URI the response came from: the final URL.
func (s *storedCapture) target() string {
	if s.FinalURL != "" {
		return s.FinalURL
	}
	return s.URL
}

func newStoredCapture(c *capture.Capture, digest, run string) *storedCapture {
	fetched := c.FetchedAt
	if fetched.IsZero() {
		fetched = time.Now()
	}
	return &storedCapture{
		URL: c.URL, FinalURL: c.FinalURL, Method: c.Method, ReqBody: c.ReqBody, ReqHeader: c.ReqHeader,
		Status: c.Status, Proto: c.Proto, Header: c.Header, Digest: digest, Size: len(c.Body),
		FetchedAt: fetched.UTC(), Duration: c.Duration, Outcome: c.Outcome, Error: c.Error,
		Charset: c.Charset, SourceURL: c.SourceURL, SiteCode: c.SiteCode, Kind: c.Kind,
		LinkText: c.LinkText, LinkDate: c.LinkDate, DateFrom: c.LinkDateFrom, Truncated: c.Truncated, LimitBytes: c.LimitBytes, TLSError: c.TLSError, Run: run,
	}
}

// toCapture rebuilds a capture.Capture (without body) from stored metadata.
func (s *storedCapture) toCapture() *capture.Capture {
	return &capture.Capture{
		URL: s.URL, FinalURL: s.FinalURL, Method: s.Method, ReqBody: s.ReqBody, ReqHeader: s.ReqHeader,
		Status: s.Status, Proto: s.Proto, Header: s.Header, FetchedAt: s.FetchedAt, Duration: s.Duration,
		Outcome: s.Outcome, Error: s.Error, Charset: s.Charset, SourceURL: s.SourceURL,
		LinkText: s.LinkText, LinkDate: s.LinkDate, LinkDateFrom: s.DateFrom,
		SiteCode: s.SiteCode, Kind: s.Kind, Truncated: s.Truncated, LimitBytes: s.LimitBytes,
		TLSError: s.TLSError,
	}
}

// urlState is the current state of one requested URL (the urls bucket).
type urlState struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Digest       string    `json:"digest"`
	FetchedAt    time.Time `json:"fetched_at"`
	CheckedAt    time.Time `json:"checked_at"`
	Kind         string    `json:"kind,omitempty"`
	IsReport     bool      `json:"is_report,omitempty"`
	FinalURL     string    `json:"final_url,omitempty"` // redirect target of the last applied capture
	Versions     int       `json:"versions"`
	Capture      uint64    `json:"capture"`             // seq of the capture of the current version
	Published    time.Time `json:"published,omitempty"` // the current version's report: publication date (or estimate)
	// Withdrawn is when the URL, having a version, first answered 404 or
	// 410; zero while it still answers (see markWithdrawn). CheckedAt then
	// stays the last time it was seen.
	Withdrawn time.Time `json:"withdrawn,omitzero"`
}

// versionEntry is one distinct body of a URL (the versions bucket).
type versionEntry struct {
	Version   int       `json:"version"`
	Digest    string    `json:"digest"`
	FetchedAt time.Time `json:"fetched_at"`
	Capture   uint64    `json:"capture"`
}

// VersionInfo describes one distinct body of a URL, oldest first.
type VersionInfo struct {
	Version   int
	Digest    string
	FetchedAt time.Time
}
