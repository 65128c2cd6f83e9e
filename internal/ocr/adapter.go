package ocr

import (
	"context"
	"strings"

	"github.com/nianbao/nianbao/extract"
)

// Func adapts the engine to extract.Parser's OCR hook; ctx cancels its
// runs.
func (e *Engine) Func(ctx context.Context) func([]byte, string, []int) (extract.OCRDoc, error) {
	return func(body []byte, kind string, pages []int) (extract.OCRDoc, error) {
		if kind == extract.KindImage {
			p, err := e.Image(ctx, body, 0)
			if err != nil {
				return extract.OCRDoc{}, err
			}
			return extract.OCRDoc{Pages: []extract.OCRPage{p.forExtract()}, TotalPages: 1}, nil
		}
		ps, total, err := e.PDF(ctx, body, pages)
		if err != nil {
			return extract.OCRDoc{}, err
		}
		doc := extract.OCRDoc{TotalPages: total}
		if pages != nil {
			doc.TotalPages = len(pages)
		}
		for _, p := range ps {
			doc.Pages = append(doc.Pages, p.forExtract())
		}
		return doc, nil
	}
}

// InkFunc adapts Ink to extract.Parser's PageInk hook; ctx cancels its runs.
func (e *Engine) InkFunc(ctx context.Context) func([]byte) ([]int, error) {
	return func(pdf []byte) ([]int, error) { return e.Ink(ctx, pdf) }
}

func (p Page) forExtract() extract.OCRPage {
	figs := make([]extract.OCRFigure, len(p.Figures))
	for i, f := range p.Figures {
		figs[i] = extract.OCRFigure{Line: f.Line, Cell: f.Cell, Confidence: f.Conf}
	}
	return extract.OCRPage{Number: p.Number, Text: strings.Join(p.Lines, "\n"), Confidence: p.Confidence,
		Digits: p.Digits, DigitConfidence: p.DigitConfidence, MinDigit: p.MinDigit, Repaired: p.Repaired, Figures: figs}
}
