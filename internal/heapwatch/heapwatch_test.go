package heapwatch

import (
	"testing"
	"time"
)

func TestStart_SeesAnAllocation(t *testing.T) {
	peaks := 0
	stop := Start(time.Millisecond, func() { peaks++ })
	buf := make([]byte, 64<<20)
	for i := range buf {
		buf[i] = 1
	}
	time.Sleep(20 * time.Millisecond)
	p := stop()
	if p.InUse < 64<<20 || peaks == 0 {
		t.Errorf("peak in use %d bytes (%d new peaks) after a 64 MB allocation", p.InUse, peaks)
	}
	_ = buf[len(buf)-1]
}
