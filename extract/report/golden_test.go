package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

// golden is the hand-verified part of a Result kept in testdata/golden.
type golden struct {
	IsReport     bool                `json:"is_report"`
	NotReport    string              `json:"not_report,omitempty"`
	Title        string              `json:"title"`
	Agency       string              `json:"agency"`
	Publisher    string              `json:"publisher,omitempty"`
	Published    string              `json:"published"`
	PubSource    string              `json:"published_source"`
	Signed       string              `json:"signed,omitempty"`
	Year         int                 `json:"year"`
	Format       string              `json:"format"`
	Headings     []string            `json:"headings"`
	FailedChecks []string            `json:"failed_checks"`
	NumChecks    int                 `json:"num_checks"`
	Fields       map[string]*float64 `json:"fields"`
	Nulls        map[string]string   `json:"nulls"`
	Provenance   map[string]string   `json:"provenance,omitempty"`
	Indicators   map[string]*float64 `json:"indicators,omitempty"`
	IndNulls     map[string]string   `json:"indicator_nulls,omitempty"`
}

func toGolden(r Result) golden {
	g := golden{IsReport: r.IsReport, NotReport: r.NotReport, Title: r.Title, Agency: r.Agency,
		Published: r.Published, PubSource: r.PublishedSource, Signed: r.Signed, Publisher: r.Publisher, Year: r.Year, Format: r.Format, Fields: r.Fields, Nulls: r.Nulls, Provenance: r.Provenance,
		Indicators: r.Indicators, IndNulls: r.IndicatorNulls, NumChecks: len(r.Checks), Headings: []string{}, FailedChecks: []string{}}
	for _, s := range r.Sections {
		g.Headings = append(g.Headings, s.Heading)
	}
	for _, c := range r.Checks {
		if !c.Pass {
			g.FailedChecks = append(g.FailedChecks, c.Name+": "+c.Detail)
		}
	}
	return g
}

func seedName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// checkGolden compares r with testdata/golden/<name>.json, rewriting it
// under -update.
func checkGolden(t *testing.T, name string, r Result) {
	t.Helper()
	got, err := json.MarshalIndent(toGolden(r), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update, then verify by reading the source)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden %s:\n%s", name, path, diffLines(string(want), string(got)))
	}
}

// diffLines lists the lines of got that differ from want (enough to see
// which fields moved).
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			b.WriteString("- " + a + "\n+ " + c + "\n")
		}
	}
	return b.String()
}

func readSeed(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseText_SeedsGolden(t *testing.T) {
	for _, path := range testshared.SeedReports(t) {
		name := seedName(path)
		t.Run(name, func(t *testing.T) {
			r := ParseText(readSeed(t, path), Hint{})
			if !r.IsReport || r.Format != Format2021 {
				t.Fatalf("IsReport=%v (%s) Format=%s", r.IsReport, r.NotReport, r.Format)
			}
			if len(r.Fields) != 200 {
				t.Errorf("%d fields, want all 200 keys of the 2021 form", len(r.Fields))
			}
			for k, v := range r.Fields {
				if v == nil {
					t.Errorf("%s is null (%s); every seed figure is printed", k, r.Nulls[k])
				}
			}
			checkGolden(t, name, r)
		})
	}
}
