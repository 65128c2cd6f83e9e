package export

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/report"
)

// Panel layouts and units (Options.PanelLayout, Options.PanelBy).
const (
	PanelWide   = "wide"   // one row per unit × year, two columns per indicator (value, _n)
	PanelLong   = "long"   // one row per unit × year × indicator (tidy)
	PanelRegion = "region" // unit = the seed's region (region_code)
	PanelAgency = "agency" // unit = region_code × the issuing body the reports name
)

// PanelFirstYear is the first report year the panel fills: the 条例 took
// effect on 1 May 2008 and the first reports cover 2008.
const PanelFirstYear = 2008

// panelKey identifies one unit × year.
type panelKey struct {
	region, agency string
	year           int
}

// panelCell accumulates one unit × year over its reports.
type panelCell struct {
	name, province string
	reports        int
	formats        map[string]int
	failed         int
	names          map[string]bool // names the reports use for their body
	pubMin, pubMax int             // publication years
	sums           []float64
	ns             []int
}

// panelAgg holds every cell; memory grows with units × years, not records.
type panelAgg struct {
	by        string
	inds      []string
	cells     map[panelKey]*panelCell
	fetchYear int // latest year any report was fetched in
}

func newPanelAgg(by string) *panelAgg {
	return &panelAgg{by: by, inds: report.IndicatorKeys(), cells: map[panelKey]*panelCell{}}
}

func (a *panelAgg) add(r *extract.Record) {
	k := panelKey{region: r.RegionCode, year: r.Year}
	if a.by == PanelAgency {
		k.agency = r.Agency
	}
	c := a.cells[k]
	if c == nil {
		c = a.newCell(r)
		a.cells[k] = c
	}
	c.reports++
	c.formats[r.Format]++
	if !r.FetchedAt.IsZero() {
		a.fetchYear = max(a.fetchYear, r.FetchedAt.Year())
	}
	if failedChecks(r) != "" {
		c.failed++
	}
	if r.Agency != "" {
		c.names[r.Agency] = true
	}
	if y := publishedYear(r.Published); y > 0 {
		c.pubMin = minNonZero(c.pubMin, y)
		c.pubMax = max(c.pubMax, y)
	}
	inds := indicatorsOf(r)
	for i, k := range a.inds {
		if v := inds[k]; v != nil {
			c.sums[i] += *v
			c.ns[i]++
		}
	}
}

func (a *panelAgg) newCell(r *extract.Record) *panelCell {
	return &panelCell{name: r.RegionName, province: r.Province, formats: map[string]int{}, names: map[string]bool{},
		sums: make([]float64, len(a.inds)), ns: make([]int, len(a.inds))}
}

func publishedYear(s string) int {
	if len(s) < 4 {
		return 0
	}
	y := 0
	for _, c := range s[:4] {
		if c < '0' || c > '9' {
			return 0
		}
		y = y*10 + int(c-'0')
	}
	return y
}

func minNonZero(a, b int) int {
	if a == 0 || b < a {
		return b
	}
	return a
}

// fillGaps adds an empty cell (0 reports) for every year from
// PanelFirstYear to the latest report year of the export, so the panel is
// balanced and a missing year is a row that says so rather than an absent
// row. A report year later than the last fetch (a misread year) does not
// stretch the panel; cells outside the span and of unknown year stay as
// they are.
func (a *panelAgg) fillGaps() {
	last := 0
	units := map[panelKey]panelKey{} // unit → one of its cells
	for k := range a.cells {
		if k.year == 0 || (a.fetchYear > 0 && k.year > a.fetchYear) {
			continue
		}
		last = max(last, k.year)
		units[panelKey{region: k.region, agency: k.agency}] = k
	}
	for u, some := range units {
		src := a.cells[some]
		for y := PanelFirstYear; y <= last; y++ {
			k := panelKey{u.region, u.agency, y}
			if a.cells[k] == nil {
				a.cells[k] = &panelCell{name: src.name, province: src.province, formats: map[string]int{},
					names: map[string]bool{}, sums: make([]float64, len(a.inds)), ns: make([]int, len(a.inds))}
			}
		}
	}
}

// sortedKeys returns the cells' keys by region, agency, then year.
func (a *panelAgg) sortedKeys() []panelKey {
	keys := make([]panelKey, 0, len(a.cells))
	for k := range a.cells {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y panelKey) int {
		return cmp.Or(cmp.Compare(x.region, y.region), cmp.Compare(x.agency, y.agency), cmp.Compare(x.year, y.year))
	})
	return keys
}

// formatsOf lists a cell's formats as "2021:3;legacy:1": the three forms
// in that order, then any other (unknown: "") sorted.
func formatsOf(c *panelCell) string {
	std := []string{extract.Format2021, extract.Format2019, extract.FormatLegacy}
	var parts, other []string
	for _, f := range std {
		if n := c.formats[f]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s:%d", f, n))
		}
	}
	for f, n := range c.formats {
		if !slices.Contains(std, f) {
			other = append(other, fmt.Sprintf("%s:%d", cmp.Or(f, "unknown"), n))
		}
	}
	slices.Sort(other)
	return strings.Join(append(parts, other...), ";")
}

func namesOf(c *panelCell) string {
	names := make([]string, 0, len(c.names))
	for n := range c.names {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ";")
}

// checkPanelOptions validates the panel options and fills defaults.
func checkPanelOptions(opt *Options) error {
	if opt.Filter.AllVersions {
		return errors.New("export panel: sums current versions only; drop AllVersions")
	}
	opt.PanelLayout = cmp.Or(opt.PanelLayout, PanelWide)
	opt.PanelBy = cmp.Or(opt.PanelBy, PanelRegion)
	if opt.PanelLayout != PanelWide && opt.PanelLayout != PanelLong {
		return fmt.Errorf("export panel: layout %q is not wide or long", opt.PanelLayout)
	}
	if opt.PanelBy != PanelRegion && opt.PanelBy != PanelAgency {
		return fmt.Errorf("export panel: unit %q is not region or agency", opt.PanelBy)
	}
	if opt.Format != FormatCSV && opt.Format != FormatParquet {
		return fmt.Errorf("export panel: format %q; the panel is csv or parquet", opt.Format)
	}
	return nil
}

// writePanel aggregates the current version of every report into one row
// per unit × year (wide) or unit × year × indicator (long) and writes it as
// CSV or Parquet.
func writePanel(ctx context.Context, src Source, opt Options, w io.Writer) (Summary, error) {
	var sum Summary
	if err := checkPanelOptions(&opt); err != nil {
		return sum, err
	}
	agg := newPanelAgg(opt.PanelBy)
	err := eachRecord(ctx, src, opt.Filter, &sum, func(r *extract.Record) error {
		agg.add(r)
		return nil
	})
	if err != nil {
		return sum, err
	}
	agg.fillGaps()
	t := buildPanelTable(agg, opt)
	n, err := writePanelTable(w, t, opt)
	sum.Records = n
	return sum, err
}
