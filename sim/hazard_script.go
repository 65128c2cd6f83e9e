package sim

import (
	"fmt"
	"net/http"
	"strings"
)

// Script hazards: pages only a browser that runs their JavaScript gets.

// challengeValue is what the challenge script computes: a loop no pattern
// match reads off the page.
func challengeValue(seed int) int {
	s := seed
	for range 5000 {
		s = (s*31 + 7) % 1000003
	}
	return s
}

func challengeScript(cookie string, seed int) string {
	return fmt.Sprintf(`<script>var s=%d;for(var i=0;i<5000;i++){s=(s*31+7)%%1000003}document.cookie="%s="+s+"; path=/";location.reload();</script>`, seed, cookie)
}

// ChallengeSite is a county site behind a script challenge, kind "412"
// (瑞数-like: 412 with a $_ts script), "521" (加速乐-like: 521 setting
// __jsl_clearance_s) or "202" (a script-only 202): every request without
// the cookie the script computes gets the challenge, /robots.txt included
// (as on real sites); with it, the site: robots.txt disallowing /xxgk/draft/,
// a home page linking the report column and that draft column, the column,
// three reports.
func ChallengeSite(kind string) *Hazard {
	site := FlakySite()
	mux := http.NewServeMux()
	mux.Handle("/", site.Handler)
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("某县人民政府", `<a href="/xxgk/nb/">政府信息公开年报</a><a href="/xxgk/draft/">政府信息公开年报（待审）</a>`))
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "User-agent: *\nDisallow: /xxgk/draft/\n")
	})
	mux.HandleFunc("/xxgk/draft/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("政府信息公开年报（待审）", `<a href="/xxgk/draft/t1.html">某县人民政府2025年政府信息公开工作年度报告（待审）</a>`))
	})
	cookie, status, seed := map[string]string{"412": "FSSBBIl1UgzbN7N80T", "521": "__jsl_clearance_s", "202": "acw_sc__v2"}[kind], 0, 4242
	fmt.Sscan(kind, &status)
	want := fmt.Sprint(challengeValue(seed))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(cookie); err == nil && c.Value == want {
			mux.ServeHTTP(w, r)
			return
		}
		body := challengeScript(cookie, seed)
		if kind == "412" {
			body = `<html><head><meta charset="utf-8"><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=42;</script>` + body + `</head></html>`
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	})
	return &Hazard{Name: "challenge-" + kind, Handler: h, Seed: "/", Reports: site.Reports, Denied: []string{"/xxgk/draft/"}}
}

// CaptchaSite answers everything with a slider CAPTCHA: a crawl must not
// attempt it and reports the site as challenged, with the reason.
func CaptchaSite() *Hazard {
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(202)
		fmt.Fprint(w, `<html><body><div id="nc">请拖动下方滑块完成验证</div><script src="/captcha.js"></script></body></html>`)
	})
	return &Hazard{Name: "captcha", Handler: h, Seed: "/"}
}

// XHRListing is a site whose report column is drawn by script: the column
// page is an empty list filled from a JSON search API, two records a page,
// its "下一页" button fetching the next page (three pages, six reports).
func XHRListing() *Hazard {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("某县人民政府", `<a href="/xxgk/nb/">政府信息公开年报</a>`))
	})
	mux.HandleFunc("/xxgk/nb/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("政府信息公开年报", `<ul id="list"></ul><a id="next" href="javascript:void(0)">下一页</a>`+xhrScript))
	})
	var reports []string
	type rec struct{ Title, URL string }
	var recs []rec
	for i, y := range []int{2024, 2023, 2022, 2021, 2020, 2019} {
		p := fmt.Sprintf("/xxgk/nb/content/t%d0315_%d.html", y+1, 5000+i)
		reports = append(reports, p)
		recs = append(recs, rec{fmt.Sprintf("某县人民政府%d年政府信息公开工作年度报告", y), p})
		body := hazardReport("某县人民政府", y)
		mux.HandleFunc(p, func(w http.ResponseWriter, _ *http.Request) { writeHTML(w, body) })
	}
	mux.HandleFunc("/api/nb/search", func(w http.ResponseWriter, r *http.Request) {
		var page int
		fmt.Sscan(r.URL.Query().Get("page"), &page)
		page = max(page, 1)
		var items []string
		for _, x := range recs[min((page-1)*2, len(recs)):min(page*2, len(recs))] {
			items = append(items, fmt.Sprintf(`{"title":%q,"url":%q}`, x.Title, x.URL))
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"page":%d,"pages":3,"items":[%s]}`, page, strings.Join(items, ","))
	})
	return &Hazard{Name: "xhr-listing", Handler: mux, Seed: "/", Reports: reports}
}

const xhrScript = `<script>
var page = 1;
function load() {
  var x = new XMLHttpRequest();
  x.open("GET", "/api/nb/search?page=" + page);
  x.onload = function () {
    var d = JSON.parse(x.responseText), ul = document.getElementById("list");
    ul.innerHTML = "";
    d.items.forEach(function (it) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = it.url; a.textContent = it.title; li.appendChild(a); ul.appendChild(li);
    });
    if (page >= d.pages) document.getElementById("next").className = "disabled";
  };
  x.send();
}
document.getElementById("next").onclick = function () { page++; load(); };
load();
</script>`

// IframeColumn is a site whose report column sits inside an <iframe src>.
func IframeColumn() *Hazard {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("某县人民政府", `<a href="/zwgk/">政务公开</a>`))
	})
	mux.HandleFunc("/zwgk/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("政务公开", `<iframe src="/frame/col_88.html" width="100%" height="600"></iframe>`))
	})
	var links string
	var reports []string
	for i, y := range []int{2024, 2023} {
		p := fmt.Sprintf("/frame/art/%d03/t%d0301_%d.html", y+1, y+1, 700+i)
		reports = append(reports, p)
		links += fmt.Sprintf(`<a href="%s">某县人民政府%d年政府信息公开工作年度报告</a>`, p, y)
		body := hazardReport("某县人民政府", y)
		mux.HandleFunc(p, func(w http.ResponseWriter, _ *http.Request) { writeHTML(w, body) })
	}
	mux.HandleFunc("/frame/col_88.html", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("政府信息公开年报", links))
	})
	return &Hazard{Name: "iframe-column", Handler: mux, Seed: "/", Reports: reports}
}
