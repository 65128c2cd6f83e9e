package report

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// line is one line of the body: a paragraph, or one table row whose cells
// are separated by tabs. grid marks rows built from a real HTML table, whose
// cells sit in their exact columns (trailing empty cells are real cells).
type line struct {
	text  string
	grid  bool
	split string // cells that ran together: splitUnique or "ambiguous:N" (see textcopy.go)
}

type cellKind uint8

const (
	cellEmpty cellKind = iota
	cellValue
	cellNA
	cellLabel
)

// cell is one table cell: a label, a number, a not-applicable mark or empty.
type cell struct {
	kind  cellKind
	val   float64
	label string // folded label text
}

// splitCells splits a line into cell strings: on tabs when there are any,
// else on runs of two or more spaces (pdftotext -layout).
func splitCells(s string) []string {
	if strings.Contains(s, "\t") {
		return strings.Split(s, "\t")
	}
	var out []string
	start, spaces := 0, 0
	for i, r := range s {
		if isSpace(r) {
			spaces++
			continue
		}
		if spaces >= 2 {
			out = append(out, s[start:i])
			start = i
		}
		spaces = 0
	}
	return append(out, s[start:])
}

// classify turns one cell string into cells; a cell of space-separated
// numbers ("0 0 0", cells run together in extracted PDF text) becomes
// several value cells.
func classify(raw string, out []cell) []cell {
	s := strings.TrimFunc(raw, isSpace)
	if s == "" {
		return append(out, cell{kind: cellEmpty})
	}
	if c, ok := valueCell(s); ok {
		return append(out, c)
	}
	if strings.IndexFunc(s, isSpace) >= 0 {
		return splitMixed(s, out)
	}
	return append(out, cell{kind: cellLabel, label: foldLabel(s)})
}

// splitMixed splits a cell holding a label followed by space-separated
// numbers ("（七）总计 21 0 0", cells run together in extracted PDF text)
// into a label cell and value cells; a cell of numbers only becomes value
// cells.
func splitMixed(s string, out []cell) []cell {
	parts := strings.FieldsFunc(s, isSpace)
	k := len(parts)
	var vals []cell
	for k > 0 {
		c, ok := valueCell(parts[k-1])
		if !ok {
			break
		}
		vals = append(vals, c)
		k--
	}
	if k > 0 {
		out = append(out, cell{kind: cellLabel, label: foldLabel(strings.Join(parts[:k], " "))})
	}
	for i := len(vals) - 1; i >= 0; i-- {
		out = append(out, vals[i])
	}
	return out
}

// naMarks are the cell contents meaning "not applicable", after NFKC.
var naMarks = map[string]bool{
	"/": true, "-": true, "—": true, "——": true, "–": true, "−": true, "---": true, "--": true,
	"―": true, "\\": true, "不适用": true, "不適用": true, "/ ": true,
}

// valueCell parses a number (optionally with thousands separators and a
// unit suffix) or a not-applicable mark.
func valueCell(s string) (cell, bool) {
	if naMarks[s] {
		return cell{kind: cellNA}, true
	}
	if !isASCIIish(s) {
		// Only full-width forms and dashes can normalise into a number or a
		// mark; labels (ideographs) are rejected without normalising.
		if r, _ := utf8.DecodeRuneInString(s); r >= 0x4E00 && r <= 0x9FFF {
			return cell{}, false
		}
		s = norm.NFKC.String(s)
		if naMarks[s] {
			return cell{kind: cellNA}, true
		}
	}
	for _, unit := range []string{"万元", "件", "个", "项", "条", "元"} {
		s = strings.TrimSuffix(s, unit)
	}
	f, ok := parseNumber(s)
	if !ok {
		return cell{}, false
	}
	return cell{kind: cellValue, val: f}, true
}

func isASCIIish(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// parseNumber accepts [+-]digits[.digits] with optional "," thousands
// groups; "1." (list numbering) and "2023年" are not numbers.
func parseNumber(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 || body == "" {
		return 0, false
	}
	digits, dot := 0, false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0 && i < len(body)-1:
			dot = true
		case c == ',' && !dot && digits > 0 && i+3 < len(body)+0 && validGroup(body[i+1:]):
		default:
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// validGroup reports whether s starts with exactly three digits followed by
// the end, a "," or a ".".
func validGroup(s string) bool {
	if len(s) < 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) == 3 || s[3] == ',' || s[3] == '.'
}

// run is a label (folded text of the label cells since the previous
// values) with the values that follow it.
type run struct {
	label string
	vals  []cell
}

func (r run) hasValue() bool {
	for _, c := range r.vals {
		if c.kind != cellEmpty {
			return true
		}
	}
	return false
}

// collectRuns walks table lines and groups cells into runs. Trailing empty
// cells of a line are padding unless the line is a grid row; a grid row
// ends its run, so an all-empty grid row is a row of empty cells.
func collectRuns(lines []line) []run {
	var c collector
	for _, ln := range lines {
		c.addLine(ln)
	}
	c.flush()
	return c.runs
}

// maxLabel bounds the label text a run keeps: the row is named by the
// latest phrase, so only the tail matters, and long label-only stretches
// (prose, headers) stay linear.
const maxLabel = 600

// tailOf returns at most n bytes from the end of s, cut at a rune boundary.
func tailOf(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && s[i]&0xC0 == 0x80 {
		i++
	}
	return s[i:]
}

type collector struct {
	runs  []run
	cur   run
	cells []cell
}

func (c *collector) flush() {
	if len(c.cur.vals) > 0 {
		c.runs = append(c.runs, c.cur)
	}
	c.cur = run{}
}

func (c *collector) addLine(ln line) {
	c.cells = c.cells[:0]
	for _, raw := range splitCells(ln.text) {
		c.cells = classify(raw, c.cells)
	}
	if !ln.grid {
		for len(c.cells) > 0 && c.cells[len(c.cells)-1].kind == cellEmpty {
			c.cells = c.cells[:len(c.cells)-1]
		}
	}
	for _, x := range c.cells {
		if x.kind == cellLabel {
			if c.cur.hasValue() {
				c.flush()
			}
			c.cur.vals = c.cur.vals[:0]
			c.cur.label = tailOf(c.cur.label+x.label, maxLabel)
			continue
		}
		c.cur.vals = append(c.cur.vals, x)
	}
	if ln.grid {
		c.flush()
	}
}
