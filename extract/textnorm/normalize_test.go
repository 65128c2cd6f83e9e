package textnorm

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/testshared"
)

const jingzhouSeed = "jingzhou-county-2024-traditional-pinyin.txt"

// annotation matches any parenthesised toned syllable after a Han
// character, stripped or not.
var annotation = regexp.MustCompile(`\p{Han}\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)`)

func readSeed(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(testshared.Path(t, "seed-reports", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// traditionalOnly returns the TSCharacters keys whose first candidate
// differs from the key, parsed here independently of the converter.
func traditionalOnly(t *testing.T) map[rune]bool {
	t.Helper()
	out := map[rune]bool{}
	for _, line := range strings.Split(tsCharactersData, "\n") {
		k, v, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		first, _, _ := strings.Cut(v, " ")
		if k != first {
			r, _ := utf8.DecodeRuneInString(k)
			out[r] = true
		}
	}
	if len(out) < 3000 {
		t.Fatalf("only %d traditional characters parsed", len(out))
	}
	return out
}

func TestNormalize_JingzhouBecomesCleanSimplified(t *testing.T) {
	src := readSeed(t, jingzhouSeed)
	if n := len(annotation.FindAllString(src, -1)); n < 200 {
		t.Fatalf("seed has %d annotations; expected the pinyin seed", n)
	}
	got, arts := Normalize(src)
	if want := []string{ArtifactPinyin, ArtifactTraditional}; !reflect.DeepEqual(arts, want) {
		t.Errorf("artifacts = %v, want %v", arts, want)
	}
	if left := annotation.FindAllString(got, -1); len(left) > 0 {
		t.Errorf("pinyin annotations left: %q", left)
	}
	trad := traditionalOnly(t)
	for i, r := range got {
		if trad[r] {
			t.Errorf("traditional character %q left at %d: %q", r, i, got[max(0, i-12):min(len(got), i+12)])
		}
	}
	for _, want := range []string{
		"发布时间", "政务服务", "靖州县2024年政府信息公开工作年度报告", "行政复议", "(一)主动公开情况",
		"第二十条第(一)项", "本年收费金额(单位:万元)", "(国务院令第711号)", "(国办公开办函〔2021〕30号)",
		"信息来源:靖州县政务服务中心", "结转下年办结1件", "严格信息审核发布", "7538.66",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("normalised text lacks %q", want)
		}
	}
	if strings.Count(got, "\n") != strings.Count(src, "\n") || strings.Count(got, "\t") != strings.Count(src, "\t") {
		t.Errorf("layout changed: newlines %d→%d", strings.Count(src, "\n"), strings.Count(got, "\n"))
	}
}

var update = flag.Bool("update", false, "rewrite testdata/jingzhou-normalized.golden")

// TestNormalize_JingzhouGolden pins the whole normalised jingzhou report, so
// a change in the tables or rules shows up as a reviewable diff.
func TestNormalize_JingzhouGolden(t *testing.T) {
	got, _ := Normalize(readSeed(t, jingzhouSeed))
	golden := filepath.Join("testdata", "jingzhou-normalized.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden: %v (run go test -update once)", err)
	}
	if got != string(want) {
		t.Errorf("normalised jingzhou report differs from %s (rerun with -update and review the diff)", golden)
	}
}

func TestNormalize_SimplifiedSeedsUnchanged(t *testing.T) {
	n := 0
	for _, p := range testshared.SeedReports(t) {
		if filepath.Base(p) == jingzhouSeed {
			continue
		}
		n++
		src := readSeed(t, filepath.Base(p))
		got, arts := Normalize(src)
		if got != src || len(arts) != 0 {
			t.Errorf("%s: changed=%v artifacts=%v", filepath.Base(p), got != src, arts)
		}
		if IsMostlyTraditional(src) {
			t.Errorf("%s: IsMostlyTraditional = true", filepath.Base(p))
		}
	}
	if n != 4 {
		t.Errorf("checked %d simplified seeds, want 4", n)
	}
}

func TestNormalize_Idempotent(t *testing.T) {
	for _, p := range testshared.SeedReports(t) {
		once, _ := Normalize(readSeed(t, filepath.Base(p)))
		twice, arts := Normalize(once)
		if twice != once || len(arts) != 0 {
			t.Errorf("%s: second Normalize changed the text (artifacts %v)", filepath.Base(p), arts)
		}
	}
}

func TestNormalize_IdempotentEdgeCases(t *testing.T) {
	for _, s := range []string{
		"發(fà)·¢²¼",     // the annotation sits next to mojibake
		"不可貲計不可貲計",      // a phrase whose OpenCC output keeps 計
		"乾坤(qián)",      // a phrase-kept character before an annotation
		"Ã\u0083Â©tude", // UTF-8 read as Latin-1 twice
		"發(fā)(fā)(fā)", // repeated annotations
	} {
		once, _ := Normalize(s)
		if twice, _ := Normalize(once); twice != once {
			t.Errorf("Normalize not idempotent on %q: %q then %q", s, once, twice)
		}
	}
}

func TestNormalize_Artifacts(t *testing.T) {
	tests := []struct {
		name, in, want string
		arts           []string
	}{
		{"clean", "政府信息公开", "政府信息公开", nil},
		{"pinyin only", "发(fā)布", "发布", []string{ArtifactPinyin}},
		{"traditional", "政府信息公開工作年度報告", "政府信息公开工作年度报告", []string{ArtifactTraditional}},
		{"gbk as cp1252", gbkAsCP1252(t, "政府信息公开工作年度报告"), "政府信息公开工作年度报告", []string{ArtifactMojibake}},
		{"damaged", "政府锟斤拷信息", "政府锟斤拷信息", []string{ArtifactDamaged}},
		{"everything", "發(fā)布時間" + gbkAsCP1252(t, "：政府信息公開年度報告") + "锟斤拷", "发布时间：政府信息公开年度报告锟斤拷",
			[]string{ArtifactMojibake, ArtifactDamaged, ArtifactPinyin, ArtifactTraditional}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, arts := Normalize(tt.in)
			if got != tt.want || !reflect.DeepEqual(arts, tt.arts) {
				t.Errorf("Normalize(%q) = %q %v, want %q %v", tt.in, got, arts, tt.want, tt.arts)
			}
		})
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"發(fā)布時間:2025-02-18", "(一)主動公開情況。(單位:萬元)", "鍙戝竷鏃堕棿", "·¢²¼Ê±¼ä", "å\u008f\u0091å¸\u0083",
		"锟斤拷\uFFFD\uFFFD", "乾坤一擲", "發(fā)(fā)", "x(fa)", "\xff(fā)", "薴(zhù)", "發(fà)·¢²¼", "不可貲計",
	} {
		f.Add(s)
	}
	for i, line := range strings.Split(readSeed(f, jingzhouSeed), "\n") {
		if i%8 == 0 && line != "" {
			f.Add(line)
			f.Add(gbkAsCP1252(f, strings.ReplaceAll(line, "\u2002", " ")))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		once, _ := Normalize(s)
		if !utf8.ValidString(once) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, once)
		}
		if twice, _ := Normalize(once); twice != once {
			t.Fatalf("not idempotent: %q → %q → %q", s, once, twice)
		}
	})
}

func TestClip(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abc", 3, "abc"},
		{"abcdef", 3, "abc"},
		{"年度报告", 6, "年度"},
		{"年度报告", 7, "年度"}, // 7 would split 报
		{"年度报告", 2, ""},
		{"a\xffb", 2, "a\xff"}, // invalid bytes elsewhere are kept
	}
	for _, tt := range tests {
		if got := Clip(tt.s, tt.n); got != tt.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}
