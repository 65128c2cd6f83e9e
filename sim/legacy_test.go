package sim

import (
	"strings"
	"testing"

	"github.com/nianbao/nianbao/extract/report"
)

// TestLegacyPages_Parse: with report years 2010–2024, every simulated
// report page parses to the truth's figures and indicators — legacy
// reports of every appendix variant and of prose only, and the 2021-form
// reports of later years — and a renamed county's old reports name the
// county while its seed names the district.
func TestLegacyPages_Parse(t *testing.T) {
	s := New(Options{Sites: 4, Seed: 5, FirstYear: 2010, LastYear: 2024, NoObstacles: true})
	variants := map[string]int{}
	years := map[int]bool{}
	for _, st := range s.sites {
		c := rc{s: st, base: "http://127.0.0.1:1", main: "http://127.0.0.1:1"}
		for _, it := range st.items {
			if it.decoy != "" || it.format != "html" {
				continue
			}
			years[it.year] = true
			res := report.ParseHTML([]byte(c.itemPage(it, false)), report.Hint{URL: c.base + it.path})
			want := s.report(st, it)
			if !res.IsReport || res.Year != it.year {
				t.Errorf("%q: report %v (%s) year %d", it.title, res.IsReport, res.NotReport, res.Year)
				continue
			}
			if it.legacy != nil {
				variants[it.legacy.variant]++
				checkFigures(t, it.title, res.Fields, want.Fields)
			}
			checkFigures(t, it.title+" indicators", res.Indicators, want.Indicators)
		}
		if st.oldName != "" {
			checkRenamed(t, st)
		}
	}
	if len(years) != 15 {
		t.Errorf("years covered: %d, want 2010–2024", len(years))
	}
	for _, v := range []string{legacy2008, legacy2015, legacyProvince, legacyProse} {
		if variants[v] == 0 {
			t.Errorf("variant %s never simulated (%v)", v, variants)
		}
	}
}

func checkFigures(t *testing.T, what string, got map[string]*float64, want map[string]float64) {
	t.Helper()
	bad := 0
	for k, w := range want {
		if g := got[k]; g == nil || *g != w {
			if bad++; bad <= 3 {
				t.Errorf("%s: %s = %v, want %v", what, k, deref(g), w)
			}
		}
	}
}

func checkRenamed(t *testing.T, st *site) {
	t.Helper()
	if !strings.HasSuffix(st.name, "区") || !strings.HasSuffix(st.oldName, "县") {
		t.Errorf("renamed site %q / %q", st.name, st.oldName)
	}
	for _, it := range st.items {
		old := strings.HasPrefix(it.agency, st.oldName)
		if it.decoy == "" && old != (it.year < renamedIn) {
			t.Errorf("%d report by %q (seed %s, old name %s)", it.year, it.agency, st.name, st.oldName)
		}
	}
}
