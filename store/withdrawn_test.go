package store

import (
	"slices"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
)

// TestDB_Withdrawal_Lifecycle: 404 or 410 on a URL with a version marks it
// withdrawn (keeping its versions and last-seen time), an outage does not,
// a second 404 keeps the first date, and the page answering again clears
// the mark.
func TestDB_Withdrawal_Lifecycle(t *testing.T) {
	const u = "http://www.example.gov.cn/zwgk/nb/2025.html"
	failure := func(status int, at time.Time) *capture.Capture {
		c := newCapture(u, []byte("<h1>not here</h1>"), at, "")
		c.Status, c.Outcome = status, capture.OutcomeHTTPError
		if status == 0 {
			c.Body, c.Outcome = nil, capture.OutcomeTimeout
		}
		return c
	}
	day := 24 * time.Hour
	steps := []struct {
		name string
		c    *capture.Capture
		want Withdrawal
	}{
		{"never seen: 404 marks nothing", failure(404, t0), Withdrawal{}},
		{"first version", newCapture(u, []byte("<h1>报告</h1>"), t0.Add(day), ""), Withdrawal{}},
		{"503 is an outage", failure(503, t0.Add(2*day)), Withdrawal{}},
		{"timeout is an outage", failure(0, t0.Add(3*day)), Withdrawal{}},
		{"410 withdraws", failure(410, t0.Add(4*day)), Withdrawal{Withdrawn: true, Since: t0.Add(4 * day), LastSeen: t0.Add(day)}},
		{"404 later keeps the date", failure(404, t0.Add(5*day)), Withdrawal{Withdrawn: true, Since: t0.Add(4 * day), LastSeen: t0.Add(day)}},
		{"back again", newCapture(u, []byte("<h1>报告</h1>"), t0.Add(6*day), ""), Withdrawal{}},
		{"404 again", failure(404, t0.Add(7*day)), Withdrawal{Withdrawn: true, Since: t0.Add(7 * day), LastSeen: t0.Add(6 * day)}},
	}
	db := openTest(t)
	for _, s := range steps {
		mustSave(t, db, s.c)
		got, err := db.Withdrawal(u, "")
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got.Withdrawn != s.want.Withdrawn || !got.Since.Equal(s.want.Since) || !got.LastSeen.Equal(s.want.LastSeen) {
			t.Errorf("%s: %+v, want %+v", s.name, got, s.want)
		}
	}
	if v, err := db.Versions(u); err != nil || len(v) != 1 {
		t.Errorf("versions after withdrawal: %d (%v), want the 1 archived body kept", len(v), err)
	}
}

// TestDB_Withdrawal_Redirected: a report reached through a redirect (A →
// 302 → B) is recorded under B, which has no state of its own; when A's
// redirect later ends in a 404 or 410, the record at B is withdrawn too,
// with the day A last answered, and SiteReports lists A to recheck while
// it answers. A second URL still redirecting to the same document keeps
// it not withdrawn.
func TestDB_Withdrawal_Redirected(t *testing.T) {
	const a, a2, b = "http://www.example.gov.cn/nb/2025.html", "http://www.example.gov.cn/nb/2025-old.html", "http://www.example.gov.cn/c/2025/abc.html"
	day := 24 * time.Hour
	body := []byte("<h1>2025年政府信息公开工作年度报告</h1>")
	redirected := func(from string, at time.Time) *capture.Capture {
		c := newCapture(from, body, at, "")
		c.FinalURL = b
		return c
	}
	gone := func(from string, at time.Time) *capture.Capture {
		c := newCapture(from, []byte("not found"), at, "")
		c.FinalURL, c.Status, c.Outcome = b, 404, capture.OutcomeHTTPError
		return c
	}
	tests := []struct {
		name    string
		caps    []*capture.Capture
		want    Withdrawal
		recheck string // SiteReports' URL; "" when none
	}{
		{"answers through the redirect", []*capture.Capture{redirected(a, t0)}, Withdrawal{URL: a}, a},
		{"redirect ends in 404", []*capture.Capture{redirected(a, t0), redirected(a, t0.Add(day)), gone(a, t0.Add(2*day))},
			Withdrawal{Withdrawn: true, Since: t0.Add(2 * day), LastSeen: t0.Add(day), URL: a}, ""},
		{"answers again", []*capture.Capture{redirected(a, t0), gone(a, t0.Add(day)), redirected(a, t0.Add(2*day))}, Withdrawal{URL: a}, a},
		{"another URL still redirects to it", []*capture.Capture{redirected(a, t0), redirected(a2, t0), gone(a, t0.Add(day))}, Withdrawal{URL: a2}, a2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			var saved capture.Saved
			for i, c := range tt.caps {
				if s := mustSave(t, db, c); i == 0 {
					saved = s
				}
			}
			rec := newRecord(tt.caps[0], 2025, "110101", "北京市")
			rec.URL, rec.SHA256 = b, saved.Digest
			if err := db.SaveRecord(rec); err != nil {
				t.Fatal(err)
			}
			got, err := db.Withdrawal(b, saved.Digest)
			if err != nil {
				t.Fatal(err)
			}
			if got.Withdrawn != tt.want.Withdrawn || !got.Since.Equal(tt.want.Since) || !got.LastSeen.Equal(tt.want.LastSeen) || got.URL != tt.want.URL {
				t.Errorf("Withdrawal(B) = %+v, want %+v", got, tt.want)
			}
			urls, err := db.SiteReports("110101")
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{tt.recheck}; tt.recheck == "" && len(urls) != 0 || tt.recheck != "" && !slices.Equal(urls, want) {
				t.Errorf("SiteReports = %v, want %q", urls, tt.recheck)
			}
		})
	}
}
