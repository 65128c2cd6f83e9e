package report

import (
	"os"
	"path/filepath"
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

var nullReasons = map[string]bool{NullEmpty: true, NullNotApplicable: true, NullUnreadable: true, NullMissing: true}

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
	if validInput && (!utf8.ValidString(r.Text) || !utf8.ValidString(r.Title)) {
		t.Fatalf("invalid UTF-8 out of valid input")
	}
	if r.IsReport != (r.NotReport == "") {
		t.Fatalf("IsReport=%v NotReport=%q", r.IsReport, r.NotReport)
	}
}

func addCorpus(f *testing.F) {
	for _, p := range testshared.SeedReports(f) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, n := range []string{"synthetic_2019.txt", "legacy_2015.txt", "boai_word_trs.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("三、收到和处理政府信息公开申请情况\n本年新收\t1\t2\n四、行政复议\n1 2 3")
	f.Add(`<table><tr><td rowspan="99999" colspan="99999">x</td></tr><tr><td>本年新收</td><td>1</td></tr></table>`)
}

func FuzzParseText(f *testing.F) {
	addCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		checkInvariants(t, ParseText(s, Hint{Title: s}), utf8.ValidString(s))
	})
}

func FuzzParseHTML(f *testing.F) {
	addCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		checkInvariants(t, ParseHTML([]byte(s), Hint{}), utf8.ValidString(s))
	})
}
