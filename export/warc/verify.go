package warc

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strings"
)

// ErrDigest reports a block or payload that does not match its digest.
var ErrDigest = errors.New("warc: digest mismatch")

// Verify checks rec's WARC-Block-Digest and, for request and response
// records with an HTTP block, its WARC-Payload-Digest. Digests may be sha1
// or sha256, base32 or hex. A missing digest is not an error; an unknown
// algorithm is. (A revisit's payload digest names the earlier payload,
// which its block does not hold, so it is not checked.)
func Verify(rec *Record) error {
	if d := rec.Header.Get("WARC-Block-Digest"); d != "" {
		if err := checkDigest(d, rec.Block); err != nil {
			return fmt.Errorf("block of %s: %w", rec.Header.Get("WARC-Record-ID"), err)
		}
	}
	d := rec.Header.Get("WARC-Payload-Digest")
	t := rec.Type()
	if d == "" || (t != TypeResponse && t != TypeRequest) ||
		!strings.HasPrefix(rec.Header.Get("Content-Type"), "application/http") {
		return nil
	}
	payload, ok := HTTPPayload(rec.Block)
	if !ok {
		return fmt.Errorf("%w: payload of %s: no end of HTTP headers", ErrFormat, rec.Header.Get("WARC-Record-ID"))
	}
	if err := checkDigest(d, payload); err != nil {
		return fmt.Errorf("payload of %s: %w", rec.Header.Get("WARC-Record-ID"), err)
	}
	return nil
}

// checkDigest compares "algorithm:value" with the digest of b.
func checkDigest(labelled string, b []byte) error {
	algo, want, ok := strings.Cut(labelled, ":")
	if !ok {
		return fmt.Errorf("%w: digest %q has no algorithm", ErrFormat, labelled)
	}
	var h hash.Hash
	switch strings.ToLower(algo) {
	case "sha1":
		h = sha1.New()
	case "sha256", "sha-256":
		h = sha256.New()
	default:
		return fmt.Errorf("%w: digest algorithm %q unknown", ErrFormat, algo)
	}
	h.Write(b)
	sum := h.Sum(nil)
	got32 := base32.StdEncoding.EncodeToString(sum)
	if strings.EqualFold(strings.TrimRight(want, "="), strings.TrimRight(got32, "=")) ||
		strings.EqualFold(want, hex.EncodeToString(sum)) {
		return nil
	}
	return fmt.Errorf("%w: %s says %s, content is %s", ErrDigest, algo, want, got32)
}
