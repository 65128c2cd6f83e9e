package ocr

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// row is one output line: a table row (cells between the same two
// horizontal rules) or a line of text outside tables.
type row struct {
	top, bottom int
	cells       []cellRead // table rows, left to right
	words       []word     // text lines
}

// Figure is a number read in a table cell: where it is in the page's
// lines (line and tab-separated cell, 0-based) and how sure OCR is of it.
type Figure struct {
	Line, Cell int
	Conf       float64 // its least certain digit, 0–100; capped when the readings differ
	Reread     bool    // the digit-only reading differed from the first one and was taken
}

// assemble turns the cells read and the words of the page around them
// into lines of text: a table row's cells separated by tabs, other words
// by tesseract's text lines, with a tab where a gap is wider than two
// characters (borderless tables). Rows come in page order, a merged cell
// (rowspan) before the rows it spans. Words inside a cell are dropped:
// the cell's own reading replaces them.
func assemble(words []word, cells []cellRead) (lines []string, figs []Figure, repaired int) {
	charH := medianHeight(words)
	rows := map[[2]int]*row{}
	textLines := map[int]*row{}
	for _, c := range cells {
		r := rows[[2]int{c.top, c.bottom}]
		if r == nil {
			r = &row{top: c.top, bottom: c.bottom}
			rows[[2]int{c.top, c.bottom}] = r
		}
		r.cells = append(r.cells, c)
	}
	for _, w := range words {
		if inCell(w, cells) {
			continue
		}
		r := textLines[w.line]
		if r == nil {
			r = &row{top: w.y, bottom: w.y + w.h}
			textLines[w.line] = r
		}
		r.top, r.bottom = min(r.top, w.y), max(r.bottom, w.y+w.h)
		r.words = append(r.words, w)
	}
	all := make([]*row, 0, len(rows)+len(textLines))
	for _, r := range rows {
		sort.Slice(r.cells, func(i, j int) bool { return r.cells[i].left < r.cells[j].left })
		all = append(all, r)
	}
	for _, r := range textLines {
		all = append(all, r)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].top != all[j].top {
			return all[i].top < all[j].top
		}
		return all[i].bottom > all[j].bottom
	})
	out := make([]string, 0, len(all))
	for _, r := range all {
		s := r.render(charH)
		if strings.TrimSpace(s) == "" {
			continue
		}
		for i, c := range r.cells {
			if c.looked || c.reread {
				repaired++
			}
			if c.number {
				figs = append(figs, Figure{Line: len(out), Cell: i, Conf: c.conf, Reread: c.reread})
			}
		}
		out = append(out, s)
	}
	return out, figs, repaired
}

func inCell(w word, cells []cellRead) bool {
	for _, c := range cells {
		if c.contains(w.cx(), w.cy()) {
			return true
		}
	}
	return false
}

func (r *row) render(charH int) string {
	if r.cells == nil {
		return joinWords(r.words, charH, true)
	}
	texts := make([]string, len(r.cells))
	for i, c := range r.cells {
		texts[i] = c.text
	}
	return strings.Join(texts, "\t")
}

// lookAlikes are characters tesseract reads for digits in a table cell.
var lookAlikes = map[rune]rune{']': '1', '[': '1', '|': '1', 'l': '1', 'I': '1', 'O': '0', 'o': '0', 'D': '0',
	'S': '5', '$': '5'}

// digitCell reads a short table cell made only of digits and their
// look-alikes ("]" for 1, "O" for 0) as the number it shows. It reports
// whether a look-alike was replaced; the page counts them and the record
// says so, and the form's checks catch a wrong guess.
func digitCell(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if t == "" || len([]rune(t)) > 8 {
		return s, false
	}
	if u := strings.TrimRight(t, ".,"); u != t && u != "" && strings.Trim(u, "0123456789") == "" {
		return u, true // a speck after the number
	}
	var b strings.Builder
	digits, swapped := 0, false
	for _, r := range t {
		switch d, ok := lookAlikes[r]; {
		case r >= '0' && r <= '9':
			digits++
			b.WriteRune(r)
		case ok:
			swapped = true
			b.WriteRune(d)
		default:
			return s, false
		}
	}
	if !swapped || (digits == 0 && len([]rune(t)) > 1) {
		return s, false
	}
	return b.String(), true
}

// joinWords joins words in their reading order: ideographs run together,
// Latin letters and digits keep a space between words, and on a text line
// (gaps true) a gap wider than two characters becomes a tab.
func joinWords(ws []word, charH int, gaps bool) string {
	if gaps {
		sort.SliceStable(ws, func(i, j int) bool { return ws[i].x < ws[j].x })
	}
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			prev := ws[i-1]
			switch gap := w.x - (prev.x + prev.w); {
			case gaps && gap > 2*charH:
				b.WriteByte('\t')
			case w.id == prev.id && w.line == prev.line:
			case !gaps && gap < charH/2 && isDigitish(prev.text) && isDigitish(w.text):
				// digits of one number in a cell, split into words
			case spaced(prev.text, w.text):
				b.WriteByte(' ')
			}
		}
		b.WriteString(w.text)
	}
	return b.String()
}

// spaced says whether two adjacent words keep a space between them: only
// when both touch with Latin letters or digits.
func spaced(a, b string) bool {
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	return ra < utf8.RuneSelf && rb < utf8.RuneSelf && (unicode.IsLetter(ra) || unicode.IsDigit(ra)) &&
		(unicode.IsLetter(rb) || unicode.IsDigit(rb))
}

func medianHeight(ws []word) int {
	if len(ws) == 0 {
		return 20
	}
	hs := make([]int, len(ws))
	for i, w := range ws {
		hs[i] = w.h
	}
	sort.Ints(hs)
	return max(hs[len(hs)/2], 4)
}

func isDigitish(s string) bool {
	for _, r := range s {
		if _, ok := lookAlikes[r]; !ok && (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return s != ""
}
