package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteCodebookMarkdown writes docs/CODEBOOK.md: every key with its label,
// unit, type, formats and the meaning of null.
func WriteCodebookMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Codebook: figures of the 政府信息公开工作年度报告\n\n")
	b.WriteString("Generated from `extract/report.Codebook()` (parser version " + Version + "); do not edit by hand:\n")
	b.WriteString("`go test ./extract/report/ -run TestCodebookDocs -update` rewrites it.\n\n")
	b.WriteString("Keys appear in a record's `fields` and as CSV columns. A record carries every key of its format ")
	b.WriteString("(`2021`: 国办公开办函〔2021〕30号, `2019`: 国办公开办函〔2019〕60号, `legacy`: the free-form reports of 2008–2018).\n\n")
	b.WriteString(legacyDoc)
	b.WriteString("A value is a number or null. 0 stays 0. For a null, `nulls[key]` says why: ")
	b.WriteString("`empty` (the cell was empty), `not_applicable` (\"/\", \"—\", \"-\", \"不适用\"), ")
	b.WriteString("`unreadable` (the row was found but its cells could not be assigned), `missing` (row or table not found).\n\n")
	b.WriteString("Some 2021-form reports print （六）其他处理 as one row, as the 2019 form does: their records also carry ")
	b.WriteString("`app_other_*` (the printed row) while `app_other_no_correction_*`, `app_other_unpaid_*` and `app_other_other_*` ")
	b.WriteString("stay null (`missing`); nothing is split or guessed.\n\n")
	b.WriteString("| key | section | label | unit | type | formats |\n|---|---|---|---|---|---|\n")
	for _, c := range codebook {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", c.Key, c.Section, c.Label, c.Unit, c.Type, strings.Join(c.Formats, ", "))
	}
	b.WriteString(indicatorDoc())
	b.WriteString("\n" + metadataDoc)
	b.WriteString("## Checks\n\n")
	b.WriteString("Rules of the 2021 form, evaluated only when all their inputs are non-null; failures are flagged, values never altered.\n\n")
	for _, line := range checkDocs() {
		b.WriteString("- " + line + "\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write codebook markdown: %w", err)
	}
	return nil
}

// WriteCodebookJSON writes docs/codebook.json: the Codebook as an indented
// JSON array.
func WriteCodebookJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(codebook); err != nil {
		return fmt.Errorf("write codebook json: %w", err)
	}
	return nil
}

// WriteCodebookCSV writes docs/codebook.csv: one row per key, formats
// joined with "|".
func WriteCodebookCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"key", "section", "label", "unit", "type", "formats", "null"}); err != nil {
		return fmt.Errorf("write codebook csv: %w", err)
	}
	for _, c := range codebook {
		rec := []string{c.Key, c.Section, c.Label, c.Unit, c.Type, strings.Join(c.Formats, "|"), c.Null}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write codebook csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write codebook csv: %w", err)
	}
	return nil
}
