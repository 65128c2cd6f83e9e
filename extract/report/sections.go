package report

import (
	"strings"
	"unicode/utf8"
)

// Section is one numbered part of the report (一、总体情况 …) with its text.
type Section struct {
	Heading string `json:"heading"`
	Text    string `json:"text"`
}

var numerals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// standardHeadings holds, for the six parts of the standard form, folded
// keywords one of which the heading must contain.
var standardHeadings = [][]string{
	{"总体情况", "概述", "概况", "基本情况"},
	{"主动公开"},
	{"收到和处理", "依申请公开", "申请情况"},
	{"行政复议", "行政诉讼", "复议", "诉讼"},
	{"问题", "改进"},
	{"其他需要报告", "其他事项", "其他需要说明"},
}

// tableRowWords mark the section-三 row labels that look like headings
// ("四、结转下年度继续办理").
var tableRowWords = []string{"本年新收", "上年结转", "办理结果", "结转下年度", "申请数量"}

// heading is a top-level heading found at line index at.
type heading struct {
	at   int
	num  int // 1 for 一
	text string
}

// headingNum parses "一、…", "## 二、…", "三．…", "第四部分 …" and returns
// the numeral (1-based) and the heading text, or 0.
func headingNum(s string) (int, string) {
	t := strings.TrimLeft(strings.TrimSpace(s), "#* \u3000")
	t = strings.TrimPrefix(t, "第")
	if strings.Contains(t, "\t") || utf8.RuneCountInString(t) > 40 {
		return 0, ""
	}
	for i := len(numerals) - 1; i >= 0; i-- {
		n := numerals[i]
		if !strings.HasPrefix(t, n) {
			continue
		}
		rest := t[len(n):]
		for _, sep := range []string{"、", "．", ".", "部分", "，"} {
			if strings.HasPrefix(rest, sep) {
				return i + 1, strings.TrimSpace(t)
			}
		}
		return 0, ""
	}
	return 0, ""
}

// findHeadings returns the top-level headings in order: each must be the
// next number in sequence, not a table row, and for the six standard parts
// of a standard report carry one of the part's keywords.
func findHeadings(lines []line, standard bool) []heading {
	var hs []heading
	next := 1
	for i, ln := range lines {
		n, text := headingNum(ln.text)
		if n != next {
			continue
		}
		f := foldLabel(text)
		if containsAny(f, tableRowWords) {
			continue
		}
		if standard && n <= len(standardHeadings) && !containsAny(f, standardHeadings[n-1]) {
			continue
		}
		hs = append(hs, heading{at: i, num: n, text: strings.TrimLeft(strings.TrimSpace(ln.text), "#* \u3000")})
		next++
	}
	return hs
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// sectionLines returns the lines of part num (1-based), or nil.
func sectionLines(lines []line, hs []heading, num int) []line {
	for i, h := range hs {
		if h.num != num {
			continue
		}
		end := len(lines)
		if i+1 < len(hs) {
			end = hs[i+1].at
		}
		return lines[h.at+1 : end]
	}
	return nil
}

// buildSections renders the headings and their text.
func buildSections(lines []line, hs []heading) []Section {
	out := make([]Section, 0, len(hs))
	for i, h := range hs {
		end := len(lines)
		if i+1 < len(hs) {
			end = hs[i+1].at
		}
		var b strings.Builder
		for _, ln := range lines[h.at+1 : end] {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(ln.text)
		}
		out = append(out, Section{Heading: h.text, Text: b.String()})
	}
	return out
}
