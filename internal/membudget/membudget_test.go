package membudget

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

const mb = 1 << 20

type req struct {
	kind Kind
	want int64
}

// The admission rule on measured readings: each case states the tree as
// measured, the grants in force and the requests in order, and how many of
// them are admitted. Whenever more than one grant is in force after
// admission, the tree as counted (the crawl measured, each kind at the
// larger of measured and held) must be within the limit.
func TestLedger_Admit(t *testing.T) {
	for _, tc := range []struct {
		name    string
		r       Reading
		held    [kinds]int64
		grants  int
		queue   []req
		admit   int
		goShare int64 // Go's limit after admission, MB (the first waiter's request taken off)
	}{
		{"idle crawl, one pdftotext", Reading{Go: 150 * mb}, [kinds]int64{}, 0,
			[]req{{Tool, 20 * mb}}, 1, 492},
		{"two tool slots fit beside chromium", Reading{Go: 150 * mb, Browser: 250 * mb}, [kinds]int64{256 * mb, 0}, 1,
			[]req{{Tool, 40 * mb}, {Tool, 40 * mb}}, 2, 512 - 256 - 80},
		{"the second tool waits for Go to shrink", Reading{Go: 190 * mb, Browser: 250 * mb}, [kinds]int64{256 * mb, 0}, 1,
			[]req{{Tool, 40 * mb}, {Tool, 40 * mb}}, 1, 512 - 256 - 40 - 40},
		{"chromium measured over its expectation counts as measured", Reading{Go: 150 * mb, Browser: 300 * mb}, [kinds]int64{256 * mb, 0}, 1,
			[]req{{Tool, 40 * mb}, {Tool, 40 * mb}}, 1, 512 - 300 - 40 - 40},
		{"a tool admitted but not yet grown counts at its expectation", Reading{Go: 150 * mb, Tools: 2 * mb}, [kinds]int64{0, 128 * mb}, 1,
			[]req{{Browser, 256 * mb}}, 0, 128},
		{"chromium starts once Go made room", Reading{Go: 100 * mb, Tools: 2 * mb}, [kinds]int64{0, 128 * mb}, 1,
			[]req{{Browser, 256 * mb}}, 1, 128},
		{"chromium waits for a LibreOffice kept running (no grant, measured)", Reading{Go: 100 * mb, Tools: 230 * mb}, [kinds]int64{}, 0,
			[]req{{Tool, 20 * mb}, {Browser, 256 * mb}}, 1, 128},
		{"first come first served: a small request does not pass a large one", Reading{Go: 150 * mb, Browser: 250 * mb}, [kinds]int64{256 * mb, 0}, 1,
			[]req{{Tool, 240 * mb}, {Tool, 20 * mb}}, 0, 128},
		{"with no grant in force one run goes ahead whatever Go holds", Reading{Go: 600 * mb}, [kinds]int64{}, 0,
			[]req{{Tool, 40 * mb}, {Tool, 40 * mb}}, 1, 512 - 40 - 40},
		{"Go's share never below a quarter of the limit", Reading{Go: 100 * mb, Browser: 250 * mb, Tools: 200 * mb}, [kinds]int64{256 * mb, 0}, 1,
			nil, 0, 128},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := ledger{limit: 512 * mb, r: tc.r, held: tc.held, grants: tc.grants}
			var q []*waiter
			for _, r := range tc.queue {
				q = append(q, &waiter{kind: r.kind, want: r.want})
			}
			n := l.admit(q)
			if n != tc.admit {
				t.Errorf("admitted %d of %d, want %d", n, len(q), tc.admit)
			}
			if l.grants != tc.grants+n {
				t.Errorf("%d grants in force, want %d", l.grants, tc.grants+n)
			}
			if used := l.r.Go + l.others(); l.grants > 1 && used > l.limit {
				t.Errorf("budget exceeded: %d grants, the tree counts %d MB of %d", l.grants, used/mb, l.limit/mb)
			}
			pending := int64(0)
			if n < len(q) {
				pending = q[n].want
			}
			if got := l.goShare(pending); got != tc.goShare*mb {
				t.Errorf("Go's share %d MB, want %d", got/mb, tc.goShare)
			}
		})
	}
}

// fakeTree is a Read function whose readings the test sets; SetGo records
// Go's limit.
type fakeTree struct {
	mu    sync.Mutex
	r     Reading
	err   error
	goLim int64
	nudge int
}

func (f *fakeTree) read() (Reading, error) { f.mu.Lock(); defer f.mu.Unlock(); return f.r, f.err }
func (f *fakeTree) set(r Reading)          { f.mu.Lock(); f.r = r; f.mu.Unlock() }
func (f *fakeTree) setGo(v int64)          { f.mu.Lock(); f.goLim = v; f.mu.Unlock() }
func (f *fakeTree) goLimit() int64         { f.mu.Lock(); defer f.mu.Unlock(); return f.goLim }

func newFake(t *testing.T, r Reading) (*Budget, *fakeTree) {
	f := &fakeTree{r: r}
	b := New(Options{Limit: 512 * mb, Read: f.read, SetGo: f.setGo, Nudge: func() { f.mu.Lock(); f.nudge++; f.mu.Unlock() },
		Every: time.Hour}) // the test measures by calling refresh
	t.Cleanup(b.Stop)
	return b, f
}

func acquireAsync(b *Budget, ctx context.Context, k Kind, want int64) chan error {
	done := make(chan error, 1)
	go func() {
		release, err := b.Acquire(ctx, k, want)
		if err == nil {
			defer release()
			<-ctx.Done() // hold it until the test ends it
		}
		done <- err
	}()
	return done
}

// waitWaiting waits (without a clock: a bounded spin on the state) until n
// requests wait.
func waitWaiting(t *testing.T, b *Budget, n int) {
	t.Helper()
	for i := 0; i < 1e6; i++ {
		if b.Snapshot().Waiting == n {
			return
		}
		time.Sleep(time.Microsecond)
	}
	t.Fatalf("%d waiting, want %d", b.Snapshot().Waiting, n)
}

// A tool that does not fit waits, with Go's limit lowered to make room
// for it; once Go is measured smaller it is admitted, and its release
// gives Go the room back.
func TestBudget_WaitsForGoToShrink(t *testing.T) {
	b, f := newFake(t, Reading{Go: 150 * mb, Browser: 250 * mb})
	relB, err := b.Acquire(context.Background(), Browser, 256*mb)
	if err != nil {
		t.Fatal(err)
	}
	defer relB()
	if got := f.goLimit(); got != 256*mb {
		t.Errorf("Go's limit with chromium running: %d MB, want 256", got/mb)
	}
	f.set(Reading{Go: 230 * mb, Browser: 250 * mb})
	b.refresh()
	ctx, cancel := context.WithCancel(context.Background())
	done := acquireAsync(b, ctx, Tool, 64*mb)
	waitWaiting(t, b, 1)
	b.refresh() // the request's own measurement may not have been applied yet
	if got := f.goLimit(); got != (512-256-64)*mb {
		t.Errorf("Go's limit while the tool waits: %d MB, want %d", got/mb, 512-256-64)
	}
	f.mu.Lock()
	nudges := f.nudge
	f.mu.Unlock()
	if nudges != 1 {
		t.Errorf("Go over its share with a waiter: %d nudges, want 1", nudges)
	}
	if s := b.Snapshot(); s.Waiting != 1 || s.Grants != 1 {
		t.Fatalf("tool admitted with Go at 230 MB: %+v", s)
	}
	f.set(Reading{Go: 180 * mb, Browser: 250 * mb})
	b.refresh()
	waitWaiting(t, b, 0)
	if s := b.Snapshot(); s.Grants != 2 || s.Held[Tool] != 64*mb {
		t.Errorf("after Go shrank: %+v, want the tool granted", s)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if s := b.Snapshot(); s.Grants != 1 || s.Held[Tool] != 0 || s.GoShare != 256*mb {
		t.Errorf("after release: %+v", s)
	}
	if st := b.Snapshot().Stats; st.Granted != 2 || st.Waited != 1 || st.WaitMost <= 0 || st.WaitSum != st.WaitMost {
		t.Errorf("stats %+v: want 2 granted, 1 after a wait", st)
	}
}

// A cancelled wait returns ctx's error and leaves nothing held or queued.
func TestBudget_CancelledWait(t *testing.T) {
	b, _ := newFake(t, Reading{Go: 400 * mb})
	rel, err := b.Acquire(context.Background(), Tool, 64*mb) // no grant in force: admitted
	if err != nil {
		t.Fatal(err)
	}
	defer rel()
	ctx, cancel := context.WithCancel(context.Background())
	done := acquireAsync(b, ctx, Tool, 64*mb)
	waitWaiting(t, b, 1)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v, want context.Canceled", err)
	}
	if s := b.Snapshot(); s.Waiting != 0 || s.Grants != 1 || s.Held[Tool] != 64*mb {
		t.Errorf("after the cancelled wait: %+v", s)
	}
}

// A failed reading (no /proc) admits everyone and gives Go the whole
// limit, as with no budget; Stop gives it back too.
func TestBudget_BlindAndStop(t *testing.T) {
	b, f := newFake(t, Reading{Go: 400 * mb})
	rel, _ := b.Acquire(context.Background(), Tool, 64*mb)
	defer rel()
	f.mu.Lock()
	f.err = errors.New("no /proc")
	f.mu.Unlock()
	b.refresh()
	rel2, err := b.Acquire(context.Background(), Tool, 64*mb)
	if err != nil || b.Snapshot().Waiting != 0 {
		t.Fatalf("blind budget still holds back: %v %+v", err, b.Snapshot())
	}
	rel2()
	if got := f.goLimit(); got != 512*mb {
		t.Errorf("Go's limit when blind: %d MB, want 512", got/mb)
	}
	var nb *Budget
	if rel, err := nb.Acquire(context.Background(), Tool, 1<<40); err != nil {
		t.Errorf("nil budget: %v", err)
	} else {
		rel()
	}
}

// The tree is split into the crawl, chromium's subtree and the rest;
// children that have not yet reached their exec are left out.
func TestTreeReading(t *testing.T) {
	anon := map[int]int64{1: 150, 2: 40, 3: 100, 4: 90, 5: 20, 6: 150, 7: 5}
	children := map[int][]int{1: {2, 5, 6}, 2: {3, 4}, 5: {7}, 99: {100}}
	for _, tc := range []struct {
		name    string
		browser int
		skip    int
		want    Reading
	}{
		{"chromium and a tool", 2, 6, Reading{Go: 150, Browser: 230, Tools: 25}},
		{"chromium not running", 0, 6, Reading{Go: 150, Tools: 255}},
		{"a fork counted as a tool when not recognised", 2, 0, Reading{Go: 150, Browser: 230, Tools: 175}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := treeReading(children, func(p int) int64 { return anon[p] }, 1, tc.browser, func(p int) bool { return p == tc.skip })
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// ProcReader on this process: a running child program counts as a tool,
// not as the crawl.
func TestProcReader(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Skip(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	for _, tc := range []struct {
		name    string
		browser int
	}{{"a tool", 0}, {"chromium", cmd.Process.Pid}} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ProcReader(os.Getpid(), func() int { return tc.browser })()
			if err != nil {
				t.Fatal(err)
			}
			child, want := r.Tools, r.Browser
			if tc.browser != 0 {
				child, want = r.Browser, r.Tools
			}
			if r.Go <= 0 || child <= 0 || child > rssAnon(cmd.Process.Pid)+mb || want != 0 {
				t.Errorf("reading %+v: want the test process's memory as Go, sleep's (%d bytes) as %s, nothing else",
					r, rssAnon(cmd.Process.Pid), tc.name)
			}
		})
	}
}

// BenchmarkProcReader: one measurement of this process's tree, as the
// budget takes four times a second and at each request and release.
func BenchmarkProcReader(b *testing.B) {
	read := ProcReader(os.Getpid(), func() int { return 0 })
	for b.Loop() {
		if _, err := read(); err != nil {
			b.Fatal(err)
		}
	}
}

// Stop lets a waiter go; every grant given back leaves nothing held, and
// a request after Stop is granted at once.
func TestBudget_StopAdmitsWaiters(t *testing.T) {
	b, _ := newFake(t, Reading{Go: 400 * mb})
	rel, err := b.Acquire(context.Background(), Tool, 64*mb)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan func(), 1)
	go func() {
		r, err := b.Acquire(context.Background(), Tool, 64*mb)
		if err != nil {
			r = func() {}
		}
		got <- r
	}()
	waitWaiting(t, b, 1)
	b.Stop()
	(<-got)()
	rel()
	if s := b.Snapshot(); s.Grants != 0 || s.Held[Tool] != 0 || s.Waiting != 0 {
		t.Errorf("after Stop and both releases: %+v, want nothing held", s)
	}
	late, err := b.Acquire(context.Background(), Tool, 1<<40)
	if err != nil {
		t.Fatalf("request after Stop: %v", err)
	}
	late()
}
