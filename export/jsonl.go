package export

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/nianbao/nianbao/extract"
)

// writeJSONL writes every record as one JSON object per line: the Record's
// own JSON form (fields, nulls, checks, artifacts, sections, text). HTML
// characters are not escaped, so titles read as written.
func writeJSONL(ctx context.Context, src Source, opt Options, w io.Writer) (Summary, error) {
	var sum Summary
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	err := eachRecord(ctx, src, opt.Filter, &sum, func(r *extract.Record) error {
		if err := enc.Encode(jsonlRecord{Record: r, FormVersion: r.Format}); err != nil {
			return fmt.Errorf("jsonl %s: %w", r.URL, err)
		}
		sum.Records++
		return nil
	})
	return sum, err
}

// jsonlRecord is a record as exported: the Record's JSON with its "format"
// key named form_version, as in CSV and Parquet (the archive keeps storing
// "format"). The outer Format, empty and omitted, shadows the Record's.
type jsonlRecord struct {
	*extract.Record
	Format      string `json:"format,omitempty"`
	FormVersion string `json:"form_version"`
}
