package sim

import (
	"math/rand"
	"sort"
	"testing"

	"github.com/nianbao/nianbao/extract/report"
)

// TestFields_Codebook: the truth names exactly the 2021 codebook's keys,
// and its figures satisfy the form's own rules.
func TestFields_Codebook(t *testing.T) {
	f := newForm(rand.New(rand.NewSource(1)))
	got := f.fields()
	want := report.KeysFor("2021")
	var missing, extra []string
	w := map[string]bool{}
	for _, k := range want {
		w[k] = true
		if _, ok := got[k]; !ok {
			missing = append(missing, k)
		}
	}
	for k := range got {
		if !w[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	if len(missing)+len(extra) > 0 {
		t.Errorf("missing %v\nextra %v", missing, extra)
	}
	for i := int64(0); i < 200; i++ {
		checkRules(t, newForm(rand.New(rand.NewSource(i))).fields())
	}
}

func checkRules(t *testing.T, m map[string]float64) {
	t.Helper()
	for _, c := range append(colKeys, "total") {
		in := m["app_new_"+c] + m["app_carried_in_"+c]
		out := m["app_total_"+c] + m["app_carried_out_"+c]
		sum := 0.0
		for _, k := range outcomeKeys {
			sum += m["app_"+k+"_"+c]
		}
		if in != out || sum != m["app_total_"+c] {
			t.Fatalf("column %s: new+carried_in %v, total+carried_out %v, Σ outcomes %v vs total %v", c, in, out, sum, m["app_total_"+c])
		}
	}
	for _, g := range reviewGroup {
		s := 0.0
		for _, k := range reviewKeys {
			s += m[g+"_"+k]
		}
		if s != m[g+"_total"] {
			t.Fatalf("%s: Σ %v, total %v", g, s, m[g+"_total"])
		}
	}
}

// TestTotals_AreFields: every key figure in Report.Totals is a codebook
// key with the same value as in Report.Fields.
func TestTotals_AreFields(t *testing.T) {
	f := newForm(rand.New(rand.NewSource(3)))
	fields := f.fields()
	for k, v := range f.totals() {
		if got, ok := fields[k]; !ok || got != float64(v) {
			t.Errorf("total %s = %d, field %v (present %v)", k, v, got, ok)
		}
	}
}
