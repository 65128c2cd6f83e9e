package report

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

var (
	// yearInTitle finds the report year in a title: "2023 年", "2023年度".
	yearInTitle = regexp.MustCompile(`((?:19|20)\d\d)\s*年`)
	// periodEnd finds the end of the statistics period, tolerating lost
	// characters: "至2024年12月31日", "至 2024 年 12 月 31 日止".
	periodEnd = regexp.MustCompile(`至\s*((?:19|20)\d\d)\s*年?\s*12\s*月?\s*31\s*日`)
	// periodStart: "自2024年1月1日起", "202011日起" (characters lost).
	periodStart = regexp.MustCompile(`((?:19|20)\d\d)\s*年?\s*0?1\s*月?\s*0?1\s*日\s*(?:起|至|到|—|-)`)
	anyYear     = regexp.MustCompile(`((?:19|20)\d\d)\s*年`)
	titleYearAt = regexp.MustCompile(`(?:19|20)\d\d\s*年`)
	pinyinNote  = regexp.MustCompile(`\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)`)
)

// titleFromLines takes the title from the first lines of the body: the
// first short line naming a report; a short line just above it without
// punctuation (the body's name in a PDF title block) is prepended.
func titleFromLines(lines []line) string {
	seen := 0
	prev := ""
	for _, ln := range lines {
		t := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(ln.text), "#* \u3000"))
		if t == "" {
			continue
		}
		seen++
		if seen > 8 {
			break
		}
		f := foldLabel(t)
		if utf8.RuneCountInString(t) <= 60 && (strings.Contains(f, "报告") || strings.Contains(f, "年报") || strings.Contains(f, "解读")) {
			if prev != "" && !titleYearAt.MatchString(prev) && !strings.ContainsAny(prev, "，。：:,") && startsWithYear(t) {
				return prev + t
			}
			return t
		}
		prev = t
		if utf8.RuneCountInString(t) > 30 {
			prev = ""
		}
	}
	return ""
}

func startsWithYear(s string) bool {
	loc := titleYearAt.FindStringIndex(s)
	return loc != nil && loc[0] == 0
}

// reportYear returns the statistics year: from the title, else from the
// stated statistics period, else the year most mentioned in the opening
// part of the text. The publication date is never used.
func reportYear(title, text string) int {
	if m := yearInTitle.FindStringSubmatch(title); m != nil {
		return atoi(m[1])
	}
	head := text
	if len(head) > 6000 {
		head = head[:6000]
	}
	for _, re := range []*regexp.Regexp{periodEnd, periodStart} {
		if m := re.FindStringSubmatch(head); m != nil {
			return atoi(m[1])
		}
	}
	counts := map[string]int{}
	best := ""
	for _, m := range anyYear.FindAllStringSubmatch(head, -1) {
		counts[m[1]]++
		if counts[m[1]] > counts[best] || (counts[m[1]] == counts[best] && m[1] < best) {
			best = m[1]
		}
	}
	return atoi(best)
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// agencyAfterYear: the body named between the year and the subject
// ("2024年度淮安市洪泽区人民政府政府信息公开工作年度报告").
var agencyAfterYear = regexp.MustCompile(`^(?:19|20)\d\d\s*年度?\s*(.{2,40}?)\s*(?:政府信息公开|政务公开|信息公开)`)

// agencyFromTitle returns the issuing body named before the year in the
// title ("博爱县人民政府办公室2023年…"), or right after a leading year
// when it is a body's name ("2024年度某县人民政府政府信息公开…"), or "".
func agencyFromTitle(title string) string {
	loc := titleYearAt.FindStringIndex(title)
	if loc == nil {
		return ""
	}
	if strings.TrimSpace(title[:loc[0]]) == "" {
		if m := agencyAfterYear.FindStringSubmatch(strings.TrimSpace(title)); m != nil && isBodyName(m[1]) {
			return m[1]
		}
		return ""
	}
	a := strings.TrimSpace(title[:loc[0]])
	a = strings.TrimRight(a, " \u3000:：-—_|《")
	a = strings.TrimLeft(a, "《")
	a = strings.TrimSuffix(strings.TrimPrefix(a, "关于"), "关于")
	if utf8.RuneCountInString(a) < 2 || utf8.RuneCountInString(a) > 40 {
		return ""
	}
	return a
}

// agencyFromText finds "本报告由XX根据…" / "本报告由XX编制".
var agencyInText = regexp.MustCompile(`本(?:年度)?报告由\s*([^\s，。,（(根]{2,40}?)\s*(?:根据|依据|按照|编制|负责)`)

// format2019Markers are column labels only the 2019 trial form has.
var format2019Markers = []string{"本年新制作数量", "上一年项目数量", "政府集中采购", "对外公开总数量"}

// detectFormat decides the form from the folded text and the year.
func detectFormat(folded string, year int) string {
	if year != 0 && year <= 2018 {
		return FormatLegacy
	}
	if containsAny(folded, format2019Markers) {
		return Format2019
	}
	if strings.Contains(folded, "本年新收") && strings.Contains(folded, "结转下年度") ||
		strings.Contains(folded, "本年制发件数") {
		return Format2021
	}
	return FormatLegacy
}
