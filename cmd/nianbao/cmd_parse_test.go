package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

func TestParse_SeedReports(t *testing.T) {
	tests := []struct {
		file, agency string
		year         int
		newTotal     float64
	}{
		{"boai-county-office-2023.txt", "博爱县人民政府办公室", 2023, 0},
		{"dingdingmen-subdistrict-2023.txt", "洛龙区定鼎门街道办事处", 2023, 0},
		{"jingzhou-county-2024-traditional-pinyin.txt", "靖州县", 2024, 17},
		{"shilong-district-office-2023.txt", "石龙区人民政府办公室", 2023, 24},
		{"yanshi-housing-bureau-2023.txt", "偃师区住房和城乡建设局", 2023, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := testshared.Path(t, "seed-reports", tt.file)
			out, errs, code := runCLI(t, "parse", path, "--url", "http://www.example.gov.cn/zfxxgknb/"+tt.file)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var rec struct {
				IsReport bool                `json:"is_report"`
				Year     int                 `json:"year"`
				Agency   string              `json:"agency"`
				Format   string              `json:"format"`
				URL      string              `json:"url"`
				Official bool                `json:"official"`
				Fields   map[string]*float64 `json:"fields"`
			}
			if err := json.Unmarshal([]byte(out), &rec); err != nil {
				t.Fatalf("output is not one JSON record: %v\n%s", err, out)
			}
			if !rec.IsReport || rec.Year != tt.year || rec.Format != "2021" || !strings.HasPrefix(rec.Agency, tt.agency) {
				t.Errorf("is_report=%v year=%d format=%q agency=%q; want true %d 2021 %q", rec.IsReport, rec.Year, rec.Format, rec.Agency, tt.year, tt.agency)
			}
			if !rec.Official || !strings.HasSuffix(rec.URL, tt.file) {
				t.Errorf("--url not applied: url=%q official=%v", rec.URL, rec.Official)
			}
			checkNum(t, tt.file, rec.Fields, "app_new_total", tt.newTotal)
		})
	}
}

func TestParse_Errors(t *testing.T) {
	if _, errs, code := runCLI(t, "parse"); code != 2 || !strings.Contains(errs, "want one FILE or URL") {
		t.Errorf("no argument: exit %d %q", code, errs)
	}
	missing := filepath.Join(t.TempDir(), "nope.html")
	if _, errs, code := runCLI(t, "parse", missing); code != 1 || !strings.Contains(errs, "nope.html") {
		t.Errorf("missing file: exit %d %q", code, errs)
	}
	if out, _, code := runCLI(t, "parse", "--help"); code != 0 || !strings.Contains(out, "--content-type") {
		t.Errorf("--help: exit %d %q", code, out)
	}
}
