package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Defaults applied by Dial to zero-valued Options fields.
const (
	DefaultJobLease  = 2 * time.Minute
	DefaultHostLease = 3 * time.Minute
	DefaultPoll      = time.Second
	DefaultLostAfter = 30 * time.Second
)

// Options tune the coordination; the zero value of each field means its
// default. All workers of a run should use the same values.
type Options struct {
	// JobLease is how long a site stays with a worker that stopped
	// renewing it (died, or lost Redis) before another worker may reclaim
	// it (XAUTOCLAIM min-idle). Live workers renew every JobLease/3.
	JobLease time.Duration
	// HostLease is how long a per-host request slot stays taken by a
	// worker that died holding it. It must exceed the longest request
	// (the crawl timeout); default 3 min.
	HostLease time.Duration
	// Poll is how often an idle worker looks for reclaimable sites and
	// for the end of the run (default 1 s).
	Poll time.Duration
	// LostAfter is how long the site queue keeps retrying an unreachable
	// Redis (a restart) before the worker gives up (default 30 s).
	LostAfter time.Duration
	// Logger receives structured logs (default: discard).
	Logger *slog.Logger
}

// Coordinator is a connection to the Redis server that coordinates the
// workers of a cluster. It is safe for concurrent use.
type Coordinator struct {
	rdb  *redis.Client
	opt  Options
	addr string
	ops  atomic.Int64
}

// Dial connects to the Redis server at url (redis://HOST:PORT/N) and
// checks that it answers; it returns a clear error when it does not, so a
// worker never starts without its coordinator.
func Dial(ctx context.Context, url string, opt Options) (*Coordinator, error) {
	ro, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("coordinator %q: %w (want redis://HOST:PORT/N)", url, err)
	}
	ro.MaxRetries = 5
	ro.MinRetryBackoff, ro.MaxRetryBackoff = 50*time.Millisecond, time.Second
	ro.DialTimeout = 3 * time.Second
	c := &Coordinator{rdb: redis.NewClient(ro), opt: withDefaults(opt), addr: ro.Addr}
	c.rdb.AddHook(opCounter{&c.ops})
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := c.rdb.Ping(pctx).Err(); err != nil {
		c.rdb.Close()
		return nil, fmt.Errorf("coordinator %s unreachable: %w", ro.Addr, err)
	}
	return c, nil
}

// quietClient keeps go-redis's own log lines (one per failed dial) off
// stderr: the coordinator reports failures itself, through Options.Logger.
type quietClient struct{}

func (quietClient) Printf(context.Context, string, ...any) {}

func init() { redis.SetLogger(quietClient{}) }

func withDefaults(o Options) Options {
	if o.JobLease <= 0 {
		o.JobLease = DefaultJobLease
	}
	if o.HostLease <= 0 {
		o.HostLease = DefaultHostLease
	}
	if o.Poll <= 0 {
		o.Poll = DefaultPoll
	}
	if o.LostAfter <= 0 {
		o.LostAfter = DefaultLostAfter
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Addr is the server's host:port.
func (c *Coordinator) Addr() string { return c.addr }

// Ops is the number of Redis commands sent so far (a pipeline counts each
// of its commands).
func (c *Coordinator) Ops() int64 { return c.ops.Load() }

// Close closes the connection pool.
func (c *Coordinator) Close() error { return c.rdb.Close() }

// retry runs op until it succeeds, ctx ends, or Redis has been unreachable
// for LostAfter (a restart is waited out; a lost server is not).
func (c *Coordinator) retry(ctx context.Context, what string, op func(context.Context) error) error {
	start := time.Now()
	wait := 100 * time.Millisecond
	for {
		err := op(ctx)
		if err == nil || !transient(err) || ctx.Err() != nil {
			return err
		}
		if time.Since(start) > c.opt.LostAfter {
			return fmt.Errorf("%s: redis at %s unreachable for %s: %w", what, c.addr, c.opt.LostAfter, err)
		}
		c.opt.Logger.Warn("coordinator unreachable, retrying", "op", what, "err", err)
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(wait*2, 2*time.Second)
	}
}

// transient says whether err is a connection problem worth retrying
// (server down, restarting, loading its AOF) rather than a bug.
func transient(err error) bool {
	var ne net.Error
	switch {
	case errors.Is(err, redis.ErrClosed):
		return false
	case errors.As(err, &ne), errors.Is(err, net.ErrClosed):
		return true
	}
	msg := err.Error()
	for _, p := range []string{"LOADING", "connection refused", "EOF", "connection reset", "broken pipe", "i/o timeout", "TRYAGAIN", "MASTERDOWN"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// opCounter counts the commands sent (Redis operations per page).
type opCounter struct{ n *atomic.Int64 }

func (h opCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h opCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmd)
	}
}

func (h opCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.n.Add(int64(len(cmds)))
		return next(ctx, cmds)
	}
}
