package textnorm

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/extract/charset"
	"github.com/nianbao/nianbao/internal/testshared"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// benchPage is one seed wrapped as the HTML page a county site would serve.
type benchPage struct {
	name, contentType string
	body              []byte
}

func wrapHTML(title, text string) string {
	return "<!DOCTYPE html>\n<html><head><meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\"><title>" + title +
		"</title>\n<script>var countPage = 1;</script></head>\n<body><div class=\"TRS_Editor\">\n" + text + "\n</div></body></html>\n"
}

var pinyinAnnotation = regexp.MustCompile(`\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)`)

func benchPages(b testing.TB) []benchPage {
	var pages []benchPage
	add := func(name, ct string, enc encoding.Encoding, html string) {
		body, err := enc.NewEncoder().Bytes([]byte(html))
		if err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		pages = append(pages, benchPage{name, ct, body})
	}
	for _, p := range testshared.SeedReports(b) {
		text := readSeed(b, filepath.Base(p))
		if filepath.Base(p) != jingzhouSeed {
			add("gbk/"+filepath.Base(p), "text/html; charset=gbk", simplifiedchinese.GBK, wrapHTML("年度报告", text))
			continue
		}
		add("traditional-pinyin-gb18030/"+filepath.Base(p), "text/html", simplifiedchinese.GB18030, wrapHTML("年度報告", text))
		big5Text := strings.ReplaceAll(pinyinAnnotation.ReplaceAllString(text, ""), "\u2002", " ")
		add("traditional-big5/"+filepath.Base(p), "text/html", traditionalchinese.Big5, wrapHTML("年度報告", big5Text))
	}
	return pages
}

// BenchmarkDecodeNormalize measures charset decision + decoding + text
// normalisation per seed page, in MB/s of raw page bytes; MB/cpu-s is the
// same per second of CPU time used (GC included), stable on a busy machine.
func BenchmarkDecodeNormalize(b *testing.B) {
	for _, p := range benchPages(b) {
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(int64(len(p.body)))
			b.ReportAllocs()
			cpu0, n := processCPU(), 0
			for b.Loop() {
				out, _ := charset.Decode(p.body, p.contentType)
				Normalize(string(out))
				n++
			}
			if cpu := processCPU() - cpu0; cpu > 0 {
				b.ReportMetric(float64(n*len(p.body))/1e6/cpu.Seconds(), "MB/cpu-s")
			}
		})
	}
}

// TestDecodeNormalize_BenchPages checks that the benchmark's pages, whatever
// their encoding, come out as the same clean simplified text.
func TestDecodeNormalize_BenchPages(t *testing.T) {
	for _, p := range benchPages(t) {
		out, d := charset.Decode(p.body, p.contentType)
		text, _ := Normalize(string(out))
		if d.Method == charset.MethodFallback || !strings.Contains(text, "年度报告") || !strings.Contains(text, "行政复议") {
			t.Errorf("%s: decided %+v; title or 行政复议 missing", p.name, d)
		}
		if strings.HasPrefix(p.name, "traditional") && !strings.Contains(text, "靖州县2024年政府信息公开工作年度报告") {
			t.Errorf("%s: simplified title missing", p.name)
		}
	}
}
