package report

import (
	"fmt"
	"strings"
)

// NullNotInFormat is the reason of an indicator the report's format has no
// equivalent for (never 0).
const NullNotInFormat = "not in this format"

// Indicator is one harmonized figure: the same quantity under one stable
// name in every era, derived per format from canonical keys.
type Indicator struct {
	Key   string
	Label string
	Unit  string
	// From lists, per format, the keys whose sum is the indicator; a
	// format without an entry has no equivalent.
	From map[string][]string
}

// denyTotals are the 8 不予公开 rows (总计 column) of the 2019 and 2021 forms.
var denyTotals = func() []string {
	var out []string
	for _, r := range appRows {
		if strings.HasPrefix(r.key, "deny_") {
			out = append(out, AppKey(r.key, "total"))
		}
	}
	return out
}()

// indicators are the harmonized figures in output order.
var indicators = []Indicator{
	{"proactive_items", "主动公开政府信息数", "条", map[string][]string{
		FormatLegacy: {"legacy_proactive_items"}}},
	{"applications_received", "收到（受理）政府信息公开申请数", "件", map[string][]string{
		Format2021: {"app_new_total"}, Format2019: {"app_new_total"}, FormatLegacy: {"legacy_app_received"}}},
	{"applications_granted", "予以公开（同意公开）", "件", map[string][]string{
		Format2021: {"app_granted_total"}, Format2019: {"app_granted_total"}, FormatLegacy: {"legacy_ans_granted"}}},
	{"applications_partly_granted", "部分公开（同意部分公开）", "件", map[string][]string{
		Format2021: {"app_partial_total"}, Format2019: {"app_partial_total"}, FormatLegacy: {"legacy_ans_partly_granted"}}},
	{"applications_refused", "不予公开（不同意·否决公开）", "件", map[string][]string{
		Format2021: denyTotals, Format2019: denyTotals, FormatLegacy: {"legacy_ans_refused"}}},
	{"reviews", "行政复议（总计 / 行政复议数）", "件", map[string][]string{
		Format2021: {"review_total"}, Format2019: {"review_total"}, FormatLegacy: {"legacy_reviews"}}},
	{"lawsuits", "行政诉讼（总计 / 行政诉讼数）", "件", map[string][]string{
		Format2021: {"suit_direct_total", "suit_after_review_total"}, Format2019: {"suit_direct_total", "suit_after_review_total"},
		FormatLegacy: {"legacy_lawsuits"}}},
}

// Indicators returns the harmonized indicators in output order (a copy).
func Indicators() []Indicator {
	return append([]Indicator(nil), indicators...)
}

// IndicatorKeys returns the indicator names in output order.
func IndicatorKeys() []string {
	out := make([]string, len(indicators))
	for i, ind := range indicators {
		out[i] = ind.Key
	}
	return out
}

// ComputeIndicators derives every indicator of a record of the given
// format from its fields. A null indicator has its reason in the second
// map: NullNotInFormat when the format has no equivalent, else the null
// reason of the first source key that is null (missing when absent). Every
// indicator key is present in both the value map and, when null, the
// reason map.
func ComputeIndicators(format string, fields map[string]*float64, nulls map[string]string) (map[string]*float64, map[string]string) {
	vals := make(map[string]*float64, len(indicators))
	why := map[string]string{}
	for _, ind := range indicators {
		keys := ind.From[format]
		if keys == nil {
			vals[ind.Key], why[ind.Key] = nil, NullNotInFormat
			continue
		}
		var s float64
		reason := ""
		for _, k := range keys {
			v := fields[k]
			if v == nil {
				reason = firstNonEmpty(nulls[k], NullMissing)
				break
			}
			s += *v
		}
		if reason != "" {
			vals[ind.Key], why[ind.Key] = nil, reason
			continue
		}
		vals[ind.Key] = &s
	}
	return vals, why
}

// Derivation describes how an indicator is derived in a format.
func (ind Indicator) Derivation(format string) string {
	keys := ind.From[format]
	switch {
	case keys == nil:
		return "null (" + NullNotInFormat + ")"
	case len(keys) > 3:
		return fmt.Sprintf("sum of %s … %s (%d keys)", keys[0], keys[len(keys)-1], len(keys))
	}
	return strings.Join(keys, " + ")
}

// indicatorDoc is the indicator section of docs/CODEBOOK.md.
func indicatorDoc() string {
	var b strings.Builder
	b.WriteString("\n## Harmonized indicators\n\n")
	b.WriteString("Every record carries `indicators` (and, for nulls, `indicator_nulls`): the same quantity under one name ")
	b.WriteString("in every era, derived from the keys above. A sum is null when any of its keys is null (the reason is that ")
	b.WriteString("key's). Where an era has no equivalent the value is null with the reason `" + NullNotInFormat + "`, never 0. ")
	b.WriteString("They are columns of every export, right after the metadata, and the measures of the panel.\n\n")
	b.WriteString("| indicator | label | unit | 2021 | 2019 | legacy |\n|---|---|---|---|---|---|\n")
	for _, ind := range indicators {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", ind.Key, ind.Label, ind.Unit,
			ind.Derivation(Format2021), ind.Derivation(Format2019), ind.Derivation(FormatLegacy))
	}
	return b.String()
}
