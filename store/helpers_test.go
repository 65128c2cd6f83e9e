package store

import (
	"bytes"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// openTest opens a fresh archive in a temp dir; on cleanup it verifies the
// archive (failing the test on any problem) and closes it.
func openTest(t testing.TB) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "nianbao.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		var buf bytes.Buffer
		if _, err := db.Verify(&buf); err != nil {
			t.Errorf("verify on cleanup: %v\n%s", err, buf.String())
		}
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return db
}

var t0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// newCapture builds a 200 capture of url with body fetched at t.
func newCapture(url string, body []byte, at time.Time, etag string) *capture.Capture {
	h := http.Header{"Content-Type": {"text/html"}}
	if etag != "" {
		h.Set("ETag", etag)
		h.Set("Last-Modified", at.Format(http.TimeFormat))
	}
	return &capture.Capture{
		URL: url, FinalURL: url, Method: "GET", ReqHeader: http.Header{"User-Agent": {"nianbao-test"}},
		Status: 200, Proto: "HTTP/1.1", Header: h, Body: body, FetchedAt: at, Duration: 120 * time.Millisecond,
		Outcome: capture.OutcomeOK, Charset: capture.Charset{Name: "utf-8", Method: "valid-utf8"},
		SourceURL: "http://www.example.gov.cn/zwgk/zfxxgknb/index.html", SiteCode: "110101", Kind: "report",
	}
}

func mustSave(t testing.TB, db *DB, c *capture.Capture) capture.Saved {
	t.Helper()
	s, err := db.SaveCapture(c)
	if err != nil {
		t.Fatalf("save capture %s: %v", c.URL, err)
	}
	return s
}

func f64(v float64) *float64 { return &v }

// newRecord builds a record for a saved capture.
func newRecord(c *capture.Capture, year int, region, province string) *extract.Record {
	return &extract.Record{
		URL: c.URL, SourceURL: c.SourceURL, Title: fmt.Sprintf("%d年政府信息公开工作年度报告", year), Year: year,
		Agency: "某某区人民政府办公室", RegionCode: region, RegionName: "某某区", Province: province,
		Published: fmt.Sprintf("%d-03-01", year+1), Format: extract.Format2021,
		Fields:    map[string]*float64{"app_new_total": f64(12), "fee_amount": nil},
		Nulls:     map[string]string{"fee_amount": "not_applicable"},
		Checks:    []extract.Check{{Name: "app_balance_total", Pass: true}},
		Artifacts: []string{}, Text: "一、总体情况", SHA256: c.Digest(), FetchedAt: c.FetchedAt,
		Host: "www.example.gov.cn", Official: true, ParserVersion: "test-1",
	}
}
