package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/store"
)

// runExport: nianbao export --format F --out FILE|- [filters]
func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export", "export --format jsonl|csv|parquet|warc|text --out FILE|- [--db FILE] [--year Y] [--province P] [--region CODE] [--form-version V] [--since DATE] [--all-versions] [--bom] [--panel [--panel-layout wide|long] [--panel-by region|agency] [--stata]]")
	var c common
	c.register(fs)
	format := fs.String("format", "", "jsonl, csv, parquet, warc (raw captures + CDXJ index) or text (zip of .txt; a folder if --out ends in /)")
	out := fs.String("out", "", "output file; - writes to standard output (csv, jsonl, parquet, text zip; no codebook files)")
	var f export.Filter
	fs.IntVar(&f.Year, "year", 0, "only reports of this report year")
	fs.StringVar(&f.Province, "province", "", "only this province, e.g. 河南省")
	fs.StringVar(&f.Region, "region", "", "only this region code or code prefix (4101 = all of 郑州市)")
	fs.StringVar(&f.FormatVersion, "form-version", "", "only reports on this national form: 2021, 2019 or legacy (the form_version column)")
	fs.StringVar(&f.FormatVersion, "format-version", "", "the same as --form-version (older name)")
	since := fs.String("since", "", "only records fetched on or after this date (YYYY-MM-DD)")
	fs.BoolVar(&f.AllVersions, "all-versions", false, "every archived version of each report, not only the current one (adds version and is_current columns)")
	bom := fs.Bool("bom", false, "csv: start with a UTF-8 BOM so Excel reads Chinese correctly")
	panel := fs.Bool("panel", false, "csv or parquet: one row per region × report year (2008 on) with the harmonized indicators summed")
	layout := fs.String("panel-layout", export.PanelWide, "panel: wide (a column per indicator) or long (a row per indicator)")
	by := fs.String("panel-by", export.PanelRegion, "panel: region, or agency (one row per issuing body)")
	stata := fs.Bool("stata", false, "panel csv: Stata/R-friendly (no BOM, ASCII variable names checked, a .do file that imports and labels it)")
	if err := parseFlags(fs, reorder(args)); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	opt, err := exportOptions(*format, *out, *since, f)
	if err != nil {
		return err
	}
	opt.BOM, opt.Panel = *bom, *panel
	opt.PanelLayout, opt.PanelBy, opt.Stata = *layout, *by, *stata
	if err := c.load(fs); err != nil {
		return err
	}
	db, err := c.openExisting(true)
	if err != nil {
		return err
	}
	defer db.Close()
	snapshotNote(e.stderr, db)
	if err := checkFilters(db, c.cfg, f); err != nil {
		return err
	}
	sum, err := writeExport(ctx, e, storeSource{db}, opt, *out)
	if err != nil {
		return err
	}
	reportExport(e, sum, opt, *out)
	return nil
}

// writeExport writes to standard output for --out -, else to the file (or
// folder, for text with a trailing /) with its codebook.
func writeExport(ctx context.Context, e *env, src export.Source, opt export.Options, out string) (export.Summary, error) {
	if out == "-" {
		sum, err := export.Write(ctx, src, opt, e.stdout)
		if err != nil {
			return sum, fmt.Errorf("export %s to standard output: %w", opt.Format, err)
		}
		sum.Files = []string{"standard output"}
		return sum, nil
	}
	if strings.HasSuffix(out, "/") {
		opt.TextFolder = true
	}
	sum, err := export.Export(ctx, src, opt, strings.TrimSuffix(out, "/"))
	if err != nil {
		return sum, fmt.Errorf("export %s to %s: %w", opt.Format, out, err)
	}
	return sum, nil
}

// reportExport says what was written: on stdout, or on stderr when stdout
// carries the export itself.
func reportExport(e *env, sum export.Summary, opt export.Options, out string) {
	w := e.stdout
	if out == "-" {
		w = e.stderr
	}
	fmt.Fprintf(w, "wrote %d %s to %s", sum.Records, noun(opt.Format), strings.Join(sum.Files, ", "))
	if sum.Skipped > 0 {
		fmt.Fprintf(w, " (%d skipped: %s)", sum.Skipped, formatTotals64(sum.Reasons))
	}
	fmt.Fprintln(w)
	if sum.Records == 0 && opt.Format != export.FormatWARC && filtered(opt.Filter) {
		fmt.Fprintln(w, "no record matched all the filters together; each matches on its own: drop one to see more")
	}
}

func filtered(f export.Filter) bool {
	return f.Year != 0 || f.Province != "" || f.Region != "" || f.FormatVersion != "" || !f.Since.IsZero()
}

func exportOptions(format, out, since string, f export.Filter) (export.Options, error) {
	switch format {
	case export.FormatCSV, export.FormatJSONL, export.FormatParquet, export.FormatWARC, export.FormatText:
	case "":
		return export.Options{}, fmt.Errorf("%w: --format is required (jsonl, csv, parquet, warc or text)", errUsage)
	default:
		return export.Options{}, fmt.Errorf("%w: --format %q is not one of jsonl, csv, parquet, warc, text", errUsage, format)
	}
	switch {
	case out == "":
		return export.Options{}, fmt.Errorf("%w: --out FILE is required (- for standard output)", errUsage)
	case out == "-" && format == export.FormatWARC:
		return export.Options{}, fmt.Errorf("%w: --out - is not possible for warc (its CDXJ index is written beside the file): name a file", errUsage)
	}
	switch f.FormatVersion {
	case "", extract.Format2021, extract.Format2019, extract.FormatLegacy:
	default:
		return export.Options{}, fmt.Errorf("%w: --form-version %q must be 2021, 2019 or legacy", errUsage, f.FormatVersion)
	}
	if since != "" {
		t, err := time.Parse(time.DateOnly, since)
		if err != nil {
			return export.Options{}, fmt.Errorf("%w: --since %q must be a date like 2025-01-31", errUsage, since)
		}
		f.Since = t
	}
	v := buildVersion()
	return export.Options{Format: format, Filter: f, Software: "nianbao " + v, Version: v}, nil
}

func noun(format string) string {
	if format == export.FormatWARC {
		return "captures"
	}
	return "records"
}

func formatTotals64(m map[string]int64) string {
	parts := make([]string, 0, len(m))
	for _, k := range sortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return strings.Join(parts, " ")
}

// storeSource adapts the archive to the export's Source.
type storeSource struct{ db *store.DB }

// Records passes the filter to the store's indexes. The store matches
// regions exactly, so a code prefix (4101 = all of 郑州市) is left to the
// export's own filter, which checks every record.
func (s storeSource) Records(f export.Filter, fn func(*extract.Record) error) error {
	region := f.Region
	if len(region) != 6 {
		region = ""
	}
	if f.AllVersions {
		fn = versionNumbering(s.db, fn)
	}
	fn = withdrawals(s.db, fn)
	return s.db.Records(store.RecordFilter{
		Year: f.Year, Province: f.Province, Region: region, Format: f.FormatVersion,
		Since: f.Since, AllVersions: f.AllVersions,
	}, fn)
}

func (s storeSource) Captures(fn func(*capture.Capture) error) error {
	return s.db.Captures(fn)
}

// SegmentCaptures makes a WARC export a copy of the archive's segments.
func (s storeSource) SegmentCaptures(fn func(*capture.Capture, func() ([][]byte, error)) error) error {
	return s.db.SegmentCaptures(fn)
}
