// Package extract turns the bytes of one archived capture into a report
// Record: charset decision, text normalisation, report classification,
// metadata and every figure of the standard tables with the form's own
// consistency checks. It is pure: no network, no disk, no clock. Anything
// that needs the outside world (PDF text extraction) is handed in.
package extract

import "time"

// Formats of the annual report.
const (
	Format2021   = "2021"   // 国办公开办函〔2021〕30号 (reports for 2021 on)
	Format2019   = "2019"   // 国办公开办函〔2019〕60号 trial format (2019–2020, some later)
	FormatLegacy = "legacy" // free-form reports 2008–2018
)

// Artifacts name what was repaired or noticed on the way from bytes to text.
// They are listed in Record.Artifacts so a researcher can tell a clean record
// from a repaired one.
const (
	ArtifactGBK            = "gbk"                // decoded from the GBK family (GB2312/GBK/GB18030)
	ArtifactBig5           = "big5"               // decoded from Big5
	ArtifactLyingCharset   = "lying_charset"      // a declared charset contradicted the bytes
	ArtifactNoCharset      = "undeclared_charset" // nothing declared; decided from the bytes
	ArtifactFallback       = "charset_fallback"   // no method was confident; fell back to GB18030
	ArtifactPinyin         = "pinyin_annotation"  // 發(fā)布-style pinyin removed
	ArtifactTraditional    = "traditional"        // converted traditional → simplified
	ArtifactMojibake       = "mojibake_repaired"  // a reversible mix-up was undone
	ArtifactDamaged        = "text_damaged"       // irreversible damage (锟斤拷, U+FFFD flood)
	ArtifactUnofficial     = "unofficial_host"    // not served from a .gov.cn host
	ArtifactPDF            = "pdf"                // text extracted from a PDF
	ArtifactPDFNoText      = "pdf_no_text"        // PDF could not be turned into text
	ArtifactLayerPartial   = "pdf_layer_partial"  // some pages' text layer unusable and no OCR configured: those pages unread
	ArtifactOCRCapped      = "ocr_capped"         // the scan has more pages than the OCR limit: the rest unread
	ArtifactOCRCheckFailed = "ocr_check_failed"   // OCR figures break the form's checks: likely misreads, flagged not fixed
)

// Record is one parsed report. Its JSON form is the JSONL export line and the
// contract with researchers: keys are stable and documented in the codebook.
type Record struct {
	URL       string `json:"url"`        // final URL of the report page or attachment
	SourceURL string `json:"source_url"` // the page it was found on
	Title     string `json:"title"`
	Year      int    `json:"year"` // report year (the statistics year), 0 if unknown
	// Agency is the issuing body as the report names itself (its title,
	// its opening 本报告由…编制, its signature); Publisher the body the page
	// names as publisher or source (ContentSource, 来源, 信息来源, 发布机构).
	Agency     string `json:"agency"`
	Publisher  string `json:"publisher"`
	RegionCode string `json:"region_code"`
	RegionName string `json:"region_name"`
	Province   string `json:"province"`
	// Published is the publication date (YYYY-MM-DD or ""), and
	// PublishedSource where it came from: meta, page_text, listing,
	// pdf_metadata, docx_metadata, office_metadata, signature, or none.
	// Signed is the date under the report's signature (落款日期) or the
	// page's 成文日期, kept apart.
	Published       string `json:"published"`
	PublishedSource string `json:"published_source,omitempty"`
	Signed          string `json:"signed,omitempty"`
	Format          string `json:"format"` // Format2021, Format2019 or FormatLegacy
	// TextSource says where the text came from: SourceHTML, SourceText,
	// SourcePDFText, SourceOffice, SourceOFD or SourceOCR.
	TextSource string `json:"text_source"`
	// OCR says which pages were read by OCR and how confident it was; nil
	// when no text came from OCR.
	OCR *OCRInfo `json:"ocr,omitempty"`
	// ocrTrace is kept during Extract only (figure confidence).
	ocrTrace *ocrTrace

	// Fields maps a canonical key (see the codebook) to its number; a nil
	// value is null (empty cell, "/", "—", "-", "不适用", unreadable).
	Fields map[string]*float64 `json:"fields"`
	// Nulls says, for a null field, why: "empty", "not_applicable", "unreadable", "missing".
	Nulls  map[string]string `json:"nulls,omitempty"`
	Checks []Check           `json:"checks"`
	// Provenance says where each legacy figure came from: the appendix row
	// ("table 2015: 收到申请数 [件]") or the sentence ("sentence: …").
	Provenance map[string]string `json:"provenance,omitempty"`
	// Indicators are the harmonized figures of every era (proactive_items,
	// applications_received …, see the codebook); a null has its reason in
	// IndicatorNulls ("not in this format" where the era has no equivalent).
	Indicators     map[string]*float64 `json:"indicators"`
	IndicatorNulls map[string]string   `json:"indicator_nulls,omitempty"`

	Artifacts []string  `json:"artifacts"`
	Sections  []Section `json:"sections,omitempty"`
	Text      string    `json:"text"` // normalised simplified body text

	SHA256        string    `json:"sha256"` // of the raw capture body
	FetchedAt     time.Time `json:"fetched_at"`
	ContentType   string    `json:"content_type,omitempty"`
	Charset       string    `json:"charset,omitempty"`
	CharsetMethod string    `json:"charset_method,omitempty"`
	NotReport     string    `json:"not_report,omitempty"` // why a parsed body is not a report
	Note          string    `json:"note,omitempty"`       // why a body could not be parsed
	// ParseFailure is FailureReason of a failed parse ("tool_missing:pdftotext",
	// "empty_text", "parse_error:…"); "" when the body was parsed.
	ParseFailure  string `json:"parse_failure,omitempty"`
	Host          string `json:"host"`
	Official      bool   `json:"official"` // served from a .gov.cn host
	ParserVersion string `json:"parser_version"`

	// Version and IsCurrent are filled in only when every version of the
	// records is read (export --all-versions): the URL's parse number,
	// counting from 1 oldest first, and whether this is its current record.
	// The archive never stores them.
	Version   int   `json:"version,omitempty"`
	IsCurrent *bool `json:"is_current,omitempty"`

	// Withdrawn and LastSeen are filled in on export from the archive, never
	// stored: the report's URL answered 404 or 410 when last rechecked
	// (taken off its site; the record stays), and the last day (YYYY-MM-DD,
	// UTC) it still answered with the page; LastSeen is "" unless Withdrawn.
	Withdrawn bool   `json:"withdrawn,omitempty"`
	LastSeen  string `json:"last_seen,omitempty"`
}

// Check is one consistency rule of the form, evaluated on the record's
// figures. Failing checks are reported; values are never altered.
type Check struct {
	Name   string `json:"name"`             // e.g. "app_balance_person"
	Pass   bool   `json:"pass"`             // false when the figures break the rule
	Detail string `json:"detail,omitempty"` // e.g. "new+carried_in=5, total+carried_out=4"
}

// Section is one numbered part of the report (一、总体情况 …) with its text.
type Section struct {
	Heading string `json:"heading"`
	Text    string `json:"text"`
}
