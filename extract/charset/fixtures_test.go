package charset

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

var update = flag.Bool("update", false, "rewrite the raw-byte fixtures under testdata/")

const (
	simpText = "靖州县2024年政府信息公开工作年度报告\n发布时间：2025-02-18\n一、总体情况\n" +
		"（一）主动公开情况。全年共发布各类信息3946条，其中政务动态信息927条。\n" +
		"（二）依申请公开情况。共收到依申请公开17件，已办结16件；行政复议1件，结果纠正1件。\n"
	tradText = "靖州縣2024年政府信息公開工作年度報告\n發布時間：2025-02-18\n一、總體情況\n" +
		"（一）主動公開情況。全年共發布各類信息3946條，其中政務動態信息927條。\n" +
		"（二）依申請公開情況。共收到依申請公開17件，已辦結16件；行政復議1件，結果糾正1件。\n"
	fourByteText = "GB18030四字节字符：𠀀𪚥𫝈（扩展B/C区）与䶮、㑮。\n" + simpText
	frenchText   = "Rapport annuel : café, élève, Noël, « guillemets » — 2024.\n"
)

// fixture is one raw-byte test page: how it is made (for -update) and what
// Decide must say about it. The expected decoded text is stored beside the
// raw bytes as NAME.want.
type fixture struct {
	file        string
	contentType string
	make        func() (raw []byte, want string, err error)
	name        string
	method      string
	declared    string
	lying       bool
}

func page(head, text string) string { return pageTitled(head, "年度报告", text) }

// tpage wraps traditional text (Big5 has no 报).
func tpage(head, text string) string { return pageTitled(head, "年度報告", text) }

func pageTitled(head, title, text string) string {
	return "<!DOCTYPE html>\n<html><head>" + head + "<title>" + title + "</title></head>\n<body><div class=\"TRS_Editor\"><pre>" +
		text + "</pre></div></body></html>\n"
}

func metaCharset(l string) string { return `<meta charset="` + l + `">` }
func metaEquiv(l string) string {
	return `<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=` + l + `">`
}

// longScript is 2.5 KB of inline script, the kind TRS pages put before
// their meta.
func longScript() string {
	return "<script type=\"text/javascript\">\n" + strings.Repeat("var countPage = 12; createPageHTML(12, 0, \"index\", \"html\");\n", 45) + "</script>\n"
}

func encoded(enc encoding.Encoding, s string) func() ([]byte, string, error) {
	return func() ([]byte, string, error) {
		b, err := enc.NewEncoder().Bytes([]byte(s))
		return b, s, err
	}
}

func mustEncode(enc encoding.Encoding, s string) []byte {
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		return nil // the fixture then fails to decode to its text
	}
	return b
}

func raw(b []byte, want string) func() ([]byte, string, error) {
	return func() ([]byte, string, error) { return b, want, nil }
}

var (
	gbk  = simplifiedchinese.GBK
	gb   = simplifiedchinese.GB18030
	big5 = traditionalchinese.Big5
)

var fixtures = []fixture{
	{"header-gbk.html", "text/html; charset=GBK", encoded(gbk, page("", simpText)), NameGB18030, MethodHeader, "gbk", false},
	{"meta-only-gb2312.html", "text/html", encoded(gbk, page(metaCharset("gb2312"), simpText)), NameGB18030, MethodMeta, "gb2312", false},
	{"meta-after-script.html", "text/html", encoded(gbk, page(longScript()+metaEquiv("GBK"), simpText)), NameGB18030, MethodMeta, "gbk", false},
	{"undeclared-gbk.html", "", encoded(gbk, page("", simpText)), NameGB18030, MethodScore, "", false},
	{"header-utf8-body-gbk.html", "text/html; charset=utf-8", encoded(gbk, page("", simpText)), NameGB18030, MethodScore, "utf-8", true},
	{"meta-utf8-body-gbk.html", "text/html", encoded(gbk, page(metaCharset("UTF-8"), simpText)), NameGB18030, MethodScore, "utf-8", true},
	{"header-latin1-body-gbk.html", "text/html; charset=ISO-8859-1", encoded(gbk, page("", simpText)), NameGB18030, MethodScore, "iso-8859-1", true},
	{"header-utf8-meta-gbk.html", "text/html;charset=UTF-8", encoded(gbk, page(metaEquiv("gbk"), simpText)), NameGB18030, MethodMeta, "utf-8", true},
	{"gb18030-fourbyte.html", "text/html; charset=gb2312", encoded(gb, page("", fourByteText)), NameGB18030, MethodHeader, "gb2312", false},
	{"gb18030-fourbyte-undeclared.html", "", encoded(gb, page("", fourByteText)), NameGB18030, MethodScore, "", false},
	{"big5-undeclared.html", "text/html", encoded(big5, tpage("", tradText)), NameBig5, MethodScore, "", false},
	{"big5-meta.html", "", encoded(big5, tpage(metaCharset("big5"), tradText)), NameBig5, MethodMeta, "big5", false},
	{"header-gbk-body-big5.html", "text/html; charset=gbk", encoded(big5, tpage("", tradText)), NameBig5, MethodScore, "gbk", true},
	{"header-big5-body-gbk.html", "text/html; charset=big5", encoded(gbk, page("", simpText)), NameGB18030, MethodScore, "big5", true},
	{"utf8-bom.html", "text/html", raw(append([]byte("\xEF\xBB\xBF"), page("", simpText)...), page("", simpText)), NameUTF8, MethodBOM, "", false},
	{"utf16le-bom.html", "text/html; charset=gbk", encoded(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), page("", simpText)), NameUTF16LE, MethodBOM, "gbk", true},
	{"gb18030-bom.html", "", raw(append([]byte{0x84, 0x31, 0x95, 0x33}, mustEncode(gb, page("", simpText))...), page("", simpText)), NameGB18030, MethodBOM, "", false},
	{"utf8-declared-gb2312.html", "text/html; charset=gb2312", raw([]byte(page(metaCharset("gb2312"), simpText)), page(metaCharset("gb2312"), simpText)), NameUTF8, MethodValidUTF8, "gb2312", true},
	{"utf8-one-bad-byte.html", "text/html; charset=utf-8", utf8OneBadByte, NameUTF8, MethodHeader, "utf-8", false},
	{"utf8-one-bad-byte-undeclared.html", "text/html", utf8OneBadByte, NameUTF8, MethodScore, "", false},
	{"utf8-one-bad-byte-declared-gbk.html", "text/html; charset=gbk", utf8OneBadByte, NameUTF8, MethodScore, "gbk", true},
	{"xml-decl-gbk.xml", "application/xml", encoded(gbk, `<?xml version="1.0" encoding="GBK"?>`+"\n<datastore><record><![CDATA["+simpText+"]]></record></datastore>\n"), NameGB18030, MethodMeta, "gbk", false},
	{"windows1252-declared.html", "text/html; charset=iso-8859-1", encoded(charmap.Windows1252, pageTitled("", "Rapport", frenchText)), "windows-1252", MethodHeader, "iso-8859-1", false},
	{"gbk-served-as-octet-stream.html", "application/octet-stream", encoded(gbk, page(metaCharset("gbk"), simpText)), NameGB18030, MethodMeta, "gbk", false},
	{"ascii-declared-gbk.html", "text/html; charset=gbk", raw([]byte(pageTitled("", "report", "annual report 2024")), pageTitled("", "report", "annual report 2024")), NameUTF8, MethodValidUTF8, "gbk", false},
	{"empty.html", "text/html", raw(nil, ""), NameUTF8, MethodValidUTF8, "", false},
	{"report.pdf", "application/pdf", raw([]byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), ""), "", MethodBinary, "", false},
	{"pdf-served-as-html.pdf", "text/html; charset=utf-8", raw([]byte("%PDF-1.4\n%\xC7\xEC\x8F\xA2\n"), ""), "", MethodBinary, "utf-8", false},
}

// utf8OneBadByte is a UTF-8 page declared as such with a single stray byte
// among some 2000 non-ASCII characters: under the ≤0.1% rule, so the
// declaration holds and the byte becomes U+FFFD.
func utf8OneBadByte() ([]byte, string, error) {
	text := strings.Repeat(simpText, 12)
	p := page("", text)
	i := strings.Index(p, "一、")
	b := []byte(p[:i] + "\xFF" + p[i:])
	return b, p[:i] + "\uFFFD" + p[i:], nil
}

func fixturePath(name string) string { return filepath.Join("testdata", name) }

// loadFixture returns the raw bytes and expected text of f, writing them
// first when -update is set.
func loadFixture(t *testing.T, f fixture) ([]byte, string) {
	t.Helper()
	if *update {
		b, want, err := f.make()
		if err != nil {
			t.Fatalf("make fixture %s: %v", f.file, err)
		}
		if err := os.WriteFile(fixturePath(f.file), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fixturePath(f.file+".want"), []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(fixturePath(f.file))
	if err != nil {
		t.Fatalf("read fixture: %v (run go test -update once)", err)
	}
	want, err := os.ReadFile(fixturePath(f.file + ".want"))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return b, string(want)
}
