package report

// NullApproximate is the reason of a legacy figure stated only roughly
// ("200余条", "1000多件"): the phrase was found, the number is not exact, and
// nothing is guessed.
const NullApproximate = "approximate"

// legacyKey is one figure of the legacy (2008–2018) reports: a row of the
// 政府信息公开情况统计表 appendix, and sometimes a set phrase of the body.
// phrases are folded row-label pieces; the row is the phrase that ends last
// in a run's label, the longer one on a tie (不同意公开答复数 over
// 同意公开答复数). group names the parent row a sub-row belongs to
// (维持具体行政行为数 exists under both 行政复议 and 行政诉讼).
type legacyKey struct {
	key, label, unit, typ string
	phrases               []string
	group                 string
}

// legacyGroups are the parent rows whose sub-rows repeat: the key of a
// sub-row is legacy_<group>_<sub>.
var legacyGroups = map[string]string{"legacy_reviews": "review", "legacy_lawsuits": "suit"}

// legacySubRows are the sub-rows of 行政复议数量 and 行政诉讼数量.
var legacySubRows = []struct{ sub, label string }{
	{"upheld", "维持具体行政行为数"}, {"corrected", "被依法纠错数"}, {"other", "其他情形数"},
}

// legacyKeys lists the appendix rows in the order of the post-2015 national
// template; rows only the 2008-era table has (行政申诉数) sit where that
// table printed them.
var legacyKeys = []legacyKey{
	{"legacy_proactive_items", "一、主动公开情况 / 主动公开政府信息数（2008：主动公开信息数）", "条", "int",
		[]string{"主动公开政府信息数", "主动公开信息数", "主动公开政府信息总数", "主动公开信息总数", "主动公开政府信息条数"}, ""},
	{"legacy_proactive_normative", "一、主动公开情况 / 其中：主动公开规范性文件数", "条", "int", []string{"主动公开规范性文件数", "规范性文件数"}, ""},
	{"legacy_channel_gazette", "一、主动公开情况 / 政府公报公开政府信息数", "条", "int", []string{"政府公报公开政府信息数", "政府公报公开"}, ""},
	{"legacy_channel_website", "一、主动公开情况 / 政府网站公开政府信息数", "条", "int", []string{"政府网站公开政府信息数", "政府网站公开"}, ""},
	{"legacy_channel_weibo", "一、主动公开情况 / 政务微博公开政府信息数", "条", "int", []string{"政务微博公开政府信息数", "政务微博公开"}, ""},
	{"legacy_channel_wechat", "一、主动公开情况 / 政务微信公开政府信息数", "条", "int", []string{"政务微信公开政府信息数", "政务微信公开"}, ""},
	{"legacy_channel_other", "一、主动公开情况 / 其他方式公开政府信息数", "条", "int", []string{"其他方式公开政府信息数", "其他方式公开"}, ""},
	{"legacy_response_hotspots", "二、回应解读情况 / 回应公众关注热点或重大舆情数", "次", "int", []string{"回应公众关注热点或重大舆情数", "回应公众关注热点"}, ""},
	{"legacy_press_conferences", "二、回应解读情况 / 参加或举办新闻发布会总次数", "次", "int", []string{"参加或举办新闻发布会总次数", "新闻发布会总次数", "举办新闻发布会次数"}, ""},
	{"legacy_press_conferences_leaders", "二、回应解读情况 / 其中：主要负责同志参加新闻发布会次数", "次", "int", []string{"主要负责同志参加新闻发布会次数", "主要负责同志参加新闻发布会"}, ""},
	{"legacy_online_interviews", "二、回应解读情况 / 政府网站在线访谈次数", "次", "int", []string{"政府网站在线访谈次数", "在线访谈次数"}, ""},
	{"legacy_interpretations", "二、回应解读情况 / 政策解读稿件发布数", "篇", "int", []string{"政策解读稿件发布数", "解读稿件发布数"}, ""},
	{"legacy_social_responses", "二、回应解读情况 / 微博微信回应事件数", "次", "int", []string{"微博微信回应事件数"}, ""},
	{"legacy_other_responses", "二、回应解读情况 / 其他方式回应事件数", "次", "int", []string{"其他方式回应事件数"}, ""},
	{"legacy_app_received", "三、依申请公开情况 / 收到申请数（2008：受理依申请公开信息总数）", "件", "int",
		[]string{"收到申请数", "受理依申请公开信息总数", "受理依申请公开申请总数", "受理申请总数", "收到申请总数", "依申请公开信息总数"}, ""},
	{"legacy_app_in_person", "三、依申请公开情况 / 当面申请数", "件", "int", []string{"当面申请数"}, ""},
	{"legacy_app_fax", "三、依申请公开情况 / 传真申请数", "件", "int", []string{"传真申请数"}, ""},
	{"legacy_app_online", "三、依申请公开情况 / 网络申请数（2008：网上申请数）", "件", "int", []string{"网络申请数", "网上申请数"}, ""},
	{"legacy_app_letter", "三、依申请公开情况 / 信函申请数", "件", "int", []string{"信函申请数"}, ""},
	{"legacy_app_concluded", "三、依申请公开情况 / 申请办结数", "件", "int", []string{"申请办结数"}, ""},
	{"legacy_app_on_time", "三、依申请公开情况 / 按时办结数", "件", "int", []string{"按时办结数"}, ""},
	{"legacy_app_extended", "三、依申请公开情况 / 延期办结数", "件", "int", []string{"延期办结数"}, ""},
	{"legacy_app_answered", "三、依申请公开情况 / 申请答复数", "件", "int", []string{"申请答复数"}, ""},
	{"legacy_ans_already_public", "三、依申请公开情况 / 属于已主动公开范围数", "件", "int", []string{"属于已主动公开范围数", "已主动公开范围"}, ""},
	{"legacy_ans_granted", "三、依申请公开情况 / 同意公开答复数", "件", "int", []string{"同意公开答复数", "同意公开数"}, ""},
	{"legacy_ans_partly_granted", "三、依申请公开情况 / 同意部分公开答复数", "件", "int", []string{"同意部分公开答复数", "同意部分公开数", "部分公开答复数"}, ""},
	{"legacy_ans_refused", "三、依申请公开情况 / 不同意公开答复数（2008：否决公开答复数）", "件", "int",
		[]string{"不同意公开答复数", "否决公开答复数", "不同意公开数", "否决公开数", "不予公开答复数"}, ""},
	{"legacy_refused_state_secret", "三、依申请公开情况 / 不同意公开 / 涉及国家秘密", "件", "int", []string{"涉及国家秘密"}, ""},
	{"legacy_refused_business_secret", "三、依申请公开情况 / 不同意公开 / 涉及商业秘密", "件", "int", []string{"涉及商业秘密"}, ""},
	{"legacy_refused_privacy", "三、依申请公开情况 / 不同意公开 / 涉及个人隐私", "件", "int", []string{"涉及个人隐私"}, ""},
	{"legacy_refused_security", "三、依申请公开情况 / 不同意公开 / 危及国家安全、公共安全、经济安全和社会稳定", "件", "int", []string{"危及国家安全"}, ""},
	{"legacy_refused_not_gov_info", "三、依申请公开情况 / 不同意公开 / 不是《条例》所指政府信息", "件", "int", []string{"所指政府信息"}, ""},
	{"legacy_refused_other_law", "三、依申请公开情况 / 不同意公开 / 法律法规规定的其他情形", "件", "int", []string{"法律法规规定的其他情形"}, ""},
	{"legacy_ans_not_this_agency", "三、依申请公开情况 / 不属于本行政机关公开数", "件", "int", []string{"不属于本行政机关公开数", "不属于本行政机关"}, ""},
	{"legacy_ans_not_exist", "三、依申请公开情况 / 申请信息不存在数", "件", "int", []string{"申请信息不存在数", "信息不存在"}, ""},
	{"legacy_ans_correction", "三、依申请公开情况 / 告知作出更改补充数", "件", "int", []string{"告知作出更改补充数", "更改补充"}, ""},
	{"legacy_ans_other_channel", "三、依申请公开情况 / 告知通过其他途径办理数", "件", "int", []string{"告知通过其他途径办理数", "其他途径办理"}, ""},
	{"legacy_reviews", "四、行政复议数量（2008：行政复议数）", "件", "int", []string{"行政复议数量", "行政复议数", "行政复议案件数"}, ""},
	{"legacy_lawsuits", "五、行政诉讼数量（2008：行政诉讼数）", "件", "int", []string{"行政诉讼数量", "行政诉讼数", "行政诉讼案件数"}, ""},
	{"legacy_appeals", "行政申诉数（2008 表）", "件", "int", []string{"行政申诉数", "行政申诉案件数"}, ""},
	{"legacy_complaints", "六、举报投诉数量", "件", "int", []string{"举报投诉数量", "举报投诉数"}, ""},
	{"legacy_fees_wan_yuan", "七、依申请公开信息收取的费用（2008：收取费用）（单位：万元）", "万元", "decimal",
		[]string{"依申请公开信息收取的费用", "收取的费用", "收取费用", "收费金额"}, ""},
	{"legacy_offices", "八、机构建设和保障经费情况 / 政府信息公开工作专门机构数", "个", "int", []string{"政府信息公开工作专门机构数", "专门机构数"}, ""},
	{"legacy_reading_points", "八、机构建设和保障经费情况 / 设置政府信息公开查阅点数", "个", "int", []string{"设置政府信息公开查阅点数", "查阅点数"}, ""},
	{"legacy_staff", "八、机构建设和保障经费情况 / 从事政府信息公开工作人员数", "人", "int", []string{"从事政府信息公开工作人员数", "工作人员数"}, ""},
	{"legacy_staff_fulltime", "八、机构建设和保障经费情况 / 专职人员数", "人", "int", []string{"专职人员数"}, ""},
	{"legacy_staff_parttime", "八、机构建设和保障经费情况 / 兼职人员数", "人", "int", []string{"兼职人员数"}, ""},
	{"legacy_budget_wan_yuan", "八、机构建设和保障经费情况 / 政府信息公开专项经费（单位：万元）", "万元", "decimal", []string{"政府信息公开专项经费", "专项经费"}, ""},
	{"legacy_meetings", "九、政府信息公开会议和培训情况 / 召开政府信息公开工作会议或专题会议数", "次", "int",
		[]string{"召开政府信息公开工作会议或专题会议数", "专题会议数"}, ""},
	{"legacy_trainings", "九、政府信息公开会议和培训情况 / 举办各类培训班数", "次", "int", []string{"举办各类培训班数", "培训班数"}, ""},
	{"legacy_trainees", "九、政府信息公开会议和培训情况 / 接受培训人员数", "人次", "int", []string{"接受培训人员数", "培训人员数"}, ""},
}

// allLegacyKeys is legacyKeys with the 行政复议 / 行政诉讼 sub-rows inserted
// after their parent rows.
var allLegacyKeys = func() []legacyKey {
	var out []legacyKey
	for _, k := range legacyKeys {
		out = append(out, k)
		g := legacyGroups[k.key]
		if g == "" {
			continue
		}
		for _, s := range legacySubRows {
			out = append(out, legacyKey{"legacy_" + g + "_" + s.sub, k.label + " / " + s.label, "件", "int", []string{s.label}, g})
		}
	}
	return out
}()

var onlyLegacy = []string{FormatLegacy}

const legacyNullMeaning = "no appendix row and no set phrase (missing); row printed empty (empty); " +
	"\"/\" \"—\" \"-\" \"不适用\" (not_applicable); row found but its this-year cell not assignable (unreadable); " +
	"stated only roughly, e.g. 200余条 (approximate)"

// legacyColumns are the codebook entries of the legacy figures.
func legacyColumns() []Column {
	out := make([]Column, 0, len(allLegacyKeys))
	for _, k := range allLegacyKeys {
		out = append(out, Column{k.key, "附表", k.label, k.unit, k.typ, onlyLegacy, legacyNullMeaning})
	}
	return out
}

// legacyDoc explains the legacy_ keys in docs/CODEBOOK.md.
const legacyDoc = "Legacy reports (2008–2018) carry the `legacy_…` keys (section 附表). They are read from the " +
	"政府信息公开情况统计表 appendix in its three known variants: `2008` (指标名称 / 单位 / 本年数 / 累计数; " +
	"受理依申请公开信息总数, 否决公开答复数, 行政申诉数), `2015` (the national template of nine parts, 主动公开 … " +
	"回应解读 … 机构建设和保障经费 … 会议和培训, one 统计数 column) and `province` (a province's variant of it: parts " +
	"missing, added or reordered). Only the this-year column is read, never 累计数; rows are matched by their label, " +
	"never by position; a figure printed in 元 where the key is in 万元 is converted. Where no row gives a figure, the " +
	"set phrases of the body are read (主动公开政府信息X条, 共受理…申请X件, 同意公开X件, 发生行政复议X件, 行政诉讼X件; " +
	"a sentence stating that none occurred, e.g. 未发生因政府信息公开申请行政复议、提起行政诉讼的情况, gives 0); sentences " +
	"about cumulative figures (累计, 截至) are skipped. `provenance[key]` says where each figure came from: " +
	"`table <variant>: <row> [<unit>]` or `sentence: <the sentence>`. A phrase with a rough number (200余条) leaves the " +
	"key null with reason `approximate`.\n\n"
