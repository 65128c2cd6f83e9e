package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/internal/testshared"
)

func readSeed(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(testshared.Path(t, "seed-reports", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExtract_Artifacts(t *testing.T) {
	shilong := readSeed(t, "shilong-district-office-2023.txt")
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().String(shilong)
	jingzhou := readSeed(t, "jingzhou-county-2024-traditional-pinyin.txt")
	tests := []struct {
		name, url, ct, body string
		want, wantNot       []string
		year                int
	}{
		{"utf-8 official", "http://www.a.gov.cn/r.html", "text/plain; charset=utf-8", shilong, nil, []string{ArtifactGBK, ArtifactUnofficial}, 2023},
		{"gbk declared utf-8", "http://www.a.gov.cn/r.html", "text/plain; charset=utf-8", gbk, []string{ArtifactGBK, ArtifactLyingCharset}, nil, 2023},
		{"gbk undeclared", "http://www.a.gov.cn/r.html", "text/plain", gbk, []string{ArtifactGBK, ArtifactNoCharset}, []string{ArtifactLyingCharset}, 2023},
		{"traditional mirror", "http://btfghg.com/xxgk/r", "text/plain; charset=utf-8", jingzhou, []string{ArtifactPinyin, ArtifactTraditional, ArtifactUnofficial}, nil, 2024},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, ok, err := Parser{}.Extract(Input{URL: tt.url, ContentType: tt.ct, Body: []byte(tt.body)})
			if err != nil || !ok {
				t.Fatalf("Extract: ok=%v err=%v", ok, err)
			}
			for _, a := range tt.want {
				if !slices.Contains(rec.Artifacts, a) {
					t.Errorf("artifacts %v lack %q", rec.Artifacts, a)
				}
			}
			for _, a := range tt.wantNot {
				if slices.Contains(rec.Artifacts, a) {
					t.Errorf("artifacts %v have %q", rec.Artifacts, a)
				}
			}
			if rec.Year != tt.year || rec.Format != Format2021 || rec.SHA256 == "" || rec.ParserVersion != Version {
				t.Errorf("year %d format %q sha %q version %q", rec.Year, rec.Format, rec.SHA256, rec.ParserVersion)
			}
		})
	}
}

// docx builds a minimal WordprocessingML document with one paragraph per
// line and each tab-separated line as a table row.
func docx(t *testing.T, text string) []byte {
	t.Helper()
	var body strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if !strings.Contains(line, "\t") {
			body.WriteString("<w:p><w:r><w:t>" + xmlEscape(line) + "</w:t></w:r></w:p>")
			continue
		}
		body.WriteString("<w:tbl><w:tr>")
		for _, cell := range strings.Split(line, "\t") {
			body.WriteString("<w:tc><w:p><w:r><w:t>" + xmlEscape(cell) + "</w:t></w:r></w:p></w:tc>")
		}
		body.WriteString("</w:tr></w:tbl>")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`))
	zw.Close()
	return buf.Bytes()
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func TestExtract_DOCX(t *testing.T) {
	body := docx(t, readSeed(t, "shilong-district-office-2023.txt"))
	rec, ok, err := Parser{}.Extract(Input{URL: "http://www.a.gov.cn/P020240125.docx", ContentType: "application/octet-stream", Body: body})
	if err != nil || !ok {
		t.Fatalf("ok=%v err=%v", ok, err)
	}
	if rec.Year != 2023 || rec.Fields["app_new_total"] == nil || *rec.Fields["app_new_total"] != 24 {
		t.Errorf("year %d app_new_total %v", rec.Year, rec.Fields["app_new_total"])
	}
}

func TestExtract_PDF(t *testing.T) {
	pdf, err := os.ReadFile(testshared.Path(t, "real-reports", "hongze_qu_2024_hzq2024_working.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	// Without an extractor the capture is kept and the record says why.
	rec, _, err := Parser{}.Extract(Input{URL: "http://www.hongze.gov.cn/a.pdf", Body: pdf})
	if err != nil || !slices.Contains(rec.Artifacts, ArtifactPDFNoText) || !strings.Contains(rec.Note, "pdftotext") {
		t.Errorf("no extractor: err=%v artifacts=%v note=%q", err, rec.Artifacts, rec.Note)
	}
	failing := Parser{PDFText: func([]byte) (string, error) { return "", errors.New("boom") }}
	if rec, _, _ := failing.Extract(Input{URL: "http://x.gov.cn/a.pdf", Body: pdf}); !strings.Contains(rec.Note, "boom") {
		t.Errorf("failing extractor: note %q", rec.Note)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed; .ci/run installs poppler-utils")
	}
	p := Parser{PDFText: func(b []byte) (string, error) {
		cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
		cmd.Stdin = bytes.NewReader(b)
		out, err := cmd.Output()
		return string(out), err
	}}
	rec, ok, err := p.Extract(Input{URL: "http://www.hongze.gov.cn/a.pdf", Body: pdf})
	if err != nil || !ok || rec.Year != 2024 || !strings.Contains(rec.Agency, "洪泽区") {
		t.Errorf("pdf: ok=%v err=%v year=%d agency=%q", ok, err, rec.Year, rec.Agency)
	}
}

func TestExtract_NotText(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	if _, _, err := (Parser{}).Extract(Input{URL: "http://x.gov.cn/a.png", ContentType: "image/png", Body: png}); !errors.Is(err, ErrNotText) {
		t.Errorf("png: err = %v, want ErrNotText", err)
	}
	if _, _, err := (Parser{}).Extract(Input{URL: "http://x.gov.cn/a.zip", Body: []byte("PK\x03\x04junk")}); !errors.Is(err, ErrNotText) {
		t.Errorf("zip junk: err = %v, want ErrNotText", err)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("text/html", []byte("<html><title>某县2023年政府信息公开工作年度报告</title><table><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td></tr></table></html>"))
	f.Add("text/plain; charset=gbk", []byte("\xb2\xe2\xca\xd4"))
	f.Add("application/pdf", []byte("%PDF-1.4"))
	f.Add("", []byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		rec, _, err := Parser{}.Extract(Input{URL: "http://x.gov.cn/a", ContentType: ct, Body: body})
		if err != nil {
			return
		}
		if !utf8.ValidString(rec.Text) || !utf8.ValidString(rec.Title) || !utf8.ValidString(rec.Agency) {
			t.Fatalf("invalid UTF-8 in record")
		}
	})
}

func TestExtract_PDFFailureReasons(t *testing.T) {
	pdf := []byte("%PDF-1.4\n%%EOF\n")
	tests := []struct {
		name   string
		p      Parser
		reason string
	}{
		{"no extractor", Parser{}, "tool_missing:pdftotext"},
		{"tool missing", Parser{PDFText: func([]byte) (string, error) { return "", &ToolMissingError{Tool: "pdftotext"} }}, "tool_missing:pdftotext"},
		{"scan without OCR", Parser{PDFText: func([]byte) (string, error) { return " \f\n", nil }}, "tool_missing:tesseract"},
		{"empty text", Parser{PDFText: func([]byte) (string, error) { return " \f\n", nil },
			OCR: func([]byte, string, []int) (OCRDoc, error) { return OCRDoc{Pages: []OCRPage{{Number: 1}}}, nil }}, "empty_text"},
		{"tool error", Parser{PDFText: func([]byte) (string, error) { return "", errors.New("syntax\nerror") }}, "parse_error:pdf text: syntax error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, ok, err := tt.p.Extract(Input{URL: "http://x.gov.cn/a.pdf", Body: pdf})
			if err != nil || ok {
				t.Fatalf("ok=%v err=%v", ok, err)
			}
			if rec.ParseFailure != tt.reason {
				t.Errorf("ParseFailure = %q, want %q", rec.ParseFailure, tt.reason)
			}
		})
	}
}

func TestToolMissingError(t *testing.T) {
	err := fmt.Errorf("parse a.doc: %w", &ToolMissingError{Tool: "soffice", Package: "libreoffice-writer"})
	if MissingTool(err) != "soffice" || !errors.Is(err, &ToolMissingError{Tool: "soffice"}) || errors.Is(err, PDFToolMissing) {
		t.Errorf("MissingTool=%q", MissingTool(err))
	}
	if got := FailureReason(err); got != "tool_missing:soffice" || WaitingTool(got) != "soffice" {
		t.Errorf("FailureReason = %q", got)
	}
	if FailureReason(nil) != "" || WaitingTool("empty_text") != "" {
		t.Error("nil error or other reason names a tool")
	}
}

// A tool's error can run to megabytes; the record keeps a bounded note and
// reason, cut on a character boundary.
func TestExtract_LongToolErrorBounded(t *testing.T) {
	long := strings.Repeat("第1页 Syntax Error: 错误\n", 100000)
	p := Parser{PDFText: func([]byte) (string, error) { return "", errors.New(long) }}
	rec, _, err := p.Extract(Input{URL: "http://x.gov.cn/a.pdf", Body: []byte("%PDF-1.4\n%%EOF\n")})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Note) > maxNote+len("…") || !strings.HasSuffix(rec.Note, "…") || !strings.HasPrefix(rec.Note, "pdf text: 第1页") {
		t.Errorf("note is %d bytes (%.40q…), want the start of the error cut at %d bytes", len(rec.Note), rec.Note, maxNote)
	}
	if len(rec.ParseFailure) > 200+len("parse_error:") {
		t.Errorf("parse failure is %d bytes", len(rec.ParseFailure))
	}
	for _, s := range []string{rec.Note, rec.ParseFailure} {
		if !utf8.ValidString(s) {
			t.Errorf("cut inside a character: %q", s[len(s)-8:])
		}
	}
}
