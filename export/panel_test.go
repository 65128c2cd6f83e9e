package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"github.com/nianbao/nianbao/extract"
)

func panelRecord(region string, year int, format string, fields map[string]*float64, failed bool) *extract.Record {
	return &extract.Record{URL: "http://x.gov.cn/" + region, RegionCode: region, RegionName: "区" + region,
		Province: "四川省", Year: year, Format: format, Fields: fields,
		Checks: []extract.Check{{Name: "app_balance_total", Pass: !failed}}}
}

func TestWrite_Panel_Sums(t *testing.T) {
	recs := []*extract.Record{
		panelRecord("510107", 2022, "2021", map[string]*float64{"app_new_total": num(3), "art20_fees_wan_yuan": num(0.1)}, false),
		panelRecord("510107", 2022, "2021", map[string]*float64{"app_new_total": num(4), "art20_fees_wan_yuan": num(0.2)}, true),
		panelRecord("510107", 2022, "2021", map[string]*float64{"app_new_total": nil}, false),
		panelRecord("510107", 2020, "2019", map[string]*float64{"app_new_total": num(1)}, false),
		panelRecord("330106", 2022, "legacy", map[string]*float64{}, false),
	}
	opt := testOptions(FormatCSV)
	opt.Panel = true
	var buf bytes.Buffer
	sum, err := Write(context.Background(), &fakeSource{records: recs}, opt, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Records != 3 {
		t.Errorf("%d panel rows, want 3", sum.Records)
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	get := func(row int, key string) string {
		for i, k := range rows[0] {
			if k == key {
				return rows[row][i]
			}
		}
		t.Fatalf("no column %s in %v", key, rows[0])
		return ""
	}
	for _, tc := range []struct {
		row       int
		key, want string
	}{
		{1, "region_code", "330106"}, {1, "reports", "1"}, {1, "reports_legacy", "1"}, {1, "app_new_total", ""}, {1, "app_new_total_n", "0"},
		{2, "region_code", "510107"}, {2, "year", "2020"}, {2, "app_new_total", "1"}, {2, "reports_2019", "1"},
		{3, "year", "2022"}, {3, "reports", "3"}, {3, "reports_2021", "3"}, {3, "reports_failed_checks", "1"},
		{3, "app_new_total", "7"}, {3, "app_new_total_n", "2"}, {3, "art20_fees_wan_yuan", "0.3"},
		{3, "region_name", "区510107"}, {3, "province", "四川省"},
	} {
		if got := get(tc.row, tc.key); got != tc.want {
			t.Errorf("row %d %s = %q, want %q", tc.row, tc.key, got, tc.want)
		}
	}
	golden(t, "panel.csv", buf.Bytes())
}

func TestWrite_Panel_RefusesAllVersions(t *testing.T) {
	opt := testOptions(FormatCSV)
	opt.Panel, opt.Filter.AllVersions = true, true
	if _, err := Write(context.Background(), &fakeSource{gen: genRecord, n: 3}, opt, &bytes.Buffer{}); err == nil {
		t.Error("panel over all versions accepted")
	}
}
