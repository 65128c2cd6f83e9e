package crawler

import (
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// fakeArchive is an in-memory Archive with BodyReader. It versions bodies
// per URL like store.DB: only a complete 2xx (Outcome ok) can become a
// version; a 304 or an identical body adds none. run names the run
// SaveCapture attributes captures to.
type fakeArchive struct {
	mu       sync.Mutex
	run      string
	noBodies bool // hide BodyReader behaviour (Body returns an error)
	caps     []*capture.Capture
	cur      map[string]*capture.Prior
	versions map[string]int
	bodies   map[string][]byte
	reports  map[string]bool      // digest → a record was saved
	pubs     map[string]time.Time // digest → the record's publication date (or estimate), as the store keeps it
	records  map[string]*extract.Record
	runCaps  map[string]*capture.Capture
	done     map[string]map[string]capture.SiteResult
	saveErr  error
	dir      string // when set, bodies live in files here, not in memory (benchmarks)
	digests  map[*capture.Capture]string
}

func newFakeArchive(run string) *fakeArchive {
	return &fakeArchive{run: run, cur: map[string]*capture.Prior{}, versions: map[string]int{},
		bodies: map[string][]byte{}, reports: map[string]bool{}, pubs: map[string]time.Time{}, records: map[string]*extract.Record{},
		runCaps: map[string]*capture.Capture{}, done: map[string]map[string]capture.SiteResult{},
		digests: map[*capture.Capture]string{}}
}

func (a *fakeArchive) Prior(url string) (capture.Prior, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p, ok := a.cur[url]
	if !ok {
		return capture.Prior{}, nil
	}
	q := *p
	q.IsReport, q.Published, q.Versions = a.reports[q.Digest], a.pubs[q.Digest], a.versions[url]
	return q, nil
}

func (a *fakeArchive) SaveCapture(c *capture.Capture) (capture.Saved, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.saveErr != nil {
		return capture.Saved{}, a.saveErr
	}
	cp := *c
	cp.Body = append([]byte(nil), c.Body...)
	d := cp.Digest()
	if a.dir != "" {
		if err := os.WriteFile(filepath.Join(a.dir, d), cp.Body, 0o600); err != nil {
			return capture.Saved{}, err
		}
		cp.Body = nil
		a.digests[&cp] = d
	}
	a.caps = append(a.caps, &cp)
	if c.Method == "GET" || c.Method == "" {
		a.runCaps[a.run+" "+c.URL] = &cp
	}
	p := a.cur[c.URL]
	switch {
	case c.Outcome == capture.OutcomeNotModified && p != nil:
		p.CheckedAt = c.FetchedAt
		return capture.Saved{Digest: p.Digest}, nil
	case c.Outcome != capture.OutcomeOK, c.Status/100 != 2, len(c.Body) == 0:
		return capture.Saved{}, nil
	}
	if a.dir == "" {
		a.bodies[d] = cp.Body
	}
	if p != nil && p.Digest == d {
		p.CheckedAt = c.FetchedAt
		return capture.Saved{Digest: d}, nil
	}
	a.versions[c.URL]++
	final := c.FinalURL
	if final == c.URL {
		final = ""
	}
	a.cur[c.URL] = &capture.Prior{Known: true, ETag: c.Header.Get("ETag"), LastModified: c.Header.Get("Last-Modified"),
		Digest: d, FetchedAt: c.FetchedAt, CheckedAt: c.FetchedAt, Kind: c.Kind, FinalURL: final}
	return capture.Saved{Digest: d, Version: a.versions[c.URL], New: p == nil, Changed: p != nil}, nil
}

func (a *fakeArchive) SaveRecord(rec *extract.Record) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.reports[rec.SHA256] = true
	a.records[rec.URL] = rec
	if t, err := time.Parse("2006-01-02", rec.Published); err == nil {
		a.pubs[rec.SHA256] = t
	} else if rec.Year > 0 {
		a.pubs[rec.SHA256] = time.Date(rec.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return nil
}

func (a *fakeArchive) RunCapture(runID, url string) (*capture.Capture, bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c, ok := a.runCaps[runID+" "+url]
	if ok && a.dir != "" {
		cp := *c
		cp.Body, _ = os.ReadFile(filepath.Join(a.dir, a.digests[c]))
		return &cp, true, nil
	}
	return c, ok, nil
}

func (a *fakeArchive) SiteDone(runID string, res capture.SiteResult) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.done[runID] == nil {
		a.done[runID] = map[string]capture.SiteResult{}
	}
	a.done[runID][res.Code] = res
	return nil
}

func (a *fakeArchive) DoneSites(runID string) (map[string]capture.SiteResult, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return maps.Clone(a.done[runID]), nil
}

func (a *fakeArchive) Body(digest string) ([]byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b, ok := a.bodies[digest]
	if a.dir != "" {
		var err error
		b, err = os.ReadFile(filepath.Join(a.dir, digest))
		ok = err == nil
	}
	if !ok || a.noBodies {
		return nil, fmt.Errorf("body %s: not found", digest)
	}
	return b, nil
}

// captures returns the captures saved so far whose URL contains sub.
func (a *fakeArchive) captures(sub string) []*capture.Capture {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []*capture.Capture
	for _, c := range a.caps {
		if strings.Contains(c.URL, sub) {
			out = append(out, c)
		}
	}
	return out
}

// capturesOf returns the captures of exactly url.
func (a *fakeArchive) capturesOf(url string) []*capture.Capture {
	var out []*capture.Capture
	for _, c := range a.captures(url) {
		if c.URL == url {
			out = append(out, c)
		}
	}
	return out
}

func (a *fakeArchive) record(url string) *extract.Record {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.records[url]
}

// plainArchive hides fakeArchive's BodyReader.
type plainArchive struct{ *fakeArchive }

func (plainArchive) Body() {}

var _ http.Handler = (*site)(nil)
