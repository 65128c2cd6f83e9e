package charset

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// pinyinNote matches the jingzhou seed's pinyin annotations; Big5 cannot
// encode tone-marked letters, so the Big5 variant of that seed drops them.
// Neither GBK nor Big5 has U+2002 (en space), which that seed uses: their
// variants carry an ASCII space instead.
var pinyinNote = regexp.MustCompile(`\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)`)

type seedEncoding struct {
	name string
	enc  encoding.Encoding
	want string // canonical name Decide must return
}

var seedEncodings = []seedEncoding{
	{"utf-8", unicode.UTF8, NameUTF8},
	{"gbk", gbk, NameGB18030},
	{"gb18030", gb, NameGB18030},
	{"big5", big5, NameBig5},
}

// seedWrappers wrap a seed in HTML with a declaration that is true, false
// or missing; lie is the label to claim falsely.
var seedWrappers = []struct {
	name        string
	contentType func(label, lie string) string
	head        func(label, lie string) string
}{
	{"header-true", func(l, _ string) string { return "text/html; charset=" + l }, none},
	{"meta-true", none, func(l, _ string) string { return metaCharset(l) }},
	{"meta-after-script", none, func(l, _ string) string { return longScript() + metaEquiv(l) }},
	{"missing", none, none},
	{"header-lie", func(_, lie string) string { return "text/html; charset=" + lie }, none},
	{"meta-lie", none, func(_, lie string) string { return metaCharset(lie) }},
	{"header-latin1", func(_, _ string) string { return "text/html; charset=iso-8859-1" }, none},
	{"header-lie-meta-true", func(_, lie string) string { return "text/html; charset=" + lie }, func(l, _ string) string { return metaEquiv(l) }},
}

func none(_, _ string) string { return "" }

// lieFor picks a false label for an encoding.
func lieFor(name string) string {
	if name == "utf-8" {
		return "gb2312"
	}
	return "utf-8"
}

// TestDecode_SeedsEveryEncoding encodes each seed report in every encoding
// that can represent it, wraps it with true, false and missing declarations
// and requires the decoded page to equal the original exactly.
func TestDecode_SeedsEveryEncoding(t *testing.T) {
	total := 0
	for _, p := range testshared.SeedReports(t) {
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, se := range seedEncodings {
			src := string(text)
			if se.name == "big5" {
				src = pinyinNote.ReplaceAllString(src, "")
			}
			if se.name == "big5" || se.name == "gbk" {
				src = strings.ReplaceAll(src, "\u2002", " ")
			}
			for _, w := range seedWrappers {
				if se.name == "utf-8" && w.name == "header-latin1" {
					continue
				}
				ct := w.contentType(se.name, lieFor(se.name))
				html := tpage(w.head(se.name, lieFor(se.name)), src)
				body, err := se.enc.NewEncoder().Bytes([]byte(html))
				if err != nil {
					continue // not representable (simplified text in Big5)
				}
				total++
				got, d := Decode(body, ct)
				if string(got) != html || d.Name != se.want {
					t.Errorf("%s as %s, %s: decided %+v; text equal = %v", filepath.Base(p), se.name, w.name, d, string(got) == html)
				}
			}
		}
	}
	// 5 seeds in UTF-8 (no latin1 wrapper), GBK and GB18030, and the
	// traditional seed in Big5.
	if want := 5*(len(seedWrappers)-1) + 2*5*len(seedWrappers) + len(seedWrappers); total != want {
		t.Errorf("%d seed fixtures were representable, want %d", total, want)
	}
	t.Logf("%d seed fixtures decoded exactly", total)
}
