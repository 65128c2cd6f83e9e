package store

import (
	"bytes"
	"errors"
	"math/rand"
	"net/http"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/internal/testshared"
)

func TestDB_SaveCapture_RoundTrip(t *testing.T) {
	db := openTest(t)
	rng := rand.New(rand.NewSource(1))
	c := newCapture("http://www.example.gov.cn/zwgk/202401/t20240115_1.html", gbkPage(rng, 1, 60_000), t0, `"abc"`)
	c.ReqBody = []byte("columnid=1&unitid=2")
	c.Charset = capture.Charset{Name: "gb18030", Method: "meta", Note: "declared gbk"}
	c.Truncated, c.LimitBytes = false, 10<<20
	s := mustSave(t, db, c)
	if !s.New || s.Changed || s.Version != 1 || s.Digest != c.Digest() {
		t.Fatalf("saved = %+v, want new version 1 with digest %s", s, c.Digest())
	}
	body, err := db.Body(s.Digest)
	if err != nil || !bytes.Equal(body, c.Body) {
		t.Fatalf("Body: err %v, equal %v", err, bytes.Equal(body, c.Body))
	}
	var got []*capture.Capture
	if err := db.Captures(func(c *capture.Capture) error { got = append(got, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("captures = %d, want 1", len(got))
	}
	g := got[0]
	if !bytes.Equal(g.Body, c.Body) || g.URL != c.URL || g.Status != 200 || !g.FetchedAt.Equal(c.FetchedAt) ||
		g.Header.Get("ETag") != `"abc"` || g.ReqHeader.Get("User-Agent") != "nianbao-test" || g.Charset != c.Charset ||
		string(g.ReqBody) != string(c.ReqBody) || g.Kind != "report" || g.SiteCode != "110101" ||
		g.Duration != c.Duration || g.LimitBytes != c.LimitBytes || g.FetchedAt.Location() != time0UTC() {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", g, c)
	}
}

func time0UTC() *time.Location { return time.UTC }

func TestDB_SaveCapture_VersionsAndValidators(t *testing.T) {
	const u = "http://www.example.gov.cn/art/2024/1/15/art_1_2.html"
	rng := rand.New(rand.NewSource(2))
	v1, v2 := reportPage(rng, 1, 50_000), reportPage(rng, 2, 50_000)
	notMod := newCapture(u, nil, t0.Add(2*time.Hour), `"e1"`)
	notMod.Status, notMod.Outcome, notMod.Header = 304, capture.OutcomeNotModified, http.Header{}
	steps := []struct {
		name     string
		c        *capture.Capture
		want     capture.Saved
		versions int
		etag     string
		checked  time.Time
	}{
		{"first", newCapture(u, v1, t0, `"e1"`), capture.Saved{Version: 1, New: true}, 1, `"e1"`, t0},
		{"identical", newCapture(u, v1, t0.Add(time.Hour), ""), capture.Saved{}, 1, `"e1"`, t0.Add(time.Hour)},
		{"304", notMod, capture.Saved{}, 1, `"e1"`, t0.Add(2 * time.Hour)},
		{"changed", newCapture(u, v2, t0.Add(3*time.Hour), `"e2"`), capture.Saved{Version: 2, Changed: true}, 2, `"e2"`, t0.Add(3 * time.Hour)},
		{"identical to old", newCapture(u, v1, t0.Add(4*time.Hour), `"e1"`), capture.Saved{Version: 3, Changed: true}, 3, `"e1"`, t0.Add(4 * time.Hour)},
	}
	db := openTest(t)
	for _, st := range steps {
		s := mustSave(t, db, st.c)
		if s.Version != st.want.Version || s.New != st.want.New || s.Changed != st.want.Changed {
			t.Errorf("%s: saved %+v, want %+v", st.name, s, st.want)
		}
		vs, err := db.Versions(u)
		if err != nil || len(vs) != st.versions {
			t.Fatalf("%s: versions = %d (%v), want %d", st.name, len(vs), err, st.versions)
		}
		p, err := db.Prior(u)
		if err != nil || !p.Known || p.ETag != st.etag || !p.CheckedAt.Equal(st.checked) || p.Digest != vs[len(vs)-1].Digest {
			t.Errorf("%s: prior %+v (%v), want etag %s checked %v", st.name, p, err, st.etag, st.checked)
		}
	}
}

func TestDB_SaveCapture_ErrorPagesAreNotVersions(t *testing.T) {
	db := openTest(t)
	const u = "http://www.example.gov.cn/a.html"
	good := newCapture(u, []byte("<html>report</html>"), t0, "")
	mustSave(t, db, good)
	for _, c := range []*capture.Capture{
		{URL: u, Status: 412, Outcome: capture.OutcomeChallenged, Body: []byte("<script>$_ts=1</script>"), FetchedAt: t0.Add(time.Hour)},
		{URL: u, Status: 200, Outcome: capture.OutcomeTruncated, Truncated: true, Body: []byte("<html>rep"), FetchedAt: t0.Add(time.Hour)},
		{URL: u, Status: 0, Outcome: capture.OutcomeTimeout, Error: "i/o timeout", FetchedAt: t0.Add(time.Hour)},
	} {
		if s := mustSave(t, db, c); s.Version != 0 {
			t.Errorf("%s capture added version %d", c.Outcome, s.Version)
		}
	}
	p, _ := db.Prior(u)
	if p.Digest != good.Digest() || !p.CheckedAt.Equal(t0) {
		t.Errorf("prior after error pages = %+v, want the good version checked at t0", p)
	}
	if p, _ := db.Prior("http://never.example/"); p.Known {
		t.Errorf("prior of unknown URL is known: %+v", p)
	}
	n := 0
	_ = db.Captures(func(*capture.Capture) error { n++; return nil })
	if n != 4 {
		t.Errorf("captures = %d, want 4 (errors are archived too)", n)
	}
	if _, err := db.Body("00"); err == nil {
		t.Error("Body of a bad digest: no error")
	}
	if _, err := db.Body(good.Digest()[:60] + "0000"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Body of an unknown digest: %v, want ErrNotFound", err)
	}
}

func TestDB_SaveCapture_IdenticalBodiesStoredOnce(t *testing.T) {
	db := openTest(t)
	body := reportPage(rand.New(rand.NewSource(3)), 1, 100_000)
	for i := 0; i < 5; i++ {
		mustSave(t, db, newCapture("http://www.example.gov.cn/mirror"+string(rune('a'+i)), body, t0, ""))
	}
	st, err := db.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Bodies != 1 || st.Captures != 5 || st.URLs != 5 || st.RawBytes != int64(len(body)) {
		t.Errorf("stats = %+v, want 1 body of %d bytes, 5 captures, 5 urls", st, len(body))
	}
	if st.StoredBytes*10 > st.RawBytes*3 {
		t.Errorf("stored %d bytes for %d raw: above 30%%", st.StoredBytes, st.RawBytes)
	}
}

func TestReportPage_UsesSeedReports(t *testing.T) {
	n := len(testshared.SeedReports(t))
	if got := len(seedCorpus()); got != n {
		t.Fatalf("corpus has %d texts, want the %d seed reports", got, n)
	}
	p := reportPage(rand.New(rand.NewSource(1)), 0, 100_000)
	if len(p) < 100_000 || !bytes.Contains(p, []byte("年度报告")) || !bytes.Contains(p, []byte("（七）总计")) {
		t.Errorf("page of %d bytes lacks the report markers", len(p))
	}
}

func TestCaptureValue_PlainAndCompressed(t *testing.T) {
	sc := newStoredCapture(newCapture("http://www.example.gov.cn/a.html", []byte("x"), t0, `"e"`), "", "run")
	plain, err := marshalValue(sc)
	if err != nil {
		t.Fatal(err)
	}
	packed, err := encodeCaptureValue(sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(packed) >= len(plain) {
		t.Errorf("compressed capture %d bytes, plain %d", len(packed), len(plain))
	}
	for name, v := range map[string][]byte{"plain": plain, "compressed": packed} {
		got, err := decodeCaptureValue(v)
		if err != nil || got.URL != sc.URL || got.Header.Get("ETag") != `"e"` || !got.FetchedAt.Equal(t0) {
			t.Errorf("%s: %+v %v", name, got, err)
		}
	}
	damaged := append([]byte(nil), packed...)
	damaged[len(damaged)/2] ^= 0x10
	if _, err := decodeCaptureValue(damaged); !errors.Is(err, ErrCorrupt) {
		t.Errorf("damaged compressed capture: %v, want ErrCorrupt", err)
	}
}

// TestDB_Prior_FinalURL: the prior of a URL says where its last capture's
// redirects ended, so a crawl can tell two links to one document apart
// without fetching either.
func TestDB_Prior_FinalURL(t *testing.T) {
	db := openTest(t)
	const u = "http://www.example.gov.cn/module/download/downfile.jsp?filename=a.pdf"
	const final = "http://www.example.gov.cn/attach/0/a.pdf"
	c := newCapture(u, []byte("%PDF-1.4 report"), t0, "")
	c.FinalURL = final
	mustSave(t, db, c)
	if p, _ := db.Prior(u); p.FinalURL != final {
		t.Errorf("prior FinalURL %q, want %q", p.FinalURL, final)
	}
	direct := newCapture(final, []byte("%PDF-1.4 report"), t0, "")
	mustSave(t, db, direct)
	if p, _ := db.Prior(final); p.FinalURL != "" {
		t.Errorf("prior FinalURL of an unredirected URL %q, want empty", p.FinalURL)
	}
}
