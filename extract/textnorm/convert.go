package textnorm

import (
	"strings"
	"unicode/utf8"
)

// evidenceEnough is how many classified characters IsMostlyTraditional
// looks at before deciding: a report is written in one script throughout.
const evidenceEnough = 256

// decodeRune decodes the rune at s[i], with a fast path for the three-byte
// sequences Chinese text is made of.
func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c >= 0xE0 && c < 0xF0 && i+2 < len(s) {
		c1, c2 := s[i+1], s[i+2]
		if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
			r := rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
			if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				return r, 3
			}
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// IsMostlyTraditional reports whether s is written in traditional
// characters: at least two traditional-only characters (keys of OpenCC's
// TSCharacters that simplify to something else) and more than three times
// as many of them as simplified-only forms. Simplified text, including
// simplified text quoting a traditional name, is left alone.
func IsMostlyTraditional(s string) bool {
	t := tables()
	trad, simp := 0, 0
	for i := 0; i < len(s) && trad+simp < evidenceEnough; {
		c := s[i]
		if c < 0xE3 { // below U+3000: ASCII, Latin, punctuation
			i++
			continue
		}
		r, n := decodeRune(s, i)
		i += n
		switch t.class(r) {
		case 1:
			trad++
		case -1:
			simp++
		}
	}
	return trad >= 2 && trad > 3*simp
}

// ToSimplified converts traditional characters to simplified ones: at each
// position the longest phrase of OpenCC's TSPhrases wins, otherwise the
// character is looked up in TSCharacters (first candidate). It returns the
// number of characters changed. Text without traditional characters is
// returned unchanged.
func ToSimplified(s string) (string, int) {
	t := tables()
	var b strings.Builder
	changed, copied := 0, 0
	var ends [16]int
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0xE3 {
			i++
			continue
		}
		r, n := decodeRune(s, i)
		if (r >= 0x10000 || t.phraseFirst.has(r)) && t.phraseMax[r] > 1 {
			pm := t.phraseMax[r]
			if src, dst, ok := t.matchPhrase(s[i:], min(pm, len(ends)), ends[:]); ok {
				if src != dst {
					copied = flush(&b, s, copied, i)
					b.WriteString(dst)
					copied = i + len(src)
					changed += diffRunes(src, dst)
				}
				i += len(src)
				continue
			}
		}
		if d := t.simplifiedRune(r); d != r {
			copied = flush(&b, s, copied, i)
			b.WriteRune(d)
			copied = i + n
			changed++
		}
		i += n
	}
	if changed == 0 {
		return s, 0
	}
	b.WriteString(s[copied:])
	return b.String(), changed
}

// flush copies s[copied:i] into b, growing it on first use.
func flush(b *strings.Builder, s string, copied, i int) int {
	if b.Cap() == 0 {
		b.Grow(len(s))
	}
	b.WriteString(s[copied:i])
	return i
}

// matchPhrase finds the longest phrase (≤ maxRunes) at the start of s.
func (t *tsTables) matchPhrase(s string, maxRunes int, ends []int) (string, string, bool) {
	k, off := 0, 0
	for k < maxRunes && off < len(s) {
		_, n := utf8.DecodeRuneInString(s[off:])
		off += n
		ends[k] = off
		k++
	}
	for j := k - 1; j >= 1; j-- {
		if dst, ok := t.phrases[s[:ends[j]]]; ok {
			return s[:ends[j]], dst, true
		}
	}
	return "", "", false
}

func diffRunes(a, b string) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			n++
		}
		a, b = a[na:], b[nb:]
	}
	return n
}
