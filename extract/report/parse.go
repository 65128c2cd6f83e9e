package report

import (
	"regexp"
	"strings"
)

// Hint is what the crawler knows about the page before parsing it.
type Hint struct {
	URL        string // final URL of the page or attachment
	Title      string // page title as known to the crawler
	AnchorText string // text of the link that led to the page
	// LinkDate is a date the page the link was on gave it, as written
	// ("2022-03-18", "2022年3月18日"), "" if none; LinkDateFrom says which:
	// "listing" (or "": the date shown beside the link) or "page" (the
	// publication date of the report page a document hangs on).
	LinkDate, LinkDateFrom string
	// DocDate is the document's own metadata date (a PDF's CreationDate,
	// a DOCX's dcterms:created) and DocDateSource where it came from
	// (PublishedPDFMetadata, PublishedDOCXMetadata); used only when the
	// page and the listing give no date, and never when it is before the
	// report year.
	DocDate, DocDateSource string
}

// Result is one parsed page. Fields carries every key of Format (nil =
// null, with the reason in Nulls); for pages that are not reports and for
// legacy reports Fields is empty.
type Result struct {
	IsReport  bool
	NotReport string // reason when !IsReport (Not* constants)
	Title     string
	// Agency is the issuing body as the report names itself: in its
	// title, its opening sentence (本报告由…编制) or its signature.
	Agency string
	// Publisher is the body the page names as the publisher or source
	// (<meta name=ContentSource>, 来源 / 信息来源 / 发布机构), "" if none.
	Publisher string
	// Published is the publication date, YYYY-MM-DD or "", and
	// PublishedSource where it came from (Published* constants).
	Published       string
	PublishedSource string
	// Signed is the date under the report's signature (落款日期) or the
	// page's 成文日期, YYYY-MM-DD or "".
	Signed string
	Year   int
	Format string // Format2021, Format2019 or FormatLegacy
	Fields map[string]*float64
	Nulls  map[string]string
	// Provenance says, for each legacy figure read, where it came from: the
	// appendix row ("table 2015: …") or the sentence ("sentence: …").
	Provenance map[string]string
	// Indicators are the harmonized figures (see Indicators); a nil value
	// has its reason in IndicatorNulls.
	Indicators     map[string]*float64
	IndicatorNulls map[string]string
	Checks         []Check
	Sections       []Section
	Text           string // main body text, one paragraph or table row per line
}

// pageMeta is what a page's markup says about itself; chrome is the text
// of the whole page (info bars around the content included), read for
// labelled dates and sources.
type pageMeta struct{ title, published, source, chrome string }

var pageNumber = regexp.MustCompile(`^(?:[-—－–]\s*\d{1,3}\s*[-—－–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$`)

// splitLines turns plain text (seed reports, pdftotext -layout output) into
// lines: form feeds and page numbers dropped, blank lines dropped, trailing
// space trimmed, leading tabs kept (they are empty cells).
func splitLines(text string) []line {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.NewReplacer("\r", "\n", "\f", "\n", "\v", "\n").Replace(text)
	parts := strings.Split(text, "\n")
	out := make([]line, 0, len(parts))
	for _, p := range parts {
		p = strings.TrimRightFunc(p, isSpace)
		p = strings.TrimLeftFunc(p, isBlank)
		if q, ok := pipeRow(p); ok {
			p = q // a Markdown pipe-table row; separator rows become ""
		}
		if p == "" || pageNumber.MatchString(strings.TrimSpace(p)) {
			continue
		}
		q, split := splitRunTogether(p)
		out = append(out, line{text: normalizeLine(q), split: split})
	}
	return out
}

// normalizeLine turns layout spacing into cells: runs of two or more
// spaces (pdftotext -layout) become a tab, other white space one space.
func normalizeLine(p string) string {
	cells := splitCells(p)
	for i, c := range cells {
		cells[i] = strings.Join(strings.FieldsFunc(c, isBlank), " ")
	}
	if len(cells) == 1 && cells[0] == p {
		return p
	}
	return strings.Join(cells, "\t")
}

// ParseText parses the plain text of a report: a seed report, a copy of a
// page's text, or pdftotext -layout output.
func ParseText(text string, hint Hint) Result {
	return parseLines(splitLines(text), hint, pageMeta{})
}

func joinLines(lines []line) string {
	var b strings.Builder
	for i, ln := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(ln.text)
	}
	return b.String()
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// parseLines is the common stage of ParseText and ParseHTML.
func parseLines(lines []line, hint Hint, pm pageMeta) Result {
	var r Result
	r.Text = joinLines(lines)
	r.Title = firstNonEmpty(pm.title, titleFromLines(lines), hint.Title, hint.AnchorText)
	folded := foldLabel(r.Text)
	if r.Title == "" && r.Text == "" {
		r.NotReport = NotEmpty
	} else {
		r.IsReport, r.NotReport = classifyFolded(foldLabel(r.Title), headOf(folded, 20000))
	}
	r.Year = reportYear(r.Title, r.Text)
	if r.Year == 0 {
		r.Year = reportYear(hint.Title+" "+hint.AnchorText, "")
	}
	readBodies(&r, lines, hint, pm)
	r.Format = detectFormat(folded, r.Year)
	hs := findHeadings(lines, r.Format != FormatLegacy)
	if len(hs) < 2 && r.Format != FormatLegacy {
		hs = findHeadings(lines, false)
	}
	r.Sections = buildSections(lines, hs)
	r.Fields, r.Nulls = map[string]*float64{}, map[string]string{}
	if !r.IsReport {
		return r
	}
	if r.Format == FormatLegacy {
		r.Fields, r.Nulls, r.Provenance = readLegacy(lines)
		r.Indicators, r.IndicatorNulls = ComputeIndicators(r.Format, r.Fields, r.Nulls)
		return r
	}
	figs := newFigures(KeysFor(r.Format))
	s2, s3, s4 := tableSpans(lines, hs)
	readArt20(figs, s2, r.Format)
	readApplications(figs, s3, r.Format)
	readReview(figs, s4)
	r.Fields, r.Nulls = figs.fields, figs.nulls
	r.Checks = append(RunChecks(r.Format, r.Fields), splitChecks(lines)...)
	r.Indicators, r.IndicatorNulls = ComputeIndicators(r.Format, r.Fields, r.Nulls)
	return r
}

// tableSpans returns the lines of the section-二, 三 and 四 tables: from
// the headings, or where headings are missing, from the tables' own
// markers.
func tableSpans(lines []line, hs []heading) (s2, s3, s4 []line) {
	s2, s3, s4 = sectionLines(lines, hs, 2), sectionLines(lines, hs, 3), sectionLines(lines, hs, 4)
	if s2 != nil && s3 != nil && s4 != nil {
		return s2, s3, s4
	}
	i3 := markerLine(lines, 0, "本年新收", "勾稽关系", "申请人情况")
	i4 := -1
	if i3 >= 0 {
		i4 = markerLine(lines, i3, "结转下年度")
		if i4 >= 0 {
			i4 = markerLine(lines, i4+1, "行政复议")
		}
	}
	i2 := markerLine(lines, 0, "第二十条")
	if s2 == nil && i2 >= 0 {
		s2 = lines[i2:max(i3, i2)]
		if i3 < 0 {
			s2 = lines[i2:]
		}
	}
	if s3 == nil && i3 >= 0 {
		s3 = lines[max(i3-6, 0):]
		if i4 > i3 {
			s3 = lines[max(i3-6, 0):i4]
		}
	}
	if s4 == nil && i4 >= 0 {
		end := min(len(lines), i4+80)
		if i5 := markerLine(lines, i4, "存在的主要问题", "改进情况"); i5 > i4 {
			end = i5
		}
		s4 = lines[i4:end]
	}
	return s2, s3, s4
}

// markerLine returns the index of the first line from start whose folded
// text contains one of the markers, or -1.
func markerLine(lines []line, start int, markers ...string) int {
	for i := start; i < len(lines); i++ {
		if containsAny(foldLabel(lines[i].text), markers) {
			return i
		}
	}
	return -1
}

// readBodies fills the issuing body, the publisher and the dates.
func readBodies(r *Result, lines []line, hint Hint, pm pageMeta) {
	sig := signatureOf(lines)
	lab := scanLabels(firstNonEmpty(pm.chrome, headOf(r.Text, 6000)))
	r.Agency = agencyFromTitle(r.Title)
	if r.Agency == "" {
		if m := agencyInText.FindStringSubmatch(headOf(r.Text, 3000)); m != nil {
			r.Agency = m[1]
		}
	}
	if r.Agency == "" {
		r.Agency = sig.agency
	}
	r.Publisher = firstNonEmpty(collapse(pm.source), lab.source)
	r.Signed = firstNonEmpty(sig.date, lab.written)
	r.Published, r.PublishedSource = publication(pm, lab, hint, sig, r.Year)
}
