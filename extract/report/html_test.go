package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

var layouts = []struct {
	name string
	fn   layout
}{{"word_table", layoutWord}, {"cell_per_p", layoutCells}, {"pre_tabs", layoutPre}}

var templates = []struct {
	name string
	fn   template
}{{"trs", tmplTRS}, {"hanweb", tmplHanweb}, {"gkmlpt", tmplGkmlpt}, {"gkmlpt_config", tmplGkmlptConfig}, {"generic", tmplGeneric}}

// seedPages renders every seed in every layout and template.
func seedPages(t testing.TB) (pages []string, names []string, want []Result) {
	for _, path := range testshared.SeedReports(t) {
		text := readSeed(t, path)
		r := ParseText(text, Hint{})
		g := toGolden(r)
		for _, l := range layouts {
			for _, tm := range templates {
				pages = append(pages, tm.fn(r.Title, l.fn(text, g)))
				names = append(names, seedName(path)+"/"+l.name+"/"+tm.name)
				want = append(want, r)
			}
		}
	}
	return pages, names, want
}

func TestParseHTML_SeedLayouts(t *testing.T) {
	pages, names, want := seedPages(t)
	for i, page := range pages {
		t.Run(names[i], func(t *testing.T) {
			got := ParseHTML([]byte(page), Hint{URL: "http://www.example.gov.cn/art/1.html"})
			w := want[i]
			if got.Title != w.Title || got.Year != w.Year || got.Agency != w.Agency || got.Format != w.Format || !got.IsReport {
				t.Errorf("meta = %q %d %q %s %v, want %q %d %q %s", got.Title, got.Year, got.Agency, got.Format, got.IsReport, w.Title, w.Year, w.Agency, w.Format)
			}
			if len(got.Fields) != len(w.Fields) {
				t.Errorf("%d fields, want %d", len(got.Fields), len(w.Fields))
			}
			for k, wv := range w.Fields {
				gv, ok := got.Fields[k]
				if !ok || (gv == nil) != (wv == nil) || (gv != nil && *gv != *wv) {
					t.Errorf("%s = %v (%s), want %v", k, deref(gv), got.Nulls[k], deref(wv))
				}
			}
			if len(got.Sections) < 6 {
				t.Errorf("%d sections, want 6", len(got.Sections))
			}
			if strings.Contains(got.Text, "首页") || strings.Contains(got.Text, "本年新收 99") {
				t.Errorf("navigation or script text leaked into the body")
			}
		})
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestParseHTML_Metadata(t *testing.T) {
	page := tmplTRS("某县2023年政府信息公开工作年度报告", "<p>一、总体情况</p><p>正文</p>")
	page = strings.Replace(page, "</head>", `<meta name="ContentSource" content="某县人民政府办公室"></head>`, 1)
	r := ParseHTML([]byte(page), Hint{})
	if r.Title != "某县2023年政府信息公开工作年度报告" || r.Published != "2024-01-20" || r.Year != 2023 || r.Agency != "某县" {
		t.Errorf("got %q %q %d %q", r.Title, r.Published, r.Year, r.Agency)
	}
	page = strings.Replace(tmplTRS("2023年政府信息公开工作年度报告", "<p>x</p>"), "</head>", `<meta name="ContentSource" content="某县人民政府办公室"></head>`, 1)
	r = ParseHTML([]byte(page), Hint{})
	if r.Agency != "" || r.Publisher != "某县人民政府办公室" {
		t.Errorf("ContentSource: agency %q (want none: the report does not name itself), publisher %q", r.Agency, r.Publisher)
	}
	g := ParseHTML([]byte(tmplGkmlpt("某区2022年政府信息公开工作年度报告", "<p>一、总体情况</p>")), Hint{})
	if g.Title != "某区2022年政府信息公开工作年度报告" || g.Published != "2024-01-20" {
		t.Errorf("gkmlpt meta %q %q", g.Title, g.Published)
	}
}

// TestParseHTML_EmptyAndNA: empty cells and "/" in a real table are null
// with their reasons, 0 stays 0, and the checks skip null inputs.
func TestParseHTML_EmptyAndNA(t *testing.T) {
	text := readSeed(t, testshared.Path(t, "seed-reports", "shilong-district-office-2023.txt"))
	r := ParseText(text, Hint{})
	g := toGolden(r)
	g.Fields = cloneFields(g.Fields)
	g.Fields["app_new_business"] = nil
	g.Nulls = map[string]string{"app_new_business": NullEmpty, "art20_fees_wan_yuan": NullNotApplicable, "review_total": NullNotApplicable}
	g.Fields["art20_fees_wan_yuan"], g.Fields["review_total"] = nil, nil
	got := ParseHTML([]byte(tmplHanweb(r.Title, layoutWord(text, g))), Hint{})
	for k, want := range g.Nulls {
		if got.Fields[k] != nil || got.Nulls[k] != want {
			t.Errorf("%s = %v (%q), want null %q", k, deref(got.Fields[k]), got.Nulls[k], want)
		}
	}
	if v := got.Fields["app_new_person"]; v == nil || *v != 24 {
		t.Errorf("app_new_person = %v, want 24", deref(v))
	}
	for _, c := range got.Checks {
		if c.Name == "review_sum" || c.Name == "app_row_total_new" || c.Name == "app_balance_business" {
			t.Errorf("check %s evaluated with a null input", c.Name)
		}
	}
}

func cloneFields(m map[string]*float64) map[string]*float64 {
	out := make(map[string]*float64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestParseHTML_GoldenFile parses the stored Word-table page of one seed
// against its golden (the page is kept so markup changes are visible).
func TestParseHTML_GoldenFile(t *testing.T) {
	path := filepath.Join("testdata", "boai_word_trs.html")
	text := readSeed(t, testshared.Path(t, "seed-reports", "boai-county-office-2023.txt"))
	r := ParseText(text, Hint{})
	if *update {
		page := tmplTRS(r.Title, layoutWord(text, toGolden(r)))
		if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := ParseHTML(page, Hint{})
	got.Published, got.PublishedSource = "", PublishedNone // the page's PubDate; the seed text has none
	checkGolden(t, "boai-county-office-2023", got)
}

func TestParseHTML_Containers(t *testing.T) {
	body := "<p>一、总体情况</p><p>正文甲乙丙</p>"
	pages := map[string]string{
		"trs":      `<div class="TRS_Editor">` + body + `</div>`,
		"trs_view": `<div class="view TRS_UEDITOR trs_paper_default">` + body + `</div>`,
		"hanweb":   `<div id="zoom">` + body + `</div>`,
		"ucap":     `<div id="UCAP-CONTENT">` + body + `</div>`,
		"generic":  `<div class="x"><div>` + body + `<p>` + strings.Repeat("正文", 50) + `</p></div></div>`,
	}
	for name, content := range pages {
		page := "<html><body>" + navNoise + content + `<div class="footer"><a href="/">网站地图</a></div></body></html>`
		r := ParseHTML([]byte(page), Hint{})
		if !strings.Contains(r.Text, "正文甲乙丙") || strings.Contains(r.Text, "首页") || strings.Contains(r.Text, "网站地图") {
			t.Errorf("%s: text %q", name, r.Text)
		}
	}
}

// TestParseHTML_GenericTableHeavy: a page that is mostly one data table
// keeps the prose and headings around it.
func TestParseHTML_GenericTableHeavy(t *testing.T) {
	text := readSeed(t, testshared.Path(t, "seed-reports", "yanshi-housing-bureau-2023.txt"))
	want := ParseText(text, Hint{})
	g := toGolden(want)
	var b strings.Builder
	for _, ln := range splitLines(text) {
		if n, _ := headingNum(ln.text); n == 3 && isHeadingOf(ln.text, 3) {
			b.WriteString("<p>" + ln.text + "</p>" + wordApplications(g.Fields, g.Nulls))
			break
		}
		if len([]rune(ln.text)) < 40 { // headings and section-二 rows; the table dominates the page
			b.WriteString("<p>" + ln.text + "</p>")
		}
	}
	b.WriteString("<p>四、政府信息公开行政复议、行政诉讼情况</p>" + wordReview(g.Fields, g.Nulls))
	r := ParseHTML([]byte("<html><body>"+navNoise+"<div>"+b.String()+"</div></body></html>"), Hint{})
	if r.Title != want.Title || len(r.Sections) < 4 {
		t.Errorf("title %q, %d sections", r.Title, len(r.Sections))
	}
	for _, k := range []string{"app_new_total", "art20_licensing", "art20_fees_wan_yuan", "review_total"} {
		if v, w := r.Fields[k], want.Fields[k]; v == nil || *v != *w {
			t.Errorf("%s = %v, want %v", k, deref(v), deref(w))
		}
	}
}

// TestParseHTML_AttachmentPage: the page around a report's PDF is not a
// second record of the report; a full report page that also links its PDF
// still is.
func TestParseHTML_AttachmentPage(t *testing.T) {
	title := "某县人民政府2023年政府信息公开工作年度报告"
	bodies := map[string]string{
		"link":        `<p>` + title + `见附件。</p><p>附件：<a href="/attachment/0/2590/nb2023.pdf">` + title + `.pdf</a></p>`,
		"viewer":      `<p>` + title + `</p><iframe src="/pdfjs/web/viewer.html?file=%2Fattachment%2F0%2F2590%2Fnb2023.pdf" width="100%"></iframe>`,
		"docx upload": `<p>现将` + title + `予以公布。</p><p><a href="/uploadfiles/2024/01/20240120.docx">点击下载</a></p>`,
		"doc":         `<p>` + title + `见附件。</p><p><a href="/attachment/nb2023.doc">` + title + `.doc</a></p>`,
		"wps":         `<p>` + title + `见附件。</p><p><a href="/attachment/nb2023.wps">` + title + `.wps</a></p>`,
		"xls":         `<p>` + title + `见附件。</p><p><a href="/attachment/nb2023.xls">附表.xls</a></p>`,
		"ofd":         `<p>` + title + `见附件。</p><p><a href="/attachment/nb2023.ofd">` + title + `.ofd</a></p>`,
	}
	for name, body := range bodies {
		for _, tm := range templates {
			t.Run(name+"/"+tm.name, func(t *testing.T) {
				r := ParseHTML([]byte(tm.fn(title, body)), Hint{})
				checkInvariants(t, r, true)
				if r.IsReport || r.NotReport != NotAttachmentPage {
					t.Errorf("IsReport=%v NotReport=%q, want %q", r.IsReport, r.NotReport, NotAttachmentPage)
				}
			})
		}
	}
	// A document extract cannot read leaves the page as the report's record.
	for _, tm := range templates {
		body := `<p>` + title + `见附件。</p><p><a href="/attachment/nb2023.rar">` + title + `.rar</a></p>`
		if r := ParseHTML([]byte(tm.fn(title, body)), Hint{}); !r.IsReport {
			t.Errorf("%s: page around a .rar: not a report (%s)", tm.name, r.NotReport)
		}
	}
	pages, names, _ := seedPages(t)
	for i, page := range pages {
		withPDF := strings.Replace(page, "</body>", `<p>附件：<a href="/attachment/nb.pdf">年报.pdf</a></p></body>`, 1)
		if r := ParseHTML([]byte(withPDF), Hint{}); !r.IsReport {
			t.Errorf("%s with a PDF link: not a report (%s)", names[i], r.NotReport)
		}
	}
}
