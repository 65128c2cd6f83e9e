package export

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract"
)

func TestWrite_FiltersReachSource(t *testing.T) {
	since := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		filter Filter
		keep   func(r *extract.Record) bool
	}{
		{"year", Filter{Year: 2022}, func(r *extract.Record) bool { return r.Year == 2022 }},
		{"province", Filter{Province: "浙江省"}, func(r *extract.Record) bool { return r.Province == "浙江省" }},
		{"region prefix", Filter{Region: "5101"}, func(r *extract.Record) bool { return r.RegionCode == "510107" }},
		{"format version", Filter{FormatVersion: extract.Format2019}, func(r *extract.Record) bool { return r.Year < 2021 }},
		{"since", Filter{Since: since}, func(r *extract.Record) bool { return !r.FetchedAt.Before(since) }},
		{"all versions", Filter{AllVersions: true}, func(*extract.Record) bool { return true }},
		{"combined", Filter{Year: 2021, Province: "广东省"}, func(r *extract.Record) bool { return r.Year == 2021 && r.Province == "广东省" }},
	} {
		for _, format := range []string{FormatCSV, FormatJSONL, FormatParquet, FormatText} {
			for _, careless := range []bool{false, true} {
				src := &fakeSource{gen: genRecord, n: 100, ignore: careless}
				opt := testOptions(format)
				opt.Filter = tc.filter
				sum, err := Write(context.Background(), src, opt, &bytes.Buffer{})
				if err != nil {
					t.Fatal(err)
				}
				if len(src.filters) != 1 || src.filters[0] != tc.filter {
					t.Errorf("%s/%s: source got filters %+v, want %+v", tc.name, format, src.filters, tc.filter)
				}
				want := 0
				for i := range 100 {
					if tc.keep(genRecord(i)) {
						want++
					}
				}
				if sum.Records != int64(want) || (careless && sum.Skipped != int64(100-want)) {
					t.Errorf("%s/%s careless=%v: %d records %d skipped, want %d", tc.name, format, careless, sum.Records, sum.Skipped, want)
				}
			}
		}
	}
}

func TestWrite_SkipsNotReports(t *testing.T) {
	recs := genAll(3)
	recs[1].NotReport = "年报解读"
	var buf bytes.Buffer
	sum, err := Write(context.Background(), &fakeSource{records: recs}, testOptions(FormatJSONL), &buf)
	if err != nil || sum.Records != 2 || sum.Reasons["not_report"] != 1 {
		t.Errorf("sum %+v err %v", sum, err)
	}
}

func TestExport_CancelledLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	src := &fakeSource{gen: func(i int) *extract.Record {
		if n++; n == 50 {
			cancel()
		}
		return genRecord(i)
	}, n: 1000}
	for _, format := range []string{FormatCSV, FormatParquet} {
		n = 0
		ctx, cancel = context.WithCancel(context.Background())
		path := filepath.Join(dir, "out."+format)
		_, err := Export(ctx, src, testOptions(format), path)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err %v, want context.Canceled", format, err)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
			t.Errorf("%s: files left: %v", format, left)
		}
	}
	cancel()
}
