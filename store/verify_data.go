package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"
)

type kv struct{ k, v []byte }

// copyKV loads a key/value pair as copies; body checks run outside the tx.
func copyKV(_ buckets, k, v []byte) (kv, int, bool, error) {
	return kv{append([]byte(nil), k...), append([]byte(nil), v...)}, len(k) + len(v), true, nil
}

func (v *verifier) bodies() {
	walk(v, bBodies, copyKV, func(e kv) {
		v.r.Bodies++
		v.r.StoredBytes += storedLen(e.v)
		raw, err := v.db.bodyValue(nil, e.v)
		if err != nil {
			n, _ := rawLen(e.v)
			v.r.RawBytes += int64(n)
			v.problem("body %x: %v", e.k, err)
			return
		}
		v.r.RawBytes += int64(len(raw))
		if sum := sha256.Sum256(raw); !bytes.Equal(sum[:], e.k) {
			v.problem("body %x: content does not match its digest (sha256 %x): the stored bytes were altered", e.k, sum)
		}
	})
}

// problems joins the non-empty messages.
func problems(msgs ...string) string {
	var out []string
	for _, m := range msgs {
		if m != "" {
			out = append(out, m)
		}
	}
	return strings.Join(out, "; ")
}

func bodyMissing(bs buckets, digest string) string {
	dk, err := digestKey(digest)
	if err != nil {
		return err.Error()
	}
	if bs.get(bBodies).Get(dk) == nil {
		return "body " + digest + " is missing"
	}
	return ""
}

// captureAt decodes capture seq, or says why it cannot.
func captureAt(bs buckets, seq uint64) (*storedCapture, string) {
	val := bs.get(bCaptures).Get(u64(seq))
	if val == nil {
		return nil, fmt.Sprintf("capture %d is missing", seq)
	}
	sc, err := decodeCaptureValue(val)
	if err != nil {
		return nil, fmt.Sprintf("capture %d: %v", seq, err)
	}
	return sc, ""
}

func (v *verifier) captures() {
	v.check(bCaptures, "capture", &v.r.Captures, func(bs buckets, k, val []byte) string {
		sc, err := decodeCaptureValue(val)
		if err != nil {
			return err.Error()
		}
		var msgs []string
		if !bytes.Equal(k, u64(sc.Seq)) || sc.Seq > bs.get(bCaptures).Sequence() {
			msgs = append(msgs, fmt.Sprintf("key does not match seq %d (bucket sequence %d)", sc.Seq, bs.get(bCaptures).Sequence()))
		}
		for _, d := range []string{sc.Digest, sc.Revisit} {
			if d != "" {
				msgs = append(msgs, bodyMissing(bs, d))
			}
		}
		if bs.get(bURLCaptures).Get(cat(urlKey(sc.URL), timeKey(sc.FetchedAt), k)) == nil {
			msgs = append(msgs, "url_captures entry is missing")
		}
		msgs = append(msgs, v.captureRecords(sc))
		return problems(msgs...)
	})
}

func (v *verifier) versions() {
	v.check(bVersions, "version", &v.r.Versions, func(bs buckets, k, val []byte) string {
		var ve versionEntry
		if err := unmarshalValue(val, &ve); err != nil {
			return err.Error()
		}
		if len(k) != urlKeyLen+4 || binary.BigEndian.Uint32(k[urlKeyLen:]) != uint32(ve.Version) {
			return fmt.Sprintf("key does not match version %d", ve.Version)
		}
		st, msg := "", bodyMissing(bs, ve.Digest)
		if bs.get(bURLs).Get(k[:urlKeyLen]) == nil {
			st = "its URL state is missing"
		}
		sc, cmsg := captureAt(bs, ve.Capture)
		if sc != nil && (sc.Digest != ve.Digest || !bytes.Equal(urlKey(sc.URL), k[:urlKeyLen])) {
			cmsg = fmt.Sprintf("capture %d is of another URL or body", ve.Capture)
		}
		return problems(msg, st, cmsg)
	})
}

func (v *verifier) urls() {
	v.check(bURLs, "url", &v.r.URLs, func(bs buckets, k, val []byte) string {
		var st urlState
		if err := unmarshalValue(val, &st); err != nil {
			return err.Error()
		}
		if !bytes.Equal(k, urlKey(st.URL)) {
			return "key does not match URL " + st.URL
		}
		var ve versionEntry
		cur := bs.get(bVersions).Get(cat(k, u32(uint32(st.Versions))))
		vmsg := ""
		if cur == nil || unmarshalValue(cur, &ve) != nil || ve.Digest != st.Digest || ve.Capture != st.Capture {
			vmsg = fmt.Sprintf("%s: current version %d is missing or differs", st.URL, st.Versions)
		} else if bs.get(bVersions).Get(cat(k, u32(uint32(st.Versions+1)))) != nil {
			vmsg = fmt.Sprintf("%s: versions beyond the current %d", st.URL, st.Versions)
		}
		dk, _ := digestKey(st.Digest)
		ref := ""
		if bs.get(bBodyRefs).Get(cat(dk, k)) == nil {
			ref = "body_refs entry is missing"
		}
		return problems(bodyMissing(bs, st.Digest), vmsg, ref)
	})
}
