package report

import "strings"

// phrase maps a distinctive piece of a folded row label to a row key.
type phrase struct{ text, row string }

// appPhrases identify the section-三 rows. They are short enough to survive
// labels wrapped across lines in PDF text ("确认或重新出" / "具已获取信息").
var appPhrases = []phrase{
	{"本年新收", "new"}, {"上年结转", "carried_in"}, {"予以公开", "granted"}, {"部分公开", "partial"},
	{"子以公开", "granted"}, // OCR reads 予 as 子
	{"国家秘密", "deny_secret"}, {"禁止公开", "deny_law"}, {"其他法律行政", "deny_law"}, {"三安全一稳定", "deny_safety"},
	{"第三方合法权益", "deny_third_party"}, {"内部事务", "deny_internal"}, {"过程性信息", "deny_process"},
	{"执法案卷", "deny_enforcement"}, {"查询事项", "deny_query"}, {"不掌握", "unable_not_held"},
	{"另行制作", "unable_create"}, {"仍不明确", "unable_unclear"}, {"信访举报", "reject_petition"},
	{"重复申请", "reject_repeat"}, {"公开出版物", "reject_publication"}, {"大量反复", "reject_mass"},
	{"确认或重新", "reject_confirm"}, {"逾期不补", "other_no_correction"}, {"收费通知", "other_unpaid"},
	{"缴纳费用", "other_unpaid"}, {"逾期未按", "other_unpaid"}, {"其他处理", "other"}, {"总计", "total"},
	{"结转下年度", "carried_out"},
}

// art20Phrases identify the section-二 rows.
var art20Phrases = []phrase{
	{"规章", "rules"}, {"规范性文件", "normative"}, {"行政许可", "licensing"},
	{"其他对外管理服务", "other_services"}, {"行政处罚", "penalty"}, {"行政强制", "coercion"},
	{"事业性收费", "fees"}, {"集中采购", "procurement"},
}

// art20Keys gives, per format and row, the keys of the row's value cells.
var art20Keys = map[string]map[string][]string{
	Format2021: {
		"rules":     {"art20_rules_issued", "art20_rules_repealed", "art20_rules_in_force"},
		"normative": {"art20_normative_issued", "art20_normative_repealed", "art20_normative_in_force"},
		"licensing": {"art20_licensing"}, "penalty": {"art20_penalty"}, "coercion": {"art20_coercion"},
		"fees": {"art20_fees_wan_yuan"},
	},
	Format2019: {
		"rules":          {"art20_rules_made", "art20_rules_published", "art20_rules_total"},
		"normative":      {"art20_normative_made", "art20_normative_published", "art20_normative_total"},
		"licensing":      {"art20_licensing_prev", "art20_licensing_delta", "art20_licensing"},
		"other_services": {"art20_other_services_prev", "art20_other_services_delta", "art20_other_services"},
		"penalty":        {"art20_penalty_prev", "art20_penalty_delta", "art20_penalty"},
		"coercion":       {"art20_coercion_prev", "art20_coercion_delta", "art20_coercion"},
		"fees":           {"art20_fee_items_prev", "art20_fee_items_delta"},
		"procurement":    {"art20_procurement_count", "art20_procurement_wan_yuan"},
	},
}

// matchRow returns the row whose phrase ends last in label: the label of a
// run may carry the tail of the previous row's wrapped label or the table
// header before it, so the latest phrase names the row. A label ending in
// "其他" is the (六) 3.其他 row.
func matchRow(label string, phrases []phrase, otherRow string) string {
	best, bestEnd := "", -1
	for _, p := range phrases {
		if i := strings.LastIndex(label, p.text); i >= 0 && i+len(p.text) > bestEnd {
			best, bestEnd = p.row, i+len(p.text)
		}
	}
	if otherRow != "" && strings.HasSuffix(strings.TrimRight(label, ":：.。"), "其他") {
		return otherRow
	}
	return best
}

// figures collects the values of one report while tables are read.
type figures struct {
	fields map[string]*float64
	nulls  map[string]string
	set    map[string]bool // keys assigned from a run with values
}

func newFigures(keys []string) *figures {
	f := &figures{fields: make(map[string]*float64, len(keys)), nulls: make(map[string]string, len(keys)), set: map[string]bool{}}
	for _, k := range keys {
		f.fields[k] = nil
		f.nulls[k] = NullMissing
	}
	return f
}

// addKeys adds keys (as missing) that the format does not list.
func (f *figures) addKeys(keys []string) {
	for _, k := range keys {
		if _, ok := f.fields[k]; !ok {
			f.fields[k] = nil
			f.nulls[k] = NullMissing
		}
	}
}

// assign stores cells under keys unless the keys were set before by a run
// with values (the first such row wins; an all-empty run only fills gaps).
func (f *figures) assign(keys []string, cells []cell, hasValue bool) {
	if len(keys) == 0 || f.set[keys[0]] {
		return
	}
	if _, ok := f.fields[keys[0]]; !ok {
		return
	}
	if hasValue {
		for _, k := range keys {
			f.set[k] = true
		}
	}
	for i, k := range keys {
		f.store(k, cells, i)
	}
}

func (f *figures) store(k string, cells []cell, i int) {
	if cells == nil {
		f.fields[k], f.nulls[k] = nil, NullUnreadable
		return
	}
	switch c := cells[i]; c.kind {
	case cellValue:
		v := c.val
		f.fields[k] = &v
		delete(f.nulls, k)
	case cellNA:
		f.fields[k], f.nulls[k] = nil, NullNotApplicable
	default:
		f.fields[k], f.nulls[k] = nil, NullEmpty
	}
}

// fit returns exactly n cells from vals: leading empty cells are dropped
// first (padding after a spanning label), then trailing empty ones; nil
// when the run does not hold n cells.
func fit(vals []cell, n int) []cell {
	for len(vals) > n && vals[0].kind == cellEmpty {
		vals = vals[1:]
	}
	for len(vals) > n && vals[len(vals)-1].kind == cellEmpty {
		vals = vals[:len(vals)-1]
	}
	if len(vals) != n {
		return nil
	}
	return vals
}

// appKeys holds, per section-三 row, its seven keys in column order.
var appKeys = func() map[string][]string {
	m := map[string][]string{}
	for _, r := range appRows {
		for _, c := range appCols {
			m[r.key] = append(m[r.key], AppKey(r.key, c.key))
		}
	}
	return m
}()

// readApplications reads the section-三 table.
func readApplications(f *figures, lines []line, format string) {
	otherRow := ""
	if format == Format2021 {
		otherRow = "other_other"
	}
	runs := collectRuns(lines)
	for _, pass := range []bool{true, false} {
		for _, r := range runs {
			if r.hasValue() != pass {
				continue
			}
			row := matchRow(r.label, appPhrases, otherRow)
			if row == "" {
				continue
			}
			if row == "other" && format == Format2021 && pass {
				f.addKeys(appKeys[row]) // (六) printed as one row: see singleOtherRow
			}
			keys := appKeys[row]
			f.assign(keys, fit(r.vals, len(keys)), pass)
		}
	}
}

// readArt20 reads the section-二 tables: the value cells follow the row
// label; cells beyond the row's columns are padding.
func readArt20(f *figures, lines []line, format string) {
	rows := art20Keys[format]
	runs := collectRuns(lines)
	for _, pass := range []bool{true, false} {
		for _, r := range runs {
			if r.hasValue() != pass {
				continue
			}
			keys := rows[matchRow(r.label, art20Phrases, "")]
			if keys == nil {
				continue
			}
			vals := r.vals
			for len(vals) > len(keys) && vals[len(vals)-1].kind == cellEmpty {
				vals = vals[:len(vals)-1]
			}
			if len(vals) > len(keys) && !allEmpty(vals[:len(vals)-len(keys)]) {
				vals = nil
			}
			f.assign(keys, fit(vals, len(keys)), pass)
		}
	}
}

func allEmpty(cells []cell) bool {
	for _, c := range cells {
		if c.kind != cellEmpty {
			return false
		}
	}
	return true
}

// reviewKeys lists the 15 section-四 keys in table order.
var reviewKeys = func() []string {
	var keys []string
	for _, g := range reviewGroups {
		for _, o := range reviewOutcomes {
			keys = append(keys, g.key+"_"+o.key)
		}
	}
	return keys
}()

// readReview reads the 15 figures of section 四: one run of 15 cells, or
// the values of all runs together when they add up to 15.
func readReview(f *figures, lines []line) {
	runs := collectRuns(lines)
	var all []cell
	for _, r := range runs {
		if !r.hasValue() {
			continue
		}
		if vals := fit(r.vals, 15); vals != nil {
			f.assign(reviewKeys, vals, true)
			return
		}
		all = append(all, trimEmpty(r.vals)...)
	}
	if len(all) == 0 {
		return
	}
	f.assign(reviewKeys, fit(all, 15), true)
}

func trimEmpty(vals []cell) []cell {
	for len(vals) > 0 && vals[0].kind == cellEmpty {
		vals = vals[1:]
	}
	for len(vals) > 0 && vals[len(vals)-1].kind == cellEmpty {
		vals = vals[:len(vals)-1]
	}
	return vals
}
