package seeds

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

func TestDefault_HasEveryUnit(t *testing.T) {
	all, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2846 {
		t.Fatalf("embedded list has %d units, want 2846", len(all))
	}
	noURL := 0
	provinces := map[string]bool{}
	for _, s := range all {
		if s.URL == "" {
			noURL++
		}
		provinces[s.Province] = true
	}
	if noURL != 6 {
		t.Errorf("%d units without a portal URL, want 6 (see shared/seeds/README.md)", noURL)
	}
	if len(provinces) != 31 {
		t.Errorf("%d provinces, want 31", len(provinces))
	}
	if all[0].Code != "110101" || all[0].Name != "东城区" || all[0].URL != "https://www.bjdch.gov.cn/" {
		t.Errorf("first seed = %+v", all[0])
	}
}

func TestParse_Errors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		msg      string
	}{
		{"empty", "", 1, "file is empty"},
		{"missing column", "code,name,url\n110101,a,http://a.gov.cn/\n", 1, "lacks column(s) province"},
		{"short code", "code,name,province,url\n11010,a,p,http://a.gov.cn/\n", 2, `code "11010" must be 6 digits`},
		{"letters in code", "code,name,province,url\n11010x,a,p,http://a.gov.cn/\n", 2, "must be 6 digits"},
		{"relative url", "code,name,province,url\n110101,a,p,http://a.gov.cn/\n110102,b,p,/index.html\n", 3, "absolute http(s) URL"},
		{"ftp url", "code,name,province,url\n110101,a,p,ftp://a.gov.cn/\n", 2, "absolute http(s) URL"},
		{"no host", "code,name,province,url\n110101,a,p,http:///x\n", 2, "has no host"},
		{"duplicate code", "code,name,province,url\n110101,a,p,http://a.gov.cn/\n110101,b,p,http://b.gov.cn/\n", 3, "already used on line 2"},
		{"empty name", "code,name,province,url\n110101,,p,http://a.gov.cn/\n", 2, "name is empty"},
		{"bad quoting", "code,name,province,url\n110101,\"a,p,http://a.gov.cn/\n", 2, "malformed CSV"},
		{"header only", "code,name,province,url\n", 2, "no seed rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in), "user.csv")
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want *LineError", err)
			}
			if le.Line != tt.line || !strings.Contains(le.Msg, tt.msg) {
				t.Errorf("got line %d %q, want line %d containing %q", le.Line, le.Msg, tt.line, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "seeds file user.csv line ") {
				t.Errorf("message %q does not name the file and line", err)
			}
		})
	}
}

func TestParse_ExtraColumnsAndBOM(t *testing.T) {
	in := "\ufeffurl,province,code,name,note\nhttp://a.gov.cn/,河南省,410822,博爱县,x\nnone,重庆市,500100,江北区,\n"
	got, err := Parse(strings.NewReader(in), "u.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Seed{{Code: "410822", Name: "博爱县", Province: "河南省", URL: "http://a.gov.cn/", ExtraHosts: []string{}}, {Code: "500100", Name: "江北区", Province: "重庆市", ExtraHosts: []string{}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestParse_ExtraHosts(t *testing.T) {
	in := "code,name,province,url,extra_hosts\n410822,博爱县,河南省,http://a.gov.cn/,xxgk.a.net 127.0.0.1:8081\n"
	got, err := Parse(strings.NewReader(in), "u.csv")
	if err != nil || !reflect.DeepEqual(got[0].ExtraHosts, []string{"xxgk.a.net", "127.0.0.1:8081"}) {
		t.Fatalf("got %+v, %v", got, err)
	}
	bad := "code,name,province,url,extra_hosts\n410822,博爱县,河南省,http://a.gov.cn/,http://x.net/\n"
	if _, err := Parse(strings.NewReader(bad), "u.csv"); err == nil || !strings.Contains(err.Error(), "line 2: extra_hosts") {
		t.Fatalf("bad extra host: err = %v", err)
	}
}

func TestFilter(t *testing.T) {
	all := []Seed{{Code: "110101"}, {Code: "110102"}, {Code: "110105"}}
	got, err := Filter(all, []string{"110105", " 110101"})
	if err != nil || len(got) != 2 || got[0].Code != "110101" || got[1].Code != "110105" {
		t.Fatalf("Filter = %+v, %v", got, err)
	}
	if _, err := Filter(all, []string{"999999"}); err == nil || !strings.Contains(err.Error(), "999999") {
		t.Fatalf("unknown code: err = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("code,name,province,url\n110101,a,p,http://a.gov.cn/\n")
	f.Add("code,name,province,url\n110101,\"a\nb\",p,https://x.gov.cn/a?b=1\n")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Parse(strings.NewReader(in), "f.csv")
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, x := range s {
			if len(x.Code) != 6 || seen[x.Code] {
				t.Fatalf("accepted bad or duplicate code %q", x.Code)
			}
			seen[x.Code] = true
		}
	})
}

func TestParse_EveryBadRowAtOnce(t *testing.T) {
	in := "code,name,province,url\n" +
		"110101,a,p,http://a.gov.cn/\n" + // line 2: good
		"110102,b,p,\n" + // line 3: no url
		"110103,c,p,not a url\n" + // line 4: not a url
		"11010,d,p,http://d.gov.cn/\n" + // line 5: short code
		"110101,e,p,http://e.gov.cn/\n" + // line 6: duplicate
		"110106,f,p,none\n" // line 7: good, no known portal
	_, err := Parse(strings.NewReader(in), "u.csv")
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want *FileError", err)
	}
	var lines []int
	for _, le := range fe.Rows {
		lines = append(lines, le.Line)
	}
	if !reflect.DeepEqual(lines, []int{3, 4, 5, 6}) {
		t.Errorf("bad lines %v, want [3 4 5 6]:\n%v", lines, err)
	}
	for _, want := range []string{"u.csv line 3: url is empty", "u.csv line 4: url \"not a url\"", "u.csv line 5: code", "u.csv line 6: code 110101 already used on line 2", "4 bad row(s)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q:\n%v", want, err)
		}
	}
}

func TestParse_Encodings(t *testing.T) {
	utf8CSV := "code,name,province,url\n410822,博爱县,河南省,http://a.gov.cn/\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(utf8CSV)
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().String(utf8CSV)
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]string{"utf-8": utf8CSV, "utf-8 BOM": "\ufeff" + utf8CSV, "gbk": gbk, "utf-16": utf16} {
		got, err := Parse(strings.NewReader(in), "u.csv")
		if err != nil || len(got) != 1 || got[0].Name != "博爱县" || got[0].Province != "河南省" {
			t.Errorf("%s: %+v %v", name, got, err)
		}
	}
	latin1 := "code,name,province,url\n410822,Bo\xe9,He\xe9,http://a.gov.cn/\n"
	_, err = Parse(strings.NewReader(latin1), "l.csv")
	var le *LineError
	if !errors.As(err, &le) || le.Line != 2 || !strings.Contains(err.Error(), "neither UTF-8 nor GBK") || !strings.Contains(err.Error(), "save it as CSV UTF-8") {
		t.Errorf("latin-1 file: %v", err)
	}
}
