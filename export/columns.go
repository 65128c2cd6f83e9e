package export

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
)

// Column describes one column of an export. It mirrors report.Column field
// for field, so a report.Column converts with Column(c).
type Column struct {
	Key     string   `json:"key"`     // column name in CSV/Parquet, key in Record.Fields
	Section string   `json:"section"` // section of the form, or "metadata" / "panel"
	Label   string   `json:"label"`   // Chinese label as printed on the form
	Unit    string   `json:"unit"`    // e.g. 件, 万元; "" for none
	Type    string   `json:"type"`    // "int" | "decimal" | "string" | "date" | "timestamp" | "bool"
	Formats []string `json:"formats"` // report formats carrying the field; empty = all
	Null    string   `json:"null"`    // what an empty cell means
}

// Column types beyond the codebook's "int" and "decimal".
const (
	TypeInt       = "int"
	TypeDecimal   = "decimal"
	TypeString    = "string"
	TypeDate      = "date"
	TypeTimestamp = "timestamp"
	TypeBool      = "bool"
)

// metaColumn is a metadata column and how to read it from a record.
type metaColumn struct {
	Column
	get func(r *extract.Record) string
}

// metaColumns are the per-report metadata columns, in output order, ahead of
// the canonical fields in CSV and Parquet.
var metaColumns = []metaColumn{
	meta("url", "报告网址", TypeString, "never empty", func(r *extract.Record) string { return r.URL }),
	meta("source_url", "发现页面网址", TypeString, "found from a seed, not from a listing page", func(r *extract.Record) string { return r.SourceURL }),
	meta("title", "标题", TypeString, "the page had no title", func(r *extract.Record) string { return r.Title }),
	meta("year", "报告年度", TypeInt, "report year not determined", func(r *extract.Record) string { return intOrEmpty(r.Year) }),
	meta("agency", "发布机关（报告自称）", TypeString, "the report does not name its issuing body in its title, its opening sentence (本报告由…编制) or its signature; the page's publisher is in publisher, never copied here", func(r *extract.Record) string { return r.Agency }),
	meta("publisher", "发布单位（来源）", TypeString, "the page names no publisher: no <meta name=ContentSource>, no 来源 / 信息来源 / 发布机构 label", func(r *extract.Record) string { return r.Publisher }),
	meta("region_code", "行政区划代码", TypeString, "region unknown", func(r *extract.Record) string { return r.RegionCode }),
	meta("region_name", "行政区划名称", TypeString, "region unknown", func(r *extract.Record) string { return r.RegionName }),
	meta("province", "省份", TypeString, "region unknown", func(r *extract.Record) string { return r.Province }),
	meta("published", "发布日期", TypeDate, "no publication date found (published_source none); YYYY-MM-DD otherwise, the publication date from the source named in published_source", func(r *extract.Record) string { return r.Published }),
	meta("published_source", "发布日期来源", TypeString, "never empty for records of this version: meta (the page's <meta> PubDate/firstpublishedtime/…), page_text (a labelled 发布时间/发布日期/日期 on the page), listing (the date beside the link on the listing page), source_page (a document attached to a report page: that page's <meta> publication date), pdf_metadata / docx_metadata / office_metadata (the document's own creation date, used only when not before the report year and before the fetch day), signature (the 落款日期 under the report, the last resort), none; empty in records parsed before it existed", func(r *extract.Record) string { return r.PublishedSource }),
	meta("signed", "落款日期", TypeDate, "no dated signature closing the report and no 成文日期 on its page; YYYY-MM-DD otherwise: the date the report is signed, which may differ from published", func(r *extract.Record) string { return r.Signed }),
	meta("form_version", "报告表式版本", TypeString, "the national form the report's tables follow: 2021 (国办公开办函〔2021〕30号, reports for 2021 on), 2019 (国办公开办函〔2019〕60号, reports for 2019–2020) or legacy (before 2019, free form); empty when not recognised", func(r *extract.Record) string { return r.Format }),
	meta("host", "网站主机", TypeString, "never empty", func(r *extract.Record) string { return r.Host }),
	meta("official", "是否政府网站(.gov.cn)", TypeBool, "never empty (true/false)", func(r *extract.Record) string { return strconv.FormatBool(r.Official) }),
	meta("sha256", "原始字节SHA-256", TypeString, "never empty; hex SHA-256 of the raw capture body", func(r *extract.Record) string { return r.SHA256 }),
	meta("fetched_at", "抓取时间(UTC)", TypeTimestamp, "never empty; RFC 3339 UTC", func(r *extract.Record) string { return timeOrEmpty(r.FetchedAt) }),
	meta("parser_version", "解析器版本", TypeString, "never empty", func(r *extract.Record) string { return r.ParserVersion }),
	meta("text_source", "文本来源", TypeString, "never empty for records parsed since report/5: where the text came from: html, text, pdf_text, office (Word/WPS/RTF/ODF/Excel/ET), ofd or ocr", func(r *extract.Record) string { return r.TextSource }),
	meta("ocr_confidence", "OCR数字平均置信度", TypeDecimal, "no figure of the record was read by OCR from a table cell; else the mean confidence (0–100) of those figures (per figure: ocr.figures in JSONL)", func(r *extract.Record) string { return ocrFigure(r, false) }),
	meta("ocr_min_confidence", "OCR数字最低置信度", TypeDecimal, "no figure of the record was read by OCR from a table cell; else the confidence (0–100) of the least certain one (at most 50 when two readings of its cell differed)", func(r *extract.Record) string { return ocrFigure(r, true) }),
	meta("artifacts", "文本修复标记", TypeString, "a clean record: nothing repaired or noticed; else ';'-separated", func(r *extract.Record) string { return strings.Join(r.Artifacts, ";") }),
	meta("failed_checks", "未通过的勾稽检查", TypeString, "every consistency check passed (or none applied); else ';'-separated names", failedChecks),
	meta("withdrawn", "已从网站撤下", TypeBool, "never empty (true/false): true when the report's URL answered 404 or 410 on its last recheck; the record is kept", func(r *extract.Record) string { return strconv.FormatBool(r.Withdrawn) }),
	meta("last_seen", "最后可访问日期", TypeDate, "the report still answers at its URL (withdrawn false); else the last day (UTC) it did", func(r *extract.Record) string { return r.LastSeen }),
}

// versionColumns follow the metadata columns of an export of every
// version (--all-versions): which parse of its URL a record is, and whether
// it is the current one. The capture time of each version is fetched_at.
var versionColumns = []metaColumn{
	meta("version", "版本序号", TypeInt, "never empty in an export of every version: 1 for a URL's first parse, counting up", func(r *extract.Record) string { return intOrEmpty(r.Version) }),
	meta("is_current", "是否当前版本", TypeBool, "never empty in an export of every version (true/false)", func(r *extract.Record) string {
		if r.IsCurrent == nil {
			return ""
		}
		return strconv.FormatBool(*r.IsCurrent)
	}),
}

// metaColumnsFor is the metadata of an export: with every version, the
// version columns too.
func metaColumnsFor(allVersions bool) []metaColumn {
	if !allVersions {
		return metaColumns
	}
	return append(append([]metaColumn{}, metaColumns...), versionColumns...)
}

func meta(key, label, typ, null string, get func(*extract.Record) string) metaColumn {
	valid := func(r *extract.Record) string { return validUTF8(get(r)) }
	return metaColumn{Column: Column{Key: key, Section: "metadata", Label: label, Type: typ, Null: null}, get: valid}
}

// validUTF8 replaces invalid bytes with U+FFFD: every export promises
// UTF-8, and Arrow readers reject invalid Parquet strings.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// MetadataColumns returns the metadata columns every per-report export
// starts with, in order.
func MetadataColumns() []Column {
	out := make([]Column, len(metaColumns))
	for i, m := range metaColumns {
		out[i] = m.Column
	}
	return out
}

// ocrFigure is the mean (or least) confidence of a record's OCR figures.
func ocrFigure(r *extract.Record, least bool) string {
	if r.OCR == nil || len(r.OCR.Figures) == 0 && r.OCR.FigureConfidence == 0 {
		return ""
	}
	if least {
		return strconv.FormatFloat(r.OCR.MinFigure, 'f', -1, 64)
	}
	return strconv.FormatFloat(r.OCR.FigureConfidence, 'f', -1, 64)
}

func failedChecks(r *extract.Record) string {
	var names []string
	for _, c := range r.Checks {
		if !c.Pass {
			names = append(names, c.Name)
		}
	}
	return strings.Join(names, ";")
}

func intOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func timeOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// formatValue renders a field value for CSV: "" for null, an integer without
// a decimal point for "int" columns holding a whole number, else the
// shortest decimal that reads back as the same float64.
func formatValue(v *float64, typ string) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return ""
	}
	if typ == TypeInt && *v == math.Trunc(*v) && math.Abs(*v) < 1<<53 {
		return strconv.FormatInt(int64(*v), 10)
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
