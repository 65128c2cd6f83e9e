package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/nianbao/nianbao/capture"
)

// printTLS lists the sites of a run whose https certificates could not be
// verified: their pages were archived as found (config tls: as_found) and
// each such capture records the error.
func printTLS(w io.Writer, run capture.Run) {
	var bad []capture.SiteResult
	for _, r := range run.Results {
		if r.TLSError != "" {
			bad = append(bad, r)
		}
	}
	if len(bad) == 0 {
		return
	}
	fmt.Fprintf(w, "\nSites archived over unverified TLS in run %s (certificate error recorded with each capture):\n", run.ID)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range bad {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", r.Code, r.Name, r.TLSError)
	}
	tw.Flush()
}
