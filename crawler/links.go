package crawler

import (
	"fmt"
	"net/url"
	"unicode/utf8"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler/discover"
	"github.com/nianbao/nianbao/extract"
)

// onBody handles a full response: a new or changed report-like page is
// parsed and its record saved; an identical one is only counted; every
// text page is searched for links.
func (s *siteRun) onBody(r *request, prior capture.Prior, at *attempt) {
	c := at.cap
	if r.Kind == "seed" && c.FinalURL != "" && c.FinalURL != r.URL {
		s.widenScope(c.FinalURL)
	}
	if parseable(r.Kind) {
		switch {
		case (at.saved.New || at.saved.Changed) && !at.isText:
			at.parseLater = true // outside the CPU slot: see handleBounded
		case at.saved.New || at.saved.Changed:
			s.parseAndSave(r, c, at.saved, prior)
		case prior.IsReport || s.reportSince(r, prior, at.saved):
			s.countReport("unchanged", r.Year)
		}
	}
	if at.textCut {
		s.skip("discover_truncated")
	}
	if at.isText {
		at.found = s.discoverIn(r, discover.Page{URL: c.FinalURL, ContentType: colliedType(c.Header.Get("Content-Type"), true),
			Body: at.text, Charset: c.Charset.Name})
	}
}

// reportSince says whether an identical body became a report after prior
// was read: another site of the run archived and parsed the same URL.
func (s *siteRun) reportSince(r *request, prior capture.Prior, saved capture.Saved) bool {
	if saved.Digest == "" || saved.Digest == prior.Digest {
		return false
	}
	return s.prior(r).IsReport
}

// onNotModified counts a 304: an archived report is unchanged; a listing's
// links are read from its stored body, resolved against final (the URL
// after this run's redirects).
func (s *siteRun) onNotModified(r *request, final string, prior capture.Prior) {
	if prior.IsReport {
		s.countReport("unchanged", r.Year)
	}
	if final == "" {
		final = r.URL
	}
	s.discoverStored(r, final, prior)
}

// parseAndSave parses a new or changed capture and saves its record.
func (s *siteRun) parseAndSave(r *request, c *capture.Capture, saved capture.Saved, prior capture.Prior) {
	if s.cr.parse == nil {
		return
	}
	rec, isReport, err := safeParse(s.cr.parse, c)
	s.notePending(c, rec, err)
	switch {
	case err != nil:
		s.skip("parse_error")
		s.cr.opt.Logger.Warn("parse", "url", c.URL, "err", err)
		return
	case !isReport || rec == nil:
		s.skip("not_report")
		return
	}
	s.fillRecord(rec, c, saved)
	if err := s.cr.archive.SaveRecord(rec); err != nil {
		s.cr.fail(fmt.Errorf("save record %s: %w", rec.URL, err))
		return
	}
	kind := "changed"
	if saved.New || !prior.IsReport {
		kind = "new"
	}
	year := rec.Year
	if year == 0 {
		year = r.Year
	}
	s.countReport(kind, year)
}

// safeParse runs parse, turning a panic into an error: a parser bug must
// not stop the crawl (the capture is already archived).
func safeParse(parse ParseFunc, c *capture.Capture) (rec *extract.Record, ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			rec, ok, err = nil, false, fmt.Errorf("parse %s: panic: %v", c.URL, p)
		}
	}()
	return parse(c)
}

// fillRecord adds what only the crawler knows to a parsed record.
func (s *siteRun) fillRecord(rec *extract.Record, c *capture.Capture, saved capture.Saved) {
	setDefault(&rec.URL, c.FinalURL)
	setDefault(&rec.URL, c.URL)
	setDefault(&rec.SourceURL, c.SourceURL)
	setDefault(&rec.RegionCode, s.seed.Code)
	setDefault(&rec.RegionName, s.seed.Name)
	setDefault(&rec.Province, s.seed.Province)
	setDefault(&rec.SHA256, saved.Digest)
	setDefault(&rec.SHA256, c.Digest())
	if rec.FetchedAt.IsZero() {
		rec.FetchedAt = c.FetchedAt
	}
}

// countReport counts one report seen this run as new, changed or unchanged.
func (s *siteRun) countReport(kind string, year int) {
	s.cr.reports.Add(1)
	s.update(func(res *capture.SiteResult) {
		res.Reports++
		switch kind {
		case "new":
			res.New++
		case "changed":
			res.Changed++
		default:
			res.Unchanged++
		}
		if s.cr.opt.Year != 0 && year == s.cr.opt.Year {
			res.YearHits++
		}
	})
}

// discoverStored finds links in the archived body of prior (a 304 or a
// fresh page), when the archive can read bodies; base resolves them.
func (s *siteRun) discoverStored(r *request, base string, prior capture.Prior) {
	if s.cr.bodies == nil || prior.Digest == "" {
		return
	}
	body, err := s.cr.bodies.Body(prior.Digest)
	if err != nil {
		s.cr.opt.Logger.Warn("stored body", "url", r.URL, "digest", prior.Digest, "err", err)
		return
	}
	c := &capture.Capture{URL: r.URL, Body: body, Header: map[string][]string{}}
	if text, ok := decodeText(c, &s.cr.opt); ok {
		s.discoverIn(r, discover.Page{URL: base, ContentType: "text/html; charset=utf-8", Body: text, Charset: c.Charset.Name})
	}
}

// discoverIn completes p (URL, type, UTF-8 body and original charset set
// by the caller) with what r knows, hands it to the Discoverer and admits
// its links. It returns how many report, attachment and data-endpoint links
// it found (a listing whose records a CMS data endpoint serves is read over
// HTTP: it needs no browser).
func (s *siteRun) discoverIn(r *request, p discover.Page) (found int) {
	if r.Depth > s.cr.opt.MaxDepth {
		return 0 // an attachment past the depth limit is a leaf (admissible)
	}
	p.Kind, p.Depth, p.Method, p.ReqBody = r.LinkKind, r.Depth, r.Method, r.Body
	if p.Kind == "" {
		p.Kind = discover.KindNav
	}
	if p.Charset == "utf-8" {
		p.Charset = ""
	}
	s.mu.Lock()
	if sc, ok := s.scope.(*discover.Scope); ok {
		p.Scope = sc
	}
	s.mu.Unlock()
	if len(p.Body) > s.cr.opt.MaxDiscoverBytes {
		p.Body = utf8Prefix(p.Body, s.cr.opt.MaxDiscoverBytes)
		s.skip("discover_truncated")
	}
	pageURL := p.URL
	links, skips := s.cr.opt.Discoverer.Links(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notePast(r, links)
	for _, sk := range skips {
		s.res.Skipped[sk.Reason]++
	}
	for _, l := range links {
		if l.Kind == discover.KindReport || l.Kind == discover.KindAttachment || l.Kind == discover.KindData {
			found++
		}
		if l.Platform {
			s.admitPlatform(l.URL)
		}
		nr := &request{URL: l.URL, Method: l.Method, Body: l.Body, Header: l.Header, Kind: captureKind(l.Kind),
			LinkKind: l.Kind, Depth: r.Depth + 1, Score: l.Score, Year: l.Year, Source: pageURL,
			LinkText: l.Text, LinkDate: l.Date, DateFrom: l.DateFrom}
		if reason := s.admissible(nr); reason != "" {
			s.res.Skipped[reason]++
			continue
		}
		s.queue(nr)
	}
	s.wake.Broadcast()
	return found
}

// admissible says why nr is not queued ("" when it is); s.mu is held.
// The depth limit bounds navigation; an attachment past it is fetched and
// read as a leaf (onBody finds no links in it), so the document of a page
// at the limit is archived however long the path by which that page was
// first reached.
func (s *siteRun) admissible(nr *request) string {
	opt := &s.cr.opt
	if nr.Depth > opt.MaxDepth && nr.Kind != "attachment" {
		return "too_deep"
	}
	u, err := url.Parse(nr.URL)
	switch {
	case err != nil:
		return "bad_url"
	case u.Scheme != "http" && u.Scheme != "https":
		return "scheme"
	}
	if ok, reason := s.scope.Allow(u); !ok {
		return reason
	}
	if opt.Year != 0 && nr.Year != 0 && nr.Year != opt.Year && (nr.Kind == "report" || nr.Kind == "attachment") {
		return "other_year"
	}
	if s.seen[s.key(nr)] {
		return "duplicate"
	}
	if s.front.Len() >= 4*opt.SitePageBudget {
		return "frontier_full"
	}
	return ""
}

// widenScope adds the scope of the seed's redirect target: a portal that
// moved to a new host (www., https, another domain of the government, or
// its path on the province's platform) is crawled there.
func (s *siteRun) widenScope(final string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sc, ok := s.scope.(*discover.Scope); ok {
		s.scope = sc.Widen(final)
		return
	}
	s.scope = unionScope{s.scope, s.cr.opt.Scope(final, s.seed.ExtraHosts)}
}

// admitPlatform adds the unit's path on its province's platform host, a
// link to which a page of the site showed (discover.Link.Platform); s.mu
// is held.
func (s *siteRun) admitPlatform(raw string) {
	sc, ok := s.scope.(*discover.Scope)
	u, err := url.Parse(raw)
	if ok && err == nil {
		s.scope = sc.WithPlatformPath(u)
	}
}

type unionScope [2]Scoper

func (u unionScope) Allow(x *url.URL) (bool, string) {
	ok, reason := u[0].Allow(x)
	if ok {
		return true, ""
	}
	if ok2, _ := u[1].Allow(x); ok2 {
		return true, ""
	}
	return false, reason
}

// captureKind maps a discover kind to the capture kind it is fetched as.
func captureKind(linkKind string) string {
	switch linkKind {
	case discover.KindListing, discover.KindData:
		return "listing"
	case discover.KindReport, discover.KindAttachment:
		return linkKind
	}
	return "other"
}

// parseable says whether pages fetched as kind may be reports.
func parseable(kind string) bool {
	return capture.Parsed(kind)
}

// utf8Prefix is the longest prefix of b no longer than n that does not cut
// a UTF-8 sequence.
func utf8Prefix(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return b[:n]
}
