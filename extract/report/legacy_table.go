package report

import (
	"strconv"
	"strings"
)

// Variants of the 政府信息公开情况统计表 appendix, named in provenance.
const (
	LegacyTable2008     = "2008"     // 指标 / 单位 / 本年数 / 累计数; 受理依申请公开信息总数, 否决公开, 行政申诉
	LegacyTable2015     = "2015"     // the national template: nine parts 主动公开 … 会议和培训, one 统计数 column
	LegacyTableProvince = "province" // a province's variant of the 2015 template: parts missing, added or reordered
)

// legacyPhrase maps a folded label piece to a key ("@sub" for a sub-row of
// the current 行政复议 / 行政诉讼 group).
type legacyPhrase struct{ text, key string }

var legacyPhrases = func() []legacyPhrase {
	var out []legacyPhrase
	for _, k := range legacyKeys {
		for _, p := range k.phrases {
			out = append(out, legacyPhrase{p, k.key})
		}
	}
	for _, s := range legacySubRows {
		out = append(out, legacyPhrase{s.label, "@" + s.sub})
	}
	return append(out, legacyPhrase{"驳回原告诉讼请求数", "@upheld"})
}()

var legacyUnits = func() map[string]string {
	m := map[string]string{}
	for _, k := range allLegacyKeys {
		m[k.key] = k.unit
	}
	return m
}()

// matchLegacy returns the key of the phrase ending last in label (the
// longest on a tie), the phrase and the label text after it (the unit cell).
func matchLegacy(label string) (key, phrase, rest string) {
	label = stripNotes(label)
	bestEnd, bestLen := -1, 0
	for _, p := range legacyPhrases {
		i := strings.LastIndex(label, p.text)
		if i < 0 {
			continue
		}
		end := i + len(p.text)
		if end > bestEnd || (end == bestEnd && len(p.text) > bestLen) {
			key, bestEnd, bestLen = p.key, end, len(p.text)
		}
	}
	if key == "" {
		return "", "", ""
	}
	return key, label[bestEnd-bestLen : bestEnd], label[bestEnd:]
}

// stripNotes removes the notes printed in brackets inside row labels
// ("专职人员数(不包括政府公报及政府网站工作人员数)"), keeping numbering such as
// "(一)": a note must not name the row.
func stripNotes(label string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(label, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(label[i:], ')')
		if j < 0 {
			break
		}
		b.WriteString(label[:i])
		if inner := label[i+1 : i+j]; len(inner) <= 6 {
			b.WriteString(label[i : i+j+1])
		}
		label = label[i+j+1:]
	}
	b.WriteString(label)
	return b.String()
}

// legacyTableStart returns the index of the appendix: its title or its
// header row (指标 … 单位), or -1.
func legacyTableStart(lines []line) int {
	for i, ln := range lines {
		f := foldLabel(ln.text)
		if strings.Contains(f, "政府信息公开情况统计表") || strings.Contains(f, "政府信息公开工作情况统计表") ||
			isLegacyHeader(f) {
			return i
		}
	}
	return -1
}

func isLegacyHeader(f string) bool {
	return strings.Contains(f, "单位") && (strings.Contains(f, "指标") || strings.Contains(f, "统计项目")) && len(f) < 200
}

// legacyColumnsOf reads the header row: the number of value columns after
// 单位 and which of them holds this year's figure (本年数 / 统计数, not
// 累计数 or 上年数). n is 0 when no header was found.
func legacyColumnsOf(lines []line) (n, thisYear int) {
	for _, ln := range lines {
		f := foldLabel(ln.text)
		if !isLegacyHeader(f) {
			continue
		}
		cells := splitCells(ln.text)
		for i, c := range cells {
			if strings.Contains(foldLabel(c), "单位") {
				cells = cells[i+1:]
				break
			}
		}
		thisYear = -1
		for i, c := range cells {
			fc := foldLabel(c)
			if thisYear < 0 && fc != "" && !strings.Contains(fc, "累计") && !strings.Contains(fc, "上年") {
				thisYear = i
			}
		}
		return len(cells), max(thisYear, 0)
	}
	return 0, 0
}

// legacyVariant names the appendix's variant from its folded text.
func legacyVariant(folded string) string {
	if containsAny(folded, []string{"累计数", "受理依申请公开信息总数", "否决公开", "行政申诉"}) {
		return LegacyTable2008
	}
	national := []string{"主动公开情况", "回应解读情况", "依申请公开情况", "行政复议数量", "行政诉讼数量",
		"举报投诉数量", "收取的费用", "机构建设和保障经费情况", "会议和培训情况"}
	at := -1
	for _, m := range national {
		i := strings.Index(folded, m)
		if i <= at {
			return LegacyTableProvince
		}
		at = i
	}
	return LegacyTable2015
}

// readLegacyTable reads the appendix into f, recording each figure's row.
func readLegacyTable(f *legacyFigures, lines []line) {
	start := legacyTableStart(lines)
	if start < 0 {
		return
	}
	lines = lines[start:]
	variant := legacyVariant(foldLabel(joinLines(lines)))
	n, idx := legacyColumnsOf(lines)
	group := ""
	for _, r := range collectRuns(lines) {
		key, phrase, rest := matchLegacy(r.label)
		switch {
		case key == "":
			continue
		case strings.HasPrefix(key, "@"):
			if group == "" {
				continue
			}
			key = "legacy_" + group + "_" + key[1:]
		default:
			group = legacyGroups[key]
		}
		c, ok := thisYearCell(r.vals, n, idx)
		note := unitConversion(key, rest)
		if ok && c.kind == cellValue && note != "" {
			c.val /= 10000
		}
		f.setCell(key, c, ok, "table "+variant+": "+phrase+" ["+tailOf(rest, 24)+"]"+note)
	}
}

// thisYearCell picks the this-year cell of a row from its value cells.
func thisYearCell(vals []cell, n, idx int) (cell, bool) {
	switch {
	case len(vals) == 0:
		return cell{}, false
	case idx == 0:
		return vals[0], true
	case len(vals) == n:
		return vals[idx], true
	}
	return cell{}, false
}

func unitConversion(key, rest string) string {
	if strings.HasPrefix(rest, "元") && legacyUnits[key] == "万元" {
		return " (元 → 万元)"
	}
	return ""
}

// legacyFigures holds the legacy figures while they are read: the first
// source to give a key wins (the table before the prose).
type legacyFigures struct {
	fields map[string]*float64
	nulls  map[string]string
	prov   map[string]string
}

func newLegacyFigures() *legacyFigures {
	f := &legacyFigures{fields: map[string]*float64{}, nulls: map[string]string{}, prov: map[string]string{}}
	for _, k := range allLegacyKeys {
		f.fields[k.key] = nil
		f.nulls[k.key] = NullMissing
	}
	return f
}

// open reports whether key has not been given by any source yet.
func (f *legacyFigures) open(key string) bool {
	_, seen := f.prov[key]
	return !seen
}

// setCell stores a table cell under key with its provenance.
func (f *legacyFigures) setCell(key string, c cell, ok bool, from string) {
	if !f.open(key) {
		return
	}
	f.prov[key] = from
	switch {
	case !ok:
		f.nulls[key] = NullUnreadable
	case c.kind == cellValue:
		v := c.val
		f.fields[key] = &v
		delete(f.nulls, key)
	case c.kind == cellNA:
		f.nulls[key] = NullNotApplicable
	default:
		f.nulls[key] = NullEmpty
	}
}

// setValue stores a number read from a sentence.
func (f *legacyFigures) setValue(key string, v float64, from string) {
	if !f.open(key) {
		return
	}
	f.prov[key] = from
	f.fields[key] = &v
	delete(f.nulls, key)
}

// setNull records a phrase that names the figure without an exact number.
func (f *legacyFigures) setNull(key, reason, from string) {
	if !f.open(key) {
		return
	}
	f.prov[key] = from
	f.nulls[key] = reason
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
