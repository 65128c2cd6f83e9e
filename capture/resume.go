package capture

import (
	"fmt"
	"time"
)

// ResumeMaxAge is how old an interrupted run may be and still be resumed
// (joined, for a cluster's run): an older one is left, and a new run
// starts.
const ResumeMaxAge = 7 * 24 * time.Hour

// NotResumable says why run r, of the same kind and year, cannot be resumed
// by a run over selection starting at now: it covers another seed
// selection, or it started more than maxAge ago (0: any age). "" when it
// can. This is the one resume rule of a crawl, a backfill and a cluster's
// run, its local part included.
func (r Run) NotResumable(selection string, now time.Time, maxAge time.Duration) string {
	switch {
	case r.Selection != selection:
		return "it covers another seed selection"
	case maxAge > 0 && now.Sub(r.Started) > maxAge:
		return fmt.Sprintf("it started %s ago, more than %s", days(now.Sub(r.Started)), days(maxAge))
	}
	return ""
}

// days writes d in days (hours when under two days).
func days(d time.Duration) string {
	if d < 48*time.Hour {
		return fmt.Sprintf("%.0f hours", d.Hours())
	}
	return fmt.Sprintf("%.0f days", d.Hours()/24)
}
