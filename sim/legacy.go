package sim

import (
	"fmt"
	"math/rand"
	"strings"
)

// Legacy report variants: how a report for 2008–2018 states its figures.
const (
	legacy2008     = "2008"     // appendix 指标名称 / 单位 / 本年数 / 累计数 (reports for 2008–2014)
	legacy2015     = "2015"     // the national template of nine parts, one 统计数 column
	legacyProvince = "province" // a province's variant: 回应解读 after 依申请公开, 专项经费 in 元
	legacyProse    = "prose"    // no appendix: the figures only in the body's set phrases
)

// legacyForm holds the figures of one legacy report. Every figure is
// printed both in the appendix (when there is one) and, for the headline
// figures, in the body's set phrases.
type legacyForm struct {
	variant                       string
	Proactive, Website            int
	Received, InPerson, Online    int
	Letter, Granted, Partly       int
	Refused, NotExist             int
	Reviews, Lawsuits             int
	Hotspots, Staff, Full, Part   int
	BudgetYuan                    int // 元; the appendix prints 万元 except in the province variant
	Meetings, Trainings, Trainees int
	cumulativeProactive           int
}

func newLegacyForm(r *rand.Rand, variant string) *legacyForm {
	f := &legacyForm{variant: variant}
	f.Proactive = 50 + r.Intn(3000)
	f.Website = f.Proactive - r.Intn(f.Proactive/2+1)
	f.InPerson, f.Online, f.Letter = r.Intn(12), r.Intn(20), r.Intn(4)
	f.Received = f.InPerson + f.Online + f.Letter
	f.Partly = r.Intn(f.Received/5 + 1)
	f.Refused = r.Intn((f.Received-f.Partly)/5 + 1)
	f.NotExist = r.Intn((f.Received-f.Partly-f.Refused)/4 + 1)
	f.Granted = f.Received - f.Partly - f.Refused - f.NotExist
	f.Reviews, f.Lawsuits = r.Intn(2)*r.Intn(3), r.Intn(2)*r.Intn(2)
	f.Hotspots, f.Part = r.Intn(20), 1+r.Intn(10)
	f.Full = r.Intn(3)
	f.Staff = f.Full + f.Part
	f.BudgetYuan = 1000 * r.Intn(200)
	f.Meetings, f.Trainings = r.Intn(5), r.Intn(4)
	f.Trainees = f.Trainings * (10 + r.Intn(50))
	f.cumulativeProactive = f.Proactive * (2 + r.Intn(5))
	return f
}

// legacyVariant picks the variant of a site's report for a year.
func legacyVariant(siteIdx, itemID, year int) string {
	switch {
	case itemID%5 == 0:
		return legacyProse
	case year < 2015:
		return legacy2008
	case siteIdx%2 == 1:
		return legacyProvince
	}
	return legacy2015
}

// fields returns the figures under the legacy_ keys of extract/report: the
// appendix's for a report with one, the set phrases' for a prose report.
func (f *legacyForm) fields() map[string]float64 {
	m := map[string]float64{
		"legacy_proactive_items": float64(f.Proactive), "legacy_app_received": float64(f.Received),
		"legacy_ans_granted": float64(f.Granted), "legacy_ans_partly_granted": float64(f.Partly),
		"legacy_ans_refused": float64(f.Refused), "legacy_reviews": float64(f.Reviews), "legacy_lawsuits": float64(f.Lawsuits),
	}
	if f.variant == legacyProse {
		return m
	}
	for k, v := range map[string]int{"legacy_app_in_person": f.InPerson, "legacy_app_online": f.Online,
		"legacy_app_letter": f.Letter, "legacy_staff_fulltime": f.Full, "legacy_staff_parttime": f.Part} {
		m[k] = float64(v)
	}
	m["legacy_budget_wan_yuan"] = float64(f.BudgetYuan) / 10000
	if f.variant == legacy2008 {
		return m
	}
	for k, v := range map[string]int{"legacy_channel_website": f.Website, "legacy_ans_not_exist": f.NotExist,
		"legacy_response_hotspots": f.Hotspots, "legacy_staff": f.Staff, "legacy_meetings": f.Meetings,
		"legacy_trainings": f.Trainings, "legacy_trainees": f.Trainees} {
		m[k] = float64(v)
	}
	return m
}

// indicators are the harmonized figures a correct parse derives.
func (f *legacyForm) indicators() map[string]float64 {
	return map[string]float64{"proactive_items": float64(f.Proactive), "applications_received": float64(f.Received),
		"applications_granted": float64(f.Granted), "applications_partly_granted": float64(f.Partly),
		"applications_refused": float64(f.Refused), "reviews": float64(f.Reviews), "lawsuits": float64(f.Lawsuits)}
}

// body renders the six parts of a legacy report and its appendix.
func (f *legacyForm) body(it *item) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<p>根据《中华人民共和国政府信息公开条例》要求，特向社会公布%s%d年度政府信息公开工作年度报告。本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。</p>", it.agency, it.year, it.year, it.year)
	fmt.Fprintf(&b, "<p><strong>一、概述</strong></p><p>%d年，我们认真贯彻落实《条例》，政府信息公开工作有序推进。</p>", it.year)
	fmt.Fprintf(&b, "<p><strong>二、主动公开政府信息情况</strong></p><p>全年主动公开政府信息%d条，其中通过政府网站公开%d条。截至%d年底，累计主动公开政府信息%d条。</p>",
		f.Proactive, f.Website, it.year, f.cumulativeProactive)
	fmt.Fprintf(&b, "<p><strong>三、依申请公开政府信息情况</strong></p><p>全年共受理政府信息公开申请%d件，其中同意公开%d件，同意部分公开%d件，不同意公开%d件。</p>",
		f.Received, f.Granted, f.Partly, f.Refused)
	b.WriteString("<p><strong>四、政府信息公开的收费及减免情况</strong></p><p>未收取任何费用。</p>")
	b.WriteString("<p><strong>五、因政府信息公开申请行政复议、提起行政诉讼的情况</strong></p>")
	if f.Reviews == 0 && f.Lawsuits == 0 {
		b.WriteString("<p>未发生因政府信息公开申请行政复议、提起行政诉讼的情况。</p>")
	} else {
		fmt.Fprintf(&b, "<p>发生行政复议%d件，行政诉讼%d件。</p>", f.Reviews, f.Lawsuits)
	}
	b.WriteString("<p><strong>六、存在的主要问题及改进措施</strong></p><p>公开内容还不够全面，下一步将加以改进。</p>")
	if f.variant != legacyProse {
		fmt.Fprintf(&b, "<p>附件：%s政府信息公开情况统计表</p>", it.agency)
		b.WriteString(f.table())
	}
	fmt.Fprintf(&b, "<p>%s</p><p>%s</p>", it.agency, it.date.Format("2006年1月2日"))
	return b.String()
}

// legacyRow is one appendix row: label, unit and this year's value ("" for
// a part heading).
type legacyRow struct{ label, unit, val string }

func (f *legacyForm) rows() []legacyRow {
	n := func(v int) string { return fmt.Sprint(v) }
	wan := fmt.Sprintf("%g", float64(f.BudgetYuan)/10000)
	switch f.variant {
	case legacy2008:
		return []legacyRow{{"一、主动公开信息数", "条", n(f.Proactive)}, {"二、受理依申请公开信息总数", "件", n(f.Received)},
			{"其中：1．当面申请数", "件", n(f.InPerson)}, {"2．网上申请数", "件", n(f.Online)}, {"3．信函申请数", "件", n(f.Letter)},
			{"1．同意公开答复数", "件", n(f.Granted)}, {"2．同意部分公开答复数", "件", n(f.Partly)}, {"3．否决公开答复数", "件", n(f.Refused)},
			{"四、行政复议数", "件", n(f.Reviews)}, {"五、行政诉讼数", "件", n(f.Lawsuits)}, {"六、行政申诉数", "件", "—"},
			{"七、收取费用", "万元", "0"}, {"1．专职人员数", "人", n(f.Full)}, {"2．兼职人员数", "人", n(f.Part)}, {"九、专项经费", "万元", wan}}
	}
	apply := []legacyRow{{"依申请公开情况", "", ""}, {"（一）收到申请数", "件", n(f.Received)}, {"1.当面申请数", "件", n(f.InPerson)},
		{"2.网络申请数", "件", n(f.Online)}, {"3.信函申请数", "件", n(f.Letter)}, {"（二）申请答复数", "件", n(f.Received)},
		{"1.同意公开答复数", "件", n(f.Granted)}, {"2.同意部分公开答复数", "件", n(f.Partly)}, {"3.不同意公开答复数", "件", n(f.Refused)},
		{"4.申请信息不存在数", "件", n(f.NotExist)}}
	respond := []legacyRow{{"回应解读情况", "", ""}, {"（一）回应公众关注热点或重大舆情数", "次", n(f.Hotspots)}}
	head := []legacyRow{{"一、主动公开情况", "", ""}, {"（一）主动公开政府信息数", "条", n(f.Proactive)},
		{"（二）政府网站公开政府信息数", "条", n(f.Website)}}
	unit, budget := "万元", wan
	parts := append(append(head, respond...), apply...)
	if f.variant == legacyProvince {
		unit, budget = "元", n(f.BudgetYuan)
		parts = append(append(head, apply...), respond...)
	}
	return append(parts, []legacyRow{{"四、行政复议数量", "件", n(f.Reviews)}, {"五、行政诉讼数量", "件", n(f.Lawsuits)},
		{"六、举报投诉数量", "件", "0"}, {"七、依申请公开信息收取的费用", "万元", "0"}, {"八、机构建设和保障经费情况", "", ""},
		{"（一）从事政府信息公开工作人员数", "人", n(f.Staff)}, {"1.专职人员数", "人", n(f.Full)}, {"2.兼职人员数", "人", n(f.Part)},
		{"（二）政府信息公开专项经费", unit, budget}, {"九、政府信息公开会议和培训情况", "", ""},
		{"（一）召开政府信息公开工作会议或专题会议数", "次", n(f.Meetings)}, {"（二）举办各类培训班数", "次", n(f.Trainings)},
		{"（三）接受培训人员数", "人次", n(f.Trainees)}}...)
}

// table renders the appendix as real sites do: a bordered table, the
// 2008-era one with an (empty or repeated) 累计数 column.
func (f *legacyForm) table() string {
	var b strings.Builder
	b.WriteString(`<table border="1" cellspacing="0"><tr><td>统计指标</td><td>单位</td><td>统计数</td>`)
	if f.variant == legacy2008 {
		b.Reset()
		b.WriteString(`<table border="1" cellspacing="0"><tr><td>指标名称</td><td>单位</td><td>本年数</td><td>累计数</td>`)
	}
	b.WriteString("</tr>")
	for _, r := range f.rows() {
		b.WriteString("<tr><td>" + r.label + "</td><td>" + r.unit + "</td><td>" + r.val + "</td>")
		if f.variant == legacy2008 {
			b.WriteString("<td></td>")
		}
		b.WriteString("</tr>")
	}
	return b.String() + "</table>"
}
