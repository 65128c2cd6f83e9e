package export

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/report"
)

// utf8BOM lets Excel recognise UTF-8 CSV.
const utf8BOM = "\ufeff"

// csvHeader returns the CSV header of a per-report export.
func csvHeader(cols []Column) []string { return csvHeaderWith(metaColumns, cols) }

func csvHeaderWith(meta []metaColumn, cols []Column) []string {
	h := make([]string, 0, len(meta)+len(cols))
	for _, m := range meta {
		h = append(h, m.Key)
	}
	for _, c := range IndicatorColumns() {
		h = append(h, c.Key)
	}
	for _, c := range cols {
		h = append(h, c.Key)
	}
	return h
}

// csvRow fills row (reused between records) with r's cells.
func csvRow(row []string, r *extract.Record, meta []metaColumn, cols []Column) []string {
	row = row[:0]
	for _, m := range meta {
		row = append(row, m.get(r))
	}
	inds := indicatorsOf(r)
	for _, k := range report.IndicatorKeys() {
		row = append(row, formatValue(inds[k], TypeInt))
	}
	for _, c := range cols {
		row = append(row, formatValue(r.Fields[c.Key], c.Type))
	}
	return row
}

// writeCSV writes one row per record: metadata columns, then every canonical
// field in codebook order, empty for null. Quoting is encoding/csv's (RFC
// 4180): fields with commas, quotes or newlines are quoted.
func writeCSV(ctx context.Context, src Source, opt Options, cols []Column, w io.Writer) (Summary, error) {
	var sum Summary
	if err := writeBOM(w, opt.BOM); err != nil {
		return sum, err
	}
	cw := csv.NewWriter(w)
	meta := metaColumnsFor(opt.Filter.AllVersions)
	if err := cw.Write(csvHeaderWith(meta, cols)); err != nil {
		return sum, fmt.Errorf("csv header: %w", err)
	}
	row := make([]string, 0, len(metaColumns)+len(cols))
	err := eachRecord(ctx, src, opt.Filter, &sum, func(r *extract.Record) error {
		row = csvRow(row, r, meta, cols)
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("csv row %s: %w", r.URL, err)
		}
		sum.Records++
		return nil
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return sum, err
}

func writeBOM(w io.Writer, bom bool) error {
	if !bom {
		return nil
	}
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return fmt.Errorf("csv bom: %w", err)
	}
	return nil
}
