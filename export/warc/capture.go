package warc

import (
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/nianbao/nianbao/capture"
)

// ErrNoResponse marks a capture with no HTTP response (DNS, TLS, timeout,
// robots): there is nothing to archive as WARC.
var ErrNoResponse = errors.New("warc: capture has no response")

// original is what a revisit record refers to, packed: about 60 bytes and
// the URI (shared with the capture's string) per distinct body.
type original struct {
	id     [16]byte
	date   int64 // Unix seconds (WARC-Date has second precision)
	digest [sha1.Size]byte
	uri    string
}

func (o *original) recordID() string { return formatID(o.id) }
func (o *original) payloadDigest() string {
	return "sha1:" + base32.StdEncoding.EncodeToString(o.digest[:])
}

// CaptureWriter writes captures as WARC records: response (or revisit),
// request and metadata, after one warcinfo record. It remembers the payload
// digest of every response written, so a later capture with the same body
// becomes a revisit (identical-payload-digest), and the last response of
// every URL, so a 304 becomes a revisit (server-not-modified) referring to
// it. That memory grows with distinct bodies and URLs, not with captures.
type CaptureWriter struct {
	w        *Writer
	filename string
	infoID   string
	origs    []original                // every response written, in order
	byDigest map[[sha1.Size]byte]int32 // payload digest → index in origs
	byURL    map[string]int32          // target URI → its latest response
}

// NewCaptureWriter writes a warcinfo record to w (gzip per record) and
// returns a CaptureWriter. filename is the WARC file's name, recorded in
// warcinfo and in index entries; info adds warcinfo fields (software, …).
func NewCaptureWriter(w io.Writer, filename string, info Header, now time.Time) (*CaptureWriter, error) {
	cw := &CaptureWriter{w: NewWriter(w, true), filename: filename, infoID: NewRecordID(),
		byDigest: map[[sha1.Size]byte]int32{}, byURL: map[string]int32{}}
	var block strings.Builder
	fields := append(Header{{"format", "WARC File Format 1.1"},
		{"conformsTo", "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"}}, info...)
	for _, f := range fields {
		block.WriteString(oneLine(f.Name) + ": " + oneLine(f.Value) + "\r\n")
	}
	rec := &Record{Header: Header{{"WARC-Type", TypeWarcinfo}, {"WARC-Record-ID", cw.infoID},
		{"WARC-Date", FormatDate(now)}, {"WARC-Filename", filename}, {"Content-Type", ContentTypeFields}},
		Block: []byte(block.String())}
	if _, _, err := cw.w.Write(rec); err != nil {
		return nil, fmt.Errorf("warcinfo: %w", err)
	}
	return cw, nil
}

// Offset returns the bytes written so far.
func (cw *CaptureWriter) Offset() int64 { return cw.w.Offset() }

// WriteCapture writes c and returns the index entry of its response or
// revisit record. It returns ErrNoResponse (wrapped) for a capture without
// an HTTP response, writing nothing.
func (cw *CaptureWriter) WriteCapture(c *capture.Capture) (IndexEntry, error) {
	if c.Status == 0 {
		return IndexEntry{}, fmt.Errorf("%w: %s (%s)", ErrNoResponse, c.URL, c.Outcome)
	}
	target := TargetURI(c.FinalURL)
	if target == "" {
		target = TargetURI(c.URL)
	}
	head, removed := ResponseHead(c)
	main, entry := cw.mainRecord(c, target, head)
	offset, size, err := cw.w.Write(main)
	if err != nil {
		return IndexEntry{}, fmt.Errorf("warc %s: %w", target, err)
	}
	entry.Offset, entry.Length = offset, size
	mainID := main.Header.Get("WARC-Record-ID")
	if err := cw.writeRequest(c, target, mainID); err != nil {
		return IndexEntry{}, err
	}
	if err := cw.writeMetadata(c, target, mainID, removed); err != nil {
		return IndexEntry{}, err
	}
	return entry, nil
}

// mainRecord builds the response record of c, or a revisit when c is a 304
// or its body was already written.
func (cw *CaptureWriter) mainRecord(c *capture.Capture, target string, head []byte) (*Record, IndexEntry) {
	sum := sha1.Sum(c.Body)
	digest := SHA1Digest(c.Body)
	id := newUUID()
	rec := &Record{Header: Header{{"WARC-Type", TypeResponse}, {"WARC-Record-ID", formatID(id)},
		{"WARC-Date", FormatDate(c.FetchedAt)}, {"WARC-Target-URI", target},
		{"WARC-Warcinfo-ID", cw.infoID}, {"Content-Type", ContentTypeResponse}}}
	entry := IndexEntry{URL: target, Time: c.FetchedAt, Mime: mediaType(c.Header.Get("Content-Type")),
		Status: c.Status, Digest: digest, Filename: cw.filename}
	if c.Method != "" && c.Method != http.MethodGet {
		entry.Method, entry.RequestBody = c.Method, PostQuery(c.ReqHeader.Get("Content-Type"), c.ReqBody)
	}
	i, seen := cw.byDigest[sum]
	switch {
	case c.Status == http.StatusNotModified:
		i, seen = cw.byURL[target]
		rec.Header.Set("WARC-Profile", ProfileNotModified)
		entry.Digest = "" // unknown unless seen
	case seen && len(c.Body) > 0:
		rec.Header.Set("WARC-Profile", ProfileIdenticalPayload)
	default:
		rec.Header.Set("WARC-Payload-Digest", digest)
		if c.Truncated {
			rec.Header.Set("WARC-Truncated", "length")
		}
		rec.Block = append(head, c.Body...)
		cw.remember(original{id: id, date: c.FetchedAt.Unix(), digest: sum, uri: target})
		return rec, entry
	}
	rec.Header.Set("WARC-Type", TypeRevisit)
	entry.Mime = "warc/revisit"
	if seen {
		o := &cw.origs[i]
		rec.Header.Set("WARC-Refers-To", o.recordID())
		rec.Header.Set("WARC-Refers-To-Target-URI", o.uri)
		rec.Header.Set("WARC-Refers-To-Date", FormatDate(time.Unix(o.date, 0)))
		rec.Header.Set("WARC-Payload-Digest", o.payloadDigest())
		entry.Digest = o.payloadDigest()
	}
	rec.Block = head // a revisit holds the HTTP headers only
	return rec, entry
}

// remember records a response for later revisits of its payload or URI.
func (cw *CaptureWriter) remember(o original) {
	i := int32(len(cw.origs))
	cw.origs = append(cw.origs, o)
	cw.byDigest[o.digest], cw.byURL[o.uri] = i, i
}

func (cw *CaptureWriter) writeRequest(c *capture.Capture, target, concurrent string) error {
	rec := &Record{Header: Header{{"WARC-Type", TypeRequest}, {"WARC-Record-ID", NewRecordID()},
		{"WARC-Date", FormatDate(c.FetchedAt)}, {"WARC-Target-URI", target},
		{"WARC-Warcinfo-ID", cw.infoID}, {"WARC-Concurrent-To", concurrent},
		{"Content-Type", ContentTypeRequest}}, Block: RequestBlock(c, target)}
	if _, _, err := cw.w.Write(rec); err != nil {
		return fmt.Errorf("warc request %s: %w", target, err)
	}
	return nil
}

// writeMetadata records what the HTTP exchange does not say: how the page
// was found and fetched, the charset decision, and the headers dropped
// from the response because the stored body is already decoded.
func (cw *CaptureWriter) writeMetadata(c *capture.Capture, target, refersTo string, removed []string) error {
	var fields Header
	add := func(k, v string) {
		if v != "" {
			fields = append(fields, Field{k, v})
		}
	}
	add("via", c.SourceURL)
	add("link-text", c.LinkText)
	add("link-date", c.LinkDate)
	add("link-date-from", c.LinkDateFrom)
	if TargetURI(c.URL) != target {
		add("requestedURI", c.URL)
	}
	add("fetchedAs", c.Kind)
	add("siteCode", c.SiteCode)
	add("outcome", string(c.Outcome))
	add("error", c.Error)
	add("fetchTimeMs", strconv.FormatInt(c.Duration.Milliseconds(), 10))
	add("charset", c.Charset.Name)
	add("charsetMethod", c.Charset.Method)
	add("charsetNote", c.Charset.Note)
	add("tlsVerifyError", c.TLSError)
	if c.Truncated {
		add("truncatedAtBytes", strconv.FormatInt(c.LimitBytes, 10))
	}
	for _, r := range removed {
		add("http-header-removed", r)
	}
	var block strings.Builder
	for _, f := range fields {
		block.WriteString(f.Name + ": " + oneLine(f.Value) + "\r\n")
	}
	rec := &Record{Header: Header{{"WARC-Type", TypeMetadata}, {"WARC-Record-ID", NewRecordID()},
		{"WARC-Date", FormatDate(c.FetchedAt)}, {"WARC-Target-URI", target},
		{"WARC-Warcinfo-ID", cw.infoID}, {"WARC-Refers-To", refersTo},
		{"Content-Type", ContentTypeFields}}, Block: []byte(block.String())}
	if _, _, err := cw.w.Write(rec); err != nil {
		return fmt.Errorf("warc metadata %s: %w", target, err)
	}
	return nil
}

// TargetURI percent-encodes the bytes a URI may not hold raw (non-ASCII,
// controls, space), as browsers do before requesting, so WARC-Target-URI is
// a URI (RFC 3986) and replay lookups of the encoded form find it. Existing
// escapes are kept.
func TargetURI(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c > 0x20 && c < 0x7f {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
