package ocr

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cellKey names a table cell by its ruling lines.
type cellKey struct{ top, bottom, left int }

// row is one output line: a table row (cells between the same two
// horizontal rules) or a line of text outside tables.
type row struct {
	top, bottom int
	cells       map[int][]word // by left edge (table rows)
	cols        []int          // left edges of every cell of a table row, empty ones too
	words       []word         // text lines
}

// assemble turns word boxes and a page's ruling lines into lines of text:
// a table row's cells (found from the rules around each word) separated
// by tabs, other words by tesseract's text lines, with a tab where a gap
// is wider than two characters (borderless tables). Rows come in page
// order, a merged cell (rowspan) before the rows it spans.
func assemble(words []word, h, v []rule) (lines []string, repaired int) {
	charH := medianHeight(words)
	rows := map[cellKey]*row{}
	textLines := map[int]*row{}
	for _, w := range words {
		if k, ok := cellOf(w, h, v); ok {
			rk := cellKey{top: k.top, bottom: k.bottom}
			r := rows[rk]
			if r == nil {
				r = &row{top: k.top, bottom: k.bottom, cells: map[int][]word{}}
				rows[rk] = r
			}
			r.cells[k.left] = append(r.cells[k.left], w)
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
		r.cols = columns(v, (r.top+r.bottom)/2)
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
		s, n := r.render(charH)
		repaired += n
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out, repaired
}

// cellOf finds the table cell around w: the nearest horizontal rules above
// and below its centre that run across it, and the nearest vertical rules
// left and right of it that run across its centre.
func cellOf(w word, h, v []rule) (cellKey, bool) {
	cx, cy := w.cx(), w.cy()
	top, bottom := nearest(h, cy, cx)
	left, right := nearest(v, cx, cy)
	if top < 0 || bottom < 0 || left < 0 || right < 0 {
		return cellKey{}, false
	}
	return cellKey{top: top, bottom: bottom, left: left}, true
}

// nearest returns the positions of the closest rules before and after p
// whose extent covers q (-1 when there is none), with a few pixels of
// slack for rules that stop short.
func nearest(rules []rule, p, q int) (before, after int) {
	before, after = -1, -1
	for _, r := range rules {
		if q < r.from-4 || q > r.to+4 {
			continue
		}
		if r.pos < p && r.pos > before {
			before = r.pos
		}
		if r.pos > p && (after < 0 || r.pos < after) {
			after = r.pos
		}
	}
	return before, after
}

func (r *row) render(charH int) (string, int) {
	if r.cells == nil {
		return joinWords(r.words, charH, true), 0
	}
	lefts := r.cols
	for l := range r.cells {
		if !containsInt(lefts, l) {
			lefts = append(lefts, l)
		}
	}
	sort.Ints(lefts)
	cells := make([]string, len(lefts))
	repaired := 0
	for i, l := range lefts {
		c, ok := digitCell(joinWords(r.cells[l], charH, false))
		if ok {
			repaired++
		}
		cells[i] = c
	}
	return strings.Join(cells, "\t"), repaired
}

// columns returns the left edges of the cells on the line y: every
// vertical rule crossing it but the last (the table's right border).
func columns(v []rule, y int) []int {
	var xs []int
	for _, r := range v {
		if r.from-4 <= y && y <= r.to+4 {
			xs = append(xs, r.pos)
		}
	}
	sort.Ints(xs)
	if len(xs) > 0 {
		xs = xs[:len(xs)-1]
	}
	return xs
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
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
