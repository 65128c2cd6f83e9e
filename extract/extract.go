package extract

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/nianbao/nianbao/extract/charset"
	"github.com/nianbao/nianbao/extract/report"
	"github.com/nianbao/nianbao/extract/textnorm"
)

// Version identifies the whole extraction (decode + normalise + parse).
// Records carry it so `nianbao reparse` can tell which rules produced them.
const Version = "1+" + report.Version

// Input is one archived body and what is known about where it came from.
type Input struct {
	URL        string // final URL of the page or attachment
	SourceURL  string // page it was found on
	AnchorText string // link text it was found under, if any
	// LinkDate is a date the page it was found on gave the link, and
	// LinkDateFrom which: "listing" (shown beside the link) or "page" (the
	// publication date of the report page a document hangs on).
	LinkDate, LinkDateFrom string
	ContentType            string // response Content-Type
	Body                   []byte // raw bytes as received
	SHA256                 string // digest of Body; computed when empty
	FetchedAt              time.Time
	RegionCode             string
	RegionName             string
	Province               string
}

// PDFToolMissing is the error for a PDF read without poppler's pdftotext.
var PDFToolMissing = &ToolMissingError{Tool: "pdftotext", Package: "poppler-utils"}

// Parser turns inputs into records. The zero Parser works for HTML, text,
// DOCX, XLSX and ODT; PDFs need PDFText, Word and Excel binaries and RTF
// need Office.
type Parser struct {
	// PDFText extracts the text layer of a PDF (e.g. `pdftotext -layout`).
	// Nil, or an error from it, leaves a PDF record unparsed with the
	// artifact "pdf_no_text", the error in Note and its FailureReason in
	// ParseFailure (nil reads as a missing pdftotext).
	PDFText func(pdf []byte) (string, error)
	// Office converts a document the parser does not read itself (KindDOC,
	// KindXLS, KindRTF, KindODS: what the bytes are, whatever the name
	// says) to HTML, or to text with table cells separated by tabs. Nil,
	// or an error from it, leaves the record unparsed with the reason in
	// Note and ParseFailure (nil reads as a missing soffice).
	Office func(body []byte, kind string) (OfficeDoc, error)
	// OCR reads page images: the given 1-based pages of a PDF (kind
	// KindPDF) whose text layer is unusable, or an image (KindImage, pages
	// nil). Nil leaves scans unread with the reason tool_missing:tesseract.
	OCR func(doc []byte, kind string, pages []int) (OCRDoc, error)
	// PageInk weighs each page's ink (dark pixels at a low resolution,
	// table rules left out; see judgeLayer). Consulted only with OCR set;
	// nil, or an error from it, judges the text layer by its text alone.
	PageInk func(pdf []byte) ([]int, error)
}

// OfficeDoc is a converted document: HTML whose tables are <table>s, or
// text with one table row per line and cells separated by tabs.
type OfficeDoc struct {
	HTML []byte
	Text string
	Tool string // what converted it, e.g. "soffice", "catdoc"
}

// Text sources: where a record's text came from.
const (
	SourceHTML    = "html"     // an HTML page
	SourceText    = "text"     // a plain-text body (a copy made by another tool)
	SourcePDFText = "pdf_text" // a PDF's text layer
	SourceOffice  = "office"   // a word-processor or spreadsheet file
	SourceOFD     = "ofd"      // an OFD document's text objects
	SourceOCR     = "ocr"      // optical character recognition of page images
)

// ErrNotText is returned for bodies that are neither text nor a document
// format the parser reads (images without OCR, archives).
var ErrNotText = errors.New("body is not a document format the parser reads")

// ErrEncrypted is returned for password-protected documents.
var ErrEncrypted = errors.New("document is password-protected")

// OfficeToolMissing is the error for a document that needs LibreOffice
// when no converter is configured.
var OfficeToolMissing = &ToolMissingError{Tool: "soffice", Package: "libreoffice-writer libreoffice-calc"}

// Extract parses one body. It returns the record, whether the body is an
// annual report (look-alikes such as 年报解读 are not), and an error only for
// bodies it cannot read at all. It never panics on bad input.
func (p Parser) Extract(in Input) (*Record, bool, error) {
	rec := base(in)
	kind := Sniff(in.ContentType, in.URL, in.Body)
	hint := report.Hint{URL: in.URL, AnchorText: in.AnchorText, LinkDate: in.LinkDate, LinkDateFrom: in.LinkDateFrom}
	hint.DocDate, hint.DocDateSource = docDate(kind, in.Body, in.FetchedAt)
	res, err := p.read(rec, kind, in, hint)
	if err != nil {
		return rec, false, fmt.Errorf("%s (%s): %w", in.URL, in.ContentType, err)
	}
	fill(rec, res)
	flagOCRChecks(rec, res)
	noteFigures(rec, rec.ocrTrace, hint)
	rec.ocrTrace = nil
	return rec, res.IsReport, nil
}

// read turns the body into a parsed result according to its kind.
func (p Parser) read(rec *Record, kind string, in Input, hint report.Hint) (report.Result, error) {
	switch kind {
	case KindPDF:
		rec.TextSource = SourcePDFText
		text, err := p.pdfText(in.Body)
		if err == nil {
			text, err = p.ocrPDF(rec, in.Body, text)
		}
		rec.Artifacts = append(rec.Artifacts, ArtifactPDF)
		if err != nil {
			rec.Artifacts = append(rec.Artifacts, ArtifactPDFNoText)
			rec.Note, rec.ParseFailure = FailureNote(err), FailureReason(err)
			return report.ParseText("", hint), nil
		}
		return p.parseText(rec, text, hint, false), nil
	case KindDOCX, KindXLSX, KindODT, KindODS, KindDOC, KindXLS, KindRTF, KindEncrypted:
		rec.TextSource = SourceOffice
		res, err := p.readOffice(rec, kind, in.Body, hint)
		if err != nil {
			rec.Note, rec.ParseFailure = FailureNote(err), FailureReason(err)
			return report.ParseText("", hint), nil
		}
		return res, nil
	case KindOFD:
		rec.TextSource = SourceOFD
		text, err := ofdText(in.Body)
		if err != nil {
			rec.Note, rec.ParseFailure = FailureNote(err), FailureReason(err)
			return report.ParseText("", hint), nil
		}
		return p.parseText(rec, text, hint, false), nil
	case KindImage:
		text, err := p.ocrImage(rec, in.Body)
		if errors.Is(err, ErrImageNotScan) {
			return report.Result{}, fmt.Errorf("%w: %w", ErrNotText, err)
		}
		if err != nil {
			rec.TextSource = SourceOCR
			rec.Note, rec.ParseFailure = FailureNote(err), FailureReason(err)
			return report.ParseText("", hint), nil
		}
		return p.parseText(rec, text, hint, false), nil
	case KindHTML, KindText:
		rec.TextSource = SourceText
		if kind == KindHTML {
			rec.TextSource = SourceHTML
		}
		utf8, dec := charset.Decode(in.Body, in.ContentType)
		noteCharset(rec, dec)
		return p.parseText(rec, string(utf8), hint, kind == KindHTML), nil
	}
	return report.Result{}, ErrNotText
}

func (p Parser) pdfText(pdf []byte) (string, error) {
	if p.PDFText == nil {
		return "", fmt.Errorf("no PDF text extractor configured: %w", PDFToolMissing)
	}
	text, err := p.PDFText(pdf)
	if err != nil {
		return "", fmt.Errorf("pdf text: %w", err)
	}
	return text, nil
}

// parseText normalises text (mojibake, pinyin, traditional) and parses it.
func (p Parser) parseText(rec *Record, text string, hint report.Hint, html bool) report.Result {
	norm, arts := textnorm.Normalize(text)
	rec.Artifacts = append(rec.Artifacts, arts...)
	if html {
		return report.ParseHTML([]byte(norm), hint)
	}
	return report.ParseText(norm, hint)
}

func base(in Input) *Record {
	sum := in.SHA256
	if sum == "" {
		sum = digest(in.Body)
	}
	host := ""
	if u, err := url.Parse(in.URL); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	rec := &Record{
		URL: in.URL, SourceURL: in.SourceURL, RegionCode: in.RegionCode,
		RegionName: in.RegionName, Province: in.Province, SHA256: sum,
		FetchedAt: in.FetchedAt.UTC(), ContentType: in.ContentType,
		Host: host, Official: official(host), ParserVersion: Version,
		Fields: map[string]*float64{}, Artifacts: []string{}, Checks: []Check{},
	}
	if !rec.Official && host != "" {
		rec.Artifacts = append(rec.Artifacts, ArtifactUnofficial)
	}
	return rec
}

// official reports whether host is a government host (*.gov.cn).
func official(host string) bool {
	return host == "gov.cn" || strings.HasSuffix(host, ".gov.cn")
}

func noteCharset(rec *Record, d charset.Decision) {
	rec.Charset, rec.CharsetMethod = d.Name, d.Method
	switch d.Name {
	case "gb18030", "gbk", "gb2312":
		rec.Artifacts = append(rec.Artifacts, ArtifactGBK)
	case "big5":
		rec.Artifacts = append(rec.Artifacts, ArtifactBig5)
	}
	if d.Lying {
		rec.Artifacts = append(rec.Artifacts, ArtifactLyingCharset)
	}
	switch {
	case d.Method == "fallback":
		rec.Artifacts = append(rec.Artifacts, ArtifactFallback)
	case d.Declared == "" && d.Method != "bom" && d.Method != "valid-utf8":
		rec.Artifacts = append(rec.Artifacts, ArtifactNoCharset)
	}
}

func fill(rec *Record, res report.Result) {
	rec.Title, rec.Year, rec.Agency, rec.Publisher = res.Title, res.Year, res.Agency, res.Publisher
	rec.Published, rec.PublishedSource, rec.Signed = res.Published, res.PublishedSource, res.Signed
	rec.Format, rec.Text = res.Format, res.Text
	rec.NotReport = res.NotReport
	if res.Fields != nil {
		rec.Fields = res.Fields
	}
	if len(res.Nulls) > 0 {
		rec.Nulls = res.Nulls
	}
	rec.Provenance = res.Provenance
	rec.Indicators, rec.IndicatorNulls = res.Indicators, res.IndicatorNulls
	if rec.Indicators == nil {
		rec.Indicators, rec.IndicatorNulls = report.ComputeIndicators(rec.Format, rec.Fields, rec.Nulls)
	}
	for _, c := range res.Checks {
		rec.Checks = append(rec.Checks, Check{Name: c.Name, Pass: c.Pass, Detail: c.Detail})
	}
	for _, s := range res.Sections {
		rec.Sections = append(rec.Sections, Section{Heading: s.Heading, Text: s.Text})
	}
}
