package export

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/export/warc"
)

func TestExport_WritesCodebookBeside(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name   string
		opt    Options
		ncols  int
		export string
	}{
		{"r.csv", testOptions(FormatCSV), len(leadColumns()) + len(testColumns()), "csv"},
		{"r.jsonl", testOptions(FormatJSONL), len(leadColumns()) + len(testColumns()), "jsonl"},
		{"r.parquet", testOptions(FormatParquet), len(leadColumns()) + len(testColumns()), "parquet"},
		{"r.zip", testOptions(FormatText), len(leadColumns()) + len(testColumns()), "text"},
		{"p.csv", Options{Format: FormatCSV, Panel: true, Columns: testColumns}, len(PanelColumns(PanelWide, PanelRegion)), "csv-panel-wide"},
	} {
		path := filepath.Join(dir, tc.name)
		sum, err := Export(context.Background(), &fakeSource{gen: genRecord, n: 20}, tc.opt, path)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if want := []string{path, path + ".codebook.md", path + ".codebook.json"}; !slices.Equal(sum.Files, want) {
			t.Errorf("%s: files %v", tc.name, sum.Files)
		}
		st, err := os.Stat(path)
		if err != nil || st.Size() != sum.Bytes || sum.Bytes == 0 {
			t.Errorf("%s: size %v, summary %d bytes (%v)", tc.name, st, sum.Bytes, err)
		}
		var cb Codebook
		b, _ := os.ReadFile(path + ".codebook.json")
		if err := json.Unmarshal(b, &cb); err != nil || len(cb.Columns) != tc.ncols || cb.Export != tc.export {
			t.Errorf("%s: codebook %s with %d columns (%v), want %s with %d", tc.name, cb.Export, len(cb.Columns), err, tc.export, tc.ncols)
		}
		md, _ := os.ReadFile(path + ".codebook.md")
		if strings.Count(string(md), "\n| ") != tc.ncols+1 {
			t.Errorf("%s: markdown has %d table rows, want %d", tc.name, strings.Count(string(md), "\n| ")-1, tc.ncols)
		}
	}
}

func TestWriteCodebookMarkdown_Golden(t *testing.T) {
	cb, err := CodebookFor(testOptions(FormatCSV))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCodebookMarkdown(&buf, cb); err != nil {
		t.Fatal(err)
	}
	golden(t, "codebook.csv.md", buf.Bytes())
}

func TestExport_NoCodebook(t *testing.T) {
	opt := Options{Format: FormatCSV, Columns: func() []Column { return nil }}
	if _, err := Export(context.Background(), &fakeSource{}, opt, filepath.Join(t.TempDir(), "x.csv")); err == nil {
		t.Error("export without a codebook accepted")
	}
}

func TestExport_WARC(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	page := func(i int) string { return "http://www.cdwh.gov.cn/zwgk/zfxxgknb/t2023_" + strconv.Itoa(i) + ".html" }
	var caps []*capture.Capture
	for i := range 60 {
		caps = append(caps, &capture.Capture{URL: page(i), Method: "GET", Status: 200, Proto: "HTTP/1.1",
			Body: []byte("<html>" + page(i%30) + "</html>"), FetchedAt: t0.Add(time.Duration(i) * time.Hour),
			Header: http.Header{"Content-Type": {"text/html; charset=GBK"}}, Kind: "report"})
	}
	caps = append(caps, &capture.Capture{URL: "http://down.gov.cn/", Outcome: capture.OutcomeDNS})
	path := filepath.Join(t.TempDir(), "nianbao.warc.gz")
	sum, err := Export(context.Background(), &fakeSource{captures: caps}, Options{Format: FormatWARC, Columns: testColumns}, path)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Records != 60 || sum.Reasons["no_response:dns_error"] != 1 || sum.Files[1] != CDXJPath(path) {
		t.Errorf("summary %+v", sum)
	}
	checkCDXJ(t, path, 60)
}

func TestExport_WARCFilters(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	var caps []*capture.Capture
	for i, site := range []string{"510107", "510104", "330106", "510107"} {
		caps = append(caps, &capture.Capture{URL: "http://www.s" + strconv.Itoa(i) + ".gov.cn/", Status: 200,
			Body: []byte{byte(i)}, FetchedAt: t0.Add(time.Duration(i) * 24 * time.Hour), SiteCode: site})
	}
	for _, tc := range []struct {
		f    Filter
		want int64
	}{
		{Filter{}, 4}, {Filter{Region: "5101"}, 3}, {Filter{Since: t0.Add(36 * time.Hour)}, 2},
		{Filter{Region: "510107", Since: t0.Add(time.Hour)}, 1}, {Filter{Year: 2022, Province: "x"}, 4},
	} {
		path := filepath.Join(t.TempDir(), "f.warc.gz")
		sum, err := Export(context.Background(), &fakeSource{captures: caps}, Options{Format: FormatWARC, Filter: tc.f}, path)
		if err != nil || sum.Records != tc.want || sum.Skipped != 4-tc.want {
			t.Errorf("filter %+v: %+v %v, want %d records", tc.f, sum, err, tc.want)
		}
	}
}

// checkCDXJ checks that the index is sorted and every line leads to its
// record by seeking in the WARC file.
func checkCDXJ(t *testing.T, path string, n int) {
	idx, err := os.ReadFile(CDXJPath(path))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(idx), "\n"), "\n")
	if len(lines) != n || !slices.IsSorted(lines) {
		t.Fatalf("%d index lines, sorted %v", len(lines), slices.IsSorted(lines))
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	revisits := 0
	for _, line := range lines {
		key, _, fields, err := warc.ParseIndexLine(line)
		if err != nil {
			t.Fatal(err)
		}
		var off, length int64
		json.Unmarshal([]byte(fields["offset"]), &off)
		json.Unmarshal([]byte(fields["length"]), &length)
		rec, err := warc.NewReader(io.NewSectionReader(f, off, length)).Next()
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if rec.Header.Get("WARC-Target-URI") != fields["url"] || warc.SURT(fields["url"]) != key || fields["filename"] != "nianbao.warc.gz" {
			t.Errorf("%s leads to %s", line, rec.Header.Get("WARC-Target-URI"))
		}
		if rec.Type() == warc.TypeRevisit {
			revisits++
		}
	}
	if revisits != 30 {
		t.Errorf("%d revisits, want 30 (bodies repeat every 30 captures)", revisits)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.part")); len(left) > 0 {
		t.Errorf("temporary file(s) left: %v", left)
	}
}
