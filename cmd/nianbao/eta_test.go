package main

import (
	"strings"
	"testing"
	"time"
)

// Sites finishing in bursts (five at once every five seconds, a steady one
// per second on average) must give an estimate that stays near the truth
// and moves steadily, not one that swings with every burst.
func TestETA_SmoothOverBursts(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e := etaEstimator{start: start}
	const total = 200
	var prev time.Duration
	for sec := 1; sec <= 150; sec++ {
		now := start.Add(time.Duration(sec) * time.Second)
		done := sec / 5 * 5
		e.observe(now, done)
		got, ok := e.remaining(now, total-done)
		if done < 3 {
			if ok {
				t.Fatalf("an estimate after %d sites", done)
			}
			continue
		}
		truth := time.Duration(total-sec) * time.Second
		if sec >= 30 && (got < truth*3/4 || got > truth*5/4) {
			t.Errorf("after %ds: ETA %v, truth %v", sec, got, truth)
		}
		if prev != 0 && sec >= 30 {
			if step := prev - time.Second - got; step > 10*time.Second || step < -10*time.Second {
				t.Errorf("after %ds: ETA jumped from %v to %v", sec, prev, got)
			}
		}
		prev = got
	}
}

func TestRoundETA(t *testing.T) {
	for d, want := range map[time.Duration]string{
		12 * time.Second: "10s", 62 * time.Second: "1m", 89 * time.Minute: "1h30m", 26*time.Hour + 4*time.Minute: "26h00m",
	} {
		if got := roundETA(d); got != want {
			t.Errorf("roundETA(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "石龙区": 6, "（一）": 6, "e\u0301": 1, "": 0} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestTable_AlignsByDisplayWidth(t *testing.T) {
	tb := newTable("  ", "code", "name", "outcome", "detail")
	tb.add("410404", "石龙区", "ok", "")
	tb.add("410422", "Ye", "unreachable", "connection refused")
	var b strings.Builder
	tb.write(&b)
	want := "  code    name    outcome      detail\n" +
		"  410404  石龙区  ok\n" +
		"  410422  Ye      unreachable  connection refused\n"
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestDurationFlag_PlainSeconds(t *testing.T) {
	for in, want := range map[string]time.Duration{"0": 0, "5": 5 * time.Second, "1.5": 1500 * time.Millisecond, "2m": 2 * time.Minute} {
		var d durationValue
		if err := d.Set(in); err != nil || time.Duration(d) != want {
			t.Errorf("Set(%q) = %v, %v; want %v", in, time.Duration(d), err, want)
		}
	}
	var d durationValue
	if err := d.Set("soon"); err == nil {
		t.Error("Set(soon) accepted")
	}
}
