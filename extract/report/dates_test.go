package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// datedBodies is what the golden file keeps of each page: the bodies and
// dates, nothing else.
type datedBodies struct {
	Title           string `json:"title"`
	Agency          string `json:"agency"`
	Publisher       string `json:"publisher"`
	Published       string `json:"published"`
	PublishedSource string `json:"published_source"`
	Signed          string `json:"signed"`
}

func bodiesOf(r Result) datedBodies {
	return datedBodies{r.Title, r.Agency, r.Publisher, r.Published, r.PublishedSource, r.Signed}
}

// TestDatesAndBodies_Golden parses the pages of testdata/dates (the info
// bars, catalogue tables and metadata of the CMS families, full-width and
// Chinese-numeral dates, broken markup, no date at all) and text with
// listing and document dates, against testdata/golden/dates.json.
func TestDatesAndBodies_Golden(t *testing.T) {
	got := map[string]datedBodies{}
	files, _ := filepath.Glob(filepath.Join("testdata", "dates", "*.html"))
	if len(files) == 0 {
		t.Fatal("no pages in testdata/dates")
	}
	for _, f := range files {
		page, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got[strings.TrimSuffix(filepath.Base(f), ".html")] = bodiesOf(ParseHTML(page, Hint{URL: "http://x.gov.cn/" + filepath.Base(f)}))
	}
	const text = "某县2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n"
	for name, h := range map[string]Hint{
		"text_listing":             {LinkDate: "2024-2-14"},
		"text_listing_over_pdf":    {LinkDate: "2024年2月14日", DocDate: "2024-02-10", DocDateSource: PublishedPDFMetadata},
		"text_pdf_metadata":        {DocDate: "2024-02-10", DocDateSource: PublishedPDFMetadata},
		"text_pdf_before_year":     {DocDate: "2019-05-01", DocDateSource: PublishedPDFMetadata},
		"text_docx_over_signature": {DocDate: "2024-01-22", DocDateSource: PublishedDOCXMetadata},
		"text_listing_unreadable":  {LinkDate: "置顶"},
		"text_source_page":         {LinkDate: "2024-02-20", LinkDateFrom: "page", DocDate: "2024-02-10", DocDateSource: PublishedPDFMetadata},
		"text_signature":           {},
	} {
		body := text
		if strings.Contains(name, "signature") {
			body += "某县人民政府\n2024年1月20日\n"
		}
		got[name] = bodiesOf(ParseText(body, h))
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", "golden", "dates.json")
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update, then check every value by reading the pages)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("dates differ from %s:\n%s", path, diffLines(string(want), string(b)))
	}
}

func TestSignatureOf(t *testing.T) {
	tests := []struct {
		text string
		want signature
	}{
		{"正文\n某县人民政府办公室\n2024年1月20日", signature{"2024-01-20", "某县人民政府办公室"}},
		{"正文\n某镇人民政府 二〇二四年一月二十日", signature{"2024-01-20", "某镇人民政府"}},
		{"正文\n某县人民政府\n二〇二四年一月二十日\n附件：1.统计表\n-2-", signature{"2024-01-20", "某县人民政府"}},
		{"正文\n本报告发布日期：2024年1月20日", signature{}},
		{"正文\n全年共收到申请5件。\n2024年1月20日前办结", signature{}},
		{"正文", signature{}},
	}
	for _, tt := range tests {
		if got := signatureOf(splitLines(tt.text)); got != tt.want {
			t.Errorf("signatureOf(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

func TestScanLabels(t *testing.T) {
	tests := []struct {
		text string
		want labels
	}{
		{"发布时间：2022-3-18 10:20\n来源：某县人民政府办公室\n浏览次数：12", labels{"2022-03-18", "", "某县人民政府办公室"}},
		{"發(fā)布時間:2025-02-18 16:52信息來源:靖州縣政務(wù)服務(wù)中心", labels{"2025-02-18", "", "靖州縣政務服務中心"}},
		{"发布机构：\n某县财政局\n成文日期：\n2022年3月1日\n发布日期：\n2022年3月8日", labels{"2022-03-08", "2022-03-01", "某县财政局"}},
		{"统计时间：2021年1月1日\n更新时间：2023-01-01\n日期：2022/12/30", labels{"2022-12-30", "", ""}},
		{"来源于群众来信。来源：本站", labels{}},
		{"来源：某区政务服务中心发布时间：2023.2.1", labels{"2023-02-01", "", "某区政务服务中心"}},
	}
	for _, tt := range tests {
		if got := scanLabels(tt.text); got != tt.want {
			t.Errorf("scanLabels(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}
