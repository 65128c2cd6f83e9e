package crawler

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
)

// memArchive is the fake archive with a failure memory.
type memArchive struct {
	*fakeArchive
	mu  sync.Mutex
	mem map[string]capture.Failure
}

func (a *memArchive) Failure(url string) (capture.Failure, bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f, ok := a.mem[url]
	return f, ok, nil
}

func (a *memArchive) NoteFailure(f capture.Failure) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.mem[f.URL] = f
	return nil
}

func (a *memArchive) ClearFailure(url string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.mem, url)
	return nil
}

// A report page answering 503 night after night is retried with backoff
// across nights (1, 2, 4 days), costs no page of the budget, and is
// forgotten once it answers.
func TestCrawler_Run_FailureBackoffAcrossNights(t *testing.T) {
	s := newSite(t)
	s.page("/", "text/html; charset=utf-8", []byte(page("某县人民政府", `<a href="/list/">政府信息公开年报</a>`)))
	s.page("/list/", "text/html; charset=utf-8", []byte(page("政府信息公开年报", `<a href="/report/2023.html">`+title2023+`</a>`)))
	var down atomic.Bool
	down.Store(true)
	var hits atomic.Int32
	s.handle("/report/2023.html", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if down.Load() {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page(title2023, "一、总体情况 本年新收 3")))
	})
	a := &memArchive{fakeArchive: newFakeArchive(""), mem: map[string]capture.Failure{}}
	clk := &clock{t: time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)}
	opt := testOptions()
	opt.Now, opt.MaxRetries, opt.SitePageBudget = clk.now, -1, 4 // robots, seed, listing, and one more
	seed := Seed{Code: "1", URL: s.url("/")}
	u := s.url("/report/2023.html")
	// night: 1 2 3 4 5 6 7 8; failures on 1, 2, 4 and 8 (waits 1, 2, 4 days)
	want := []bool{true, true, false, true, false, false, false, true}
	for night, requested := range want {
		id := string(rune('a' + night))
		a.run = id
		before := hits.Load()
		res := runOnce(t, opt, a, id, seed)[0]
		if got := hits.Load() > before; got != requested {
			t.Errorf("night %d: requested %v, want %v (memory %+v, skips %v)", night+1, got, requested, a.mem[u], res.Skipped)
		}
		if !requested && res.Skipped["failure_backoff"] != 1 {
			t.Errorf("night %d: skips %v, want failure_backoff", night+1, res.Skipped)
		}
		if res.Outcome == "budget_exhausted" {
			t.Errorf("night %d: a failed page was charged to the budget", night+1)
		}
		clk.t = clk.t.Add(24 * time.Hour)
	}
	if f := a.mem[u]; f.Count != 4 || f.Reason != "http_503" {
		t.Errorf("memory after 4 failures: %+v", f)
	}
	down.Store(false)
	clk.t = clk.t.Add(9 * 24 * time.Hour)
	a.run = "z"
	if res := runOnce(t, opt, a, "z", seed)[0]; res.Reports != 1 {
		t.Errorf("after recovery: %+v", res)
	}
	if _, ok := a.mem[u]; ok {
		t.Errorf("failure still remembered after a success: %+v", a.mem[u])
	}
}
