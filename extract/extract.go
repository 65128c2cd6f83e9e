package extract

import (
	"bytes"
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
	URL         string // final URL of the page or attachment
	SourceURL   string // page it was found on
	AnchorText  string // link text it was found under, if any
	ContentType string // response Content-Type
	Body        []byte // raw bytes as received
	SHA256      string // digest of Body; computed when empty
	FetchedAt   time.Time
	RegionCode  string
	RegionName  string
	Province    string
}

// PDFToolMissing is the error for a PDF read without poppler's pdftotext.
var PDFToolMissing = &ToolMissingError{Tool: "pdftotext", Package: "poppler-utils"}

// Parser turns inputs into records. The zero Parser works for HTML and text;
// PDFs need PDFText.
type Parser struct {
	// PDFText extracts the text layer of a PDF (e.g. `pdftotext -layout`).
	// Nil, or an error from it, leaves a PDF record unparsed with the
	// artifact "pdf_no_text", the error in Note and its FailureReason in
	// ParseFailure (nil reads as a missing pdftotext).
	PDFText func(pdf []byte) (string, error)
}

// ErrNotText is returned for bodies that are neither text, PDF nor DOCX
// (images, archives, legacy .doc/.wps binaries).
var ErrNotText = errors.New("body is not a document format the parser reads")

// Extract parses one body. It returns the record, whether the body is an
// annual report (look-alikes such as 年报解读 are not), and an error only for
// bodies it cannot read at all. It never panics on bad input.
func (p Parser) Extract(in Input) (*Record, bool, error) {
	rec := base(in)
	hint := report.Hint{URL: in.URL, AnchorText: in.AnchorText}
	var res report.Result
	switch kind := sniff(in.ContentType, in.URL, in.Body); kind {
	case "pdf":
		text, err := p.pdfText(in.Body)
		rec.Artifacts = append(rec.Artifacts, ArtifactPDF)
		if err != nil {
			rec.Artifacts = append(rec.Artifacts, ArtifactPDFNoText)
			rec.Note, rec.ParseFailure = err.Error(), FailureReason(err)
			res = report.ParseText("", hint)
			break
		}
		res = p.parseText(rec, text, hint, false)
	case "docx":
		text, err := docxText(in.Body)
		if err != nil {
			return rec, false, fmt.Errorf("docx %s: %w", in.URL, err)
		}
		res = p.parseText(rec, text, hint, false)
	case "html", "text":
		utf8, dec := charset.Decode(in.Body, in.ContentType)
		noteCharset(rec, dec)
		res = p.parseText(rec, string(utf8), hint, kind == "html")
	default:
		return rec, false, fmt.Errorf("%s (%s): %w", in.URL, in.ContentType, ErrNotText)
	}
	fill(rec, res)
	return rec, res.IsReport, nil
}

func (p Parser) pdfText(pdf []byte) (string, error) {
	if p.PDFText == nil {
		return "", fmt.Errorf("no PDF text extractor configured: %w", PDFToolMissing)
	}
	text, err := p.PDFText(pdf)
	if err != nil {
		return "", fmt.Errorf("pdf text: %w", err)
	}
	if strings.TrimSpace(text) == "" {
		return "", fmt.Errorf("pdf has no text layer (scanned image?): %w", ErrEmptyText)
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
	rec.Title, rec.Year, rec.Agency = res.Title, res.Year, res.Agency
	rec.Published, rec.Format, rec.Text = res.Published, res.Format, res.Text
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

// sniff decides how to read a body: "html", "text", "pdf", "docx" or "".
func sniff(contentType, rawURL string, body []byte) string {
	ct := strings.ToLower(contentType)
	lowerURL := strings.ToLower(rawURL)
	switch {
	case bytes.HasPrefix(body, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(body, []byte("PK\x03\x04")):
		if strings.Contains(ct, "wordprocessingml") || strings.HasSuffix(lowerURL, ".docx") || isDocx(body) {
			return "docx"
		}
		return ""
	case strings.Contains(ct, "pdf"):
		return "pdf"
	}
	if !charset.IsText(contentType, body) {
		return ""
	}
	if strings.Contains(ct, "html") || looksHTML(body) {
		return "html"
	}
	return "text"
}

func looksHTML(body []byte) bool {
	head := body
	if len(head) > 1024 {
		head = head[:1024]
	}
	h := bytes.ToLower(head)
	return bytes.Contains(h, []byte("<html")) || bytes.Contains(h, []byte("<!doctype html")) ||
		bytes.Contains(h, []byte("<body")) || bytes.Contains(h, []byte("<table")) || bytes.Contains(h, []byte("<div"))
}
