package web

import (
	"context"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/report"
	"github.com/nianbao/nianbao/seeds"
	"github.com/nianbao/nianbao/store"
)

// benchRecords is the archive size of the page benchmarks.
const benchRecords = 100_000

// benchArchive is built once per `go test -bench` run, through the store
// API, and removed by TestMain.
var benchArchive struct {
	once  sync.Once
	dir   string
	db    *store.DB
	srv   *Server
	urls  []string
	build time.Duration
	heap  float64       // MB of heap the index holds
	index time.Duration // one Refresh of the index
	err   error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchArchive.db != nil {
		benchArchive.db.Close()
	}
	if benchArchive.dir != "" {
		os.RemoveAll(benchArchive.dir)
	}
	os.Exit(code)
}

// benchRecord is a report of the seed's region for a year, with every
// figure of its form and a few KB of text.
func benchRecord(rng *rand.Rand, s seeds.Seed, i, year int) *extract.Record {
	format := extract.Format2021
	switch {
	case year < 2019:
		format = extract.FormatLegacy
	case year < 2021:
		format = extract.Format2019
	}
	fields := map[string]*float64{}
	for _, k := range report.KeysFor(format) {
		fields[k] = f64(float64(rng.Intn(40)))
	}
	rec := &extract.Record{URL: fmt.Sprintf("http://www.%s.gov.cn/zfxxgknb/%d/t%d.html", s.Code, year, i),
		SourceURL: fmt.Sprintf("http://www.%s.gov.cn/zfxxgknb/index.html", s.Code),
		Title:     fmt.Sprintf("%s%s%d年政府信息公开工作年度报告", s.Name, []string{"人民政府", "教育局", "财政局", "某某镇人民政府"}[i%4], year),
		Year:      year, Agency: s.Name + "人民政府办公室", RegionCode: s.Code, RegionName: s.Name, Province: s.Province,
		Published: fmt.Sprintf("%d-03-%02d", year+1, 1+i%28), Format: format, Fields: fields, Artifacts: []string{},
		Text: strings.Repeat("本年度，我区认真贯彻落实《中华人民共和国政府信息公开条例》，", 60), Host: "www." + s.Code + ".gov.cn",
		Official: true, ParserVersion: "bench", ContentType: "text/html; charset=utf-8", Charset: "utf-8"}
	rec.Checks = toChecks(report.RunChecks(format, fields))
	return rec
}

func buildBenchArchive() {
	a := &benchArchive
	start := time.Now()
	a.dir, a.err = os.MkdirTemp("", "nianbao-web-bench-")
	if a.err != nil {
		return
	}
	if a.db, a.err = store.Open(filepath.Join(a.dir, "bench.db"), store.Options{NoSync: true}); a.err != nil {
		return
	}
	list, err := seeds.Default()
	if a.err = err; err != nil {
		return
	}
	a.urls = make([]string, benchRecords)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := range 8 { // group commit: eight callers share each transaction
		wg.Go(func() {
			rng := rand.New(rand.NewSource(int64(w)))
			for i := w; i < benchRecords; i += 8 {
				s := list[i%len(list)]
				rec := benchRecord(rng, s, i, 2014+(i/len(list))%11)
				c := &capture.Capture{URL: rec.URL, FinalURL: rec.URL, Method: "GET", Status: 200, Proto: "HTTP/1.1",
					Header: http.Header{"Content-Type": {rec.ContentType}}, Body: []byte("<html><body>" + rec.Title + rec.Text[:300] + "</body></html>"),
					FetchedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second), Outcome: capture.OutcomeOK, SiteCode: s.Code, Kind: "report"}
				_, err := a.db.SaveCapture(c)
				if err == nil {
					rec.SHA256, rec.FetchedAt = c.Digest(), c.FetchedAt
					err = a.db.SaveRecord(rec)
				}
				mu.Lock()
				a.urls[i] = rec.URL
				if err != nil && a.err == nil {
					a.err = err
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if a.err != nil {
		return
	}
	web := make([]Seed, len(list))
	for i, s := range list {
		web[i] = Seed{s.Code, s.Name, s.Province}
	}
	if a.srv, a.err = New(Options{Archive: a.db, Seeds: web}); a.err != nil {
		return
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	a.err = a.srv.Refresh(context.Background())
	a.index = time.Since(t0)
	runtime.GC()
	runtime.ReadMemStats(&after)
	a.heap = float64(after.HeapInuse-before.HeapInuse) / (1 << 20)
	a.build = time.Since(start)
}

func benchServer(b *testing.B) *Server {
	benchArchive.once.Do(buildBenchArchive)
	if benchArchive.err != nil {
		b.Fatal(benchArchive.err)
	}
	return benchArchive.srv
}

// BenchmarkPages100k: server-side time of each page and API answer on an
// archive of 100k records (go test ./web -run '^$' -bench Pages100k).
func BenchmarkPages100k(b *testing.B) {
	s := benchServer(b)
	b.Logf("archive of %d records built in %s; index built in %s, holds %.1f MB of heap", benchRecords,
		benchArchive.build.Round(time.Second), benchArchive.index.Round(time.Millisecond), benchArchive.heap)
	h := s.Handler()
	one := "/report?url=" + url.QueryEscape(benchArchive.urls[4242])
	for _, p := range []string{"/", "/coverage", "/reports", "/reports?q=" + url.QueryEscape("教育局"),
		"/reports?year=2022&province=" + url.QueryEscape("河南省") + "&sort=title&dir=asc", "/reports?failed=1&page=20",
		one, "/panel", "/panel?province=" + url.QueryEscape("广东省") + "&key=applications_granted",
		"/api/status", "/api/reports?per_page=500", "/api/report?url=" + url.QueryEscape(benchArchive.urls[4242]), "/api/coverage",
		"/replay/" + mustRecord(b, benchArchive.urls[4242]).SHA256} {
		b.Run(strings.TrimPrefix(p, "/"), func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				req := httptest.NewRequest("GET", p, nil)
				req.Host = "127.0.0.1:8080"
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("GET %s: %d", p, rec.Code)
				}
			}
			// CPU time is what the page costs; wall time also counts
			// waiting for a core on a shared machine.
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func mustRecord(b *testing.B, u string) *extract.Record {
	r, err := benchArchive.db.Record(u)
	if err != nil {
		b.Fatal(err)
	}
	return r
}
