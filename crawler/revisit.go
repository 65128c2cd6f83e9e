package crawler

import (
	"time"

	"github.com/nianbao/nianbao/capture"
)

// Defaults of the adaptive revisit policy.
const (
	DefaultRevisitMin = 24 * time.Hour
	DefaultRevisitMax = 30 * 24 * time.Hour
	// RevisitYoung is how long a report stays young: one published (or,
	// without a date, first seen) less than this long ago, or changed in
	// place less than this long ago, is rechecked every RevisitMin, so a
	// correction to a new report is caught the next night.
	RevisitYoung = 30 * 24 * time.Hour
	// seasonCap divides RevisitMax in January–April, the publication
	// season, when columns and reports move most.
	seasonCap = 4
)

// RevisitInterval is how long an archived page stays fresh after its last
// check: the adaptive policy that replaced fixed revalidation windows,
// after Heritrix's wait evaluator. A report waits as long as it had been
// unchanged when last checked (so the wait doubles with every unchanged
// check and falls back to min when the report changes), at least min and
// at most max (max/4 from January to April, the publication season). A
// report already old when first seen counts as unchanged since its
// publication; a young one (see young) waits min. Pages that are not
// reports wait the cap: their links are replayed from the archive, and the
// listings that announce new reports are re-read (conditionally) every
// run. A negative min makes every page due.
func RevisitInterval(now time.Time, p capture.Prior, since time.Time, min, max time.Duration) time.Duration {
	if min < 0 {
		return 0
	}
	limit := max
	if now.Month() <= time.April {
		limit = max / seasonCap
	}
	limit = maxDur(limit, min)
	if !p.IsReport {
		return limit // navigation, look-alikes: their links are replayed from the archive
	}
	if young(now, p, since) {
		return min
	}
	stable := p.CheckedAt.Sub(p.FetchedAt) // unchanged when last checked
	if p.Versions <= 1 && !p.Published.IsZero() && p.Published.Before(p.FetchedAt) {
		stable = p.CheckedAt.Sub(p.Published) // old when first seen: as stable as its age
	}
	return minDur(maxDur(stable, min), limit)
}

// young says whether a report changed, was published, or appeared on its
// site (first seen after the site's first crawl, since) less than
// RevisitYoung ago; without a publication date, first seen that recently.
func young(now time.Time, p capture.Prior, since time.Time) bool {
	recent := now.Sub(p.FetchedAt) < RevisitYoung
	switch {
	case p.Versions > 1 || p.Published.IsZero():
		return recent
	case recent && !since.IsZero() && p.FetchedAt.Sub(since) > 12*time.Hour:
		return true // new on a site already archived
	}
	return now.Sub(p.Published) < RevisitYoung
}

func minDur(a, b time.Duration) time.Duration {
	if a < b {
		return a
	}
	return b
}

func maxDur(a, b time.Duration) time.Duration {
	if a > b {
		return a
	}
	return b
}
