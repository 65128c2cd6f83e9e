package discover

import (
	"os"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

func TestScriptPager(t *testing.T) {
	list := `<ul><li><a href="/xxgk/nb/t20250301_1.html">某县2024年政府信息公开工作年度报告</a></li></ul>`
	tests := []struct {
		name, body string
		want       bool
	}{
		{"no pager", list, false},
		{"javascript: next", list + `<div class="page"><a href="javascript:void(0)" onclick="goPage(2)">下一页</a></div>`, true},
		{"hash next with handler", list + `<a href="#" id="next">下一页</a><script>next.onclick=load</script>`, true},
		{"onclick span", list + `<span class="pg" onclick="turn(2)">下页</span>`, true},
		{"button", list + `<button>下一页</button>`, true},
		{"count shown, links drawn by script", list + `<div id="pager"></div><span>共12页</span><script>drawPager("pager")</script>`, true},
		{"1/5 shown", list + `<p>第1/5页</p>`, true},
		{"totalPage var", list + `<script>var totalPage = 7; renderList();</script>`, true},
		{"one page only", list + `<span>共1页</span>`, false},
		{"href next", list + `<a href="index_1.html">下一页</a><span>共3页</span>`, false},
		{"URL inside javascript:", list + `<a href="javascript:window.open('list_2.html')">下一页</a>`, false},
		{"TRS createPageHTML", list + `<script>createPageHTML(5, 0, "index", "html");</script><a href="javascript:;">下一页</a>`, false},
		{"breadcrumb >", `<div><a href="/">首页</a><span>></span><a href="/zwgk/">政务公开</a></div>` + list, false},
	}
	for _, tt := range tests {
		got := ScriptPager(Page{URL: "http://www.x.gov.cn/xxgk/nb/index.html", ContentType: "text/html", Body: []byte("<html><body>" + tt.body + "</body></html>")})
		if got != tt.want {
			t.Errorf("%s: ScriptPager = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// The real Ordos TRS column pages through var countPage and index_N.html,
// which discovery announces: no browser needed.
func TestScriptPager_RealTRSColumn(t *testing.T) {
	body, err := os.ReadFile(testshared.Path(t, "real-pages", "ordos_engebei_xxgknb_listing_index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if ScriptPager(Page{URL: "http://www.egb.gov.cn/xxgk/xxgknb/index.html", ContentType: "text/html", Body: body}) {
		t.Error("the Ordos column's countPage pager is announced statically; ScriptPager should not ask for the browser")
	}
}

// ScriptPager never panics, and a next-page link with an address always
// wins: discovery can follow it, so no browser is needed.
func FuzzScriptPager(f *testing.F) {
	f.Add(`<a href="javascript:;" onclick="go(2)">下一页</a>`)
	f.Add(`<span>共12页</span><div id="p"></div>`)
	f.Add(`<script>createPageHTML(3, 0, "index", "html")</script><button>下一页</button>`)
	f.Add(`<div><span>></span></div><p>第1/5页</p>`)
	f.Fuzz(func(t *testing.T, body string) {
		p := Page{URL: "http://www.x.gov.cn/nb/index.html", ContentType: "text/html", Body: []byte("<html><body>" + body)}
		ScriptPager(p)
		// before the fuzzed markup, so an unclosed tag cannot swallow it
		p.Body = []byte(`<html><body><a href="index_1.html">下一页</a>` + body)
		if ScriptPager(p) {
			t.Fatalf("a next-page link with an address, yet ScriptPager asks for the browser: %q", body)
		}
	})
}
