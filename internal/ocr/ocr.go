// Package ocr reads page images with tesseract: PDF pages rasterised by
// poppler's pdftoppm, or image files. Before recognition the page's table
// rules are found and erased (grid.go); after it, tesseract's word boxes
// are put back into the table's cells by those rules (layout.go), so a
// scanned table reaches the report parser as rows of tab-separated cells,
// as a PDF text layer or an HTML table does. Each program run is bounded
// (toolrun) and has its own temporary directory.
package ocr

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/toolrun"
)

// Engine runs pdftoppm and tesseract. The zero value is usable: binaries on
// PATH, chi_sim, DefaultDPI, at most DefaultMaxPages pages, one page at a
// time.
type Engine struct {
	Tesseract   string        // "" = "tesseract"
	Pdftoppm    string        // "" = "pdftoppm"
	Pdfinfo     string        // "" = "pdfinfo"
	Langs       string        // tesseract languages; "" = "chi_sim"
	DPI         int           // page resolution; 0 = DefaultDPI
	MaxPages    int           // pages read per document; 0 = DefaultMaxPages
	PageTimeout time.Duration // per program run; 0 = 2 min
	Slots       int           // pages recognised at once; 0 = 1
	TempDir     string        // "" = os.TempDir()

	once sync.Once
	sem  chan struct{}
}

// Defaults, measured on the rasterised real reports (see the README).
const (
	DefaultDPI      = 300
	DefaultMaxPages = 40
)

// Page is one recognised page.
type Page struct {
	Number          int      // 1-based
	Lines           []string // table rows with tab-separated cells, text lines
	Chars           int      // characters recognised
	Confidence      float64  // their mean confidence, 0–100
	Figures         []Figure // numbers read in table cells
	Digits          int      // figures among them (number cells)
	DigitConfidence float64  // mean confidence of the figures
	MinDigit        float64  // lowest confidence of a figure (100 when none)
	Repaired        int      // number cells with look-alikes read as digits, or whose readings differed
	Elapsed         time.Duration
	CPU             time.Duration // CPU time of pdftoppm and tesseract for the page
	MaxRSSKB        int64         // peak memory of the tesseract run
}

// ErrEncrypted means the PDF needs a password to be rendered.
var ErrEncrypted = errors.New("pdf is password-protected")

func (e *Engine) slots() chan struct{} {
	e.once.Do(func() { e.sem = make(chan struct{}, max(e.Slots, 1)) })
	return e.sem
}

func (e *Engine) timeout() time.Duration {
	if e.PageTimeout > 0 {
		return e.PageTimeout
	}
	return 2 * time.Minute
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// PDF recognises pages of a PDF (1-based numbers; nil = every page up to
// MaxPages). It returns the pages read and, when the document has more
// pages than MaxPages, how many it has.
func (e *Engine) PDF(ctx context.Context, pdf []byte, pages []int) ([]Page, int, error) {
	dir, err := os.MkdirTemp(e.TempDir, "nianbao-ocr-")
	if err != nil {
		return nil, 0, fmt.Errorf("ocr: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		return nil, 0, fmt.Errorf("ocr: %w", err)
	}
	total, err := e.pageCount(ctx, dir, in)
	if err != nil {
		return nil, 0, err
	}
	if pages == nil {
		for n := 1; n <= total; n++ {
			pages = append(pages, n)
		}
	}
	limit := e.MaxPages
	if limit <= 0 {
		limit = DefaultMaxPages
	}
	if len(pages) > limit {
		pages = pages[:limit]
	}
	out := make([]Page, 0, len(pages))
	for _, n := range pages {
		p, err := e.pdfPage(ctx, dir, in, n)
		if err != nil {
			return out, total, err
		}
		out = append(out, p)
	}
	return out, total, nil
}

// pageCount asks pdfinfo how many pages the document has.
func (e *Engine) pageCount(ctx context.Context, dir, in string) (int, error) {
	res, err := toolrun.Run(ctx, toolrun.Spec{Tool: orDefault(e.Pdfinfo, "pdfinfo"), Package: "poppler-utils",
		Dir: dir, Timeout: e.timeout(), Args: []string{in}, MaxOutput: 1 << 20})
	if err != nil {
		if strings.Contains(err.Error(), "assword") {
			return 0, fmt.Errorf("ocr: %w", ErrEncrypted)
		}
		return 0, fmt.Errorf("ocr: %w", err)
	}
	for _, ln := range strings.Split(string(res.Stdout), "\n") {
		if v, ok := strings.CutPrefix(ln, "Pages:"); ok {
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
				return n, nil
			}
		}
	}
	return 0, errors.New("ocr: pdfinfo gave no page count")
}

// pdfPage renders page n in gray at the engine's resolution and reads it.
func (e *Engine) pdfPage(ctx context.Context, dir, in string, n int) (Page, error) {
	start := time.Now()
	dpi := e.DPI
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	prefix := filepath.Join(dir, "page")
	render, err := toolrun.Run(ctx, toolrun.Spec{Tool: orDefault(e.Pdftoppm, "pdftoppm"), Package: "poppler-utils",
		Dir: dir, Timeout: e.timeout(), Args: []string{"-r", strconv.Itoa(dpi), "-gray", "-singlefile",
			"-f", strconv.Itoa(n), "-l", strconv.Itoa(n), in, prefix}})
	if err != nil {
		return Page{}, fmt.Errorf("ocr page %d: %w", n, err)
	}
	img, err := os.ReadFile(prefix + ".pgm")
	if err != nil {
		return Page{}, fmt.Errorf("ocr page %d: %w", n, err)
	}
	g, err := readPGM(img)
	if err != nil {
		return Page{}, fmt.Errorf("ocr page %d: %w", n, err)
	}
	p, err := e.recognise(ctx, dir, g, dpi)
	p.Number, p.CPU, p.Elapsed = n, p.CPU+render.CPU, time.Since(start)
	return p, err
}

// recognise finds the table rules of g and erases them, reads the tables'
// cells (readCells), then blanks the cells and reads the text around
// them, and puts both back into lines.
func (e *Engine) recognise(ctx context.Context, dir string, g *gray, dpi int) (Page, error) {
	h, v := findRules(g, dpi/2, dpi/4)
	boxes := findCells(h, v, max(dpi/15, 8))
	cells, c, err := e.readCells(ctx, dir, g, boxes, dpi)
	if err != nil {
		return Page{}, err
	}
	blank(g, boxes)
	words, err := e.tess(ctx, dir, "page", g, dpi, &c, "-l", orDefault(e.Langs, "chi_sim"), "--psm", "6")
	if err != nil {
		return Page{}, err
	}
	lines, figs, repaired := assemble(words, cells)
	p := Page{Lines: lines, Figures: figs, Repaired: repaired, CPU: time.Duration(c.cpu), MaxRSSKB: c.maxRSS}
	p.score(words, cells)
	return p, nil
}

// score fills the page's confidence figures: characters of the text and
// of the cells, and the figures (a figure's confidence is its least
// certain digit's).
func (p *Page) score(words []word, cells []cellRead) {
	p.MinDigit = 100
	var sum, dsum float64
	for _, w := range words {
		p.Chars++
		sum += w.conf
	}
	for _, c := range cells {
		n := utf8.RuneCountInString(c.text)
		p.Chars += n
		sum += c.conf * float64(n)
		if c.number {
			p.Digits++
			dsum += c.conf
			p.MinDigit = min(p.MinDigit, c.conf)
		}
	}
	if p.Chars > 0 {
		p.Confidence = sum / float64(p.Chars)
	}
	if p.Digits > 0 {
		p.DigitConfidence = dsum / float64(p.Digits)
	}
}

func isNumber(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',':
		default:
			return false
		}
	}
	return digits > 0
}
