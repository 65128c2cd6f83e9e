package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// TestDB_RetryWaiting: a remembered failure is parsed again only when due;
// one that now parses becomes a record and is forgotten, one still failing
// is kept with its new reason, and a cancelled parse leaves it as it was.
func TestDB_RetryWaiting(t *testing.T) {
	db := openTest(t)
	pdf := newCapture("http://www.example.gov.cn/nb/2025.pdf", []byte("%PDF-1.7 report"), t0, "")
	bad := newCapture("http://www.example.gov.cn/nb/2024.pdf", []byte("%PDF-1.7 broken"), t0, "")
	img := newCapture("http://www.example.gov.cn/nb/chart.png", []byte("\x89PNG chart"), t0, "")
	for _, c := range []*capture.Capture{pdf, bad, img} {
		mustSave(t, db, c)
		if err := db.NoteParse(c.URL, c.Digest(), "tool_missing:pdftotext", extract.Version); err != nil {
			t.Fatal(err)
		}
	}
	fails := errors.New("bad xref")
	parse := func(c *capture.Capture) (*extract.Record, bool, error) {
		switch c.URL {
		case bad.URL:
			return nil, false, fails
		case img.URL: // not a document: nothing to wait for
			return nil, false, fmt.Errorf("image: %w", extract.ErrNotText)
		}
		return newRecord(c, 2025, "110101", "北京市"), true, nil
	}
	none := func(Waiting) bool { return false }
	if r, err := db.RetryWaiting(context.Background(), parse, none); err != nil || r.Parsed != 0 {
		t.Fatalf("nothing due: %+v %v", r, err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.RetryWaiting(cancelled, parse, func(Waiting) bool { return true }); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	r, err := db.RetryWaiting(context.Background(), parse, func(Waiting) bool { return true })
	if err != nil || r != (Retried{Parsed: 3, Reports: 1, Still: 1}) {
		t.Fatalf("retried %+v, %v; want 3 parsed, 1 report, 1 still failing", r, err)
	}
	if _, err := db.Record(pdf.URL); err != nil {
		t.Errorf("record of the PDF parsed again: %v", err)
	}
	list, err := db.WaitingList()
	if err != nil || len(list) != 1 || list[0].URL != bad.URL || list[0].Reason != "parse_error:bad xref" {
		t.Errorf("waiting after retry: %+v (%v); want only %s with parse_error:bad xref", list, err, bad.URL)
	}
}
