package extract

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/report"
	"github.com/nianbao/nianbao/extract/textnorm"
)

// The row and column labels of the form's tables are a closed vocabulary:
// the labels the two table formats (2021, 2019) print. OCR misreads an
// ideograph in one now and then (行政处昼 for 行政处罚), and the row is then
// lost with all its figures. relabel matches such a label to the form's
// nearest one, only when that is close and unique, and says so on the
// record; figures are never touched here.

// minRelabel: labels shorter than this (规章, 总计) are not matched: one
// wrong character in two is not "close".
const minRelabel = 4

// formLabels is the vocabulary: every " /"-separated part of the labels
// of report.Tables for both formats, without the unit and the 2019
// variant note the table layout adds ("本年处理决定数量（2019：处理决定数量）（件）"
// gives 本年处理决定数量 and 处理决定数量).
var formLabels = buildFormLabels()

func buildFormLabels() map[string][]rune {
	out := map[string][]rune{}
	add := func(s string) {
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) >= minRelabel {
			out[s] = []rune(s)
		}
	}
	for _, f := range []string{report.Format2021, report.Format2019} {
		for _, t := range report.Tables(f) {
			labels := append([]string{}, t.Cols...)
			for _, r := range t.Rows {
				labels = append(labels, r.Label)
			}
			for _, l := range labels {
				for _, part := range strings.Split(l, " /") {
					part = strings.TrimSpace(part)
					for _, unit := range []string{"（件）", "（个）", "（万元）"} {
						part = strings.TrimSuffix(part, unit)
					}
					if before, note, ok := strings.Cut(part, "（2019："); ok {
						add(before)
						part = strings.TrimSuffix(note, "）")
					}
					add(part)
				}
			}
		}
	}
	return out
}

// relabel replaces, in the table rows of OCR'd text (lines with
// tab-separated cells), every text cell that is not a label of the form
// but lies within a quarter of its length in edits of exactly one label,
// with the next nearest further away, by that label. It returns the text
// and the replacements made ("行政处昼→行政处罚").
func relabel(text string) (string, []string) {
	lines := strings.Split(text, "\n")
	var done []string
	for i, ln := range lines {
		if !strings.Contains(ln, "\t") {
			continue
		}
		cells := strings.Split(ln, "\t")
		changed := false
		for j, c := range cells {
			c = strings.TrimSpace(c)
			if to, ok := nearestLabel(c); ok {
				done = append(done, fmt.Sprintf("%s→%s", c, to))
				cells[j], changed = to, true
			}
		}
		if changed {
			lines[i] = strings.Join(cells, "\t")
		}
	}
	return strings.Join(lines, "\n"), done
}

// nearestLabel returns the form's label a misread cell stands for, if
// one is unique and close: at most a quarter of the longer one's length
// in edits, and the second nearest label further away.
func nearestLabel(cell string) (string, bool) {
	r := []rune(cell)
	if len(r) < minRelabel || !hasIdeograph(r) {
		return "", false
	}
	if _, exact := formLabels[cell]; exact {
		return "", false
	}
	best, second, label := 1<<30, 1<<30, ""
	for l, lr := range formLabels {
		limit := max(len(r), len(lr)) / 4
		if abs(len(r)-len(lr)) > limit {
			continue
		}
		d := textnorm.EditDistance(r, lr, min(second, limit+1))
		switch {
		case d < best:
			best, second, label = d, best, l
		case d < second:
			second = d
		}
	}
	if label == "" || best == 0 || best > max(len(r), len([]rune(label)))/4 || second <= best {
		return "", false
	}
	return label, true
}

func hasIdeograph(r []rune) bool {
	for _, c := range r {
		if c >= 0x4E00 && c <= 0x9FFF {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
