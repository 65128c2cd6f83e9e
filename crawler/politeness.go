package crawler

import (
	"context"
	"sync"
	"time"
)

// hostGate is the politeness state of one host, shared by every site of
// the run: a semaphore of PerHostConcurrency slots and the earliest time
// the next request may start. It is per host, not per colly rule.
type hostGate struct {
	sem        chan struct{}
	mu         sync.Mutex
	next       time.Time
	crawlDelay time.Duration

	robotsMu sync.Mutex // held while robots.txt is fetched
	robots   *robotsPolicy
}

// hostTable holds the gates of every host seen in a run.
type hostTable struct {
	mu    sync.Mutex
	gates map[string]*hostGate
	slots int
}

func newHostTable(slots int) *hostTable {
	return &hostTable{gates: map[string]*hostGate{}, slots: slots}
}

// get returns the gate of host (host[:port], lowercased by the caller).
func (t *hostTable) get(host string) *hostGate {
	t.mu.Lock()
	defer t.mu.Unlock()
	g := t.gates[host]
	if g == nil {
		g = &hostGate{sem: make(chan struct{}, t.slots)}
		t.gates[host] = g
	}
	return g
}

// acquire takes a slot and waits until the host's next start time; it
// returns ctx's error if cancelled first, holding nothing.
func (g *hostGate) acquire(ctx context.Context, delay time.Duration) error {
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := g.waitTurn(ctx, delay); err != nil {
		<-g.sem
		return err
	}
	return nil
}

// waitTurn waits until the host's next start time and claims the one after
// it (a spacing later).
func (g *hostGate) waitTurn(ctx context.Context, delay time.Duration) error {
	for {
		g.mu.Lock()
		now := time.Now()
		wait := g.next.Sub(now)
		if wait <= 0 {
			g.next = now.Add(g.spacing(delay))
			g.mu.Unlock()
			return nil
		}
		g.mu.Unlock()
		if err := sleepCtx(ctx, wait); err != nil {
			return err
		}
	}
}

// pace waits, without taking a slot, a full spacing after the response
// that just arrived and claims the next start: a redirect hop followed
// inside one request is spaced like a request of its own.
func (g *hostGate) pace(ctx context.Context, delay time.Duration) error {
	g.holdOff(g.spacingNow(delay))
	return g.waitTurn(ctx, delay)
}

// release frees the slot; the next request starts no sooner than the
// spacing after this one ended.
func (g *hostGate) release(delay time.Duration) {
	g.mu.Lock()
	if t := time.Now().Add(g.spacing(delay)); t.After(g.next) {
		g.next = t
	}
	g.mu.Unlock()
	<-g.sem
}

// holdOff pushes the host's next start back by d (backoff, Retry-After).
func (g *hostGate) holdOff(d time.Duration) {
	g.mu.Lock()
	if t := time.Now().Add(d); t.After(g.next) {
		g.next = t
	}
	g.mu.Unlock()
}

// spacingNow is spacing taken under the lock.
func (g *hostGate) spacingNow(delay time.Duration) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.spacing(delay)
}

// spacing is the larger of the configured delay and robots' Crawl-delay;
// callers hold g.mu. A negative delay (NoDelay) disables both.
func (g *hostGate) spacing(delay time.Duration) time.Duration {
	if delay < 0 {
		return 0
	}
	return max(delay, g.crawlDelay)
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// backoff is the wait before retry number try (0-based): base·2^try, capped.
func backoff(base, limit time.Duration, try int) time.Duration {
	d := base
	for i := 0; i < try && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}
