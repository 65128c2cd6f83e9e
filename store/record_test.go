package store

import (
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract"
)

// seedRecords archives n report captures with records spread over regions,
// years and provinces, and returns the records.
func seedRecords(t testing.TB, db *DB, n int) []*extract.Record {
	t.Helper()
	provinces := []string{"北京市", "河北省", "广东省"}
	var out []*extract.Record
	for i := 0; i < n; i++ {
		c := newCapture(fmt.Sprintf("http://www.r%d.gov.cn/zfxxgknb/t%d.html", i%7, i), []byte(fmt.Sprintf("<html><title>%d年度报告</title><body>%s</body></html>", i, strings.Repeat("政府信息公开", i%50))), t0.Add(time.Duration(i)*time.Minute), "")
		mustSave(t, db, c)
		rec := newRecord(c, 2019+i%5, fmt.Sprintf("1101%02d", i%7), provinces[i%3])
		if i%4 == 0 {
			rec.Format = extract.Format2019
		}
		if err := db.SaveRecord(rec); err != nil {
			t.Fatalf("save record: %v", err)
		}
		out = append(out, rec)
	}
	return out
}

func urlsOf(t *testing.T, db *DB, f RecordFilter) []string {
	t.Helper()
	var got []string
	if err := db.Records(f, func(r *extract.Record) error { got = append(got, r.URL); return nil }); err != nil {
		t.Fatalf("records %+v: %v", f, err)
	}
	sort.Strings(got)
	return got
}

func TestDB_Records_Filters(t *testing.T) {
	db := openTest(t)
	recs := seedRecords(t, db, 1300) // more than two chunks
	tests := []struct {
		name string
		f    RecordFilter
	}{
		{"all", RecordFilter{}},
		{"year", RecordFilter{Year: 2021}},
		{"year+province", RecordFilter{Year: 2021, Province: "河北省"}},
		{"province", RecordFilter{Province: "广东省"}},
		{"region", RecordFilter{Region: "110103"}},
		{"region+year", RecordFilter{Region: "110103", Year: 2022}},
		{"format", RecordFilter{Format: extract.Format2019}},
		{"since", RecordFilter{Since: t0.Add(1000 * time.Minute)}},
		{"nothing", RecordFilter{Region: "999999"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for _, r := range recs {
				if tt.f.match(r) {
					want = append(want, r.URL)
				}
			}
			sort.Strings(want)
			got := urlsOf(t, db, tt.f)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("got %d records, want %d", len(got), len(want))
			}
		})
	}
	if len(urlsOf(t, db, RecordFilter{})) != 1300 {
		t.Error("not all records returned")
	}
	st, err := db.Stats()
	if err != nil {
		t.Fatal(err)
	}
	wantYear, wantProv := map[int]int64{}, map[string]int64{}
	for _, r := range recs {
		wantYear[r.Year]++
		wantProv[r.Province]++
	}
	if st.Records != 1300 || fmt.Sprint(st.ByYear) != fmt.Sprint(wantYear) || fmt.Sprint(st.ByProvince) != fmt.Sprint(wantProv) {
		t.Errorf("stats: %d records, by year %v, by province %v", st.Records, st.ByYear, st.ByProvince)
	}
}

func TestDB_SaveRecord_ReplacesAndKeepsHistory(t *testing.T) {
	db := openTest(t)
	const u = "http://www.example.gov.cn/report.html"
	c1 := newCapture(u, []byte("<html>v1</html>"), t0, "")
	mustSave(t, db, c1)
	r1 := newRecord(c1, 2022, "110101", "北京市")
	for i := 0; i < 2; i++ { // saving the same record twice adds no history
		if err := db.SaveRecord(r1); err != nil {
			t.Fatal(err)
		}
	}
	if p, _ := db.Prior(u); !p.IsReport {
		t.Error("Prior.IsReport false after SaveRecord")
	}
	c2 := newCapture(u, []byte("<html>v2</html>"), t0.Add(time.Hour), "")
	mustSave(t, db, c2)
	if p, _ := db.Prior(u); p.IsReport {
		t.Error("Prior.IsReport still true for a new version without a record")
	}
	r2 := newRecord(c2, 2023, "110102", "北京市")
	if err := db.SaveRecord(r2); err != nil {
		t.Fatal(err)
	}
	if got := urlsOf(t, db, RecordFilter{Region: "110101"}); len(got) != 0 {
		t.Errorf("old index entry left: %v", got)
	}
	if got := urlsOf(t, db, RecordFilter{Region: "110102", Year: 2023}); len(got) != 1 {
		t.Errorf("new record not indexed: %v", got)
	}
	if got := urlsOf(t, db, RecordFilter{AllVersions: true}); len(got) != 2 {
		t.Errorf("all versions = %v, want current + 1 superseded", got)
	}
	if err := db.SaveRecord(r1); err != nil { // a late record of the older capture
		t.Fatal(err)
	}
	var cur []*extract.Record
	_ = db.Records(RecordFilter{}, func(r *extract.Record) error { cur = append(cur, r); return nil })
	if len(cur) != 1 || cur[0].SHA256 != c2.Digest() {
		t.Errorf("current record is not the newest capture's")
	}
	if got := urlsOf(t, db, RecordFilter{AllVersions: true}); len(got) != 3 {
		t.Errorf("all versions = %d, want current + 2 superseded", len(got))
	}
}

func TestDB_SaveRecord_BodyNotArchived(t *testing.T) {
	db := openTest(t)
	c := newCapture("http://x.gov.cn/a", []byte("never saved"), t0, "")
	if err := db.SaveRecord(newRecord(c, 2022, "1", "p")); !errors.Is(err, ErrNotFound) {
		t.Errorf("SaveRecord without body: %v, want ErrNotFound", err)
	}
	if err := db.SaveRecord(&extract.Record{URL: "http://x.gov.cn/a", SHA256: "zz"}); err == nil {
		t.Error("SaveRecord with bad digest: no error")
	}
}

// A long export must not hold one read transaction: writes made from
// inside the iteration (which would deadlock bbolt's remap behind an open
// read transaction if it grew the file) complete.
func TestDB_Records_ChunkedReadDoesNotBlockWrites(t *testing.T) {
	db := openTest(t)
	seedRecords(t, db, 1200)
	rng := rand.New(rand.NewSource(5))
	n := 0
	err := db.Records(RecordFilter{}, func(r *extract.Record) error {
		n++
		if n%300 != 0 {
			return nil
		}
		var wg sync.WaitGroup
		errs := make(chan error, 1)
		wg.Add(1)
		go func() { // large bodies force the file (and the mmap) to grow
			defer wg.Done()
			body := make([]byte, 4<<20)
			rng.Read(body)
			_, err := db.SaveCapture(newCapture(fmt.Sprintf("http://big.gov.cn/%d.pdf", n), body, t0, ""))
			errs <- err
		}()
		select {
		case err := <-errs:
			wg.Wait()
			return err
		case <-time.After(10 * time.Second):
			return errors.New("SaveCapture blocked during Records iteration")
		}
	})
	if err != nil || n != 1200 {
		t.Fatalf("records: n=%d err=%v", n, err)
	}
}
