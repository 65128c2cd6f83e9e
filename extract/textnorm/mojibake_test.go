package textnorm

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// misread encodes s with enc and decodes the bytes with dec, the way a
// wrong charset decision does.
func misread(t testing.TB, s string, enc, dec encoding.Encoding) string {
	t.Helper()
	b, err := enc.NewEncoder().String(s)
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	out, err := dec.NewDecoder().String(b)
	if err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	return out
}

func gbkAsCP1252(t testing.TB, s string) string {
	return misread(t, s, simplifiedchinese.GBK, charmap.Windows1252)
}

var reportPhrases = []string{
	"发布时间",
	"政府信息公开工作年度报告",
	"行政复议",
	"（一）予以公开",
	"三、收到和处理政府信息公开申请情况",
	"2023年，博爱县始终坚持以习近平新时代中国特色社会主义思想为指导。",
	"本年收费金额（单位：万元）\t7538.66",
	"一、本年新收政府信息公开申请数量\t17\t0\t0\t0\t0\t0\t17",
}

func TestRepairMojibake_GBKReadAsLatin(t *testing.T) {
	for _, dec := range []encoding.Encoding{charmap.Windows1252, charmap.ISO8859_1} {
		for _, p := range reportPhrases {
			in := misread(t, p, simplifiedchinese.GBK, dec)
			got, arts := RepairMojibake(in)
			if got != p || !reflect.DeepEqual(arts, []string{ArtifactMojibake}) {
				t.Errorf("RepairMojibake(%q) = %q %v, want %q", in, got, arts, p)
			}
		}
	}
	if got, _ := RepairMojibake("·¢²¼"); got != "发布" {
		t.Errorf("RepairMojibake(·¢²¼) = %q, want 发布", got)
	}
}

func TestRepairMojibake_UTF8ReadAsLatin(t *testing.T) {
	for _, p := range reportPhrases {
		in := misread(t, p, encoding.Nop, charmap.ISO8859_1)
		got, arts := RepairMojibake(in)
		if got != p || !reflect.DeepEqual(arts, []string{ArtifactMojibake}) {
			t.Errorf("RepairMojibake(%q) = %q %v, want %q", in, got, arts, p)
		}
	}
}

func TestRepairMojibake_UTF8ReadAsGBK(t *testing.T) {
	tests := []struct {
		name, utf8 string
		want       string
		arts       []string
	}{
		{"even", "发布时间", "发布时间", []string{ArtifactMojibake}},
		{"phrase", "政务服务年度报告", "政务服务年度报告", []string{ArtifactMojibake}},
		// 公开 spans AC E5, a user-defined GBK code the decoder turned into
		// one U+FFFD: two bytes of two characters are gone.
		{"lost user-defined code", "政府信息公开工作年度报告", "政府信息\uFFFD工作年度报告", []string{ArtifactMojibake, ArtifactDamaged}},
		// 3 hanzi = 9 bytes: the last byte pairs with ':' and is lost.
		{"odd before ascii", "发布时:2025", "发布\uFFFD:2025", []string{ArtifactMojibake, ArtifactDamaged}},
		// the stray byte pairs with 'A' into one GBK character: nothing lost.
		{"odd before letter", "行政复A", "行政复A", []string{ArtifactMojibake}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := misread(t, tt.utf8, encoding.Nop, simplifiedchinese.GBK)
			if in == tt.utf8 {
				t.Fatal("misreading changed nothing")
			}
			got, arts := RepairMojibake(in)
			if got != tt.want || !reflect.DeepEqual(arts, tt.arts) {
				t.Errorf("RepairMojibake(%q) = %q %v, want %q %v", in, got, arts, tt.want, tt.arts)
			}
		})
	}
	if got, _ := RepairMojibake("鍙戝竷"); got != "发布" {
		t.Errorf("RepairMojibake(鍙戝竷) = %q, want 发布", got)
	}
}

func TestRepairMojibake_LeavesCleanTextAlone(t *testing.T) {
	for _, s := range []string{
		"政府信息公开工作年度报告", "café au lait, naïve", "面积×100%", "阿卜杜拉·买买提", "温度 25°C ±1",
		"發(fā)布 政務(wù)服務(wù) 調(diào)整(zhèng)", "Müller – « citation » — 2024", "锟", "生僻字：龘靐齉爩",
		readSeed(t, "boai-county-office-2023.txt"), readSeed(t, jingzhouSeed),
	} {
		got, arts := RepairMojibake(s)
		if got != s || len(arts) != 0 {
			t.Errorf("RepairMojibake(%.60q) = %.60q %v", s, got, arts)
		}
	}
}

func TestRepairMojibake_Damaged(t *testing.T) {
	tests := []struct {
		in      string
		damaged bool
	}{
		{"锟斤拷锟斤拷年度报告", true},
		{"政府\uFFFD\uFFFD\uFFFD信息", true},
		{"政府\uFFFD信息", true}, // one in eight characters is a flood
		{strings.Repeat("政府信息公开", 200) + "\uFFFD", false},
		{"政府信息公开", false},
	}
	for _, tt := range tests {
		got, arts := RepairMojibake(tt.in)
		if got != tt.in {
			t.Errorf("damaged text was changed: %.40q", got)
		}
		if isD := reflect.DeepEqual(arts, []string{ArtifactDamaged}); isD != tt.damaged {
			t.Errorf("RepairMojibake(%.40q) artifacts = %v, want damaged=%v", tt.in, arts, tt.damaged)
		}
	}
}
