package report

// Formats of the annual report.
const (
	Format2021   = "2021"   // 国办公开办函〔2021〕30号
	Format2019   = "2019"   // 国办公开办函〔2019〕60号 trial format
	FormatLegacy = "legacy" // free-form reports 2008–2018
)

// Null reasons, the values of Result.Nulls.
const (
	NullEmpty         = "empty"          // the cell was empty
	NullNotApplicable = "not_applicable" // "/", "—", "-", "不适用"
	NullUnreadable    = "unreadable"     // the row was found but its cells could not be assigned
	NullMissing       = "missing"        // the row or table was not found
)

// Column is one canonical figure of the report: the single table the
// parser, the CSV columns and the codebook documents are generated from.
type Column struct {
	Key     string   `json:"key"`     // canonical key, e.g. "app_new_person"
	Section string   `json:"section"` // "二", "三", "四"
	Label   string   `json:"label"`   // Chinese row / column label
	Unit    string   `json:"unit"`    // "件", "万元", "个"
	Type    string   `json:"type"`    // "int" or "decimal"
	Formats []string `json:"formats"` // formats that have it: "2021", "2019"
	Null    string   `json:"null"`    // meaning of null for this column
}

const nullMeaning = "cell empty (nulls: empty), \"/\" \"—\" \"-\" \"不适用\" (not_applicable), " +
	"row found but cells not assignable (unreadable), row or table not found (missing)"

// art20Row is one figure of section 二.
type art20Row struct {
	key, label, unit, typ string
	formats               []string
}

var (
	both     = []string{Format2021, Format2019}
	only2021 = []string{Format2021}
	only2019 = []string{Format2019}
)

// art20Rows2021 lists the section-二 figures of the 2021 form; art20Rows2019
// those only the 2019 trial form has (art20_licensing, art20_penalty and
// art20_coercion are shared: 处理决定数量 in both forms).
var art20Rows2021 = []art20Row{
	{"art20_rules_issued", "第二十条第（一）项 / 规章 / 本年制发件数", "件", "int", only2021},
	{"art20_rules_repealed", "第二十条第（一）项 / 规章 / 本年废止件数", "件", "int", only2021},
	{"art20_rules_in_force", "第二十条第（一）项 / 规章 / 现行有效件数", "件", "int", only2021},
	{"art20_normative_issued", "第二十条第（一）项 / 行政规范性文件 / 本年制发件数", "件", "int", only2021},
	{"art20_normative_repealed", "第二十条第（一）项 / 行政规范性文件 / 本年废止件数", "件", "int", only2021},
	{"art20_normative_in_force", "第二十条第（一）项 / 行政规范性文件 / 现行有效件数", "件", "int", only2021},
	{"art20_licensing", "第二十条第（五）项 / 行政许可 / 本年处理决定数量（2019：处理决定数量）", "件", "int", both},
	{"art20_penalty", "第二十条第（六）项 / 行政处罚 / 本年处理决定数量（2019：处理决定数量）", "件", "int", both},
	{"art20_coercion", "第二十条第（六）项 / 行政强制 / 本年处理决定数量（2019：处理决定数量）", "件", "int", both},
	{"art20_fees_wan_yuan", "第二十条第（八）项 / 行政事业性收费 / 本年收费金额（单位：万元）", "万元", "decimal", only2021},
}

var art20Rows2019 = []art20Row{
	{"art20_rules_made", "第二十条第（一）项 / 规章 / 本年新制作数量", "件", "int", only2019},
	{"art20_rules_published", "第二十条第（一）项 / 规章 / 本年新公开数量", "件", "int", only2019},
	{"art20_rules_total", "第二十条第（一）项 / 规章 / 对外公开总数量", "件", "int", only2019},
	{"art20_normative_made", "第二十条第（一）项 / 规范性文件 / 本年新制作数量", "件", "int", only2019},
	{"art20_normative_published", "第二十条第（一）项 / 规范性文件 / 本年新公开数量", "件", "int", only2019},
	{"art20_normative_total", "第二十条第（一）项 / 规范性文件 / 对外公开总数量", "件", "int", only2019},
	{"art20_licensing_prev", "第二十条第（五）项 / 行政许可 / 上一年项目数量", "个", "int", only2019},
	{"art20_licensing_delta", "第二十条第（五）项 / 行政许可 / 本年增/减", "个", "int", only2019},
	{"art20_other_services_prev", "第二十条第（五）项 / 其他对外管理服务事项 / 上一年项目数量", "个", "int", only2019},
	{"art20_other_services_delta", "第二十条第（五）项 / 其他对外管理服务事项 / 本年增/减", "个", "int", only2019},
	{"art20_other_services", "第二十条第（五）项 / 其他对外管理服务事项 / 处理决定数量", "件", "int", only2019},
	{"art20_penalty_prev", "第二十条第（六）项 / 行政处罚 / 上一年项目数量", "个", "int", only2019},
	{"art20_penalty_delta", "第二十条第（六）项 / 行政处罚 / 本年增/减", "个", "int", only2019},
	{"art20_coercion_prev", "第二十条第（六）项 / 行政强制 / 上一年项目数量", "个", "int", only2019},
	{"art20_coercion_delta", "第二十条第（六）项 / 行政强制 / 本年增/减", "个", "int", only2019},
	{"art20_fee_items_prev", "第二十条第（八）项 / 行政事业性收费 / 上一年项目数量", "个", "int", only2019},
	{"art20_fee_items_delta", "第二十条第（八）项 / 行政事业性收费 / 本年增/减", "个", "int", only2019},
	{"art20_procurement_count", "第二十条第（九）项 / 政府集中采购 / 采购项目数量", "个", "int", only2019},
	{"art20_procurement_wan_yuan", "第二十条第（九）项 / 政府集中采购 / 采购总金额（单位：万元）", "万元", "decimal", only2019},
}

// appRow is one row of the section-三 table.
type appRow struct {
	key, label string
	formats    []string
}

// appRows lists the section-三 rows in table order; "other" is the 2019
// form's single (六)其他处理 row, listed last so the 2021 keys come first.
var appRows = []appRow{
	{"new", "一、本年新收政府信息公开申请数量", both},
	{"carried_in", "二、上年结转政府信息公开申请数量", both},
	{"granted", "三、本年度办理结果 /（一）予以公开", both},
	{"partial", "三、本年度办理结果 /（二）部分公开（区分处理的，只计这一情形，不计其他情形）", both},
	{"deny_secret", "三、本年度办理结果 /（三）不予公开 / 1.属于国家秘密", both},
	{"deny_law", "三、本年度办理结果 /（三）不予公开 / 2.其他法律行政法规禁止公开", both},
	{"deny_safety", "三、本年度办理结果 /（三）不予公开 / 3.危及“三安全一稳定”", both},
	{"deny_third_party", "三、本年度办理结果 /（三）不予公开 / 4.保护第三方合法权益", both},
	{"deny_internal", "三、本年度办理结果 /（三）不予公开 / 5.属于三类内部事务信息", both},
	{"deny_process", "三、本年度办理结果 /（三）不予公开 / 6.属于四类过程性信息", both},
	{"deny_enforcement", "三、本年度办理结果 /（三）不予公开 / 7.属于行政执法案卷", both},
	{"deny_query", "三、本年度办理结果 /（三）不予公开 / 8.属于行政查询事项", both},
	{"unable_not_held", "三、本年度办理结果 /（四）无法提供 / 1.本机关不掌握相关政府信息", both},
	{"unable_create", "三、本年度办理结果 /（四）无法提供 / 2.没有现成信息需要另行制作", both},
	{"unable_unclear", "三、本年度办理结果 /（四）无法提供 / 3.补正后申请内容仍不明确", both},
	{"reject_petition", "三、本年度办理结果 /（五）不予处理 / 1.信访举报投诉类申请", both},
	{"reject_repeat", "三、本年度办理结果 /（五）不予处理 / 2.重复申请", both},
	{"reject_publication", "三、本年度办理结果 /（五）不予处理 / 3.要求提供公开出版物", both},
	{"reject_mass", "三、本年度办理结果 /（五）不予处理 / 4.无正当理由大量反复申请", both},
	{"reject_confirm", "三、本年度办理结果 /（五）不予处理 / 5.要求行政机关确认或重新出具已获取信息", both},
	{"other_no_correction", "三、本年度办理结果 /（六）其他处理 / 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", only2021},
	{"other_unpaid", "三、本年度办理结果 /（六）其他处理 / 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", only2021},
	{"other_other", "三、本年度办理结果 /（六）其他处理 / 3.其他", only2021},
	{"total", "三、本年度办理结果 /（七）总计", both},
	{"carried_out", "四、结转下年度继续办理", both},
	{"other", "三、本年度办理结果 /（六）其他处理", only2019},
}

// appCols lists the applicant columns in table order.
var appCols = []struct{ key, label string }{
	{"person", "自然人"},
	{"business", "法人或其他组织 / 商业企业"},
	{"research", "法人或其他组织 / 科研机构"},
	{"nonprofit", "法人或其他组织 / 社会公益组织"},
	{"legal", "法人或其他组织 / 法律服务机构"},
	{"other", "法人或其他组织 / 其他"},
	{"total", "总计"},
}

// reviewGroups and reviewOutcomes span the 15 figures of section 四.
var reviewGroups = []struct{ key, label string }{
	{"review", "行政复议"},
	{"suit_direct", "行政诉讼 / 未经复议直接起诉"},
	{"suit_after_review", "行政诉讼 / 复议后起诉"},
}

var reviewOutcomes = []struct{ key, label string }{
	{"upheld", "结果维持"},
	{"corrected", "结果纠正"},
	{"other", "其他结果"},
	{"pending", "尚未审结"},
	{"total", "总计"},
}

// AppKey returns the canonical key of a section-三 cell.
func AppKey(row, col string) string { return "app_" + row + "_" + col }

var codebook = buildCodebook()

func buildCodebook() []Column {
	var cb []Column
	for _, r := range art20Rows2021 {
		cb = append(cb, Column{r.key, "二", r.label, r.unit, r.typ, r.formats, nullMeaning})
	}
	var app2019 []Column
	for _, r := range appRows {
		for _, c := range appCols {
			col := Column{AppKey(r.key, c.key), "三", r.label + " / " + c.label, "件", "int", r.formats, nullMeaning}
			if r.key == "other" {
				app2019 = append(app2019, col)
				continue
			}
			cb = append(cb, col)
		}
	}
	for _, g := range reviewGroups {
		for _, o := range reviewOutcomes {
			cb = append(cb, Column{g.key + "_" + o.key, "四", g.label + " / " + o.label, "件", "int", both, nullMeaning})
		}
	}
	for _, r := range art20Rows2019 {
		cb = append(cb, Column{r.key, "二", r.label, r.unit, r.typ, r.formats, nullMeaning})
	}
	cb = append(cb, app2019...)
	return append(cb, legacyColumns()...)
}

// Codebook returns every canonical key in codebook order: the 2021 keys,
// then the keys only the 2019 form has, then the legacy_ keys. The slice is a fresh copy.
func Codebook() []Column {
	out := make([]Column, len(codebook))
	copy(out, codebook)
	return out
}

// KeysFor returns the keys a report of the given format carries, in
// codebook order; nil for unknown formats.
func KeysFor(format string) []string {
	var keys []string
	for _, c := range codebook {
		for _, f := range c.Formats {
			if f == format {
				keys = append(keys, c.Key)
				break
			}
		}
	}
	return keys
}
