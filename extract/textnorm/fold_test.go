package textnorm

import "testing"

func TestFoldLabel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"（一）予以公开", "(一)予以公开"},
		{"(一) 予以 公开", "(一)予以公开"},
		{"商业 企业", "商业企业"},
		{"结果\u3000维持", "结果维持"},
		{"第二十条第〔一〕项", "第二十条第(一)项"},
		{"【行政复议】", "(行政复议)"},
		{"本年收费金额（单位：万元）", "本年收费金额(单位:万元)"},
		{"不适用—", "不适用-"},
		{"１２３ＡＢＣ", "123ABC"},
		{"法人或其他\n组织\t", "法人或其他组织"},
		{"\u200b总计\ufeff", "总计"},
		{"already-folded", "already-folded"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := FoldLabel(tt.in); got != tt.want {
			t.Errorf("FoldLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFoldLabel(f *testing.F) {
	for _, s := range []string{"（一）予以公开", "商业 企业", "a ¨\u0301", "ﾊﾟ", "\u3000", "〔〕【】：—"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := FoldLabel(s)
		if twice := FoldLabel(once); twice != once {
			t.Fatalf("not idempotent: %q → %q → %q", s, once, twice)
		}
	})
}
