package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkParseLegacy parses the legacy fixtures (the three appendix
// variants, prose only, and testdata/legacy_2015.txt) in turn: the full
// parse of a 2008–2018 report, appendix and set phrases included.
func BenchmarkParseLegacy(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "legacy", "*"))
	paths = append(paths, filepath.Join("testdata", "legacy_2015.txt"))
	docs := make([][]byte, len(paths))
	var bytesIn int64
	for i, p := range paths {
		d, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		docs[i], bytesIn = d, bytesIn+int64(len(d))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(docs)
		var r Result
		if strings.HasSuffix(paths[k], ".html") {
			r = ParseHTML(docs[k], Hint{})
		} else {
			r = ParseText(string(docs[k]), Hint{})
		}
		if r.Format != FormatLegacy || r.Fields["legacy_app_received"] == nil {
			b.Fatalf("%s: format %s, applications %v", paths[k], r.Format, r.Nulls["legacy_app_received"])
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
	b.ReportMetric(float64(bytesIn)/float64(len(docs))*float64(b.N)/b.Elapsed().Seconds()/(1<<20), "MB/s")
}
