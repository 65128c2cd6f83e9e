package seeds

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// decode returns a seed file's text as UTF-8. UTF-8 (with or without BOM)
// is kept; a UTF-16 BOM selects UTF-16; other bytes must decode as
// GB18030 (a superset of GBK and GB2312) without a single invalid sequence
// and with Chinese text in it, or the file is refused, never read as
// replacement characters.
func decode(raw []byte, name string) ([]byte, error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), raw, name, "UTF-16")
	case utf8.Valid(raw):
		return raw, nil
	}
	return decodeWith(simplifiedchinese.GB18030, raw, name, "GBK/GB18030")
}

func decodeWith(enc encoding.Encoding, raw []byte, name, label string) ([]byte, error) {
	text, err := enc.NewDecoder().Bytes(raw)
	if err == nil && !bytes.ContainsRune(text, utf8.RuneError) && hasHan(text) {
		return text, nil
	}
	line := 1 + bytes.Count(raw[:firstInvalid(raw)], []byte("\n"))
	return nil, &LineError{name, line, fmt.Sprintf(
		"the file is neither UTF-8 nor %s (first undecodable byte on this line); save it as CSV UTF-8 and run again", label)}
}

// firstInvalid is the offset of the first byte that is not valid UTF-8.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func hasHan(b []byte) bool {
	return bytes.ContainsFunc(b, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}
