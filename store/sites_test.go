package store

import (
	"testing"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

func TestDB_Sites_RoundTripAndReplace(t *testing.T) {
	db := openTest(t)
	if got, err := db.Sites(); err != nil || len(got) != 0 {
		t.Fatalf("fresh archive: %v %v", got, err)
	}
	if err := db.SaveSites([]Site{{Code: "110101", Name: "东城区", Province: "北京市", URL: "http://a"}, {Code: "990001", Name: "旧名"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSites([]Site{{Code: "990001", Name: "临北县", Province: "贵州省"}}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Sites()
	if err != nil || len(got) != 2 || got["110101"].Province != "北京市" || got["990001"].Name != "临北县" || got["990001"].SavedAt.IsZero() {
		t.Errorf("sites = %+v, %v", got, err)
	}
	if err := db.SaveSites([]Site{{Name: "no code"}}); err == nil {
		t.Error("a site without a code was saved")
	}
}

// Reparse hands the parser only what a crawl parses: a listing page, a seed
// and robots.txt are never records, whatever a parser would say of them.
func TestDB_Reparse_OnlyKindsTheCrawlParses(t *testing.T) {
	db := openTest(t)
	kinds := map[string]string{
		"http://a.gov.cn/nb/index.html": "listing", "http://a.gov.cn/": "seed", "http://a.gov.cn/robots.txt": "robots",
		"http://a.gov.cn/nb/t1.html": "report", "http://a.gov.cn/nb/a.pdf": "attachment", "http://a.gov.cn/nav.html": "other",
	}
	for u, k := range kinds {
		c := newCapture(u, []byte("<html>"+u+"</html>"), t0, "")
		c.Kind = k
		mustSave(t, db, c)
	}
	var seen []string
	rep, err := db.Reparse(func(c *capture.Capture) (*extract.Record, bool, error) {
		seen = append(seen, kinds[c.URL])
		return newRecord(c, 2023, c.SiteCode, "北京市"), true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Parsed != 3 || rep.NotParsed != 3 || rep.Added != 3 {
		t.Errorf("reparse = %+v (parsed kinds %v); want 3 parsed (report, attachment, other), 3 not parsed, 3 added", rep, seen)
	}
	for _, k := range seen {
		if !capture.Parsed(k) {
			t.Errorf("reparse parsed a %s page", k)
		}
	}
}
