package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

// parse of a PDF without pdftotext prints the record and exits non-zero
// naming the missing tool (it used to say not_report "empty" and exit 0).
func TestCLI_ParseNamesMissingTool(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("pdftotext: /nonexistent/pdftotext\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := testshared.Path(t, "real-reports", "hongze_qu_2024_hzq2024_working.pdf")
	out, errs, code := runCLI(t, "parse", "--config", cfg, pdf)
	if code == 0 || !strings.Contains(errs, "pdftotext not found") || !strings.Contains(out, "tool_missing:pdftotext") {
		t.Errorf("exit %d\nstdout %.300s\nstderr %s", code, out, errs)
	}
}
