package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

func linksJSON(t *testing.T, args ...string) []linkRow {
	t.Helper()
	out, errs, code := runCLI(t, append([]string{"links", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rows []linkRow
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r linkRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		rows = append(rows, r)
	}
	return rows
}

// The real Ordos column lists 4 reports and 6 news items: the reports are
// report candidates, the news (一图读懂 included) are not followed, with
// the reason.
func TestLinks_OrdosColumn(t *testing.T) {
	path := testshared.Path(t, "real-pages", "ordos_engebei_xxgknb_listing_index.html")
	rows := linksJSON(t, path, "--url", "http://www.egb.gov.cn/xxgk/xxgknb/index.html")
	var reports, news []string
	for _, r := range rows {
		switch {
		case r.Kind == "report":
			reports = append(reports, r.Text)
		case r.Reason == "not_report_title":
			news = append(news, r.Text)
		}
	}
	if len(reports) != 4 || len(news) != 6 {
		t.Fatalf("reports %q\nnews %q\nwant 4 and 6", reports, news)
	}
	for _, r := range reports {
		if !strings.Contains(r, "年度报告") {
			t.Errorf("report candidate %q", r)
		}
	}
	if !strings.Contains(strings.Join(news, "|"), "一图读懂示范区2017年重点工作") {
		t.Errorf("一图读懂 not among the news: %q", news)
	}
	var pager bool
	for _, r := range rows {
		pager = pager || r.Kind == "listing" && strings.HasSuffix(r.URL, "/index_1.html")
	}
	if !pager {
		t.Error("next listing page index_1.html not followed")
	}
}

// links reads a URL too, and its table names every reason.
func TestLinks_URLTable(t *testing.T) {
	body, err := os.ReadFile(testshared.Path(t, "real-pages", "ordos_engebei_xxgknb_listing_index.html"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	}))
	defer srv.Close()
	out, errs, code := runCLI(t, "links", srv.URL+"/xxgk/xxgknb/index.html")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, s := range []string{"report", "not_report_title", "low_score", "off_scope", "一图读懂"} {
		if !strings.Contains(out, s) {
			t.Errorf("table lacks %q:\n%s", s, out)
		}
	}
	if _, errs, code := runCLI(t, "links"); code != 2 || !strings.Contains(errs, "want one FILE or URL") {
		t.Errorf("no argument: exit %d %q", code, errs)
	}
}
