package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/nianbao/nianbao/store"
)

// printURLFailures lists the URLs whose fetches keep failing transiently
// and when each is tried again (the crawler's failure memory).
func printURLFailures(w io.Writer, db *store.DB, n int) error {
	fails, err := db.Failures()
	if err != nil || len(fails) == 0 {
		return err
	}
	fmt.Fprintf(w, "\nURLs failing (timeouts, resets, 5xx), retried with backoff across runs: %d\n", len(fails))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  site\tfailures\treason\tlast\tnext try\turl")
	for i, f := range fails {
		if i == n {
			fmt.Fprintf(tw, "  … %d more\n", len(fails)-n)
			break
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%s\t%s\n", f.Site, f.Count, f.Reason, f.Last.Format(time.DateTime), f.Due.Format(time.DateTime), f.URL)
	}
	return tw.Flush()
}
