package discover

import (
	"net/url"
	"testing"
)

func TestScope_PlatformAndWiden(t *testing.T) {
	must := func(s string) *url.URL {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	base := NewScope("http://www.xinxian.gov.cn/", nil)
	plat := base.WithPlatformPath(must("http://www.zj.gov.cn/col/col1550/index.html"))
	moved := base.Widen("https://www.newname.gov.cn/index.html")
	onPlat := base.Widen("https://www.zj.gov.cn/col/col1550/index.html")
	tests := []struct {
		name string
		s    *Scope
		link string
		ok   bool
	}{
		{"https and www of the seed", base, "https://xinxian.gov.cn/a.html", true},
		{"platform column admitted", plat, "http://www.zj.gov.cn/col/col1550/index_2.html", true},
		{"its Hanweb articles", plat, "http://www.zj.gov.cn/art/2024/1/5/art_1550_1.html", true},
		{"another county's column on the platform", plat, "http://www.zj.gov.cn/col/col1551/index.html", false},
		{"another county's article", plat, "http://www.zj.gov.cn/art/2024/1/5/art_1551_1.html", false},
		{"the province's home page", plat, "http://www.zj.gov.cn/", false},
		{"platform not admitted without a link", base, "http://www.zj.gov.cn/col/col1550/index.html", false},
		{"moved seed: new host", moved, "https://www.newname.gov.cn/xxgk/", true},
		{"moved seed: new sub-host", moved, "http://xxgk.newname.gov.cn/", true},
		{"moved seed: old host still", moved, "http://www.xinxian.gov.cn/a.html", true},
		{"moved seed: unrelated", moved, "http://www.other.gov.cn/", false},
		{"seed moved onto the platform: only its path", onPlat, "https://www.zj.gov.cn/col/col1550/x.html", true},
		{"seed moved onto the platform: not the province", onPlat, "https://www.zj.gov.cn/col/col1/index.html", false},
		{"platform xxgk seed never means the province", NewScope("http://xxgk.hainan.gov.cn/", nil), "http://wanning.hainan.gov.cn/", false},
	}
	for _, tt := range tests {
		if ok, _ := tt.s.Allow(must(tt.link)); ok != tt.ok {
			t.Errorf("%s: Allow(%s) = %v, want %v", tt.name, tt.link, ok, tt.ok)
		}
	}
	if base.WithPlatformPath(must("http://www.other.gov.cn/col/col1/")) != base {
		t.Error("a non-platform host widened the scope")
	}
}

// A page of the site links its column on the platform: kept, marked
// Platform; the same link on a platform page (which lists every county)
// is not.
func TestLinks_PlatformLink(t *testing.T) {
	body := []byte(`<a href="http://www.zj.gov.cn/col/col1550/index.html">政府信息公开年报</a><a href="http://www.zj.gov.cn/col/col9/index.html">浙江新闻</a>`)
	links, _ := Links(Page{URL: "http://www.xinxian.gov.cn/", ContentType: "text/html", Body: body})
	if len(links) != 1 || !links[0].Platform || links[0].URL != "http://www.zj.gov.cn/col/col1550/index.html" {
		t.Errorf("site page: %+v", links)
	}
	links, _ = Links(Page{URL: "http://www.zj.gov.cn/col/col1/index.html", ContentType: "text/html", Body: body,
		Scope: NewScope("http://www.xinxian.gov.cn/", nil)})
	for _, l := range links {
		if l.Platform {
			t.Errorf("platform page marked a platform link: %+v", l)
		}
	}
}
