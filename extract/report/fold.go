package report

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// tradPairs maps the traditional characters of the form's vocabulary (row
// and column labels, title and section keywords) to simplified ones. The
// input is meant to be simplified already; this only keeps label matching
// working on text that was not converted (mirror sites, 發(fā)布-style pages).
const tradPairs = "來来內内動动務务區区單单國国執执報报審审屬属廢废強强復复據据數数時时會会" +
	"條条業业構构機机權权決决沒没況况為为無无獲获現现當当發发確确穩稳糾纠納纳組组結结" +
	"經经維维縣县總总織织繳缴繼继續续罰罚舉举華华萬万處处補补規规計计訟讼訪访許许訴诉" +
	"詢询認认請请議议護护費费轉转辦办這这過过開开間间關关項项額额類类讀读匯汇設设門门" +
	"與与問问題题進进實实員员號号應应書书場场資资訊讯導导級级聯联歸归稅税態态廳厅衛卫" +
	"農农電电價价鄉乡鎮镇區区狀状據据劃划償偿裡里後后製制準准範范說说記记錄录"

var tradMap = func() map[rune]rune {
	m := map[rune]rune{}
	rs := []rune(tradPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		m[rs[i]] = rs[i+1]
	}
	return m
}()

// foldLabel normalises a label for matching: NFKC (full width → half
// width), traditional → simplified for the form's vocabulary, pinyin
// annotations "(fā)" dropped, whitespace and quotes removed, brackets
// unified to ASCII parentheses. ASCII and unified ideographs (stable under
// NFKC) skip the normaliser, which keeps the hot path cheap.
func foldLabel(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var tmp [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '(' || r == '（' {
			if j := pinyinEnd(s, i+size); j > 0 {
				i = j
				continue
			}
		}
		i += size
		switch {
		case r < utf8.RuneSelf || (r >= 0x4E00 && r <= 0x9FFF):
			foldRune(&b, r)
		case r >= 0xFF01 && r <= 0xFF5E:
			foldRune(&b, r-0xFEE0)
		default:
			n := utf8.EncodeRune(tmp[:], r)
			for _, nr := range norm.NFKC.String(string(tmp[:n])) {
				foldRune(&b, nr)
			}
		}
	}
	return b.String()
}

// foldRune writes one NFKC-normalised rune: spaces and quotes dropped,
// brackets unified, traditional characters of the vocabulary simplified.
func foldRune(b *strings.Builder, r rune) {
	switch {
	case isSpace(r), r == '"', r == '\'', r == '“', r == '”', r == '‘', r == '’':
		return
	case r == '〔' || r == '【' || r == '[' || r == '［':
		r = '('
	case r == '〕' || r == '】' || r == ']' || r == '］':
		r = ')'
	}
	if t, ok := tradMap[r]; ok {
		r = t
	}
	b.WriteRune(r)
}

// pinyinEnd returns the index just past the ')' closing a pinyin
// annotation whose letters start at s[i] (one to six Latin letters, tone
// marks allowed), or -1.
func pinyinEnd(s string, i int) int {
	n := 0
	for j := i; j < len(s) && n <= 6; {
		r, size := utf8.DecodeRuneInString(s[j:])
		if r == ')' || r == '）' {
			if n > 0 {
				return j + size
			}
			return -1
		}
		if !isPinyinLetter(r) {
			return -1
		}
		n++
		j += size
	}
	return -1
}

func isPinyinLetter(r rune) bool {
	if r >= 'a' && r <= 'z' {
		return true
	}
	return strings.ContainsRune("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü", r)
}

// isSpace reports the separators of layout text, including the ideographic
// space and no-break space.
func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' }

// isBlank is isSpace without the tab, which separates cells.
func isBlank(r rune) bool { return r != '\t' && isSpace(r) }
