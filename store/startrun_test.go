package store

import (
	"strings"
	"testing"
	"time"
)

// TestDB_StartRun_ResumeRules: an interrupted run is resumed only by a run
// of the same kind and year over the same seed selection, not older than
// MaxAge; anything else starts a new run and names the one passed over.
func TestDB_StartRun_ResumeRules(t *testing.T) {
	db := openTest(t)
	week := 7 * 24 * time.Hour
	spec := func(kind, sel string, at time.Time) RunSpec {
		return RunSpec{Kind: kind, Sites: 3, Selection: sel, MaxAge: week, Now: at}
	}
	first, err := db.StartRun(spec("crawl", "A", t0))
	if err != nil || first.Resumed {
		t.Fatalf("first run: %+v %v", first, err)
	}
	steps := []struct {
		name        string
		spec        RunSpec
		resumes     bool
		passed, why string
	}{
		{"other selection", spec("crawl", "B", t0.Add(time.Hour)), false, first.ID, "another seed selection"},
		{"other kind", spec("backfill", "A", t0.Add(2*time.Hour)), false, "", ""},
		{"same kind and selection", spec("crawl", "A", t0.Add(3*time.Hour)), true, "", ""},
		{"too old", spec("crawl", "A", t0.Add(8*24*time.Hour)), false, first.ID, "8 days ago, more than 7 days"},
	}
	for _, s := range steps {
		got, err := db.StartRun(s.spec)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got.Resumed != s.resumes || s.resumes && got.ID != first.ID || !s.resumes && got.ID == first.ID {
			t.Errorf("%s: run %s resumed=%v; want resumed=%v (first %s)", s.name, got.ID, got.Resumed, s.resumes, first.ID)
		}
		switch {
		case s.passed == "" && got.Passed != nil && !s.resumes:
			t.Errorf("%s: passed over %s (%s), want none", s.name, got.Passed.ID, got.Why)
		case s.passed != "" && (got.Passed == nil || got.Passed.ID != s.passed || !strings.Contains(got.Why, s.why)):
			t.Errorf("%s: passed over %+v (%q), want %s (%q)", s.name, got.Passed, got.Why, s.passed, s.why)
		}
	}
}
