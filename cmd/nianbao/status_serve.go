package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/web"
)

// serveClient asks a running `nianbao serve` over its unix socket.
type serveClient struct{ hc *http.Client }

// dialServe returns a client for the serve holding db, or false when no
// serve answers on the socket beside it.
func dialServe(ctx context.Context, db string) (*serveClient, bool) {
	path := socketPath(db)
	if fi, err := os.Stat(path); err != nil || fi.Mode()&os.ModeSocket == 0 {
		return nil, false
	}
	tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", path)
	}}
	c := &serveClient{hc: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
	var st web.Status
	if err := c.get(ctx, "/api/status", &st); err != nil {
		return nil, false // a socket left by a serve that died
	}
	return c, true
}

func (c *serveClient) get(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, "GET", "http://localhost"+path, nil)
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("ask the running serve: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("ask the running serve: %s: %s", resp.Status, b)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

type serveSites struct {
	Sites   []capture.SiteResult `json:"sites"`
	Failing []struct {
		Code, Name, Outcome, Detail string
		Streak                      int `json:"runs_in_a_row"`
	} `json:"failing"`
}

// statusFromServe prints status as the running serve sees it, live crawl
// included, then what status reads from the archive itself (printChecks:
// failing URLs, documents waiting for a tool, the value check), from the
// snapshot the serve publishes for readers, as during a crawl.
func statusFromServe(ctx context.Context, w io.Writer, c *serveClient, cm *common, v statusView) error {
	if err := serveOverview(ctx, w, c, cm.cfg.DB, v); err != nil {
		return err
	}
	db, err := cm.openExisting(true)
	if err != nil {
		return fmt.Errorf("status: read the archive's checks: %w", err)
	}
	defer db.Close()
	return printChecks(w, db)
}

// serveOverview prints the part of status the serve answers: counts, the
// live job, runs, the last run's sites and skips, failing sites.
func serveOverview(ctx context.Context, w io.Writer, c *serveClient, db string, v statusView) error {
	nRuns := v.runs
	var st web.Status
	var runs struct {
		Runs []capture.Run `json:"runs"`
	}
	var sites serveSites
	err := errors.Join(c.get(ctx, "/api/status", &st), c.get(ctx, "/api/runs?limit="+strconv.Itoa(max(nRuns, 1)), &runs),
		c.get(ctx, "/api/sites", &sites))
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	a := st.Archive
	fmt.Fprintf(w, "Archive %s (held by nianbao serve): %d bytes on disk\n", db, a.FileBytes)
	fmt.Fprintf(w, "  %d captures (fetch attempts, failed ones included); %d URLs with an archived response; %d distinct bodies (%d raw bytes stored as %d)\n",
		a.Captures, a.URLs, a.Bodies, a.RawBytes, a.StoredBytes)
	fmt.Fprintf(w, "  %d report records\n", a.Records)
	printLive(w, st.Live)
	printCounts(w, "Reports per year", a.ByYear)
	printCounts(w, "Reports per province", a.ByProvince)
	printRuns(w, runs.Runs, nRuns)
	if len(runs.Runs) > 0 {
		last := runs.Runs[0]
		last.Results = sites.Sites
		printLastRun(w, last, v.allSites)
	}
	if len(sites.Failing) > 0 {
		fmt.Fprintf(w, "\nSites failing run after run:\n")
		for _, f := range sites.Failing {
			fmt.Fprintf(w, "  %s %s (%s): %d runs in a row\n", f.Code, f.Name, f.Outcome, f.Streak)
		}
	}
	return nil
}

func printLive(w io.Writer, l web.Live) {
	if !l.Running {
		fmt.Fprintf(w, "\nNo crawl running.")
		if !l.NextRun.IsZero() {
			fmt.Fprintf(w, " Next scheduled crawl: %s UTC.", l.NextRun.Format(time.DateTime))
		}
		fmt.Fprintln(w)
		return
	}
	eta := "—"
	if l.ETASeconds > 0 {
		eta = (time.Duration(l.ETASeconds) * time.Second).String()
	}
	fmt.Fprintf(w, "\nRunning now: %s %s since %s UTC\n  sites %d/%d  pages %d  reports %d  errors %d  ETA %s\n",
		l.Job, l.RunID, l.Started.Format(time.DateTime), l.SitesDone, l.SitesTotal, l.Pages, l.Reports, l.Errors, eta)
}
