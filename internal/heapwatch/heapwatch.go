// Package heapwatch samples the Go heap in the background, for the
// benchmarks' peak-memory figures.
package heapwatch

import (
	"runtime"
	"sync"
	"time"
)

// Peak is what a watch saw at most.
type Peak struct {
	InUse uint64 // HeapInuse: live data plus garbage not yet collected
	Live  uint64 // live heap estimated from the GC target (NextGC/2 with GOGC=100)
}

// Start samples the heap every interval until the returned stop is called;
// stop returns the peaks. onPeak, when not nil, is called at each new
// HeapInuse peak (to write a heap profile of it, say).
func Start(interval time.Duration, onPeak func()) (stop func() Peak) {
	var (
		mu   sync.Mutex
		peak Peak
		wg   sync.WaitGroup
	)
	done := make(chan struct{})
	wg.Go(func() {
		var ms runtime.MemStats
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			higher := ms.HeapInuse > peak.InUse
			peak.InUse = max(peak.InUse, ms.HeapInuse)
			peak.Live = max(peak.Live, ms.NextGC/2)
			mu.Unlock()
			if higher && onPeak != nil {
				onPeak()
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() Peak {
		close(done)
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}
