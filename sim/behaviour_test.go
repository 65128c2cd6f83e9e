package sim

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/testshared"
)

// TestStats_ConcurrencyAndGap: parallel requests raise MaxInFlight;
// spaced requests set MinGap.
func TestStats_ConcurrencyAndGap(t *testing.T) {
	// The latency is long enough that four requests started together overlap
	// even on a loaded machine (at 50 ms one sometimes finished first).
	const latency = 300 * time.Millisecond
	s, rows := startSim(t, Options{Sites: 2, Seed: 1, Latency: latency})
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(rows[0].URL)
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	for i := 0; i < 3; i++ {
		get(t, rows[1].URL, nil)
		time.Sleep(30 * time.Millisecond)
	}
	st := s.Stats()
	h0, h1 := st.Hosts[hostOf(rows[0].URL)], st.Hosts[hostOf(rows[1].URL)]
	if h0.MaxInFlight != 4 || h0.Requests != 4 || h0.Paths["/"] != 4 || h0.Status[200] != 4 {
		t.Errorf("parallel host: %+v", h0)
	}
	if h1.MinIdle < 25*time.Millisecond || h1.MinIdle > h1.MinGap || h0.MinIdle >= 0 {
		t.Errorf("idle: sequential %v (want ≥ 25ms pause), parallel %v (want < 0: overlapping)", h1.MinIdle, h0.MinIdle)
	}
	if h1.MaxInFlight != 1 || h1.MinGap < latency+25*time.Millisecond {
		t.Errorf("sequential host: in flight %d, min gap %v (want ≥ %v latency + the 30ms pause)", h1.MaxInFlight, h1.MinGap, latency)
	}
}

// TestStats_RobotsAndScope: requests a polite, scoped crawler never makes
// are counted.
func TestStats_RobotsAndScope(t *testing.T) {
	s, rows := startSim(t, Options{Sites: 1, Seed: 1})
	_, robots := get(t, rows[0].URL+"robots.txt", nil)
	if !strings.Contains(string(robots), "Disallow: /search.html") {
		t.Fatalf("robots.txt: %s", robots)
	}
	get(t, rows[0].URL+"search.html?q=x", nil)
	if resp, _ := get(t, rows[0].URL+"gate/big5/"+hostOf(rows[0].URL)+"/index.html", nil); resp.Header.Get("Content-Type") != "text/html; charset=big5" {
		t.Errorf("big5 gateway: %q", resp.Header.Get("Content-Type"))
	}
	code := rows[0].Code
	rep := s.Truth()[code][0]
	resp, body := get(t, s.MirrorURL()+"/xxgk/"+code+rep.Path, nil)
	if resp.StatusCode != 200 || len(body) == 0 {
		t.Errorf("mirror copy: %d", resp.StatusCode)
	}
	st := s.Stats()
	main, mirror := st.Hosts[hostOf(rows[0].URL)], st.Hosts[hostOf(s.MirrorURL())]
	if main.RobotsDisallowed != 1 || main.OffScope != 1 || mirror.OffScope != 1 || mirror.Role != "mirror" {
		t.Errorf("main %+v\nmirror %+v", main, mirror)
	}
}

// TestRetryAfter: armed paths answer 503/429 once with Retry-After, and an
// early return is counted.
func TestRetryAfter(t *testing.T) {
	s, _ := startSim(t, Options{Sites: 5, Seed: 1, NoObstacles: true})
	for _, i := range []int{1, 4} {
		st := s.sites[i]
		u := s.base(st) + st.listingPath(st.root, 0)
		if i == 4 {
			u = s.base(st) + st.items[0].path
		}
		resp, _ := get(t, u, nil)
		want := map[int]int{1: 503, 4: 429}[i]
		if resp.StatusCode != want || resp.Header.Get("Retry-After") != "1" {
			t.Errorf("site %d: %d Retry-After %q, want %d", i, resp.StatusCode, resp.Header.Get("Retry-After"), want)
		}
		if resp, _ := get(t, u, nil); resp.StatusCode != 200 {
			t.Errorf("site %d second try: %d", i, resp.StatusCode)
		}
		if h := s.Stats().Hosts[hostOf(u)]; h.RetryTooSoon != 1 {
			t.Errorf("site %d: RetryTooSoon %d, want 1", i, h.RetryTooSoon)
		}
	}
}

func TestObstacles(t *testing.T) {
	_, rows := startSim(t, Options{Sites: 50, Seed: 1})
	seen := map[string]bool{}
	for _, row := range rows {
		if row.Obstacle == "" {
			continue
		}
		seen[row.Obstacle] = true
		switch row.Obstacle {
		case ObstacleUnreachable:
			if resp, err := http.Get(row.URL); err == nil {
				resp.Body.Close()
				t.Errorf("unreachable site answered %d", resp.StatusCode)
			}
		case ObstacleTS:
			resp, body := get(t, row.URL, nil)
			if resp.StatusCode != 412 || !bytes.Contains(body, []byte("$_ts")) {
				t.Errorf("412 site: %d %s", resp.StatusCode, body)
			}
		case ObstacleJSL:
			resp, _ := get(t, row.URL, nil)
			if resp.StatusCode != 521 || resp.Header.Get("X-Via-JSL") == "" {
				t.Errorf("521 site: %d %v", resp.StatusCode, resp.Header)
			}
		case ObstacleAccepted:
			resp, body := get(t, row.URL, nil)
			if resp.StatusCode != 202 || !bytes.Contains(body, []byte("<script>")) {
				t.Errorf("202 site: %d %s", resp.StatusCode, body)
			}
		case ObstacleRobots:
			_, body := get(t, row.URL+"robots.txt", nil)
			if !strings.Contains(string(body), "Disallow: /\n") {
				t.Errorf("robots site: %s", body)
			}
		}
		if row.Expect == "ok" {
			t.Errorf("obstacle %s expects ok", row.Obstacle)
		}
	}
	if len(seen) != 5 {
		t.Errorf("obstacles seen: %v", seen)
	}
}

func TestTrapsAndRedirects(t *testing.T) {
	s, rows := startSim(t, Options{Sites: 2, Seed: 1, BigPageBytes: 1 << 20, PDFDir: testshared.Path(t, "real-reports")})
	u := rows[0].URL
	if resp, body := get(t, u+"zwgk/gkml_all.html", nil); len(body) < 1<<20 || resp.StatusCode != 200 {
		t.Errorf("big page: %d bytes", len(body))
	}
	if resp, body := get(t, u+"zwgk/gkml.html", nil); utf8.Valid(body) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("junk page: %q", resp.Header.Get("Content-Type"))
	}
	_, cal := get(t, u+"rili.html?date=2024-04-01", nil)
	if !strings.Contains(utf8Body(cal), "date=2024-04-02") {
		t.Errorf("calendar does not link onward: %s", cal)
	}
	if resp, _ := get(t, u+"zwgk", nil); resp.StatusCode != 301 || resp.Header.Get("Location") != "/zwgk/" {
		t.Errorf("/zwgk: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, r := firstHTML(t, s.Truth()[rows[0].Code])
	_, page := get(t, r.URL, nil)
	_, printed := get(t, r.URL+"?print=1", nil)
	if !strings.Contains(utf8Body(page), "?print=1") || !strings.Contains(utf8Body(printed), r.Title) {
		t.Error("print duplicate missing")
	}
	checkHanwebPDF(t, s)
}

// checkHanwebPDF: a Hanweb downfile.jsp link redirects to /attach/ which
// serves the real PDF.
func checkHanwebPDF(t *testing.T, s *Sim) {
	st := s.sites[1]
	for _, it := range st.items {
		if it.pdf == "" {
			continue
		}
		resp, _ := get(t, s.base(st)+it.attach, nil)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != 302 || !strings.HasPrefix(loc, "/attach/") {
			t.Fatalf("downfile: %d %q", resp.StatusCode, loc)
		}
		resp, body := get(t, s.base(st)+loc, nil)
		if resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF")) {
			t.Errorf("attachment: %q %q", resp.Header.Get("Content-Type"), body[:min(8, len(body))])
		}
		return
	}
	t.Log("no PDF report on the Hanweb site for this seed")
}

func TestMutate_Add(t *testing.T) {
	s, rows := startSim(t, Options{Sites: 1, Seed: 9})
	code := rows[0].Code
	before := len(s.Truth()[code])
	rep, err := s.Mutate(code, Mutation{Op: "add", Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Truth()[code]) != before+1 || rep.Year != 2024 {
		t.Fatalf("truth %d → %d, report %+v", before, len(s.Truth()[code]), rep)
	}
	st := s.sites[0]
	_, body := get(t, s.base(st)+st.listingPath(st.root, 0), nil)
	if !strings.Contains(utf8Body(body), rep.Title) && !strings.Contains(utf8Body(body), rep.Path[strings.LastIndex(rep.Path, "/")+1:]) {
		t.Errorf("new report not on the first column page")
	}
	if resp, _ := get(t, rep.URL, nil); resp.StatusCode != 200 {
		t.Errorf("new report: %d", resp.StatusCode)
	}
	if _, err := s.Mutate("nope", Mutation{Op: "add"}); err == nil {
		t.Error("unknown site accepted")
	}
}

// TestSiblingHost: a site with its column on a sibling host names it in
// ExtraHosts, links it from the entry page, and its truth lives there.
func TestSiblingHost(t *testing.T) {
	s, rows := startSim(t, Options{Sites: 5, Seed: 1})
	row := rows[4]
	if len(row.ExtraHosts) != 1 {
		t.Fatalf("site 4 extra hosts %v", row.ExtraHosts)
	}
	sib := row.ExtraHosts[0]
	_, body := get(t, row.URL+strings.TrimPrefix(s.sites[4].entryPath(), "/"), nil)
	if !strings.Contains(utf8Body(body), "http://"+sib+"/") {
		t.Errorf("entry page does not link the sibling host %s", sib)
	}
	for _, r := range s.Truth()[row.Code] {
		if hostOf(r.URL) != sib {
			t.Errorf("report %s not on the sibling host %s", r.URL, sib)
		}
	}
	for i, r := range rows {
		if i != 4 && len(r.ExtraHosts) != 0 {
			t.Errorf("site %d has extra hosts %v", i, r.ExtraHosts)
		}
	}
}
