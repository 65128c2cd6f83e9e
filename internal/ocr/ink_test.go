package ocr

import (
	"context"
	"os"
	"testing"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/pdftext"
	"github.com/nianbao/nianbao/internal/testshared"
)

// TestInk_RealReports: every page of the real reports has text enough for
// its ink (none is sent to OCR), while the same page scanned has ink and
// no text.
func TestInk_RealReports(t *testing.T) {
	need(t, "pdftoppm", "pdftotext", "pdfinfo")
	e := &Engine{}
	for _, name := range []string{"hongze_qu_2023_hzq2023_working.pdf", "hongze_qu_2024_hzq2024_working.pdf", "huaian_shi_2024_szfgs2024.pdf"} {
		body, err := os.ReadFile(testshared.Path(t, "real-reports", name))
		if err != nil {
			t.Fatal(err)
		}
		var asked []int
		p := extract.Parser{PDFText: pdftext.Extractor{}.Text, PageInk: e.InkFunc(context.Background()),
			OCR: func(_ []byte, _ string, pages []int) (extract.OCRDoc, error) {
				asked = pages
				return extract.OCRDoc{}, nil
			}}
		rec, _, err := p.Extract(extract.Input{URL: "http://www.example.gov.cn/" + name, Body: body})
		if err != nil || asked != nil || rec.TextSource != extract.SourcePDFText {
			t.Errorf("%s: err %v, pages sent to OCR %v, text_source %q", name, err, asked, rec.TextSource)
		}
	}
	src := testshared.Path(t, "real-reports", "hongze_qu_2023_hzq2023_working.pdf")
	ink, err := e.Ink(context.Background(), imagePDF(t, rasterize(t, src, 100, 1, 3)))
	if err != nil || len(ink) != 2 || ink[0] < 500 || ink[1] < 500 {
		t.Errorf("scanned pages: ink %v, %v", ink, err)
	}
}
