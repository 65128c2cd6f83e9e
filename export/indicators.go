package export

import (
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/report"
)

// indicatorNull is the null meaning of every indicator column.
const indicatorNull = "the report's era has no equivalent (indicator_nulls: \"not in this format\"), " +
	"or a source figure is null (its reason); never 0 for a missing figure"

// IndicatorColumns returns the harmonized indicator columns every
// per-report export carries right after the metadata; the label names each
// era's derivation.
func IndicatorColumns() []Column {
	inds := report.Indicators()
	out := make([]Column, len(inds))
	for i, ind := range inds {
		out[i] = Column{Key: ind.Key, Section: "indicators", Label: indicatorLabel(ind), Unit: ind.Unit,
			Type: TypeInt, Null: indicatorNull}
	}
	return out
}

func indicatorLabel(ind report.Indicator) string {
	return ind.Label + "（2021: " + ind.Derivation(report.Format2021) + "; 2019: " +
		ind.Derivation(report.Format2019) + "; legacy: " + ind.Derivation(report.FormatLegacy) + "）"
}

// indicatorsOf returns r's indicators: as stored, or derived from its
// fields for records parsed before indicators existed.
func indicatorsOf(r *extract.Record) map[string]*float64 {
	if r.Indicators != nil {
		return r.Indicators
	}
	v, _ := report.ComputeIndicators(r.Format, r.Fields, r.Nulls)
	return v
}

// leadColumns are the columns ahead of the canonical fields in per-report
// exports: metadata, then indicators.
func leadColumns() []Column { return leadColumnsWith(metaColumns) }

func leadColumnsWith(meta []metaColumn) []Column {
	out := make([]Column, 0, len(meta)+len(IndicatorColumns()))
	for _, m := range meta {
		out = append(out, m.Column)
	}
	return append(out, IndicatorColumns()...)
}
