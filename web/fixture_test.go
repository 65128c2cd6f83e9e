package web

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/report"
	"github.com/nianbao/nianbao/store"
)

// hostileMarker is in every archived page of the fixture: it must never
// appear in a UI page, only in /replay/ and /raw/ answers.
const hostileMarker = "ARCHIVED-SCRIPT-7f3a"

// hostilePage is an archived page that tries everything: script, an
// external image, a form posting to the UI's action, a top navigation.
var hostilePage = `<html><head><title>t</title><script>fetch("/api/status");document.title="` + hostileMarker + `"</script>
<img src="http://tracker.example/x.png"></head><body><form method="post" action="/action/crawl"><button>go</button></form>
<a href="javascript:top.location='http://evil.example'">x</a><p>` + hostileMarker + ` 政府信息公开工作年度报告正文</p></body></html>`

// fixture is a small archive built through the store API: three provinces,
// reports over three years, one with failed checks and two versions, one
// with a hostile title, two runs with a site failing both.
type fixture struct {
	db      *store.DB
	seeds   []Seed
	changed string // URL of the report with two versions
	hostile string // URL of the report whose title is markup
	first   *extract.Record
}

var fixtureT0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

func f64(v float64) *float64 { return &v }

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "nianbao.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fx := &fixture{db: db, seeds: []Seed{
		{"110101", "东城区", "北京市"}, {"110102", "西城区", "北京市"}, {"130102", "长安区", "河北省"},
		{"130104", "桥西区", "河北省"}, {"440103", "荔湾区", "广东省"},
	}}
	n := 0
	for i, s := range fx.seeds[:4] { // 广东 has no report: share 0
		for y := 2021; y <= 2023; y++ {
			if s.Province == "河北省" && y == 2021 {
				continue
			}
			n++
			u := fmt.Sprintf("http://www.r%d.gov.cn/zfxxgknb/%d/t%d.html", i, y, n)
			rec := fx.save(t, u, s, y, fmt.Sprintf("%s%d年政府信息公开工作年度报告", s.Name, y), []byte(hostilePage+fmt.Sprint(n)))
			if n == 1 {
				fx.first = rec
			}
		}
	}
	fx.changed = fx.first.URL
	rec2 := *fx.first
	rec2.Fields = map[string]*float64{}
	for k, v := range fx.first.Fields {
		rec2.Fields[k] = v
	}
	rec2.Fields["app_new_total"] = f64(99) // breaks the balance check of the total column
	rec2.Checks = toChecks(report.RunChecks(rec2.Format, rec2.Fields))
	fx.saveRecord(t, &rec2, []byte(hostilePage+"v2"), fixtureT0.Add(48*time.Hour))
	fx.hostile = "http://www.r9.gov.cn/zfxxgknb/x.html"
	fx.save(t, fx.hostile, fx.seeds[4], 2022, `<script>alert(1)</script><img src=x onerror=alert(2)>报告`, []byte(hostilePage))
	fx.runs(t)
	return fx
}

func toChecks(cs []report.Check) []extract.Check {
	out := make([]extract.Check, len(cs))
	for i, c := range cs {
		out[i] = extract.Check(c)
	}
	return out
}

func (fx *fixture) save(t testing.TB, u string, s Seed, year int, title string, body []byte) *extract.Record {
	t.Helper()
	fields := map[string]*float64{}
	for _, k := range report.KeysFor(extract.Format2021) {
		fields[k] = f64(0)
	}
	fields["app_new_total"], fields["app_new_person"] = f64(10), f64(10)
	fields["app_granted_total"], fields["app_granted_person"] = f64(10), f64(10)
	fields["app_total_total"], fields["app_total_person"] = f64(10), f64(10)
	fields["art20_fees_wan_yuan"] = nil
	rec := &extract.Record{URL: u, SourceURL: "http://www.example.gov.cn/zfxxgknb/index.html", Title: title, Year: year,
		Agency: s.Name + "人民政府办公室", RegionCode: s.Code, RegionName: s.Name, Province: s.Province,
		Published: fmt.Sprintf("%d-03-01", year+1), Format: extract.Format2021, Fields: fields,
		Nulls: map[string]string{"art20_fees_wan_yuan": "not_applicable"}, Artifacts: []string{},
		Text: "一、总体情况", Host: "www.example.gov.cn", Official: true, ParserVersion: "test-1",
		ContentType: "text/html; charset=utf-8", Charset: "utf-8", CharsetMethod: "valid-utf8"}
	rec.Checks = toChecks(report.RunChecks(rec.Format, rec.Fields))
	fx.saveRecord(t, rec, body, fixtureT0)
	return rec
}

func (fx *fixture) saveRecord(t testing.TB, rec *extract.Record, body []byte, at time.Time) {
	t.Helper()
	c := &capture.Capture{URL: rec.URL, FinalURL: rec.URL, Method: "GET", Status: 200, Proto: "HTTP/1.1",
		Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: body, FetchedAt: at,
		Outcome: capture.OutcomeOK, SiteCode: rec.RegionCode, Kind: "report"}
	if _, err := fx.db.SaveCapture(c); err != nil {
		t.Fatal(err)
	}
	rec.SHA256, rec.FetchedAt = c.Digest(), at
	if err := fx.db.SaveRecord(rec); err != nil {
		t.Fatal(err)
	}
}

// runs records two finished crawls in which 440103 failed both times.
func (fx *fixture) runs(t testing.TB) {
	t.Helper()
	for night := 0; night < 2; night++ {
		st, err := fx.db.StartRun(store.RunSpec{Kind: "crawl", Sites: len(fx.seeds)})
		if err != nil {
			t.Fatal(err)
		}
		run := st.Run
		var results []capture.SiteResult
		for _, s := range fx.seeds {
			res := capture.SiteResult{Code: s.Code, Name: s.Name, Province: s.Province, Outcome: "ok", Pages: 10, Reports: 3}
			if s.Code == "440103" {
				res.Outcome, res.Detail, res.Pages, res.Reports = "challenged", "412 瑞数 challenge", 1, 0
			}
			if err := fx.db.SiteDone(run.ID, res); err != nil {
				t.Fatal(err)
			}
			results = append(results, res)
		}
		run.Results, run.Done = results, len(results)
		run.Totals = map[string]int{"pages": 41, "reports": 12, "failed_sites": 1}
		if err := fx.db.FinishRun(run); err != nil {
			t.Fatal(err)
		}
	}
}

// server returns a refreshed Server over the fixture.
func (fx *fixture) server(t testing.TB, opt Options) *Server {
	t.Helper()
	opt.Archive, opt.Seeds = fx.db, fx.seeds
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}
