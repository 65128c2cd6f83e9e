package charset

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
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
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil || !utf8.Valid(out) {
		return bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return out
}
