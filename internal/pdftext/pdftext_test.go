package pdftext

import (
	"errors"
	"math/rand/v2"
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

// A damaged PDF makes pdftotext print an error line per bad object:
// megabytes for a large file. The error keeps the first and last of them
// and the count, so a record's note stays small.
func TestExtractor_Text_ManyErrorsSummarised(t *testing.T) {
	x := Extractor{}
	if !x.Available() {
		t.Skip("pdftotext not installed")
	}
	junk := make([]byte, 2<<20)
	rand.NewChaCha8([32]byte{4}).Read(junk) // this seed makes pdftotext 22.12 print 1,651 error lines (95 KB)
	copy(junk, "%PDF-1.4\n")
	_, err := x.Text(junk)
	if err == nil {
		t.Fatal("random bytes: want an error")
	}
	msg := err.Error()
	if len(msg) > 1000 {
		t.Errorf("error is %d bytes, want a summary under 1000: %.300s…", len(msg), msg)
	}
	if !strings.Contains(msg, "Syntax Error") || !strings.Contains(msg, " lines)") {
		t.Errorf("error %q: want pdftotext's first message and the line count", msg)
	}
}
