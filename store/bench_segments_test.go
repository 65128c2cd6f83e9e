package store

import (
	"crypto/rand"
	"math"
	mrand "math/rand"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nianbao/nianbao/store/segment"
)

// BenchmarkIngestBigDocs archives incompressible 0.3–10 MB documents
// (log-uniform sizes, as attachments are) with fsync on, from 4 callers,
// and reports captures/s, the segment bytes per raw byte and the index
// file's bytes per capture.
func BenchmarkIngestBigDocs(b *testing.B) {
	db := openBench(b, false)
	rng := mrand.New(mrand.NewSource(1))
	sizes := make([]int, 64)
	var raw int64
	for i := range sizes {
		sizes[i] = int(0.3e6 * math.Pow(10e6/0.3e6, rng.Float64()))
		raw += int64(sizes[i])
	}
	b.SetBytes(raw / int64(len(sizes)))
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	b.ResetTimer()
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)); i <= b.N; i = int(next.Add(1)) {
				body := make([]byte, sizes[i%len(sizes)])
				rand.Read(body)
				c := newCapture("http://www.example.gov.cn/f"+strconv.Itoa(i)+".pdf", body, t0, "")
				c.Header = http.Header{"Content-Type": {"application/pdf"}}
				if _, err := db.SaveCapture(c); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	st, err := db.Stats()
	if err != nil {
		b.Fatal(err)
	}
	segs, _ := segment.List(db.SegmentDir(), db.SegmentPrefix())
	var segBytes int64
	for _, s := range segs {
		fi, _ := os.Stat(filepath.Join(db.SegmentDir(), segment.FileName(db.SegmentPrefix(), s)))
		segBytes += fi.Size()
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "captures/s")
	b.ReportMetric(float64(segBytes)/float64(st.RawBytes), "segment-B/raw-B")
	b.ReportMetric(float64(hwm(db))/float64(b.N), "index-B/capture")
}
