package textnorm

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Artifact names returned by Normalize and RepairMojibake; they match the
// extract package's Artifact constants.
const (
	ArtifactMojibake    = "mojibake_repaired"
	ArtifactDamaged     = "text_damaged"
	ArtifactPinyin      = "pinyin_annotation"
	ArtifactTraditional = "traditional"
)

var (
	cp1252Once  sync.Once
	cp1252Bytes map[rune]byte // windows-1252 characters of bytes 0x80–0x9F
)

// latinByte maps a character of a Latin-1 or windows-1252 reading back to
// the byte it was read from.
func latinByte(r rune) (byte, bool) {
	if r < 0x100 {
		return byte(r), true
	}
	if r > 0x2122 { // ™, the last windows-1252 character
		return 0, false
	}
	cp1252Once.Do(func() {
		cp1252Bytes = make(map[rune]byte, 32)
		for b := 0x80; b <= 0x9F; b++ {
			cp1252Bytes[charmap.Windows1252.DecodeByte(byte(b))] = byte(b)
		}
	})
	b, ok := cp1252Bytes[r]
	return b, ok
}

// RepairMojibake undoes reversible encoding mix-ups and flags irreversible
// damage. Reversible: GBK bytes read as Latin-1/windows-1252 (·¢²¼ → 发布),
// UTF-8 read as Latin-1 (å\u008f\u0091 → 发), UTF-8 read as GBK (鍙戝竷 →
// 发布; characters whose bytes the GBK reading lost become U+FFFD, so that
// repair is partial and also flagged as damage). Irreversible: 锟斤拷 and
// floods of U+FFFD, flagged "text_damaged" and left in place. Text without
// mix-ups is returned unchanged with no artifacts.
func RepairMojibake(s string) (string, []string) {
	var arts []string
	out, n1 := repairLatin(s)
	out, n2 := repairUTF8AsGBK(out)
	if n1+n2 > 0 {
		arts = append(arts, ArtifactMojibake)
	}
	if isDamaged(out) {
		arts = append(arts, ArtifactDamaged)
	}
	return out, arts
}

// isDamaged reports 锟斤拷 (UTF-8 replacement characters read as GBK) or a
// flood of U+FFFD: three or more, or more than 0.1% of the characters.
func isDamaged(s string) bool {
	// 锟斤拷 is EF BF BD EF BF BD read as GBK; every fragment of it holds 斤,
	// a character ordinary report text does not use next to 锟 or 拷.
	for rest := s; ; {
		i := strings.Index(rest, "斤")
		if i < 0 {
			break
		}
		if strings.HasSuffix(rest[:i], "锟") || strings.HasPrefix(rest[i+len("斤"):], "拷") {
			return true
		}
		rest = rest[i+len("斤"):]
	}
	bad := strings.Count(s, "\uFFFD")
	return bad >= 3 || (bad > 0 && bad*1000 > utf8.RuneCountInString(s))
}

// repairLatin finds runs of characters that all have a Latin-1/cp1252 byte
// (ASCII included, never across a newline or parenthesis), with at least two non-ASCII,
// and re-reads their bytes as UTF-8 or, failing that, as GB18030 when the
// result is convincingly Chinese.
func repairLatin(s string) (string, int) {
	sp := splicer{s: s}
	for i := 0; i < len(s); {
		start, end, high := nextLatinRun(s, nextLatinHigh(s, i))
		if start < 0 {
			break
		}
		i = end
		if high < 2 {
			continue
		}
		if repl, ok := reread(latinBytes(s[start:end])); ok {
			sp.replace(start, end, repl)
		}
	}
	return sp.result()
}

// splicer builds a repaired copy of s from runs replaced in order; until
// the first replacement it allocates nothing.
type splicer struct {
	s      string
	b      strings.Builder
	copied int // s[:copied] is in b
	fixed  int // runs replaced
}

// replace puts repl in place of s[start:end]; runs come in order.
func (sp *splicer) replace(start, end int, repl string) {
	if sp.b.Cap() == 0 {
		sp.b.Grow(len(sp.s))
	}
	sp.b.WriteString(sp.s[sp.copied:start])
	sp.b.WriteString(repl)
	sp.copied = end
	sp.fixed++
}

// result returns the repaired text (s itself when nothing was replaced)
// and the number of runs replaced.
func (sp *splicer) result() (string, int) {
	if sp.fixed == 0 {
		return sp.s, 0
	}
	sp.b.WriteString(sp.s[sp.copied:])
	return sp.b.String(), sp.fixed
}

// nextLatinHigh returns the start of the Latin run holding the next
// U+0080–U+00FF character at or after i (len(s) if none): the run scan then
// starts there instead of walking the Chinese text before it.
func nextLatinHigh(s string, i int) int {
	for j := i; j < len(s); j++ {
		if c := s[j]; c == 0xC2 || c == 0xC3 {
			for j > i {
				r, n := utf8.DecodeLastRuneInString(s[i:j])
				if _, ok := latinByte(r); !ok || runBreak(r, n) {
					break
				}
				j -= n
			}
			return j
		}
	}
	return len(s)
}

// runBreak reports characters that end a Latin run although they have a
// Latin byte: newlines, and the parentheses of pinyin annotations (no GBK or
// UTF-8 multi-byte sequence contains 0x28 or 0x29, so nothing is lost, and
// a run never straddles an annotation that StripPinyin may remove).
func runBreak(r rune, n int) bool {
	return r == '\n' || r == '(' || r == ')' || (r == utf8.RuneError && n <= 1)
}

// nextLatinRun returns the next run [start,end) at or after i of runes that
// have a Latin byte, stopping at newlines, and how many of them are
// non-ASCII. start is -1 when there is none.
func nextLatinRun(s string, i int) (start, end, high int) {
	start = -1
	for i < len(s) {
		if c := s[i]; c >= 0xE3 { // U+3000 and above: never a Latin byte
			if start >= 0 {
				return start, i, high
			}
			i += 3
			if c >= 0xF0 {
				i++
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		_, ok := latinByte(r)
		ok = ok && !runBreak(r, n)
		switch {
		case ok && start < 0:
			start = i
		case !ok && start >= 0:
			return start, i, high
		}
		if ok && r >= 0x80 {
			high++
		}
		i += n
	}
	if start < 0 {
		return -1, len(s), 0
	}
	return start, len(s), high
}

func latinBytes(run string) []byte {
	out := make([]byte, 0, len(run))
	for _, r := range run {
		c, _ := latinByte(r)
		out = append(out, c)
	}
	return out
}

// reread decodes bytes of a Latin run as UTF-8 (valid, with multi-byte
// sequences) or as GB18030 (no invalid sequence, mostly common hanzi).
func reread(raw []byte) (string, bool) {
	if utf8.Valid(raw) {
		return string(raw), true
	}
	dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil {
		return "", false
	}
	out := string(dec)
	if strings.ContainsRune(out, utf8.RuneError) || !convincinglyChinese(out) {
		return "", false
	}
	return out, true
}

// convincinglyChinese: at least two common hanzi, and common hanzi plus CJK
// punctuation make up 60% of the non-ASCII characters.
func convincinglyChinese(s string) bool {
	common, good, nonASCII := 0, 0, 0
	for _, r := range s {
		if r < 0x80 {
			continue
		}
		nonASCII++
		switch {
		case charset.IsCommonHan(r):
			common++
			good++
		case isCJKPunct(r):
			good++
		}
	}
	return common >= 2 && good*10 >= nonASCII*6
}

func isCJKPunct(r rune) bool {
	return (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x2010 && r <= 0x2027)
}
