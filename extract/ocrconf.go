package extract

import (
	"math"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/extract/report"
	"github.com/nianbao/nianbao/extract/textnorm"
)

// OCRFigure is a number OCR read in a table cell: where it is in its
// page's Text (0-based line, and tab-separated cell of that line) and how
// sure OCR is of it.
type OCRFigure struct {
	Line, Cell int
	Confidence float64 // 0–100: its least certain digit; capped at 50 when two readings differed
}

// ocrTrace keeps, while a record is extracted, the page texts that were
// parsed and where OCR's figures sit in them.
type ocrTrace struct {
	pages []string
	figs  map[int][]OCRFigure // by 0-based page
}

// marked is the parsed text with every OCR figure replaced by its
// confidence plus shift; pages and lines otherwise unchanged.
func (tr *ocrTrace) marked(shift float64) string {
	out := make([]string, len(tr.pages))
	for i, pg := range tr.pages {
		figs := tr.figs[i]
		if len(figs) == 0 {
			out[i] = pg
			continue
		}
		lines := strings.Split(pg, "\n")
		for _, f := range figs {
			if f.Line < 0 || f.Line >= len(lines) {
				continue
			}
			cells := strings.Split(lines[f.Line], "\t")
			if f.Cell >= 0 && f.Cell < len(cells) {
				cells[f.Cell] = strconv.FormatFloat(math.Round(f.Confidence)+shift, 'f', -1, 64)
				lines[f.Line] = strings.Join(cells, "\t")
			}
		}
		out[i] = strings.Join(lines, "\n")
	}
	return strings.Join(out, "\f")
}

// figureConfidence gives each field read from an OCR figure that figure's
// confidence. The text is parsed twice more by the same table reader with
// every figure replaced by its confidence, then by its confidence plus
// one: a field that moves by exactly one came from one figure, and its
// value in the first parse is that figure's confidence (a field from prose,
// or summed from several cells, moves otherwise and gets none).
func figureConfidence(tr *ocrTrace, hint report.Hint, format string) map[string]float64 {
	parse := func(shift float64) report.Result {
		text, _ := textnorm.Normalize(tr.marked(shift))
		return report.ParseText(text, hint)
	}
	a, b := parse(0), parse(1)
	if a.Format != format || b.Format != format {
		return nil
	}
	out := map[string]float64{}
	for k, va := range a.Fields {
		vb := b.Fields[k]
		if va != nil && vb != nil && *vb-*va == 1 && *va >= 0 && *va <= 100 {
			out[k] = *va
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// noteFigures puts the figures' confidence on the record's OCR summary.
func noteFigures(rec *Record, tr *ocrTrace, hint report.Hint) {
	if tr == nil || rec.OCR == nil || rec.Fields == nil {
		return
	}
	figs := figureConfidence(tr, hint, rec.Format)
	if figs == nil {
		return
	}
	rec.OCR.Figures = figs
	low, sum := 100.0, 0.0
	for _, c := range figs {
		low, sum = math.Min(low, c), sum+c
	}
	rec.OCR.FigureConfidence = round1(sum / float64(len(figs)))
	rec.OCR.MinFigure = low
}
