package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// get serves one GET on the handler (Host 127.0.0.1) and returns status,
// headers and body.
func get(t testing.TB, h http.Handler, target string) (int, http.Header, string) {
	t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	req.Host = "127.0.0.1:8080"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, rec.Result().Header, string(b)
}

func getJSON(t *testing.T, h http.Handler, target string, v any) {
	t.Helper()
	code, hd, body := get(t, h, target)
	if code != 200 || !strings.HasPrefix(hd.Get("Content-Type"), "application/json") {
		t.Fatalf("GET %s: %d %s\n%s", target, code, hd.Get("Content-Type"), body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
}

func TestPages_RenderWithStatus200(t *testing.T) {
	fx := newFixture(t)
	h := fx.server(t, Options{}).Handler()
	for _, tt := range []struct{ path, want string }{
		{"/", "Failing night after night"},
		{"/", "412 瑞数 challenge"},
		{"/coverage", "北京市"},
		{"/reports?year=2022", "report(s)"},
		{"/report?url=" + url.QueryEscape(fx.changed), "三、收到和处理政府信息公开申请情况"},
		{"/panel?key=applications_received", "<svg"},
		{"/static/style.css", ".grid"},
		{"/static/app.js", "api/status"},
	} {
		code, _, body := get(t, h, tt.path)
		if code != 200 || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: %d, body lacks %q", tt.path, code, tt.want)
		}
	}
}

func TestAPI_Coverage_CountsAndShares(t *testing.T) {
	fx := newFixture(t)
	h := fx.server(t, Options{}).Handler()
	var cov coverage
	getJSON(t, h, "/api/coverage", &cov)
	cells := map[string]coverageCell{}
	for _, r := range cov.Rows {
		for _, c := range r.Cells {
			cells[r.Province+"/"+itoa(c.Year)] = c
		}
	}
	for key, want := range map[string]coverageCell{
		"北京市/2021": {Year: 2021, Reports: 2, Regions: 2, Share: 1},
		"河北省/2021": {Year: 2021},
		"河北省/2023": {Year: 2023, Reports: 2, Regions: 2, Share: 1},
		"广东省/2022": {Year: 2022, Reports: 1, Regions: 1, Share: 1},
		"广东省/2023": {Year: 2023},
	} {
		if cells[key] != want {
			t.Errorf("%s = %+v, want %+v", key, cells[key], want)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestAPI_Reports_FiltersSortAndPages(t *testing.T) {
	fx := newFixture(t)
	h := fx.server(t, Options{}).Handler()
	tests := []struct {
		query string
		total int
	}{
		{"", 11},
		{"year=2022", 5},
		{"province=" + url.QueryEscape("河北省"), 4},
		{"region=110101", 3},
		{"q=" + url.QueryEscape("西城区2022"), 1},
		{"agency=" + url.QueryEscape("长安区"), 2},
		{"failed=1", 1},
		{"format=2019", 0},
	}
	for _, tt := range tests {
		var res searchResult
		getJSON(t, h, "/api/reports?"+tt.query, &res)
		if res.Total != tt.total || len(res.Reports) != tt.total {
			t.Errorf("%s: total %d (%d listed), want %d", tt.query, res.Total, len(res.Reports), tt.total)
		}
	}
	var page searchResult
	getJSON(t, h, "/api/reports?sort=year&dir=asc&per_page=4&page=3", &page)
	if page.Total != 11 || page.Pages != 3 || len(page.Reports) != 3 || page.Reports[2].Year != 2023 {
		t.Errorf("page 3 of 4: %+v", page)
	}
	getJSON(t, h, "/api/reports?sort=year&dir=asc&per_page=4&page=1", &page)
	if page.Reports[0].Year != 2021 {
		t.Errorf("ascending by year starts with %d", page.Reports[0].Year)
	}
}

func TestAPI_Report_VersionsAndChangedFigures(t *testing.T) {
	fx := newFixture(t)
	h := fx.server(t, Options{}).Handler()
	var body struct {
		Record   map[string]any `json:"record"`
		Versions []apiVersion   `json:"versions"`
	}
	getJSON(t, h, "/api/report?url="+url.QueryEscape(fx.changed), &body)
	if body.Record["url"] != fx.changed || body.Record["fields"].(map[string]any)["app_new_total"] != 99.0 {
		t.Errorf("record: %v", body.Record["fields"])
	}
	if len(body.Versions) != 2 || body.Versions[0].Version != 2 || len(body.Versions[0].Changed) != 1 ||
		body.Versions[0].Changed[0] != (fieldChange{Key: "app_new_total", Old: "10", New: "99"}) {
		t.Errorf("versions: %+v", body.Versions)
	}
	code, _, page := get(t, h, "/report?url="+url.QueryEscape(fx.changed))
	if code != 200 || !strings.Contains(page, `data-key="app_new_total" class="failed changed"`) ||
		!strings.Contains(page, "app_balance_total") || !strings.Contains(page, "app_new_total: 10 → 99") {
		t.Errorf("report page does not show the failed, changed figure")
	}
}

func TestAPI_PanelAndStatus(t *testing.T) {
	fx := newFixture(t)
	h := fx.server(t, Options{Live: func() Live { return Live{Running: true, Job: "crawl", SitesDone: 2, SitesTotal: 5} }}).Handler()
	var panel struct {
		Years []panelPoint `json:"years"`
	}
	getJSON(t, h, "/api/panel?key=applications_received&province="+url.QueryEscape("北京市"), &panel)
	want := []panelPoint{{2021, 2, 2, 10 + 99}, {2022, 2, 2, 20}, {2023, 2, 2, 20}}
	if len(panel.Years) != 3 || panel.Years[0] != want[0] || panel.Years[1] != want[1] || panel.Years[2] != want[2] {
		t.Errorf("panel = %+v, want %+v", panel.Years, want)
	}
	getJSON(t, h, "/api/panel?key=proactive_items&region=110101", &panel)
	if len(panel.Years) != 3 || panel.Years[0].N != 0 || panel.Years[0].Reports != 1 {
		t.Errorf("a null indicator counts reports but not values: %+v", panel.Years)
	}
	var st Status
	getJSON(t, h, "/api/status", &st)
	if st.Archive.Records != 11 || !st.Live.Running || st.Live.SitesDone != 2 || st.LastRun == nil || st.LastRun.Done != 5 {
		t.Errorf("status = %+v", st)
	}
	var sites struct {
		Failing []failingSite `json:"failing"`
	}
	getJSON(t, h, "/api/sites", &sites)
	if len(sites.Failing) != 1 || sites.Failing[0].Code != "440103" || sites.Failing[0].Streak != 2 {
		t.Errorf("failing = %+v", sites.Failing)
	}
}
