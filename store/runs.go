package store

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
)

// currentRun is the run captures are attributed to (see StartRun).
func (db *DB) currentRun() string {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.activeRun
}

// RunSpec says which run to start: its kind and year, its number of seeds,
// its seed selection, and how old an interrupted run may be to be resumed
// (0: any age). Now is the start time (zero: the clock).
type RunSpec struct {
	Kind      string
	Year      int
	Sites     int
	Selection string
	MaxAge    time.Duration
	Now       time.Time
}

// Started is the run StartRun began or resumed; when it began a new run
// although an interrupted one of the same kind exists, Passed is the
// newest such run and Why says why it was not resumed.
type Started struct {
	capture.Run
	Resumed bool
	Passed  *capture.Run
	Why     string // "another seed selection", "interrupted more than MaxAge ago"
}

// StartRun resumes the newest interrupted run of the same kind and year
// over the same seed selection and started within MaxAge, unless a run of
// that kind and selection finished since; otherwise it starts a new run.
// From then until FinishRun every capture saved through this DB handle is
// attributed to the run, which is what RunCapture reads back; one run is
// active per handle.
func (db *DB) StartRun(spec RunSpec) (Started, error) {
	if spec.Now.IsZero() {
		spec.Now = time.Now()
	}
	spec.Now = spec.Now.UTC()
	var st Started
	err := db.write(0, func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		st, err = startRunTx(bs, spec)
		return err
	})
	if err != nil {
		return Started{}, fmt.Errorf("begin %s run: %w", spec.Kind, err)
	}
	db.mu.Lock()
	db.activeRun = st.ID
	db.mu.Unlock()
	return st, nil
}

func startRunTx(bs buckets, spec RunSpec) (Started, error) {
	runs := bs.get(bRuns)
	c := runs.Cursor()
	var st Started
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		var r capture.Run
		if err := unmarshalValue(v, &r); err != nil {
			return st, fmt.Errorf("decode run %s: %w", k, err)
		}
		if r.Kind != spec.Kind || r.Year != spec.Year {
			continue
		}
		why := r.NotResumable(spec.Selection, spec.Now, spec.MaxAge)
		if why == "" && !r.Finished.IsZero() {
			break // the newest run of this kind and selection finished: start afresh
		}
		if why != "" {
			// name the newest interrupted run passed over, one over the
			// same seeds (too old) rather than one over others
			if r.Finished.IsZero() && (st.Passed == nil || r.Selection == spec.Selection && st.Passed.Selection != spec.Selection) {
				st.Passed, st.Why = &r, why
			}
			continue
		}
		if spec.Sites > 0 {
			r.Sites = spec.Sites
		}
		return Started{Run: r, Resumed: true}, putJSON(runs, k, r)
	}
	id := spec.Now.Format("20060102T150405Z") + "-" + strconv.Itoa(os.Getpid())
	for n := 2; runs.Get([]byte(id)) != nil; n++ {
		id = spec.Now.Format("20060102T150405Z") + "-" + strconv.Itoa(os.Getpid()) + "-" + strconv.Itoa(n)
	}
	st.Run = capture.Run{ID: id, Kind: spec.Kind, Year: spec.Year, Started: spec.Now, Sites: spec.Sites, Selection: spec.Selection}
	return st, putJSON(runs, []byte(id), st.Run)
}

// FinishRun marks a run finished (at run.Finished, or now when zero) and
// stores its Sites and Totals. Done is counted from the recorded sites.
func (db *DB) FinishRun(run capture.Run) error {
	fin := run.Finished
	if fin.IsZero() {
		fin = time.Now()
	}
	err := db.write(0, func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		r, err := getRun(bs, run.ID)
		if err != nil {
			return err
		}
		r.Finished, r.Totals = fin.UTC(), run.Totals
		if run.Sites > 0 {
			r.Sites = run.Sites
		}
		return putJSON(bs.get(bRuns), []byte(r.ID), r)
	})
	if err != nil {
		return fmt.Errorf("finish run %s: %w", run.ID, err)
	}
	db.mu.Lock()
	if db.activeRun == run.ID {
		db.activeRun = ""
	}
	db.mu.Unlock()
	return nil
}

func getRun(bs buckets, id string) (*capture.Run, error) {
	v := bs.get(bRuns).Get([]byte(id))
	if v == nil {
		return nil, fmt.Errorf("run %s: %w", id, ErrNotFound)
	}
	r := &capture.Run{}
	if err := unmarshalValue(v, r); err != nil {
		return nil, fmt.Errorf("decode run %s: %w", id, err)
	}
	return r, nil
}

// SiteDone records (or replaces) a seed's result in the run.
func (db *DB) SiteDone(runID string, res capture.SiteResult) error {
	if res.Code == "" {
		return fmt.Errorf("site done in run %s: result has no code", runID)
	}
	err := db.write(0, func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		r, err := getRun(bs, runID)
		if err != nil {
			return err
		}
		key := runKey(runID, []byte(res.Code))
		if bs.get(bRunSites).Get(key) == nil {
			r.Done++
			if err := putJSON(bs.get(bRuns), []byte(runID), r); err != nil {
				return err
			}
		}
		return putJSON(bs.get(bRunSites), key, res)
	})
	return wrapf(err, "site %s done in run %s", res.Code, runID)
}

// DoneSites returns the results recorded in the run, by seed code.
func (db *DB) DoneSites(runID string) (map[string]capture.SiteResult, error) {
	out := map[string]capture.SiteResult{}
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		res, err := siteResults(bs, runID)
		for _, r := range res {
			out[r.Code] = r
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("done sites of run %s: %w", runID, err)
	}
	return out, nil
}

func siteResults(bs buckets, runID string) ([]capture.SiteResult, error) {
	prefix := runKey(runID, nil)
	var out []capture.SiteResult
	c := bs.get(bRunSites).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var r capture.SiteResult
		if err := unmarshalValue(v, &r); err != nil {
			return out, fmt.Errorf("decode site result %q: %w", k, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Runs returns up to limit runs (all when limit <= 0), newest first, each
// with its site results ordered by code.
func (db *DB) Runs(limit int) ([]capture.Run, error) {
	var out []capture.Run
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		c := bs.get(bRuns).Cursor()
		for k, v := c.Last(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Prev() {
			var r capture.Run
			if err := unmarshalValue(v, &r); err != nil {
				return fmt.Errorf("decode run %s: %w", k, err)
			}
			if r.Results, err = siteResults(bs, r.ID); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, wrapf(err, "runs")
}
