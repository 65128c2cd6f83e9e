package export

import (
	"context"
	"fmt"
	"strings"

	"github.com/nianbao/nianbao/extract"
)

// Match reports whether r passes every set field of f. AllVersions cannot
// be checked on one record; it is the Source's business.
func (f Filter) Match(r *extract.Record) bool {
	switch {
	case f.Year != 0 && r.Year != f.Year:
		return false
	case f.Province != "" && r.Province != f.Province:
		return false
	case f.Region != "" && !strings.HasPrefix(r.RegionCode, f.Region):
		return false
	case f.FormatVersion != "" && r.Format != f.FormatVersion:
		return false
	case !f.Since.IsZero() && r.FetchedAt.Before(f.Since):
		return false
	}
	return true
}

// eachRecord pulls the records selected by f from src, checks ctx and the
// filter on each, and hands the rest to fn. Records the filter rejects and
// bodies the extractor judged not to be reports (Record.NotReport) are
// counted in sum as skipped ("filtered", "not_report").
func eachRecord(ctx context.Context, src Source, f Filter, sum *Summary, fn func(*extract.Record) error) error {
	err := src.Records(f, func(r *extract.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r == nil {
			sum.skip("nil_record")
			return nil
		}
		if !f.Match(r) {
			sum.skip("filtered")
			return nil
		}
		if r.NotReport != "" {
			sum.skip("not_report")
			return nil
		}
		return fn(r)
	})
	if err != nil {
		return fmt.Errorf("export records: %w", err)
	}
	return ctx.Err()
}
