package discover_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/crawler/discover"
	"github.com/nianbao/nianbao/internal/testshared"
	"github.com/nianbao/nianbao/sim"
)

// bfs is a tiny breadth-first crawl of one simulated site using only
// Links: no crawler package, no politeness beyond robots.txt Disallow.
type bfs struct {
	t       *testing.T
	client  *http.Client
	scope   *discover.Scope
	robots  []string
	seen    map[string]bool
	found   map[string]discover.Link // canonical URL → link, first (shallowest) sighting
	depth   map[string]int
	parent  map[string]string
	fetched int
	status  map[int]int
}

type job struct {
	l     discover.Link
	depth int
}

func crawlSite(t *testing.T, row sim.SeedRow, maxDepth, budget int) *bfs {
	b := &bfs{t: t, client: &http.Client{}, scope: discover.NewScope(row.URL, row.ExtraHosts),
		seen: map[string]bool{}, found: map[string]discover.Link{}, depth: map[string]int{}, parent: map[string]string{}, status: map[int]int{}}
	b.robots = b.readRobots(row.URL)
	queue := []job{{l: discover.Link{URL: row.URL, Kind: discover.KindNav}}}
	for len(queue) > 0 && b.fetched < budget {
		j := queue[0]
		queue = queue[1:]
		for _, l := range b.visit(j) {
			if j.depth+1 <= maxDepth {
				queue = append(queue, job{l: l, depth: j.depth + 1})
			}
		}
	}
	return b
}

func (b *bfs) readRobots(seed string) []string {
	resp, err := b.client.Get(strings.TrimSuffix(seed, "/") + "/robots.txt")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var rules []string
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Disallow:"); ok && resp.StatusCode == 200 {
			rules = append(rules, strings.TrimSpace(v))
		}
	}
	return rules
}

func (b *bfs) allowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	for _, r := range b.robots {
		if r != "" && strings.HasPrefix(u.Path, r) {
			return false
		}
	}
	return true
}

// visit fetches one link and returns the new links of its page.
func (b *bfs) visit(j job) []discover.Link {
	key := j.l.Method + " " + j.l.URL + " " + string(j.l.Body)
	if b.seen[key] || !b.allowed(j.l.URL) || j.l.Kind == discover.KindAttachment {
		return nil
	}
	b.seen[key] = true
	page, ok := b.fetch(j.l)
	if !ok {
		return nil
	}
	page.Depth, page.Kind, page.Scope = j.depth, j.l.Kind, b.scope
	links, _ := discover.Links(page)
	var out []discover.Link
	for _, l := range links {
		if _, dup := b.found[l.URL]; !dup || l.Method == "POST" {
			if !dup {
				b.found[l.URL], b.depth[l.URL] = l, j.depth+1
				b.parent[l.URL] = j.l.URL
			}
			out = append(out, l)
		}
	}
	return out
}

func (b *bfs) fetch(l discover.Link) (discover.Page, bool) {
	req, err := http.NewRequest(l.Method, l.URL, bytes.NewReader(l.Body))
	if err != nil || req.Method == "" {
		req, _ = http.NewRequest("GET", l.URL, nil)
	}
	for k, v := range l.Header {
		req.Header.Set(k, v)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.status[0]++
		return discover.Page{}, false
	}
	defer resp.Body.Close()
	b.fetched++
	b.status[resp.StatusCode]++
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode != 200 || !strings.Contains(ct, "html") && !strings.Contains(ct, "json") && !strings.Contains(ct, "xml") {
		return discover.Page{}, false
	}
	cs := ""
	if !utf8.Valid(body) { // GBK family, whatever the page declares
		if d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(body); err == nil {
			body, cs = d, "gbk"
		}
	}
	return discover.Page{URL: resp.Request.URL.String(), ContentType: ct, Body: body, Charset: cs,
		Method: l.Method, ReqBody: l.Body}, true
}

// TestSim_EveryReportReachable crawls every simulated site with Links
// alone and checks that every true report is found within depth 5, that
// no request left the scope or broke robots.txt, and that obstacle sites
// answer as announced.
func TestSim_EveryReportReachable(t *testing.T) {
	s := sim.New(sim.Options{Sites: 20, Seed: 7, PDFDir: testshared.Path(t, "real-reports"), BigPageBytes: 1 << 20})
	if _, err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	truth := s.Truth()
	for _, row := range s.Seeds() {
		b := crawlSite(t, row, 5, 2000)
		switch row.Expect {
		case "challenged":
			if b.status[412]+b.status[521] == 0 {
				t.Errorf("%s: challenged site gave %v", row.Code, b.status)
			}
			continue
		case "unreachable":
			if b.status[0] == 0 {
				t.Errorf("%s: unreachable site answered %v", row.Code, b.status)
			}
			continue
		}
		checkReports(t, row, b, truth[row.Code])
	}
	st := s.Stats()
	if n := st.Total(func(h sim.HostStats) int { return h.OffScope }); n != 0 {
		t.Errorf("%d off-scope requests", n)
	}
	if n := st.Total(func(h sim.HostStats) int { return h.RobotsDisallowed }); n != 0 {
		t.Errorf("%d requests to robots-disallowed paths", n)
	}
}

func checkReports(t *testing.T, row sim.SeedRow, b *bfs, reports []sim.Report) {
	t.Helper()
	if row.Expect == "ok" && len(reports) == 0 {
		t.Errorf("%s: no truth", row.Code)
	}
	for _, r := range reports {
		l, ok := b.found[discover.Canonical(r.URL)]
		if !ok {
			t.Errorf("%s (%s/%s): report not found: %s %s", row.Code, row.Family, row.Charset, r.URL, r.Title)
			continue
		}
		if d := b.depth[l.URL]; d > 5 {
			t.Errorf("%s: %s at depth %d via %s", row.Code, r.URL, d, b.chain(l.URL))
		}
		if l.Kind != discover.KindReport && l.Kind != discover.KindAttachment {
			t.Errorf("%s: %s found as %s (%q)", row.Code, r.URL, l.Kind, l.Text)
		}
	}
	t.Logf("%s %-7s %-9s reports %d, pages fetched %d", row.Code, row.Family, row.Charset, len(reports), b.fetched)
}

// TestSim_LookAlikesNotReportsByURL: look-alikes share the report URL
// shapes, so no URL alone may make them KindReport; with their titles they
// may be report candidates, and the parser decides.
func TestSim_LookAlikesNotReportsByURL(t *testing.T) {
	s := sim.New(sim.Options{Sites: 8, Seed: 3})
	if _, err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	for _, urls := range s.Decoys() {
		for _, raw := range urls {
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			n++
			if _, kind := discover.Score(u, "", 4); kind == discover.KindReport {
				t.Errorf("look-alike %s is a report by URL alone", raw)
			}
		}
	}
	if n == 0 {
		t.Fatal("no decoys")
	}
}

func (b *bfs) chain(u string) string {
	var c []string
	for i := 0; u != "" && i < 10; i++ {
		c = append(c, u)
		u = b.parent[u]
	}
	return strings.Join(c, " <- ")
}
