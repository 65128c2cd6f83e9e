package pdftext

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

func TestExtractor_Text_RealReport(t *testing.T) {
	x := Extractor{}
	if !x.Available() {
		t.Skip("pdftotext not installed; .ci/run installs poppler-utils")
	}
	pdf, err := os.ReadFile(testshared.Path(t, "real-reports", "hongze_qu_2024_hzq2024_working.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := x.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"洪泽区", "2024", "政府信息公开", "行政复议"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestExtractor_Text_Errors(t *testing.T) {
	if _, err := (Extractor{Path: "/nonexistent/pdftotext"}).Text([]byte("%PDF-1.4")); !errors.Is(err, ErrMissing) {
		t.Errorf("missing binary: err = %v, want ErrMissing", err)
	}
	x := Extractor{}
	if !x.Available() {
		t.Skip("pdftotext not installed")
	}
	if _, err := x.Text([]byte("%PDF-1.4 this is not a pdf")); err == nil {
		t.Error("junk PDF: want an error")
	}
}
