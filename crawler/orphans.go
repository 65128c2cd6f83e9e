package crawler

import (
	"context"
	"net/url"
)

// ReportLister is optionally implemented by an Archive: the URLs of the
// reports archived for a site (by seed code) that are not marked
// withdrawn. With it, a report that a complete crawl of its site no longer
// reaches (gone from its listing) is rechecked at its own URL when due, so
// one removed from the site is found (404/410, which the archive marks
// withdrawn) instead of lingering unseen.
type ReportLister interface {
	SiteReports(code string) ([]string, error)
}

// orphans queues, for a site whose crawl ran to its end, the archived
// reports this run did not reach, and says whether it queued any. A
// backfill (Options.Year) skips old listing pages on purpose, and a site
// stopped early (halted, budget spent, cancelled) did not see all its
// links: neither looks for orphans.
func (s *siteRun) orphans(ctx context.Context) bool {
	lister, ok := s.cr.archive.(ReportLister)
	if !ok || ctx.Err() != nil || s.cr.opt.Year != 0 || s.seed.Code == "" {
		return false
	}
	s.mu.Lock()
	stopped := s.halted || s.exhausted
	s.mu.Unlock()
	if stopped {
		return false
	}
	urls, err := lister.SiteReports(s.seed.Code)
	if err != nil {
		s.cr.opt.Logger.Warn("site reports", "site", s.seed.Code, "err", err)
		return false
	}
	var todo []*request
	for _, u := range urls {
		if s.reached(u) || !s.inScope(u) {
			continue
		}
		if p, err := s.cr.archive.Prior(u); err == nil && p.Known {
			todo = append(todo, &request{URL: u, Kind: p.Kind, Source: s.seed.URL})
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range todo {
		s.queue(r)
	}
	if len(todo) > 0 {
		s.cr.opt.Logger.Debug("orphan reports rechecked", "site", s.seed.Code, "n", len(todo))
	}
	return len(todo) > 0
}

// reached says whether this run requested, replayed or landed on u.
func (s *siteRun) reached(u string) bool {
	k := s.cr.opt.Canonical(u)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[k] || s.landed[k]
}

func (s *siteRun) inScope(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	ok, _ := s.scope.Allow(u)
	return ok
}
