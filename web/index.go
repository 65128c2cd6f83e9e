package web

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/report"
	"github.com/nianbao/nianbao/store"
)

// summary is what the listing pages need of one current record: metadata,
// the number of failed checks and the panel indicators (NaN = null). The
// full record (text, every figure) stays in the archive.
type summary struct {
	URL        string    `json:"url"`
	Title      string    `json:"title"`
	Year       int       `json:"year"`
	Agency     string    `json:"agency"`
	RegionCode string    `json:"region_code"`
	RegionName string    `json:"region_name"`
	Province   string    `json:"province"`
	Published  string    `json:"published"`
	Format     string    `json:"format"`
	FetchedAt  time.Time `json:"fetched_at"`
	Failed     int       `json:"failed_checks"`
	panel      []float32
}

// index holds a summary of every current record, rebuilt by Refresh.
type index struct {
	mu    sync.RWMutex
	items []summary
	built time.Time
	mark  string   // archive state at build time (see stateMark)
	cov   coverage // of items, computed once per build
}

func (x *index) coverage() (coverage, time.Time) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.cov, x.built
}

// snapshot returns the summaries, in defaultOrder, and when they were read.
func (x *index) snapshot() ([]summary, time.Time) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.items, x.built
}

func summarize(r *extract.Record) summary {
	s := summary{URL: r.URL, Title: r.Title, Year: r.Year, Agency: r.Agency, RegionCode: r.RegionCode,
		RegionName: r.RegionName, Province: r.Province, Published: r.Published, Format: r.Format, FetchedAt: r.FetchedAt}
	for _, c := range r.Checks {
		if !c.Pass {
			s.Failed++
		}
	}
	inds := r.Indicators
	if inds == nil { // parsed before indicators existed
		inds, _ = report.ComputeIndicators(r.Format, r.Fields, r.Nulls)
	}
	keys := panelKeys()
	s.panel = make([]float32, len(keys))
	for i, k := range keys {
		s.panel[i] = float32(math.NaN())
		if v := inds[k]; v != nil {
			s.panel[i] = float32(*v)
		}
	}
	return s
}

// Refresh rebuilds the summary index from the archive. Pages keep using the
// old index until the new one is complete.
func (s *Server) Refresh(ctx context.Context) error {
	mark, err := s.stateMark()
	if err != nil {
		return err
	}
	items := make([]summary, 0, s.idx.size())
	err = s.opt.Archive.Records(store.RecordFilter{}, func(r *extract.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		items = append(items, summarize(r))
		return nil
	})
	if err != nil {
		return fmt.Errorf("web: index records: %w", err)
	}
	slices.SortFunc(items, func(a, b summary) int { return defaultOrder.less(&a, &b) })
	cov := buildCoverage(items, s.opt.Seeds)
	s.idx.mu.Lock()
	s.idx.items, s.idx.built, s.idx.mark, s.idx.cov = items, time.Now(), mark, cov
	s.idx.mu.Unlock()
	s.log.Info("web index built", "records", len(items))
	return nil
}

func (x *index) size() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.items)
}

// stateMark names the archive's state cheaply: record and capture counts
// and the newest run's progress. A changed mark means the index is stale.
func (s *Server) stateMark() (string, error) {
	st, err := s.opt.Archive.Stats()
	if err != nil {
		return "", fmt.Errorf("web: stats: %w", err)
	}
	mark := fmt.Sprintf("%d/%d", st.Records, st.Captures)
	if runs, err := s.opt.Archive.Runs(1); err == nil && len(runs) > 0 {
		mark += fmt.Sprintf("/%s/%d/%v", runs[0].ID, runs[0].Done, runs[0].Finished.IsZero())
	}
	return mark, nil
}

// Watch refreshes the index whenever the archive changed, checking every
// interval, until ctx ends. A rebuild reads every record, so the wait
// between two is at least 20 times the last one took: on a large archive
// during a crawl the index lags behind by minutes rather than keeping a
// core busy.
func (s *Server) Watch(ctx context.Context, interval time.Duration) {
	wait := interval
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		mark, err := s.stateMark()
		s.idx.mu.RLock()
		same := mark == s.idx.mark
		s.idx.mu.RUnlock()
		if err != nil || same {
			continue
		}
		start := time.Now()
		if err := s.Refresh(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("web index refresh failed", "err", err)
		}
		wait = max(interval, 20*time.Since(start))
	}
}
