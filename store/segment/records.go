package segment

import (
	"bytes"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/klauspost/compress/gzip"
	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/nianbao/nianbao/capture"
)

// Revisit profiles (WARC/1.1).
const (
	ProfileIdentical   = gowarc.ProfileIdenticalPayloadDigestV1_1
	ProfileNotModified = gowarc.ProfileServerNotModifiedV1_1
)

// Refers is what a revisit record points at: the response that holds the
// payload.
type Refers struct {
	Profile string
	URI     string
	Date    time.Time
	Digest  string // the original's WARC-Payload-Digest field, "" when unknown
}

// Built is one capture's records, each a gzip member ready to append, in
// order: for each redirect hop its request and response, then the final
// request, response or revisit, a metadata record, and one metadata
// record per rendered DOM (Capture.Rendered).
type Built struct {
	Members [][]byte
	Main    int  // index of the final response or revisit in Members; -1 when none
	Coded   bool // Main's payload is the body as sent (chunked or content-encoded): Body needs HTTP decoding
	// PayloadDigest is Main's WARC-Payload-Digest field.
	PayloadDigest string
}

// Size is the number of bytes the members take.
func (b *Built) Size() int {
	n := 0
	for _, m := range b.Members {
		n += len(m)
	}
	return n
}

var recordOpts = []gowarc.WarcRecordOption{
	gowarc.WithBufferMaxMemBytes(maxMember), // never spill to temporary files
	gowarc.WithAddMissingDigest(true), gowarc.WithAddMissingContentLength(true),
}

// Exchange builds the records of c. ref, when not nil, makes the final
// record a revisit of ref instead of a response carrying c.Body.
func Exchange(c *capture.Capture, ref *Refers) (*Built, error) {
	b := &Built{Main: -1}
	for i, h := range c.Hops {
		if _, _, err := b.exchange(h, nil); err != nil {
			return nil, fmt.Errorf("redirect hop %d: %w", i+1, err)
		}
	}
	mainID, reqID, err := b.exchange(c, ref)
	if err != nil {
		return nil, err
	}
	to := mainID
	if to == "" {
		to = reqID
	}
	m, err := metadataRecord(c, to)
	if err == nil {
		err = b.add(m)
	}
	for i := 0; err == nil && mainID != "" && i < len(c.Rendered); i++ {
		if m, err = renderedRecord(c, c.Rendered[i], mainID); err == nil {
			err = b.add(m)
		}
	}
	return b, err
}

// renderedRecord keeps a document a browser drew from the response mainID
// as a metadata record whose block is the HTML itself.
func renderedRecord(c *capture.Capture, dom, mainID string) (gowarc.WarcRecord, error) {
	target := c.FinalURL
	if target == "" {
		target = c.URL
	}
	rb := builder(gowarc.Metadata, newID(), target, c.FetchedAt, mainID)
	rb.AddWarcHeader(gowarc.WarcRefersTo, mainID)
	rb.AddWarcHeader(gowarc.ContentType, "text/html; charset=utf-8")
	_, _ = rb.Write([]byte(dom))
	rec, _, err := rb.Build()
	if err != nil {
		return nil, fmt.Errorf("build rendered DOM record: %w", err)
	}
	return rec, nil
}

// exchange adds a request and, when a response arrived, a response or
// revisit record; it returns their record IDs.
func (b *Built) exchange(c *capture.Capture, ref *Refers) (mainID, reqID string, err error) {
	target := c.FinalURL
	if target == "" {
		target = c.URL
	}
	if c.Status > 0 {
		mainID = newID()
	}
	if c.Method != "" {
		reqID = newID()
		rb := builder(gowarc.Request, reqID, target, c.FetchedAt, mainID)
		rb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
		_, _ = rb.Write(requestBlock(c))
		if err := b.build(rb); err != nil {
			return "", "", err
		}
	}
	if c.Status == 0 {
		return "", reqID, nil
	}
	rec, coded, err := responseRecord(c, ref, mainID, reqID, target)
	if err != nil {
		return "", "", err
	}
	b.Main, b.Coded, b.PayloadDigest = len(b.Members), coded, rec.WarcHeader().Get(gowarc.WarcPayloadDigest)
	return mainID, reqID, b.add(rec)
}

func responseRecord(c *capture.Capture, ref *Refers, id, reqID, target string) (gowarc.WarcRecord, bool, error) {
	head, payload, coded := responseParts(c)
	typ := gowarc.Response
	if ref != nil {
		typ, payload, coded = gowarc.Revisit, nil, false
	}
	rb := builder(typ, id, target, c.FetchedAt, reqID)
	rb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
	if ref != nil {
		rb.AddWarcHeader(gowarc.WarcProfile, ref.Profile)
		rb.AddWarcHeader(gowarc.WarcRefersToTargetURI, ref.URI)
		rb.AddWarcHeaderTime(gowarc.WarcRefersToDate, ref.Date)
		if ref.Digest != "" {
			rb.AddWarcHeader(gowarc.WarcPayloadDigest, ref.Digest)
		}
	}
	if c.Truncated {
		rb.AddWarcHeader(gowarc.WarcTruncated, "length")
	}
	_, _ = rb.Write(head)
	_, _ = rb.Write(payload)
	rec, _, err := rb.Build()
	if err != nil {
		return nil, false, fmt.Errorf("build %s record: %w", typ, err)
	}
	return rec, coded, nil
}

func metadataRecord(c *capture.Capture, concurrentTo string) (gowarc.WarcRecord, error) {
	target := c.FinalURL
	if target == "" {
		target = c.URL
	}
	rb := builder(gowarc.Metadata, newID(), target, c.FetchedAt, concurrentTo)
	rb.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	_, _ = rb.Write(decisionFields(c))
	rec, _, err := rb.Build()
	if err != nil {
		return nil, fmt.Errorf("build metadata record: %w", err)
	}
	return rec, nil
}

func builder(typ gowarc.RecordType, id, target string, at time.Time, concurrentTo string) gowarc.WarcRecordBuilder {
	rb := gowarc.NewRecordBuilder(typ, recordOpts...)
	rb.AddWarcHeader(gowarc.WarcRecordID, id)
	rb.AddWarcHeader(gowarc.WarcTargetURI, target)
	if at.IsZero() {
		at = time.Now()
	}
	rb.AddWarcHeaderTime(gowarc.WarcDate, at.UTC())
	if concurrentTo != "" {
		rb.AddWarcHeader(gowarc.WarcConcurrentTo, concurrentTo)
	}
	return rb
}

func (b *Built) build(rb gowarc.WarcRecordBuilder) error {
	rec, _, err := rb.Build()
	if err != nil {
		return fmt.Errorf("build record: %w", err)
	}
	return b.add(rec)
}

// add marshals rec into its own gzip member.
func (b *Built) add(rec gowarc.WarcRecord) error {
	defer rec.Close()
	m, err := Member(rec)
	if err != nil {
		return err
	}
	b.Members = append(b.Members, m)
	return nil
}

var gzPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }}

// Member marshals one record as a gzip member.
func Member(rec gowarc.WarcRecord) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzPool.Get().(*gzip.Writer)
	defer gzPool.Put(zw)
	zw.Reset(&buf)
	if _, _, err := gowarc.NewMarshaler().Marshal(zw, rec, 0); err != nil {
		return nil, fmt.Errorf("marshal WARC record: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress WARC record: %w", err)
	}
	return buf.Bytes(), nil
}

func newID() string { return "<urn:uuid:" + uuid.NewString() + ">" }
