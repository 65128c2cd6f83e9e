package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	seedlist "github.com/nianbao/nianbao/seeds"
)

func TestRun_WritesSeedsAndTruth(t *testing.T) {
	dir := t.TempDir()
	seeds, truth := filepath.Join(dir, "seeds.csv"), filepath.Join(dir, "truth.json")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, []string{"-sites", "5", "-seeds", seeds, "-truth", truth}, &out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(seeds)
	if err != nil || strings.Count(string(b), "\n") != 6 || !strings.Contains(string(b), "http://127.0.0.1:") {
		t.Fatalf("seeds: %v %s", err, b)
	}
	rows, err := seedlist.Load(seeds) // the crawler's own seed reader accepts the file
	if err != nil || len(rows) != 5 || len(rows[4].ExtraHosts) != 1 {
		t.Fatalf("seeds.Load: %v, %d rows", err, len(rows))
	}
	var tr map[string][]json.RawMessage
	b, _ = os.ReadFile(truth)
	if err := json.Unmarshal(b, &tr); err != nil || len(tr) != 5 {
		t.Fatalf("truth: %v, %d sites", err, len(tr))
	}
	if !strings.Contains(out.String(), "mirror http://127.0.0.1:") {
		t.Errorf("output: %s", out.String())
	}
}

// TestRun_BrowserSites: -browser adds sites that need a browser to the seed
// list and the truth, and they answer a plain request with their obstacle
// (a 412 or 521 challenge; a listing page with no report link).
func TestRun_BrowserSites(t *testing.T) {
	dir := t.TempDir()
	seeds, truth := filepath.Join(dir, "seeds.csv"), filepath.Join(dir, "truth.json")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-sites", "2", "-browser", "3", "-hazards", "plain", "-seeds", seeds, "-truth", truth}, io.Discard)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	var rows []seedlist.Seed
	for range 100 {
		if rows, _ = seedlist.Load(seeds); rows != nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(rows) != 6 {
		t.Fatalf("%d seed rows, want 2 generated + 3 browser sites + 1 plain", len(rows))
	}
	var tr map[string][]struct{ URL string }
	b, _ := os.ReadFile(truth)
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		code   string
		status int
		body   string // in the seed's answer
	}{{"970001", 412, "document.cookie"}, {"970002", 521, "__jsl_clearance_s"}, {"970003", 200, `id="list"></ul>`}} {
		r := rows[2+i]
		if r.Code != want.code || len(tr[r.Code]) < 3 {
			t.Errorf("row %d: code %s, %d reports in the truth; want %s with at least 3", 2+i, r.Code, len(tr[r.Code]), want.code)
			continue
		}
		u := r.URL
		if want.status == 200 {
			u += "xxgk/nb/"
		}
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want.status || !strings.Contains(string(body), want.body) {
			t.Errorf("%s: %d %s; want %d with %q", u, resp.StatusCode, body, want.status, want.body)
		}
		if resp, err := http.Get(tr[r.Code][0].URL); err != nil || resp.Body.Close() != nil || resp.StatusCode != want.status {
			t.Errorf("report %s: %v %v; want %d (a report behind a challenge is challenged too)", tr[r.Code][0].URL, err, resp, want.status)
		}
	}
}

func TestRun_HazardsOnly(t *testing.T) {
	for _, tc := range []struct {
		hazards string
		rows    int
		err     string
	}{
		{"plain,challenge-521", 2, ""},
		{"captcha", 1, ""},
		{"plain,nosuch", 0, `hazard "nosuch": unknown`},
	} {
		t.Run(tc.hazards, func(t *testing.T) {
			seeds := filepath.Join(t.TempDir(), "seeds.csv")
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			err := run(ctx, []string{"-sites", "0", "-hazards", tc.hazards, "-seeds", seeds}, io.Discard)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			rows, lerr := seedlist.Load(seeds)
			if err != nil || lerr != nil || len(rows) != tc.rows {
				t.Fatalf("run %v, load %v, %d rows; want %d", err, lerr, len(rows), tc.rows)
			}
		})
	}
}
