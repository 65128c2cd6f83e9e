// Package pdftext extracts the text layer of a PDF with poppler's pdftotext.
// It is the one piece of report parsing that needs the outside world, so it
// lives outside the pure extract package and is handed to it.
package pdftext

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/toolrun"
)

// ErrMissing means the pdftotext binary is not installed; it is the
// extract package's typed error, so callers find it with errors.As.
var ErrMissing error = extract.PDFToolMissing

// Extractor runs pdftotext -layout on PDF bytes.
type Extractor struct {
	Path    string        // binary; "" means "pdftotext" on PATH
	Timeout time.Duration // per document; 0 means 60 s
}

// Available reports whether the binary can be found.
func (x Extractor) Available() bool {
	_, err := exec.LookPath(x.bin())
	return err == nil
}

func (x Extractor) bin() string {
	if x.Path == "" {
		return "pdftotext"
	}
	return x.Path
}

// Text returns the document's text in reading layout, UTF-8, pages separated
// by form feeds.
func (x Extractor) Text(pdf []byte) (string, error) {
	bin, err := exec.LookPath(x.bin())
	if err != nil {
		return "", ErrMissing
	}
	timeout := x.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var out bytes.Buffer
	var stderr toolrun.Stderr
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("pdftotext: gave up after %v", timeout)
		}
		msg := stderr.Summary()
		if bytes.Contains(stderr.Head(), []byte("ncorrect password")) {
			return "", fmt.Errorf("pdftotext: %s: %w", msg, extract.ErrEncrypted)
		}
		return "", fmt.Errorf("pdftotext: %v: %s", err, msg)
	}
	return out.String(), nil
}
