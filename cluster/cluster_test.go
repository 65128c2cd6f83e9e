package cluster

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler"
	"github.com/nianbao/nianbao/internal/redistest"
)

func dial(t *testing.T, rs *redistest.Server, opt Options) *Coordinator {
	t.Helper()
	c, err := Dial(context.Background(), rs.URL(0), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func seedsN(n int) []crawler.Seed {
	out := make([]crawler.Seed, n)
	for i := range out {
		out[i] = crawler.Seed{Code: fmt.Sprintf("%06d", 410100+i), URL: fmt.Sprintf("http://site%d.example/", i)}
	}
	return out
}

func TestDial_Unreachable_ClearError(t *testing.T) {
	_, err := Dial(context.Background(), "redis://127.0.0.1:1/0", Options{})
	if err == nil || !strings.Contains(err.Error(), "coordinator 127.0.0.1:1 unreachable") {
		t.Fatalf("err = %v, want a clear unreachable error", err)
	}
	if _, err := Dial(context.Background(), "http://x/0", Options{}); err == nil {
		t.Fatal("a non-redis URL was accepted")
	}
}

func TestBeginRun_JoinsOnlySameSeedsAndRecent(t *testing.T) {
	rs := redistest.Start(t, redistest.Options{})
	c := dial(t, rs, Options{})
	ctx := context.Background()
	a, created, err := c.BeginRun(ctx, "crawl", 0, seedsN(5))
	if err != nil || !created || a.Sites != 5 || a.Passed != "" {
		t.Fatalf("first BeginRun: %+v created=%v err=%v", a, created, err)
	}
	b, created, err := c.BeginRun(ctx, "crawl", 0, seedsN(5))
	if err != nil || created || b.ID != a.ID {
		t.Fatalf("second BeginRun: id %s (want %s) created=%v err=%v", b.ID, a.ID, created, err)
	}
	bf, created, err := c.BeginRun(ctx, "backfill", 2020, seedsN(4))
	if err != nil || !created || bf.ID == a.ID || bf.Passed != "" {
		t.Fatalf("a backfill run is its own run: %+v created=%v err=%v", bf, created, err)
	}
	other, created, err := c.BeginRun(ctx, "crawl", 0, seedsN(4))
	if err != nil || !created || other.ID == a.ID || other.Passed != a.ID || other.Why != "it covers another seed selection" {
		t.Fatalf("a worker with another seed selection: %+v created=%v err=%v; want a new run passing over %s", other, created, err, a.ID)
	}
	old := time.Now().Add(-8 * 24 * time.Hour).UTC().Format(time.RFC3339Nano)
	if err := c.rdb.HSet(ctx, other.key(""), "started", old).Err(); err != nil {
		t.Fatal(err)
	}
	next, created, err := c.BeginRun(ctx, "crawl", 0, seedsN(4))
	if err != nil || !created || next.ID == other.ID || next.Passed != other.ID || !strings.Contains(next.Why, "8 days ago, more than 7 days") {
		t.Fatalf("a run started 8 days ago: %+v created=%v err=%v; want a new run passing over %s", next, created, err, other.ID)
	}
	if again, created, err := c.BeginRun(ctx, "crawl", 0, seedsN(4)); err != nil || created || again.ID != next.ID {
		t.Fatalf("joining the new run: %+v created=%v err=%v", again, created, err)
	}
}

// drain takes every site q hands out and reports it done, until the run
// has a result for every site.
func drain(t *testing.T, q *Queue, got *sync.Map) {
	t.Helper()
	ctx := context.Background()
	for {
		job, ok, err := q.Next(ctx)
		if err != nil {
			t.Error(err)
			return
		}
		if !ok {
			return
		}
		got.Store(job.Seed.Code, q.consumer)
		if err := q.Done(ctx, job, capture.SiteResult{Code: job.Seed.Code, Outcome: "ok"}); err != nil {
			t.Error(err)
		}
	}
}

func TestQueue_DeadWorkersSitesReclaimed(t *testing.T) {
	rs := redistest.Start(t, redistest.Options{})
	c := dial(t, rs, Options{JobLease: 600 * time.Millisecond, Poll: 50 * time.Millisecond})
	ctx := context.Background()
	run, _, err := c.BeginRun(ctx, "crawl", 0, seedsN(6))
	if err != nil {
		t.Fatal(err)
	}
	dead := run.Queue("dead")
	var lost []string
	for range 2 { // claims two sites, then dies: no Done, no heartbeat
		job, ok, err := dead.Next(ctx)
		if err != nil || !ok {
			t.Fatalf("dead worker's claim: ok=%v err=%v", ok, err)
		}
		lost = append(lost, job.Seed.Code)
	}
	var got sync.Map
	start := time.Now()
	drain(t, run.Queue("alive"), &got)
	for _, code := range lost {
		if w, ok := got.Load(code); !ok || w != "alive" {
			t.Errorf("site %s of the dead worker not reclaimed (got %v)", code, w)
		}
	}
	if d := time.Since(start); d < 600*time.Millisecond {
		t.Errorf("sites reclaimed after %s, before the lease ran out", d)
	}
	snaps, err := c.Snapshots(ctx)
	if err != nil || len(snaps) != 1 || len(snaps[0].Results) != 6 || snaps[0].Finished.IsZero() || snaps[0].Pending != 0 {
		t.Fatalf("snapshot after the run: %+v err=%v", snaps, err)
	}
}

func TestQueue_LiveWorkerKeepsItsSites(t *testing.T) {
	rs := redistest.Start(t, redistest.Options{})
	c := dial(t, rs, Options{JobLease: 600 * time.Millisecond, Poll: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	run, _, err := c.BeginRun(ctx, "crawl", 0, seedsN(3))
	if err != nil {
		t.Fatal(err)
	}
	slow := run.Queue("slow")
	go slow.Heartbeat(ctx)
	job, _, err := slow.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got sync.Map
	done := make(chan struct{})
	go func() { drain(t, run.Queue("other"), &got); close(done) }()
	time.Sleep(2 * time.Second) // three leases: a renewed site must stay
	if _, ok := got.Load(job.Seed.Code); ok {
		t.Errorf("site %s taken from a worker that renews it", job.Seed.Code)
	}
	slow.Done(ctx, job, capture.SiteResult{Code: job.Seed.Code})
	<-done
	cancel()
}

func TestHosts_TwoWorkersNeverExceedSlotsOrSpacing(t *testing.T) {
	rs := redistest.Start(t, redistest.Options{})
	c := dial(t, rs, Options{})
	run, _, err := c.BeginRun(context.Background(), "crawl", 0, seedsN(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		slots   int
		spacing time.Duration
	}{{1, 30 * time.Millisecond}, {2, 0}} {
		t.Run(fmt.Sprintf("slots=%d,spacing=%s", tc.slots, tc.spacing), func(t *testing.T) {
			host := fmt.Sprintf("shared-%d.example", tc.slots)
			var inFlight, peak atomic.Int64
			var mu sync.Mutex
			var starts []time.Time
			var wg sync.WaitGroup
			for w := range 2 {
				h := run.Hosts(fmt.Sprintf("w%d", w))
				for range 3 { // each worker's own goroutines, as sites sharing the host
					wg.Go(func() {
						for range 4 {
							l, err := h.Acquire(context.Background(), host, tc.slots, tc.spacing)
							if err != nil {
								t.Error(err)
								return
							}
							mu.Lock()
							starts = append(starts, time.Now())
							mu.Unlock()
							peak.Store(max(peak.Load(), inFlight.Add(1)))
							time.Sleep(10 * time.Millisecond)
							inFlight.Add(-1)
							l.Release(context.Background(), tc.spacing)
						}
					})
				}
			}
			wg.Wait()
			if p := peak.Load(); p > int64(tc.slots) || p == 0 {
				t.Errorf("%d requests in flight at once, limit %d", p, tc.slots)
			}
			if tc.spacing > 0 {
				checkSpacing(t, starts, tc.spacing)
			}
		})
	}
}

// checkSpacing: starts spaced at least spacing apart (Redis keeps ms).
func checkSpacing(t *testing.T, starts []time.Time, spacing time.Duration) {
	t.Helper()
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < spacing-2*time.Millisecond {
			t.Errorf("requests %d and %d only %s apart, spacing %s", i-1, i, gap, spacing)
		}
	}
}

func TestHosts_DeadHolderSlotExpires(t *testing.T) {
	rs := redistest.Start(t, redistest.Options{})
	c := dial(t, rs, Options{HostLease: 300 * time.Millisecond})
	run, _, _ := c.BeginRun(context.Background(), "crawl", 0, seedsN(1))
	if _, err := run.Hosts("dead").Acquire(context.Background(), "h.example", 1, 0); err != nil {
		t.Fatal(err) // never released
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := run.Hosts("alive").Acquire(ctx, "h.example", 1, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("slot held by another worker was given out: %v", err)
	}
	start := time.Now()
	if _, err := run.Hosts("alive").Acquire(context.Background(), "h.example", 1, 0); err != nil {
		t.Fatal(err)
	}
	t.Logf("dead worker's slot free after %s more", time.Since(start))
}

func TestHosts_RobotsFetchedOncePerRun(t *testing.T) {
	rs := redistest.Start(t, redistest.Options{})
	c := dial(t, rs, Options{})
	run, _, _ := c.BeginRun(context.Background(), "crawl", 0, seedsN(1))
	var fetches atomic.Int64
	fetch := func(ctx context.Context) (crawler.RobotsFile, error) {
		fetches.Add(1)
		time.Sleep(50 * time.Millisecond)
		return crawler.RobotsFile{Status: 200, Body: []byte("User-agent: *\nDisallow: /private/\n")}, nil
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			f, err := run.Hosts(fmt.Sprintf("w%d", w)).Robots(context.Background(), "h.example", fetch)
			if err != nil || f.Status != 200 || len(f.Body) == 0 {
				t.Errorf("worker %d: %+v %v", w, f, err)
			}
		})
	}
	wg.Wait()
	if n := fetches.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times by 4 workers, want once", n)
	}
}
