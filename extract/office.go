package extract

import (
	"fmt"

	"github.com/nianbao/nianbao/extract/report"
)

// readOffice reads a word-processor or spreadsheet document: DOCX, XLSX
// and ODT/ODS natively, the binaries and RTF through the Office converter.
// Either way tables arrive as rows of cells.
func (p Parser) readOffice(rec *Record, kind string, body []byte, hint report.Hint) (report.Result, error) {
	var text string
	var err error
	switch kind {
	case KindEncrypted:
		return report.Result{}, ErrEncrypted
	case KindDOCX:
		text, err = docxText(body)
	case KindXLSX:
		text, err = xlsxText(body)
	case KindODT, KindODS:
		text, err = odtText(body)
	default:
		if p.Office == nil {
			return report.Result{}, fmt.Errorf("%s: %w", kind, OfficeToolMissing)
		}
		doc, cerr := p.Office(body, kind)
		if cerr != nil {
			return report.Result{}, fmt.Errorf("%s: %w", kind, cerr)
		}
		if doc.Tool != "" {
			rec.Artifacts = append(rec.Artifacts, "converted_"+doc.Tool)
		}
		if len(doc.HTML) > 0 {
			return p.parseText(rec, string(doc.HTML), hint, true), nil
		}
		text = doc.Text
	}
	if err != nil {
		return report.Result{}, fmt.Errorf("%s: %w", kind, err)
	}
	return p.parseText(rec, text, hint, false), nil
}
