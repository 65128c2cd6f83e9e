package web

import (
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/report"
)

// cellView is one figure of a form table as the report page shows it.
type cellView struct {
	Key    string
	Value  string // the number, or "" when null
	Null   string // why it is null ("empty", "not_applicable", …)
	Failed bool   // read by a failed check
	Change string // "was X" when the previous version differed
}

type rowView struct {
	Label string
	Cells []cellView
}

type tableView struct {
	Title string
	Cols  []string
	Rows  []rowView
}

// versionView is one parse of the report, oldest first, with the figures
// that changed from the one before.
type versionView struct {
	N             int
	Rec           *extract.Record
	Changes       []fieldChange
	MoreChanges   int
	ReplayCharset string
}

type fieldChange struct {
	Key string `json:"key"`
	Old string `json:"old"` // "—" for null
	New string `json:"new"`
}

func formatNum(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// failedKeys returns the keys read by the record's failed checks.
func failedKeys(r *extract.Record) map[string]bool {
	out := map[string]bool{}
	for _, c := range r.Checks {
		if c.Pass {
			continue
		}
		for _, k := range report.CheckKeys(r.Format, c.Name) {
			out[k] = true
		}
	}
	return out
}

// tableViews renders the record's figures into the tables of its form,
// marking failed-check cells and changes from prev (which may be nil).
func tableViews(r, prev *extract.Record) []tableView {
	failed := failedKeys(r)
	var out []tableView
	for _, t := range report.Tables(r.Format) {
		tv := tableView{Title: t.Title, Cols: t.Cols}
		for _, row := range t.Rows {
			rv := rowView{Label: row.Label}
			for _, k := range row.Keys {
				c := cellView{Key: k, Value: formatNum(r.Fields[k]), Null: r.Nulls[k], Failed: failed[k]}
				if c.Value == "" && c.Null == "" {
					c.Null = "missing"
				}
				if prev != nil && formatNum(prev.Fields[k]) != c.Value {
					c.Change = "was " + orDash(formatNum(prev.Fields[k]))
				}
				rv.Cells = append(rv.Cells, c)
			}
			tv.Rows = append(tv.Rows, rv)
		}
		out = append(out, tv)
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// maxChanges bounds the changes listed per version.
const maxChanges = 60

// changes lists the figures that differ between two parses, in codebook order.
func changes(prev, cur *extract.Record) ([]fieldChange, int) {
	var out []fieldChange
	more := 0
	seen := map[string]bool{}
	keys := report.KeysFor(cur.Format)
	keys = append(keys, report.KeysFor(prev.Format)...)
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		a, b := formatNum(prev.Fields[k]), formatNum(cur.Fields[k])
		if a == b {
			continue
		}
		if len(out) == maxChanges {
			more++
			continue
		}
		out = append(out, fieldChange{Key: k, Old: orDash(a), New: orDash(b)})
	}
	return out, more
}

// versionViews lists history then the current record, newest first.
func versionViews(history []*extract.Record, cur *extract.Record) []versionView {
	all := append(append([]*extract.Record{}, history...), cur)
	out := make([]versionView, len(all))
	for i, r := range all {
		v := versionView{N: i + 1, Rec: r, ReplayCharset: replayCharset(r.Charset)}
		if i > 0 {
			v.Changes, v.MoreChanges = changes(all[i-1], r)
		}
		out[len(all)-1-i] = v
	}
	return out
}

// isHTML reports whether the record's capture can be replayed as a page
// (documents such as PDF are offered for download instead: a sandboxed
// frame cannot show them).
func isHTML(r *extract.Record) bool {
	ct := strings.ToLower(r.ContentType)
	return ct == "" || strings.Contains(ct, "html") || strings.HasPrefix(ct, "text/")
}
