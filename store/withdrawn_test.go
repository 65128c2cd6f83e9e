package store

import (
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
		{"410 withdraws", failure(410, t0.Add(4*day)), Withdrawal{true, t0.Add(4 * day), t0.Add(day)}},
		{"404 later keeps the date", failure(404, t0.Add(5*day)), Withdrawal{true, t0.Add(4 * day), t0.Add(day)}},
		{"back again", newCapture(u, []byte("<h1>报告</h1>"), t0.Add(6*day), ""), Withdrawal{}},
		{"404 again", failure(404, t0.Add(7*day)), Withdrawal{true, t0.Add(7 * day), t0.Add(6 * day)}},
	}
	db := openTest(t)
	for _, s := range steps {
		mustSave(t, db, s.c)
		got, err := db.Withdrawal(u)
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
