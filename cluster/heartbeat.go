package cluster

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nianbao/nianbao/crawler"
)

// Progress updates the figures this worker publishes (wire it to
// crawler.Options.Progress).
func (q *Queue) Progress(p crawler.Progress) {
	q.mu.Lock()
	q.stats.Pages, q.stats.Requests, q.stats.Reports = p.Pages, p.Requests, p.Reports
	q.mu.Unlock()
}

// Heartbeat renews the leases of the jobs held here and publishes this
// worker's state every JobLease/3 until ctx ends; then it publishes the
// worker as stopped. Run it in its own goroutine for the life of the crawl.
func (q *Queue) Heartbeat(ctx context.Context) {
	t := time.NewTicker(q.run.c.opt.JobLease / 3)
	defer t.Stop()
	for {
		q.beat(ctx, false)
		select {
		case <-ctx.Done():
			stop, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			q.beat(stop, true)
			cancel()
			return
		case <-t.C:
		}
	}
}

// beat renews held jobs (XCLAIM to itself with JUSTID resets their idle
// time) and writes the worker's state. Errors are logged: the next beat
// tries again, and a worker that cannot renew loses its sites to others
// after JobLease, which is what should happen to an isolated worker.
func (q *Queue) beat(ctx context.Context, stopped bool) {
	q.mu.Lock()
	ids := slices.Sorted(maps.Keys(q.held))
	st := q.stats
	st.Sites = make([]string, 0, len(ids))
	for _, id := range ids {
		st.Sites = append(st.Sites, q.held[id])
	}
	q.mu.Unlock()
	slices.Sort(st.Sites)
	st.Seen, st.Stopped = time.Now().UTC(), stopped
	js, _ := json.Marshal(st)
	_, err := q.run.c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		if len(ids) > 0 && !stopped {
			p.XClaimJustID(ctx, &redis.XClaimArgs{Stream: q.run.key("jobs"), Group: group,
				Consumer: q.consumer, MinIdle: 0, Messages: ids})
		}
		p.HSet(ctx, q.run.key("workers"), q.consumer, js)
		return nil
	})
	if err != nil && ctx.Err() == nil {
		q.run.c.opt.Logger.Warn("coordinator heartbeat failed", "err", err)
	}
}
