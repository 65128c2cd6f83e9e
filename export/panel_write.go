package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// writePanelTable writes the panel as CSV or Parquet and returns the rows
// written.
func writePanelTable(w io.Writer, t panelTable, opt Options) (int64, error) {
	if opt.Stata {
		if err := stataNames(t.cols); err != nil {
			return 0, err
		}
	}
	if opt.Format == FormatParquet {
		return writePanelParquet(w, t, opt)
	}
	if err := writeBOM(w, opt.BOM && !opt.Stata); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(w)
	header := make([]string, len(t.cols))
	for i, c := range t.cols {
		header[i] = c.Key
	}
	if err := cw.Write(header); err != nil {
		return 0, fmt.Errorf("panel header: %w", err)
	}
	for _, row := range t.rows {
		if err := cw.Write(row); err != nil {
			return 0, fmt.Errorf("panel row %s/%s: %w", row[0], row[1], err)
		}
	}
	cw.Flush()
	return int64(len(t.rows)), cw.Error()
}

// stataNames checks that every column name is a Stata variable name: ASCII
// letters, digits and _, not starting with a digit, at most 32 characters.
func stataNames(cols []Column) error {
	for _, c := range cols {
		ok := len(c.Key) > 0 && len(c.Key) <= 32 && !(c.Key[0] >= '0' && c.Key[0] <= '9')
		for _, r := range c.Key {
			ok = ok && (r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		}
		if !ok {
			return fmt.Errorf("export panel: column %q is not a Stata variable name", c.Key)
		}
	}
	return nil
}

// writePanelParquet writes the panel table with typed columns; the codebook
// is embedded as in per-report Parquet.
func writePanelParquet(w io.Writer, t panelTable, opt Options) (int64, error) {
	g := orderedGroup{}
	for _, c := range t.cols {
		n, err := parquetNode(c.Type)
		if err != nil {
			return 0, fmt.Errorf("panel column %s: %w", c.Key, err)
		}
		g.fields = append(g.fields, namedField{Node: n, name: c.Key})
	}
	pw := parquet.NewWriter(w, parquet.NewSchema("nianbao_panel", g), parquet.Compression(&parquet.Snappy),
		parquet.CreatedBy("nianbao export", "", ""))
	if err := setCodebookMetadata(pw, opt); err != nil {
		return 0, err
	}
	rows := make([]parquet.Row, 0, 256)
	for _, cells := range t.rows {
		row := make(parquet.Row, 0, len(cells))
		for j, s := range cells {
			v := panelValue(s, t.cols[j].Type)
			row = append(row, v.Level(0, defLevel(v), j))
		}
		rows = append(rows, row)
		if len(rows) == cap(rows) {
			if _, err := pw.WriteRows(rows); err != nil {
				return 0, fmt.Errorf("panel parquet rows: %w", err)
			}
			rows = rows[:0]
		}
	}
	if _, err := pw.WriteRows(rows); err != nil {
		return 0, fmt.Errorf("panel parquet rows: %w", err)
	}
	if err := pw.Close(); err != nil {
		return 0, fmt.Errorf("panel parquet close: %w", err)
	}
	return int64(len(t.rows)), nil
}

func panelValue(s, typ string) parquet.Value {
	if s == "" {
		return parquet.NullValue()
	}
	if typ == TypeInt {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return parquet.NullValue()
		}
		return parquet.Int64Value(n)
	}
	return parquet.ByteArrayValue([]byte(s))
}

// WriteStataDo writes a Stata do-file that imports the panel CSV at
// csvPath (read as UTF-8, region_code kept as a string) and labels every
// variable from the codebook.
func WriteStataDo(w io.Writer, cols []Column, csvPath string) error {
	var b strings.Builder
	b.WriteString("* nianbao panel: import and label (Stata 14 or later; labels are UTF-8)\n")
	fmt.Fprintf(&b, "import delimited using \"%s\", varnames(1) encoding(\"utf-8\") stringcols(1) clear\n", filepath.Base(csvPath))
	for _, c := range cols {
		label := strings.NewReplacer(`"`, "'", "\n", " ").Replace(c.Label)
		if r := []rune(label); len(r) > 80 { // Stata variable labels hold 80 characters
			label = string(r[:80])
		}
		fmt.Fprintf(&b, "label variable %s \"%s\"\n", c.Key, label)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("stata do-file: %w", err)
	}
	return nil
}

// panelNotes explain a panel export in its codebook.
func panelNotes(opt Options) []string {
	unit := "region (region_code of the seed list) × report year, over the current version of every report of the region's bodies (government, offices, bureaus, townships)"
	if opt.PanelBy == PanelAgency {
		unit = "region_code × issuing body (agency, as the report names it) × report year"
	}
	notes := []string{
		"One row per " + unit + ". Years run from 2008 (or the unit's first report, if earlier) to the latest report year of the export: a year without reports is a row with reports = 0, so the panel is balanced. Reports whose year could not be determined form rows with an empty year.",
		"year is the report (statistics) year, not the year of publication: a report for 2011 published in March 2012 is in 2011; published_year_min/max show the publication years.",
		"region_code is the seed's code (2024 divisions) for every year, also for reports written before the unit was merged or renamed; names_in_reports lists the names the reports themselves use.",
		"The measures are the harmonized indicators (see the per-report codebook for each era's derivation): the sum over the reports that gave a value, empty when none did; never 0 for missing. Reports that break the form's consistency rules are summed as published: see reports_failed_checks.",
	}
	if opt.PanelLayout == PanelLong {
		notes = append(notes, "Long (tidy) layout: one row per unit × year × indicator; value_n = how many reports gave the indicator.")
	} else {
		notes = append(notes, "Wide layout: each indicator I has I (sum) and I_n (how many reports gave it).")
	}
	if opt.Stata {
		notes = append(notes, "Stata/R flavour: no BOM; every column name is an ASCII Stata variable name (at most 32 characters); the .do file beside the CSV imports it as UTF-8 and labels the variables.")
	}
	return notes
}
