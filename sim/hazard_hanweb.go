package sim

import (
	"fmt"
	"net/http"
	"strings"
)

// portalColumns are names of a real Hanweb portal's columns, none of them
// the report column; HanwebPortal repeats them to the count asked.
var portalColumns = []string{"首页", "今日要闻", "部门动态", "乡镇动态", "通知公告", "招商引资", "政策文件", "政策解读",
	"领导信息", "机构设置", "人事信息", "规划计划", "财政资金", "重大项目", "民生工程", "环境保护", "安全生产",
	"应急管理", "教育信息", "医疗卫生", "社会保障", "市场监管", "统计信息", "互动交流", "网上信访", "走进县情",
	"历史文化", "旅游资源", "图片新闻", "视频新闻"}

// hanwebReportCol is the report column's id on the portal.
const hanwebReportCol = 900

// HanwebPortal is a Hanweb jcms portal of n columns (/col/colN/) besides
// its report column (/col/col900/, "政府信息公开年报", three reports):
// every page carries the portal's navigation, all n columns. A crawl that
// takes every /col/colN/ for a sibling of the report column spends its
// budget on news.
func HanwebPortal(n int) *Hazard {
	mux := http.NewServeMux()
	nav := hanwebNav(n)
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("某县人民政府门户网站", nav+`<a href="/col/col900/index.html">政府信息公开年报</a>`))
	})
	var reports []string
	for i, y := range []int{2024, 2023, 2022} {
		p := fmt.Sprintf("/art/%d/2/%d/art_%d_%d.html", y+1, i+1, hanwebReportCol, 7001+i)
		reports = append(reports, p)
		body := hazardReport("某县人民政府", y)
		mux.HandleFunc(p, func(w http.ResponseWriter, _ *http.Request) { writeHTML(w, body) })
	}
	mux.HandleFunc("/col/{col}/index.html", func(w http.ResponseWriter, r *http.Request) {
		var id int
		if _, err := fmt.Sscanf(r.PathValue("col"), "col%d", &id); err != nil || (id != hanwebReportCol && (id < 1000 || id >= 1000+n)) {
			http.NotFound(w, r)
			return
		}
		writeHTML(w, hanwebColumn(id, n, nav, reports))
	})
	mux.HandleFunc("/art/", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, hazardPage("新闻", nav+"<p>本县召开会议。</p>"))
	})
	return &Hazard{Name: "hanweb-portal", Handler: mux, Seed: "/", Reports: reports}
}

func hanwebNav(n int) string {
	var b strings.Builder
	b.WriteString(`<div class="nav">`)
	for i := range n {
		name := portalColumns[i%len(portalColumns)]
		if i >= len(portalColumns) {
			name += fmt.Sprint(i / len(portalColumns))
		}
		fmt.Fprintf(&b, `<a href="/col/col%d/index.html">%s</a>`, 1000+i, name)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// hanwebColumn is a column page: navigation, then its records in a
// <datastore> the way jcms embeds them.
func hanwebColumn(id, n int, nav string, reports []string) string {
	var recs strings.Builder
	if id == hanwebReportCol {
		for i, p := range reports {
			fmt.Fprintf(&recs, "<record><![CDATA[<li><a href=\"%s\">某县人民政府%d年政府信息公开工作年度报告</a></li>]]></record>\n", p, 2024-i)
		}
	} else {
		for j := range 15 {
			fmt.Fprintf(&recs, "<record><![CDATA[<li><a href=\"/art/2025/3/%d/art_%d_%d.html\">本县召开第%d次工作会议</a></li>]]></record>\n", j+1, id, 90000+j, j+1)
		}
	}
	title := "政府信息公开年报"
	if id != hanwebReportCol {
		title = portalColumns[(id-1000)%len(portalColumns)]
	}
	return hazardPage(title, nav+`<script type="text/xml"><datastore>`+recs.String()+`</datastore></script>`)
}
