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
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/internal/testshared"
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
		form := url.Values{"columnid": {fmtInt(1229000000 + col.id)}, "unitid": {fmtInt(300000 + col.id)}, "webid": {fmtInt(st.webid)}}
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

func fmtInt(n int) string { return strconv.Itoa(n) }

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

// TestStats_ConcurrencyAndGap: parallel requests raise MaxInFlight;
// spaced requests set MinGap.
func TestStats_ConcurrencyAndGap(t *testing.T) {
	s, rows := startSim(t, Options{Sites: 2, Seed: 1, Latency: 50 * time.Millisecond})
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(rows[0].URL)
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	for i := 0; i < 3; i++ {
		get(t, rows[1].URL, nil)
		time.Sleep(30 * time.Millisecond)
	}
	st := s.Stats()
	h0, h1 := st.Hosts[hostOf(rows[0].URL)], st.Hosts[hostOf(rows[1].URL)]
	if h0.MaxInFlight != 4 || h0.Requests != 4 || h0.Paths["/"] != 4 || h0.Status[200] != 4 {
		t.Errorf("parallel host: %+v", h0)
	}
	if h1.MaxInFlight != 1 || h1.MinGap < 80*time.Millisecond {
		t.Errorf("sequential host: in flight %d, min gap %v (want ≥ 80ms: 50ms latency + 30ms pause)", h1.MaxInFlight, h1.MinGap)
	}
}

// TestStats_RobotsAndScope: requests a polite, scoped crawler never makes
// are counted.
func TestStats_RobotsAndScope(t *testing.T) {
	s, rows := startSim(t, Options{Sites: 1, Seed: 1})
	_, robots := get(t, rows[0].URL+"robots.txt", nil)
	if !strings.Contains(string(robots), "Disallow: /search.html") {
		t.Fatalf("robots.txt: %s", robots)
	}
	get(t, rows[0].URL+"search.html?q=x", nil)
	get(t, rows[0].URL+"gate/big5/"+hostOf(rows[0].URL)+"/index.html", nil)
	code := rows[0].Code
	rep := s.Truth()[code][0]
	resp, body := get(t, s.MirrorURL()+"/xxgk/"+code+rep.Path, nil)
	if resp.StatusCode != 200 || len(body) == 0 {
		t.Errorf("mirror copy: %d", resp.StatusCode)
	}
	st := s.Stats()
	main, mirror := st.Hosts[hostOf(rows[0].URL)], st.Hosts[hostOf(s.MirrorURL())]
	if main.RobotsDisallowed != 1 || main.OffScope != 1 || mirror.OffScope != 1 || mirror.Role != "mirror" {
		t.Errorf("main %+v\nmirror %+v", main, mirror)
	}
}

// TestRetryAfter: armed paths answer 503/429 once with Retry-After, and an
// early return is counted.
func TestRetryAfter(t *testing.T) {
	s, rows := startSim(t, Options{Sites: 5, Seed: 1, NoObstacles: true})
	for _, i := range []int{1, 4} {
		st := s.sites[i]
		u := s.base(st) + st.listingPath(st.root, 0)
		if i == 4 {
			u = s.base(st) + st.items[0].path
		}
		resp, _ := get(t, u, nil)
		want := map[int]int{1: 503, 4: 429}[i]
		if resp.StatusCode != want || resp.Header.Get("Retry-After") != "1" {
			t.Errorf("site %d: %d Retry-After %q, want %d", i, resp.StatusCode, resp.Header.Get("Retry-After"), want)
		}
		if resp, _ := get(t, u, nil); resp.StatusCode != 200 {
			t.Errorf("site %d second try: %d", i, resp.StatusCode)
		}
		if h := s.Stats().Hosts[hostOf(u)]; h.RetryTooSoon != 1 {
			t.Errorf("site %d: RetryTooSoon %d, want 1", i, h.RetryTooSoon)
		}
	}
	_ = rows
}

func TestObstacles(t *testing.T) {
	_, rows := startSim(t, Options{Sites: 40, Seed: 1})
	seen := map[string]bool{}
	for _, row := range rows {
		if row.Obstacle == "" {
			continue
		}
		seen[row.Obstacle] = true
		switch row.Obstacle {
		case ObstacleUnreachable:
			if resp, err := http.Get(row.URL); err == nil {
				resp.Body.Close()
				t.Errorf("unreachable site answered %d", resp.StatusCode)
			}
		case ObstacleTS:
			resp, body := get(t, row.URL, nil)
			if resp.StatusCode != 412 || !bytes.Contains(body, []byte("$_ts")) {
				t.Errorf("412 site: %d %s", resp.StatusCode, body)
			}
		case ObstacleJSL:
			resp, _ := get(t, row.URL, nil)
			if resp.StatusCode != 521 || resp.Header.Get("X-Via-JSL") == "" {
				t.Errorf("521 site: %d %v", resp.StatusCode, resp.Header)
			}
		case ObstacleRobots:
			_, body := get(t, row.URL+"robots.txt", nil)
			if !strings.Contains(string(body), "Disallow: /\n") {
				t.Errorf("robots site: %s", body)
			}
		}
		if row.Expect == "ok" {
			t.Errorf("obstacle %s expects ok", row.Obstacle)
		}
	}
	if len(seen) != 4 {
		t.Errorf("obstacles seen: %v", seen)
	}
}

func TestTrapsAndRedirects(t *testing.T) {
	s, rows := startSim(t, Options{Sites: 2, Seed: 1, BigPageBytes: 1 << 20, PDFDir: testshared.Path(t, "real-reports")})
	u := rows[0].URL
	if resp, body := get(t, u+"zwgk/gkml_all.html", nil); len(body) < 1<<20 || resp.StatusCode != 200 {
		t.Errorf("big page: %d bytes", len(body))
	}
	if resp, body := get(t, u+"zwgk/gkml.html", nil); utf8.Valid(body) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("junk page: %q", resp.Header.Get("Content-Type"))
	}
	_, cal := get(t, u+"rili.html?date=2024-04-01", nil)
	if !strings.Contains(utf8Body(cal), "date=2024-04-02") {
		t.Errorf("calendar does not link onward: %s", cal)
	}
	if resp, _ := get(t, u+"zwgk", nil); resp.StatusCode != 301 || resp.Header.Get("Location") != "/zwgk/" {
		t.Errorf("/zwgk: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, r := firstHTML(t, s.Truth()[rows[0].Code])
	_, page := get(t, r.URL, nil)
	_, printed := get(t, r.URL+"?print=1", nil)
	if !strings.Contains(utf8Body(page), "?print=1") || !strings.Contains(utf8Body(printed), r.Title) {
		t.Error("print duplicate missing")
	}
	checkHanwebPDF(t, s)
}

// checkHanwebPDF: a Hanweb downfile.jsp link redirects to /attach/ which
// serves the real PDF.
func checkHanwebPDF(t *testing.T, s *Sim) {
	st := s.sites[1]
	for _, it := range st.items {
		if it.pdf == "" {
			continue
		}
		resp, _ := get(t, s.base(st)+it.attach, nil)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != 302 || !strings.HasPrefix(loc, "/attach/") {
			t.Fatalf("downfile: %d %q", resp.StatusCode, loc)
		}
		resp, body := get(t, s.base(st)+loc, nil)
		if resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF")) {
			t.Errorf("attachment: %q %q", resp.Header.Get("Content-Type"), body[:min(8, len(body))])
		}
		return
	}
	t.Log("no PDF report on the Hanweb site for this seed")
}

func TestMutate_Add(t *testing.T) {
	s, rows := startSim(t, Options{Sites: 1, Seed: 9})
	code := rows[0].Code
	before := len(s.Truth()[code])
	rep, err := s.Mutate(code, Mutation{Op: "add", Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Truth()[code]) != before+1 || rep.Year != 2024 {
		t.Fatalf("truth %d → %d, report %+v", before, len(s.Truth()[code]), rep)
	}
	st := s.sites[0]
	_, body := get(t, s.base(st)+st.listingPath(st.root, 0), nil)
	if !strings.Contains(utf8Body(body), rep.Title) && !strings.Contains(utf8Body(body), rep.Path[strings.LastIndex(rep.Path, "/")+1:]) {
		t.Errorf("new report not on the first column page")
	}
	if resp, _ := get(t, rep.URL, nil); resp.StatusCode != 200 {
		t.Errorf("new report: %d", resp.StatusCode)
	}
	if _, err := s.Mutate("nope", Mutation{Op: "add"}); err == nil {
		t.Error("unknown site accepted")
	}
}
