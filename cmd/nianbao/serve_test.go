package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nianbao/nianbao/sim"
	"github.com/nianbao/nianbao/web"
)

func TestServe_FlagsRefuseAnUnsafeBind(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("abc\n"), 0o600)
	db := filepath.Join(dir, "a.db")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "0.0.0.0:8080"}, "not a loopback address"},
		{[]string{"--addr", ":8080"}, "not a loopback address"},
		{[]string{"--addr", "0.0.0.0:8080", "--public"}, "--public needs --token-file"},
		{[]string{"--addr", "0.0.0.0:8080", "--public", "--token-file", short}, "shorter than 16"},
		{[]string{"--addr", "8080"}, "not host:port"},
		{[]string{"--cron", "every night"}, "not a cron expression"},
	} {
		_, errs, code := runCLI(t, append([]string{"serve", "--db", db}, tt.args...)...)
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("serve %v: exit %d %q, want 2 and %q", tt.args, code, errs, tt.want)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused serve created the archive")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// syncBuffer is a bytes.Buffer safe for the serve goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// startServe runs `nianbao serve` until the test ends and waits until it
// answers.
func startServe(t *testing.T, args ...string) (base string, stderr *syncBuffer) {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	stderr = &syncBuffer{}
	e := &env{stdout: &syncBuffer{}, stderr: stderr, stdin: strings.NewReader(""), getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() { done <- run(ctx, e, append([]string{"serve", "--addr", addr}, args...)) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exit %d\n%s", code, stderr.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop within 30 s of cancellation")
		}
	})
	base = "http://" + addr
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/api/status")
		if err == nil {
			resp.Body.Close()
			return base, stderr
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d:\n%s", code, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func apiGet(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// serve owns the archive: a crawl started from the API runs in it, status
// shows it live through the socket, and the reports appear in the API.
func TestServe_CrawlFromTheAPIAndStatusThroughTheSocket(t *testing.T) {
	sc := newSimCrawl(t, sim.Options{Sites: 6, Seed: 19, Latency: 30 * time.Millisecond, NoObstacles: true}, "")
	base, stderr := startServe(t, "--config", sc.cfg, "--seeds", sc.seeds, "--db", sc.db, "--no-schedule")

	req, _ := http.NewRequest("POST", base+"/action/crawl", nil)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("start crawl: %v %v", err, resp)
	}
	resp.Body.Close()

	sawLive := false
	var st web.Status
	for deadline := time.Now().Add(180 * time.Second); ; {
		out, errs, code := runCLI(t, "status", "--config", sc.cfg, "--db", sc.db)
		if code != 0 || !strings.Contains(out, "held by nianbao serve") {
			t.Fatalf("status while serve holds the archive: exit %d\n%s%s", code, out, errs)
		}
		sawLive = sawLive || strings.Contains(out, "Running now: crawl")
		apiGet(t, base+"/api/status", &st)
		if !st.Live.Running && st.LastRun != nil && !st.LastRun.Finished.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("crawl did not finish in 180 s; serve log:\n%s", stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !sawLive {
		t.Error("status never showed the running crawl")
	}
	if st.LastRun.Done != 6 || st.Archive.Records == 0 || st.Live.LastError != "" {
		t.Errorf("after the crawl: %+v", st)
	}
	var res struct {
		Total int `json:"total"`
	}
	for deadline := time.Now().Add(10 * time.Second); int64(res.Total) != st.Archive.Records && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		apiGet(t, base+"/api/reports", &res)
	}
	if int64(res.Total) != st.Archive.Records {
		t.Errorf("the index lists %d reports, the archive holds %d", res.Total, st.Archive.Records)
	}
	out, _, _ := runCLI(t, "status", "--config", sc.cfg, "--db", sc.db)
	if !strings.Contains(out, "No crawl running") || !strings.Contains(out, "finished") {
		t.Errorf("status after the crawl:\n%s", out)
	}
}
