package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/extract/report"
)

// wantBoai is the parse of the Word-exported page the office fixtures were
// made from (scripts/office-fixtures.sh): every conversion must give the
// same figures.
func wantBoai(t *testing.T) report.Result {
	t.Helper()
	page, err := os.ReadFile(filepath.Join("report", "testdata", "boai_word_trs.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := report.ParseHTML(page, report.Hint{})
	if !want.IsReport || len(want.Fields) < 150 {
		t.Fatalf("source page: report=%v, %d fields", want.IsReport, len(want.Fields))
	}
	return want
}

func officeFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "office", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sameFigures fails t for every field of want that rec lacks or differs in.
func sameFigures(t *testing.T, rec *Record, want report.Result) {
	t.Helper()
	if rec.Year != want.Year || rec.Format != want.Format {
		t.Errorf("year %d format %q, want %d %q", rec.Year, rec.Format, want.Year, want.Format)
	}
	bad := 0
	for k, w := range want.Fields {
		g, ok := rec.Fields[k]
		switch {
		case !ok, (g == nil) != (w == nil), g != nil && *g != *w, g == nil && rec.Nulls[k] != want.Nulls[k]:
			bad++
			if bad <= 5 {
				t.Errorf("%s = %v (%s), want %v (%s)", k, deref(g), rec.Nulls[k], deref(w), want.Nulls[k])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d fields differ", bad, len(want.Fields))
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestExtract_OfficeNative(t *testing.T) {
	want := wantBoai(t)
	for _, tt := range []struct{ file, url, kind string }{
		{"boai.docx", "http://x.gov.cn/a.docx", KindDOCX},
		{"boai.docx", "http://x.gov.cn/a.wps", KindDOCX}, // WPS saved as OOXML
		{"boai.xlsx", "http://x.gov.cn/a.xlsx", KindXLSX},
		{"boai.xlsx", "http://x.gov.cn/a.et", KindXLSX},
		{"boai.odt", "http://x.gov.cn/a.odt", KindODT},
		{"boai.ods", "http://x.gov.cn/a.ods", KindODS},
	} {
		t.Run(tt.file+"_as_"+filepath.Ext(tt.url), func(t *testing.T) {
			body := officeFixture(t, tt.file)
			if k := Sniff("application/octet-stream", tt.url, body); k != tt.kind {
				t.Fatalf("Sniff = %q, want %q", k, tt.kind)
			}
			rec, ok, err := Parser{}.Extract(Input{URL: tt.url, ContentType: "application/octet-stream", Body: body})
			if err != nil || !ok {
				t.Fatalf("Extract: ok=%v err=%v note=%s", ok, err, rec.Note)
			}
			if rec.TextSource != SourceOffice {
				t.Errorf("text_source %q", rec.TextSource)
			}
			sameFigures(t, rec, want)
		})
	}
}
