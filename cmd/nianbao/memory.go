package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/membudget"
)

// What chromium and each tool run are expected to take at their peak
// (anonymous memory), as measured on the development machine (README):
// the memory budget admits them by these, and by what it measures once
// they run.
const (
	// chromiumMem: browser process, zygotes, utilities and the one tab's
	// renderer; 233–266 MB measured at their peak.
	chromiumMem = 256 << 20
	// pdfToolMem: pdftotext, or pdftoppm weighing ink at 24 dpi, on a
	// report (3–23 MB measured), plus the document itself (pdftotext reads
	// it from standard input into memory).
	pdfToolMem = 24 << 20
	// ocrPageMem: pdftoppm at 300 dpi and tesseract on one page
	// (tesseract 87–113 MB), per OCR slot.
	ocrPageMem = 128 << 20
	// officeMem: LibreOffice converting a document (209–238 MB RSS).
	officeMem = 256 << 20
)

// crawlMemory keeps memory_limit_mb for the crawl's whole process tree:
// the crawl, chromium and the tools it runs (membudget). Go's soft limit
// is what chromium and the tools leave; chromium's start and every tool
// run wait until they fit.
type crawlMemory struct {
	budget   *membudget.Budget // nil when memory_limit_mb is 0: everything admitted
	chromium atomic.Int64      // process id of the running chromium, 0 when none
	log      *slog.Logger
}

// startMemory starts the budget for memory_limit_mb (Go's limit itself is
// set and restored by the crawl); stop ends it. A nil *crawlMemory admits
// everything.
func startMemory(cfg Config, log *slog.Logger) *crawlMemory {
	m := &crawlMemory{log: log}
	if cfg.MemoryLimit <= 0 {
		return m
	}
	m.budget = membudget.New(membudget.Options{
		Limit: int64(cfg.MemoryLimit) << 20,
		Read:  membudget.ProcReader(os.Getpid(), func() int { return int(m.chromium.Load()) }),
		SetGo: func(v int64) { debug.SetMemoryLimit(v) },
		Nudge: debug.FreeOSMemory,
	})
	return m
}

// stop ends the budget and logs how often chromium and the tools waited
// for memory.
func (m *crawlMemory) stop() {
	if m == nil || m.budget == nil {
		return
	}
	m.budget.Stop()
	st := m.budget.Snapshot().Stats
	m.log.Info("memory budget", "granted", st.Granted, "waited", st.Waited,
		"wait_total", st.WaitSum.Round(time.Millisecond), "longest_wait", st.WaitMost.Round(time.Millisecond))
}

func (m *crawlMemory) acquire(ctx context.Context, k membudget.Kind, want int64) (func(), error) {
	if m == nil {
		return func() {}, nil
	}
	return m.budget.Acquire(ctx, k, want)
}

// admitParser makes each tool run of p wait for its memory first.
func (m *crawlMemory) admitParser(ctx context.Context, p extract.Parser, ocrSlots int) extract.Parser {
	if m == nil || m.budget == nil {
		return p
	}
	if f := p.PDFText; f != nil {
		p.PDFText = func(pdf []byte) (string, error) {
			return admitted(ctx, m, "pdftotext", pdfToolMem+int64(len(pdf)), func() (string, error) { return f(pdf) })
		}
	}
	if f := p.PageInk; f != nil {
		p.PageInk = func(pdf []byte) ([]int, error) {
			return admitted(ctx, m, "pdftoppm", pdfToolMem+int64(len(pdf)), func() ([]int, error) { return f(pdf) })
		}
	}
	if f := p.OCR; f != nil {
		p.OCR = func(body []byte, kind string, pages []int) (extract.OCRDoc, error) {
			want := int64(max(ocrSlots, 1))*ocrPageMem + int64(len(body))
			return admitted(ctx, m, "ocr", want, func() (extract.OCRDoc, error) { return f(body, kind, pages) })
		}
	}
	if f := p.Office; f != nil {
		p.Office = func(body []byte, kind string) (extract.OfficeDoc, error) {
			return admitted(ctx, m, "libreoffice", officeMem, func() (extract.OfficeDoc, error) { return f(body, kind) })
		}
	}
	return p
}

// admitted runs fn once want bytes of memory are granted to it.
func admitted[T any](ctx context.Context, m *crawlMemory, tool string, want int64, fn func() (T, error)) (T, error) {
	release, err := m.acquire(ctx, membudget.Tool, want)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("%s: %w", tool, err)
	}
	defer release()
	return fn()
}
