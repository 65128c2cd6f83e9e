package report

import (
	"bytes"
	"testing"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"
)

// benchPages are the five seeds rendered as HTML in every layout and
// template (60 pages): the same pages for both benchmarks.
func benchPages(b *testing.B) [][]byte {
	b.Helper()
	pages, _, _ := seedPages(b)
	out := make([][]byte, len(pages))
	for i, p := range pages {
		out[i] = []byte(p)
	}
	return out
}

// BenchmarkParse is the full parse: HTML → content → lines → metadata →
// every field → checks. Compare reports/s with BenchmarkTrafilatura, a
// generic main-content extractor on the same pages.
func BenchmarkParse(b *testing.B) {
	pages := benchPages(b)
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		r := ParseHTML(pages[i%len(pages)], Hint{})
		if len(r.Fields) != 200 {
			b.Fatalf("page %d: %d fields", i%len(pages), len(r.Fields))
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "reports/s")
}

func BenchmarkTrafilatura(b *testing.B) {
	pages := benchPages(b)
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		if _, err := trafilatura.Extract(bytes.NewReader(pages[i%len(pages)]), trafilatura.Options{}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkParseVsTrafilatura alternates both on every page so that load
// on a shared machine hits them alike; "speedup" is the ratio of pages/s.
func BenchmarkParseVsTrafilatura(b *testing.B) {
	pages := benchPages(b)
	b.ResetTimer()
	var parse, traf time.Duration
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		t0 := time.Now()
		ParseHTML(p, Hint{})
		t1 := time.Now()
		if _, err := trafilatura.Extract(bytes.NewReader(p), trafilatura.Options{}); err != nil {
			b.Fatal(err)
		}
		parse += t1.Sub(t0)
		traf += time.Since(t1)
	}
	b.ReportMetric(float64(b.N)/parse.Seconds(), "reports/s")
	b.ReportMetric(float64(b.N)/traf.Seconds(), "trafilatura_pages/s")
	b.ReportMetric(traf.Seconds()/parse.Seconds(), "speedup")
}
