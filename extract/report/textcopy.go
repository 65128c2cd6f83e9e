package report

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Text copies of reports made by other tools: Markdown from PDF converters
// (pipe tables) and crawler text dumps whose table cells run together with
// no separator ("本年新收政府信息公开申请数量2100000021").

// pipeRow turns a Markdown pipe-table row ("| 规章 | 0 | 1 |") into
// tab-separated cells; a separator row ("|---|:--:|") becomes "" (dropped).
func pipeRow(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if len(t) < 2 || t[0] != '|' || strings.Count(t, "|") < 2 {
		return s, false
	}
	t = strings.TrimSuffix(strings.TrimPrefix(t, "|"), "|")
	t = strings.ReplaceAll(t, `\|`, "\x00")
	cells := strings.Split(t, "|")
	sep := true
	for i, c := range cells {
		c = strings.TrimSpace(strings.ReplaceAll(c, "\x00", "|"))
		cells[i] = c
		if strings.Trim(c, "-: ") != "" || !strings.Contains(c, "-") {
			sep = false
		}
	}
	if sep {
		return "", true
	}
	return strings.Join(cells, "\t"), true
}

// runTogether matches a row label followed directly by a run of digits.
var runTogether = regexp.MustCompile(`^(.*?[\p{Han}）)])(\d{2,40})$`)

// Split outcomes of a run-together row.
const (
	splitUnique    = "unique"
	splitAmbiguous = "ambiguous"
)

// splitAppRow splits the digits run together after a section-三 row label
// into the row's seven figures, the last being the sum of the other six
// (the form's own rule). It returns the split when exactly one split
// satisfies the rule, and the number of splits that do.
func splitAppRow(digits string) ([]int64, int) {
	var found []int64
	count := 0
	var parts [7]int64
	var walk func(pos, k int)
	walk = func(pos, k int) {
		if count > 1 {
			return
		}
		if k == 6 {
			v, ok := digitValue(digits[pos:])
			var s int64
			for _, p := range parts[:6] {
				s += p
			}
			if ok && v == s {
				count++
				parts[6] = v
				found = append([]int64(nil), parts[:]...)
			}
			return
		}
		for end := pos + 1; end <= len(digits)-(7-k-1); end++ {
			v, ok := digitValue(digits[pos:end])
			if !ok {
				break // a leading zero only as the number 0
			}
			parts[k] = v
			walk(end, k+1)
		}
	}
	walk(0, 0)
	if count != 1 {
		return nil, count
	}
	return found, 1
}

// digitValue reads a number without a leading zero (except "0" itself).
func digitValue(s string) (int64, bool) {
	if s == "" || len(s) > 12 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// splitRunTogether rewrites a line whose section-三 row label is followed
// by run-together digits as tab-separated cells when the split is unique;
// otherwise the digits stay one cell, so the row is unreadable. It
// reports what it did ("" when the line is not such a row).
func splitRunTogether(s string) (string, string) {
	if strings.Contains(s, "\t") {
		return s, ""
	}
	m := runTogether.FindStringSubmatch(s)
	if m == nil || matchRow(foldLabel(m[1]), appPhrases, "") == "" || len(m[2]) < 7 {
		return s, ""
	}
	vals, n := splitAppRow(m[2])
	if n != 1 {
		// one cell where the row needs seven: the row reads as unreadable
		return m[1] + "\t" + m[2], fmt.Sprintf("%s:%d", splitAmbiguous, n)
	}
	cells := []string{m[1]}
	for _, v := range vals {
		cells = append(cells, strconv.FormatInt(v, 10))
	}
	return strings.Join(cells, "\t"), splitUnique
}

// CheckRunTogether names the check recording a row whose cells ran
// together: it passes when the row's total fixed a unique split (the
// figures were read from that split) and fails when none or several
// splits satisfy it (the row is unreadable).
const CheckRunTogether = "cells_run_together"

func splitChecks(lines []line) []Check {
	var out []Check
	for _, ln := range lines {
		if ln.split == "" {
			continue
		}
		label := ln.text
		if i := strings.IndexAny(label, "\t0123456789"); i > 0 {
			label = label[:i]
		}
		detail := "split by the row total: " + label
		if ln.split != splitUnique {
			detail = "no unique split (" + ln.split + "): " + label
		}
		out = append(out, Check{Name: CheckRunTogether, Pass: ln.split == splitUnique, Detail: detail})
	}
	return out
}
