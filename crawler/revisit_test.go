package crawler

import (
	"fmt"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
)

func TestRevisitInterval(t *testing.T) {
	const day = 24 * time.Hour
	dec := time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC)
	feb := time.Date(2027, 2, 2, 2, 0, 0, 0, time.UTC)
	apr := time.Date(2027, 4, 20, 2, 0, 0, 0, time.UTC)
	may := time.Date(2027, 5, 2, 2, 0, 0, 0, time.UTC)
	min, max := day, 30*day
	// rep is a report as of now: first seen, last checked and published
	// that long ago (published 0: no date known).
	rep := func(now time.Time, firstSeen, checked, published time.Duration, versions int) capture.Prior {
		p := capture.Prior{IsReport: true, Versions: versions, FetchedAt: now.Add(-firstSeen), CheckedAt: now.Add(-checked)}
		if published > 0 {
			p.Published = now.Add(-published)
		}
		return p
	}
	page := func(now time.Time) capture.Prior {
		return capture.Prior{FetchedAt: now.Add(-day), CheckedAt: now.Add(-day)}
	}
	site := dec.Add(-100 * day) // the site's first crawl
	tests := []struct {
		name     string
		now      time.Time
		p        capture.Prior
		since    time.Time
		min, max time.Duration
		want     time.Duration
	}{
		{"not a report: the cap", dec, page(dec), site, min, max, max},
		{"not a report in season: still the cap, its links are replayed", feb, page(feb), site, min, max, max},
		{"report published last week: every night", dec, rep(dec, 2*day, day, 7*day, 1), site, min, max, min},
		{"report without a date first seen 20 days ago: every night", dec, rep(dec, 20*day, day, 0, 1), site, min, max, min},
		{"old report new on its site 3 days ago: every night", dec, rep(dec, 3*day, day, 400*day, 1), site, min, max, min},
		{"old report in the site's first crawl: as stable as its age", dec, rep(dec, 99*day, day, 400*day, 1), site, min, max, max},
		{"old report, site never crawled before: backlog", dec, rep(dec, 3*day, day, 400*day, 1), time.Time{}, min, max, max},
		{"report changed 3 days ago: every night", dec, rep(dec, 3*day, day, 400*day, 2), site, min, max, min},
		{"changed 40 days ago, unchanged 9 days at last check: waits 9 days", dec, rep(dec, 40*day, 31*day, 400*day, 2), site, min, max, 9 * day},
		{"changed long ago: capped", dec, rep(dec, 300*day, day, 400*day, 2), site, min, max, max},
		{"no minimum: always due", dec, rep(dec, 300*day, day, 400*day, 2), site, -1, max, 0},
		{"season report published 6 weeks ago: a quarter", apr, rep(apr, 60*day, day, 42*day, 1), site, min, max, max / 4},
		{"season report published last week: every night", feb, rep(feb, 3*day, day, 7*day, 1), site, min, max, min},
		{"last season's report in season: the cap", feb, rep(feb, 300*day, day, 380*day, 1), site, min, max, max},
		{"season report without a date, first seen 40 days ago: a quarter", apr, rep(apr, 40*day, day, 0, 1), site, min, max, max / 4},
		{"season report changed 35 days ago, unchanged 20 days: a quarter", apr, rep(apr, 35*day, 15*day, 80*day, 2), site, min, max, max / 4},
		{"this year's report in May: the cap", may, rep(may, 90*day, day, 100*day, 1), site, min, max, max},
		{"minimum over the season cap: the minimum", apr, rep(apr, 60*day, day, 42*day, 1), site, 10 * day, max, 10 * day},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RevisitInterval(tt.now, tt.p, tt.since, tt.min, tt.max); got != tt.want {
				t.Errorf("%v, want %v", got, tt.want)
			}
		})
	}
}

func TestRevisitWait(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		url    string
		d      time.Duration
		lo, hi time.Duration // inclusive bounds
	}{
		{"http://a.gov.cn/nb/2023.html", 30 * day, 30 * day * 3 / 4, 30 * day},
		{"http://a.gov.cn/nb/2023.pdf", 7*day + 12*time.Hour, (7*day + 12*time.Hour) * 3 / 4, 7*day + 12*time.Hour},
		{"http://a.gov.cn/nb/2024.html", day, 18 * time.Hour, day},
		{"http://a.gov.cn/", 0, 0, 0},
	}
	for _, tt := range tests {
		got := RevisitWait(tt.url, tt.d)
		if got < tt.lo || got > tt.hi {
			t.Errorf("RevisitWait(%s, %v) = %v, want within [%v, %v]", tt.url, tt.d, got, tt.lo, tt.hi)
		}
		if again := RevisitWait(tt.url, tt.d); again != got {
			t.Errorf("RevisitWait(%s, %v): %v then %v, want the same every time", tt.url, tt.d, got, again)
		}
	}
}

// TestRevisitWait_SpreadsPagesOfOneNight checks that the pages of one
// night fall due over the last quarter of their wait: each of its four
// sixteenths (in days for a 30-day wait) gets a fair share of 2,000 URLs.
func TestRevisitWait_SpreadsPagesOfOneNight(t *testing.T) {
	const n, d = 2000, 30 * 24 * time.Hour
	var buckets [4]int
	for i := range n {
		w := RevisitWait(fmt.Sprintf("http://www.x%d.gov.cn/zwgk/nb/%d.html", i%37, i), d)
		buckets[min(int((d-w)*16/d), 3)]++
	}
	for i, c := range buckets {
		if c < n/4*3/4 || c > n/4*5/4 {
			t.Errorf("wait shortened by %d–%d/16: %d of %d URLs, want about a quarter (%v)", i, i+1, c, n, buckets)
		}
	}
}
