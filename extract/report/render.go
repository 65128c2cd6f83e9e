package report

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// renderer turns a content element into lines: one per paragraph or block,
// one per table row (cells tab-separated, grid=true), <pre> kept line by
// line with its tabs.
type renderer struct {
	lines []line
	buf   strings.Builder
}

// maxSpan bounds rowspan/colspan and maxCols the width of a grid row, so
// hostile markup cannot blow up a grid.
const (
	maxSpan = 64
	maxCols = 128
)

func (r *renderer) flush() {
	if s := collapse(r.buf.String()); s != "" {
		r.lines = append(r.lines, line{text: s})
	}
	r.buf.Reset()
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Li, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Blockquote, atom.Center, atom.Tr, atom.Td,
		atom.Th, atom.Header, atom.Footer, atom.Form, atom.Hr, atom.Table, atom.Caption, atom.Body:
		return true
	}
	return false
}

func (r *renderer) render(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		r.buf.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipped(n) {
			return
		}
		switch n.DataAtom {
		case atom.Br:
			r.flush()
			return
		case atom.Pre:
			r.flush()
			r.renderPre(n)
			return
		case atom.Table:
			r.flush()
			r.renderTable(n)
			return
		}
	}
	block := n.Type == html.ElementNode && isBlock(n.DataAtom)
	if block {
		r.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.render(c)
	}
	if block {
		r.flush()
	}
}

// renderPre keeps the lines and tabs of preformatted text.
func (r *renderer) renderPre(n *html.Node) {
	for _, l := range strings.Split(textOf(n), "\n") {
		l = strings.TrimRightFunc(l, isSpace)
		l = strings.TrimLeftFunc(l, isBlank)
		if l != "" {
			r.lines = append(r.lines, line{text: normalizeLine(l)})
		}
	}
}

// renderTable renders a data table as grid rows; a layout table (one
// holding tables or long text blocks) is rendered as blocks.
func (r *renderer) renderTable(t *html.Node) {
	rows := tableRows(t)
	if isLayoutTable(t, rows) {
		for c := t.FirstChild; c != nil; c = c.NextSibling {
			r.render(c)
		}
		r.flush()
		return
	}
	for _, row := range buildGrid(rows) {
		if allBlank(row) {
			continue
		}
		r.lines = append(r.lines, line{text: strings.Join(row, "\t"), grid: true})
	}
}

func allBlank(row []string) bool {
	for _, s := range row {
		if s != "" {
			return false
		}
	}
	return true
}

// tableRows returns the <tr> elements of t, not those of nested tables.
func tableRows(t *html.Node) []*html.Node {
	var rows []*html.Node
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				rows = append(rows, c)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				visit(c)
			}
		}
	}
	visit(t)
	return rows
}

func isLayoutTable(t *html.Node, rows []*html.Node) bool {
	for _, tr := range rows {
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if findFirst(c, atom.Table) != nil || textLonger(c, 300) {
				return true
			}
		}
	}
	return false
}

// textLonger reports whether the text under n has more than limit
// non-space runes, without building it.
func textLonger(n *html.Node, limit int) bool {
	count := 0
	walk(n, func(x *html.Node) bool {
		if count > limit {
			return false
		}
		if x.Type == html.TextNode {
			for _, r := range x.Data {
				if !isSpace(r) {
					count++
				}
			}
		}
		return true
	})
	return count > limit
}

// gridCell is a pending rowspan: the text and the rows it still covers.
type gridCell struct {
	text string
	left int
}

// buildGrid expands rowspan (text repeated: a group label belongs to every
// row it spans) and colspan (extra positions empty: a spanning label or
// value counts once) into a rectangular-by-row grid.
func buildGrid(rows []*html.Node) [][]string {
	var grid [][]string
	pending := map[int]*gridCell{}
	for _, tr := range rows {
		var row []string
		col := 0
		fill := func() {
			for p := pending[col]; p != nil && p.left > 0 && col < maxCols; p = pending[col] {
				row = append(row, p.text)
				if p.left--; p.left == 0 {
					delete(pending, col)
				}
				col++
			}
		}
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) {
				continue
			}
			fill()
			text := cellText(c)
			rs, cs := span(c, "rowspan"), span(c, "colspan")
			for k := 0; k < cs && col < maxCols; k++ {
				t := text
				if k > 0 {
					t = ""
				}
				row = append(row, t)
				if rs > 1 {
					pending[col] = &gridCell{text: t, left: rs - 1}
				}
				col++
			}
		}
		fill()
		grid = append(grid, row)
	}
	return grid
}

func span(n *html.Node, key string) int {
	v := atoi(strings.TrimSpace(attr(n, key)))
	if v < 1 {
		return 1
	}
	return min(v, maxSpan)
}

// cellText is the text of a cell: paragraphs and line breaks become
// spaces, tabs never survive (they separate cells).
func cellText(td *html.Node) string {
	var b strings.Builder
	walk(td, func(n *html.Node) bool {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && skipped(n):
			return false
		case n.Type == html.ElementNode && (n.DataAtom == atom.Br || isBlock(n.DataAtom)):
			b.WriteByte(' ')
		}
		return true
	})
	return collapse(b.String())
}
