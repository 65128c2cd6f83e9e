package main

import (
	"fmt"
	"math"
	"time"
)

// etaSmoothing is the time constant over which a changed pace moves the
// estimate (63% of the way in this time).
const etaSmoothing = 20 * time.Second

// etaWindow is how many recent site completions the rate is taken over.
const etaWindow = 50

// etaEstimator estimates the time left from the pace at which sites
// finish: the rate over the last etaWindow completions (sites started
// together finish in bursts, so the first few say little), and the
// estimate is then smoothed so that it moves steadily instead of jumping
// with each burst. Before three sites have finished it gives none.
type etaEstimator struct {
	start    time.Time
	done     int
	finished []time.Time // completion times, the last etaWindow
	smooth   time.Duration
	at       time.Time // when smooth was last updated
}

// observe notes the number of sites done at now.
func (e *etaEstimator) observe(now time.Time, done int) {
	for ; e.done < done; e.done++ {
		e.finished = append(e.finished, now)
		if len(e.finished) > etaWindow {
			e.finished = e.finished[1:]
		}
	}
}

// remaining estimates the time to finish left sites; false when there is
// not enough to go on yet or nothing is left.
func (e *etaEstimator) remaining(now time.Time, left int) (time.Duration, bool) {
	if left <= 0 || e.done < 3 {
		return 0, false
	}
	from := e.start
	n := len(e.finished)
	if e.done > etaWindow {
		from, n = e.finished[0], n-1 // n completions after the window's first
	}
	span := now.Sub(from)
	if span <= 0 || n <= 0 {
		return 0, false
	}
	raw := time.Duration(float64(span) / float64(n) * float64(left))
	if e.at.IsZero() {
		e.smooth = raw
	} else {
		// The previous estimate has aged by the time since; the new one is
		// blended in with a weight growing with that time (time constant
		// etaSmoothing), however often the estimate is asked for.
		dt := now.Sub(e.at)
		aged := e.smooth - dt
		w := 1 - math.Exp(-float64(dt)/float64(etaSmoothing))
		e.smooth = aged + time.Duration(w*float64(raw-aged))
	}
	e.at = now
	return max(e.smooth, 0), true
}

// roundETA prints a duration as coarsely as an estimate deserves.
func roundETA(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Round(5*time.Second)/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Round(time.Minute)/time.Minute))
	}
	d = d.Round(10 * time.Minute)
	return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
}
