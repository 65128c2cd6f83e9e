package crawler

import (
	"context"
	"errors"
	"net/url"

	"github.com/nianbao/nianbao/capture"
)

// robotsAllow admits r under its host's robots.txt (fetched once per host
// per run). A seed that robots.txt denies ends the site as robots_denied;
// a robots.txt that cannot be fetched ends it with the network outcome.
func (s *siteRun) robotsAllow(ctx context.Context, f *fetcher, u *url.URL, r *request) bool {
	if s.cr.opt.IgnoreRobots || s.seed.IgnoreRobots {
		return true
	}
	pol := s.robotsFor(ctx, f, u)
	if pol == nil {
		return false
	}
	if pol.allow(u) {
		return true
	}
	// A robots.txt that could not be fetched skips the link for the network
	// reason (dns_error, timeout, …), not as "robots": nothing was denied.
	if pol.failed != "" {
		s.skip(string(pol.failed))
	} else {
		s.skip("robots")
	}
	if r.Kind == "seed" {
		switch {
		case pol.failed != "":
			s.halt(seedOutcome(pol.failed), pol.reason)
		case pol.reason != "":
			s.halt("robots_denied", pol.reason)
		default:
			s.halt("robots_denied", "robots.txt disallows the seed URL for "+s.cr.agent)
		}
	}
	return false
}

// robotsFor returns the host's policy, fetching robots.txt the first time
// (or reading it from the run's other processes, Options.Hosts); nil if
// the run was cancelled meanwhile.
func (s *siteRun) robotsFor(ctx context.Context, f *fetcher, u *url.URL) *robotsPolicy {
	g := s.cr.hosts.get(hostKey(u))
	g.robotsMu.Lock()
	defer g.robotsMu.Unlock()
	if g.robots != nil {
		return g.robots
	}
	file, ok := s.robotsFile(ctx, f, u)
	if !ok {
		return nil
	}
	pol := robotsFrom(file.capture(), s.cr.agent)
	if pol.allowAll && pol.reason != "" {
		s.skip("robots_unreadable_allow_all")
		s.cr.opt.Logger.Warn("robots.txt unreadable: crawling without restrictions", "host", hostKey(u), "reason", pol.reason)
	}
	if s.cr.opt.MaxCrawlDelay > 0 {
		pol.crawlDelay = min(pol.crawlDelay, s.cr.opt.MaxCrawlDelay)
	}
	g.mu.Lock()
	g.crawlDelay = pol.crawlDelay
	g.mu.Unlock()
	g.robots = pol
	return pol
}

// robotsFile fetches (or replays) u's robots.txt, or has the coordinator
// share the one another process fetched; false if cancelled meanwhile.
func (s *siteRun) robotsFile(ctx context.Context, f *fetcher, u *url.URL) (RobotsFile, bool) {
	own := func(ctx context.Context) (RobotsFile, error) {
		rr := &request{URL: robotsURL(u), Kind: "robots"}
		at := s.replay(rr, capture.Prior{})
		if at == nil {
			at = s.fetch(ctx, f, rr, nil, DefaultRobotsMaxBytes)
		}
		if at == nil {
			return RobotsFile{}, context.Canceled
		}
		at.releaseLarge()
		if at.cap.Outcome != capture.OutcomeChallenged {
			return robotsFileOf(at.cap), nil
		}
		return s.robotsChallenged(ctx, f, rr, at)
	}
	if s.cr.coordinatorDown() {
		file, err := own(ctx)
		return file, err == nil
	}
	file, err := s.cr.opt.Hosts.Robots(ctx, hostKey(u), own)
	if err != nil && ctx.Err() == nil && !errors.Is(err, context.Canceled) {
		s.cr.coordinatorFailed("robots", hostKey(u), err)
		file, err = own(ctx)
	}
	return file, err == nil
}

// loadedRobots returns the host's policy if robots.txt was already read.
func (g *hostGate) loadedRobots() *robotsPolicy {
	if !g.robotsMu.TryLock() {
		return nil // being fetched right now
	}
	defer g.robotsMu.Unlock()
	return g.robots
}
