package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
)

func TestWrite_CSV_QuotesNastyTitles(t *testing.T) {
	titles := []string{
		`成都市武侯区人民政府2022年政府信息公开工作年度报告`,
		`标题,带逗号，和全角逗号`,
		`他说"年报"很重要`,
		"换行\n第二行",
		"回车换行\r\n第二行",
		`=HYPERLINK("http://evil")`,
		"\t制表符开头",
		" 空格首尾 ",
		`""`,
		"",
	}
	src := &fakeSource{}
	for i, title := range titles {
		r := genRecord(i)
		r.Title = title
		src.records = append(src.records, r)
	}
	var buf bytes.Buffer
	sum, err := Write(context.Background(), src, testOptions(FormatCSV), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Records != int64(len(titles)) || sum.Bytes != int64(buf.Len()) {
		t.Errorf("summary %+v, want %d records and %d bytes", sum, len(titles), buf.Len())
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("reading back: %v", err)
	}
	if want := csvHeader(testColumns()); !slices.Equal(rows[0], want) {
		t.Fatalf("header %v, want %v", rows[0], want)
	}
	for i, title := range titles {
		// encoding/csv reads \r\n inside a quoted field back as \n.
		if got, want := rows[i+1][2], strings.ReplaceAll(title, "\r\n", "\n"); got != want {
			t.Errorf("row %d title %q, want %q", i, got, want)
		}
	}
}

func TestWrite_CSV_Cells(t *testing.T) {
	r := genRecord(3)
	r.Fields["app_new_total"] = num(12)
	r.Fields["art20_fees_wan_yuan"] = num(7538.66)
	r.Fields["review_total"] = nil
	r.Fields["app_partial_total"] = num(0)
	delete(r.Fields, "suit_direct_total")
	r.Checks = []extract.Check{{Name: "a", Pass: false}, {Name: "b", Pass: true}, {Name: "c", Pass: false}}
	r.Artifacts = []string{"gbk", "lying_charset"}
	r.Year = 0
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &fakeSource{records: []*extract.Record{r}}, testOptions(FormatCSV), &buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cell := map[string]string{}
	for i, k := range rows[0] {
		cell[k] = rows[1][i]
	}
	for key, want := range map[string]string{
		"app_new_total": "12", "art20_fees_wan_yuan": "7538.66", "review_total": "",
		"app_partial_total": "0", "suit_direct_total": "", "failed_checks": "a;c",
		"artifacts": "gbk;lying_charset", "year": "", "official": "false",
		"fetched_at": "2026-11-01T08:03:00Z", "published": "2023-03-04", "region_code": "120101",
	} {
		if cell[key] != want {
			t.Errorf("%s = %q, want %q", key, cell[key], want)
		}
	}
}

func TestWrite_CSV_BOM(t *testing.T) {
	for _, tc := range []struct {
		bom  bool
		want string
	}{{true, "\xef\xbb\xbfurl,"}, {false, "url,"}} {
		opt := testOptions(FormatCSV)
		opt.BOM = tc.bom
		var buf bytes.Buffer
		if _, err := Write(context.Background(), &fakeSource{gen: genRecord, n: 2}, opt, &buf); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(buf.String(), tc.want) {
			t.Errorf("bom=%v: starts %q, want %q", tc.bom, buf.String()[:8], tc.want)
		}
	}
}

func TestWrite_CSV_Golden(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &fakeSource{gen: genRecord, n: 4}, testOptions(FormatCSV), &buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "records.csv", buf.Bytes())
}

func TestWrite_InvalidUTF8Replaced(t *testing.T) {
	r := genRecord(0)
	r.Title, r.Agency = "年报\xff\xfe", "\xc3"
	for _, format := range []string{FormatCSV, FormatParquet} {
		var buf bytes.Buffer
		if _, err := Write(context.Background(), &fakeSource{records: []*extract.Record{r}}, testOptions(format), &buf); err != nil {
			t.Fatal(err)
		}
		if format == FormatCSV && (!utf8.Valid(buf.Bytes()) || !strings.Contains(buf.String(), "年报\uFFFD,2019,\uFFFD,")) {
			t.Errorf("csv: invalid UTF-8 kept: %q", buf.String()[:400])
		}
		if format == FormatParquet {
			_, rows := readParquet(t, buf.Bytes())
			if got := rows[0][2].String(); got != "年报\uFFFD" {
				t.Errorf("parquet title %q", got)
			}
		}
	}
}
