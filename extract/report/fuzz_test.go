package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/testshared"
)

var codebookKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range codebook {
		m[c.Key] = true
	}
	return m
}()

var nullReasons = map[string]bool{NullEmpty: true, NullNotApplicable: true, NullUnreadable: true, NullMissing: true,
	NullApproximate: true}

// checkInvariants holds for every input: keys come from the codebook, a
// null has a reason and a number has none, valid input gives valid text.
func checkInvariants(t *testing.T, r Result, validInput bool) {
	t.Helper()
	for k, v := range r.Fields {
		if !codebookKeys[k] {
			t.Fatalf("field %q not in the codebook", k)
		}
		if reason, ok := r.Nulls[k]; (v == nil) != ok || (ok && !nullReasons[reason]) {
			t.Fatalf("field %s = %v with null reason %q", k, deref(v), reason)
		}
	}
	for k := range r.Nulls {
		if _, ok := r.Fields[k]; !ok {
			t.Fatalf("null reason for absent field %s", k)
		}
	}
	checkIndicators(t, r)
	if validInput && (!utf8.ValidString(r.Text) || !utf8.ValidString(r.Title)) {
		t.Fatalf("invalid UTF-8 out of valid input")
	}
	if r.IsReport != (r.NotReport == "") {
		t.Fatalf("IsReport=%v NotReport=%q", r.IsReport, r.NotReport)
	}
}

// checkIndicators: a report carries every indicator, a null one has a
// reason, a number none; legacy figures have their provenance.
func checkIndicators(t *testing.T, r Result) {
	t.Helper()
	if !r.IsReport {
		return
	}
	for _, k := range IndicatorKeys() {
		v, ok := r.Indicators[k]
		if reason, null := r.IndicatorNulls[k]; !ok || (v == nil) != null || (null && reason == "") {
			t.Fatalf("indicator %s = %v (present %v) with null reason %q", k, deref(v), ok, reason)
		}
	}
	for k, v := range r.Fields {
		if strings.HasPrefix(k, "legacy_") && v != nil && r.Provenance[k] == "" {
			t.Fatalf("legacy figure %s = %v without provenance", k, *v)
		}
	}
}

// addCorpus seeds the fuzzers with the table parts of the seed reports,
// the fixtures' openings and hostile markup; whole reports are too big for
// the mutator to make progress.
func addCorpus(f *testing.F) {
	for _, p := range testshared.SeedReports(f) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		s := string(b)
		if i, j := strings.Index(s, "第二十条"), strings.Index(s, "五、"); i >= 0 && j > i {
			f.Add(s[:min(i, 300)] + s[i:min(j, i+2500)])
		}
	}
	for _, n := range []string{"synthetic_2019.txt", "legacy_2015.txt", "legacy/legacy_2008_table.txt",
		"legacy/legacy_province_2017.txt", "legacy/legacy_prose_2012.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(headOf(string(b), 2500))
	}
	f.Add("三、收到和处理政府信息公开申请情况\n本年新收\t1\t2\n四、行政复议\n1 2 3")
	f.Add(`<table><tr><td rowspan="99999" colspan="99999">x</td></tr><tr><td>本年新收</td><td>1</td></tr></table>`)
	f.Add(`<div class="TRS_Editor"><table><tr><td rowspan=2>三、本年度办理结果</td><td>(一)予以公开</td><td>1</td></tr><tr><td>总计</td><td>/</td></tr></table></div>`)
	f.Add(`<script>window._CONFIG.DETAIL = {"title":"2023年政府信息公开工作年度报告","content":"<p>一、总体情况</p>"};</script>`)
}

func FuzzParseText(f *testing.F) {
	addCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		checkInvariants(t, ParseText(s, Hint{Title: headOf(s, 200)}), utf8.ValidString(s))
	})
}

func FuzzParseHTML(f *testing.F) {
	addCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		checkInvariants(t, ParseHTML([]byte(s), Hint{}), utf8.ValidString(s))
	})
}

// FuzzPrescreen: whatever prescreen rejects, the full parse rejects too
// (prescreen is called directly, so small inputs exercise it).
func FuzzPrescreen(f *testing.F) {
	addCorpus(f)
	f.Add(`<html><head><title>政务公开目录总览</title></head><body><table><tr><td>1</td></tr></table></body></html>`)
	f.Add(`<meta name="ArticleTitle" content="2023年政府信息公开工作年度报告解读"><p>本年新收</p>`)
	f.Fuzz(func(t *testing.T, s string) {
		hint := Hint{AnchorText: headOf(s, 60)}
		r, rejected := prescreen([]byte(s), hint)
		if !rejected {
			return
		}
		checkInvariants(t, r, utf8.ValidString(s))
		if full := parseTree([]byte(s), hint); full.IsReport {
			t.Fatalf("prescreen rejected (%s) a page the full parse takes as a report (title %q)", r.NotReport, full.Title)
		}
	})
}
