// Package charset decides how the bytes of a captured body are encoded and
// turns them into UTF-8. It is pure: no I/O, no clock.
//
// The procedure (DOMAIN.md §3) is, in order: a byte-order mark; a body that
// is valid UTF-8 as a whole; the declared charset (Content-Type header, then
// <meta> or the XML declaration), accepted only when the bytes agree with it;
// for undeclared or lying pages, a score comparing the GB18030 and Big5
// readings by how many common hanzi each yields; chardet as tie-breaker; and
// finally GB18030, flagged as a fallback. Every GBK-family label is read with
// the GB18030 decoder.
package charset

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Canonical charset names used in Decision.Name.
const (
	NameUTF8    = "utf-8"
	NameUTF16LE = "utf-16le"
	NameUTF16BE = "utf-16be"
	NameGB18030 = "gb18030"
	NameBig5    = "big5"
)

// Methods: how a Decision was reached.
const (
	MethodBOM       = "bom"
	MethodValidUTF8 = "valid-utf8"
	MethodHeader    = "header"
	MethodMeta      = "meta"
	MethodScore     = "score"
	MethodChardet   = "chardet"
	MethodFallback  = "fallback"
	MethodBinary    = "binary"
)

// Decision records which charset a body was read with and why.
type Decision struct {
	Name     string // canonical: "utf-8", "gb18030", "big5", "windows-1252", …; "" for binary bodies
	Method   string // one of the Method constants
	Declared string // the first claim (header, else meta), lowercased; "" if nothing was declared
	Lying    bool   // a declaration existed and the bytes contradicted it
	Note     string // human-readable detail: rejected claims, scores
}

// Decide picks the charset of body. contentType is the Content-Type header
// value as received ("" if none). It never fails: a body that no method
// recognises is read as GB18030 with Method "fallback".
func Decide(body []byte, contentType string) Decision {
	decls := declarations(body, contentType)
	d := decide(body, contentType, decls)
	if len(decls) > 0 {
		d.Declared = decls[0].label
	}
	return d
}

func decide(body []byte, contentType string, decls []declaration) Decision {
	if !IsText(contentType, body) {
		return Decision{Method: MethodBinary, Note: "not a text body"}
	}
	if d, ok := fromBOM(body); ok {
		return contradicted(d, body, decls)
	}
	if utf8.Valid(body) {
		return validUTF8(body, decls)
	}
	ev := &evidence{body: body}
	var notes []string
	for _, dc := range decls {
		name, why := ev.check(body, dc.label)
		if why == "" {
			return Decision{Name: name, Method: dc.source, Lying: lied(notes), Note: joinNotes(notes)}
		}
		notes = append(notes, fmt.Sprintf("%s %q rejected: %s", dc.source, dc.label, why))
	}
	d := ev.undeclared(body)
	d.Lying = lied(notes)
	d.Note = joinNotes(append(notes, d.Note))
	return d
}

// fromBOM recognises UTF-8, UTF-16 and GB18030 byte-order marks.
func fromBOM(body []byte) (Decision, bool) {
	switch {
	case bytes.HasPrefix(body, bomUTF8):
		return Decision{Name: NameUTF8, Method: MethodBOM}, true
	case bytes.HasPrefix(body, bomUTF16LE):
		return Decision{Name: NameUTF16LE, Method: MethodBOM}, true
	case bytes.HasPrefix(body, bomUTF16BE):
		return Decision{Name: NameUTF16BE, Method: MethodBOM}, true
	case bytes.HasPrefix(body, bomGB18030):
		return Decision{Name: NameGB18030, Method: MethodBOM}, true
	}
	return Decision{}, false
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomGB18030 = []byte{0x84, 0x31, 0x95, 0x33}
)

// validUTF8 handles a body that is valid UTF-8 as a whole. A declaration of
// another charset is a lie when the body has non-ASCII bytes (pure ASCII
// reads the same in every ASCII-compatible charset).
func validUTF8(body []byte, decls []declaration) Decision {
	return contradicted(Decision{Name: NameUTF8, Method: MethodValidUTF8}, body, decls)
}

// contradicted marks the declarations that disagree with a decision taken
// from the bytes alone (BOM, valid UTF-8). Pure ASCII contradicts nothing.
func contradicted(d Decision, body []byte, decls []declaration) Decision {
	if !hasNonASCII(body) {
		return d
	}
	var notes []string
	for _, dc := range decls {
		if _, name, ok := resolve(dc.label); ok && name != d.Name {
			notes = append(notes, fmt.Sprintf("%s %q contradicted by the bytes (%s)", dc.source, dc.label, d.Method))
		}
	}
	d.Lying = len(notes) > 0
	d.Note = joinNotes(notes)
	return d
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// lied reports whether any rejection note is a contradiction (as opposed to
// an unknown label).
func lied(notes []string) bool {
	for _, n := range notes {
		if !bytes.HasSuffix([]byte(n), []byte(whyUnknown)) {
			return true
		}
	}
	return false
}

func joinNotes(notes []string) string {
	var b bytes.Buffer
	for _, n := range notes {
		if n == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(n)
	}
	return b.String()
}
