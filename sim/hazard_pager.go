package sim

import (
	"fmt"
	"net/http"
	"strings"
)

// ScriptPager is a 平潭-like TRS column: its first page lists the four
// newest reports in the HTML, and the older ones (four more, two a page)
// only through a script pager — "共3页" and a javascript: 下一页 whose
// click fetches the next page's rows from /xxgk/zfxxgknb/rows.jsp and
// draws them. Plain HTTP finds the first four; a browser clicking the
// pager finds all eight.
func ScriptPager() *Hazard {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("某县人民政府", `<a href="/xxgk/zfxxgknb/index.html">政府信息公开年报</a>`))
	})
	var reports []string
	var rows []string
	for i, y := range []int{2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017} {
		p := fmt.Sprintf("/xxgk/zfxxgknb/%d01/t%d0120_%d.html", y+1, y+1, 9100+i)
		reports = append(reports, p)
		rows = append(rows, fmt.Sprintf(`<li><a href="%s">某县人民政府%d年政府信息公开工作年度报告</a><span>%d-01-20</span></li>`, p, y, y+1))
		body := hazardReport("某县人民政府", y)
		mux.HandleFunc(p, func(w http.ResponseWriter, _ *http.Request) { writeHTML(w, body) })
	}
	mux.HandleFunc("/xxgk/zfxxgknb/index.html", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("政府信息公开年报", `<ul id="list">`+strings.Join(rows[:4], "")+
			`</ul><div class="page"><span>共3页</span> <a id="next" href="javascript:;">下一页</a></div>`+pagerScript))
	})
	mux.HandleFunc("/xxgk/zfxxgknb/rows.jsp", func(w http.ResponseWriter, r *http.Request) {
		var page int
		fmt.Sscan(r.URL.Query().Get("page"), &page)
		lo := 4 + (page-2)*2
		if page < 2 || lo >= len(rows) {
			http.NotFound(w, r)
			return
		}
		writeHTML(w, strings.Join(rows[lo:min(lo+2, len(rows))], ""))
	})
	return &Hazard{Name: "script-pager", Handler: mux, Seed: "/", Reports: reports}
}

const pagerScript = `<script>
var page = 1, pages = 3;
document.getElementById("next").onclick = function () {
  if (page >= pages) return;
  page++;
  var x = new XMLHttpRequest();
  x.open("GET", "/xxgk/zfxxgknb/rows.jsp?page=" + page);
  x.onload = function () {
    document.getElementById("list").innerHTML = x.responseText;
    if (page >= pages) document.getElementById("next").className = "disabled";
  };
  x.send();
};
</script>`
