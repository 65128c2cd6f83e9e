package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/nianbao/nianbao/crawler"
)

func TestScheduleLoop_RunsOneAtATimeUntilCancelled(t *testing.T) {
	sched, err := cron.ParseStandard("@every 1s")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3500*time.Millisecond)
	defer cancel()
	var runs, inFlight, overlap atomic.Int32
	var logs bytes.Buffer
	err = scheduleLoop(ctx, sched, slog.New(slog.NewTextHandler(&logs, nil)), func(ctx context.Context) error {
		if inFlight.Add(1) > 1 {
			overlap.Add(1)
		}
		defer inFlight.Add(-1)
		runs.Add(1)
		select { // a run longer than the interval: the next activation waits for it
		case <-time.After(1200 * time.Millisecond):
		case <-ctx.Done():
		}
		return errors.New("site list empty")
	})
	if err != nil {
		t.Fatalf("scheduleLoop: %v", err)
	}
	if n := runs.Load(); n < 2 || n > 3 {
		t.Errorf("%d runs in 3.5 s of an every-second schedule with 1.2 s runs, want 2 or 3", n)
	}
	if overlap.Load() != 0 {
		t.Error("runs overlapped")
	}
	for _, want := range []string{"scheduled run starting", "scheduled run failed", "site list empty", "schedule stopped"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

func TestSchedule_BadCron(t *testing.T) {
	_, errs, code := runCLI(t, "schedule", "--cron", "every night")
	if code != 2 || !strings.Contains(errs, "not a cron expression") {
		t.Errorf("exit %d %q", code, errs)
	}
}

func TestProgress_MetricsAndLine(t *testing.T) {
	p := newProgress(io.Discard, 10)
	p.update(crawler.Progress{SitesDone: 4, SitesTotal: 10, Pages: 120, Requests: 130, Reports: 33, Errors: 2})
	var b bytes.Buffer
	p.writeMetrics(&b)
	for _, want := range []string{
		"# TYPE nianbao_pages_total counter\nnianbao_pages_total 120\n",
		"nianbao_sites_done 4\n", "nianbao_sites_total 10\n", "nianbao_reports_total 33\n", "nianbao_errors_total 2\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("metrics lack %q:\n%s", want, b.String())
		}
	}
	if line := p.line(); !strings.Contains(line, "sites 4/10") || !strings.Contains(line, "reports 33") || !strings.Contains(line, "ETA") {
		t.Errorf("progress line %q", line)
	}
	if _, err := serveMetrics("256.0.0.1:1", p, slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil || !strings.Contains(err.Error(), "metrics") {
		t.Errorf("bad metrics address: err = %v", err)
	}
}
