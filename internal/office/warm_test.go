package office

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/toolrun"
)

// slotDaemon is the slot's running LibreOffice, nil when none.
func slotDaemon(c *Converter) *daemon {
	s := c.all[0]
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.d
}

func exited(d *daemon, within time.Duration) bool {
	select {
	case <-d.done:
		return true
	case <-time.After(within):
		return false
	}
}

// TestToHTML_Warm: the second and third conversions are taken by the
// LibreOffice the first one started (same process), a Word binary and a
// spreadsheet alike, and give the same HTML as a LibreOffice of their own.
func TestToHTML_Warm(t *testing.T) {
	need(t, "soffice")
	c := &Converter{Timeout: 5 * time.Minute}
	defer c.Close()
	ctx := context.Background()
	var pid int
	for i, f := range []struct{ name, kind string }{{"boai.doc", "doc"}, {"boai.xls", "xls"}, {"boai.doc", "doc"}} {
		html, st, err := c.ToHTML(ctx, fixture(t, f.name), f.kind)
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		t.Logf("%s: warm %v started %v, %v wall, %v CPU, peak RSS %d MB", f.name, st.Warm, st.Started,
			st.Elapsed.Round(time.Millisecond), st.CPU.Round(time.Millisecond), st.MaxRSSKB>>10)
		d := slotDaemon(c)
		if !st.Warm || st.Started != (i == 0) || d == nil || (i > 0 && d.cmd.Process.Pid != pid) {
			t.Fatalf("%s: warm %v started %v daemon %v", f.name, st.Warm, st.Started, d)
		}
		pid = d.cmd.Process.Pid
		cold, _ := convert(t, f.name, f.kind)
		if string(html) != string(cold) {
			t.Errorf("%s: warm HTML (%d bytes) differs from a cold conversion's (%d bytes)", f.name, len(html), len(cold))
		}
	}
	d := slotDaemon(c)
	c.Close()
	if !exited(d, 15*time.Second) {
		t.Error("LibreOffice still running after Close")
	}
	for _, p := range pipePaths(c.all[0].profile) {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("pipe %s left behind", p)
		}
	}
}

// TestToHTML_WarmStops: a running LibreOffice is stopped after Keep
// without work, and after a conversion that failed; the next conversion
// starts a new one.
func TestToHTML_WarmStops(t *testing.T) {
	need(t, "soffice")
	c := &Converter{Timeout: 5 * time.Minute, Keep: 300 * time.Millisecond}
	defer c.Close()
	ctx := context.Background()
	if _, st, err := c.ToHTML(ctx, fixture(t, "boai.rtf"), "rtf"); err != nil || !st.Warm {
		t.Fatalf("warm %v: %v", st.Warm, err)
	}
	d := slotDaemon(c)
	if d == nil || !exited(d, 15*time.Second) || slotDaemon(c) != nil {
		t.Fatal("LibreOffice still running after Keep")
	}
	c.Keep = time.Hour
	// A Word binary flagged as encrypted: LibreOffice loads nothing.
	doc := append([]byte{}, fixture(t, "boai.doc")...)
	for off := 512; off+12 <= len(doc); off += 512 {
		if doc[off] == 0xEC && doc[off+1] == 0xA5 {
			doc[off+11] |= 0x01
			break
		}
	}
	_, st, err := c.ToHTML(ctx, doc, "doc")
	if !errors.Is(err, ErrNoOutput) || !st.Warm || !st.Started {
		t.Fatalf("encrypted: err %v warm %v started %v", err, st.Warm, st.Started)
	}
	if slotDaemon(c) != nil {
		t.Error("LibreOffice kept running after a failed conversion")
	}
	if _, st, err := c.ToHTML(ctx, fixture(t, "boai.xls"), "xls"); err != nil || !st.Warm || !st.Started {
		t.Errorf("after the failure: warm %v started %v err %v", st.Warm, st.Started, err)
	}
}

// TestToHTML_Cold: a negative Keep starts LibreOffice for every document
// and leaves none running.
func TestToHTML_Cold(t *testing.T) {
	need(t, "soffice")
	c := &Converter{Timeout: 5 * time.Minute, Keep: -1}
	defer c.Close()
	html, st, err := c.ToHTML(context.Background(), fixture(t, "boai.rtf"), "rtf")
	if err != nil || st.Warm || len(html) == 0 || slotDaemon(c) != nil {
		t.Errorf("cold: warm %v, %d bytes, daemon %v, err %v", st.Warm, len(html), slotDaemon(c), err)
	}
}

func TestPipePaths(t *testing.T) {
	// The name LibreOffice 7.4 made for this profile (seen in /tmp).
	got := pipePaths("file:///tmp/h17bench/p-warm")[0]
	want := "/tmp/OSL_PIPE_" + itoa(os.Getuid()) + "_SingleOfficeIPC_22fc5758ee859f31612755eb24ed8b0"
	if got != want {
		t.Errorf("pipePaths = %s, want %s", got, want)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

// TestToHTML_WarmTimeout: the per-document limit covers LibreOffice's
// start; when it runs out the conversion fails at once with a timeout and
// no LibreOffice is left running.
func TestToHTML_WarmTimeout(t *testing.T) {
	need(t, "soffice")
	c := &Converter{Timeout: 300 * time.Millisecond}
	defer c.Close()
	start := time.Now()
	_, _, err := c.ToHTML(context.Background(), fixture(t, "boai.doc"), "doc")
	if !errors.Is(err, toolrun.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want a timeout", err)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("gave up after %v", d)
	}
	if d := slotDaemon(c); d != nil {
		t.Error("a LibreOffice left running")
	}
}

// TestToHTML_WarmDied: a LibreOffice killed from outside is replaced by
// the next conversion, and Close leaves no socket of it behind.
func TestToHTML_WarmDied(t *testing.T) {
	need(t, "soffice")
	c := &Converter{Timeout: 5 * time.Minute}
	defer c.Close()
	ctx := context.Background()
	if _, st, err := c.ToHTML(ctx, fixture(t, "boai.rtf"), "rtf"); err != nil || !st.Warm {
		t.Fatalf("warm %v: %v", st.Warm, err)
	}
	d := slotDaemon(c)
	killDaemon(d.cmd.Process)
	if !exited(d, 15*time.Second) {
		t.Fatal("not killed")
	}
	if _, st, err := c.ToHTML(ctx, fixture(t, "boai.rtf"), "rtf"); err != nil || !st.Warm || !st.Started {
		t.Fatalf("after its death: warm %v started %v, %v", st.Warm, st.Started, err)
	}
	d = slotDaemon(c)
	killDaemon(d.cmd.Process)
	exited(d, 15*time.Second)
	c.Close()
	for _, p := range pipePaths(c.all[0].profile) {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("socket %s left behind", p)
		}
	}
}
