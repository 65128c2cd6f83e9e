package sim

import (
	"testing"

	"github.com/nianbao/nianbao/extract/report"
)

// TestReportPages_Parse: the project's parser reads every figure of the
// simulated report pages (all three table layouts, every family template)
// as the truth has them, and classifies the look-alikes as not reports. A
// contract between the simulator's markup and the parser.
func TestReportPages_Parse(t *testing.T) {
	s := New(Options{Sites: 8, Seed: 11})
	layouts := map[int]bool{}
	for _, st := range s.sites {
		c := rc{s: st, base: "http://127.0.0.1:1", main: "http://127.0.0.1:1"}
		for _, it := range st.items {
			if it.format != "html" {
				continue
			}
			res := report.ParseHTML([]byte(c.itemPage(it, false)), report.Hint{URL: c.base + it.path})
			if it.decoy != "" {
				if res.IsReport {
					t.Errorf("%s look-alike %q parsed as a report", st.family, it.title)
				}
				continue
			}
			layouts[it.layout] = true
			checkParsed(t, st, it, res)
		}
	}
	if len(layouts) != 3 {
		t.Errorf("layouts covered: %v", layouts)
	}
}

func checkParsed(t *testing.T, st *site, it *item, res report.Result) {
	t.Helper()
	if !res.IsReport || res.Year != it.year || res.Format != "2021" {
		t.Errorf("%s layout %d %q: report %v (%s), year %d, format %q", st.family, it.layout, it.title, res.IsReport, res.NotReport, res.Year, res.Format)
		return
	}
	bad := 0
	for k, want := range it.form.fields() {
		got := res.Fields[k]
		if got == nil || *got != want {
			if bad++; bad <= 3 {
				t.Errorf("%s layout %d %q: %s = %v, want %v", st.family, it.layout, it.title, k, deref(got), want)
			}
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
