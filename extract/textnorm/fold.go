package textnorm

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// FoldLabel folds a label for matching: NFKC (full-width → half-width,
// compatibility forms), all whitespace and invisible characters removed,
// every bracket kind unified to ASCII ( ), colons to ':', dashes to '-'.
// "（一） 予以 公开" and "(一)予以公开" fold to the same string. FoldLabel is
// idempotent.
func FoldLabel(s string) string {
	if isFolded(s) {
		return s
	}
	out := foldOnce(s)
	for range maxRounds {
		next := foldOnce(out)
		if next == out {
			break
		}
		out = next
	}
	return out
}

// isFolded is the fast path: printable ASCII without spaces or brackets
// to unify is already folded.
func isFolded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7F || c == '[' || c == ']' || c == '{' || c == '}' {
			return false
		}
	}
	return true
}

func foldOnce(s string) string {
	s = norm.NFKC.String(strings.Map(dropSpace, s))
	return strings.Map(foldRune, s)
}

func dropSpace(r rune) rune {
	if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
		return -1
	}
	return r
}

func foldRune(r rune) rune {
	if dropSpace(r) < 0 {
		return -1
	}
	switch r {
	case '[', '{', '〔', '【', '〖', '〘', '〚', '［', '｛', '⦅', '｟', '﹝', '⟮':
		return '('
	case ']', '}', '〕', '】', '〗', '〙', '〛', '］', '｝', '⦆', '｠', '﹞', '⟯':
		return ')'
	case '：', '∶', '︰', '﹕', 'ː':
		return ':'
	case '‐', '‑', '‒', '–', '—', '―', '−', '﹘', '﹣', '－', '─', '━', '⸺', '⸻':
		return '-'
	}
	return r
}
