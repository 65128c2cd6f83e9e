package export

import (
	"strconv"

	"github.com/nianbao/nianbao/extract/report"
)

// panelTable is the panel before it is written: columns and string cells
// ("" = null), in output order.
type panelTable struct {
	cols []Column
	rows [][]string
}

func pcol(key, label, typ, null string) Column {
	return Column{Key: key, Section: "panel", Label: label, Type: typ, Null: null}
}

// panelUnitColumns are the leading columns naming the unit and year.
func panelUnitColumns(by string) []Column {
	out := []Column{
		pcol("region_code", "行政区划代码（种子表，2024年区划）", TypeString, "records whose region is unknown are grouped under an empty code"),
		pcol("region_name", "行政区划名称（种子表）", TypeString, "region unknown"),
		pcol("province", "省份", TypeString, "region unknown"),
	}
	if by == PanelAgency {
		out = append(out, pcol("agency", "发布机关（报告所用名称）", TypeString, "issuing body not determined"))
	}
	return append(out, pcol("year", "报告年度（统计年度，非发布年份）", TypeInt, "report year not determined"))
}

// panelCountColumns describe the reports behind a cell.
var panelCountColumns = []Column{
	pcol("reports", "报告数", TypeInt, "never empty: 0 = no report found for the unit and year"),
	pcol("reports_2021", "2021版格式报告数", TypeInt, "never empty"),
	pcol("reports_2019", "2019版格式报告数", TypeInt, "never empty"),
	pcol("reports_legacy", "旧式（2008–2018）报告数", TypeInt, "never empty"),
	pcol("formats", "报告格式及数量（如 2021:3;legacy:1）", TypeString, "no report"),
	pcol("reports_failed_checks", "有未通过勾稽检查的报告数", TypeInt, "never empty"),
	pcol("names_in_reports", "报告所用机关名称（;分隔；区划更名、合并前的旧名在此）", TypeString, "no report named its body"),
	pcol("published_year_min", "最早发布年份", TypeInt, "no publication date found"),
	pcol("published_year_max", "最晚发布年份", TypeInt, "no publication date found"),
}

// PanelColumns returns the columns of a panel export with the given layout
// and unit.
func PanelColumns(layout, by string) []Column {
	out := panelUnitColumns(by)
	if layout == PanelLong {
		out = append(out, panelCountColumns[0], panelCountColumns[4], panelCountColumns[5],
			pcol("indicator", "指标（见 indicators）", TypeString, "never empty"),
			pcol("value", "指标值（有值报告之和）", TypeInt, "no report of the cell gave a value"),
			pcol("value_n", "有值报告数", TypeInt, "never empty"))
		return out
	}
	out = append(out, panelCountColumns...)
	for _, c := range IndicatorColumns() {
		c.Section = "panel"
		c.Label += "（合计）"
		c.Null = "no report of the unit for the year gave a value (see indicator_nulls); else the sum over those that did"
		out = append(out, c, pcol(c.Key+"_n", "有值报告数: "+c.Key, TypeInt, "never empty: how many reports gave "+c.Key))
	}
	return out
}

func buildPanelTable(a *panelAgg, opt Options) panelTable {
	t := panelTable{cols: PanelColumns(opt.PanelLayout, opt.PanelBy)}
	for _, k := range a.sortedKeys() {
		c := a.cells[k]
		unit := []string{k.region, c.name, c.province}
		if opt.PanelBy == PanelAgency {
			unit = append(unit, k.agency)
		}
		unit = append(unit, intOrEmpty(k.year))
		if opt.PanelLayout == PanelLong {
			for i, ind := range a.inds {
				row := append(append([]string{}, unit...), strconv.Itoa(c.reports), formatsOf(c), strconv.Itoa(c.failed),
					ind, sumOrEmpty(c, i), strconv.Itoa(c.ns[i]))
				t.rows = append(t.rows, row)
			}
			continue
		}
		row := append(unit, strconv.Itoa(c.reports), strconv.Itoa(c.formats[report.Format2021]),
			strconv.Itoa(c.formats[report.Format2019]), strconv.Itoa(c.formats[report.FormatLegacy]), formatsOf(c),
			strconv.Itoa(c.failed), namesOf(c), intOrEmpty(c.pubMin), intOrEmpty(c.pubMax))
		for i := range a.inds {
			row = append(row, sumOrEmpty(c, i), strconv.Itoa(c.ns[i]))
		}
		t.rows = append(t.rows, row)
	}
	return t
}

func sumOrEmpty(c *panelCell, i int) string {
	if c.ns[i] == 0 {
		return ""
	}
	v := c.sums[i]
	return formatValue(&v, TypeInt)
}
