package crawler

import (
	"context"
	"time"

	"github.com/nianbao/nianbao/capture"
)

// HostCoordinator shares politeness with the other processes crawling the
// same run (Options.Hosts; cmd wires a Redis-backed one, the crawler never
// sees the client). Hosts are host[:port], lowercased. Every method may
// fail when the coordinator is unreachable; the crawler then keeps its own,
// per-process politeness for that request and goes on.
type HostCoordinator interface {
	// Acquire waits until fewer than slots requests to host are in flight
	// across all processes and the host's next start time has come, then
	// takes a slot and sets the next start spacing later. The slot is a
	// lease: it expires on its own if the process dies holding it. It
	// returns ctx's error, holding nothing, when ctx ends first.
	Acquire(ctx context.Context, host string, slots int, spacing time.Duration) (HostLease, error)
	// Pace waits for the host's next start time without taking a slot and
	// claims the one after it (a redirect hop inside a held request).
	Pace(ctx context.Context, host string, spacing time.Duration) error
	// HoldOff pushes the host's next start to at least now+d (backoff,
	// Retry-After).
	HoldOff(ctx context.Context, host string, d time.Duration) error
	// Robots returns host's robots.txt as fetched once in this run by
	// whichever process came first; it calls fetch only when no process
	// has fetched it yet, while the others wait for its answer.
	Robots(ctx context.Context, host string, fetch func(context.Context) (RobotsFile, error)) (RobotsFile, error)
}

// HostLease is a slot taken by HostCoordinator.Acquire.
type HostLease interface {
	// Release frees the slot; the host's next start is then at least
	// spacing after now.
	Release(ctx context.Context, spacing time.Duration) error
}

// RobotsFile is what the crawler needs of a robots.txt capture to decide
// its policy; it travels between processes as JSON.
type RobotsFile struct {
	Status  int             `json:"status"`
	Outcome capture.Outcome `json:"outcome"`
	Error   string          `json:"error,omitempty"`
	Body    []byte          `json:"body,omitempty"`
}

// robotsFileOf keeps what robotsFrom reads of c.
func robotsFileOf(c *capture.Capture) RobotsFile {
	return RobotsFile{Status: c.Status, Outcome: c.Outcome, Error: c.Error, Body: c.Body}
}

// capture rebuilds the part of a capture robotsFrom reads.
func (f RobotsFile) capture() *capture.Capture {
	return &capture.Capture{Status: f.Status, Outcome: f.Outcome, Error: f.Error, Body: f.Body}
}

// sharedAcquire takes the cluster-wide slot of host after the local one;
// nil lease when there is no coordinator or it failed (logged).
func (cr *Crawler) sharedAcquire(ctx context.Context, host string, spacing time.Duration) HostLease {
	if cr.coordinatorDown() {
		return nil
	}
	l, err := cr.opt.Hosts.Acquire(ctx, host, cr.opt.PerHostConcurrency, max(spacing, 0))
	if err != nil && ctx.Err() == nil {
		cr.coordinatorFailed("acquire", host, err)
	}
	return l
}

// sharedRelease frees a lease from sharedAcquire (nil is a no-op). It runs
// even when ctx was cancelled, so a stopping worker frees its slots.
func (cr *Crawler) sharedRelease(l HostLease, host string, spacing time.Duration) {
	if l == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := l.Release(ctx, max(spacing, 0)); err != nil {
		cr.coordinatorFailed("release", host, err)
	}
}

// sharedHoldOff pushes host's shared next start back by d.
func (cr *Crawler) sharedHoldOff(ctx context.Context, host string, d time.Duration) {
	if cr.coordinatorDown() {
		return
	}
	if err := cr.opt.Hosts.HoldOff(ctx, host, d); err != nil && ctx.Err() == nil {
		cr.coordinatorFailed("hold off", host, err)
	}
}

// sharedPace spaces a redirect hop cluster-wide.
func (cr *Crawler) sharedPace(ctx context.Context, host string, spacing time.Duration) error {
	if cr.coordinatorDown() {
		return nil
	}
	err := cr.opt.Hosts.Pace(ctx, host, spacing)
	if err != nil && ctx.Err() == nil {
		cr.coordinatorFailed("pace", host, err)
		return nil
	}
	return err
}

// coordinatorRetry is how long the crawler stops asking a coordinator
// that failed, so a lost Redis does not cost every request its retries.
const coordinatorRetry = 5 * time.Second

// coordinatorFailed logs a coordinator failure; requests go on under this
// process's own politeness, without asking the coordinator again for
// coordinatorRetry.
func (cr *Crawler) coordinatorFailed(op, host string, err error) {
	cr.coordErrs.Add(1)
	cr.coordDownUntil.Store(time.Now().Add(coordinatorRetry).UnixNano())
	cr.opt.Logger.Warn("coordinator unavailable: politeness of this process only", "op", op, "host", host, "err", err)
}

// coordinatorDown says whether there is no coordinator to ask now (none
// set, or it failed less than coordinatorRetry ago).
func (cr *Crawler) coordinatorDown() bool {
	return cr.opt.Hosts == nil || time.Now().UnixNano() < cr.coordDownUntil.Load()
}
