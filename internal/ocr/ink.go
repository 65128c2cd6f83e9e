package ocr

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/toolrun"
)

// InkDPI is the resolution pages are rendered at to weigh their ink: a
// character of body text is a few pixels, a whole A4 page 200×280.
const InkDPI = 24

// maxInkPages bounds the pages weighed per document.
const maxInkPages = 200

// Ink weighs the ink of each page of a PDF (up to maxInkPages): the dark
// pixels of the page rendered at InkDPI, table rules left out. A page's
// text layer should account for its ink; where it does not, the text is
// drawn as an image or with glyphs that map to no text (extract's
// judgement of the text layer, "few_glyphs").
func (e *Engine) Ink(ctx context.Context, pdf []byte) ([]int, error) {
	dir, err := os.MkdirTemp(e.TempDir, "nianbao-ink-")
	if err != nil {
		return nil, fmt.Errorf("ink: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		return nil, fmt.Errorf("ink: %w", err)
	}
	_, err = toolrun.Run(ctx, toolrun.Spec{Tool: orDefault(e.Pdftoppm, "pdftoppm"), Package: "poppler-utils",
		Dir: dir, Timeout: e.timeout(), Args: []string{"-r", strconv.Itoa(InkDPI), "-gray",
			"-l", strconv.Itoa(maxInkPages), in, filepath.Join(dir, "p")}})
	if err != nil {
		if strings.Contains(err.Error(), "assword") {
			return nil, fmt.Errorf("ink: %w", ErrEncrypted)
		}
		return nil, fmt.Errorf("ink: %w", err)
	}
	names, err := filepath.Glob(filepath.Join(dir, "p-*.pgm"))
	if err != nil {
		return nil, fmt.Errorf("ink: %w", err)
	}
	sort.Strings(names) // pdftoppm pads page numbers to one width
	out := make([]int, 0, len(names))
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("ink: %w", err)
		}
		g, err := readPGM(b)
		if err != nil {
			return nil, fmt.Errorf("ink %s: %w", filepath.Base(name), err)
		}
		out = append(out, inkPixels(g))
	}
	return out, nil
}

// inkPixels counts the dark pixels of a low-resolution page once its
// rules (runs of ink an inch long) are erased.
func inkPixels(g *gray) int {
	findRules(g, InkDPI, InkDPI)
	n := 0
	for _, p := range g.pix {
		if p < dark {
			n++
		}
	}
	return n
}
