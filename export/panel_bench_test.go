package export

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/heapwatch"
)

// panelGen spreads benchRecords over 2,000 regions × 2008–2024 (about three
// reports per region and year, legacy up to 2018, the 2021 form after),
// as a national crawl would.
func panelGen() func(i int) *extract.Record {
	full := benchGen(DefaultColumns())
	legacy := map[string]*float64{"legacy_proactive_items": num(1200), "legacy_app_received": num(12),
		"legacy_ans_granted": num(9), "legacy_ans_partly_granted": num(2), "legacy_ans_refused": num(1),
		"legacy_reviews": num(0), "legacy_lawsuits": nil}
	return func(i int) *extract.Record {
		r := full(i)
		region := i % 2000
		r.RegionCode, r.RegionName = strconv.Itoa(110000+region), "区"+strconv.Itoa(region)
		r.Year = 2008 + (i/2000)%17
		r.Agency = r.RegionName + []string{"人民政府", "人民政府办公室", "教育局"}[(i/34000)%3]
		r.Published = fmt.Sprintf("%d-03-01", r.Year+1)
		r.Indicators = nil
		if r.Year <= 2018 {
			r.Format, r.Fields, r.Nulls = extract.FormatLegacy, legacy, map[string]string{"legacy_lawsuits": "missing"}
		}
		return r
	}
}

// BenchmarkExportPanel100k aggregates 100k records into the panel and
// writes it: time, peak heap and output size per layout and format.
func BenchmarkExportPanel100k(b *testing.B) {
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"wide-csv", Options{Format: FormatCSV, Panel: true}},
		{"long-csv", Options{Format: FormatCSV, Panel: true, PanelLayout: PanelLong}},
		{"wide-parquet", Options{Format: FormatParquet, Panel: true}},
		{"agency-wide-csv", Options{Format: FormatCSV, Panel: true, PanelBy: PanelAgency}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			gen := panelGen()
			runtime.GC()
			stop := heapwatch.Start(5*time.Millisecond, nil)
			start := time.Now()
			var sum Summary
			for b.Loop() {
				var err error
				sum, err = Write(context.Background(), &fakeSource{gen: gen, n: benchRecords}, tc.opt, discard(b))
				if err != nil || sum.Records == 0 {
					b.Fatalf("sum %+v err %v", sum, err)
				}
			}
			elapsed := time.Since(start)
			b.ReportMetric(float64(benchRecords)*float64(b.N)/elapsed.Seconds(), "records/s")
			b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/export")
			b.ReportMetric(float64(stop().InUse)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(sum.Records), "rows")
			b.ReportMetric(float64(sum.Bytes)/(1<<20), "output-MB")
		})
	}
}
