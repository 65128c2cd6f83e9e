package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"github.com/nianbao/nianbao/extract"
)

// TestWrite_CSV_Indicators: every era fills the same indicator columns; a
// quantity the era's form lacks is empty (null), never 0.
func TestWrite_CSV_Indicators(t *testing.T) {
	recs := []*extract.Record{
		{URL: "http://a.gov.cn/2021", Year: 2022, Format: extract.Format2021, Fields: map[string]*float64{
			"app_new_total": num(9), "review_total": num(1), "suit_direct_total": num(2), "suit_after_review_total": num(0)}},
		{URL: "http://a.gov.cn/2012", Year: 2011, Format: extract.FormatLegacy, Fields: map[string]*float64{
			"legacy_proactive_items": num(1250), "legacy_app_received": num(12), "legacy_reviews": num(0)}},
	}
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &fakeSource{records: recs}, Options{Format: FormatCSV}, &buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, k := range rows[0] {
		col[k] = i
	}
	for _, tc := range []struct {
		row       int
		key, want string
	}{
		{1, "proactive_items", ""}, {1, "applications_received", "9"}, {1, "reviews", "1"}, {1, "lawsuits", "2"},
		{2, "proactive_items", "1250"}, {2, "applications_received", "12"}, {2, "reviews", "0"}, {2, "lawsuits", ""},
		{2, "legacy_app_received", "12"},
	} {
		i, ok := col[tc.key]
		if !ok {
			t.Fatalf("no column %s", tc.key)
		}
		if got := rows[tc.row][i]; got != tc.want {
			t.Errorf("row %d %s = %q, want %q", tc.row, tc.key, got, tc.want)
		}
	}
}
