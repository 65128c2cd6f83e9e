package store

import (
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
)

func TestDB_Failures_NoteListClear(t *testing.T) {
	db := openTest(t)
	if _, ok, err := db.Failure("http://a/x"); ok || err != nil {
		t.Fatalf("fresh archive remembers a failure: %v %v", ok, err)
	}
	for i, u := range []string{"http://a/x", "http://a/y"} {
		f := capture.Failure{URL: u, Site: "1", Reason: "timeout", Count: i + 1, First: t0, Last: t0, Due: t0.Add(24 * time.Hour)}
		if err := db.NoteFailure(f); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Failures()
	if err != nil || len(got) != 2 || got[0].URL != "http://a/y" || got[0].Count != 2 {
		t.Fatalf("failures = %+v, %v; want the longest-failing first", got, err)
	}
	if err := db.ClearFailure("http://a/y"); err != nil {
		t.Fatal(err)
	}
	if f, ok, _ := db.Failure("http://a/x"); !ok || f.Reason != "timeout" || !f.Due.Equal(t0.Add(24*time.Hour)) {
		t.Errorf("failure of x = %+v %v", f, ok)
	}
	if _, ok, _ := db.Failure("http://a/y"); ok {
		t.Error("cleared failure still remembered")
	}
}
