package office

import (
	"context"
	"testing"
	"time"
)

// BenchmarkConvert: a Word binary and a spreadsheet converted to HTML by a
// LibreOffice started for each (cold) and by one kept running (warm; its
// start is paid once, before the timed loop, and reported as start-cpu-s).
// cpu-s/op is user + system time of every process involved, which the
// machine's load does not distort much; peak-MB the LibreOffice's peak
// resident memory.
//
//	go test ./internal/office -run '^$' -bench Convert -benchtime 5x
func BenchmarkConvert(b *testing.B) {
	need(b, "soffice")
	for _, mode := range []struct {
		name string
		keep time.Duration
	}{{"cold", -1}, {"warm", time.Hour}} {
		for _, f := range []struct{ name, kind string }{{"boai.doc", "doc"}, {"boai.xls", "xls"}} {
			b.Run(mode.name+"/"+f.kind, func(b *testing.B) {
				c := &Converter{Keep: mode.keep, Timeout: 10 * time.Minute}
				defer c.Close()
				ctx, body := context.Background(), fixture(b, f.name)
				var start Stats
				if mode.keep > 0 {
					var err error
					if _, start, err = c.ToHTML(ctx, body, f.kind); err != nil || !start.Warm {
						b.Fatalf("warm-up: warm %v, %v", start.Warm, err)
					}
				}
				var cpu time.Duration
				var rss int64
				for b.Loop() {
					_, st, err := c.ToHTML(ctx, body, f.kind)
					if err != nil || st.Warm != (mode.keep > 0) {
						b.Fatalf("warm %v, %v", st.Warm, err)
					}
					cpu, rss = cpu+st.CPU, max(rss, st.MaxRSSKB)
				}
				b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
				b.ReportMetric(float64(rss>>10), "peak-MB")
				if start.Warm {
					b.ReportMetric(start.CPU.Seconds(), "start-cpu-s")
					b.ReportMetric(start.Elapsed.Seconds(), "start-wall-s")
				}
			})
		}
	}
}
