package crawler

import (
	"hash/fnv"
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
	// seasonCap divides RevisitMax, from January to April, for the
	// season's reports (see seasonal).
	seasonCap = 4
	// revisitSpread is the largest share of a wait that RevisitWait takes
	// off, per URL.
	revisitSpread = 4 // a quarter
)

// RevisitInterval is how long an archived page stays fresh after its last
// check: the adaptive policy that replaced fixed revalidation windows,
// after Heritrix's wait evaluator. A report waits as long as it had been
// unchanged when last checked (so the wait doubles with every unchanged
// check and falls back to min when the report changes), at least min and
// at most max. A report already old when first seen counts as unchanged
// since its publication; a young one (see young) waits min.
//
// From January to April the season's reports (see seasonal) wait at most
// max/4: they are the ones corrected after publication. Reports of earlier
// seasons are not corrected then any more than at other times, and pages
// that are not reports need no season cap either: their links are
// replayed from the archive, and the seeds and listings that announce new
// reports are re-read (conditionally) every run. Capping every page would
// make every page archived on one night due together a quarter of max
// later. A negative min makes every page due.
func RevisitInterval(now time.Time, p capture.Prior, since time.Time, min, max time.Duration) time.Duration {
	if min < 0 {
		return 0
	}
	limit := max
	if seasonal(now, p) {
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

// seasonal says whether now is in the publication season (January to
// April) and p is one of its reports: published this calendar year (the
// reports of last year, due by the end of January; Prior.Published of a
// record without a date is 1 January after its report year), or of
// unknown date.
func seasonal(now time.Time, p capture.Prior) bool {
	if now.Month() > time.April || !p.IsReport {
		return false
	}
	return p.Published.IsZero() || p.Published.Year() >= now.Year()
}

// RevisitWait is the wait d of the page at u shortened by a fixed share of
// up to a quarter, taken from a hash of u: pages first archived on the
// same night (all of a site's on its first crawl) fall due over a quarter
// of their wait instead of on one night, the same nights on every rerun,
// and a page due every night (d = one day) is still due when tonight's
// crawl reaches it up to six hours earlier than last night's did.
func RevisitWait(u string, d time.Duration) time.Duration {
	h := fnv.New64a()
	h.Write([]byte(u))
	share := float64(h.Sum64()>>11) / (1 << 53) // uniform in [0, 1)
	return d - time.Duration(share*float64(d)/revisitSpread)
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
