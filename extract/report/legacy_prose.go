package report

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// num captures a stated number: digits (thousands commas allowed), an
// optional 万, and 余/多 marking a rough figure.
const numRe = `(\d[\d,]*(?:\.\d+)?)\s*(万)?\s*(余|多)?\s*`

// legacySentence is one set phrase of the legacy body and the key its
// number belongs to. not, when set, is text that must not come just before
// the match (不同意公开 is not 同意公开); reject, text that must not be in
// the match (收到行政复议申请 is not an information request).
type legacySentence struct {
	key    string
	re     *regexp.Regexp
	not    []string
	reject []string
}

var legacySentences = []legacySentence{
	{"legacy_proactive_items", regexp.MustCompile(`主动公开(?:各类|各项|了)?(?:政府)?信息(?:共计|共|合计|总计|总数)?(?:为|达)?\s*` + numRe + `(?:条|件|项)`), nil, nil},
	{"legacy_app_received", regexp.MustCompile(`(?:受理|收到|接到|接收)[^，。；,;]{0,14}?申请(?:共计|共|合计|总计)?(?:为|达)?\s*` + numRe + `(?:件|次|条|个)`), nil, reviewWords},
	{"legacy_app_received", regexp.MustCompile(`(?:受理|收到)依申请公开(?:政府)?信息(?:共计|共)?\s*` + numRe + `(?:件|条)`), nil, reviewWords},
	{"legacy_ans_partly_granted", regexp.MustCompile(`(?:同意部分公开|部分公开)(?:的)?\s*` + numRe + `件`), nil, nil},
	{"legacy_ans_granted", regexp.MustCompile(`(?:同意公开|予以公开|全部公开)(?:的)?\s*` + numRe + `件`), []string{"不", "部分", "否决"}, nil},
	{"legacy_ans_refused", regexp.MustCompile(`(?:不同意公开|不予公开|否决公开)(?:的)?\s*` + numRe + `件`), nil, nil},
	{"legacy_reviews", regexp.MustCompile(`行政复议(?:案件|申请)?(?:共计|共)?\s*` + numRe + `(?:件|起|次)`), nil, nil},
	{"legacy_lawsuits", regexp.MustCompile(`行政诉讼(?:案件)?(?:共计|共)?\s*` + numRe + `(?:件|起|次)`), nil, nil},
}

// noneMarkers state that something did not happen; a sentence holding one
// and no digit states a zero.
var noneMarkers = []string{"未发生", "没有发生", "未出现", "没有出现", "未收到", "没有收到", "未受理", "未收取", "没有收取", "未有", "无此类"}

// legacyNone are the figures a sentence without digits can state as zero:
// the words that must appear in the sentence (or, for a bare "未发生。", in
// the heading of its part).
var legacyNone = []struct {
	key           string
	words, except []string
}{
	{"legacy_reviews", []string{"行政复议"}, nil},
	{"legacy_lawsuits", []string{"行政诉讼"}, nil},
	{"legacy_app_received", []string{"公开申请"}, reviewWords},
	{"legacy_fees_wan_yuan", []string{"费用", "收费"}, reviewWords},
}

// reviewWords name reviews and suits, which are not information requests.
var reviewWords = []string{"复议", "诉讼"}

// cumulative words mark a figure since 2008 or up to a date, not the year's.
var cumulative = []string{"累计", "截至", "截止", "历年", "以来"}

// readLegacyProse reads the set phrases of the body into the keys no table
// row gave. Each figure records the sentence it came from.
func readLegacyProse(f *legacyFigures, lines []line) {
	head := ""
	for _, ln := range lines {
		if strings.Contains(ln.text, "\t") {
			continue // a table row, not prose
		}
		if n, h := headingNum(ln.text); n > 0 {
			head = h
			continue
		}
		for _, s := range sentences(ln.text) {
			readSentence(f, s, head)
		}
	}
}

// sentences splits a paragraph at 。；;！? and line ends.
func sentences(p string) []string {
	return strings.FieldsFunc(p, func(r rune) bool { return strings.ContainsRune("。；;！!？?", r) })
}

func readSentence(f *legacyFigures, s, head string) {
	if containsAny(s, cumulative) {
		return
	}
	for _, ls := range legacySentences {
		if !f.open(ls.key) {
			continue
		}
		m := ls.re.FindStringSubmatchIndex(s)
		if m == nil || precededBy(s[:m[0]], ls.not) || containsAny(s[m[0]:m[1]], ls.reject) {
			continue
		}
		from := "sentence: " + clip(s)
		if m[6] >= 0 && m[6] < m[7] {
			f.setNull(ls.key, NullApproximate, from)
			continue
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(s[m[2]:m[3]], ",", ""), 64)
		if err != nil {
			continue
		}
		if m[4] >= 0 {
			v *= 10000
		}
		f.setValue(ls.key, v, from)
	}
	readNone(f, s, head)
}

// readNone records the zeros a sentence states ("未发生因政府信息公开申请
// 行政复议、提起行政诉讼的情况"; "未发生。" under a heading naming them).
func readNone(f *legacyFigures, s, head string) {
	if strings.ContainsAny(s, "0123456789０１２３４５６７８９") || !containsAny(s, noneMarkers) {
		return
	}
	ctx := s
	from := "sentence: " + clip(s)
	if utf8.RuneCountInString(strings.TrimSpace(s)) <= 8 && head != "" {
		ctx = head + s
		from = "heading + sentence: " + clip(head) + " / " + clip(s)
	}
	for _, n := range legacyNone {
		if f.open(n.key) && containsAny(ctx, n.words) && !containsAny(ctx, n.except) {
			f.setValue(n.key, 0, from)
		}
	}
}

// precededBy reports whether before ends with one of the words.
func precededBy(before string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	return false
}

// clip shortens a sentence for provenance to 80 characters.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= 80 {
		return s
	}
	return string([]rune(s)[:80]) + "…"
}
