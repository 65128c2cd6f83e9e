package report

import "testing"

func fieldsOf(format string, set map[string]float64, null ...string) map[string]*float64 {
	m := map[string]*float64{}
	for _, k := range KeysFor(format) {
		v := set[k]
		m[k] = &v
	}
	for _, k := range null {
		m[k] = nil
	}
	return m
}

func TestRunChecks(t *testing.T) {
	consistent := map[string]float64{
		"app_new_person": 3, "app_new_total": 3, "app_carried_in_person": 1, "app_carried_in_total": 1,
		"app_granted_person": 2, "app_granted_total": 2, "app_other_other_person": 1, "app_other_other_total": 1,
		"app_total_person": 3, "app_total_total": 3, "app_carried_out_person": 1, "app_carried_out_total": 1,
		"review_upheld": 1, "review_total": 1,
	}
	tests := []struct {
		name   string
		fields map[string]*float64
		format string
		n      int
		fail   []string
	}{
		{"consistent", fieldsOf(Format2021, consistent), Format2021, 42, nil},
		{"null input skips", fieldsOf(Format2021, consistent, "app_total_person", "review_pending"), Format2021, 42 - 4, nil}, // balance, outcomes, row total of "total"; review_sum
		{"broken", fieldsOf(Format2021, map[string]float64{"app_new_person": 2, "app_new_total": 3, "review_total": 4}), Format2021, 42,
			[]string{"app_balance_person", "app_balance_total", "app_row_total_new", "review_sum"}},
		{"2019", fieldsOf(Format2019, map[string]float64{"app_other_person": 1, "app_total_person": 1, "app_other_total": 1, "app_total_total": 1}), Format2019, 40,
			[]string{"app_balance_person", "app_balance_total"}},
		{"legacy", nil, FormatLegacy, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checks := RunChecks(tt.format, tt.fields)
			if len(checks) != tt.n {
				t.Errorf("%d checks, want %d", len(checks), tt.n)
			}
			var failed []string
			for _, c := range checks {
				if !c.Pass {
					failed = append(failed, c.Name)
				}
			}
			if len(failed) != len(tt.fail) {
				t.Fatalf("failed %v, want %v", failed, tt.fail)
			}
			for i := range failed {
				if failed[i] != tt.fail[i] {
					t.Errorf("failed %v, want %v", failed, tt.fail)
				}
			}
		})
	}
}
