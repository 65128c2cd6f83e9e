package charset

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestIsText(t *testing.T) {
	tests := []struct {
		name, contentType string
		body              string
		want              bool
	}{
		{"html", "text/html; charset=gbk", "<html>", true},
		{"json", "application/json", `{"a":1}`, true},
		{"xml", "application/xml", "<?xml version='1.0'?><a/>", true},
		{"xhtml", "application/xhtml+xml", "<html/>", true},
		{"script", "application/javascript", "var a=1;", true},
		{"pdf magic under html type", "text/html", "%PDF-1.5\n", false},
		{"pdf", "application/pdf", "%PDF-1.5\n", false},
		{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\x03\x04\x14\x00", false},
		{"doc/wps", "application/msword", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", false},
		{"png", "image/png", "\x89PNG\r\n\x1A\n\x00\x00", false},
		{"jpeg untyped", "", "\xFF\xD8\xFF\xE0\x00\x10JFIF", false},
		{"gif", "", "GIF89a\x01\x00", false},
		{"gzip", "text/html", "\x1F\x8B\x08\x00", false},
		{"html served as octet-stream", "application/octet-stream", "  <!DOCTYPE html><html>", true},
		{"binary served as octet-stream", "application/octet-stream", "\x00\x01\x02", false},
		{"untyped text", "", "政府信息公开", true},
		{"untyped NUL bytes", "", "abc\x00\x00def", false},
		{"utf-16 with BOM", "", "\xFF\xFEa\x00b\x00", true},
		{"broken content type", "text/html;;charset", "<p>", true},
		{"empty", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsText(tt.contentType, []byte(tt.body)); got != tt.want {
				t.Errorf("IsText(%q, %q) = %v, want %v", tt.contentType, tt.body, got, tt.want)
			}
		})
	}
}

func TestHeaderLabel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"text/html; charset=GBK", "gbk"},
		{`text/html; charset="gb2312"`, "gb2312"},
		{"text/html;charset=UTF-8", "utf-8"},
		{"text/html", ""},
		{"", ""},
		{"text/html; charset=gbk; charset=utf-8", "gbk"}, // duplicate params fail mime parsing
		{"text/html;; charset = big5", "big5"},
	}
	for _, tt := range tests {
		if got := headerLabel(tt.in); got != tt.want {
			t.Errorf("headerLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMetaLabel(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"charset", `<head><meta charset="gb2312">`, "gb2312"},
		{"unquoted", `<META CHARSET=GBK>`, "gbk"},
		{"http-equiv", `<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />`, "gb2312"},
		{"content first", `<meta content='text/html;charset=big5' http-equiv='content-type'>`, "big5"},
		{"other metas first", `<meta name="ArticleTitle" content="2023年报告"><meta name="PubDate" content="2024-01-20"><meta charset="utf-8">`, "utf-8"},
		{"keywords mention charset", `<meta name="keywords" content="charset=gbk 年报"><meta charset="big5">`, "big5"},
		{"xml declaration", `<?xml version="1.0" encoding="GBK"?><a/>`, "gbk"},
		{"metadata tag is not meta", `<metadata charset="gbk">`, ""},
		{"unterminated", `<meta charset="gbk`, "gbk"},
		{"none", `<html><head><title>x</title>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := metaLabel([]byte(tt.in)); got != tt.want {
				t.Errorf("metaLabel(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	tests := []struct{ label, want string }{
		{"gb2312", NameGB18030}, {"gbk", NameGB18030}, {"x-gbk", NameGB18030}, {"gb18030", NameGB18030},
		{"cp936", NameGB18030}, {"euc-cn", NameGB18030}, {"hz-gb-2312", NameGB18030}, {"gb-18030", NameGB18030},
		{"big5", NameBig5}, {"big5-hkscs", NameBig5}, {"utf-8", NameUTF8}, {"utf8", NameUTF8},
		{"iso-8859-1", "windows-1252"}, {"latin1", "windows-1252"}, {"shift_jis", "shift_jis"},
		{"nonsense", ""},
	}
	for _, tt := range tests {
		_, got, ok := resolve(tt.label)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("resolve(%q) = %q, %v; want %q", tt.label, got, ok, tt.want)
		}
	}
}

func TestIsCommonHan(t *testing.T) {
	for _, r := range "的是政府信息公开报告發布報告縣區" {
		if !IsCommonHan(r) {
			t.Errorf("IsCommonHan(%q) = false", r)
		}
	}
	for _, r := range "鍙戝竷锟斤拷a1，" {
		if IsCommonHan(r) {
			t.Errorf("IsCommonHan(%q) = true", r)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, fx := range fixtures {
		if b, err := os.ReadFile(fixturePath(fx.file)); err == nil {
			f.Add(b, fx.contentType)
		}
	}
	f.Add([]byte("\xEF\xBB\xBF\xFF"), "text/html; charset=utf-16")
	f.Add([]byte("\xFF\xFE\x00"), "")
	f.Add([]byte("<meta charset=\"x\xff\">\x81"), "text/html; charset=\x81")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		out, d := Decode(body, contentType)
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 out for %q (%+v)", body, d)
		}
		if d.Method == "" || (d.Name == "") != (d.Method == MethodBinary) {
			t.Fatalf("inconsistent decision %+v", d)
		}
	})
}

func TestDecodeAll_GrowsBuffer(t *testing.T) {
	// Invalid bytes become three-byte U+FFFD: more than the initial 1.5×.
	body := bytes.Repeat([]byte{0xFF}, 1000)
	out, err := decodeAll(gb.NewDecoder(), body)
	if err != nil || string(out) != strings.Repeat("\uFFFD", 1000) {
		t.Fatalf("decodeAll = %d bytes, %v", len(out), err)
	}
}

func TestDecide_SmallBodies(t *testing.T) {
	tests := []struct {
		name, body   string
		want, method string
		text         string
	}{
		{"gbk two characters", "\xc4\xea\xb6\xc8", NameGB18030, MethodScore, "年度"},
		{"big5 two characters", "\xa6\x7e\xab\xd7", NameBig5, MethodScore, "年度"},
		{"big5 one character", "\xa4\xa4", NameBig5, MethodScore, "中"},
		{"gbk one character", "\xd6\xd0", NameGB18030, MethodScore, "中"},
		{"latin-1 prose goes to chardet", "Rapport annuel : caf\xe9, \xe9l\xe8ve, No\xebl", "windows-1252", MethodChardet, "Rapport annuel : café, élève, Noël"},
		{"garbage falls back", "\xff\xff\xff abc", NameGB18030, MethodFallback, "\uFFFD\uFFFD\uFFFD abc"},
		{"lone lead byte falls back", "abc\x81", NameGB18030, MethodFallback, "abc\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, d := Decode([]byte(tt.body), "")
			if d.Name != tt.want || d.Method != tt.method || string(out) != tt.text {
				t.Errorf("Decode(%q) = %q, %+v; want %q via %s: %q", tt.body, out, d, tt.want, tt.method, tt.text)
			}
		})
	}
}
