// Package membudget keeps a crawl's whole process tree within one memory
// limit (memory_limit_mb): the crawl process, chromium, and the programs it
// runs on documents (pdftotext, pdftoppm, tesseract, LibreOffice …).
//
// Go's garbage collector cannot give memory back as fast as a program
// takes it, so the limit is kept at admission: chromium's start and each
// tool run first ask for what they are expected to take at their peak and
// wait until it fits (a document waiting for memory waits; it is never
// dropped). Meanwhile Go's soft memory limit is what the others hold, and
// what the first waiter asks for, leave of the limit, so the collector
// makes the room the waiter needs.
package membudget

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Kind is what a grant is for.
type Kind int

const (
	Browser Kind = iota // chromium: all its processes, while it runs
	Tool                // one run of a document tool
	kinds
)

// Reading is one measurement of the tree's anonymous memory (RssAnon), in
// bytes.
type Reading struct {
	Go      int64 // the crawl process itself
	Browser int64 // chromium's processes
	Tools   int64 // every other descendant: tools running, a LibreOffice kept running
}

// ledger is the budget's arithmetic, apart from locking and time: what was
// last measured and what the grants in force expect. A kind counts for the
// larger of the two, so a tool admitted but not yet grown is counted at
// its expectation, and one that outgrew it (or a LibreOffice kept running
// with no grant) at what it was measured at.
type ledger struct {
	limit  int64
	r      Reading
	held   [kinds]int64
	grants int
}

// others is what the processes beside the crawl's own count for.
func (l *ledger) others() int64 {
	return max(l.r.Browser, l.held[Browser]) + max(l.r.Tools, l.held[Tool])
}

// fits says whether want more bytes can be admitted now: the crawl as
// measured, the others and want within the limit. With no grant in force
// anything fits, so one run always goes ahead whatever Go holds.
func (l *ledger) fits(want int64) bool {
	return l.grants == 0 || l.r.Go+l.others()+want <= l.limit
}

// goShare is Go's soft memory limit: what the others and pending (the
// first waiter's request) leave, never below a quarter of the limit (the
// crawl's live heap must fit).
func (l *ledger) goShare(pending int64) int64 {
	return max(l.limit-l.others()-pending, l.limit/4)
}

// admit grants the waiting requests in order while the first fits
// (first come, first served: a large request is not passed forever by
// small ones) and returns how many it granted.
func (l *ledger) admit(queue []*waiter) int {
	n := 0
	for _, w := range queue {
		if !l.fits(w.want) {
			break
		}
		l.held[w.kind] += w.want
		l.grants++
		n++
	}
	return n
}

type waiter struct {
	kind Kind
	want int64
	ok   chan struct{} // closed when granted
	at   time.Time     // when it asked
}

// Options configure a Budget.
type Options struct {
	Limit int64                   // bytes; the whole tree's
	Read  func() (Reading, error) // measures the tree (ProcReader)
	SetGo func(int64)             // sets Go's soft memory limit (debug.SetMemoryLimit)
	// Nudge returns Go's free memory to the system now
	// (debug.FreeOSMemory); called at most once per second while a
	// waiter waits on Go's own memory. Nil = never.
	Nudge func()
	Every time.Duration // how often the tree is measured; 0 = 250 ms
}

// Budget admits chromium and tool runs within Options.Limit. Safe for
// concurrent use; a nil *Budget admits everything at once.
type Budget struct {
	opt    Options
	mu     sync.Mutex
	l      ledger
	queue  []*waiter
	share  int64 // Go's limit as last set
	err    error // the last reading failed: admissions go ahead, Go keeps the whole limit
	nudged time.Time
	done   chan struct{}
	wg     sync.WaitGroup
	stop   sync.Once
	ended  bool // Stop was called: everything is admitted at once
	stats  Stats
}

// Stats count the requests that had to wait.
type Stats struct {
	Granted  int           // requests granted
	Waited   int           // of them, granted only after a wait
	WaitSum  time.Duration // their waits together
	WaitMost time.Duration // the longest
}

// New starts a budget: it measures the tree every Options.Every until
// Stop.
func New(opt Options) *Budget {
	if opt.Every <= 0 {
		opt.Every = 250 * time.Millisecond
	}
	b := &Budget{opt: opt, l: ledger{limit: opt.Limit}, share: -1, done: make(chan struct{})}
	b.refresh()
	b.wg.Go(b.loop)
	return b
}

func (b *Budget) loop() {
	t := time.NewTicker(b.opt.Every)
	defer t.Stop()
	for {
		select {
		case <-b.done:
			return
		case <-t.C:
			b.refresh()
		}
	}
}

// Stop ends the measuring and gives Go the whole limit back; waiters are
// admitted. Later calls do nothing.
func (b *Budget) Stop() {
	if b == nil {
		return
	}
	b.stop.Do(b.stopNow)
}

func (b *Budget) stopNow() {
	close(b.done)
	b.wg.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ended = true
	b.grantAll()
	if b.share >= 0 && b.opt.SetGo != nil {
		b.opt.SetGo(b.opt.Limit)
	}
}

// Acquire waits until want bytes of kind fit and returns the function that
// gives them back (call it once the program has ended). It fails only when
// ctx ends first.
func (b *Budget) Acquire(ctx context.Context, kind Kind, want int64) (release func(), err error) {
	if b == nil {
		return func() {}, nil
	}
	w := &waiter{kind: kind, want: want, ok: make(chan struct{}), at: time.Now()}
	b.mu.Lock()
	if b.ended {
		b.mu.Unlock()
		return func() {}, nil
	}
	b.queue = append(b.queue, w)
	b.mu.Unlock()
	b.refresh() // admitted on the tree as it is now, not as it was a tick ago
	waited := false
	select {
	case <-w.ok:
	default:
		waited = true
	}
	select {
	case <-w.ok:
	case <-ctx.Done():
		b.mu.Lock()
		granted := b.drop(w)
		b.mu.Unlock()
		if !granted {
			return nil, fmt.Errorf("wait for %d MB of memory: %w", want>>20, ctx.Err())
		}
	}
	b.count(w, waited)
	var once sync.Once
	return func() { once.Do(func() { b.release(w) }) }, nil
}

// drop removes a waiter whose wait was cancelled; it says whether it had
// been granted meanwhile (the caller then holds it).
func (b *Budget) drop(w *waiter) bool {
	for i, q := range b.queue {
		if q == w {
			b.queue = append(b.queue[:i], b.queue[i+1:]...)
			b.step()
			return false
		}
	}
	return true
}

func (b *Budget) release(w *waiter) {
	b.mu.Lock()
	b.l.held[w.kind] -= w.want
	b.l.grants--
	b.step()
	b.mu.Unlock()
	b.refresh() // the program's memory is gone: do not wait a tick to see it
}

// refresh measures the tree and admits what now fits.
func (b *Budget) refresh() {
	r, err := b.opt.Read()
	b.mu.Lock()
	b.err = err
	if err == nil {
		b.l.r = r
	}
	b.step()
	nudge := b.wantsNudge()
	b.mu.Unlock()
	if nudge {
		b.opt.Nudge()
	}
}

// step admits what fits and sets Go's share. Called with mu held.
func (b *Budget) step() {
	if b.err != nil { // blind: admit everyone, as without a budget
		b.grantAll()
		b.setShare(b.opt.Limit)
		return
	}
	n := b.l.admit(b.queue)
	for _, w := range b.queue[:n] {
		close(w.ok)
	}
	b.queue = b.queue[n:]
	pending := int64(0)
	if len(b.queue) > 0 {
		pending = b.queue[0].want
	}
	b.setShare(b.l.goShare(pending))
}

// grantAll grants every waiter whether it fits or not; each release gives
// its share back as usual. Called with mu held.
func (b *Budget) grantAll() {
	for _, w := range b.queue {
		b.l.held[w.kind] += w.want
		b.l.grants++
		close(w.ok)
	}
	b.queue = nil
}

// count adds a granted request to the stats: waited says it was not
// granted as it asked.
func (b *Budget) count(w *waiter, waited bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.stats.Granted++
	if waited {
		d := time.Since(w.at)
		b.stats.Waited++
		b.stats.WaitSum += d
		b.stats.WaitMost = max(b.stats.WaitMost, d)
	}
}

func (b *Budget) setShare(s int64) {
	if s != b.share && b.opt.SetGo != nil {
		b.opt.SetGo(s)
	}
	b.share = s
}

// wantsNudge says whether a waiter waits on Go's own memory (Go measured
// over its share) and the last nudge was over a second ago.
func (b *Budget) wantsNudge() bool {
	if b.opt.Nudge == nil || len(b.queue) == 0 || b.l.r.Go <= b.share || time.Since(b.nudged) < time.Second {
		return false
	}
	b.nudged = time.Now()
	return true
}

// Snapshot is the budget's state, for logs and tests.
type Snapshot struct {
	Reading Reading
	Held    [kinds]int64
	Grants  int
	Waiting int
	GoShare int64
	Stats   Stats
}

// Snapshot returns the budget's state now.
func (b *Budget) Snapshot() Snapshot {
	b.mu.Lock()
	defer b.mu.Unlock()
	return Snapshot{Reading: b.l.r, Held: b.l.held, Grants: b.l.grants, Waiting: len(b.queue), GoShare: b.share, Stats: b.stats}
}
