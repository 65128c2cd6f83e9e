package sim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// startSim starts a simulator for the test and closes it on cleanup.
func startSim(t *testing.T, opt Options) (*Sim, []SeedRow) {
	t.Helper()
	s := New(opt)
	if _, err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, s.Seeds()
}

func get(t *testing.T, u string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no redirect following
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func utf8Body(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	d, _ := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	return string(d)
}

func TestNew_Deterministic(t *testing.T) {
	a, b := New(Options{Sites: 12, Seed: 42}).Truth(), New(Options{Sites: 12, Seed: 42}).Truth()
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different truth")
	}
	if c := New(Options{Sites: 12, Seed: 43}).Truth(); reflect.DeepEqual(a, c) {
		t.Fatal("different seeds, same truth")
	}
	s1, _ := startSim(t, Options{Sites: 4, Seed: 42})
	for code, reps := range s1.Truth() {
		for i, r := range reps {
			if r.Path != a[code][i].Path || r.Title != a[code][i].Title || !strings.HasSuffix(r.URL, r.Path) {
				t.Fatalf("started truth differs: %+v vs %+v", r, a[code][i])
			}
		}
	}
}

// TestFamilies_Render fetches the home, entry and column pages of every
// family and checks they parse and link onward.
func TestFamilies_Render(t *testing.T) {
	s, rows := startSim(t, Options{Sites: 8, Seed: 1})
	for _, row := range rows {
		st := s.sites[indexOf(rows, row.Code)]
		for _, p := range []string{"/", st.entryPath(), "/zwgk/"} {
			resp, body := get(t, row.URL+strings.TrimPrefix(p, "/"), nil)
			if resp.StatusCode != 200 {
				t.Fatalf("%s %s: %d", row.Family, p, resp.StatusCode)
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(utf8Body(body)))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Find("a[href]").Length() < 3 || !strings.Contains(doc.Find("title").Text(), "政") {
				t.Errorf("%s %s: title %q, %d links", row.Family, p, doc.Find("title").Text(), doc.Find("a[href]").Length())
			}
		}
		checkColumn(t, s, st, row)
	}
}

func indexOf(rows []SeedRow, code string) int {
	for i, r := range rows {
		if r.Code == code {
			return i
		}
	}
	return -1
}

// checkColumn checks the family-specific listing endpoint answers.
func checkColumn(t *testing.T, s *Sim, st *site, row SeedRow) {
	base := s.base(st)
	col := st.root
	for _, c := range st.columns() {
		if len(c.items) > 0 {
			col = c
			break
		}
	}
	switch st.family {
	case FamilyGkmlpt:
		_, body := get(t, base+st.listingPath(col, 0), nil)
		var v struct {
			Articles []gkArticle `json:"articles"`
			Total    int         `json:"total"`
		}
		if err := json.Unmarshal(body, &v); err != nil || v.Total != len(col.items) || len(v.Articles) == 0 {
			t.Errorf("gkmlpt API: %v %s", err, body)
		}
		if resp, _ := get(t, base+"/gkmlpt/api/all/"+st.root.dir+"?page=1&sid=0", nil); resp.StatusCode != 403 {
			t.Errorf("gkmlpt API without the SID: %d", resp.StatusCode)
		}
	case FamilyHanweb:
		form := url.Values{"columnid": {strconv.Itoa(1229000000 + col.id)}, "unitid": {strconv.Itoa(300000 + col.id)}, "webid": {strconv.Itoa(st.webid)}}
		resp, err := http.Post(base+"/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=3&perpage=1", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if n := strings.Count(string(body), "<record>"); n != min(3, len(col.items)) || !strings.Contains(string(body), "<totalrecord>") {
			t.Errorf("dataproxy: %d records: %s", n, body)
		}
		if r, _ := get(t, base+col.dir+"index_1.html", nil); r.StatusCode != 404 {
			t.Errorf("hanweb index_1.html: %d, want 404", r.StatusCode)
		}
	default:
		resp, body := get(t, base+st.listingPath(st.root, 0), nil)
		if resp.StatusCode != 200 && resp.StatusCode != 503 {
			t.Errorf("%s root listing: %d", st.family, resp.StatusCode)
		}
		if resp.StatusCode == 200 && !strings.Contains(utf8Body(body), "政府信息公开") {
			t.Errorf("%s root listing lacks items", st.family)
		}
	}
}

func TestCharsets(t *testing.T) {
	_, rows := startSim(t, Options{Sites: 5, Seed: 1})
	want := map[string]string{"utf-8": "text/html; charset=utf-8", "gbk": "text/html; charset=GBK",
		"gbk-lying": "text/html; charset=utf-8", "gbk-none": "text/html"}
	for _, row := range rows {
		resp, body := get(t, row.URL, nil)
		if ct := resp.Header.Get("Content-Type"); ct != want[row.Charset] {
			t.Errorf("%s: Content-Type %q, want %q", row.Charset, ct, want[row.Charset])
		}
		gbk := strings.HasPrefix(row.Charset, "gbk")
		if utf8.Valid(body) == gbk {
			t.Errorf("%s: body valid UTF-8 = %v", row.Charset, utf8.Valid(body))
		}
		if gbk {
			enc, _ := simplifiedchinese.GBK.NewEncoder().String("人民政府")
			if !bytes.Contains(body, []byte(enc)) {
				t.Errorf("%s: no GBK bytes for 人民政府", row.Charset)
			}
		}
		hasMeta := bytes.Contains(body, []byte("charset="))
		if (row.Charset == "gbk-none") == hasMeta {
			t.Errorf("%s: meta charset present = %v", row.Charset, hasMeta)
		}
	}
}

func TestConditional304(t *testing.T) {
	s, rows := startSim(t, Options{Sites: 1, Seed: 5})
	idx, r := firstHTML(t, s.Truth()[rows[0].Code])
	resp, _ := get(t, r.URL, nil)
	etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if resp.StatusCode != 200 || etag == "" || lm == "" {
		t.Fatalf("status %d etag %q last-modified %q", resp.StatusCode, etag, lm)
	}
	if resp, _ := get(t, r.URL, map[string]string{"If-None-Match": etag}); resp.StatusCode != 304 {
		t.Errorf("If-None-Match: %d", resp.StatusCode)
	}
	if resp, _ := get(t, r.URL, map[string]string{"If-Modified-Since": lm}); resp.StatusCode != 304 {
		t.Errorf("If-Modified-Since: %d", resp.StatusCode)
	}
	if resp, _ := get(t, r.URL, map[string]string{"If-None-Match": `"other"`, "If-Modified-Since": lm}); resp.StatusCode != 200 {
		t.Errorf("stale If-None-Match must win over If-Modified-Since: %d", resp.StatusCode)
	}
	if _, err := s.Mutate(rows[0].Code, Mutation{Op: "edit", Index: idx}); err != nil {
		t.Fatal(err)
	}
	resp, _ = get(t, r.URL, map[string]string{"If-None-Match": etag})
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == etag {
		t.Errorf("after edit: %d, etag %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
	h := s.Stats().Hosts[strings.TrimPrefix(strings.TrimSuffix(rows[0].URL, "/"), "http://")]
	if h.Conditional != 4 || h.NotModified != 2 {
		t.Errorf("conditional %d, 304s %d; want 4, 2", h.Conditional, h.NotModified)
	}
}

func firstHTML(t *testing.T, reps []Report) (int, Report) {
	t.Helper()
	for i, r := range reps {
		if r.Format == "html" {
			return i, r
		}
	}
	t.Fatal("no HTML report")
	return 0, Report{}
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Host
}
