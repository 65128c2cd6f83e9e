package main

import (
	"context"
	"fmt"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/ocr"
	"github.com/nianbao/nianbao/internal/office"
	"github.com/nianbao/nianbao/internal/pdftext"
)

// docTools are the external document readers of one command run; close
// removes their temporary files.
type docTools struct {
	office *office.Converter
	ocr    *ocr.Engine
}

func newDocTools(cfg Config) *docTools {
	t := cfg.Tools
	return &docTools{
		office: &office.Converter{Soffice: t.Soffice, Catdoc: t.Catdoc, Timeout: t.ConvertTimeout, Slots: t.Slots},
		ocr: &ocr.Engine{Tesseract: t.Tesseract, Pdftoppm: t.Pdftoppm, Langs: t.OCRLangs, DPI: t.OCRDPI,
			MaxPages: t.OCRMaxPages, Slots: t.Slots},
	}
}

func (d *docTools) close() { d.office.Close() }

// parserFor builds the extractor with the configured tools; ctx cancels
// their runs. The returned function releases the tools.
func parserFor(ctx context.Context, cfg Config) (extract.Parser, func()) {
	return parserWith(ctx, cfg, nil)
}

// parserWith is parserFor whose tool runs each wait for their memory in
// mem first (nil: none do).
func parserWith(ctx context.Context, cfg Config, mem *crawlMemory) (extract.Parser, func()) {
	d := newDocTools(cfg)
	x := pdftext.Extractor{Path: cfg.PDFToText}
	p := extract.Parser{PDFText: x.Text, Office: d.officeFunc(ctx), OCR: d.ocr.Func(ctx), PageInk: d.ocr.InkFunc(ctx)}
	return mem.admitParser(ctx, p, cfg.Tools.Slots), d.close
}

// officeFunc converts with LibreOffice; a Word binary falls back on catdoc
// when LibreOffice is missing or fails.
func (d *docTools) officeFunc(ctx context.Context) func([]byte, string) (extract.OfficeDoc, error) {
	return func(body []byte, kind string) (extract.OfficeDoc, error) {
		html, st, err := d.office.ToHTML(ctx, body, kind)
		if err == nil {
			return extract.OfficeDoc{HTML: html, Tool: st.Tool}, nil
		}
		if kind != extract.KindDOC || ctx.Err() != nil {
			return extract.OfficeDoc{}, err
		}
		text, st, err2 := d.office.WordText(ctx, body)
		if err2 != nil {
			return extract.OfficeDoc{}, fmt.Errorf("%w; fallback: %w", err, err2)
		}
		return extract.OfficeDoc{Text: text, Tool: st.Tool}, nil
	}
}
