package dates

import (
	"testing"
	"unicode/utf8"
)

func TestFirst_Forms(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"发布时间：2022-3-18", "2022-03-18"},
		{"发布时间：2022-03-18 10:20", "2022-03-18"},
		{"2022/3/8", "2022-03-08"},
		{"2022.12.31", "2022-12-31"},
		{"2022年3月18日", "2022-03-18"},
		{"2022 年 3 月 18 日", "2022-03-18"},
		{"２０２２年３月１８日", "2022-03-18"},
		{"２０２２－０３－１８", "2022-03-18"},
		{"二〇二二年三月十八日", "2022-03-18"},
		{"二○二三年十二月三十一日", "2023-12-31"},
		{"二零二四年一月二十日", "2024-01-20"},
		{"二O二一年十月十日", "2021-10-10"},
		{"二〇二四年二月廿八日", "2024-02-28"},
		{"二0二二年3月18日", "2022-03-18"},
		{"落款 2024年1月20日 印发", "2024-01-20"},
		{"2023-2-30", ""},  // not on the calendar
		{"1899-01-01", ""}, // out of range
		{"12022-3-18", ""}, // glued digits
		{"2022-3-189", ""}, // glued digits
		{"2023年度报告", ""},   // a year is not a date
		{"2023年1月", ""},
		{"二〇二二年十三月一日", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, ok := First(tt.in)
		if got := d.String(); got != tt.want || ok != (tt.want != "") {
			t.Errorf("First(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestFindAll_OrderAndOffsets(t *testing.T) {
	s := "统计期限自2022年1月1日起至二〇二二年十二月三十一日止，发布于2023-1-20"
	ms := FindAll(s)
	want := []string{"2022-01-01", "2022-12-31", "2023-01-20"}
	if len(ms) != len(want) {
		t.Fatalf("FindAll = %v, want %v", ms, want)
	}
	f := Fold(s)
	for i, m := range ms {
		if m.String() != want[i] {
			t.Errorf("match %d = %s, want %s", i, m, want[i])
		}
		if _, ok := First(f[m.Start:m.End]); !ok {
			t.Errorf("match %d span %q holds no date", i, f[m.Start:m.End])
		}
	}
}

func TestValue_Metadata(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2022-03-18 10:20:11", "2022-03-18"},
		{"2022-03-18-10:20:11", "2022-03-18"}, // gov.cn firstpublishedtime
		{"2026年09月24日 15:30", "2026-09-24"},
		{"20220318", "2022-03-18"},
		{"D:20240226144123+06'41'", "2024-02-26"},
		{"D:20250225101710", "2025-02-25"},
		{"D:20240226200000Z", "2024-02-27"}, // 20:00 UTC is the next morning in China
		{"D:20240226200000-05'00'", "2024-02-27"},
		{"2024-02-26T08:00:00Z", "2024-02-26"},
		{"2024-02-26T17:30:00Z", "2024-02-27"},
		{"2024-02-26T23:30:00+08:00", "2024-02-26"},
		{"2024-02-26T10:00:00", "2024-02-26"},
		{"  2022/3/8  ", "2022-03-08"},
		{"1647570000", ""}, // a Unix time is not read as a date
		{"D:2022", ""},
		{"无", ""},
	}
	for _, tt := range tests {
		d, ok := Value(tt.in)
		if got := d.String(); got != tt.want || ok != (tt.want != "") {
			t.Errorf("Value(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestNumeralValue(t *testing.T) {
	for in, want := range map[string]int{"三": 3, "十": 10, "十八": 18, "二十": 20, "二十八": 28, "三十一": 31,
		"廿": 20, "卅一": 31, "〇三": 3, "18": 18, "十十": -1, "一二三": -1, "零十": -1} {
		if got := numeralValue(in); got != want {
			t.Errorf("numeralValue(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestDate_Before(t *testing.T) {
	a, b := Date{2022, 3, 18}, Date{2022, 12, 1}
	if !a.Before(b) || b.Before(a) || a.Before(a) {
		t.Errorf("Before wrong for %v, %v", a, b)
	}
}

// FuzzFindAll: any input gives valid dates whose spans hold a date, and
// Value never panics.
func FuzzFindAll(f *testing.F) {
	for _, s := range []string{"2022-3-18", "二〇二二年三月十八日", "D:20240226144123+06'41'", "２０２２年３月１８日",
		"2024-02-26T17:30:00Z", "发布时间：2025-02-18 16:52信息来源：", "廿卅十十年月日", "\xff2022-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fs := Fold(s)
		if utf8.ValidString(s) && !utf8.ValidString(fs) {
			t.Fatalf("Fold made invalid UTF-8 of %q", s)
		}
		for _, m := range FindAll(s) {
			if m.Start < 0 || m.End > len(fs) || m.Start >= m.End {
				t.Fatalf("span %d..%d out of %d", m.Start, m.End, len(fs))
			}
			if valid(m.Year, m.Month, m.Day) != m.Date {
				t.Fatalf("invalid date %v from %q", m.Date, s)
			}
		}
		if d, ok := Value(s); ok != !d.IsZero() || (ok && valid(d.Year, d.Month, d.Day) != d) {
			t.Fatalf("Value(%q) = %v, %v", s, d, ok)
		}
	})
}
