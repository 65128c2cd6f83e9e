package store

import (
	"net/http"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
)

func TestDB_BeginRun_ResumesUnfinished(t *testing.T) {
	db := openTest(t)
	run, resumed, err := db.BeginRun("crawl", 0, 3)
	if err != nil || resumed {
		t.Fatalf("begin: %v resumed=%v", err, resumed)
	}
	const u = "http://www.example.gov.cn/zfxxgknb/index.html"
	c := newCapture(u, []byte("<html>listing</html>"), t0, `"l1"`)
	mustSave(t, db, c)
	if err := db.SiteDone(run.ID, capture.SiteResult{Code: "110101", Outcome: "ok", Pages: 3}); err != nil {
		t.Fatal(err)
	}
	// killed here; the next crawl resumes it
	again, resumed, err := db.BeginRun("crawl", 0, 3)
	if err != nil || !resumed || again.ID != run.ID {
		t.Fatalf("second begin: id %s resumed=%v err=%v, want resume of %s", again.ID, resumed, err, run.ID)
	}
	if other, resumed, _ := db.BeginRun("backfill", 2019, 1); resumed || other.ID == run.ID {
		t.Errorf("a backfill resumed the crawl")
	}
	if _, _, err := db.BeginRun("crawl", 0, 3); err != nil { // back to the crawl
		t.Fatal(err)
	}
	done, err := db.DoneSites(run.ID)
	if err != nil || done["110101"].Pages != 3 || len(done) != 1 {
		t.Fatalf("done sites = %+v, %v", done, err)
	}
	got, ok, err := db.RunCapture(run.ID, u)
	if err != nil || !ok || string(got.Body) != "<html>listing</html>" {
		t.Fatalf("run capture: ok=%v err=%v", ok, err)
	}
	nm := newCapture(u, nil, t0.Add(time.Hour), "")
	nm.Status, nm.Outcome, nm.Header = 304, capture.OutcomeNotModified, http.Header{}
	mustSave(t, db, nm)
	got, ok, err = db.RunCapture(run.ID, u)
	if err != nil || !ok || got.Status != 304 || string(got.Body) != "<html>listing</html>" {
		t.Fatalf("run capture of a 304: ok=%v err=%v status=%d body=%q", ok, err, got.Status, got.Body)
	}
	if _, ok, _ := db.RunCapture(run.ID, "http://other/"); ok {
		t.Error("run capture of an uncaptured URL")
	}
	run.Totals = map[string]int{"reports": 2}
	if err := db.FinishRun(run); err != nil {
		t.Fatal(err)
	}
	runs, err := db.Runs(0)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs = %d, %v", len(runs), err)
	}
	var cr capture.Run
	for _, r := range runs {
		if r.ID == run.ID {
			cr = r
		}
	}
	if cr.Finished.IsZero() || cr.Done != 1 || len(cr.Results) != 1 || cr.Totals["reports"] != 2 {
		t.Errorf("finished run = %+v", cr)
	}
	if next, resumed, _ := db.BeginRun("crawl", 0, 3); resumed || next.ID == run.ID {
		t.Error("a finished run was resumed")
	}
	if err := db.SiteDone("nope", capture.SiteResult{Code: "1"}); err == nil {
		t.Error("SiteDone of an unknown run: no error")
	}
}
