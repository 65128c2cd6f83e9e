package extract

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/report"
)

// TestRelabel: a misread table label is taken for the form's label only
// when that one is close and the only one so close; prose, figures, short
// and exact labels are left alone.
func TestRelabel(t *testing.T) {
	tests := []struct {
		name, in, want string
		done           []string
	}{
		{"one ideograph misread", "行政处昼\t2776", "行政处罚\t2776", []string{"行政处昼→行政处罚"}},
		{"numbered row", "8.属于行政得询事项\t0\t0\t0", "8.属于行政查询事项\t0\t0\t0", []string{"8.属于行政得询事项→8.属于行政查询事项"}},
		{"group and row cells", "（三）不子公开\t1.属于国家秘密\t0", "（三）不予公开\t1.属于国家秘密\t0", []string{"（三）不子公开→（三）不予公开"}},
		{"exact label", "行政处罚\t5", "行政处罚\t5", nil},
		{"two labels as near", "行政强罚\t5", "行政强罚\t5", nil},
		{"too short to judge", "规草\t3\t0\t8", "规草\t3\t0\t8", nil},
		{"too far", "行政处分决定\t5", "行政处分决定\t5", nil},
		{"figures untouched", "行政许可\t9487\t9O", "行政许可\t9487\t9O", nil},
		{"prose line", "行政处昼案件共计5件", "行政处昼案件共计5件", nil},
		{"not a label at all", "政府信息公开工作\t1", "政府信息公开工作\t1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, done := relabel(tt.in)
			if got != tt.want || !slices.Equal(done, tt.done) {
				t.Errorf("relabel(%q) = %q %q, want %q %q", tt.in, got, done, tt.want, tt.done)
			}
		})
	}
}

// TestFormLabels: the vocabulary holds the printed labels of both
// formats, without units and variant notes.
func TestFormLabels(t *testing.T) {
	for _, l := range []string{"行政处罚", "8.属于行政查询事项", "本年处理决定数量", "处理决定数量", "未经复议直接起诉", "法人或其他组织", "本年新制作数量"} {
		if _, ok := formLabels[l]; !ok {
			t.Errorf("%q not in the vocabulary", l)
		}
	}
	for l := range formLabels {
		if l != "" && (l[len(l)-1] == ')' || containsAny(l, "（件）", "2019：")) {
			t.Errorf("label %q keeps layout decoration", l)
		}
	}
	if len(report.Tables(report.Format2021)) == 0 {
		t.Fatal("no tables")
	}
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if len(sub) > 0 && len(s) >= len(sub) {
			for i := 0; i+len(sub) <= len(s); i++ {
				if s[i:i+len(sub)] == sub {
					return true
				}
			}
		}
	}
	return false
}

// FuzzRelabel: no panic; valid UTF-8 stays valid; lines, cells and every
// cell that is not replaced stay as they were; a second pass changes
// nothing.
func FuzzRelabel(f *testing.F) {
	f.Add("行政处昼\t2776\n8.属于行政得询事项\t0\t0")
	f.Add("（三）不子公开\t1.属于国家秘密\t0\n行政强罚\t5")
	f.Add("\t\t\n\xff行政\t")
	f.Fuzz(func(t *testing.T, text string) {
		got, done := relabel(text)
		if utf8.ValidString(text) && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 from %q", text)
		}
		in, out := strings.Split(text, "\n"), strings.Split(got, "\n")
		if len(in) != len(out) {
			t.Fatalf("%d lines became %d", len(in), len(out))
		}
		changed := 0
		for i := range in {
			a, b := strings.Split(in[i], "\t"), strings.Split(out[i], "\t")
			if len(a) != len(b) {
				t.Fatalf("line %d: %d cells became %d", i, len(a), len(b))
			}
			for j := range a {
				if a[j] != b[j] {
					changed++
					if _, ok := formLabels[b[j]]; !ok {
						t.Fatalf("cell %q replaced by %q, not a label of the form", a[j], b[j])
					}
				}
			}
		}
		if changed != len(done) {
			t.Fatalf("%d cells changed, %d listed", changed, len(done))
		}
		if again, more := relabel(got); again != got || len(more) > 0 {
			t.Fatalf("second pass changed %q to %q", got, again)
		}
	})
}
