package extract

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// TestExtract_BadInput: documents that are not what they claim, or are
// damaged, give a record with a clear reason (or are read for what they
// really are), quickly and without a panic.
func TestExtract_BadInput(t *testing.T) {
	seed := readSeed(t, "boai-county-office-2023.txt")
	ofd := buildOFD(seed, "博爱县2023年政府信息公开工作年度报告")
	tests := []struct {
		name, url, ct string
		body          []byte
		source        string // text_source
		failure       string // prefix of parse_failure; "" = read
	}{
		{"corrupt OFD zip", "http://x.gov.cn/a.ofd", "application/ofd", ofd[:len(ofd)*2/3], SourceOFD, "parse_error:"},
		{"OFD zip with its document XML cut", "http://x.gov.cn/a.ofd", "", cutEntry(t, ofd), SourceOFD, "parse_error:"},
		{"xls that is HTML", "http://x.gov.cn/a.xls", "application/vnd.ms-excel",
			[]byte("<html><head><meta charset=utf-8></head><body><table><tr><td>" +
				strings.ReplaceAll(strings.ReplaceAll(seed, "\t", "</td><td>"), "\n", "</td></tr><tr><td>") +
				"</td></tr></table></body></html>"), SourceHTML, ""},
		{"doc that is RTF, no converter", "http://x.gov.cn/a.doc", "application/msword", officeFixture(t, "boai.rtf"), SourceOffice, "tool_missing:soffice"},
	}
	for _, tt := range tests {
		start := time.Now()
		rec, ok, err := Parser{}.Extract(Input{URL: tt.url, ContentType: tt.ct, Body: tt.body, AnchorText: "博爱县2023年政府信息公开工作年度报告"})
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: took %v", tt.name, d)
		}
		if rec.TextSource != tt.source || !strings.HasPrefix(rec.ParseFailure, tt.failure) || (tt.failure == "" && !ok) {
			t.Errorf("%s: source %q failure %q ok %v note %q", tt.name, rec.TextSource, rec.ParseFailure, ok, rec.Note)
		}
		if tt.failure != "" && rec.Note == "" {
			t.Errorf("%s: no reason on the record", tt.name)
		}
		if tt.failure == "" && (rec.Fields["app_new_total"] == nil || rec.Year != 2023) {
			t.Errorf("%s: read for what it is, yet no figures (year %d)", tt.name, rec.Year)
		}
	}
}

// cutEntry rewrites an OFD package with its Document.xml cut in half: a
// sound zip holding broken XML.
func cutEntry(t *testing.T, ofd []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(ofd), int64(len(ofd)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasSuffix(f.Name, "Document.xml") {
			b = b[:len(b)/2]
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}
