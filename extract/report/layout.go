package report

import "strings"

// Table is the layout of one table of the form, for showing a record's
// figures as the form prints them: rows × columns of canonical keys.
type Table struct {
	Section string     `json:"section"` // "二", "三", "四"
	Title   string     `json:"title"`
	Cols    []string   `json:"cols"` // column labels
	Rows    []TableRow `json:"rows"`
}

// TableRow is one row of a Table: its label and one key per column ("" where
// the form has no cell).
type TableRow struct {
	Label string   `json:"label"`
	Keys  []string `json:"keys"`
}

// Tables returns the tables of a format (2021 or 2019) in the order the form
// prints them; nil for legacy and unknown formats.
func Tables(format string) []Table {
	if format != Format2021 && format != Format2019 {
		return nil
	}
	return []Table{art20Table(format), appTable(format), reviewTable()}
}

func hasFormat(formats []string, format string) bool {
	for _, f := range formats {
		if f == format {
			return true
		}
	}
	return false
}

func art20Table(format string) Table {
	t := Table{Section: "二", Title: "二、主动公开政府信息情况", Cols: []string{"数值"}}
	rows := append(append([]art20Row{}, art20Rows2021...), art20Rows2019...)
	for _, r := range rows {
		if hasFormat(r.formats, format) {
			t.Rows = append(t.Rows, TableRow{Label: r.label + "（" + r.unit + "）", Keys: []string{r.key}})
		}
	}
	return t
}

func appTable(format string) Table {
	t := Table{Section: "三", Title: "三、收到和处理政府信息公开申请情况"}
	for _, c := range appCols {
		t.Cols = append(t.Cols, c.label)
	}
	for _, r := range appRows {
		if !hasFormat(r.formats, format) {
			continue
		}
		row := TableRow{Label: r.label}
		for _, c := range appCols {
			row.Keys = append(row.Keys, AppKey(r.key, c.key))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func reviewTable() Table {
	t := Table{Section: "四", Title: "四、政府信息公开行政复议、行政诉讼情况"}
	for _, o := range reviewOutcomes {
		t.Cols = append(t.Cols, o.label)
	}
	for _, g := range reviewGroups {
		row := TableRow{Label: g.label}
		for _, o := range reviewOutcomes {
			row.Keys = append(row.Keys, g.key+"_"+o.key)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// CheckKeys returns the keys a check of RunChecks reads (so a failed check
// can be shown on the cells it concerns); nil for an unknown name.
func CheckKeys(format, name string) []string {
	var keys []string
	switch {
	case strings.HasPrefix(name, "app_balance_"):
		col := strings.TrimPrefix(name, "app_balance_")
		for _, r := range []string{"new", "carried_in", "total", "carried_out"} {
			keys = append(keys, AppKey(r, col))
		}
	case strings.HasPrefix(name, "app_outcomes_sum_"):
		col := strings.TrimPrefix(name, "app_outcomes_sum_")
		keys = append(keys, AppKey("total", col))
		for _, r := range outcomeRows(format) {
			keys = append(keys, AppKey(r, col))
		}
	case strings.HasPrefix(name, "app_row_total_"):
		row := strings.TrimPrefix(name, "app_row_total_")
		for _, c := range appCols {
			keys = append(keys, AppKey(row, c.key))
		}
	case strings.HasSuffix(name, "_sum"):
		group := strings.TrimSuffix(name, "_sum")
		for _, o := range reviewOutcomes {
			keys = append(keys, group+"_"+o.key)
		}
	}
	return keys
}
