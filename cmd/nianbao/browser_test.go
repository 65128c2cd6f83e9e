package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/crawler/browser"
	"github.com/nianbao/nianbao/internal/membudget"
	"github.com/nianbao/nianbao/sim"
)

// chromiumRunning says whether a chromium process uses profile dir.
func chromiumRunning(dir string) bool {
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), dir) {
			return true
		}
	}
	return false
}

// The crawl's chromium starts on the first visit that needs it, stops
// once no visit has needed it for the idle time (its processes gone),
// starts again for the next, and a visit after close is refused.
func TestLazyBrowser_StopsWhenIdle(t *testing.T) {
	requireChromium(t)
	s, err := sim.Serve(sim.ChallengeSite("521"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l := &lazyBrowser{opt: browser.Options{MaxTabs: 1, Timeout: 30 * time.Second}, idle: 300 * time.Millisecond,
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	defer l.close()
	visit := func() string {
		t.Helper()
		p, err := l.Visit(context.Background(), s.URL+"/", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Cookies) == 0 {
			t.Fatalf("the visit earned no cookie; responses %d", len(p.Responses))
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.b.ProfileDir()
	}
	first := visit()
	if !chromiumRunning(first) {
		t.Fatal("chromium not running after a visit")
	}
	deadline := time.Now().Add(20 * time.Second)
	for chromiumRunning(first) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if chromiumRunning(first) {
		t.Fatal("chromium still running 20 s after the idle time")
	}
	second := visit()
	if second == first || l.starts != 2 {
		t.Errorf("second visit: profile %s (first %s), %d starts; want a new chromium, 2 starts", second, first, l.starts)
	}
	l.close()
	if chromiumRunning(second) {
		t.Error("chromium still running after close")
	}
	if _, err := l.Visit(context.Background(), s.URL+"/", 1); err != errBrowserClosed {
		t.Errorf("visit after close: %v, want errBrowserClosed", err)
	}
}

// With a memory budget, chromium holds its expected memory from its start
// to its stop, is measured apart from the crawl, and Go's soft limit is
// what it leaves; once it is stopped and the budget ended, Go has the
// whole limit back.
func TestLazyBrowser_MemoryBudget(t *testing.T) {
	requireChromium(t)
	s, err := sim.Serve(sim.ChallengeSite("521"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const limit = 4 << 30
	prev := debug.SetMemoryLimit(limit)
	defer debug.SetMemoryLimit(prev)
	mem := startMemory(Config{MemoryLimit: limit >> 20}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer mem.stop()
	l := &lazyBrowser{opt: browser.Options{MaxTabs: 1, Timeout: 30 * time.Second}, idle: time.Hour, mem: mem,
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	defer l.close()
	if _, err := l.Visit(context.Background(), s.URL+"/", 1); err != nil {
		t.Fatal(err)
	}
	var snap membudget.Snapshot
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if snap = mem.budget.Snapshot(); snap.Reading.Browser > 0 {
			break
		}
	}
	if snap.Held[membudget.Browser] != chromiumMem || snap.Reading.Browser < 20<<20 || snap.Reading.Browser > 1<<30 {
		t.Errorf("chromium running: held %d MB, measured %d MB; want %d MB held, tens to hundreds measured",
			snap.Held[membudget.Browser]>>20, snap.Reading.Browser>>20, chromiumMem>>20)
	}
	if got, want := debug.SetMemoryLimit(-1), snap.GoShare; got != want || got > limit-chromiumMem || got < limit/2 {
		t.Errorf("Go's limit while chromium runs: %d MB, budget says %d MB; want at most %d MB", got>>20, want>>20, (limit-chromiumMem)>>20)
	}
	l.close()
	if snap = mem.budget.Snapshot(); snap.Held[membudget.Browser] != 0 || snap.Grants != 0 || mem.chromium.Load() != 0 {
		t.Errorf("after close: %+v, chromium pid %d; want nothing held", snap, mem.chromium.Load())
	}
	mem.stop()
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("Go's limit after the budget stopped: %d MB, want %d MB", got>>20, limit>>20)
	}
}
