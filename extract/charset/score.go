package charset

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// commonHanziData lists about 1000 of the most frequent characters of modern
// Chinese text (in frequency order, after the usual character-frequency
// lists), the characters every 政府信息公开年度报告 is made of, and the
// traditional form of each (the first candidate of OpenCC's STCharacters).
// Lines starting with '#' are comments. The list drives the GB18030-vs-Big5
// scoring: a correct decoding turns most non-ASCII characters into members
// of it, a wrong one yields characters spread over the whole repertoire,
// few of them common.
//
//go:embed common_hanzi.txt
var commonHanziData string

// Two-byte sequences (lead 0x81–0xFE, trail 0x40–0xFE) are indexed as
// (lead-0x81)*191 + (trail-0x40) in the per-encoding bit tables.
const pairSlots = 126 * 191

type pairTable [(pairSlots + 63) / 64]uint64

func (t *pairTable) set(lead, trail byte) {
	i := int(lead-0x81)*191 + int(trail-0x40)
	t[i/64] |= 1 << (i % 64)
}

func (t *pairTable) has(lead, trail byte) bool {
	i := int(lead-0x81)*191 + int(trail-0x40)
	return t[i/64]&(1<<(i%64)) != 0
}

var (
	tablesOnce  sync.Once
	commonRunes [0x10000 / 64]uint64 // BMP bitset of the common hanzi
	gbCommon    pairTable            // GB18030 two-byte codes of common hanzi
	big5Common  pairTable            // Big5 two-byte codes of common hanzi
)

func loadTables() {
	tablesOnce.Do(func() {
		for _, line := range strings.Split(commonHanziData, "\n") {
			if strings.HasPrefix(line, "#") {
				continue
			}
			for _, r := range line {
				if r >= 0x3400 && r < 0x10000 {
					commonRunes[r/64] |= 1 << (r % 64)
					addPair(&gbCommon, simplifiedchinese.GB18030, r)
					addPair(&big5Common, traditionalchinese.Big5, r)
				}
			}
		}
	})
}

func addPair(t *pairTable, enc encoding.Encoding, r rune) {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	b, err := enc.NewEncoder().Bytes(buf[:n])
	if err != nil || len(b) != 2 || b[0] < 0x81 || b[0] == 0xFF || b[1] < 0x40 || b[1] == 0xFF {
		return
	}
	t.set(b[0], b[1])
}

// IsCommonHan reports whether r is one of the common hanzi (simplified or
// traditional) of the embedded list.
func IsCommonHan(r rune) bool {
	if r < 0x3400 || r >= 0x10000 {
		return false
	}
	loadTables()
	return commonRunes[r/64]&(1<<(r%64)) != 0
}

// stats summarises how a body reads under one multi-byte encoding, without
// decoding it: chars counts non-ASCII characters (invalid bytes included),
// common the common hanzi among them, bad the invalid sequences.
type stats struct {
	chars, common, bad int
}

// plausible reports whether the reading looks like Chinese text: at least
// 40% of its non-ASCII characters are common hanzi and almost nothing is
// invalid.
func (s stats) plausible() bool {
	return s.common > 0 && s.common*5 >= s.chars*2 && s.badRatioOK()
}

// strong reports a reading at least 60% common hanzi: a wrong reading of
// Chinese bytes never comes close (about 5% in the seed reports), so no
// other reading needs to be scanned to contradict it.
func (s stats) strong() bool {
	return s.common > 0 && s.common*10 >= s.chars*6 && s.badRatioOK()
}

// badRatioOK is the ≤0.1% replacement-character rule.
func (s stats) badRatioOK() bool {
	return s.bad*1000 <= s.chars
}

// scanGB18030 reads body the way the GB18030 decoder does.
func scanGB18030(body []byte) stats {
	loadTables()
	var s stats
	for i := 0; i < len(body); {
		c := body[i]
		if c < 0x80 {
			i++
			continue
		}
		s.chars++
		if c == 0x80 || c == 0xFF || i+1 >= len(body) {
			s.bad++
			i++
			continue
		}
		t := body[i+1]
		switch {
		case t >= 0x30 && t <= 0x39:
			if i+3 < len(body) && body[i+2] >= 0x81 && body[i+2] <= 0xFE && body[i+3] >= 0x30 && body[i+3] <= 0x39 {
				i += 4
				continue
			}
			s.bad++
			i++
		case t < 0x40 || t == 0x7F || t == 0xFF:
			s.bad++
			i++
		default:
			if gbCommon.has(c, t) {
				s.common++
			}
			i += 2
		}
	}
	return s
}

// scanBig5 reads body the way the Big5 decoder does.
func scanBig5(body []byte) stats {
	loadTables()
	var s stats
	for i := 0; i < len(body); {
		c := body[i]
		if c < 0x80 {
			i++
			continue
		}
		s.chars++
		if c == 0x80 || c == 0xFF || i+1 >= len(body) {
			s.bad++
			i++
			continue
		}
		t := body[i+1]
		if t < 0x40 || (t > 0x7E && t < 0xA1) || t == 0xFF {
			s.bad++
			i++
			continue
		}
		if big5Common.has(c, t) {
			s.common++
		}
		i += 2
	}
	return s
}

// scanUTF8 counts non-ASCII characters and invalid sequences. It stops
// early once too many sequences are invalid for badRatioOK ever to hold.
func scanUTF8(body []byte) stats {
	var s stats
	limit := len(body)/1000 + 1
	for i := 0; i < len(body) && s.bad <= limit; {
		if body[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(body[i:])
		s.chars++
		if r == utf8.RuneError && n == 1 {
			s.bad++
		} else if IsCommonHan(r) {
			s.common++
		}
		i += n
	}
	return s
}
