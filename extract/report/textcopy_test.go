package report

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

// TestParseText_RunTogetherAmbiguous: a row with two valid splits is
// unreadable and flagged, never guessed.
func TestParseText_RunTogetherAmbiguous(t *testing.T) {
	seed := seedTexts(t)["boai-county-office-2023.txt"]
	text := strings.Replace(seed, "三、本年度办理结果\t(一) 予以公开\t0\t0\t0\t0\t0\t0\t0", "三、本年度办理结果(一) 予以公开101000011", 1)
	if text == seed {
		t.Skip("seed row layout changed")
	}
	r := ParseText(text, Hint{})
	if r.Fields["app_granted_total"] != nil || r.Nulls["app_granted_total"] != NullUnreadable {
		t.Errorf("app_granted_total = %v (%s), want unreadable", r.Fields["app_granted_total"], r.Nulls["app_granted_total"])
	}
	flagged := false
	for _, c := range r.Checks {
		flagged = flagged || (c.Name == CheckRunTogether && !c.Pass && strings.Contains(c.Detail, "ambiguous"))
	}
	if !flagged {
		t.Errorf("ambiguous row not flagged: %+v", r.Checks)
	}
}

func TestPipeRow(t *testing.T) {
	tests := []struct{ in, want string }{
		{"| 规章 | 0 | 1 | 2 |", "规章\t0\t1\t2"},
		{"|---|:--:|---|", ""},
		{"| a \\| b | 3 |", "a | b\t3"},
		{"规章 | 0", "规章 | 0"},
	}
	for _, tt := range tests {
		if got, _ := pipeRow(tt.in); got != tt.want {
			t.Errorf("pipeRow(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitAppRow(t *testing.T) {
	tests := []struct {
		digits string
		want   []int64
		n      int
	}{
		{"210000021", []int64{21, 0, 0, 0, 0, 0, 21}, 1},
		{"0000000", []int64{0, 0, 0, 0, 0, 0, 0}, 1},
		{"101000011", nil, 2}, // 1|0|10|0|0|0|11 and 10|1|0|0|0|0|11 both add up
		{"123", nil, 0},
	}
	for _, tt := range tests {
		got, n := splitAppRow(tt.digits)
		if n != tt.n || strings.Join(i64s(got), ",") != strings.Join(i64s(tt.want), ",") {
			t.Errorf("splitAppRow(%s) = %v (%d), want %v (%d)", tt.digits, got, n, tt.want, tt.n)
		}
	}
}

func i64s(v []int64) []string {
	var out []string
	for _, x := range v {
		out = append(out, strconv.FormatInt(x, 10))
	}
	return out
}

// seedTexts returns the seed reports' text by name.
func seedTexts(t *testing.T) map[string]string {
	out := map[string]string{}
	for _, p := range testshared.SeedReports(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = string(b)
	}
	return out
}

// TestParseText_MarkdownCopy: a seed report turned into Markdown (its
// table rows as pipe rows under a separator) gives the same figures.
func TestParseText_MarkdownCopy(t *testing.T) {
	for name, seed := range seedTexts(t) {
		want := ParseText(seed, Hint{})
		var b strings.Builder
		for _, ln := range strings.Split(seed, "\n") {
			ln = strings.TrimRight(ln, "\r")
			if !strings.Contains(ln, "\t") {
				b.WriteString(ln + "\n\n")
				continue
			}
			cells := strings.Split(ln, "\t")
			b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
			b.WriteString(strings.Repeat("|---", len(cells)) + "|\n")
		}
		got := ParseText(b.String(), Hint{})
		if diff := diffFields(got, want); diff != "" {
			t.Errorf("%s: %s", name, diff)
		}
	}
}

// TestParseText_RunTogether: a seed report whose section-三 rows have
// their cells run together ("本年新收…数量2100000021") gives the same
// figures where the row total allows one split, and never a wrong one: a
// row with no unique split is unreadable and flagged.
func TestParseText_RunTogether(t *testing.T) {
	total, unique := 0, 0
	for name, seed := range seedTexts(t) {
		want := ParseText(seed, Hint{})
		if want.Format != Format2021 {
			continue
		}
		var b strings.Builder
		joined := 0
		for _, ln := range strings.Split(seed, "\n") {
			cells := strings.Split(strings.TrimRight(ln, "\r"), "\t")
			label, digits := runRow(cells)
			if label != "" && matchRow(foldLabel(label), appPhrases, "") != "" {
				ln = label + digits
				joined++
			}
			b.WriteString(ln + "\n")
		}
		got := ParseText(b.String(), Hint{})
		for k, w := range want.Fields {
			g := got.Fields[k]
			if g != nil && (w == nil || *g != *w) {
				t.Errorf("%s: %s = %v, want %v: a wrong split", name, k, *g, w)
			}
		}
		for _, c := range got.Checks {
			if c.Name == CheckRunTogether {
				total++
				if c.Pass {
					unique++
				}
			}
		}
		t.Logf("%s: %d rows run together", name, joined)
	}
	t.Logf("%d of %d run-together rows split uniquely", unique, total)
	if total == 0 || unique == 0 {
		t.Errorf("%d of %d rows split", unique, total)
	}
}

// runRow returns a row's label and its seven figures run together, or ""
// when the row is not label + seven whole numbers.
func runRow(cells []string) (string, string) {
	var label string
	var nums []string
	for _, c := range cells {
		c = strings.TrimSpace(c)
		switch {
		case c == "":
		case strings.Trim(c, "0123456789") == "":
			nums = append(nums, c)
		case len(nums) == 0:
			label += c
		default:
			return "", ""
		}
	}
	if label == "" || len(nums) != 7 {
		return "", ""
	}
	return label, strings.Join(nums, "")
}

func diffFields(got, want Result) string {
	for k, w := range want.Fields {
		g, ok := got.Fields[k]
		if !ok || (g == nil) != (w == nil) || (g != nil && *g != *w) {
			return k + " differs"
		}
	}
	return ""
}
