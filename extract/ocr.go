package extract

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/nianbao/nianbao/extract/report"
)

// OCRToolMissing is the error for a scan read without tesseract.
var OCRToolMissing = &ToolMissingError{Tool: "tesseract", Package: "tesseract-ocr tesseract-ocr-chi-sim"}

// OCRPage is one page read by optical character recognition: table rows
// as tab-separated cells, as in a PDF's text layer.
type OCRPage struct {
	Number          int     // 1-based page of the document
	Text            string  // lines of the page
	Confidence      float64 // mean character confidence, 0–100
	Digits          int     // digits read
	DigitConfidence float64 // their mean confidence
	MinDigit        float64 // the lowest (100 when there are none)
	Repaired        int     // number cells with look-alikes read as digits (]→1, O→0) or whose readings differed
	Figures         []OCRFigure
}

// OCRDoc is what an OCR run read of a document.
type OCRDoc struct {
	Pages      []OCRPage
	TotalPages int // pages of the document (more than len(Pages) when capped)
}

// OCRInfo is on every record whose text came, wholly or partly, from OCR.
type OCRInfo struct {
	Pages           []int   `json:"pages"`            // pages read by OCR
	Why             string  `json:"why,omitempty"`    // why the text layer was not used, per page ("2:no_text")
	Confidence      float64 `json:"confidence"`       // mean character confidence, 0–100
	DigitConfidence float64 `json:"digit_confidence"` // mean confidence of the digits: the figures' confidence
	MinDigit        float64 `json:"min_digit"`        // the least confident digit
	Repaired        int     `json:"repaired"`         // number cells with look-alikes read as digits, or two readings that differed
	Capped          int     `json:"capped,omitempty"` // pages of the document beyond the OCR page limit, unread
	// Figures gives each field read from a table cell by OCR its
	// confidence, 0–100: that of its least certain digit, at most 50 when
	// two readings of the cell differed. FigureConfidence is their mean,
	// MinFigure the least; both 0 when no field came from a cell.
	Figures          map[string]float64 `json:"figures,omitempty"`
	FigureConfidence float64            `json:"figure_confidence"`
	MinFigure        float64            `json:"min_figure"`
	// Relabelled lists the table labels OCR misread that were taken for
	// the form's nearest label ("p2:行政处昼→行政处罚"): close and unique
	// only (see relabel). Figures are never changed.
	Relabelled []string `json:"relabelled,omitempty"`
}

// ErrImageNotScan is returned for an image too small to be a scanned page.
var ErrImageNotScan = errors.New("image too small to be a scanned report page")

// minScanBytes: smaller images are logos and icons, not scanned pages.
const minScanBytes = 30 << 10

// ocrPDF replaces the unusable pages of a PDF's text layer by OCR. It
// returns the text to parse; with no OCR configured it fails with
// OCRToolMissing only when no page is usable.
func (p Parser) ocrPDF(rec *Record, body []byte, text string) (string, error) {
	pages := pdfPages(text)
	var ink []int
	if p.OCR != nil && p.PageInk != nil {
		ink, _ = p.PageInk(body) // without it the text alone is judged
	}
	bad, why := unusablePages(pages, ink)
	if len(bad) == 0 {
		return text, nil
	}
	if p.OCR == nil {
		if len(bad) == len(pages) {
			return "", fmt.Errorf("text layer unusable (%s): %w", why, OCRToolMissing)
		}
		rec.Artifacts = append(rec.Artifacts, ArtifactLayerPartial)
		return text, nil
	}
	doc, err := p.OCR(body, KindPDF, bad)
	if err != nil {
		return "", fmt.Errorf("ocr (%s): %w", why, err)
	}
	tr := &ocrTrace{figs: map[int][]OCRFigure{}}
	var relabelled []string
	for _, pg := range doc.Pages {
		if pg.Number >= 1 && pg.Number <= len(pages) {
			text, done := relabel(pg.Text)
			pages[pg.Number-1], relabelled = text, append(relabelled, pagePrefix(pg.Number, done)...)
			tr.figs[pg.Number-1] = pg.Figures
		}
	}
	tr.pages = pages
	rec.ocrTrace = tr
	noteOCR(rec, doc, why)
	if rec.OCR != nil {
		rec.OCR.Relabelled = relabelled
	}
	text = strings.Join(pages, "\f")
	if strings.TrimSpace(text) == "" {
		return "", fmt.Errorf("no text on any page, by text layer or OCR: %w", ErrEmptyText)
	}
	return text, nil
}

// ocrImage reads a scanned page image.
func (p Parser) ocrImage(rec *Record, body []byte) (string, error) {
	if len(body) < minScanBytes {
		return "", ErrImageNotScan
	}
	if p.OCR == nil {
		return "", OCRToolMissing
	}
	doc, err := p.OCR(body, KindImage, nil)
	if err != nil {
		return "", fmt.Errorf("ocr: %w", err)
	}
	noteOCR(rec, doc, "image")
	texts := make([]string, len(doc.Pages))
	tr := &ocrTrace{figs: map[int][]OCRFigure{}}
	for i, pg := range doc.Pages {
		var done []string
		texts[i], done = relabel(pg.Text)
		tr.figs[i] = pg.Figures
		if rec.OCR != nil {
			rec.OCR.Relabelled = append(rec.OCR.Relabelled, pagePrefix(pg.Number, done)...)
		}
	}
	tr.pages, rec.ocrTrace = texts, tr
	return strings.Join(texts, "\f"), nil
}

// noteOCR records where OCR was used and how confident it was.
func noteOCR(rec *Record, doc OCRDoc, why string) {
	if len(doc.Pages) == 0 {
		return
	}
	rec.TextSource = SourceOCR
	info := &OCRInfo{Why: why, MinDigit: 100, Capped: max(doc.TotalPages-len(doc.Pages), 0)}
	var conf, dconf float64
	digits := 0
	for _, pg := range doc.Pages {
		info.Pages = append(info.Pages, pg.Number)
		conf += pg.Confidence
		dconf += pg.DigitConfidence * float64(pg.Digits)
		digits += pg.Digits
		info.MinDigit = math.Min(info.MinDigit, pg.MinDigit)
		info.Repaired += pg.Repaired
	}
	info.Confidence = round1(conf / float64(len(doc.Pages)))
	if digits > 0 {
		info.DigitConfidence = round1(dconf / float64(digits))
	}
	info.MinDigit = round1(info.MinDigit)
	rec.OCR = info
	if info.Capped > 0 {
		rec.Artifacts = append(rec.Artifacts, ArtifactOCRCapped)
		note := fmt.Sprintf("OCR read %d of the document's %d pages (page limit); the rest unread", len(doc.Pages), doc.TotalPages)
		rec.Note = strings.TrimSpace(rec.Note + " " + note)
	}
}

// pagePrefix puts the page number before each replacement made on it.
func pagePrefix(page int, done []string) []string {
	for i, d := range done {
		done[i] = fmt.Sprintf("p%d:%s", page, d)
	}
	return done
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// flagOCRChecks marks an OCR record whose figures break the form's own
// rules: the likeliest cause is a misread digit. Values are not changed.
func flagOCRChecks(rec *Record, res report.Result) {
	if rec.TextSource != SourceOCR {
		return
	}
	var failed []string
	for _, c := range res.Checks {
		if !c.Pass {
			failed = append(failed, c.Name)
		}
	}
	if len(failed) > 0 {
		rec.Artifacts = append(rec.Artifacts, ArtifactOCRCheckFailed)
		note := "OCR figures break the form's checks (possible misreads, values unchanged): " + strings.Join(failed, ", ")
		rec.Note = strings.TrimSpace(rec.Note + " " + note)
	}
}
