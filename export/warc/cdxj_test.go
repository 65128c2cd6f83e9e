package warc

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSURT(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// from the Python surt package's tests (WaybackURLKeyMakerTest)
		{"http://www.archive.org/", "org,archive)/"},
		{"http://archive.org/goo/?", "org,archive)/goo"},
		{"http://archive.org/goo/?b&a", "org,archive)/goo?a&b"},
		{"http://www.archive.org:443/", "org,archive:443)/"},
		{"https://www.archive.org:80/", "org,archive:80)/"},
		{"http://archive.org/goo/?a=2&b&a=1", "org,archive)/goo?a=1&a=2&b"},
		{"http://archive.org/goo/", "org,archive)/goo"},
		{"http://archive.org:8080/", "org,archive:8080)/"},
		// the archive's own
		{"http://www.cdwh.gov.cn/zwgk/zfxxgknb/202303/t20230315_1234.html", "cn,gov,cdwh)/zwgk/zfxxgknb/202303/t20230315_1234.html"},
		{"https://WWW2.HZ.gov.cn:443/col/col1229/index.html#top", "cn,gov,hz)/col/col1229/index.html"},
		{"http://www.gd.gov.cn/gkmlpt/api/all/123?page=2&sid=757", "cn,gov,gd)/gkmlpt/api/all/123?page=2&sid=757"},
		{"http://192.168.1.254/info/", "254,1,168,192)/info"}, // the surt package's test of reverse_ipaddr (default on)
		{"http://192.168.1.10:8080/a", "10,1,168,192:8080)/a"},
		{"http://user:pw@example.com", "com,example)/"},
		{"http://example.com./报告.pdf", "com,example)/%e6%8a%a5%e5%91%8a.pdf"},
		{"not a url", "not a url"},
	} {
		if got := SURT(tc.in); got != tc.want {
			t.Errorf("SURT(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIndexEntry_Line(t *testing.T) {
	e := IndexEntry{URL: "http://example.com/", Time: time.Date(2017, 7, 30, 22, 38, 50, 0, time.UTC),
		Mime: "text/html", Status: 200, Digest: "sha1:G7HRM7BGOKSKMSXZAHMUQTTV53QOFSMK", Length: 1219,
		Offset: 771, Filename: "example-20170730223917.warc.gz"}
	line, err := e.Line()
	if err != nil {
		t.Fatal(err)
	}
	want := `com,example)/ 20170730223850 {"url":"http://example.com/","mime":"text/html","status":"200",` +
		`"digest":"G7HRM7BGOKSKMSXZAHMUQTTV53QOFSMK","length":"1219","offset":"771","filename":"example-20170730223917.warc.gz"}`
	if line != want {
		t.Errorf("line\n%s\nwant\n%s", line, want)
	}
	key, ts, fields, err := ParseIndexLine(line)
	if err != nil || key != "com,example)/" || ts != "20170730223850" || fields["offset"] != "771" {
		t.Errorf("parsed %q %q %v %v", key, ts, fields, err)
	}
}

// Digests are written without their algorithm label, as warcio.js
// (replayweb.page's indexer) writes them, whatever the algorithm.
func TestIndexEntry_Line_Digest(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"sha1:G7HRM7BGOKSKMSXZAHMUQTTV53QOFSMK", "G7HRM7BGOKSKMSXZAHMUQTTV53QOFSMK"},
		{"sha256:7dec6eda370eccbf79e8b3c51a6bdd57b04f3c8e873f163ee7f8b4573aa2228d", "7dec6eda370eccbf79e8b3c51a6bdd57b04f3c8e873f163ee7f8b4573aa2228d"},
		{"G7HRM7BGOKSKMSXZAHMUQTTV53QOFSMK", "G7HRM7BGOKSKMSXZAHMUQTTV53QOFSMK"},
		{"", "-"},
	} {
		line, err := IndexEntry{URL: "http://example.com/", Time: t0, Digest: tc.in}.Line()
		if err != nil {
			t.Fatal(err)
		}
		if _, _, f, err := ParseIndexLine(line); err != nil || f["digest"] != tc.want {
			t.Errorf("digest %q indexed as %q, want %q", tc.in, f["digest"], tc.want)
		}
	}
}

func TestIndexWriter_SortsAcrossRuns(t *testing.T) {
	for _, runLines := range []int{0, 1, 3, 7} {
		dir := t.TempDir()
		var out bytes.Buffer
		iw := NewIndexWriter(&out)
		iw.RunLines, iw.Dir = runLines, dir
		var want []string
		for i := range 40 {
			e := IndexEntry{URL: fmt.Sprintf("http://site%d.gov.cn/p%d", (i*7)%5, (i*13)%11),
				Time: t0.Add(time.Duration(i*37%40) * time.Hour), Status: 200, Offset: int64(i)}
			line, _ := e.Line()
			want = append(want, line)
			if err := iw.Add(e); err != nil {
				t.Fatal(err)
			}
		}
		if err := iw.Close(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(want)
		if got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n"); !slices.Equal(got, want) {
			t.Errorf("runLines=%d: index not sorted or lines lost:\n%s", runLines, out.String())
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
			t.Errorf("runLines=%d: runs left behind: %v", runLines, left)
		}
	}
}

func TestIndexWriter_Empty(t *testing.T) {
	var out bytes.Buffer
	if err := NewIndexWriter(&out).Close(); err != nil || out.Len() != 0 {
		t.Errorf("empty index: %q %v", out.String(), err)
	}
}

// TestIndexEntry_Line_POST: non-GET captures are keyed as pywb and warcio
// key them. The expected keys are warcio.js's (cdx-index) for the same
// records, except that hex escapes in decoded form fields are lowercased,
// as Python's surt (used by pywb) writes them.
func TestIndexEntry_Line_POST(t *testing.T) {
	for _, tc := range []struct {
		ct, body, wantKey, wantBody string
	}{
		{"", "col=1&webid=2&columnid=3",
			"cn,gov,hz)/module/web/jpage/dataproxy.jsp?__wb_method=post&__wb_post_data=y29sptemd2viawq9mizjb2x1bw5pzd0z&startrecord=1",
			"__wb_post_data=Y29sPTEmd2ViaWQ9MiZjb2x1bW5pZD0z"},
		{"application/x-www-form-urlencoded; charset=UTF-8", "col=1&webid=3&keyword=%E5%B9%B4%E6%8A%A5",
			"cn,gov,hz)/module/web/jpage/dataproxy.jsp?__wb_method=post&col=1&keyword=%e5%b9%b4%e6%8a%a5&startrecord=1&webid=3",
			"col=1&webid=3&keyword=%E5%B9%B4%E6%8A%A5"},
	} {
		e := IndexEntry{URL: "http://www.hz.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1", Time: t0,
			Method: "POST", RequestBody: PostQuery(tc.ct, []byte(tc.body)), Status: 200}
		line, err := e.Line()
		if err != nil {
			t.Fatal(err)
		}
		key, _, fields, err := ParseIndexLine(line)
		if err != nil || key != tc.wantKey || fields["requestBody"] != tc.wantBody || fields["method"] != "POST" {
			t.Errorf("line %s\nwant key %s body %s", line, tc.wantKey, tc.wantBody)
		}
	}
}

func TestIndexWriter_DiscardRemovesRuns(t *testing.T) {
	dir := t.TempDir()
	iw := NewIndexWriter(&bytes.Buffer{})
	iw.RunLines, iw.Dir = 2, dir
	for i := range 5 {
		if err := iw.Add(IndexEntry{URL: fmt.Sprintf("http://a.gov.cn/%d", i), Time: t0}); err != nil {
			t.Fatal(err)
		}
	}
	if runs, _ := filepath.Glob(filepath.Join(dir, "*")); len(runs) != 2 {
		t.Fatalf("%d runs spilled, want 2", len(runs))
	}
	iw.Discard()
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("runs left: %v", left)
	}
}
