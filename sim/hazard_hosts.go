package sim

import "net/http"

// GovernmentHosts is one county government spread over several hosts, the
// way real ones are, served as virtual hosts (crawl it with Served.URL as
// the HTTP proxy): the old seed host redirects to the new portal on
// another domain; the portal's disclosure platform is a sub-host; its
// report column lives on the province's 集约化 platform (www.zj.gov.cn,
// Hanweb), next to other counties' columns. The portal also links the
// province's home page, another government's service site and a search
// engine, none of which a crawl of this county may request.
func GovernmentHosts() *Hazard {
	mux := http.NewServeMux()
	mux.HandleFunc("oldxian.gov.cn/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://www.xinxian.gov.cn/index.html", http.StatusMovedPermanently)
	})
	mux.HandleFunc("oldxian.gov.cn/about.html", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("县情概况", "<p>新县由旧县更名。</p>"))
	})
	mux.HandleFunc("www.xinxian.gov.cn/index.html", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("新县人民政府", `<a href="http://xxgk.xinxian.gov.cn/">政府信息公开</a>`+
			`<a href="http://www.zj.gov.cn/col/col1550/index.html">政府信息公开年报</a>`+
			`<a href="http://oldxian.gov.cn/about.html">县情概况（政府信息公开）</a>`+
			`<a href="http://www.zj.gov.cn/">浙江省人民政府信息公开</a>`+
			`<a href="http://www.zjzwfw.gov.cn/xxgk/">浙江政务服务网 信息公开</a>`+
			`<a href="http://www.baidu.com/s?wd=政府信息公开年报">搜索 政府信息公开年报</a>`))
	})
	mux.HandleFunc("xxgk.xinxian.gov.cn/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("新县政府信息公开", `<a href="/2023/nb.html">新县人民政府2023年政府信息公开工作年度报告</a>`))
	})
	mux.HandleFunc("xxgk.xinxian.gov.cn/2023/nb.html", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardReport("新县人民政府", 2023))
	})
	mux.HandleFunc("www.zj.gov.cn/col/col1550/index.html", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("政府信息公开年报", `<a href="/col/col1551/index.html">邻县政府信息公开年报</a>`+
			`<a href="/art/2024/1/5/art_1551_9.html">邻县人民政府2024年政府信息公开工作年度报告</a>`+
			`<script type="text/xml"><datastore><record><![CDATA[<li><a href="/art/2024/1/5/art_1550_1.html">新县人民政府2024年政府信息公开工作年度报告</a></li>]]></record></datastore></script>`))
	})
	mux.HandleFunc("www.zj.gov.cn/art/2024/1/5/art_1550_1.html", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardReport("新县人民政府", 2024))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, hazardPage("其他网站", `<a href="/xxgk/nb.html">政府信息公开年报</a>`))
	})
	return &Hazard{Name: "government-hosts", Handler: mux, Seed: "http://oldxian.gov.cn/",
		Reports: []string{"http://xxgk.xinxian.gov.cn/2023/nb.html", "http://www.zj.gov.cn/art/2024/1/5/art_1550_1.html"}}
}
