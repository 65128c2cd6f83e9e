package warc

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"strings"
	"time"
)

// Record types (WARC/1.1 section 6).
const (
	TypeWarcinfo = "warcinfo"
	TypeResponse = "response"
	TypeRequest  = "request"
	TypeMetadata = "metadata"
	TypeRevisit  = "revisit"
	TypeResource = "resource"
)

// Revisit profiles (WARC/1.1 section 6.7).
const (
	ProfileIdenticalPayload = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
	ProfileNotModified      = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
)

// Content types of HTTP message blocks and of warc-fields blocks.
const (
	ContentTypeResponse = "application/http;msgtype=response"
	ContentTypeRequest  = "application/http;msgtype=request"
	ContentTypeFields   = "application/warc-fields"
)

// Version is the version line the Writer writes.
const Version = "WARC/1.1"

// Field is one named header field.
type Field struct{ Name, Value string }

// Header is a record's named fields in order. Names compare
// case-insensitively, as the standard says.
type Header []Field

// Get returns the value of the first field named name, or "".
func (h Header) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Set replaces the first field named name, or appends one.
func (h *Header) Set(name, value string) {
	for i, f := range *h {
		if strings.EqualFold(f.Name, name) {
			(*h)[i].Value = value
			return
		}
	}
	*h = append(*h, Field{name, value})
}

// Record is one WARC record: its header fields and its block. A record read
// by a Reader also knows where it sits in the file.
type Record struct {
	Version string // "WARC/1.1" or "WARC/1.0"; the Writer always writes Version
	Header  Header
	Block   []byte
	Offset  int64 // Reader: where the record (its gzip member) starts in the file
	Size    int64 // Reader: bytes the record (its gzip member) occupies; 0 if it shares a member
}

// Type returns the WARC-Type field.
func (r *Record) Type() string { return r.Header.Get("WARC-Type") }

// NewRecordID returns a fresh "<urn:uuid:…>" with a random (version 4) UUID.
func NewRecordID() string { return formatID(newUUID()) }

// newUUID returns a random (version 4, RFC 9562) UUID.
func newUUID() [16]byte {
	var u [16]byte
	_, _ = rand.Read(u[:]) // crypto/rand.Read never fails (Go 1.24+)
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

// formatID formats a UUID as a WARC-Record-ID.
func formatID(u [16]byte) string {
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// FormatDate formats t as a WARC-Date: UTC, second precision (the form
// every replay tool reads; WARC/1.1 also allows fractions).
func FormatDate(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// ParseDate parses a WARC-Date with or without a fraction of a second.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("warc date %q: %w", s, err)
	}
	return t.UTC(), nil
}

// SHA1Digest returns "sha1:" and the base32 SHA-1 of b, the labelled digest
// form of WARC-Block-Digest and WARC-Payload-Digest.
func SHA1Digest(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// HTTPPayload returns the entity body of an HTTP message block: what follows
// the first blank line. ok is false if the block has no header end.
func HTTPPayload(block []byte) (payload []byte, ok bool) {
	s := string(block)
	if i := strings.Index(s, "\r\n\r\n"); i >= 0 {
		return block[i+4:], true
	}
	if i := strings.Index(s, "\n\n"); i >= 0 {
		return block[i+2:], true
	}
	return nil, false
}
