package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/nianbao/nianbao/extract/report"
)

// TestDefaultColumns_MirrorsReport: the real codebook converts field for
// field, metadata keys do not collide with canonical keys, and every panel
// field exists.
func TestDefaultColumns_MirrorsReport(t *testing.T) {
	cols, rc := DefaultColumns(), report.Codebook()
	if len(cols) == 0 || len(cols) != len(rc) {
		t.Fatalf("%d columns, report has %d", len(cols), len(rc))
	}
	for i := range cols {
		if cols[i].Key != rc[i].Key || cols[i].Label != rc[i].Label || cols[i].Type != rc[i].Type {
			t.Errorf("column %d: %+v vs %+v", i, cols[i], rc[i])
		}
		if cols[i].Type != TypeInt && cols[i].Type != TypeDecimal {
			t.Errorf("%s: type %q", cols[i].Key, cols[i].Type)
		}
	}
	for _, m := range metaColumns {
		if slices.ContainsFunc(cols, func(c Column) bool { return c.Key == m.Key }) {
			t.Errorf("metadata column %s collides with a canonical key", m.Key)
		}
	}
}

// TestWrite_DefaultCodebook exports with the real codebook: the CSV has
// every canonical column and Parquet accepts every type.
func TestWrite_DefaultCodebook(t *testing.T) {
	for _, format := range []string{FormatCSV, FormatParquet} {
		var buf bytes.Buffer
		if _, err := Write(context.Background(), &fakeSource{gen: genRecord, n: 5}, Options{Format: format}, &buf); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if format != FormatCSV {
			continue
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(rows) != 6 || len(rows[0]) != len(leadColumns())+len(report.Codebook()) {
			t.Errorf("csv: %d rows of %d columns (%v)", len(rows), len(rows[0]), err)
		}
	}
}
