package sim

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
)

// rc is what a renderer needs besides the model: the bases of the hosts as
// the client addressed them.
type rc struct {
	s      *site
	base   string // http://host:port of the host serving the request
	main   string // the site's main host base
	sib    string // the sibling host base ("" when none)
	mirror string // the mirror host base
	big    bool   // Options.BigDocs
}

// frame wraps a body in the site's page template. The charset declaration
// follows the site's trait: true, lying (utf-8 on GBK bytes) or missing,
// and on "gbk" sites the meta comes after kilobytes of script.
func (c rc) frame(title, body, head string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head>")
	switch c.s.charset {
	case "utf-8", "gbk-lying":
		b.WriteString(`<meta charset="utf-8">`)
	case "gbk":
		b.WriteString("<script>/*" + strings.Repeat(" 统计代码 stats ", 300) + "*/</script>")
		b.WriteString(`<meta http-equiv="Content-Type" content="text/html; charset=gbk">`)
	}
	b.WriteString("<title>" + html.EscapeString(title) + "</title>" + head + "</head><body>")
	b.WriteString(`<div class="header"><a href="/">` + c.s.name + `人民政府</a> <a href="/login.jsp">登录</a> <a href="/gate/big5/` +
		strings.TrimPrefix(c.base, "http://") + `/index.html">繁體</a></div>`)
	b.WriteString(body)
	b.WriteString(`<div class="footer">主办：` + c.s.name + `人民政府办公室 <a href="javascript:void(0)">网站地图</a> <a href="mailto:zfb@example.invalid">联系我们</a></div></body></html>`)
	return b.String()
}

func a(href, text string) string {
	return `<a href="` + html.EscapeString(href) + `">` + html.EscapeString(text) + "</a>"
}

func (c rc) home() string {
	s := c.s
	var b strings.Builder
	b.WriteString(`<ul class="nav"><li>` + a("/", "首页") + "</li><li>" + a("/xwzx/index.html", "新闻中心") + "</li><li>" +
		a("/zwgk", "政务公开") + "</li><li>" + a(s.entryPath(), []string{"政府信息公开", "信息公开", "政务公开专栏"}[s.idx%3]) + "</li><li>" + a("/hdjl/", "互动交流") + "</li></ul>")
	b.WriteString(`<form action="/search.html"><input name="q"></form>` + a("/search.html?q=年报", "搜索"))
	b.WriteString(`<div class="news">`)
	for i := 0; i < 6; i++ {
		b.WriteString("<li>" + a(fmt.Sprintf("/xwzx/202403/t202403%02d_%d.html", i+1, 900+i), fmt.Sprintf("%s召开第%d次常务会议", s.name, i+1)) + "</li>")
	}
	b.WriteString(`</div><div class="rili">`)
	for d := 1; d <= 7; d++ {
		b.WriteString(a(fmt.Sprintf("/rili.html?date=2024-04-%02d", d), fmt.Sprint(d)) + " ")
	}
	b.WriteString("</div>")
	if len(s.items) > 0 && s.idx%2 == 0 {
		it := s.items[0]
		b.WriteString(`<div class="links">友情链接：` + a(c.mirror+"/xxgk/"+s.code+it.docURL(), it.title+"（转载）") + "</div>")
	}
	return c.frame(s.name+"人民政府", b.String(), "")
}

func (c rc) zwgk() string {
	body := `<div class="list"><ul><li>` + strings.Join([]string{
		a(c.s.entryPath(), "政府信息公开"),
		a("/zwgk/zfxxgk/gkzn.html", "政府信息公开指南"),
		a("/zwgk/gkml_all.html", "政务公开目录总览"),
		a("/zwgk/gkml.html", "信息公开目录"),
		a("/zwgk/nb/", "政府信息公开年度报告（旧版）"),
		a("/zwgk/fzzf.html", "法治政府建设年度报告"),
	}, "</li><li>") + "</li></ul></div>"
	return c.frame("政务公开", body, "")
}

// entry is the 政府信息公开 page; on gkmlpt sites the directory
// application with its SID and category tree.
func (c rc) entry() string {
	s := c.s
	if s.family == FamilyGkmlpt {
		var b strings.Builder
		b.WriteString(`<div id="app"></div><ul class="tree">`)
		b.WriteString("<li>" + a("#1", "机构职能") + "</li><li>" + a("#2", "政策文件") + "</li>")
		for _, col := range s.columns() {
			b.WriteString("<li>" + a("#"+col.dir, col.name) + "</li>")
		}
		b.WriteString("</ul>")
		head := fmt.Sprintf(`<script>window._CONFIG = {SID: '%d', ROOT: '/gkmlpt/', DETAIL: null};</script>`, s.sid)
		return c.frame("政府信息公开", b.String(), head)
	}
	body := `<div class="xxgk"><ul><li>` + strings.Join([]string{
		a("/zwgk/zfxxgk/gkzn.html", "政府信息公开指南"),
		a("/zwgk/zfxxgk/gkzd.html", "政府信息公开制度"),
		a(s.rootLink(c.sib), []string{"政府信息公开年报", "政府信息公开年度报告", "年度报告", "公开年报"}[s.idx%4]),
		a("/zwgk/zfxxgk/ysqgk.html", "依申请公开"),
	}, "</li><li>") + "</li></ul></div>"
	return c.frame("政府信息公开", body, "")
}

// simple renders a plain content page (guide, rules, look-alikes outside
// the column).
func (c rc) simple(title, text string) string {
	return c.frame(title, `<div class="content"><h1>`+html.EscapeString(title)+"</h1><p>"+html.EscapeString(text)+"</p></div>", "")
}

// columnNav links the column tree (root and sub-columns).
func (c rc) columnNav(base string) string {
	var b strings.Builder
	if c.s.idx%5 == 3 { // units in a drop-down, opened by script
		b.WriteString(`<select onchange="window.open(this.value)"><option value="">请选择单位</option>`)
		for _, col := range c.s.columns() {
			b.WriteString(`<option value="` + html.EscapeString(base+c.s.listingPath(col, 0)) + `">` + html.EscapeString(col.name) + "</option>")
		}
		return b.String() + "</select>"
	}
	b.WriteString(`<div class="leftnav"><ul>`)
	for _, col := range c.s.columns() {
		b.WriteString("<li>" + a(base+c.s.listingPath(col, 0), col.name) + "</li>")
	}
	b.WriteString("</ul></div>")
	return b.String()
}

// itemLI renders one listing entry, truncating the visible title as TRS
// templates do.
func itemLI(href string, it *item) string {
	t := []rune(it.title)
	vis := it.title
	if len(t) > 22 {
		vis = string(t[:22]) + "…"
	}
	att := ""
	if it.format == "html+pdf" {
		att = ` <a class="fj" href="` + html.EscapeString(it.attach) + `">[附件]</a>`
	}
	return `<li><a href="` + html.EscapeString(href) + `" title="` + html.EscapeString(it.title) + `" target="_blank">` +
		html.EscapeString(vis) + "</a>" + att + "<span>" + it.date.Format("2006-01-02") + "</span></li>"
}

// inConfig says whether an article of a gkmlpt site exists only in its
// page's config object (window._CONFIG = {…, DETAIL: {…}}), rendered by
// script in the browser; its attachments are then not in the API answer
// either, only in DETAIL's HTML. Half the articles are.
func (it *item) inConfig() bool { return (it.id/2)%2 == 0 }

// itemPage renders a report or look-alike page.
func (c rc) itemPage(it *item, print bool) string {
	var b strings.Builder
	cls := map[string]string{FamilyTRS: `class="TRS_Editor"`, FamilyHanweb: `id="zoom"`, FamilyGkmlpt: `class="article-content"`, FamilyGeneric: `class="v_news_content"`}[c.s.family]
	b.WriteString("<h1>" + html.EscapeString(it.title) + "</h1><div " + cls + ">")
	switch {
	case it.decoy != "":
		b.WriteString(c.decoyBody(it))
	case it.format == "html":
		b.WriteString(reportBody(it))
		if c.big {
			b.WriteString(`<p>附件：` + a(bigDocPath(c.s, it), it.title+"（附表）.pdf") + `</p>`)
		}
	default:
		b.WriteString(c.pdfWrapper(it))
	}
	b.WriteString("</div>")
	head := fmt.Sprintf(`<meta name="ArticleTitle" content="%s"><meta name="PubDate" content="%s"><meta name="ContentSource" content="%s">`,
		html.EscapeString(it.title), it.date.Format("2006-01-02 15:04"), html.EscapeString(it.agency))
	if c.s.family == FamilyGkmlpt && it.inConfig() {
		detail, _ := json.Marshal(map[string]any{"id": it.id, "title": it.title, "content": b.String(),
			"source": it.agency, "date": it.date.Unix()})
		head += fmt.Sprintf("<script>window._CONFIG = {\n  SID: '%d',\n  DETAIL: %s,\n  TREE: []\n};</script>", c.s.sid, detail)
		b.Reset()
		b.WriteString(`<div id="app"></div>`)
	}
	if !print {
		b.WriteString(`<div class="tools">` + a("?print=1", "打印本页") + " " + a("javascript:window.close()", "关闭窗口") + "</div>")
		b.WriteString(c.neighbours(it))
	}
	return c.frame(it.title, b.String(), head)
}

func (c rc) neighbours(it *item) string {
	items := it.col.items
	var b strings.Builder
	for i, x := range items {
		if x != it {
			continue
		}
		if i > 0 {
			b.WriteString("上一篇：" + a(items[i-1].docURL(), items[i-1].title) + " ")
		}
		if i+1 < len(items) {
			b.WriteString("下一篇：" + a(items[i+1].docURL(), items[i+1].title))
		}
	}
	return `<div class="pn">` + b.String() + "</div>"
}

// pdfWrapper: the article page of a report published as a PDF, showing it
// in a viewer or linking it.
func (c rc) pdfWrapper(it *item) string {
	if it.id%2 == 0 {
		return `<p>` + html.EscapeString(it.title) + `见附件。</p><iframe src="/pdfjs/web/viewer.html?file=` +
			url.QueryEscape(it.attach) + `" width="100%" height="800"></iframe>`
	}
	return `<p>附件：` + a(it.attach, it.title+".pdf") + `</p>`
}

func (c rc) decoyBody(it *item) string {
	switch it.decoy {
	case "汇总":
		var b strings.Builder
		b.WriteString("<p>现将本县各单位政府信息公开工作年度报告汇总如下：</p><ul>")
		for _, x := range c.s.items {
			if x.decoy == "" && x.year == it.year {
				b.WriteString("<li>" + a(c.absItem(x), x.title) + "</li>")
			}
		}
		return b.String() + "</ul>"
	case "解读":
		return fmt.Sprintf("<p>%d年，全县共收到政府信息公开申请%d件，较上年有所增长。本图解对年度报告进行解读。</p>", it.year, it.form.totals()["app_new_total"])
	}
	return "<p>各乡镇人民政府、县政府各部门：根据《中华人民共和国政府信息公开条例》规定，现就做好政府信息公开工作年度报告编制和发布工作通知如下……</p>"
}

// absItem is the absolute URL of an item's document (on the sibling host
// when the column lives there).
func (c rc) absItem(it *item) string {
	if c.s.sibling && c.sib != "" {
		return c.sib + it.docURL()
	}
	return c.main + it.docURL()
}

// reportBody renders the six sections of a 2021-format report, or a
// legacy report.
func reportBody(it *item) string {
	if it.legacy != nil {
		return it.legacy.body(it)
	}
	f := it.form
	t := f.totals()
	var b strings.Builder
	fmt.Fprintf(&b, "<p>本报告由%s根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自%d年1月1日起至%d年12月31日止。</p>", it.agency, it.year, it.year)
	b.WriteString("<p><strong>一、总体情况</strong></p><p>（一）主动公开。全年主动公开政府信息，及时更新政策文件。（二）依申请公开。")
	fmt.Fprintf(&b, "全年共收到政府信息公开申请%d件，上年结转%d件。（三）政府信息管理。（四）政府信息公开平台建设。（五）监督保障。</p>", t["app_new_total"], t["app_carried_in_total"])
	b.WriteString("<p><strong>二、主动公开政府信息情况</strong></p>" + f.activeHTML())
	b.WriteString("<p><strong>三、收到和处理政府信息公开申请情况</strong></p>" + f.tableHTML(it.layout))
	b.WriteString("<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>" + f.reviewHTML())
	b.WriteString("<p><strong>五、存在的主要问题及改进情况</strong></p><p>一是公开内容还不够全面；二是解读形式较为单一。下一步将持续改进。</p>")
	fmt.Fprintf(&b, "<p><strong>六、其他需要报告的事项</strong></p><p>本年度未收取信息处理费。</p><p>%s</p><p>%s</p>", it.agency, it.date.Format("2006年1月2日"))
	return b.String()
}
