package report

import (
	"fmt"
	"strings"
	"testing"
)

// padTo puts a navigation menu before a page's body until the page passes
// size bytes: a real report inside a huge portal page. The menu is links
// only, as portal menus are, so the generic main-content rule still finds
// the article.
func padTo(page string, size int) string {
	var nav strings.Builder
	for i := 0; nav.Len() < size; i++ {
		fmt.Fprintf(&nav, "<li><a href=\"/col/col%d/index.html\">栏目%d 机构设置 政策文件 新闻动态</a></li>\n", i, i)
	}
	i := strings.Index(page, "<body>")
	if i < 0 {
		return "<ul>" + nav.String() + "</ul>" + page
	}
	i += len("<body>")
	return page[:i] + "<ul class=\"nav\">" + nav.String() + "</ul>" + page[i:]
}

// TestPrescreen_KeepsReports: every seed report in every layout and
// template, padded past PrescreenBytes, is still parsed in full with the
// same figures as unpadded.
func TestPrescreen_KeepsReports(t *testing.T) {
	pages, names, want := seedPages(t)
	for i, page := range pages {
		big := padTo(page, PrescreenBytes+1)
		if _, rejected := prescreen([]byte(big), Hint{}); rejected {
			t.Errorf("%s: rejected by prescreen", names[i])
			continue
		}
		got := ParseHTML([]byte(big), Hint{})
		if !got.IsReport || got.Year != want[i].Year || len(got.Fields) != len(want[i].Fields) {
			t.Errorf("%s: report=%v year %d fields %d, want year %d fields %d", names[i], got.IsReport, got.Year, len(got.Fields), want[i].Year, len(want[i].Fields))
		}
	}
}

// TestPrescreen_AgreesWithTree: what prescreen rejects, the full parse
// rejects too, with the reason given; what it passes goes to the full
// parse. Pages are padded past PrescreenBytes.
func TestPrescreen_AgreesWithTree(t *testing.T) {
	directory := "<html><head><title>政务公开目录总览</title></head><body><table>"
	for i := 0; len(directory) < PrescreenBytes+1; i++ {
		directory += fmt.Sprintf("<tr><td>%d</td><td>政务公开目录条目第%d条，内容详见相关栏目。</td></tr>\n", i, i)
	}
	directory += "</table></body></html>"
	cases := []struct {
		name, page string
		hint       Hint
		rejected   bool
		reason     string
	}{
		{"directory page", directory, Hint{}, true, NotNoMarkers},
		{"infographic by ArticleTitle", padTo(`<html><head><meta name="ArticleTitle" content="图解：2023年政府信息公开工作年度报告"></head><body><p>本年新收 行政复议 依申请公开 结转下年度</p></body></html>`, PrescreenBytes), Hint{}, true, NotInfographic},
		{"guide by title", padTo(`<html><head><title>政府信息公开指南_某县人民政府</title></head><body><p>指南正文</p></body></html>`, PrescreenBytes), Hint{}, true, NotNoMarkers},
		{"report words in text", padTo(`<html><body><h1>某县2023年政府信息公开工作年度报告</h1><p>正文</p></body></html>`, PrescreenBytes), Hint{}, false, ""},
		{"report hint", padTo(`<html><body><p>正文</p></body></html>`, PrescreenBytes), Hint{AnchorText: "2023年政府信息公开工作年度报告"}, false, ""},
		{"markers without title", padTo(`<html><body><p>一、总体情况</p><p>主动公开政府信息情况</p><p>收到和处理政府信息公开申请情况</p><p>本年新收</p><p>行政复议</p></body></html>`, PrescreenBytes), Hint{}, false, ""},
		{"markers only in a script", padTo(`<html><body><script>var s="主动公开政府信息情况 收到和处理政府信息公开申请 本年新收 行政复议";</script><p>新闻</p></body></html>`, PrescreenBytes), Hint{}, true, NotNoMarkers},
		{"gkmlpt never screened", padTo(`<html><body><script>window._CONFIG.DETAIL = {"title":"目录"};</script></body></html>`, PrescreenBytes), Hint{}, false, ""},
		{"unclosed select does not hide text", padTo(`<html><body><select><option>a</option><h1>某县2023年政府信息公开工作年度报告</h1></body></html>`, PrescreenBytes), Hint{}, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if len(c.page) <= PrescreenBytes {
				t.Fatalf("page of %d bytes is not screened", len(c.page))
			}
			r, rejected := prescreen([]byte(c.page), c.hint)
			if rejected != c.rejected || r.NotReport != c.reason {
				t.Fatalf("prescreen = %v %q, want %v %q", rejected, r.NotReport, c.rejected, c.reason)
			}
			full := parseTree([]byte(c.page), c.hint)
			if rejected && full.IsReport {
				t.Errorf("prescreen rejected a page the full parse takes as a report")
			}
			got := ParseHTML([]byte(c.page), c.hint)
			checkInvariants(t, got, true)
			if rejected && (got.IsReport || got.NotReport != c.reason) {
				t.Errorf("ParseHTML = %v %q, want the prescreen's %q", got.IsReport, got.NotReport, c.reason)
			}
		})
	}
}

// TestPrescreen_TreeBuilderCases: markup where the tree builder moves,
// joins or reads text differently from a flat token stream; prescreen must
// not reject what the tree takes for a report.
func TestPrescreen_TreeBuilderCases(t *testing.T) {
	pages := map[string]string{
		"NUL inside a character":      "信息公开\xe5\x00\xb9\xb4报",
		"invalid UTF-8":               "<p>信息公开\xe5</p><p>\xb9\xb4报</p>",
		"foster-parented text":        "<p>信息公开<table><tr>年<td>x</td>报</tr></table></p>",
		"script inside svg is markup": "<svg><script><p>某县2023年政府信息公开工作年度报告</p></script></svg>",
		"title in body is body text":  "<p>正文</p><title>政府信息公开目录</title><p>某县2023年政府信息公开工作年度报告</p>",
		"look-alike meta in body":     `<p>某县2023年政府信息公开工作年度报告</p><meta name="ArticleTitle" content="年报解读">`,
		"look-alike title after body": "<body><title>年报汇总</title><h1>某县2023年政府信息公开工作年度报告</h1>",
	}
	for name, page := range pages {
		t.Run(name, func(t *testing.T) {
			full := parseTree([]byte(page), Hint{})
			r, rejected := prescreen([]byte(page), Hint{})
			if rejected && full.IsReport {
				t.Errorf("prescreen rejected (%s) what the tree takes as a report %q", r.NotReport, full.Title)
			}
		})
	}
	// And it still rejects a plain directory page.
	if _, rejected := prescreen([]byte("<html><head><title>政务公开目录总览</title></head><body><table><tr><td>1</td><td>政务公开目录条目第1条，内容详见相关栏目。</td></tr></table></body></html>"), Hint{}); !rejected {
		t.Errorf("a directory page without report words or markers was not rejected")
	}
}

func TestRuneSet(t *testing.T) {
	m := runeSet("年度报告 a\U00020000")
	for w, want := range map[string]bool{"年报": true, "报告年度": true, "工作报告": false, "a": true, "\U00020000年": true, "\U00020001": false, "": true} {
		if got := m.canForm(w); got != want {
			t.Errorf("canForm(%q) = %v, want %v", w, got, want)
		}
	}
}
