package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/sim"
)

// TestSim_PanelFrom2010IsUnbroken: a simulated portal publishing reports
// for 2010–2024 (legacy reports in every appendix variant and in prose,
// 2021-form reports later, one county renamed a district in 2016) is
// crawled and exported as a panel: every region has a row for every year
// 2008–2024, each year 2010–2024 has its reports and every indicator the
// era has, summed to the truth; a renamed county keeps the seed's code and
// its old reports' name is recorded.
func TestSim_PanelFrom2010IsUnbroken(t *testing.T) {
	sc := newSimCrawl(t, sim.Options{Sites: 2, Seed: 3, FirstYear: 2010, LastYear: 2024, NoObstacles: true}, "")
	sc.crawl(t, "crawl")
	out := filepath.Join(sc.dir, "panel.csv")
	args := []string{"export", "--config", sc.cfg, "--db", sc.db, "--format", "csv", "--panel", "--stata", "--out", out}
	if o, errs, code := runCLI(t, args...); code != 0 {
		t.Fatalf("export exit %d\n%s\n%s", code, o, errs)
	}
	if _, err := os.Stat(filepath.Join(sc.dir, "panel.do")); err != nil {
		t.Errorf("no Stata do-file beside the panel: %v", err)
	}
	rows := readPanel(t, out)
	want := truthPanel(sc.sim)
	for _, seed := range sc.sim.Seeds() {
		for y := 2008; y <= 2024; y++ {
			row, ok := rows[seed.Code+"/"+strconv.Itoa(y)]
			if !ok {
				t.Errorf("%s %d: no panel row", seed.Code, y)
				continue
			}
			checkPanelRow(t, seed, y, row, want[seed.Code+"/"+strconv.Itoa(y)])
		}
	}
}

// truthCell is what a panel cell must hold: report count and indicator sums.
type truthCell struct {
	reports int
	sums    map[string]float64
	names   map[string]bool
}

func truthPanel(s *sim.Sim) map[string]*truthCell {
	out := map[string]*truthCell{}
	for code, reps := range s.Truth() {
		for _, r := range reps {
			k := code + "/" + strconv.Itoa(r.Year)
			c := out[k]
			if c == nil {
				c = &truthCell{sums: map[string]float64{}, names: map[string]bool{}}
				out[k] = c
			}
			c.reports++
			c.names[r.Agency] = true
			for ind, v := range r.Indicators {
				c.sums[ind] += v
			}
		}
	}
	return out
}

func checkPanelRow(t *testing.T, seed sim.SeedRow, y int, row map[string]string, want *truthCell) {
	t.Helper()
	if y < 2010 {
		if row["reports"] != "0" || row["applications_received"] != "" {
			t.Errorf("%s %d: reports %s, applications %q; want an empty row", seed.Code, y, row["reports"], row["applications_received"])
		}
		return
	}
	if want == nil || row["reports"] != strconv.Itoa(want.reports) {
		t.Errorf("%s %d: %s reports, want %v", seed.Code, y, row["reports"], want)
		return
	}
	for ind, v := range want.sums {
		if row[ind] != strconv.FormatFloat(v, 'f', -1, 64) || row[ind+"_n"] != row["reports"] {
			t.Errorf("%s %d: %s = %q (n %s), want %v over %d reports", seed.Code, y, ind, row[ind], row[ind+"_n"], v, want.reports)
		}
	}
	if y > 2018 && row["proactive_items"] != "" {
		t.Errorf("%s %d: proactive_items %q in a 2021-form year, want empty (not in this format)", seed.Code, y, row["proactive_items"])
	}
	if legacy := row["reports_legacy"]; (y <= 2018) != (legacy == row["reports"]) {
		t.Errorf("%s %d: %s legacy reports of %s", seed.Code, y, legacy, row["reports"])
	}
	if row["region_name"] != seed.Name {
		t.Errorf("%s %d: region_name %q, want the seed's %q", seed.Code, y, row["region_name"], seed.Name)
	}
	for name := range want.names {
		if !strings.Contains(row["names_in_reports"], name) {
			t.Errorf("%s %d: names_in_reports %q lacks %q", seed.Code, y, row["names_in_reports"], name)
		}
	}
}

// readPanel reads a wide panel CSV keyed by "region_code/year".
func readPanel(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("panel csv: %v (%d rows)", err, len(recs))
	}
	out := map[string]map[string]string{}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, k := range recs[0] {
			m[k] = r[i]
		}
		out[m["region_code"]+"/"+m["year"]] = m
	}
	return out
}
