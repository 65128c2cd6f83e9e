package browser

import (
	"os"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/testshared"
)

// TestClose_RemovesProfile: Close leaves no profile directory behind, also
// after chromium's helper processes have made their last writes as they
// exit (a crawl starts and stops the browser many times a night).
func TestClose_RemovesProfile(t *testing.T) {
	testshared.NeedTools(t, DefaultExecPath)
	for range 2 {
		b, err := New(Options{})
		if err != nil {
			t.Fatal(err)
		}
		dir := b.ProfileDir()
		b.Close()
		time.Sleep(300 * time.Millisecond) // the exiting processes' last writes
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Fatalf("profile %s still there after Close (stat: %v)", dir, err)
		}
	}
}
