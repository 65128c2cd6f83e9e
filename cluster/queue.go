package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler"
)

// Queue is one worker's view of a run's job stream: it implements
// crawler.SiteQueue. Jobs are claimed with XREADGROUP (new sites) or
// XAUTOCLAIM (sites whose worker stopped renewing them for JobLease),
// renewed every JobLease/3 while crawled, and acknowledged (XACK) with the
// site's result.
type Queue struct {
	run      *Run
	consumer string

	mu     sync.Mutex
	held   map[string]string // job ID → site code, being crawled here
	cursor string            // XAUTOCLAIM scan position
	stats  WorkerState
}

// WorkerState is what a worker publishes about itself for status.
type WorkerState struct {
	Consumer string    `json:"consumer"`
	Sites    []string  `json:"sites"` // codes being crawled now
	Done     int       `json:"done"`  // sites finished by this worker
	Pages    int64     `json:"pages"`
	Requests int64     `json:"requests"`
	Reports  int64     `json:"reports"`
	Seen     time.Time `json:"seen"`
	Stopped  bool      `json:"stopped,omitempty"`
}

// Consumer names this process in the consumer group: host and pid.
func Consumer() string {
	h, _ := os.Hostname()
	return fmt.Sprintf("%s-%d", h, os.Getpid())
}

// Queue returns the job queue of r for the worker named consumer.
func (r *Run) Queue(consumer string) *Queue {
	return &Queue{run: r, consumer: consumer, held: map[string]string{}, cursor: "0-0",
		stats: WorkerState{Consumer: consumer}}
}

// Next implements crawler.SiteQueue: a reclaimed site first, else a new
// one, else it waits (Poll) while other workers still hold sites that may
// come back; ok false once every site has a result.
func (q *Queue) Next(ctx context.Context) (crawler.SiteJob, bool, error) {
	for {
		var job crawler.SiteJob
		var got, finished bool
		err := q.run.c.retry(ctx, "next site", func(ctx context.Context) error {
			var err error
			if job, got, err = q.claim(ctx); err != nil || got {
				return err
			}
			finished, err = q.run.finished(ctx)
			return err
		})
		if err != nil || got || finished {
			return job, got, err
		}
		if err := sleep(ctx, q.run.c.opt.Poll); err != nil {
			return job, false, err
		}
	}
}

// claim takes one reclaimable or new job; got false when there is none.
func (q *Queue) claim(ctx context.Context) (crawler.SiteJob, bool, error) {
	for {
		msg, ok, err := q.reclaim(ctx)
		if err == nil && !ok {
			msg, ok, err = q.readNew(ctx)
		}
		if err != nil || !ok {
			return crawler.SiteJob{}, false, err
		}
		job, err := q.hold(ctx, msg)
		if err != nil || job.Seed.Code != "" {
			return job, err == nil, err
		}
	}
}

// reclaim takes over one job idle for JobLease (its worker is gone).
func (q *Queue) reclaim(ctx context.Context) (redis.XMessage, bool, error) {
	q.mu.Lock()
	start := q.cursor
	q.mu.Unlock()
	msgs, next, err := q.run.c.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{Stream: q.run.key("jobs"), Group: group,
		Consumer: q.consumer, MinIdle: q.run.c.opt.JobLease, Start: start, Count: 1}).Result()
	if err != nil {
		return redis.XMessage{}, false, fmt.Errorf("xautoclaim: %w", err)
	}
	q.mu.Lock()
	q.cursor = next
	q.mu.Unlock()
	if len(msgs) == 0 {
		return redis.XMessage{}, false, nil
	}
	q.run.c.opt.Logger.Info("site reclaimed from a silent worker", "job", msgs[0].ID, "code", msgs[0].Values["code"])
	return msgs[0], true, nil
}

// readNew takes one job never handed out before.
func (q *Queue) readNew(ctx context.Context) (redis.XMessage, bool, error) {
	res, err := q.run.c.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: group, Consumer: q.consumer,
		Streams: []string{q.run.key("jobs"), ">"}, Count: 1, Block: -1}).Result()
	if errors.Is(err, redis.Nil) {
		return redis.XMessage{}, false, nil
	}
	if err != nil {
		return redis.XMessage{}, false, fmt.Errorf("xreadgroup: %w", err)
	}
	if len(res) == 0 || len(res[0].Messages) == 0 {
		return redis.XMessage{}, false, nil
	}
	return res[0].Messages[0], true, nil
}

// hold decodes msg and marks it held; a job whose site already has a
// result (its worker finished but died before XACK) is acknowledged and
// skipped (zero job, no error).
func (q *Queue) hold(ctx context.Context, msg redis.XMessage) (crawler.SiteJob, error) {
	raw, _ := msg.Values["seed"].(string)
	var seed crawler.Seed
	if err := json.Unmarshal([]byte(raw), &seed); err != nil || seed.Code == "" {
		q.run.c.rdb.XAck(ctx, q.run.key("jobs"), group, msg.ID)
		return crawler.SiteJob{}, fmt.Errorf("job %s: bad seed %q: %v", msg.ID, raw, err)
	}
	done, err := q.run.c.rdb.HExists(ctx, q.run.key("results"), seed.Code).Result()
	if err != nil {
		return crawler.SiteJob{}, err
	}
	if done {
		return crawler.SiteJob{}, q.run.c.rdb.XAck(ctx, q.run.key("jobs"), group, msg.ID).Err()
	}
	q.mu.Lock()
	q.held[msg.ID] = seed.Code
	q.mu.Unlock()
	return crawler.SiteJob{ID: msg.ID, Seed: seed}, nil
}

// Done implements crawler.SiteQueue: the result goes into the run's
// results hash and the job is acknowledged, in one transaction; the run is
// marked finished when this was its last site.
func (q *Queue) Done(ctx context.Context, job crawler.SiteJob, res capture.SiteResult) error {
	js, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("site %s result: %w", res.Code, err)
	}
	err = q.run.c.retry(ctx, "site done", func(ctx context.Context) error {
		_, err := q.run.c.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, q.run.key("results"), res.Code, js)
			p.XAck(ctx, q.run.key("jobs"), group, job.ID)
			return nil
		})
		if err != nil {
			return err
		}
		_, err = q.run.finished(ctx)
		return err
	})
	q.mu.Lock()
	delete(q.held, job.ID)
	q.stats.Done++
	q.mu.Unlock()
	return err
}

// finished says whether every site of the run has a result, and marks the
// run finished the first time it does.
func (r *Run) finished(ctx context.Context) (bool, error) {
	n, err := r.c.rdb.HLen(ctx, r.key("results")).Result()
	if err != nil || int(n) < r.Sites {
		return false, err
	}
	return true, r.c.rdb.HSetNX(ctx, r.key(""), "finished", time.Now().UTC().Format(time.RFC3339Nano)).Err()
}
