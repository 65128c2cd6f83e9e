package store

import (
	"net/http"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
)

const listingURL = "http://www.example.gov.cn/zfxxgknb/index.html"

// beginRun starts a run of kind and year over sites seeds, with no seed
// selection and any age allowed: the unfinished run of that kind resumes.
func beginRun(db *DB, kind string, year, sites int) (capture.Run, bool, error) {
	st, err := db.StartRun(RunSpec{Kind: kind, Year: year, Sites: sites})
	return st.Run, st.Resumed, err
}

// killedRun begins a crawl, archives a listing page in it and finishes one
// site, then stops without FinishRun, as a killed crawl does.
func killedRun(t *testing.T, db *DB) capture.Run {
	t.Helper()
	run, resumed, err := beginRun(db, "crawl", 0, 3)
	if err != nil || resumed {
		t.Fatalf("begin: %v resumed=%v", err, resumed)
	}
	mustSave(t, db, newCapture(listingURL, []byte("<html>listing</html>"), t0, `"l1"`))
	if err := db.SiteDone(run.ID, capture.SiteResult{Code: "110101", Outcome: "ok", Pages: 3}); err != nil {
		t.Fatal(err)
	}
	return run
}

func TestDB_StartRun_ResumesUnfinished(t *testing.T) {
	db := openTest(t)
	run := killedRun(t, db)
	again, resumed, err := beginRun(db, "crawl", 0, 3)
	if err != nil || !resumed || again.ID != run.ID {
		t.Fatalf("second begin: id %s resumed=%v err=%v, want resume of %s", again.ID, resumed, err, run.ID)
	}
	if other, resumed, _ := beginRun(db, "backfill", 2019, 1); resumed || other.ID == run.ID {
		t.Errorf("a backfill resumed the crawl")
	}
	if _, _, err := beginRun(db, "crawl", 0, 3); err != nil { // back to the crawl
		t.Fatal(err)
	}
	done, err := db.DoneSites(run.ID)
	if err != nil || done["110101"].Pages != 3 || len(done) != 1 {
		t.Fatalf("done sites = %+v, %v", done, err)
	}
	got, ok, err := db.RunCapture(run.ID, listingURL)
	if err != nil || !ok || string(got.Body) != "<html>listing</html>" {
		t.Fatalf("run capture: ok=%v err=%v", ok, err)
	}
	nm := newCapture(listingURL, nil, t0.Add(time.Hour), "")
	nm.Status, nm.Outcome, nm.Header = 304, capture.OutcomeNotModified, http.Header{}
	mustSave(t, db, nm)
	got, ok, err = db.RunCapture(run.ID, listingURL)
	if err != nil || !ok || got.Status != 304 || string(got.Body) != "<html>listing</html>" {
		t.Fatalf("run capture of a 304: ok=%v err=%v status=%d body=%q", ok, err, got.Status, got.Body)
	}
	if _, ok, _ := db.RunCapture(run.ID, "http://other/"); ok {
		t.Error("run capture of an uncaptured URL")
	}
	if err := db.SiteDone("nope", capture.SiteResult{Code: "1"}); err == nil {
		t.Error("SiteDone of an unknown run: no error")
	}
}

func TestDB_FinishRun_ListedAndNotResumed(t *testing.T) {
	db := openTest(t)
	run := killedRun(t, db)
	run.Totals = map[string]int{"reports": 2}
	if err := db.FinishRun(run); err != nil {
		t.Fatal(err)
	}
	if _, _, err := beginRun(db, "backfill", 2019, 1); err != nil {
		t.Fatal(err)
	}
	runs, err := db.Runs(0)
	if err != nil || len(runs) != 2 || runs[1].ID != run.ID {
		t.Fatalf("runs = %+v, %v; want the backfill then the crawl", runs, err)
	}
	cr := runs[1]
	if cr.Finished.IsZero() || cr.Done != 1 || len(cr.Results) != 1 || cr.Totals["reports"] != 2 {
		t.Errorf("finished run = %+v", cr)
	}
	if one, _ := db.Runs(1); len(one) != 1 || one[0].Kind != "backfill" {
		t.Errorf("Runs(1) = %+v, want the newest", one)
	}
	if next, resumed, _ := beginRun(db, "crawl", 0, 3); resumed || next.ID == run.ID {
		t.Error("a finished run was resumed")
	}
}
