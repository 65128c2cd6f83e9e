package capture

import (
	"testing"
	"time"
)

func TestRun_NotResumable(t *testing.T) {
	now := time.Date(2026, 12, 3, 5, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		name      string
		run       Run
		selection string
		maxAge    time.Duration
		want      string
	}{
		{"same seeds, an hour old", Run{Selection: "3:ab", Started: now.Add(-time.Hour)}, "3:ab", ResumeMaxAge, ""},
		{"same seeds, 6 days old", Run{Selection: "3:ab", Started: now.Add(-6 * day)}, "3:ab", ResumeMaxAge, ""},
		{"another selection", Run{Selection: "1:cd", Started: now.Add(-time.Hour)}, "3:ab", ResumeMaxAge, "it covers another seed selection"},
		{"8 days old", Run{Selection: "3:ab", Started: now.Add(-8 * day)}, "3:ab", ResumeMaxAge, "it started 8 days ago, more than 7 days"},
		{"30 hours old, a day allowed", Run{Selection: "3:ab", Started: now.Add(-30 * time.Hour)}, "3:ab", day, "it started 30 hours ago, more than 24 hours"},
		{"any age", Run{Selection: "3:ab", Started: now.Add(-400 * day)}, "3:ab", 0, ""},
	}
	for _, tt := range tests {
		if got := tt.run.NotResumable(tt.selection, now, tt.maxAge); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
