package main

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/membudget"
)

// Each tool run of the parser holds its expected memory while it runs,
// and one that does not fit (chromium holds its share, the crawl is
// large) does not run until it does: here its wait is cancelled, and the
// tool never ran.
func TestAdmitParser(t *testing.T) {
	pdf := make([]byte, 1<<20)
	for _, tc := range []struct {
		name string
		call func(p extract.Parser) error
		want int64
	}{
		{"pdftotext", func(p extract.Parser) error { _, err := p.PDFText(pdf); return err }, pdfToolMem + 1<<20},
		{"pdftoppm ink", func(p extract.Parser) error { _, err := p.PageInk(pdf); return err }, pdfToolMem + 1<<20},
		{"ocr, two slots", func(p extract.Parser) error { _, err := p.OCR(pdf, extract.KindPDF, nil); return err }, 2*ocrPageMem + 1<<20},
		{"libreoffice", func(p extract.Parser) error { _, err := p.Office(pdf, extract.KindDOC); return err }, officeMem},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var reading membudget.Reading
			budget := membudget.New(membudget.Options{Limit: 512 << 20, Every: time.Hour,
				Read: func() (membudget.Reading, error) { mu.Lock(); defer mu.Unlock(); return reading, nil }})
			defer budget.Stop()
			mem := &crawlMemory{budget: budget}
			var held []int64
			tool := func() { held = append(held, budget.Snapshot().Held[membudget.Tool]) }
			fake := extract.Parser{
				PDFText: func([]byte) (string, error) { tool(); return "", nil },
				PageInk: func([]byte) ([]int, error) { tool(); return nil, nil },
				OCR:     func([]byte, string, []int) (extract.OCRDoc, error) { tool(); return extract.OCRDoc{}, nil },
				Office:  func([]byte, string) (extract.OfficeDoc, error) { tool(); return extract.OfficeDoc{}, nil },
			}
			p := mem.admitParser(context.Background(), fake, 2)
			if err := tc.call(p); err != nil || len(held) != 1 || held[0] != tc.want {
				t.Fatalf("run: %v, held while running %v, want [%d]", err, held, tc.want)
			}
			if s := budget.Snapshot(); s.Grants != 0 || s.Held[membudget.Tool] != 0 {
				t.Errorf("after the run: %+v, want nothing held", s)
			}

			release, _ := budget.Acquire(context.Background(), membudget.Browser, chromiumMem)
			defer release()
			mu.Lock()
			reading = membudget.Reading{Go: 300 << 20, Browser: 250 << 20}
			mu.Unlock()
			ctx, cancel := context.WithCancel(context.Background())
			p = mem.admitParser(ctx, fake, 2)
			done := make(chan error, 1)
			go func() { done <- tc.call(p) }()
			for i := 0; budget.Snapshot().Waiting == 0; i++ {
				if i == 100000 {
					t.Fatal("the run that does not fit never waited")
				}
				time.Sleep(time.Millisecond)
			}
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) || len(held) != 1 {
				t.Errorf("run that does not fit: %v, tool ran %d times; want context.Canceled, once (the first run)", err, len(held))
			}
		})
	}
}
