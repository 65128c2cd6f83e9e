package charset

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/text/encoding"
)

const whyUnknown = "unknown label"

// chardetSample bounds the bytes handed to chardet, which is slow (about
// 1 MB/s) and only breaks ties.
const chardetSample = 64 << 10

// evidence holds how the body reads as GB18030 and as Big5, each scanned
// on first use.
type evidence struct {
	body         []byte
	gbS, big5S   stats
	gbOK, big5OK bool
}

func (ev *evidence) gb() stats {
	if !ev.gbOK {
		ev.gbS, ev.gbOK = scanGB18030(ev.body), true
	}
	return ev.gbS
}

func (ev *evidence) big5() stats {
	if !ev.big5OK {
		ev.big5S, ev.big5OK = scanBig5(ev.body), true
	}
	return ev.big5S
}

// beats reports whether reading a is clearly better Chinese than reading b:
// plausible on its own and with more common hanzi than b by over 5%.
func beats(a, b stats) bool {
	return a.plausible() && a.common > b.common+b.common/20
}

// check tests a declared label against the bytes. It returns the canonical
// name and "" when the declaration is accepted, or the reason it is not.
func (ev *evidence) check(body []byte, label string) (string, string) {
	enc, name, ok := resolve(label)
	if !ok {
		return "", whyUnknown
	}
	switch name {
	case NameUTF8:
		s := scanUTF8(body)
		if !s.badRatioOK() {
			return "", fmt.Sprintf("%d of %d non-ASCII characters invalid as UTF-8", s.bad, s.chars)
		}
		return name, ev.contradicts(s, "")
	case NameGB18030:
		if !ev.gb().badRatioOK() {
			return "", fmt.Sprintf("%d of %d sequences invalid as GB18030", ev.gb().bad, ev.gb().chars)
		}
		return name, ev.contradicts(ev.gb(), NameGB18030)
	case NameBig5:
		if !ev.big5().badRatioOK() {
			return "", fmt.Sprintf("%d of %d sequences invalid as Big5", ev.big5().bad, ev.big5().chars)
		}
		return name, ev.contradicts(ev.big5(), NameBig5)
	case NameUTF16LE, NameUTF16BE:
		return "", "UTF-16 without a byte-order mark"
	}
	return ev.checkOther(body, enc, name)
}

// contradicts returns a reason when the Chinese readings of the bytes are
// clearly better than the declared one (own), or "" when they are not.
func (ev *evidence) contradicts(own stats, skip string) string {
	if own.strong() {
		return "" // no other reading of the same bytes can do better
	}
	if skip != NameGB18030 && beats(ev.gb(), own) {
		return fmt.Sprintf("bytes read as GB18030 (%d/%d common hanzi)", ev.gb().common, ev.gb().chars)
	}
	if skip != NameBig5 && beats(ev.big5(), own) {
		return fmt.Sprintf("bytes read as Big5 (%d/%d common hanzi)", ev.big5().common, ev.big5().chars)
	}
	return ""
}

// checkOther handles single-byte and other multi-byte charsets: the decode
// must be clean and neither Chinese reading plausible.
func (ev *evidence) checkOther(body []byte, enc encoding.Encoding, name string) (string, string) {
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return "", fmt.Sprintf("decode as %s: %v", name, err)
	}
	s := countReplacement(out)
	if !s.badRatioOK() {
		return "", fmt.Sprintf("%d of %d characters undecodable as %s", s.bad, s.chars, name)
	}
	var none stats
	if why := ev.contradicts(none, ""); why != "" {
		return "", why
	}
	return name, ""
}

// countReplacement counts non-ASCII runes and U+FFFD in decoded text.
func countReplacement(out []byte) stats {
	var s stats
	for i := 0; i < len(out); {
		if out[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(out[i:])
		s.chars++
		if r == utf8.RuneError {
			s.bad++
		}
		i += n
	}
	return s
}

// undeclared decides a body whose declarations are missing or false.
func (ev *evidence) undeclared(body []byte) Decision {
	score := fmt.Sprintf("gb18030 %d/%d, big5 %d/%d common hanzi", ev.gb().common, ev.gb().chars, ev.big5().common, ev.big5().chars)
	if u := scanUTF8(body); u.chars > 0 && u.badRatioOK() {
		// UTF-8 with a stray byte: no GBK or Big5 text is 99.9% valid UTF-8.
		return Decision{Name: NameUTF8, Method: MethodScore, Note: fmt.Sprintf("%d of %d UTF-8 sequences invalid", u.bad, u.chars)}
	}
	switch {
	case beats(ev.gb(), ev.big5()):
		return Decision{Name: NameGB18030, Method: MethodScore, Note: score}
	case beats(ev.big5(), ev.gb()):
		return Decision{Name: NameBig5, Method: MethodScore, Note: score}
	}
	if name, conf := chardetName(body); name != "" {
		if _, why := ev.checkDetected(body, name); why == "" {
			return Decision{Name: name, Method: MethodChardet, Note: fmt.Sprintf("%s; chardet %s (%d)", score, name, conf)}
		}
	}
	return Decision{Name: NameGB18030, Method: MethodFallback, Note: score}
}

// checkDetected accepts chardet's answer when the bytes decode cleanly with
// it; Chinese answers only need a clean decode (the score already tied).
func (ev *evidence) checkDetected(body []byte, name string) (string, string) {
	switch name {
	case NameGB18030:
		if ev.gb().badRatioOK() {
			return name, ""
		}
		return "", "invalid"
	case NameBig5:
		if ev.big5().badRatioOK() {
			return name, ""
		}
		return "", "invalid"
	}
	return ev.check(body, name)
}

// chardetName runs chardet and maps its answer to a canonical name; it
// names GBK "GB-18030", a label the HTML index does not know.
func chardetName(body []byte) (string, int) {
	if len(body) > chardetSample {
		body = body[:chardetSample]
	}
	r, err := chardet.NewTextDetector().DetectBest(body)
	if err != nil || r == nil || r.Confidence < 10 {
		return "", 0
	}
	label := strings.ToLower(r.Charset)
	_, name, ok := resolve(label)
	if !ok || name == NameUTF8 {
		return "", 0
	}
	return name, r.Confidence
}
