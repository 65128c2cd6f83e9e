package export

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// Output formats accepted in Options.Format.
const (
	FormatCSV     = "csv"
	FormatJSONL   = "jsonl"
	FormatParquet = "parquet"
	FormatWARC    = "warc"
	FormatText    = "text"
)

// Source is what an export reads. Records calls fn once per record matching
// f, in any order, and stops at the first error fn returns, returning it.
// Captures calls fn once per archived capture. The *Record and *Capture are
// only borrowed for the duration of the call. cmd adapts the store to it.
type Source interface {
	Records(f Filter, fn func(*extract.Record) error) error
	Captures(fn func(*capture.Capture) error) error
}

// Filter selects records. Zero fields select everything. Filters are passed
// to the Source and, as a guard, checked again on every record it returns
// (see Match), so an adapter that ignores a field cannot widen an export.
type Filter struct {
	Year          int       // report (statistics) year; 0 = any
	Province      string    // exact Record.Province; "" = any
	Region        string    // Record.RegionCode, or a prefix of it ("5101" = all of 成都); "" = any
	FormatVersion string    // extract.Format2021, Format2019 or FormatLegacy; "" = any
	Since         time.Time // only records fetched at or after this instant; zero = any
	AllVersions   bool      // every stored version of a report, not only the current one
}

// Options configure one export.
type Options struct {
	Format string // one of the Format* constants
	Filter Filter
	// BOM prefixes CSV output with a UTF-8 byte order mark so that Excel
	// opens Chinese text correctly. pandas and R read it either way.
	BOM bool
	// Panel makes a CSV or Parquet export one row per region (or agency) ×
	// report year, 2008 on, with the harmonized indicators summed over the
	// unit's reports instead of one row per report.
	Panel bool
	// PanelLayout is PanelWide (default) or PanelLong; PanelBy is
	// PanelRegion (default) or PanelAgency.
	PanelLayout, PanelBy string
	// Stata makes a panel CSV Stata/R-friendly: no BOM, column names checked
	// as Stata variable names, and Export writes <path>.do beside it to
	// import and label it.
	Stata bool
	// Columns returns the canonical report fields in codebook order. Nil
	// means the codebook of extract/report.
	Columns func() []Column
	// TextFolder writes the text export as a folder instead of a zip.
	TextFolder bool
	// RowGroupRows is the number of rows per Parquet row group; 0 = 10,000.
	RowGroupRows int
	// Software names the producing program in the WARC warcinfo record.
	Software string
	// Version is the producing program's version, written into Parquet's
	// created_by ("nianbao version V") so a file says which build made it.
	Version string
}

// Summary reports what an export wrote.
type Summary struct {
	Records int64            // rows, lines, files or captures written
	Bytes   int64            // bytes written to the main output
	Skipped int64            // records or captures not written
	Reasons map[string]int64 // why they were skipped, by reason
	Files   []string         // files written (main output first, codebook last)
}

func (s *Summary) skip(reason string) {
	s.Skipped++
	if s.Reasons == nil {
		s.Reasons = map[string]int64{}
	}
	s.Reasons[reason]++
}

// columns returns the canonical codebook the options select.
func (o Options) columns() ([]Column, error) {
	f := o.Columns
	if f == nil {
		f = DefaultColumns
	}
	cols := f()
	if len(cols) == 0 {
		return nil, fmt.Errorf("export: empty codebook")
	}
	return cols, nil
}

// Write streams an export in a single-stream format (csv, jsonl, parquet,
// or text as a zip) to w. It writes no codebook: see WriteCodebook.
func Write(ctx context.Context, src Source, opt Options, w io.Writer) (Summary, error) {
	cols, err := opt.columns()
	if err != nil {
		return Summary{}, err
	}
	cw := &countingWriter{w: w}
	var sum Summary
	switch {
	case opt.Panel:
		sum, err = writePanel(ctx, src, opt, cw)
	case opt.Format == FormatCSV:
		sum, err = writeCSV(ctx, src, opt, cols, cw)
	case opt.Format == FormatJSONL:
		sum, err = writeJSONL(ctx, src, opt, cw)
	case opt.Format == FormatParquet:
		sum, err = writeParquet(ctx, src, opt, cols, cw)
	case opt.Format == FormatText && !opt.TextFolder:
		sum, err = writeTextZip(ctx, src, opt, cw)
	default:
		return Summary{}, fmt.Errorf("export: format %q (panel=%v, folder=%v) needs a path, or is unknown",
			opt.Format, opt.Panel, opt.TextFolder)
	}
	sum.Bytes = cw.n
	return sum, err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
