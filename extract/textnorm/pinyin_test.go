package textnorm

import "testing"

func TestStripPinyin(t *testing.T) {
	tests := []struct {
		name, in, want string
		n              int
	}{
		{"annotation", "發(fā)布", "發布", 1},
		{"several", "政務(wù)服務(wù)", "政務服務", 2},
		{"heteronym tiao", "協調(tiáo)", "協調", 1},
		{"heteronym diao", "調(diào)查", "調查", 1},
		{"heteronym hang", "銀行(háng)", "銀行", 1},
		{"simplified char", "发(fā)布", "发布", 1},
		{"toneless", "發(fa)布", "發布", 1},
		{"tone sandhi", "一(yí)個", "一個", 1},
		{"v for ü", "綠(lv)色", "綠色", 1},
		{"repeated", "發(fā)(fā)布", "發布", 2},
		{"wrong reading kept", "發(shì)布", "發(shì)布", 0},
		{"heading kept", "(一)主動公開", "(一)主動公開", 0},
		{"ordinal after han kept", "第(一)項", "第(一)項", 0},
		{"unit kept", "金額(單位:萬元)", "金額(單位:萬元)", 0},
		{"year kept", "報告(2024)", "報告(2024)", 0},
		{"after latin kept", "abc(fa)", "abc(fa)", 0},
		{"after space kept", "發 (fā)", "發 (fā)", 0},
		{"at start kept", "(fā)布", "(fā)布", 0},
		{"full-width parens kept", "發（fā）布", "發（fā）布", 0},
		{"uppercase kept", "發(FA)布", "發(FA)布", 0},
		{"two syllables kept", "發(fā bù)", "發(fā bù)", 0},
		{"unclosed", "發(fā", "發(fā", 0},
		{"empty parens", "發()", "發()", 0},
		{"long word kept", "發(zhuangzhuang)", "發(zhuangzhuang)", 0},
		{"english word kept", "報告(a)", "報告(a)", 0},
		{"no parens", "政府信息公開", "政府信息公開", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := StripPinyin(tt.in)
			if got != tt.want || n != tt.n {
				t.Errorf("StripPinyin(%q) = %q, %d; want %q, %d", tt.in, got, n, tt.want, tt.n)
			}
		})
	}
}

func TestStripPinyin_JingzhouAnnotationsAreReadings(t *testing.T) {
	src := readSeed(t, jingzhouSeed)
	all := len(annotation.FindAllString(src, -1))
	got, n := StripPinyin(src)
	if n != all {
		t.Errorf("stripped %d of %d annotations; left %q", n, all, annotation.FindAllString(got, 10))
	}
}
