package extract

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"os"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract/report"
	"github.com/nianbao/nianbao/internal/testshared"
)

func zipWith(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func deflated(s string) []byte {
	var b bytes.Buffer
	zw := zlib.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

func TestDocDate(t *testing.T) {
	real := func(name string) []byte {
		b, err := os.ReadFile(testshared.Path(t, "real-reports", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	objStm := append([]byte("%PDF-1.5\n5 0 obj\n<</Type/ObjStm/N 1/First 4/Filter/FlateDecode>>\nstream\n"),
		deflated("7 0 <</Producer(x)/CreationDate(D:20230305093000+08'00')>>")...)
	core := `<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">2024-02-25T17:30:00Z</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-01T01:00:00Z</dcterms:modified></cp:coreProperties>`
	may := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		kind       string
		body       []byte
		fetched    time.Time
		want, from string
	}{
		{"hongze 2023 (CreationDate +06'41')", KindPDF, real("hongze_qu_2023_hzq2023_working.pdf"), may, "2024-02-26", report.PublishedPDFMetadata},
		{"huaian 2024", KindPDF, real("huaian_shi_2024_szfgs2024.pdf"), may, "2025-02-25", report.PublishedPDFMetadata},
		{"fetched the same day: made on request", KindPDF, real("huaian_shi_2024_szfgs2024.pdf"), time.Date(2025, 2, 25, 3, 0, 0, 0, time.UTC), "", ""},
		{"no fetch time known", KindPDF, real("huaian_shi_2024_szfgs2024.pdf"), time.Time{}, "2025-02-25", report.PublishedPDFMetadata},
		{"UTF-16 hex string", KindPDF, []byte("%PDF-1.4\n<</ModDate <FEFF0044003A00320030003200330030003100310035>>>"), may, "2023-01-15", report.PublishedPDFMetadata},
		{"Info in a compressed object stream", KindPDF, objStm, may, "2023-03-05", report.PublishedPDFMetadata},
		{"XMP only", KindPDF, []byte("%PDF-1.6\n<xmp:CreateDate>2022-12-30T20:00:00-05:00</xmp:CreateDate>"), may, "2022-12-31", report.PublishedPDFMetadata},
		{"no date", KindPDF, []byte("%PDF-1.4\n<</Producer(x)>>"), may, "", ""},
		{"garbage date", KindPDF, []byte("%PDF-1.4\n<</CreationDate(D:99999999)>>"), may, "", ""},
		{"docx created (UTC evening = next day in China)", KindDOCX, zipWith(t, map[string]string{"word/document.xml": "<w:document/>", "docProps/core.xml": core}), may, "2024-02-26", report.PublishedDOCXMetadata},
		{"xlsx", KindXLSX, zipWith(t, map[string]string{"docProps/core.xml": core}), may, "2024-02-26", PublishedOfficeMetadata},
		{"odt", KindODT, zipWith(t, map[string]string{"meta.xml": "<office:meta><meta:creation-date>2021-02-03T10:00:00</meta:creation-date></office:meta>"}), may, "2021-02-03", PublishedOfficeMetadata},
		{"docx without core.xml", KindDOCX, zipWith(t, map[string]string{"word/document.xml": "<w:document/>"}), may, "", ""},
		{"not a zip", KindDOCX, []byte("PK\x03\x04 broken"), may, "", ""},
		{"html has none", KindHTML, []byte("<meta name=PubDate content=2024-01-01>"), may, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, from := docDate(tt.kind, tt.body, tt.fetched)
			if got != tt.want || from != tt.from {
				t.Errorf("docDate = %q from %q, want %q from %q", got, from, tt.want, tt.from)
			}
		})
	}
}

// TestExtract_PDFPublished: a PDF report gets the listing's date when the
// crawler saw one, else its own metadata date, and says which.
func TestExtract_PDFPublished(t *testing.T) {
	body, err := os.ReadFile(testshared.Path(t, "real-reports", "hongze_qu_2024_hzq2024_working.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	p := Parser{PDFText: func([]byte) (string, error) {
		return "淮安市洪泽区人民政府2024年政府信息公开工作年度报告\n一、总体情况\n正文\n", nil
	}}
	for _, tt := range []struct{ listed, want, from string }{
		{"2025-3-3", "2025-03-03", report.PublishedListing},
		{"", "2025-02-25", report.PublishedPDFMetadata},
	} {
		rec, _, err := p.Extract(Input{URL: "http://x.gov.cn/a.pdf", Body: body, LinkDate: tt.listed,
			FetchedAt: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Published != tt.want || rec.PublishedSource != tt.from || rec.Agency != "淮安市洪泽区人民政府" {
			t.Errorf("listed %q: published %q from %q, agency %q; want %q from %q", tt.listed, rec.Published, rec.PublishedSource, rec.Agency, tt.want, tt.from)
		}
	}
}
