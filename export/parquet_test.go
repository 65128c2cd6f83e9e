package export

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/report"
)

// readParquet opens a written file and returns its schema and rows.
func readParquet(t *testing.T, b []byte) (*parquet.File, []parquet.Row) {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	r := parquet.NewReader(f)
	var rows []parquet.Row
	buf := make([]parquet.Row, 16)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			rows = append(rows, row.Clone())
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return f, rows
}

func TestWrite_Parquet_Schema(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &fakeSource{gen: genRecord, n: 3}, testOptions(FormatParquet), &buf); err != nil {
		t.Fatal(err)
	}
	f, _ := readParquet(t, buf.Bytes())
	var names []string
	types := map[string]string{}
	for _, path := range f.Schema().Columns() {
		leaf, _ := f.Schema().Lookup(path...)
		names = append(names, path[0])
		types[path[0]] = leaf.Node.Type().String()
		if !leaf.Node.Optional() {
			t.Errorf("%s not optional", path[0])
		}
	}
	if want := csvHeader(testColumns()); !slices.Equal(names, want) {
		t.Errorf("columns %v\nwant (codebook order) %v", names, want)
	}
	for col, want := range map[string]string{
		"url": "STRING", "year": "INT(64,true)", "published": "DATE", "fetched_at": "TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS)",
		"official": "BOOLEAN", "app_new_total": "INT(64,true)", "art20_fees_wan_yuan": "DECIMAL(18,4)",
	} {
		if types[col] != want {
			t.Errorf("%s is %s, want %s", col, types[col], want)
		}
	}
	if v, ok := f.Lookup("nianbao.codebook"); !ok || len(v) < 100 {
		t.Errorf("codebook metadata missing: %q", v)
	}
}

func TestWrite_Parquet_Values(t *testing.T) {
	for _, tc := range []struct{ n, groupRows, wantGroups int }{
		{25, 7, 4},    // row groups smaller than a write batch
		{300, 100, 3}, // groups spanning batches of 128
		{300, 0, 1},   // the default group size
	} {
		recs := genAll(tc.n)
		recs[0].Year, recs[0].Published = 0, "not a date"
		recs[1].Fields["art20_fees_wan_yuan"] = num(7538.66)
		recs[2].Fields["app_new_total"] = num(math.NaN())
		recs[3].FetchedAt = time.Time{}
		opt := testOptions(FormatParquet)
		opt.RowGroupRows = tc.groupRows
		var buf bytes.Buffer
		sum, err := Write(context.Background(), &fakeSource{records: recs}, opt, &buf)
		if err != nil || sum.Records != int64(tc.n) {
			t.Fatalf("sum %+v err %v", sum, err)
		}
		f, rows := readParquet(t, buf.Bytes())
		if len(f.RowGroups()) != tc.wantGroups || len(rows) != tc.n {
			t.Fatalf("%d row groups, %d rows; want %d, %d", len(f.RowGroups()), len(rows), tc.wantGroups, tc.n)
		}
		checkParquetRows(t, recs, rows)
	}
}

func checkParquetRows(t *testing.T, recs []*extract.Record, rows []parquet.Row) {
	t.Helper()
	cols := append(leadColumns(), testColumns()...)
	for i, r := range recs {
		for j, c := range cols {
			got := rows[i][j]
			if want, null := expectedParquet(r, c); null != got.IsNull() || (!null && got.String() != want) {
				t.Errorf("row %d %s = %v (null %v), want %q (null %v)", i, c.Key, got, got.IsNull(), want, null)
			}
		}
	}
}

// expectedParquet computes a cell's value independently of the writer.
func expectedParquet(r *extract.Record, c Column) (string, bool) {
	var s string
	for _, m := range metaColumns {
		if m.Key == c.Key {
			s = m.get(r)
		}
	}
	switch c.Key {
	case "published":
		d, err := time.Parse("2006-01-02", r.Published)
		if err != nil {
			return "", true
		}
		return itoa64(d.Unix() / 86400), false
	case "fetched_at":
		return itoa64(r.FetchedAt.UnixMilli()), r.FetchedAt.IsZero()
	case "official":
		return map[bool]string{true: "true", false: "false"}[r.Official], false
	}
	if c.Section == "metadata" && c.Type == TypeDecimal && s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return "", true
		}
		return itoa64(int64(math.Round(f * 10000))), false
	}
	if c.Section == "metadata" {
		return s, s == ""
	}
	v := r.Fields[c.Key]
	if c.Section == "indicators" {
		inds, _ := report.ComputeIndicators(r.Format, r.Fields, r.Nulls)
		v = inds[c.Key]
	}
	if v == nil || math.IsNaN(*v) {
		return "", true
	}
	if c.Type == TypeDecimal {
		return itoa64(int64(math.Round(*v * 10000))), false
	}
	return itoa64(int64(*v)), false
}

func itoa64(n int64) string { return parquet.Int64Value(n).String() }
