package textnorm

import (
	"strings"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// maxSyllableBytes bounds an annotation: the longest syllable, "zhuàng",
// is 7 bytes with a tone mark.
const maxSyllableBytes = 8

// StripPinyin removes pinyin annotations of the form 發(fā)布: an ASCII
// '(' directly after a Han character, one syllable of lowercase letters
// (tone marks and ü allowed), and ')'. The annotation is removed only when
// the syllable is a reading of that character (go-pinyin's dictionary,
// heteronyms included; tones are compared, and toneless forms too, so
// 一(yí) and 不(bú) count). (一), (單位:萬元), (2024), x(fa) stay. It
// returns the number of annotations removed.
func StripPinyin(s string) (string, int) {
	if strings.IndexByte(s, '(') < 0 {
		return s, 0
	}
	var b strings.Builder
	copied, removed := 0, 0
	var prev rune // last rune kept before the current position
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '(')
		if j < 0 {
			break
		}
		open := i + j
		if open > copied {
			prev, _ = utf8.DecodeLastRuneInString(s[copied:open])
		}
		end := syllableEnd(s, open)
		if end < 0 || !isHan(prev) || !isReading(prev, s[open+1:end-1]) {
			i = open + 1
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[copied:open])
		copied, i = end, end
		removed++
	}
	if removed == 0 {
		return s, 0
	}
	b.WriteString(s[copied:])
	return b.String(), removed
}

// syllableEnd returns the index just past the ')' of "(syllable)" starting
// at open, or -1 when s[open:] is not such an annotation.
func syllableEnd(s string, open int) int {
	i := open + 1
	for i < len(s) && i-open <= maxSyllableBytes {
		c := s[i]
		if c == ')' {
			if i == open+1 {
				return -1
			}
			return i + 1
		}
		if c >= 'a' && c <= 'z' {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if toneless(r) == 0 {
			return -1
		}
		i += n
	}
	return -1
}

// isHan reports whether r is a CJK ideograph.
func isHan(r rune) bool {
	return (r >= 0x3400 && r <= 0x9FFF) || (r >= 0xF900 && r <= 0xFAFF) || (r >= 0x20000 && r <= 0x3FFFF)
}

// isReading reports whether syl is a reading of han or of its simplified
// form (so the decision does not change after conversion).
func isReading(han rune, syl string) bool {
	if matchesReading(pinyin.PinyinDict[int(han)], syl) {
		return true
	}
	if s := tables().simplifiedRune(han); s != han {
		return matchesReading(pinyin.PinyinDict[int(s)], syl)
	}
	return false
}

// matchesReading compares syl with each comma-separated reading, exactly
// and then without tone marks.
func matchesReading(readings, syl string) bool {
	for readings != "" {
		r, rest, _ := strings.Cut(readings, ",")
		readings = rest
		if r == syl || sameToneless(r, syl) {
			return true
		}
	}
	return false
}

func sameToneless(a, b string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if toneless(ra) != toneless(rb) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return a == "" && b == ""
}

// toneless maps a pinyin letter to its toneless base ('v' and the ü forms
// to 'ü'); 0 for anything else.
func toneless(r rune) rune {
	if r >= 'a' && r <= 'z' {
		if r == 'v' {
			return 'ü'
		}
		return r
	}
	switch r {
	case 'ā', 'á', 'ǎ', 'à':
		return 'a'
	case 'ē', 'é', 'ě', 'è', 'ê', 'ế', 'ề':
		return 'e'
	case 'ī', 'í', 'ǐ', 'ì':
		return 'i'
	case 'ō', 'ó', 'ǒ', 'ò':
		return 'o'
	case 'ū', 'ú', 'ǔ', 'ù':
		return 'u'
	case 'ü', 'ǖ', 'ǘ', 'ǚ', 'ǜ':
		return 'ü'
	case 'ń', 'ň', 'ǹ':
		return 'n'
	case 'ḿ':
		return 'm'
	}
	return 0
}
