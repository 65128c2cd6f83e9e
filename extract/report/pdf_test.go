package report

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

var multiSpace = regexp.MustCompile(` {2,}`)

// pdfText runs pdftotext -layout on a shared real report; the test is
// skipped only when the binary is absent (CI installs poppler-utils).
func pdfText(t *testing.T, name string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed")
	}
	path := testshared.Path(t, "real-reports", name)
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", name, err)
	}
	return string(out)
}

// TestParseText_RealPDFs checks figures read by hand from the PDFs: the
// labels there wrap over lines around the numbers and cells are separated
// by runs of spaces.
func TestParseText_RealPDFs(t *testing.T) {
	tests := []struct {
		file, agency string
		year         int
		want         map[string]float64
		nulls        []string // keys that must be null (missing)
		failed       []string // checks the report itself breaks
	}{
		{"huaian_shi_2024_szfgs2024.pdf", "淮安市人民政府", 2024, map[string]float64{
			"art20_rules_issued": 1, "art20_rules_in_force": 11, "art20_normative_issued": 8, "art20_normative_repealed": 26,
			"art20_normative_in_force": 66, "art20_licensing": 447228, "art20_penalty": 3985758, "art20_coercion": 88283,
			"art20_fees_wan_yuan": 96171.6, "app_new_person": 3001, "app_new_business": 53, "app_new_legal": 61,
			"app_new_other": 4, "app_new_total": 3119, "app_carried_in_total": 34, "app_granted_total": 1362,
			"app_partial_person": 447, "app_partial_total": 454, "app_deny_law_total": 31, "app_deny_query_person": 105,
			"app_unable_not_held_total": 769, "app_reject_petition_total": 62, "app_reject_confirm_total": 1,
			"app_other_no_correction_person": 67, "app_other_no_correction_legal": 1, "app_other_no_correction_total": 71,
			"app_other_unpaid_total": 6, "app_other_other_total": 110, "app_total_person": 2932, "app_total_total": 3050,
			"app_carried_out_total": 103, "review_upheld": 72, "review_corrected": 64, "review_other": 178,
			"review_pending": 37, "review_total": 351, "suit_direct_total": 26, "suit_after_review_upheld": 12,
			"suit_after_review_total": 20,
		}, nil, nil},
		{"hongze_qu_2024_hzq2024_working.pdf", "淮安市洪泽区人民政府", 2024, map[string]float64{
			"art20_normative_issued": 3, "art20_normative_in_force": 8, "art20_licensing": 9487, "art20_penalty": 2776,
			"art20_coercion": 84, "art20_fees_wan_yuan": 7545, "app_new_total": 95, "app_granted_person": 50,
			"app_partial_total": 9, "app_deny_law_total": 0, "app_deny_safety_total": 1, "app_unable_not_held_total": 31,
			"app_reject_confirm_total": 0, "app_total_total": 95, "app_carried_out_total": 0, "review_total": 2,
			"suit_direct_upheld": 1, "suit_after_review_other": 1, "suit_after_review_total": 3, "app_other_total": 0,
		}, []string{"app_other_other_total", "app_other_unpaid_person"}, nil},
		{"hongze_qu_2023_hzq2023_working.pdf", "洪泽区人民政府", 2023, map[string]float64{
			"art20_normative_repealed": 5, "art20_licensing": 550, "art20_penalty": 4119, "art20_fees_wan_yuan": 7730.28,
			"app_new_person": 21, "app_partial_total": 4, "app_deny_secret_total": 1, "app_unable_not_held_total": 10,
			"app_total_total": 21, "review_upheld": 10, "review_corrected": 1, "review_total": 0, "suit_after_review_upheld": 5,
			"app_other_person": 0, "app_other_total": 0,
		}, []string{"app_other_no_correction_total"}, []string{"review_sum", "suit_after_review_sum"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			text := pdfText(t, tt.file)
			r := ParseText(text, Hint{})
			// Cells run together with single spaces must read the same.
			squeezed := ParseText(multiSpace.ReplaceAllString(text, " "), Hint{})
			for k, v := range r.Fields {
				if w := squeezed.Fields[k]; (v == nil) != (w == nil) || (v != nil && *v != *w) {
					t.Errorf("squeezed %s = %v, want %v", k, deref(w), deref(v))
				}
			}
			if !r.IsReport || r.Format != Format2021 || r.Year != tt.year || r.Agency != tt.agency {
				t.Errorf("report=%v format=%s year=%d agency=%q", r.IsReport, r.Format, r.Year, r.Agency)
			}
			for k, want := range tt.want {
				if v := r.Fields[k]; v == nil || *v != want {
					t.Errorf("%s = %v (%s), want %v", k, deref(v), r.Nulls[k], want)
				}
			}
			for _, k := range tt.nulls {
				if v, ok := r.Fields[k]; !ok || v != nil || r.Nulls[k] != NullMissing {
					t.Errorf("%s = %v (%q), want missing: the (六) row has no sub-rows there", k, deref(v), r.Nulls[k])
				}
			}
			if tt.agency == "淮安市人民政府" && !strings.Contains(r.Text, "一、本年新收政府信息公开申请数量\t3001\t53\t0\t0\t61\t4\t3119\n") {
				t.Error("Text does not hold the layout row as tab-separated cells")
			}
			var failed []string
			for _, c := range r.Checks {
				if !c.Pass {
					failed = append(failed, c.Name)
				}
			}
			if strings.Join(failed, ",") != strings.Join(tt.failed, ",") {
				t.Errorf("failed checks %v, want %v", failed, tt.failed)
			}
			if tt.nulls == nil && len(r.Fields) != 200 {
				t.Errorf("%d fields, want the 200 keys of the 2021 form", len(r.Fields))
			}
			if tt.nulls != nil && len(r.Checks) != 7+7+23+3 {
				t.Errorf("%d checks, want 40: outcomes summed with the single (六) row, 22 row totals + (六)", len(r.Checks))
			}
		})
	}
}
