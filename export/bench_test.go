package export

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/heapwatch"
)

const benchRecords = 100_000

// benchExport exports benchRecords generated records (real codebook, ~230
// canonical fields each, 2.6 KB of text) per iteration and reports
// records/s and the peak heap in use.
func benchExport(b *testing.B, opt Options, out func(b *testing.B) io.Writer) {
	gen := benchGen(DefaultColumns())
	runtime.GC()
	stop := heapwatch.Start(5*time.Millisecond, nil)
	start := time.Now()
	var written int64
	for b.Loop() {
		sum, err := Write(context.Background(), &fakeSource{gen: gen, n: benchRecords}, opt, out(b))
		if err != nil || (sum.Records != benchRecords && !opt.Panel) {
			b.Fatalf("sum %+v err %v", sum, err)
		}
		written = sum.Bytes
	}
	elapsed := time.Since(start)
	peak := stop().InUse
	b.ReportMetric(float64(benchRecords)*float64(b.N)/elapsed.Seconds(), "records/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(written)/(1<<20), "output-MB")
}

func discard(*testing.B) io.Writer { return io.Discard }

func BenchmarkExportCSV(b *testing.B)     { benchExport(b, Options{Format: FormatCSV}, discard) }
func BenchmarkExportJSONL(b *testing.B)   { benchExport(b, Options{Format: FormatJSONL}, discard) }
func BenchmarkExportParquet(b *testing.B) { benchExport(b, Options{Format: FormatParquet}, discard) }
func BenchmarkExportPanel(b *testing.B) {
	benchExport(b, Options{Format: FormatCSV, Panel: true}, discard)
}
func BenchmarkExportText(b *testing.B) { benchExport(b, Options{Format: FormatText}, discard) }

// benchGen generates records cheaply: the figures, checks and text of 101
// templates, with per-record URL, title, digest and fetch time, so the
// benchmark measures the export rather than the generator's maps.
func benchGen(cols []Column) func(i int) *extract.Record {
	templates := make([]*extract.Record, 101)
	for k := range templates {
		templates[k] = genRecordCols(k, cols)
	}
	t0 := templates[0].FetchedAt
	return func(i int) *extract.Record {
		r := *templates[i%len(templates)]
		id := strconv.Itoa(i)
		r.URL = r.URL[:len(r.URL)-11] + id + ".html"
		r.Title = r.RegionName + id + "号" + r.Title[len(r.RegionName):]
		r.SHA256 = id + r.SHA256[len(id):]
		r.FetchedAt = t0.Add(time.Duration(i) * time.Second)
		return &r
	}
}

// BenchmarkGenerate is the cost of the fake source alone, to subtract.
func BenchmarkGenerate(b *testing.B) {
	gen := benchGen(DefaultColumns())
	for b.Loop() {
		for i := range benchRecords {
			_ = gen(i)
		}
	}
	b.ReportMetric(float64(benchRecords)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkExportWARC writes 100k captures (20 KB bodies, every fifth a
// re-capture of an unchanged page) to a .warc.gz with its CDXJ index.
func BenchmarkExportWARC(b *testing.B) {
	body := make([]byte, 20<<10)
	for i := range body {
		body[i] = byte('a' + i*7%26)
	}
	src := &captureGen{n: benchRecords, body: body}
	runtime.GC()
	stop := heapwatch.Start(5*time.Millisecond, nil)
	start := time.Now()
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "bench.warc.gz")
		sum, err := Export(context.Background(), src, Options{Format: FormatWARC}, path)
		if err != nil || sum.Records != benchRecords {
			b.Fatalf("sum %+v err %v", sum, err)
		}
		b.ReportMetric(float64(sum.Bytes)/(1<<20), "output-MB")
	}
	peak := stop().InUse
	b.ReportMetric(float64(benchRecords)*float64(b.N)/time.Since(start).Seconds(), "records/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// captureGen generates captures on the fly.
type captureGen struct {
	fakeSource
	n    int
	body []byte
}

func (g *captureGen) Captures(fn func(*capture.Capture) error) error {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range g.n {
		page := i - i%5 // every fifth capture repeats the page before it
		body := append(strconv.AppendInt(nil, int64(page), 10), g.body...)
		c := &capture.Capture{URL: "http://www.site" + strconv.Itoa(i%2000) + ".gov.cn/zwgk/t" + strconv.Itoa(page) + ".html",
			Method: "GET", Status: 200, Proto: "HTTP/1.1", Body: body, FetchedAt: t0.Add(time.Duration(i) * time.Second),
			Header: http.Header{"Content-Type": {"text/html"}, "Server": {"nginx"}}, Kind: "report"}
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}
