package store

import (
	"bytes"
	"fmt"
	"math/rand"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
)

// benchPages returns n report pages of 50–200 KB, UTF-8 or GBK.
func benchPages(n int, gbk bool) [][]byte {
	rng := rand.New(rand.NewSource(42))
	pages := make([][]byte, n)
	for i := range pages {
		size := 50_000 + rng.Intn(150_000)
		if gbk {
			pages[i] = gbkPage(rng, i, size*2/3) // GBK takes 2 bytes a hanzi, UTF-8 3
		} else {
			pages[i] = reportPage(rng, i, size)
		}
	}
	return pages
}

// uniqueBody makes page p distinct for capture i (as a changed page is),
// so every capture stores a new body.
func uniqueBody(p []byte, i int) []byte {
	return bytes.Replace(p, []byte("</body>"), []byte("<!-- "+strconv.Itoa(i)+" --></body>"), 1)
}

// liveHeaders gives a capture the response and request headers a county
// portal and the crawler exchange, with the per-response parts (Date, a
// session cookie, a request id) different every time.
func liveHeaders(c *capture.Capture, rng *rand.Rand, etag string) {
	c.Header = http.Header{
		"Server": {"nginx"}, "Date": {c.FetchedAt.Format(http.TimeFormat)}, "Content-Type": {"text/html; charset=utf-8"},
		"Connection": {"keep-alive"}, "Vary": {"Accept-Encoding"}, "Etag": {etag},
		"Last-Modified": {"Mon, 15 Jan 2024 02:11:09 GMT"}, "X-Frame-Options": {"SAMEORIGIN"},
		"Set-Cookie":   {fmt.Sprintf("JSESSIONID=%016X%016X; Path=/; HttpOnly", rng.Uint64(), rng.Uint64())},
		"X-Request-Id": {fmt.Sprintf("%016x", rng.Uint64())}, "Content-Length": {strconv.Itoa(len(c.Body))},
	}
	c.ReqHeader = http.Header{
		"User-Agent":      {"nianbao/1.0 (+https://github.com/nianbao/nianbao; research archive of 政府信息公开年度报告)"},
		"Accept-Encoding": {"gzip"}, "Accept-Language": {"zh-CN,zh;q=0.9"},
		"If-None-Match": {etag}, "If-Modified-Since": {"Mon, 15 Jan 2024 02:11:09 GMT"},
	}
}

func openBench(b *testing.B, noSync bool) *DB {
	b.Helper()
	db, err := Open(filepath.Join(b.TempDir(), "bench.db"), Options{NoSync: noSync})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func hwm(db *DB) int64 {
	var n int64
	_ = db.bolt.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n
}

// BenchmarkIngest archives new 50–200 KB report pages with fsync on, from
// one caller and from 8 concurrent callers (group commit), and without fsync
// (what hashing, compression and bbolt cost), and reports captures/s and
// stored bytes as a share of raw bytes.
func BenchmarkIngest(b *testing.B) {
	modes := []struct {
		name    string
		workers int
		noSync  bool
	}{{"callers=1", 1, false}, {"callers=8", 8, false}, {"callers=1/nosync", 1, true}}
	for _, enc := range []string{"utf8", "gbk"} {
		pages := benchPages(32, enc == "gbk")
		for _, m := range modes {
			workers := m.workers
			b.Run(enc+"/"+m.name, func(b *testing.B) {
				db := openBench(b, m.noSync)
				var raw int64
				for _, p := range pages {
					raw += int64(len(p))
				}
				b.SetBytes(raw / int64(len(pages)))
				var next atomic.Int64
				var wg sync.WaitGroup
				start := time.Now()
				b.ResetTimer()
				for w := 0; w < workers; w++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := int(next.Add(1)); i <= b.N; i = int(next.Add(1)) {
							c := newCapture("http://www.example.gov.cn/t"+strconv.Itoa(i)+".html", uniqueBody(pages[i%len(pages)], i), t0, "")
							liveHeaders(c, rand.New(rand.NewSource(int64(i))), `"65a4f2-1e3c8"`)
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
				b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "captures/s")
				b.ReportMetric(100*float64(st.StoredBytes)/float64(st.RawBytes), "stored-%")
				b.ReportMetric(float64(hwm(db))/float64(b.N), "file-B/capture")
			})
		}
	}
}

// BenchmarkNightlyRecapture archives 100 report pages, then recaptures all
// of them on ten nights with unchanged bodies (half as 200 with the same
// body, half as 304) and reports the growth per recapture: of stored body
// bytes (target 0) and of the file's used pages (capture metadata: each
// check is kept as an event).
func BenchmarkNightlyRecapture(b *testing.B) {
	pages := benchPages(100, false)
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		db, err := Open(filepath.Join(b.TempDir(), fmt.Sprintf("night%d.db", n)), Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewSource(int64(n)))
		for i, p := range pages {
			c := newCapture("http://www.example.gov.cn/zwgk/zfxxgknb/202401/t20240115_"+strconv.Itoa(4123456+i)+".html", p, t0, `"v1"`)
			liveHeaders(c, rng, `"65a4f2-1e3c8"`)
			mustSave(b, db, c)
		}
		st0, _ := db.Stats()
		used0 := hwm(db)
		b.StartTimer()
		for night := 1; night <= 10; night++ {
			at := t0.Add(time.Duration(night) * 24 * time.Hour)
			for i, p := range pages {
				c := newCapture("http://www.example.gov.cn/zwgk/zfxxgknb/202401/t20240115_"+strconv.Itoa(4123456+i)+".html", p, at, `"v1"`)
				if i%2 == 1 {
					c.Status, c.Outcome, c.Body = 304, capture.OutcomeNotModified, nil
				}
				liveHeaders(c, rng, `"65a4f2-1e3c8"`)
				if s := mustSave(b, db, c); s.Version != 0 {
					b.Fatalf("unchanged body added version %d", s.Version)
				}
			}
		}
		b.StopTimer()
		st1, _ := db.Stats()
		recaps := float64(10 * len(pages))
		b.ReportMetric(float64(st1.StoredBytes-st0.StoredBytes)/recaps, "body-B/recapture")
		b.ReportMetric(float64(hwm(db)-used0)/recaps, "file-B/recapture")
		b.ReportMetric(float64(st0.RawBytes)/float64(len(pages)), "raw-B/page")
		db.Close()
		b.StartTimer()
	}
}
