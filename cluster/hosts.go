package cluster

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nianbao/nianbao/crawler"
)

// Hosts implements crawler.HostCoordinator for one run: per-host slots
// and spacing for the whole cluster, in Redis. Politeness keys are per
// host, not per run, so two runs at once (a crawl and a backfill) share
// them too; robots.txt is per run.
//
// A host's slots are a sorted set of lease tokens scored by their expiry
// (Redis's clock, so workers' clocks do not matter): a worker that dies
// holding a slot loses it after HostLease. Its next start time is a
// string of Unix milliseconds. Both are changed only by the scripts
// below, atomically.
type Hosts struct {
	run   *Run
	owner string
	n     atomic.Int64
}

// Hosts returns the host coordinator of r for the worker named owner.
func (r *Run) Hosts(owner string) *Hosts { return &Hosts{run: r, owner: owner} }

func hostKeys(host string) []string {
	return []string{"nianbao:host:" + host + ":slots", "nianbao:host:" + host + ":next"}
}

// acquireScript: ARGV token, slots, spacing ms, lease ms, want a slot
// (1/0). Returns 0 when taken (and the next start set spacing later),
// else the milliseconds to wait (-1: every slot is taken, poll).
var acquireScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local want = ARGV[5] == '1'
if want then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
end
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if nxt > now then return nxt - now end
if want then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
end
redis.call('SET', KEYS[2], now + tonumber(ARGV[3]), 'PX', tonumber(ARGV[3]) + 60000)
return 0
`)

// releaseScript: ARGV token ("" = none), delay ms. Frees the slot and
// pushes the next start to at least now+delay.
var releaseScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[1] ~= '' then redis.call('ZREM', KEYS[1], ARGV[1]) end
local want = now + tonumber(ARGV[2])
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if want > nxt then redis.call('SET', KEYS[2], want, 'PX', tonumber(ARGV[2]) + 60000) end
return 0
`)

// fullPoll is the wait before asking again for a host whose slots are all
// taken (by other workers: this one's own requests wait locally).
const fullPoll = 50 * time.Millisecond

// Acquire implements crawler.HostCoordinator.
func (h *Hosts) Acquire(ctx context.Context, host string, slots int, spacing time.Duration) (crawler.HostLease, error) {
	token := h.owner + "#" + strconv.FormatInt(h.n.Add(1), 10)
	if err := h.wait(ctx, host, token, slots, spacing, true); err != nil {
		return nil, err
	}
	return lease{h: h, host: host, token: token}, nil
}

// Pace implements crawler.HostCoordinator.
func (h *Hosts) Pace(ctx context.Context, host string, spacing time.Duration) error {
	return h.wait(ctx, host, "", 0, spacing, false)
}

// HoldOff implements crawler.HostCoordinator.
func (h *Hosts) HoldOff(ctx context.Context, host string, d time.Duration) error {
	err := releaseScript.Run(ctx, h.run.c.rdb, hostKeys(host), "", d.Milliseconds()).Err()
	return wrap(err, "hold off %s", host)
}

// wait runs the acquire script until it succeeds, sleeping as it says.
func (h *Hosts) wait(ctx context.Context, host, token string, slots int, spacing time.Duration, slot bool) error {
	want := "0"
	if slot {
		want = "1"
	}
	lease := h.run.c.opt.HostLease.Milliseconds()
	for {
		ms, err := acquireScript.Run(ctx, h.run.c.rdb, hostKeys(host), token, slots, spacing.Milliseconds(), lease, want).Int64()
		if err != nil {
			return fmt.Errorf("host %s: %w", host, err)
		}
		if ms == 0 {
			return nil
		}
		d := fullPoll
		if ms > 0 {
			d = time.Duration(ms) * time.Millisecond
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// lease is one slot taken by Acquire.
type lease struct {
	h           *Hosts
	host, token string
}

// Release implements crawler.HostLease.
func (l lease) Release(ctx context.Context, spacing time.Duration) error {
	err := releaseScript.Run(ctx, l.h.run.c.rdb, hostKeys(l.host), l.token, spacing.Milliseconds()).Err()
	return wrap(err, "release %s", l.host)
}

func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
