package crawler

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// TestCrawler_Run_LargeDocumentsWaitingForAToolAreReadBack: large
// documents queued behind a slow tool (one tool slot, the first parse held
// until every document is fetched) are not kept in memory while they wait:
// the slot reads each back from the archive, checked against its digest,
// and parses exactly the bytes served. An archive that cannot give the body
// back costs the record a parse_error skip, never a wrong parse.
func TestCrawler_Run_LargeDocumentsWaitingForAToolAreReadBack(t *testing.T) {
	const docs = 4
	for _, tc := range []struct {
		name     string
		noBodies bool
		want     int // records
	}{
		{"read back", false, docs},
		{"archive cannot read bodies", true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			served := map[string][]byte{}
			var sites []*site
			var seeds []Seed
			for i := range docs { // one document per site: a site fetches one page at a time
				body := make([]byte, 2<<20+i*1000) // over largeBody, incompressible
				rng := rand.New(rand.NewPCG(uint64(i), 7))
				for j := range body {
					body[j] = byte(rng.Uint32())
				}
				copy(body, "%PDF-1.4\n")
				path := fmt.Sprintf("/report/doc%d.pdf", i)
				site := newSite(t)
				site.page(path, "application/pdf", body)
				site.page("/", "text/html", []byte(page("home", fmt.Sprintf(`<a href="%s">%d年政府信息公开工作年度报告</a>`, path, 2020+i))))
				served[path] = body
				sites = append(sites, site)
				seeds = append(seeds, Seed{Code: fmt.Sprint(i), URL: site.url("/")})
			}

			var mu sync.Mutex
			parsed := map[string]bool{}
			first := make(chan struct{})
			var once sync.Once
			parse := func(c *capture.Capture) (*extract.Record, bool, error) {
				if !bytes.HasPrefix(c.Body, []byte("%PDF")) {
					return testParse(c)
				}
				once.Do(func() { <-first }) // hold the only tool slot until every document is fetched
				mu.Lock()
				defer mu.Unlock()
				for path, b := range served {
					if bytes.Equal(b, c.Body) {
						parsed[path] = true
						return &extract.Record{URL: c.URL, Title: "政府信息公开工作年度报告"}, true, nil
					}
				}
				t.Errorf("%s parsed with %d bytes that were not served", c.URL, len(c.Body))
				return nil, false, nil
			}
			opt := testOptions()
			opt.MaxTools = 1
			opt.Progress = func(Progress) {
				n := 0
				for i, site := range sites {
					n += len(site.requests(fmt.Sprintf("/report/doc%d.pdf", i)))
				}
				if n == docs {
					select {
					case <-first:
					default:
						close(first)
					}
				}
			}
			a := newFakeArchive("r")
			a.noBodies = tc.noBodies
			res, err := New(opt, a, parse).Run(context.Background(), "r", seeds)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(parsed); got != tc.want {
				t.Errorf("%d documents parsed with the served bytes, want %d", got, tc.want)
			}
			skips := 0
			for _, r := range res {
				skips += r.Skipped["parse_error"]
			}
			if tc.noBodies && skips != docs {
				t.Errorf("%d parse_error skips: want one for each document the archive could not give back", skips)
			}
		})
	}
}
