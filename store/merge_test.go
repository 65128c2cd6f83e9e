package store

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// worker archives a capture per (body, time) of url into a fresh archive.
func workerArchive(t *testing.T, dir, name, url string, caps map[string]time.Time, sharedAt time.Time) string {
	t.Helper()
	path := filepath.Join(dir, name+".db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for body, at := range caps {
		mustSave(t, db, newCapture(url, []byte(body), at, ""))
	}
	mustSave(t, db, newCapture("http://shared.example/same.html", []byte("same body"), sharedAt, ""))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMerge_VersionsByTime_Idempotent_VerifyClean(t *testing.T) {
	dir := t.TempDir()
	const u = "http://www.example.gov.cn/nb/2023.html"
	// worker a fetched the newer body, worker b the older one (and a third);
	// they are merged a first, so merge order is not time order.
	a := workerArchive(t, dir, "a", u, map[string]time.Time{"v2 body": t0.Add(2 * time.Hour)}, t0.Add(time.Minute))
	b := workerArchive(t, dir, "b", u, map[string]time.Time{"v1 body": t0.Add(time.Hour), "v3 body": t0.Add(3 * time.Hour)}, t0.Add(2*time.Minute))
	out := filepath.Join(dir, "merged.db")
	for pass := range 2 {
		rep, err := Merge(out, []string{a, b})
		if err != nil {
			t.Fatal(err)
		}
		if pass == 1 && (rep.Captures != 0 || rep.SegmentsCopied != 0 || rep.Duplicates != 5) {
			t.Errorf("second merge: %+v, want nothing added", rep)
		}
	}
	db, err := Open(out, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	vs, err := db.Versions(u)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"v1 body", "v2 body", "v3 body"}
	if len(vs) != len(want) {
		t.Fatalf("%d versions, want %d: %+v", len(vs), len(want), vs)
	}
	for i, v := range vs {
		body, err := db.Body(v.Digest)
		if err != nil || string(body) != want[i] || v.Version != i+1 {
			t.Errorf("version %d: %q (number %d, err %v), want %q", i+1, body, v.Version, err, want[i])
		}
	}
	var buf bytes.Buffer
	rep, err := db.Verify(&buf)
	if err != nil || len(rep.Problems) > 0 {
		t.Fatalf("verify after merge: %v %v\n%s", err, rep.Problems, buf.String())
	}
	if rep.Captures != 5 || rep.Bodies != 4 {
		t.Errorf("merged archive: %d captures, %d bodies; want 5 and 4 (the shared body once)", rep.Captures, rep.Bodies)
	}
}

// BenchmarkMerge10k merges two workers' archives of 5,000 captures each
// (distinct 20 KB pages, plus a body both fetched) into a new archive,
// verify excluded.
//
//	go test ./store -run '^$' -bench Merge10k -benchtime 1x
func BenchmarkMerge10k(b *testing.B) {
	dir := b.TempDir()
	var ins []string
	page := bytes.Repeat([]byte("<p>政府信息公开工作年度报告 2023 年</p>\n"), 500)
	for w := range 2 {
		path := filepath.Join(dir, fmt.Sprintf("w%d.db", w))
		db, err := Open(path, Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		for i := range 5000 {
			u := fmt.Sprintf("http://site%d.example.gov.cn/nb/%d.html", w, i)
			body := append(fmt.Appendf(nil, "%s %d\n", u, i), page...)
			mustSave(b, db, newCapture(u, body, t0.Add(time.Duration(i)*time.Second), ""))
		}
		db.Close()
		ins = append(ins, path)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out := filepath.Join(dir, fmt.Sprintf("merged%d.db", i))
		start := time.Now()
		rep, err := Merge(out, ins)
		if err != nil || rep.Captures != 10000 {
			b.Fatalf("%+v %v", rep, err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/merge")
		b.ReportMetric(10000/time.Since(start).Seconds(), "captures/s")
	}
}
