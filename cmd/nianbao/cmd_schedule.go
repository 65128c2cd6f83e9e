package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// runSchedule: nianbao schedule [crawl flags] [--cron EXPR]
// Runs the crawl in the foreground whenever the cron expression fires, one
// run at a time (a run still going when the next is due makes that one skip),
// until interrupted.
func runSchedule(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "schedule", "schedule [--config FILE] [--seeds FILE] [--db FILE] [--only CODES] [--cron EXPR]")
	var cf crawlFlags
	cf.register(fs)
	expr := fs.String("cron", "", "cron expression, e.g. \"0 2 * * *\" (default: config's schedule)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cf.load(fs); err != nil {
		return err
	}
	sched, spec, err := parseSchedule(cf.cfg.Schedule, *expr)
	if err != nil {
		return err
	}
	log := newLogger(e.stderr, cf.cfg.Log)
	log.Info("schedule started", "cron", spec, "next", sched.Next(time.Now()).Format(time.RFC3339))
	return scheduleLoop(ctx, sched, log, func(ctx context.Context) error {
		return crawlOnce(ctx, e, &cf, "crawl", 0)
	})
}

// parseSchedule parses the --cron flag, else the config's schedule.
func parseSchedule(configured, flagged string) (cron.Schedule, string, error) {
	spec := configured
	if flagged != "" {
		spec = flagged
	}
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, spec, fmt.Errorf("%w: schedule %q is not a cron expression (minute hour day month weekday): %v", errUsage, spec, err)
	}
	return sched, spec, nil
}

// scheduleLoop waits for each activation of sched and runs job, one at a
// time, until ctx ends. A failed run is logged; the schedule goes on.
func scheduleLoop(ctx context.Context, sched cron.Schedule, log *slog.Logger, job func(context.Context) error) error {
	for {
		next := sched.Next(time.Now())
		timer := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			timer.Stop()
			log.Info("schedule stopped")
			return nil
		case <-timer.C:
		}
		start := time.Now()
		log.Info("scheduled run starting")
		err := job(ctx)
		if ctx.Err() != nil {
			log.Info("schedule stopped during a run; the next start resumes it")
			return nil
		}
		if err != nil {
			log.Error("scheduled run failed", "err", err, "took", time.Since(start).Round(time.Second))
		} else {
			log.Info("scheduled run finished", "took", time.Since(start).Round(time.Second), "next", sched.Next(time.Now()).Format(time.RFC3339))
		}
	}
}
