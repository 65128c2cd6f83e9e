package crawler

import (
	"context"
	"fmt"

	"github.com/nianbao/nianbao/capture"
)

// Challenge sites (瑞数 412, 加速乐 521, script 202) guard /robots.txt
// like every other path. robots.txt is read before anything else of the
// host, so the browser passes the challenge there: it loads robots.txt as
// a visitor would, the cookies it earns go to the HTTP fetcher, and
// robots.txt is fetched again over HTTP and honoured. If it still cannot
// be read (no browser, a human check, the browser did not pass, still
// challenged with the cookies), robotsFrom applies RFC 9309's rule for an
// unreadable file by its status, and the reason travels in the file's
// Error.

// robotsChallenged tries to pass a challenged robots.txt (at) in the
// browser; context.Canceled when the run stops meanwhile.
func (s *siteRun) robotsChallenged(ctx context.Context, f *fetcher, rr *request, at *attempt) (RobotsFile, error) {
	file := robotsFileOf(at.cap)
	if s.cr.opt.Browser == nil {
		file.Error = "no browser to pass it (browser: off, or chromium not installed)"
		return file, nil
	}
	if w := humanChallenge(at.cap.Body); w != "" {
		file.Error = fmt.Sprintf("a human check (%q) is never attempted", w)
		return file, nil
	}
	page, err := s.visit(ctx, rr, 1)
	if ctx.Err() != nil {
		return RobotsFile{}, context.Canceled
	}
	if err != nil || len(page.Cookies) == 0 {
		s.skip("robots_challenge_not_passed")
		file.Error = fmt.Sprintf("the browser did not pass it: %v", errOrNoCookie(err))
		s.mu.Lock()
		s.browserFailed = file.Error
		s.mu.Unlock()
		return file, nil
	}
	s.setCookies(page.Cookies)
	again := s.fetch(ctx, f, rr, nil, DefaultRobotsMaxBytes)
	if again == nil {
		return RobotsFile{}, context.Canceled
	}
	again.releaseLarge()
	file = robotsFileOf(again.cap)
	if again.cap.Outcome == capture.OutcomeChallenged {
		s.skip("robots_challenge_not_passed")
		file.Error = "still challenged with the browser's cookies"
		return file, nil
	}
	s.skip("robots_challenge_passed_by_browser")
	return file, nil
}

func errOrNoCookie(err error) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("the page earned no cookie")
}
