package textnorm

import "testing"

func TestToSimplified(t *testing.T) {
	tests := []struct {
		name, in, want string
		n              int
	}{
		{"characters", "政府信息公開工作年度報告", "政府信息公开工作年度报告", 2},
		{"phrase beats characters", "一目瞭然", "一目了然", 1},
		{"phrase keeps a character", "乾坤", "乾坤", 0},
		{"longest phrase", "乾坤一擲", "乾坤一掷", 1},
		{"first candidate", "乾燥", "干燥", 1},
		{"hair and issue", "髮型發展", "发型发展", 2},
		{"chain resolved", "薴", "苎", 1},
		{"layout kept", "第一\t縣\n區", "第一\t县\n区", 2},
		{"latin untouched", "report 2024 (fā)", "report 2024 (fā)", 0},
		{"simplified untouched", "发布时间", "发布时间", 0},
		{"empty", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := ToSimplified(tt.in)
			if got != tt.want || n != tt.n {
				t.Errorf("ToSimplified(%q) = %q, %d; want %q, %d", tt.in, got, n, tt.want, tt.n)
			}
		})
	}
}

func TestIsMostlyTraditional(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"政府信息公開工作年度報告", true},
		{"靖州縣2024年政府信息公開", true},
		{"政府信息公开工作年度报告", false},
		{"发布时间：乾隆年间", false},        // simplified text with one traditional-only character
		{"报告说明：引用台灣「國語」的写法", false}, // a quotation in simplified text
		{"報", false}, // one character is no evidence
		{"report", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsMostlyTraditional(tt.in); got != tt.want {
			t.Errorf("IsMostlyTraditional(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTables(t *testing.T) {
	tb := tables()
	if len(tb.chars) < 3000 || len(tb.phrases) < 400 || tb.maxPhrase < 5 {
		t.Fatalf("tables too small: %d chars, %d phrases, max %d", len(tb.chars), len(tb.phrases), tb.maxPhrase)
	}
	for s, d := range tb.chars {
		if next, ok := tb.chars[d]; ok {
			t.Errorf("chain left: %q → %q → %q", s, d, next)
		}
	}
}
