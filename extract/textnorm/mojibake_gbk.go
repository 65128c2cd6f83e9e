package textnorm

import (
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/charset"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// lostByte marks, in re-encoded bytes, a byte the GBK reading replaced by
// U+FFFD. 0xFF is never part of a GBK code or of UTF-8.
const lostByte = 0xFF

// repairUTF8AsGBK finds runs of non-ASCII characters that look like UTF-8
// read as GBK (mostly rare characters such as 鍙戝竷), turns them back into
// the GBK bytes and reads those as UTF-8. It returns how many runs it
// repaired.
func repairUTF8AsGBK(s string) (string, int) {
	sp := splicer{s: s}
	for i := 0; i < len(s); {
		start, end := nextNonASCIIRun(s, i)
		if start < 0 {
			break
		}
		i = end
		if !suspiciousRun(s[start:end]) {
			continue
		}
		if repl, ok := rereadGBKRun(s[start:end]); ok {
			sp.replace(start, end, repl)
		}
	}
	return sp.result()
}

func nextNonASCIIRun(s string, i int) (int, int) {
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i >= len(s) {
		return -1, len(s)
	}
	start := i
	for i < len(s) && s[i] >= utf8.RuneSelf {
		i++
	}
	return start, i
}

// suspiciousRun: at least two characters and fewer than half of the first
// sampleRunes common hanzi. Ordinary Chinese text never gets further; text
// read with the wrong charset is wrong throughout.
func suspiciousRun(run string) bool {
	n, common := 0, 0
	for i := 0; i < len(run) && n < sampleRunes; {
		r, size := decodeRune(run, i)
		i += size
		n++
		if charset.IsCommonHan(r) {
			common++
		}
	}
	return n >= 2 && common*2 < n
}

const sampleRunes = 8

// rereadGBKRun encodes run as GBK and decodes the bytes as UTF-8. It fails
// when a character has no two-byte GBK code or when the result is not
// convincingly Chinese or when more than a third of it was lost. Bytes that
// do not form UTF-8 become one U+FFFD per stretch.
func rereadGBKRun(run string) (string, bool) {
	raw, ok := gbkBytes(run)
	if !ok {
		return "", false
	}
	var b strings.Builder
	lost := 0
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRune(raw[i:])
		if r != utf8.RuneError || n > 1 {
			b.WriteRune(r)
			i += n
			continue
		}
		i = skipInvalid(raw, i+1)
		b.WriteRune(utf8.RuneError)
		lost++
	}
	out := b.String()
	if !convincinglyChinese(out) || lost*3 > utf8.RuneCountInString(out) {
		return "", false
	}
	return out, true
}

// gbkBytes re-encodes a GBK reading: two bytes per character, U+FFFD as a
// lost byte, € as 0x80 (how the GBK decoder reads that byte).
func gbkBytes(run string) ([]byte, bool) {
	enc := simplifiedchinese.GB18030.NewEncoder()
	out := make([]byte, 0, len(run))
	var buf [8]byte
	for _, r := range run {
		switch r {
		case utf8.RuneError:
			out = append(out, lostByte)
			continue
		case '€':
			out = append(out, 0x80)
			continue
		}
		var src [utf8.UTFMax]byte
		sn := utf8.EncodeRune(src[:], r)
		enc.Reset()
		n, _, err := enc.Transform(buf[:], src[:sn], true)
		if err != nil || n != 2 {
			return nil, false
		}
		out = append(out, buf[:2]...)
	}
	return out, true
}

// skipInvalid advances past bytes that start no valid UTF-8 sequence.
func skipInvalid(raw []byte, i int) int {
	for i < len(raw) && raw[i] >= utf8.RuneSelf {
		if r, n := utf8.DecodeRune(raw[i:]); r != utf8.RuneError || n > 1 {
			break
		}
		i++
	}
	return i
}
