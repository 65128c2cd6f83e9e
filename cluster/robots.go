package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nianbao/nianbao/crawler"
)

// robotsTTL bounds how long a run's shared robots.txt stays in Redis.
const robotsTTL = 7 * 24 * time.Hour

// Robots implements crawler.HostCoordinator: the first worker to need
// host's robots.txt in this run takes a lock (SET NX, expiring after
// HostLease should it die), fetches it and publishes it; the others wait
// for it and read it.
func (h *Hosts) Robots(ctx context.Context, host string, fetch func(context.Context) (crawler.RobotsFile, error)) (crawler.RobotsFile, error) {
	key, lock := h.run.key("robots:"+host), h.run.key("robots-lock:"+host)
	rdb := h.run.c.rdb
	for {
		raw, err := rdb.Get(ctx, key).Bytes()
		if err == nil {
			var f crawler.RobotsFile
			if err := json.Unmarshal(raw, &f); err != nil {
				return f, fmt.Errorf("robots.txt of %s in redis: %w", host, err)
			}
			return f, nil
		}
		if !errors.Is(err, redis.Nil) {
			return crawler.RobotsFile{}, fmt.Errorf("robots.txt of %s: %w", host, err)
		}
		mine, err := rdb.SetNX(ctx, lock, h.owner, h.run.c.opt.HostLease).Result()
		if err != nil {
			return crawler.RobotsFile{}, fmt.Errorf("robots.txt lock of %s: %w", host, err)
		}
		if mine {
			return h.fetchRobots(ctx, host, fetch)
		}
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			return crawler.RobotsFile{}, err
		}
	}
}

// fetchRobots fetches host's robots.txt under the lock and publishes it.
func (h *Hosts) fetchRobots(ctx context.Context, host string, fetch func(context.Context) (crawler.RobotsFile, error)) (crawler.RobotsFile, error) {
	key, lock := h.run.key("robots:"+host), h.run.key("robots-lock:"+host)
	rdb := h.run.c.rdb
	f, err := fetch(ctx)
	if err != nil {
		rdb.Del(context.WithoutCancel(ctx), lock)
		return f, err
	}
	js, err := json.Marshal(f)
	if err != nil {
		return f, fmt.Errorf("robots.txt of %s: %w", host, err)
	}
	_, err = rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, key, js, robotsTTL)
		p.Del(ctx, lock)
		return nil
	})
	if err != nil {
		h.run.c.opt.Logger.Warn("robots.txt not shared", "host", host, "err", err)
	}
	return f, nil // this worker has it either way
}
