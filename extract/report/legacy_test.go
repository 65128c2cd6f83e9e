package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func parseFixture(t testing.TB, path string) Result {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".html") {
		return ParseHTML(b, Hint{})
	}
	return ParseText(string(b), Hint{})
}

// TestParse_LegacyGolden: one fixture per appendix variant (2008-era table
// with 本年数/累计数; the post-2015 national template as an HTML table; a
// province variant in pdftotext -layout text with fees in 元) and a report
// with no table (set phrases only). The figures below were read from the
// fixtures by hand; the golden file keeps every key, null and provenance.
func TestParse_LegacyGolden(t *testing.T) {
	tests := []struct {
		file    string
		year    int
		variant string // in every table provenance; "sentence" for prose
		want    map[string]float64
		nulls   map[string]string
	}{
		{"legacy_2008_table.txt", 2008, "table 2008", map[string]float64{
			"legacy_proactive_items": 1258, "legacy_app_received": 23, "legacy_app_in_person": 15, "legacy_app_online": 6,
			"legacy_ans_granted": 18, "legacy_ans_partly_granted": 2, "legacy_ans_refused": 3, "legacy_reviews": 1,
			"legacy_lawsuits": 0, "legacy_staff_parttime": 16, "legacy_budget_wan_yuan": 3.5,
		}, map[string]string{"legacy_appeals": NullNotApplicable, "legacy_response_hotspots": NullMissing}},
		{"legacy_2015_national.html", 2016, "table 2015", map[string]float64{
			"legacy_proactive_items": 2386, "legacy_channel_website": 2210, "legacy_response_hotspots": 9,
			"legacy_press_conferences_leaders": 2, "legacy_online_interviews": 3, "legacy_app_received": 37,
			"legacy_ans_granted": 17, "legacy_ans_partly_granted": 3, "legacy_ans_refused": 2, "legacy_refused_privacy": 1,
			"legacy_reviews": 2, "legacy_review_upheld": 1, "legacy_review_other": 1, "legacy_lawsuits": 1,
			"legacy_suit_upheld": 1, "legacy_suit_other": 0, "legacy_staff": 8, "legacy_staff_fulltime": 2,
			"legacy_budget_wan_yuan": 12.5, "legacy_trainees": 160,
		}, map[string]string{"legacy_channel_other": NullNotApplicable, "legacy_appeals": NullMissing}},
		{"legacy_province_2017.txt", 2017, "table province", map[string]float64{
			"legacy_proactive_items": 213, "legacy_app_received": 5, "legacy_response_hotspots": 2,
			"legacy_interpretations": 4, "legacy_budget_wan_yuan": 0.8, "legacy_fees_wan_yuan": 0, "legacy_trainees": 45,
		}, map[string]string{"legacy_ans_refused": NullNotApplicable, "legacy_complaints": NullMissing, "legacy_app_fax": NullMissing}},
		{"legacy_prose_2012.txt", 2011, "sentence", map[string]float64{
			"legacy_proactive_items": 12000, "legacy_app_received": 12, "legacy_ans_granted": 9,
			"legacy_ans_partly_granted": 2, "legacy_ans_refused": 1, "legacy_reviews": 0, "legacy_lawsuits": 0,
			"legacy_fees_wan_yuan": 0,
		}, map[string]string{"legacy_staff": NullMissing}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := parseFixture(t, filepath.Join("testdata", "legacy", tt.file))
			if !r.IsReport || r.Format != FormatLegacy || r.Year != tt.year {
				t.Fatalf("report=%v format=%s year=%d", r.IsReport, r.Format, r.Year)
			}
			if len(r.Fields) != len(KeysFor(FormatLegacy)) {
				t.Errorf("%d fields, want every legacy key (%d)", len(r.Fields), len(KeysFor(FormatLegacy)))
			}
			for k, want := range tt.want {
				if v := r.Fields[k]; v == nil || *v != want {
					t.Errorf("%s = %v (%s), want %v", k, deref(v), r.Nulls[k], want)
				}
				if !strings.HasPrefix(r.Provenance[k], tt.variant) {
					t.Errorf("%s provenance %q, want %s…", k, r.Provenance[k], tt.variant)
				}
			}
			for k, want := range tt.nulls {
				if r.Fields[k] != nil || r.Nulls[k] != want {
					t.Errorf("%s = %v null %q, want null %q", k, deref(r.Fields[k]), r.Nulls[k], want)
				}
			}
			checkGolden(t, strings.TrimSuffix(tt.file, filepath.Ext(tt.file)), r)
		})
	}
}

// TestLegacyProse_Phrases: set phrases give figures with their sentence;
// cumulative and rough figures are never taken as the year's.
func TestLegacyProse_Phrases(t *testing.T) {
	tests := []struct {
		text, key string
		want      *float64
		null      string
	}{
		{"全年主动公开政府信息1250条，其中通过政府网站公开1100条。", "legacy_proactive_items", ptr(1250), ""},
		{"全年主动公开政府信息200余条。", "legacy_proactive_items", nil, NullApproximate},
		{"截至2015年底，累计主动公开政府信息5万条。", "legacy_proactive_items", nil, NullMissing},
		{"共受理政府信息公开申请1,024件。", "legacy_app_received", ptr(1024), ""},
		{"收到行政复议申请3件。", "legacy_app_received", nil, NullMissing},
		{"收到行政复议申请3件。", "legacy_reviews", ptr(3), ""},
		{"不同意公开2件。", "legacy_ans_granted", nil, NullMissing},
		{"不同意公开2件。", "legacy_ans_refused", ptr(2), ""},
		{"本年度发生行政复议1件，行政诉讼2起。", "legacy_lawsuits", ptr(2), ""},
		{"未发生因政府信息公开申请行政复议、提起行政诉讼的情况。", "legacy_lawsuits", ptr(0), ""},
		{"未发生因政府信息公开申请行政复议、提起行政诉讼的情况。", "legacy_app_received", nil, NullMissing},
		{"一、概述\n本年度未收到政府信息公开申请。", "legacy_app_received", ptr(0), ""},
		{"五、因政府信息公开申请行政复议、提起行政诉讼的情况\n未发生。", "legacy_reviews", ptr(0), ""},
		{"主动公开政府信息若干条。", "legacy_proactive_items", nil, NullMissing},
	}
	for _, tt := range tests {
		f := newLegacyFigures()
		readLegacyProse(f, splitLines(tt.text))
		got := f.fields[tt.key]
		switch {
		case tt.want == nil && got != nil:
			t.Errorf("%q: %s = %v, want null", tt.text, tt.key, *got)
		case tt.want != nil && (got == nil || *got != *tt.want):
			t.Errorf("%q: %s = %v, want %v", tt.text, tt.key, deref(got), *tt.want)
		case tt.want == nil && f.nulls[tt.key] != tt.null:
			t.Errorf("%q: %s null %q, want %q", tt.text, tt.key, f.nulls[tt.key], tt.null)
		case got != nil && !strings.Contains(f.prov[tt.key], "sentence"):
			t.Errorf("%q: %s provenance %q", tt.text, tt.key, f.prov[tt.key])
		}
	}
}

func ptr(v float64) *float64 { return &v }
