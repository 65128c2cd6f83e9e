package main

import (
	"fmt"
	"io"

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
	t := newTable("  ")
	for _, r := range bad {
		t.add(r.Code, r.Name, r.TLSError)
	}
	t.write(w)
}
