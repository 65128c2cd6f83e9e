package crawler

import (
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
)

func TestRevisitInterval(t *testing.T) {
	const day = 24 * time.Hour
	dec := time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC)
	feb := time.Date(2027, 2, 2, 2, 0, 0, 0, time.UTC)
	min, max := day, 30*day
	rep := func(firstSeen, checked, published time.Duration, versions int) capture.Prior {
		p := capture.Prior{IsReport: true, Versions: versions, FetchedAt: dec.Add(-firstSeen), CheckedAt: dec.Add(-checked)}
		if published > 0 {
			p.Published = dec.Add(-published)
		}
		return p
	}
	site := dec.Add(-100 * day) // the site's first crawl
	tests := []struct {
		name  string
		now   time.Time
		p     capture.Prior
		since time.Time
		want  time.Duration
	}{
		{"not a report: the cap", dec, capture.Prior{FetchedAt: dec.Add(-day), CheckedAt: dec.Add(-day)}, site, max},
		{"not a report in season: a quarter", feb, capture.Prior{FetchedAt: feb.Add(-day), CheckedAt: feb.Add(-day)}, site, max / 4},
		{"report published last week: every night", dec, rep(2*day, day, 7*day, 1), site, min},
		{"report without a date first seen 20 days ago: every night", dec, rep(20*day, day, 0, 1), site, min},
		{"old report new on its site 3 days ago: every night", dec, rep(3*day, day, 400*day, 1), site, min},
		{"old report in the site's first crawl: as stable as its age", dec, rep(99*day, day, 400*day, 1), site, max},
		{"old report, site never crawled before: backlog", dec, rep(3*day, day, 400*day, 1), time.Time{}, max},
		{"report changed 3 days ago: every night", dec, rep(3*day, day, 400*day, 2), site, min},
		{"changed 40 days ago, unchanged 9 days at last check: waits 9 days", dec, rep(40*day, 31*day, 400*day, 2), site, 9 * day},
		{"changed long ago: capped", dec, rep(300*day, day, 400*day, 2), site, max},
		{"no minimum: always due", dec, rep(300*day, day, 400*day, 2), site, 0},
	}
	for _, tt := range tests {
		m := min
		if tt.want == 0 {
			m = -1
		}
		if got := RevisitInterval(tt.now, tt.p, tt.since, m, max); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
