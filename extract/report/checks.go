package report

import (
	"strconv"
	"strings"
)

// Check is one consistency rule of the form evaluated on a report's figures.
type Check struct {
	Name   string `json:"name"`
	Pass   bool   `json:"pass"`
	Detail string `json:"detail,omitempty"`
}

// outcomeRows2021 are the 21 outcome rows (一)–(六) whose sum is (七)总计 in the 2021
// form; the 2019 form replaces the three other_* rows with "other".
var outcomeRows2021 = []string{
	"granted", "partial", "deny_secret", "deny_law", "deny_safety", "deny_third_party",
	"deny_internal", "deny_process", "deny_enforcement", "deny_query", "unable_not_held",
	"unable_create", "unable_unclear", "reject_petition", "reject_repeat",
	"reject_publication", "reject_mass", "reject_confirm", "other_no_correction",
	"other_unpaid", "other_other",
}

// outcomeRows returns the outcome rows of a format.
func outcomeRows(format string) []string {
	if format != Format2019 {
		return outcomeRows2021
	}
	rows := append([]string{}, outcomeRows2021[:18]...)
	return append(rows, "other")
}

// appRowKeys returns the section-三 rows of a format in table order.
func appRowKeys(format string) []string {
	var rows []string
	for _, r := range appRows {
		for _, f := range r.formats {
			if f == format {
				rows = append(rows, r.key)
				break
			}
		}
	}
	return rows
}

// checkDocs describes the checks for the codebook.
func checkDocs() []string {
	return []string{
		"`app_balance_{col}` (7): app_new + app_carried_in = app_total + app_carried_out, per applicant column.",
		"`app_outcomes_sum_{col}` (7): app_total = sum of the outcome rows (一)–(六): 21 rows in 2021, 19 in 2019 and in a 2021 record that printed (六)其他处理 as one row; per column.",
		"`app_row_total_{row}` (25 in 2021, 23 in 2019): the 总计 column = sum of the six applicant columns, per row.",
		"`review_sum`, `suit_direct_sum`, `suit_after_review_sum` (3): each 总计 of section 四 = sum of its four outcomes.",
	}
}

// RunChecks evaluates the form's rules on fields of the given format. A
// check is evaluated only when all its inputs are non-null.
func RunChecks(format string, fields map[string]*float64) []Check {
	if format != Format2021 && format != Format2019 {
		return nil
	}
	var out []Check
	for _, c := range appCols {
		out = appendCheck(out, balanceCheck(fields, c.key))
	}
	for _, c := range appCols {
		out = appendCheck(out, outcomesCheck(fields, format, c.key))
	}
	rows := appRowKeys(format)
	if format == Format2021 && singleOtherRow(fields) {
		rows = append(rows, "other")
	}
	for _, r := range rows {
		out = appendCheck(out, rowTotalCheck(fields, r))
	}
	for _, g := range reviewGroups {
		out = appendCheck(out, reviewCheck(fields, g.key))
	}
	return out
}

func appendCheck(out []Check, c *Check) []Check {
	if c == nil {
		return out
	}
	return append(out, *c)
}

// sum adds the named fields; ok is false when any is null or absent.
func sum(fields map[string]*float64, keys []string) (float64, bool) {
	var s float64
	for _, k := range keys {
		v := fields[k]
		if v == nil {
			return 0, false
		}
		s += *v
	}
	return s, true
}

// equalCheck builds a check comparing two sums of fields.
func equalCheck(name string, fields map[string]*float64, left, right []string) *Check {
	l, ok1 := sum(fields, left)
	r, ok2 := sum(fields, right)
	if !ok1 || !ok2 {
		return nil
	}
	pass := l-r < 1e-6 && r-l < 1e-6
	detail := label(left) + "=" + num(l) + ", " + label(right) + "=" + num(r)
	return &Check{Name: name, Pass: pass, Detail: detail}
}

func label(keys []string) string {
	if len(keys) > 4 {
		return "sum(" + strconv.Itoa(len(keys)) + ")"
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = strings.TrimPrefix(k, "app_")
	}
	return strings.Join(parts, "+")
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func balanceCheck(fields map[string]*float64, col string) *Check {
	left := []string{AppKey("new", col), AppKey("carried_in", col)}
	right := []string{AppKey("total", col), AppKey("carried_out", col)}
	return equalCheck("app_balance_"+col, fields, left, right)
}

// singleOtherRow reports a 2021 record whose (六)其他处理 was printed as one
// row, as in the 2019 form (seen in real reports): it carries app_other_*.
func singleOtherRow(fields map[string]*float64) bool {
	_, ok := fields[AppKey("other", "total")]
	return ok
}

func outcomesCheck(fields map[string]*float64, format, col string) *Check {
	if singleOtherRow(fields) {
		format = Format2019
	}
	var parts []string
	for _, r := range outcomeRows(format) {
		parts = append(parts, AppKey(r, col))
	}
	return equalCheck("app_outcomes_sum_"+col, fields, []string{AppKey("total", col)}, parts)
}

func rowTotalCheck(fields map[string]*float64, row string) *Check {
	var parts []string
	for _, c := range appCols[:6] {
		parts = append(parts, AppKey(row, c.key))
	}
	return equalCheck("app_row_total_"+row, fields, []string{AppKey(row, "total")}, parts)
}

func reviewCheck(fields map[string]*float64, group string) *Check {
	var parts []string
	for _, o := range reviewOutcomes[:4] {
		parts = append(parts, group+"_"+o.key)
	}
	return equalCheck(group+"_sum", fields, []string{group + "_total"}, parts)
}
