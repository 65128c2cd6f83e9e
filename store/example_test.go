package store_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/store"
)

// Archive a fetch, then its parsed record, and read the record back.
func Example() {
	dir, _ := os.MkdirTemp("", "nianbao")
	defer os.RemoveAll(dir)
	db, err := store.Open(filepath.Join(dir, "nianbao.db"), store.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	c := &capture.Capture{URL: "http://www.example.gov.cn/zfxxgknb/t1.html", Status: 200,
		Outcome: capture.OutcomeOK, Body: []byte("<html>2023年政府信息公开工作年度报告</html>"),
		FetchedAt: time.Date(2024, 1, 15, 8, 0, 0, 0, time.UTC), Kind: "report"}
	saved, err := db.SaveCapture(c) // raw bytes first
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("version", saved.Version, "new", saved.New)

	rec := &extract.Record{URL: c.URL, Title: "2023年政府信息公开工作年度报告", Year: 2023,
		RegionCode: "110101", Province: "北京市", SHA256: saved.Digest, FetchedAt: c.FetchedAt}
	if err := db.SaveRecord(rec); err != nil {
		log.Fatal(err)
	}
	_ = db.Records(store.RecordFilter{Year: 2023}, func(r *extract.Record) error {
		fmt.Println(r.Year, r.Title)
		return nil
	})
	p, _ := db.Prior(c.URL)
	fmt.Println("is report", p.IsReport)
	// Output:
	// version 1 new true
	// 2023 2023年政府信息公开工作年度报告
	// is report true
}
