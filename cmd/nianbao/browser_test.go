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

// While chromium runs, Go's soft memory limit is memory_limit_mb minus
// what chromium holds (at least a quarter of it); stopping gives Go the
// whole limit back.
func TestShareMemory(t *testing.T) {
	requireChromium(t)
	b, err := browser.New(browser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	chromium, err := b.Memory()
	if err != nil || chromium < 20<<20 {
		t.Fatalf("chromium's memory: %d bytes, %v; want tens of MB", chromium, err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tc := range []struct {
		name  string
		limit int64
	}{
		{"shared", 4 << 30},
		{"floor", 64 << 20}, // chromium holds more than 3/4 of it
	} {
		t.Run(tc.name, func(t *testing.T) {
			prev := debug.SetMemoryLimit(tc.limit)
			defer debug.SetMemoryLimit(prev)
			stop := shareMemory(b, tc.limit, log)
			time.Sleep(2 * shareEvery)
			got := debug.SetMemoryLimit(-1)
			want := max(tc.limit-chromium, tc.limit/4)
			if got >= tc.limit || got < tc.limit/4 || got-want > 64<<20 || want-got > 64<<20 {
				t.Errorf("Go's limit while chromium runs: %d MB; want about %d MB (limit %d MB, chromium %d MB)",
					got>>20, want>>20, tc.limit>>20, chromium>>20)
			}
			stop()
			if got := debug.SetMemoryLimit(-1); got != tc.limit {
				t.Errorf("Go's limit after stop: %d MB, want %d MB", got>>20, tc.limit>>20)
			}
		})
	}
}
