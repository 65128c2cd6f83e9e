package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/store"
)

// runStatus: nianbao status [--db FILE] [--runs N] [--sites]
func runStatus(ctx context.Context, e *env, args []string) error {
	if wantsCoordinator(args) {
		return runClusterStatus(ctx, e, args) // cmd_cluster_status.go
	}
	fs := newFlags(e, "status", "status [--config FILE] [--db FILE] [--runs N] [--sites] | status --coordinator redis://HOST:PORT/N [--sites] [--watch D]")
	var c common
	c.register(fs)
	fs.String("coordinator", "", "redis://HOST:PORT/N: show the cluster's current runs live, across all workers, instead of an archive")
	nRuns := fs.Int("runs", 5, "how many recent runs to list")
	allSites := fs.Bool("sites", false, "list every site of the last run, not only the ones that failed")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if err := c.load(fs); err != nil {
		return err
	}
	if sc, ok := dialServe(ctx, c.cfg.DB); ok { // serve holds the archive: ask it
		return statusFromServe(ctx, e.stdout, sc, &c, statusView{runs: *nRuns, allSites: *allSites})
	}
	db, err := c.openExisting(true)
	if err != nil {
		return err
	}
	defer db.Close()
	snapshotNote(e.stdout, db)
	st, err := db.Stats()
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	runs, err := db.Runs(max(*nRuns, 14))
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	w := e.stdout
	fmt.Fprintf(w, "Archive %s: %d bytes on disk\n", c.cfg.DB, st.FileBytes)
	fmt.Fprintf(w, "  %d captures (fetch attempts, failed ones included); %d URLs with an archived response; %d distinct bodies (%d raw bytes stored as %d)\n",
		st.Captures, st.URLs, st.Bodies, st.RawBytes, st.StoredBytes)
	fmt.Fprintf(w, "  %d report records\n", st.Records)
	byYear := map[string]int64{}
	for y, n := range st.ByYear {
		byYear[fmt.Sprint(y)] = n
	}
	printCounts(w, "Reports per year", byYear)
	printCounts(w, "Reports per province", st.ByProvince)
	printRuns(w, runs, *nRuns)
	if len(runs) > 0 {
		printLastRun(w, runs[0], *allSites)
		printFailing(w, runs)
	}
	return printChecks(w, db)
}

// statusView is what status is asked to list: how many runs, and every
// site of the last run or only the failed ones.
type statusView struct {
	runs     int
	allSites bool
}

// printLastRun is what status shows of the last run beyond the run list:
// its sites, the links it did not follow, its unverified TLS.
func printLastRun(w io.Writer, run capture.Run, allSites bool) {
	printSites(w, run, allSites)
	printSkips(w, run)
	printTLS(w, run)
}

// printChecks is status's part read from the archive itself, whoever holds
// it: URLs failing, documents waiting to be parsed again (by tool), and
// the check of the page structure and values. A damaged value met on the
// way is left to that check, which names the way out.
func printChecks(w io.Writer, db *store.DB) error {
	err := errors.Join(printURLFailures(w, db, 20), printWaiting(w, db))
	if err != nil && !errors.Is(err, store.ErrCorrupt) {
		return fmt.Errorf("status: %w", err)
	}
	if derr := checkDamage(w, db); derr != nil || err == nil {
		return derr
	}
	return fmt.Errorf("status: %w", err)
}

// printSkips sums, over a run's sites, the links not followed and the
// responses not used, by reason.
func printSkips(w io.Writer, run capture.Run) {
	m := map[string]int64{}
	for _, r := range run.Results {
		for reason, n := range r.Skipped {
			m[reason] += int64(n)
		}
	}
	printCounts(w, "Not followed or not used in run "+run.ID+", by reason", m)
}

func printCounts(w io.Writer, title string, m map[string]int64) {
	if len(m) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s:\n", title)
	t := newTable("  ")
	for _, k := range sortedKeys(m) {
		t.add(k, m[k])
	}
	t.write(w)
}

func printRuns(w io.Writer, runs []capture.Run, n int) {
	fmt.Fprintf(w, "\nLast runs:\n")
	if len(runs) == 0 {
		fmt.Fprintln(w, "  none yet: run 'nianbao crawl'")
		return
	}
	t := newTable("  ", "run", "kind", "started", "state", "sites", "totals")
	for i, r := range runs {
		if i == n {
			break
		}
		state := "finished " + r.Finished.Format(time.DateTime)
		if r.Finished.IsZero() {
			state = "unfinished (resumes on next run)"
		}
		kind := r.Kind
		if r.Year != 0 {
			kind = fmt.Sprintf("%s %d", kind, r.Year)
		}
		t.add(r.ID, kind, r.Started.Format(time.DateTime), state, fmt.Sprintf("%d/%d", r.Done, r.Sites), formatTotals(r.Totals))
	}
	t.write(w)
}

func formatTotals(m map[string]int) string {
	parts := make([]string, 0, len(m))
	for _, k := range sortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return strings.Join(parts, " ")
}

// printSites shows the last run's per-site outcomes: failures always, all
// sites with --sites; and a count per outcome.
func printSites(w io.Writer, r capture.Run, all bool) {
	byOutcome := map[string]int{}
	for _, s := range r.Results {
		byOutcome[s.Outcome]++
	}
	fmt.Fprintf(w, "\nSites in run %s by outcome: %s\n", r.ID, formatTotals(byOutcome))
	t := newTable("  ", "code", "name", "outcome", "pages", "reports", "new", "changed", "unchanged", "detail")
	for _, s := range r.Results {
		if all || s.Outcome != "ok" {
			t.add(s.Code, s.Name, s.Outcome, s.Pages, s.Reports, s.New, s.Changed, s.Unchanged, s.Detail)
		}
	}
	if len(t.rows) > 1 {
		t.write(w)
	}
}

// printFailing lists sites whose outcome was not ok in each of the most
// recent runs they appeared in, two or more in a row.
func printFailing(w io.Writer, runs []capture.Run) {
	streak := map[string]int{}
	ended := map[string]bool{}
	names := map[string]string{}
	for _, r := range runs {
		for _, s := range r.Results {
			if ended[s.Code] {
				continue
			}
			names[s.Code] = s.Name + " (" + s.Outcome + ")"
			if s.Outcome == "ok" {
				ended[s.Code] = true
				continue
			}
			streak[s.Code]++
		}
	}
	var codes []string
	for c, n := range streak {
		if n >= 2 {
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 {
		return
	}
	sort.Slice(codes, func(i, j int) bool {
		return streak[codes[i]] > streak[codes[j]] || (streak[codes[i]] == streak[codes[j]] && codes[i] < codes[j])
	})
	fmt.Fprintf(w, "\nSites failing run after run:\n")
	for _, c := range codes {
		fmt.Fprintf(w, "  %s %s: %d runs in a row\n", c, names[c], streak[c])
	}
}
