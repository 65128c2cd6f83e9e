package charset

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Decode decides the charset of body (see Decide) and returns the body as
// UTF-8. The output is always valid UTF-8: undecodable bytes become U+FFFD.
// A byte-order mark is removed. A binary body yields nil. When the body is
// already valid UTF-8 without a BOM the returned slice is body itself.
func Decode(body []byte, contentType string) ([]byte, Decision) {
	d := Decide(body, contentType)
	return decodeWith(body, d), d
}

func decodeWith(body []byte, d Decision) []byte {
	var enc encoding.Encoding
	switch d.Name {
	case "":
		return nil
	case NameUTF8:
		body = bytes.TrimPrefix(body, bomUTF8)
		if utf8.Valid(body) {
			return body
		}
		return bytes.ToValidUTF8(body, []byte("\uFFFD"))
	case NameUTF16LE:
		enc = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case NameUTF16BE:
		enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case NameGB18030:
		body = bytes.TrimPrefix(body, bomGB18030)
		enc, _, _ = resolve(NameGB18030)
	default:
		var ok bool
		if enc, _, ok = resolve(d.Name); !ok {
			return bytes.ToValidUTF8(body, []byte("\uFFFD"))
		}
	}
	out, err := decodeAll(enc.NewDecoder(), body)
	if err != nil {
		return bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	if d.Name == NameGB18030 || d.Name == NameBig5 {
		return out // these decoders write U+FFFD for bad input: always valid (FuzzDecode checks)
	}
	if !utf8.Valid(out) {
		return bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return out
}

// decodeAll runs dec over body into a buffer sized for Chinese text (two
// bytes become three), growing it only when that is not enough.
func decodeAll(dec *encoding.Decoder, body []byte) ([]byte, error) {
	out := make([]byte, 0, len(body)*3/2+16)
	for {
		nDst, nSrc, err := dec.Transform(out[len(out):cap(out)], body, true)
		out = out[:len(out)+nDst]
		body = body[nSrc:]
		if !errors.Is(err, transform.ErrShortDst) {
			if err != nil {
				return out, fmt.Errorf("decode: %w", err)
			}
			return out, nil
		}
		if nDst == 0 && nSrc == 0 && cap(out)-len(out) >= 64 {
			return out, fmt.Errorf("decode: no progress")
		}
		out = slices.Grow(out, len(body)*2+64)
	}
}
