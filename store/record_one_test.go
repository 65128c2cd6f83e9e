package store

import (
	"errors"
	"testing"
	"time"
)

func TestDB_Record_CurrentAndHistory(t *testing.T) {
	db := openTest(t)
	url := "http://www.r1.gov.cn/zfxxgknb/t1.html"
	c1 := newCapture(url, []byte("<html>v1</html>"), t0, "")
	mustSave(t, db, c1)
	r1 := newRecord(c1, 2022, "110101", "北京市")
	if err := db.SaveRecord(r1); err != nil {
		t.Fatal(err)
	}
	c2 := newCapture(url, []byte("<html>v2</html>"), t0.Add(24*time.Hour), "")
	mustSave(t, db, c2)
	r2 := newRecord(c2, 2022, "110101", "北京市")
	r2.Fields["app_new_total"] = f64(13)
	if err := db.SaveRecord(r2); err != nil {
		t.Fatal(err)
	}

	got, err := db.Record(url)
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	if *got.Fields["app_new_total"] != 13 || got.SHA256 != c2.Digest() {
		t.Errorf("current record = %v %s, want the second parse", *got.Fields["app_new_total"], got.SHA256)
	}
	hist, err := db.RecordHistory(url)
	if err != nil {
		t.Fatalf("history: %v", err)
	}
	if len(hist) != 1 || *hist[0].Fields["app_new_total"] != 12 || hist[0].SHA256 != c1.Digest() {
		t.Fatalf("history = %d records, want the first parse only", len(hist))
	}

	if _, err := db.Record("http://nowhere.gov.cn/x.html"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing record: err = %v, want ErrNotFound", err)
	}
	if h, err := db.RecordHistory("http://nowhere.gov.cn/x.html"); err != nil || h != nil {
		t.Errorf("missing history = %v, %v; want nil, nil", h, err)
	}
}
