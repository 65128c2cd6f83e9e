package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nianbao/nianbao/capture"
)

// Snapshot is the state of one run across the cluster, for status.
type Snapshot struct {
	ID, Kind string
	Year     int
	Sites    int
	Started  time.Time
	Finished time.Time // zero while running
	Pending  int64     // sites claimed by a worker and not yet done
	Results  []capture.SiteResult
	Workers  []WorkerState
}

// Snapshots returns the current (latest) run of each kind and year.
func (c *Coordinator) Snapshots(ctx context.Context) ([]Snapshot, error) {
	keys, err := c.rdb.Keys(ctx, "nianbao:current:*").Result()
	if err != nil {
		return nil, fmt.Errorf("runs on %s: %w", c.addr, err)
	}
	sort.Strings(keys)
	var out []Snapshot
	for _, k := range keys {
		id, err := c.rdb.Get(ctx, k).Result()
		if err != nil {
			return nil, fmt.Errorf("run of %s: %w", k, err)
		}
		s, err := c.snapshot(ctx, id)
		if err != nil {
			return nil, err
		}
		if s != nil {
			out = append(out, *s)
		}
	}
	return out, nil
}

func (c *Coordinator) snapshot(ctx context.Context, id string) (*Snapshot, error) {
	lr, err := c.loadRun(ctx, c.rdb, id)
	if err != nil || lr == nil {
		return nil, err
	}
	s := &Snapshot{ID: id, Kind: lr.Kind, Year: lr.Year, Sites: lr.Sites, Started: lr.Started}
	fin, _ := c.rdb.HGet(ctx, lr.key(""), "finished").Result()
	s.Finished, _ = time.Parse(time.RFC3339Nano, fin)
	if p, err := c.rdb.XPending(ctx, lr.key("jobs"), group).Result(); err == nil {
		s.Pending = p.Count
	}
	res, err := c.rdb.HGetAll(ctx, lr.key("results")).Result()
	if err != nil {
		return nil, fmt.Errorf("results of run %s: %w", id, err)
	}
	for code, js := range res {
		var r capture.SiteResult
		if err := json.Unmarshal([]byte(js), &r); err != nil {
			return nil, fmt.Errorf("result of %s in run %s: %w", code, id, err)
		}
		s.Results = append(s.Results, r)
	}
	sort.Slice(s.Results, func(i, j int) bool { return s.Results[i].Code < s.Results[j].Code })
	ws, err := c.rdb.HGetAll(ctx, lr.key("workers")).Result()
	if err != nil {
		return nil, fmt.Errorf("workers of run %s: %w", id, err)
	}
	for _, js := range ws {
		var w WorkerState
		if json.Unmarshal([]byte(js), &w) == nil {
			s.Workers = append(s.Workers, w)
		}
	}
	sort.Slice(s.Workers, func(i, j int) bool { return s.Workers[i].Consumer < s.Workers[j].Consumer })
	return s, nil
}

// Live says whether w published its state within the job lease.
func (c *Coordinator) Live(w WorkerState, now time.Time) bool {
	return !w.Stopped && now.Sub(w.Seen) < c.opt.JobLease
}

// ServerCommands is the number of commands the Redis server has processed
// since it started (INFO stats total_commands_processed), for measuring
// the operations a crawl costs.
func (c *Coordinator) ServerCommands(ctx context.Context) (int64, error) {
	info, err := c.rdb.Info(ctx, "stats").Result()
	if err != nil {
		return 0, fmt.Errorf("info stats: %w", err)
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "total_commands_processed:"); ok {
			return strconv.ParseInt(v, 10, 64)
		}
	}
	return 0, fmt.Errorf("info stats: no total_commands_processed")
}
