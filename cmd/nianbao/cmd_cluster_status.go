package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nianbao/nianbao/cluster"
)

// wantsCoordinator says whether status was asked about a cluster
// (--coordinator given) rather than an archive.
func wantsCoordinator(args []string) bool {
	return slices.ContainsFunc(args, func(a string) bool {
		return a == "--coordinator" || a == "-coordinator" || strings.HasPrefix(a, "--coordinator=") || strings.HasPrefix(a, "-coordinator=")
	})
}

// runClusterStatus: nianbao status --coordinator URL [--sites] [--watch D]
// shows, live from Redis, the current run of each kind across every
// worker: progress, totals, workers, and the sites' outcomes.
func runClusterStatus(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "status", "status --coordinator redis://HOST:PORT/N [--sites] [--watch DURATION]")
	var c common
	c.register(fs)
	url := fs.String("coordinator", "", "redis://HOST:PORT/N of the cluster")
	allSites := fs.Bool("sites", false, "list every site with a result, not only the ones that failed")
	watch := durationFlag(fs, "watch", 0, "refresh every DURATION (30s, 1m, or plain seconds) until interrupted (0 = once)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if err := c.load(fs); err != nil {
		return err
	}
	coord, err := dialCoordinator(ctx, *url, c.cfg.Cluster, newLogger(e.stderr, c.cfg.Log))
	if err != nil {
		return err
	}
	defer coord.Close()
	for {
		snaps, err := coord.Snapshots(ctx)
		if err != nil {
			return fmt.Errorf("status: %w", err)
		}
		printCluster(e.stdout, coord, snaps, *allSites, time.Now())
		if *watch <= 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(*watch):
			fmt.Fprintln(e.stdout)
		}
	}
}

// printCluster writes each run's progress, totals, workers and sites.
func printCluster(w io.Writer, coord *cluster.Coordinator, snaps []cluster.Snapshot, all bool, now time.Time) {
	fmt.Fprintf(w, "Coordinator %s: %d run(s)\n", coord.Addr(), len(snaps))
	for _, s := range snaps {
		state := "running for " + now.Sub(s.Started).Round(time.Second).String()
		if !s.Finished.IsZero() {
			state = "finished " + s.Finished.Local().Format(time.DateTime)
		}
		kind := s.Kind
		if s.Year != 0 {
			kind = fmt.Sprintf("%s %d", s.Kind, s.Year)
		}
		done := len(s.Results)
		fmt.Fprintf(w, "\nRun %s (%s), %s: %d sites, %d done, %d in progress, %d waiting\n",
			s.ID, kind, state, s.Sites, done, s.Pending, max(s.Sites-done-int(s.Pending), 0))
		fmt.Fprintf(w, "  totals of the done sites: %s\n", formatTotals(totals(s.Results)))
		printWorkers(w, coord, s.Workers, now)
		printClusterSites(w, s, all)
	}
}

func printWorkers(w io.Writer, coord *cluster.Coordinator, ws []cluster.WorkerState, now time.Time) {
	if len(ws) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  worker\tstate\tsites done\tpages\trequests\treports\tlast seen\tcrawling now")
	for _, x := range ws {
		state := "live"
		switch {
		case x.Stopped:
			state = "stopped"
		case !coord.Live(x, now):
			state = "silent"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%d\t%d\t%s ago\t%s\n", x.Consumer, state, x.Done, x.Pages, x.Requests,
			x.Reports, now.Sub(x.Seen).Round(time.Second), strings.Join(x.Sites, " "))
	}
	tw.Flush()
}

func printClusterSites(w io.Writer, s cluster.Snapshot, all bool) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	n := 0
	for _, r := range s.Results {
		if !all && r.Outcome == "ok" {
			continue
		}
		if n == 0 {
			fmt.Fprintln(tw, "  code\tname\toutcome\tpages\treports\tnew\tchanged\tdetail")
		}
		n++
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", r.Code, r.Name, r.Outcome, r.Pages, r.Reports, r.New, r.Changed, r.Detail)
	}
	tw.Flush()
	if n == 0 && len(s.Results) > 0 {
		fmt.Fprintln(w, "  every done site ended ok (--sites lists them)")
	}
}
