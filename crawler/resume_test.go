package crawler

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// hangingSite has a report page that never answers on the first run.
func hangingSite(t *testing.T, hang *atomic.Bool, reached chan<- struct{}) *site {
	s := newSite(t)
	s.page("/", "text/html", []byte(page("home", `<a href="/list/">年报</a>`)))
	s.page("/list/", "text/html", []byte(page("年报", `<a href="/report/a.html">a</a> <a href="/report/b.html">b</a>`)))
	s.page("/report/a.html", "text/html", []byte(page("2023年政府信息公开工作年度报告", "a")))
	s.handle("/report/b.html", func(w w, r *r) {
		if hang.Load() {
			select {
			case reached <- struct{}{}:
			default:
			}
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("2022年政府信息公开工作年度报告", "b"))
	})
	return s
}

// settle waits for the goroutine count to drop to at most n.
func settle(n int) int {
	deadline := time.Now().Add(2 * time.Second)
	for {
		g := runtime.NumGoroutine()
		if g <= n || time.Now().After(deadline) {
			return g
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestCrawler_Run_CancelAndResume(t *testing.T) {
	var hang atomic.Bool
	hang.Store(true)
	reached := make(chan struct{}, 1)
	s := hangingSite(t, &hang, reached)
	done := flat(t, 2, 0, "")
	a := newFakeArchive("r1")
	opt := testOptions()
	opt.Timeout = time.Minute // only cancellation can end the hang
	opt.Parallel = 1
	seeds := []Seed{{Code: "done", URL: done.url("/")}, {Code: "hang", URL: s.url("/")}}
	before := runtime.NumGoroutine()

	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-reached; cancel() }()
	cr := New(opt, a, testParse)
	start := time.Now()
	res, err := cr.Run(ctx, "r1", seeds)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Run took %v after cancel", d)
	}
	if res[1].Outcome != "cancelled" || res[0].Outcome != "ok" {
		t.Errorf("outcomes %q %q", res[0].Outcome, res[1].Outcome)
	}
	if d, _ := a.DoneSites("r1"); len(d) != 1 || d["hang"].Code != "" {
		t.Errorf("done sites after cancel: %v", d)
	}
	cr.Close()
	if g := settle(before); g > before {
		t.Errorf("goroutines: %d before, %d after Run", before, g)
	}

	// Resume: the finished seed is skipped, pages captured before the
	// interruption are replayed, the rest is fetched once.
	hang.Store(false)
	nDone, nCaps := len(done.allHits()), len(a.caps)
	res, err = New(opt, a, testParse).Run(context.Background(), "r1", seeds)
	if err != nil {
		t.Fatal(err)
	}
	if len(done.allHits()) != nDone {
		t.Errorf("finished seed crawled again")
	}
	for _, p := range []string{"/robots.txt", "/", "/list/", "/report/a.html"} {
		if n := len(s.requests(p)); n != 1 {
			t.Errorf("%s requested %d times across the interrupted and resumed run", p, n)
		}
	}
	if len(a.caps) != nCaps+1 {
		t.Errorf("resume added %d captures, want 1 (report b)", len(a.caps)-nCaps)
	}
	if r := res[1]; r.Outcome != "ok" || r.Reports != 2 {
		t.Errorf("resumed site %+v", r)
	}
}

func TestCrawler_Run_CancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := New(testOptions(), newFakeArchive("r"), testParse).Run(ctx, "r", []Seed{{Code: "1", URL: "http://127.0.0.1:1/"}})
	if !errors.Is(err, context.Canceled) || res[0].Outcome != "cancelled" {
		t.Errorf("got %v, %+v", err, res)
	}
}
