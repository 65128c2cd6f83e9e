package ocr

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/toolrun"
)

// cellRead is what was read in one table cell.
type cellRead struct {
	box
	text   string
	conf   float64 // the lowest confidence of its characters (100 when empty)
	number bool    // a figure
	reread bool    // the digit-only reading differed from the first one and was taken
	first  string  // the first reading, when the digit-only one differed
	third  string  // the third reading of a cell whose first two differed (reread.go)
	looked bool    // look-alike characters were read as digits (]→1, O→0)
}

// readCells reads every cell of the page's tables, each on its own, from
// strips of cell images (see strip): first with the page's languages, then
// the cells holding figures again with tesseract limited to digits. A
// figure's confidence is that of its least certain digit; where the two
// readings differ a third reading from a binarised image settles it
// (reread.go) and its confidence is capped at disagreeConf (splitConf when
// all three differ), so the record shows it as doubtful.
func (e *Engine) readCells(ctx context.Context, dir string, g *gray, boxes []box, dpi int) ([]cellRead, cost, error) {
	var c cost
	cells := make([]cellRead, len(boxes))
	inks := make([]ink, len(boxes))
	var pieces []ink
	var idx []int
	for i, b := range boxes {
		cells[i] = cellRead{box: b, conf: 100}
		inks[i] = inkOf(g, b, max(dpi/50, 3))
		if !inks[i].empty() {
			pieces, idx = append(pieces, inks[i]), append(idx, i)
		}
	}
	if len(pieces) == 0 {
		return cells, c, nil
	}
	pad, gap := max(dpi/30, 4), max(dpi/6, 20)
	s := makeStrip(g, pieces, pad, gap)
	words, err := e.tess(ctx, dir, "cells", s.img, dpi, &c, "-l", orDefault(e.Langs, "chi_sim"), "--psm", "6")
	if err != nil {
		return nil, c, err
	}
	charH := medianHeight(words)
	for i, ws := range s.split(words) {
		cr := &cells[idx[i]]
		cr.text, cr.looked = digitCell(joinWords(ws, charH, false))
		cr.conf = minConf(ws)
		cr.number = isNumber(cr.text)
	}
	var again []int
	for i := range pieces {
		if cr := &cells[idx[i]]; cr.number || shortInFigureRow(cells, *cr) {
			again = append(again, i)
		}
	}
	if len(again) == 0 {
		return cells, c, nil
	}
	sub := make([]ink, len(again))
	for j, i := range again {
		sub[j] = pieces[i]
	}
	ds := makeStrip(g, sub, pad, gap)
	dwords, err := e.tess(ctx, dir, "digits", ds.img, dpi, &c, "-l", "eng", "--psm", "6",
		"-c", "tessedit_char_whitelist=0123456789.")
	if err != nil {
		return nil, c, err
	}
	for j, ws := range ds.split(dwords) {
		decide(&cells[idx[again[j]]], ws)
	}
	if err := e.rereadDoubtful(ctx, dir, g, cells, inks, dpi, &c); err != nil {
		return nil, c, err
	}
	return cells, c, nil
}

// disagreeConf caps the confidence of a figure whose two readings differ.
const disagreeConf = 50

// decide settles a figure cell from its digit-only reading ws.
func decide(cr *cellRead, ws []word) {
	d := ""
	for _, w := range ws {
		d += w.text
	}
	if !isNumber(d) {
		return // nothing read as digits: keep the first reading
	}
	dc := minConf(ws)
	switch {
	case d == cr.text:
		cr.conf = math.Max(cr.conf, dc)
	default:
		cr.first, cr.text, cr.conf, cr.reread = cr.text, d, math.Min(dc, disagreeConf), true
	}
	cr.number = true
}

// shortInFigureRow: a cell of one or two characters in a row with figures
// is a figure misread as a letter or ideograph ("马" for 3).
func shortInFigureRow(cells []cellRead, cr cellRead) bool {
	if n := utf8.RuneCountInString(cr.text); n == 0 || n > 2 {
		return false
	}
	figures := 0
	for _, o := range cells {
		if o.top == cr.top && o.bottom == cr.bottom && o.number {
			figures++
		}
	}
	return figures >= 1
}

func minConf(ws []word) float64 {
	if len(ws) == 0 {
		return 100
	}
	m := 100.0
	for _, w := range ws {
		m = math.Min(m, w.conf)
	}
	return m
}

// cost adds up the resources of a page's program runs.
type cost struct {
	cpu    int64 // ns
	maxRSS int64 // KB
}

func (c *cost) add(r toolrun.Result) {
	c.cpu += int64(r.CPU)
	c.maxRSS = max(c.maxRSS, r.MaxRSSKB)
}

// tess runs tesseract on g (written as name.pgm in dir) with the given
// options and returns its characters with their boxes (hOCR).
func (e *Engine) tess(ctx context.Context, dir, name string, g *gray, dpi int, c *cost, opts ...string) ([]word, error) {
	file := filepath.Join(dir, name+".pgm")
	if err := os.WriteFile(file, g.pgm(), 0o600); err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	select {
	case e.slots() <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("ocr: %w", ctx.Err())
	}
	args := append([]string{file, "stdout", "--dpi", strconv.Itoa(dpi), "-c", "hocr_char_boxes=1"}, opts...)
	res, err := toolrun.Run(ctx, toolrun.Spec{Tool: orDefault(e.Tesseract, "tesseract"),
		Package: "tesseract-ocr tesseract-ocr-chi-sim", Dir: dir, Timeout: e.timeout(),
		Args: append(args, "hocr"), Env: []string{"OMP_THREAD_LIMIT=1"}})
	<-e.slots()
	if err != nil {
		return nil, fmt.Errorf("ocr %s: %w", name, err)
	}
	c.add(res)
	return parseHOCR(string(res.Stdout)), nil
}
