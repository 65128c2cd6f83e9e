package main

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/extract/textnorm"
	"github.com/nianbao/nianbao/seeds"
	"github.com/nianbao/nianbao/store"
)

// errNoMatch marks a filter value that matches nothing in the archive.
var errNoMatch = errors.New("no record matches")

// checkFilters refuses, before anything is written, a filter value the
// archive does not hold, naming the nearest values it does hold
// (--province 河南 → 河南省).
func checkFilters(db *store.DB, cfg Config, f export.Filter) error {
	if f.Province == "" && f.Year == 0 && f.Region == "" {
		return nil
	}
	st, err := db.Stats()
	if err != nil {
		return err
	}
	if st.Records == 0 {
		return fmt.Errorf("%w: the archive %s holds no report records yet (run 'nianbao crawl --db %s')", errNoMatch, db.Path(), db.Path())
	}
	if f.Province != "" && st.ByProvince[f.Province] == 0 {
		return fmt.Errorf("%w --province %q%s", errNoMatch, f.Province, didYouMean(f.Province, sortedKeys(st.ByProvince), "provinces"))
	}
	if f.Year != 0 && st.ByYear[f.Year] == 0 {
		years := make([]string, 0, len(st.ByYear))
		for y := range st.ByYear {
			years = append(years, strconv.Itoa(y))
		}
		sort.Strings(years)
		return fmt.Errorf("%w --year %d%s", errNoMatch, f.Year, didYouMean(strconv.Itoa(f.Year), years, "report years"))
	}
	if f.Region != "" {
		return checkRegion(cfg, f.Region)
	}
	return nil
}

// checkRegion accepts a code or code prefix of the seed list; a name gets
// its code suggested.
func checkRegion(cfg Config, region string) error {
	list, err := loadSeeds(cfg.Seeds, "")
	if err != nil {
		return nil // the export's own filter still applies
	}
	var names []string
	for _, s := range list {
		if strings.HasPrefix(s.Code, region) {
			return nil
		}
		names = append(names, s.Name)
	}
	var codes []string
	for _, s := range list {
		if s.Name == region || strings.TrimRight(s.Name, "区县市旗") == strings.TrimRight(region, "区县市旗") {
			codes = append(codes, s.Code+" ("+s.Province+s.Name+")")
		}
	}
	if len(codes) > 0 {
		return fmt.Errorf("%w --region %q: --region takes a region code; did you mean %s?", errNoMatch, region, strings.Join(codes, " or "))
	}
	return fmt.Errorf("%w --region %q: no seed's region code starts with it (codes are 6-digit 行政区划代码, e.g. 410404, or a prefix such as 4104)%s",
		errNoMatch, region, didYouMean(region, uniqueSeedField(list, func(s seeds.Seed) string { return s.Code }), "codes"))
}

func uniqueSeedField(list []seeds.Seed, get func(seeds.Seed) string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if v := get(s); !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// didYouMean names the values nearest to v: those containing it (or
// contained in it), else the closest by edit distance; and, when they are
// few, all the values there are.
func didYouMean(v string, values []string, what string) string {
	near := nearest(v, values, 3)
	var b strings.Builder
	if len(near) > 0 {
		fmt.Fprintf(&b, "; did you mean %s?", strings.Join(near, " or "))
	}
	if len(values) <= 40 {
		fmt.Fprintf(&b, " (%s in the archive: %s)", what, strings.Join(values, ", "))
	}
	return b.String()
}

// nearest returns up to n values close to v.
func nearest(v string, values []string, n int) []string {
	var out []string
	for _, c := range values {
		if c != v && (strings.Contains(c, v) || strings.Contains(v, c)) {
			out = append(out, c)
		}
	}
	if len(out) > 0 {
		return out[:min(n, len(out))]
	}
	limit := max(1, len([]rune(v))/2)
	type scored struct {
		s string
		d int
	}
	var cand []scored
	for _, c := range values {
		if d := textnorm.EditDistance([]rune(v), []rune(c), limit+1); d <= limit {
			cand = append(cand, scored{c, d})
		}
	}
	sort.SliceStable(cand, func(i, j int) bool { return cand[i].d < cand[j].d })
	for i := 0; i < len(cand) && i < n; i++ {
		out = append(out, cand[i].s)
	}
	return out
}
