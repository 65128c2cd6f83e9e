package crawler

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/nianbao/nianbao/crawler/browser"
	"github.com/nianbao/nianbao/sim"
)

// visitLog is a Renderer that records the pages it is asked for and
// renders none.
type visitLog struct {
	mu   sync.Mutex
	urls []string
}

func (v *visitLog) Visit(_ context.Context, url string, _ int) (*browser.Page, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.urls = append(v.urls, url)
	return nil, errors.New("not rendered (test)")
}

// A listing whose records a CMS data endpoint serves (gkmlpt's API,
// Hanweb's dataproxy) is read over HTTP: the browser is not asked for it.
func TestCrawler_Run_DataEndpointListingNotRendered(t *testing.T) {
	sm, seeds := startSim(t, 30, true)
	family := map[string]string{}
	for _, r := range sm.Seeds() {
		family[strings.TrimSuffix(r.URL, "/")] = r.Family
	}
	opt := hazardOptions()
	v := &visitLog{}
	opt.Browser = v
	runOnce(t, opt, newFakeArchive("r"), "r", seeds...)
	for _, u := range v.urls {
		base := u
		if i := strings.Index(u[len("http://"):], "/"); i >= 0 {
			base = u[:len("http://")+i]
		}
		if family[base] == sim.FamilyGkmlpt {
			t.Errorf("rendered %s of a gkmlpt site (its listing is the JSON API)", u)
		}
	}
	if len(v.urls) == 0 {
		t.Error("nothing rendered: the simulator's script-paged listings should still be")
	}
}
