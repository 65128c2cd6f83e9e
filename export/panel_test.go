package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract"
)

func panelRecord(region string, year int, format string, fields map[string]*float64, failed bool) *extract.Record {
	return &extract.Record{URL: "http://x.gov.cn/" + region, RegionCode: region, RegionName: "区" + region,
		Province: "四川省", Year: year, Format: format, Fields: fields, Agency: "区" + region + "人民政府",
		Published: itoaYear(year+1) + "-03-01", Checks: []extract.Check{{Name: "app_balance_total", Pass: !failed}}}
}

func itoaYear(y int) string { return intOrEmpty(y) }

func panelRecords() []*extract.Record {
	renamed := panelRecord("510107", 2015, "legacy", map[string]*float64{"legacy_app_received": num(5), "legacy_proactive_items": num(300)}, false)
	renamed.Agency = "武侯县人民政府" // the name the report used before the county became a district
	return []*extract.Record{
		panelRecord("510107", 2022, "2021", map[string]*float64{"app_new_total": num(3), "suit_direct_total": num(1), "suit_after_review_total": num(1)}, false),
		panelRecord("510107", 2022, "2021", map[string]*float64{"app_new_total": num(4)}, true),
		panelRecord("510107", 2022, "2021", map[string]*float64{"app_new_total": nil}, false),
		panelRecord("510107", 2020, "2019", map[string]*float64{"app_new_total": num(1)}, false),
		renamed,
		panelRecord("330106", 2022, "legacy", map[string]*float64{}, false),
	}
}

func readCSV(t *testing.T, b []byte) (rows [][]string, get func(row int, key string) string) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows, func(row int, key string) string {
		for i, k := range rows[0] {
			if k == key {
				return rows[row][i]
			}
		}
		t.Fatalf("no column %s in %v", key, rows[0])
		return ""
	}
}

func TestWrite_Panel_Wide(t *testing.T) {
	opt := testOptions(FormatCSV)
	opt.Panel = true
	var buf bytes.Buffer
	sum, err := Write(context.Background(), &fakeSource{records: panelRecords()}, opt, &buf)
	if err != nil {
		t.Fatal(err)
	}
	// 330106: 2008–2022 (15 rows); 510107: 2008–2022 (15 rows).
	if sum.Records != 30 {
		t.Errorf("%d panel rows, want 30 (balanced 2008–2022 for two regions)", sum.Records)
	}
	_, get := readCSV(t, buf.Bytes())
	row := func(region string, year int) int { // rows sorted by region, then year from 2008
		r := 1 + int(year-2008)
		if region == "510107" {
			r += 15
		}
		return r
	}
	for _, tc := range []struct {
		region    string
		year      int
		key, want string
	}{
		{"330106", 2022, "reports", "1"}, {"330106", 2022, "reports_legacy", "1"}, {"330106", 2022, "applications_received", ""},
		{"330106", 2022, "applications_received_n", "0"}, {"330106", 2010, "reports", "0"}, {"330106", 2010, "formats", ""},
		{"510107", 2015, "proactive_items", "300"}, {"510107", 2015, "applications_received", "5"},
		{"510107", 2015, "names_in_reports", "武侯县人民政府"}, {"510107", 2015, "region_name", "区510107"},
		{"510107", 2015, "published_year_min", "2016"},
		{"510107", 2020, "applications_received", "1"}, {"510107", 2020, "reports_2019", "1"},
		{"510107", 2021, "reports", "0"}, {"510107", 2021, "applications_received", ""}, {"510107", 2021, "region_name", "区510107"},
		{"510107", 2022, "reports", "3"}, {"510107", 2022, "reports_2021", "3"}, {"510107", 2022, "reports_failed_checks", "1"},
		{"510107", 2022, "applications_received", "7"}, {"510107", 2022, "applications_received_n", "2"},
		{"510107", 2022, "lawsuits", "2"}, {"510107", 2022, "lawsuits_n", "1"}, {"510107", 2022, "proactive_items", ""},
		{"510107", 2022, "formats", "2021:3"}, {"510107", 2022, "names_in_reports", "区510107人民政府"},
	} {
		if got := get(row(tc.region, tc.year), tc.key); got != tc.want {
			t.Errorf("%s/%d %s = %q, want %q", tc.region, tc.year, tc.key, got, tc.want)
		}
	}
	golden(t, "panel.csv", buf.Bytes())
}

func TestWrite_Panel_LongByAgency(t *testing.T) {
	opt := testOptions(FormatCSV)
	opt.Panel, opt.PanelLayout, opt.PanelBy = true, PanelLong, PanelAgency
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &fakeSource{records: panelRecords()}, opt, &buf); err != nil {
		t.Fatal(err)
	}
	rows, _ := readCSV(t, buf.Bytes())
	var found bool
	for _, r := range rows[1:] {
		// region_code, region_name, province, agency, year, reports, formats, failed, indicator, value, value_n
		if r[3] == "武侯县人民政府" && r[4] == "2015" && r[8] == "applications_received" {
			found = r[9] == "5" && r[10] == "1" && r[6] == "legacy:1"
		}
		if r[3] == "区510107人民政府" && r[4] == "2022" && r[8] == "proactive_items" && (r[9] != "" || r[10] != "0") {
			t.Errorf("2021-form cell has proactive_items %q (n %s), want empty", r[9], r[10])
		}
	}
	if !found || len(rows[0]) != 11 {
		t.Errorf("long row of the renamed body not found or wrong; header %v", rows[0])
	}
}

func TestExport_Panel_StataAndParquet(t *testing.T) {
	dir := t.TempDir()
	opt := testOptions(FormatCSV)
	opt.Panel, opt.Stata, opt.BOM = true, true, true
	path := filepath.Join(dir, "panel.csv")
	sum, err := Export(context.Background(), &fakeSource{records: panelRecords()}, opt, path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || bytes.HasPrefix(b, []byte(utf8BOM)) {
		t.Fatalf("stata csv: err %v, BOM present %v", err, bytes.HasPrefix(b, []byte(utf8BOM)))
	}
	do, err := os.ReadFile(filepath.Join(dir, "panel.do"))
	if err != nil || !strings.Contains(string(do), "label variable applications_received ") ||
		!strings.Contains(string(do), `import delimited using "panel.csv"`) {
		t.Errorf("do-file (files %v): %v\n%s", sum.Files, err, do)
	}
	header, _, _ := strings.Cut(string(b), "\n")
	for _, name := range strings.Split(header, ",") {
		if len(name) > 32 || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			t.Errorf("column %q is not a Stata name", name)
		}
	}
	opt = testOptions(FormatParquet)
	opt.Panel = true
	var pq bytes.Buffer
	n, err := Write(context.Background(), &fakeSource{records: panelRecords()}, opt, &pq)
	if err != nil {
		t.Fatal(err)
	}
	f, rows := readParquet(t, pq.Bytes())
	if int64(len(rows)) != n.Records || len(f.Schema().Fields()) != len(PanelColumns(PanelWide, PanelRegion)) {
		t.Errorf("parquet panel: %d rows (want %d), %d columns", len(rows), n.Records, len(f.Schema().Fields()))
	}
}

func TestWrite_Panel_RefusesAllVersions(t *testing.T) {
	opt := testOptions(FormatCSV)
	opt.Panel, opt.Filter.AllVersions = true, true
	if _, err := Write(context.Background(), &fakeSource{gen: genRecord, n: 3}, opt, &bytes.Buffer{}); err == nil {
		t.Error("panel over all versions accepted")
	}
	opt = testOptions(FormatJSONL)
	opt.Panel = true
	if _, err := Write(context.Background(), &fakeSource{gen: genRecord, n: 3}, opt, &bytes.Buffer{}); err == nil {
		t.Error("jsonl panel accepted")
	}
}

// TestWrite_Panel_MisreadYearDoesNotStretch: a report year after the
// fetch (misread) keeps its own row but adds no gap rows to other units.
func TestWrite_Panel_MisreadYearDoesNotStretch(t *testing.T) {
	recs := panelRecords()
	for _, r := range recs {
		r.FetchedAt = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	}
	bad := panelRecord("330106", 2095, "2021", map[string]*float64{}, false)
	bad.FetchedAt = recs[0].FetchedAt
	opt := testOptions(FormatCSV)
	opt.Panel = true
	sum, err := Write(context.Background(), &fakeSource{records: append(recs, bad)}, opt, &bytes.Buffer{})
	if err != nil || sum.Records != 31 {
		t.Errorf("%d rows (err %v), want 30 balanced 2008–2022 + the 2095 row", sum.Records, err)
	}
}
