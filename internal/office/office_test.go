package office

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/report"
	"github.com/nianbao/nianbao/internal/testshared"
)

// need skips (outside CI) or fails (in CI) when a program is missing.
func need(t testing.TB, tools ...string) {
	t.Helper()
	testshared.NeedTools(t, tools...)
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "extract", "testdata", "office", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// converted caches conversions within one test run: each fixture is
// converted once, however many tests read it.
var converted sync.Map // name → *conversion

type conversion struct {
	once  sync.Once
	html  []byte
	stats Stats
	err   error
}

var shared = &Converter{Slots: 2, Timeout: 5 * time.Minute}

func convert(t testing.TB, name, kind string) ([]byte, Stats) {
	t.Helper()
	v, _ := converted.LoadOrStore(name, &conversion{})
	c := v.(*conversion)
	c.once.Do(func() { c.html, c.stats, c.err = shared.ToHTML(context.Background(), fixture(t, name), kind) })
	if c.err != nil {
		t.Fatalf("convert %s: %v", name, c.err)
	}
	return c.html, c.stats
}

func TestMain(m *testing.M) {
	code := m.Run()
	shared.Close()
	os.Exit(code)
}

// TestToHTML_Fixtures converts the LibreOffice-made versions of a seed
// report back to HTML and requires every figure of the page they were
// made from (tables intact, through the real extract parser).
func TestToHTML_Fixtures(t *testing.T) {
	need(t, "soffice")
	page, err := os.ReadFile(filepath.Join("..", "..", "extract", "report", "testdata", "boai_word_trs.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := report.ParseHTML(page, report.Hint{})
	for _, tt := range []struct{ file, url string }{
		{"boai.doc", "http://x.gov.cn/a.doc"}, {"boai.doc", "http://x.gov.cn/a.wps"},
		{"boai.rtf", "http://x.gov.cn/a.doc"}, {"boai.xls", "http://x.gov.cn/a.et"},
	} {
		t.Run(tt.file+"_as_"+filepath.Ext(tt.url), func(t *testing.T) {
			t.Parallel()
			p := extract.Parser{Office: func(body []byte, kind string) (extract.OfficeDoc, error) {
				html, st := convert(t, tt.file, kind)
				t.Logf("%s: %s %v, peak RSS %d MB", tt.file, st.Tool, st.Elapsed.Round(time.Millisecond), st.MaxRSSKB>>10)
				return extract.OfficeDoc{HTML: html, Tool: st.Tool}, nil
			}}
			rec, ok, err := p.Extract(extract.Input{URL: tt.url, Body: fixture(t, tt.file)})
			if err != nil || !ok {
				t.Fatalf("ok=%v err=%v", ok, err)
			}
			diff := 0
			for k, w := range want.Fields {
				if g := rec.Fields[k]; (g == nil) != (w == nil) || (g != nil && *g != *w) {
					diff++
					t.Errorf("%s = %v, want %v", k, g, w)
				}
			}
			if diff > 0 || rec.Year != want.Year || rec.TextSource != extract.SourceOffice {
				t.Errorf("%d of %d fields differ; year %d; source %q", diff, len(want.Fields), rec.Year, rec.TextSource)
			}
		})
	}
}

// TestCatdoc_Fixture measures the fallback's fidelity: catdoc loses merged
// cells, so it must still read the report and most of its figures.
func TestCatdoc_Fixture(t *testing.T) {
	need(t, "catdoc")
	page, err := os.ReadFile(filepath.Join("..", "..", "extract", "report", "testdata", "boai_word_trs.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := report.ParseHTML(page, report.Hint{})
	text, st, err := shared.WordText(context.Background(), fixture(t, "boai.doc"))
	if err != nil {
		t.Fatal(err)
	}
	res := report.ParseText(text, report.Hint{})
	if !res.IsReport || res.Year != want.Year {
		t.Fatalf("catdoc text: report=%v year=%d", res.IsReport, res.Year)
	}
	same := 0
	for k, w := range want.Fields {
		if g := res.Fields[k]; (g == nil) == (w == nil) && (g == nil || *g == *w) {
			same++
		}
	}
	t.Logf("catdoc %v: %d of %d fields equal", st.Elapsed, same, len(want.Fields))
	if same < len(want.Fields)*9/10 {
		t.Errorf("catdoc: only %d of %d fields equal", same, len(want.Fields))
	}
}

func TestToHTML_Bad(t *testing.T) {
	need(t, "soffice")
	c := &Converter{Timeout: 2 * time.Minute}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, _, err := c.ToHTML(ctx, fixture(t, "boai.doc"), "doc"); err == nil {
		t.Error("cancelled conversion succeeded")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("cancellation took %v", d)
	}
	missing := &Converter{Soffice: "no-such-soffice-binary"}
	defer missing.Close()
	_, _, err := missing.ToHTML(context.Background(), []byte("x"), "doc")
	var me *extract.ToolMissingError
	if !errors.As(err, &me) || me.Tool != "no-such-soffice-binary" {
		t.Errorf("missing binary: err = %v", err)
	}
}
