package export

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/nianbao/nianbao/extract/report"
)

// DefaultColumns returns the canonical report fields in codebook order: the
// codebook of extract/report. Options.Columns overrides it.
func DefaultColumns() []Column {
	rc := report.Codebook()
	out := make([]Column, len(rc))
	for i, c := range rc {
		out[i] = Column(c)
	}
	return out
}

// Codebook documents the columns of one export. It is written beside the
// export as Markdown and JSON.
type Codebook struct {
	Export  string   `json:"export"` // format, "csv-panel" for the panel view
	Notes   []string `json:"notes"`  // how to read the file: encoding, nulls, types
	Columns []Column `json:"columns"`
}

// CodebookFor returns the codebook of the export opt describes.
func CodebookFor(opt Options) (Codebook, error) {
	cols, err := opt.columns()
	if err != nil {
		return Codebook{}, err
	}
	cb := Codebook{Export: opt.Format, Notes: formatNotes[opt.Format]}
	switch {
	case opt.Panel:
		if err := checkPanelOptions(&opt); err != nil {
			return Codebook{}, err
		}
		cb.Export = opt.Format + "-panel-" + opt.PanelLayout
		cb.Notes = panelNotes(opt)
		cb.Columns = PanelColumns(opt.PanelLayout, opt.PanelBy)
	case opt.Format == FormatWARC:
		cb.Columns = cdxjColumns
	default:
		cb.Columns = append(leadColumnsWith(metaColumnsFor(opt.Filter.AllVersions)), cols...)
	}
	return cb, nil
}

var formatNotes = map[string][]string{
	FormatCSV: {
		"One row per report (the current version unless all versions were asked for).",
		"UTF-8; with --bom a byte order mark for Excel. RFC 4180 quoting: cells holding commas, quotes or line breaks are quoted.",
		"An empty cell is null: see each column's null meaning. For canonical fields, why a value is null (empty, not_applicable, unreadable, missing) is in the JSONL export under \"nulls\".",
		"Numbers are written as on the form: integers without a decimal point, fees as decimals with a dot.",
	},
	FormatJSONL: {
		"One JSON object per line, UTF-8, the full record: the columns below as top-level keys (canonical fields under \"fields\", null = JSON null, reasons under \"nulls\"), plus checks, artifacts (as an array), sections and text.",
	},
	FormatParquet: {
		"Typed columns: metadata strings as UTF-8 STRING, year INT64, published and signed DATE, fetched_at TIMESTAMP(MILLIS, UTC), official BOOLEAN; int fields INT64; decimal fields DECIMAL(18,4) (stored as INT64 ten-thousandths). Every column is OPTIONAL; null as described.",
		"Columns are in codebook order. Row groups of 10,000 rows; Snappy compression.",
	},
	FormatText: {
		"One UTF-8 .txt per report, named <region_code>/<year>/<sha256[:12]>-<title>.txt (unsafe characters replaced by _, title at most 60 characters, unknown parts as \"unknown\"). Each file starts with the metadata lines below as \"key: value\", a blank line, then the normalised simplified body text.",
	},
	FormatWARC: {
		"WARC/1.1, each record gzipped as its own member (.warc.gz): warcinfo, then per capture request, response (or revisit) and metadata records.",
		"From an archive with WARC segments the records are copied byte for byte as the crawl wrote them: request and response as they crossed the wire (status line, headers in order, body with its transfer and content encoding), each redirect hop before them; payload digests are sha256 in hex.",
		"From a source without segments they are rebuilt: response blocks hold the status line, the headers minus Content-Encoding and Transfer-Encoding (the archived body is decoded), Content-Length set to the stored body, the removed headers listed in the metadata record (http-header-removed); digests are sha1 in base32.",
		"The .cdxj index has one line per response or revisit record: <SURT> <14-digit timestamp> <JSON with the columns below>, sorted.",
	},
}

var cdxjColumns = []Column{
	{Key: "url", Section: "cdxj", Label: "目标网址", Type: TypeString, Null: "never empty"},
	{Key: "mime", Section: "cdxj", Label: "媒体类型", Type: TypeString, Null: "never empty; warc/revisit for revisits"},
	{Key: "status", Section: "cdxj", Label: "HTTP状态", Type: TypeString, Null: "never empty"},
	{Key: "digest", Section: "cdxj", Label: "载荷摘要(无算法前缀)", Type: TypeString, Null: "never empty"},
	{Key: "length", Section: "cdxj", Label: "记录压缩长度", Unit: "byte", Type: TypeString, Null: "never empty"},
	{Key: "offset", Section: "cdxj", Label: "记录偏移", Unit: "byte", Type: TypeString, Null: "never empty"},
	{Key: "filename", Section: "cdxj", Label: "WARC文件名", Type: TypeString, Null: "never empty"},
}

// WriteCodebookJSON writes cb as indented JSON.
func WriteCodebookJSON(w io.Writer, cb Codebook) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(cb); err != nil {
		return fmt.Errorf("codebook json: %w", err)
	}
	return nil
}

// WriteCodebookMarkdown writes cb as a Markdown document with one table row
// per column.
func WriteCodebookMarkdown(w io.Writer, cb Codebook) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Codebook: %s export\n\n", cb.Export)
	for _, n := range cb.Notes {
		fmt.Fprintf(&b, "- %s\n", n)
	}
	b.WriteString("\n| # | column | section | label | unit | type | formats | null means |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	for i, c := range cb.Columns {
		fmt.Fprintf(&b, "| %d | `%s` | %s | %s | %s | %s | %s | %s |\n", i+1, mdCell(c.Key),
			mdCell(c.Section), mdCell(c.Label), mdCell(c.Unit), mdCell(c.Type),
			mdCell(strings.Join(c.Formats, ", ")), mdCell(c.Null))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("codebook markdown: %w", err)
	}
	return nil
}

func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}
