package export

import (
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/nianbao/nianbao/extract"
)

// PanelFields are the canonical fields summed per region × year in the
// panel view: new and carried-in applications, outcomes, reviews, suits and
// fees. Keys missing from the codebook are left out (a test checks that
// the real codebook has them all).
var PanelFields = []string{
	"app_new_total", "app_carried_in_total", "app_granted_total", "app_partial_total",
	"app_total_total", "app_carried_out_total", "review_total", "suit_direct_total", "suit_after_review_total",
	"art20_fees_wan_yuan",
}

// panelKey identifies one panel row.
type panelKey struct {
	region string
	year   int
}

// panelCell accumulates one region × year over the region's bodies.
type panelCell struct {
	name, province string
	reports        int
	formats        map[string]int
	failed         int
	sums           []float64
	ns             []int
}

// panelColumns returns the panel's columns: keys, counts, then for each
// summed field its sum and the number of reports that gave it.
func panelColumns(fields []Column) []Column {
	p := func(key, label, typ, null string) Column {
		return Column{Key: key, Section: "panel", Label: label, Type: typ, Null: null}
	}
	out := []Column{
		p("region_code", "行政区划代码", TypeString, "records whose region is unknown are grouped under an empty code"),
		p("region_name", "行政区划名称", TypeString, "region unknown"),
		p("province", "省份", TypeString, "region unknown"),
		p("year", "报告年度", TypeInt, "report year not determined"),
		p("reports", "报告数(机关数)", TypeInt, "never empty: reports of the region's bodies for the year"),
		p("reports_2021", "2021版格式报告数", TypeInt, "never empty"),
		p("reports_2019", "2019版格式报告数", TypeInt, "never empty"),
		p("reports_legacy", "旧式报告数", TypeInt, "never empty"),
		p("reports_failed_checks", "有未通过勾稽检查的报告数", TypeInt, "never empty"),
	}
	for _, f := range fields {
		c := f
		c.Section = "panel"
		c.Label = f.Label + "（合计）"
		c.Null = "no report of the region for the year gave a value; else the sum over those that did"
		out = append(out, c)
		out = append(out, p(f.Key+"_n", f.Label+"（有值报告数）", TypeInt,
			"never empty: how many reports contributed to "+f.Key))
	}
	return out
}

// panelFields picks the PanelFields present in the codebook, in that order.
func panelFields(cols []Column) []Column {
	var out []Column
	for _, k := range PanelFields {
		if i := slices.IndexFunc(cols, func(c Column) bool { return c.Key == k }); i >= 0 {
			out = append(out, cols[i])
		}
	}
	return out
}

// writePanel aggregates the current version of every report into one row
// per region × year and writes them sorted by region code, then year. Memory
// grows with the number of regions × years, not with the records.
func writePanel(ctx context.Context, src Source, opt Options, cols []Column, w io.Writer) (Summary, error) {
	var sum Summary
	if opt.Filter.AllVersions {
		return sum, errors.New("export panel: sums current versions only; drop AllVersions")
	}
	fields := panelFields(cols)
	cells := map[panelKey]*panelCell{}
	err := eachRecord(ctx, src, opt.Filter, &sum, func(r *extract.Record) error {
		addToPanel(cells, fields, r)
		return nil
	})
	if err != nil {
		return sum, err
	}
	if err := writeBOM(w, opt.BOM); err != nil {
		return sum, err
	}
	n, err := writePanelRows(w, cells, fields)
	sum.Records = n
	return sum, err
}

func addToPanel(cells map[panelKey]*panelCell, fields []Column, r *extract.Record) {
	k := panelKey{r.RegionCode, r.Year}
	c := cells[k]
	if c == nil {
		c = &panelCell{name: r.RegionName, province: r.Province, formats: map[string]int{},
			sums: make([]float64, len(fields)), ns: make([]int, len(fields))}
		cells[k] = c
	}
	c.reports++
	c.formats[r.Format]++
	if failedChecks(r) != "" {
		c.failed++
	}
	for i, f := range fields {
		if v := r.Fields[f.Key]; v != nil {
			c.sums[i] += *v
			c.ns[i]++
		}
	}
}

func writePanelRows(w io.Writer, cells map[panelKey]*panelCell, fields []Column) (int64, error) {
	keys := make([]panelKey, 0, len(cells))
	for k := range cells {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b panelKey) int {
		return cmp.Or(cmp.Compare(a.region, b.region), cmp.Compare(a.year, b.year))
	})
	cw := csv.NewWriter(w)
	header := make([]string, 0)
	for _, c := range panelColumns(fields) {
		header = append(header, c.Key)
	}
	if err := cw.Write(header); err != nil {
		return 0, fmt.Errorf("panel header: %w", err)
	}
	for _, k := range keys {
		if err := cw.Write(panelRow(k, cells[k], fields)); err != nil {
			return 0, fmt.Errorf("panel row %s/%d: %w", k.region, k.year, err)
		}
	}
	cw.Flush()
	return int64(len(keys)), cw.Error()
}

func panelRow(k panelKey, c *panelCell, fields []Column) []string {
	itoa := strconv.Itoa
	row := []string{k.region, c.name, c.province, intOrEmpty(k.year), itoa(c.reports),
		itoa(c.formats[extract.Format2021]), itoa(c.formats[extract.Format2019]),
		itoa(c.formats[extract.FormatLegacy]), itoa(c.failed)}
	for i, f := range fields {
		cell := ""
		if c.ns[i] > 0 {
			v := c.sums[i]
			if f.Type == TypeDecimal { // float sums drift: 0.1+0.2; fees have ≤ 4 places
				v = math.Round(v*decimalScale) / decimalScale
			}
			cell = formatValue(&v, f.Type)
		}
		row = append(row, cell, itoa(c.ns[i]))
	}
	return row
}
