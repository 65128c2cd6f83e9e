package cluster

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler"
)

const group = "workers" // the consumer group of every run's job stream

// Run is one crawl shared by the workers of a cluster: its seed selection
// is in Redis as a job stream, its site results in a hash.
type Run struct {
	c       *Coordinator
	ID      string
	Kind    string
	Year    int
	Sites   int
	Started time.Time
	// Passed is the unfinished run of the same kind and year that BeginRun
	// did not join, and Why says why (capture.Run.NotResumable); "" when
	// there was none.
	Passed, Why string
	fingerprint string
}

func currentKey(kind string, year int) string {
	return "nianbao:current:" + kind + ":" + strconv.Itoa(year)
}
func (r *Run) key(part string) string {
	if part == "" {
		return "nianbao:run:" + r.ID
	}
	return "nianbao:run:" + r.ID + ":" + part
}

// BeginRun joins the unfinished run of this kind and year when it covers
// the same seed selection and started less than capture.ResumeMaxAge ago
// (the rule by which a crawl resumes a run); otherwise, or when there is
// none (or the last one finished), it creates one and puts seeds into
// Redis once, as one job per site in a stream with a consumer group, and
// names the run it did not join in Run.Passed. Workers still on that run
// finish it; politeness is per host, across runs. created says whether
// this call made the run.
func (c *Coordinator) BeginRun(ctx context.Context, kind string, year int, seeds []crawler.Seed) (*Run, bool, error) {
	fp, err := fingerprint(seeds)
	if err != nil {
		return nil, false, err
	}
	for range 10 {
		run, created, err := c.beginRunTx(ctx, kind, year, seeds, fp)
		if errors.Is(err, redis.TxFailedErr) {
			continue // another worker created the run at the same moment: join it
		}
		if err != nil {
			return nil, false, fmt.Errorf("begin %s run on %s: %w", kind, c.addr, err)
		}
		return run, created, nil
	}
	return nil, false, fmt.Errorf("begin %s run on %s: too much contention", kind, c.addr)
}

func (c *Coordinator) beginRunTx(ctx context.Context, kind string, year int, seeds []crawler.Seed, fp string) (*Run, bool, error) {
	cur := currentKey(kind, year)
	var run *Run
	var created bool
	var passed, why string
	err := c.rdb.Watch(ctx, func(tx *redis.Tx) error {
		passed, why = "", ""
		id, err := tx.Get(ctx, cur).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		if id != "" {
			old, err := c.loadRun(ctx, tx, id)
			if err != nil {
				return err
			}
			if old != nil && !old.finished {
				prior := capture.Run{ID: id, Selection: old.fingerprint, Started: old.Started}
				if why = prior.NotResumable(fp, time.Now(), capture.ResumeMaxAge); why == "" {
					run = old.Run
					return nil
				}
				passed = id
			}
		}
		run, created = newRun(c, kind, year, len(seeds), fp), true
		run.Passed, run.Why = passed, why
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			return run.create(ctx, p, cur, seeds)
		})
		return err
	}, cur)
	return run, created, err
}

func newRun(c *Coordinator, kind string, year, sites int, fp string) *Run {
	var b [3]byte
	rand.Read(b[:])
	now := time.Now().UTC()
	return &Run{c: c, ID: now.Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:]), Kind: kind,
		Year: year, Sites: sites, Started: now, fingerprint: fp}
}

// create queues the commands that make the run: its record, one job per
// seed, the consumer group, and the pointer to it as the current run.
func (r *Run) create(ctx context.Context, p redis.Pipeliner, cur string, seeds []crawler.Seed) error {
	p.HSet(ctx, r.key(""), "id", r.ID, "kind", r.Kind, "year", r.Year, "sites", r.Sites,
		"fingerprint", r.fingerprint, "started", r.Started.Format(time.RFC3339Nano))
	for _, s := range seeds {
		js, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("seed %s: %w", s.Code, err)
		}
		p.XAdd(ctx, &redis.XAddArgs{Stream: r.key("jobs"), Values: []any{"code", s.Code, "seed", js}})
	}
	p.XGroupCreateMkStream(ctx, r.key("jobs"), group, "0")
	p.Set(ctx, cur, r.ID, 0)
	return nil
}

type loadedRun struct {
	*Run
	finished bool
}

// loadRun reads run id's record; nil when it does not exist.
func (c *Coordinator) loadRun(ctx context.Context, rc redis.Cmdable, id string) (*loadedRun, error) {
	m, err := rc.HGetAll(ctx, "nianbao:run:"+id).Result()
	if err != nil || len(m) == 0 {
		return nil, err
	}
	r := &Run{c: c, ID: id, Kind: m["kind"], fingerprint: m["fingerprint"]}
	r.Year, _ = strconv.Atoi(m["year"])
	r.Sites, _ = strconv.Atoi(m["sites"])
	r.Started, _ = time.Parse(time.RFC3339Nano, m["started"])
	return &loadedRun{Run: r, finished: m["finished"] != ""}, nil
}

// fingerprint identifies a seed selection; duplicate codes are refused
// (results are kept per code).
func fingerprint(seeds []crawler.Seed) (string, error) {
	seen := map[string]bool{}
	h := sha256.New()
	for _, s := range seeds {
		if s.Code == "" || seen[s.Code] {
			return "", fmt.Errorf("seed code %q empty or repeated: a cluster run needs one unique code per site", s.Code)
		}
		seen[s.Code] = true
		js, _ := json.Marshal(s)
		h.Write(js)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
