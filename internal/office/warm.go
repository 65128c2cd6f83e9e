package office

import (
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/nianbao/nianbao/internal/toolrun"
)

// Starting LibreOffice is most of a conversion's cost: measured on the
// seed fixtures, 4.4–4.8 s of CPU per `soffice --convert-to` run, of which
// the conversion itself is ~0.3 s. So each slot keeps one LibreOffice
// running between conversions (warm): started headless with the slot's
// profile and a one-line text document open (with nothing open a headless
// LibreOffice quits after the first conversion handed to it), and every
// conversion is a short `soffice --convert-to` with the same profile,
// which hands the job to the running one through its pipe and waits for
// it. The running one is stopped after Keep without a conversion, after
// maxWarmRuns conversions, when it holds more than maxWarmRSSKB, and
// whenever a conversion fails or is cancelled (it may be stuck on the
// document); the next conversion starts a new one. Each conversion keeps
// the per-document time limit, LibreOffice's start included.

const (
	defaultKeep  = 2 * time.Minute
	maxWarmRuns  = 200
	maxWarmRSSKB = 512 << 10
	startLimit   = 60 * time.Second // to bring a LibreOffice up, within the document's limit
)

// errNoPipe means a started LibreOffice never opened its pipe: warm
// conversions are given up for the converter and each document gets a
// LibreOffice of its own, as without Keep.
var errNoPipe = errors.New("LibreOffice opened no pipe")

// slot is one conversion at a time: a profile and, while warm, the
// LibreOffice running with it.
type slot struct {
	dir     string // the profile, the kept document, the daemon's HOME
	profile string // -env:UserInstallation URL

	mu     sync.Mutex
	d      *daemon
	idle   *time.Timer
	closed bool
}

// daemon is a running LibreOffice.
type daemon struct {
	cmd     *exec.Cmd
	done    chan struct{} // closed when it has exited
	runs    int
	cpuTick int64 // its CPU ticks after the last conversion
}

func newSlot(root string, i int) (*slot, error) {
	dir := filepath.Join(root, fmt.Sprintf("slot%d", i))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("keep\n"), 0o600); err != nil {
		return nil, err
	}
	prof := (&url.URL{Scheme: "file", Path: filepath.Join(dir, "profile")}).String()
	return &slot{dir: dir, profile: prof}, nil
}

// pipePaths are where LibreOffice puts the pipe of a profile: "OSL_PIPE_",
// the user id, "_SingleOfficeIPC_" and the MD5 of the profile URL in
// UTF-16, each byte in hex without its leading zero (desktop/source/app/
// officeipcthread.cxx), in /tmp or else /var/tmp.
func pipePaths(profile string) []string {
	u := utf16.Encode([]rune(profile))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		b[2*i], b[2*i+1] = byte(c), byte(c>>8)
	}
	var hex strings.Builder
	for _, v := range md5.Sum(b) {
		hex.WriteString(strconv.FormatUint(uint64(v), 16))
	}
	name := fmt.Sprintf("OSL_PIPE_%d_SingleOfficeIPC_%s", os.Getuid(), hex.String())
	return []string{filepath.Join("/tmp", name), filepath.Join("/var/tmp", name)}
}

func pipeUp(profile string) bool {
	for _, p := range pipePaths(profile) {
		if fi, err := os.Stat(p); err == nil && fi.Mode()&os.ModeSocket != 0 {
			return true
		}
	}
	return false
}

// daemonBinary is LibreOffice itself (soffice.bin beside the launcher
// script soffice resolves to), so that the process started is the one
// that holds the memory and dies with the crawler; else bin.
func daemonBinary(bin string) string {
	p, err := filepath.EvalSymlinks(bin)
	if err != nil {
		return bin
	}
	if real := filepath.Join(filepath.Dir(p), "soffice.bin"); real != p {
		if fi, err := os.Stat(real); err == nil && fi.Mode().IsRegular() {
			return real
		}
	}
	return bin
}

// warm makes sure the slot's LibreOffice runs; started says it was started
// now. Called with s.mu held.
func (s *slot) warm(ctx context.Context, bin string) (started bool, err error) {
	if s.d != nil {
		select {
		case <-s.d.done: // it died: start another
			s.d = nil
		default:
			return false, nil
		}
	}
	for _, p := range pipePaths(s.profile) { // a killed one leaves its socket
		os.Remove(p)
	}
	real := daemonBinary(bin)
	if err := s.initProfile(ctx, real); err != nil {
		return false, err
	}
	cmd := exec.Command(real, "-env:UserInstallation="+s.profile, "--headless", "--invisible",
		"--norestore", "--nolockcheck", "--nologo", filepath.Join(s.dir, "keep.txt"))
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "HOME="+s.dir, "SAL_USE_VCLPLUGIN=svp")
	cmd.SysProcAttr = daemonAttrs()
	if err := cmd.Start(); err != nil {
		return false, fmt.Errorf("office: start LibreOffice: %w", err)
	}
	d := &daemon{cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(d.done) }()
	s.d = d
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	limit := time.NewTimer(startLimit)
	defer limit.Stop()
	for !pipeUp(s.profile) {
		select {
		case <-ctx.Done():
			s.stop()
			return false, fmt.Errorf("office: starting LibreOffice: %w", ctx.Err())
		case <-d.done:
			s.d = nil
			return false, fmt.Errorf("office: LibreOffice exited while starting: %v", cmd.ProcessState)
		case <-limit.C:
			s.stop()
			return false, fmt.Errorf("office: %w within %v", errNoPipe, startLimit)
		case <-tick.C:
		}
	}
	return true, nil // d.cpuTick 0: the first conversion pays for the start
}

// initProfile creates the slot's profile with a LibreOffice that stops
// once started: on a new profile LibreOffice itself exits asking to be
// started again (status 81, which its launcher oosplash would obey), after
// it has opened its pipe, and the conversion handed to it would be lost.
func (s *slot) initProfile(ctx context.Context, bin string) error {
	if _, err := os.Stat(filepath.Join(s.dir, "profile", "user")); err == nil {
		return nil
	}
	_, err := toolrun.Run(ctx, toolrun.Spec{Tool: bin, Package: "libreoffice-writer libreoffice-calc", Dir: s.dir,
		Timeout: startLimit, Args: []string{"-env:UserInstallation=" + s.profile, "--headless", "--invisible",
			"--norestore", "--nolockcheck", "--nologo", "--terminate_after_init"},
		Env: []string{"HOME=" + s.dir, "SAL_USE_VCLPLUGIN=svp"}})
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("office: new profile: %w", err)
	}
	return nil // a restart request (81) is expected; the start proper will tell
}

// stop kills the slot's LibreOffice and waits for it. Called with s.mu
// held (or before the slot is shared).
func (s *slot) stop() {
	if s.d != nil {
		killDaemon(s.d.cmd.Process)
		select {
		case <-s.d.done:
		case <-time.After(10 * time.Second):
		}
		s.d = nil
	}
	for _, p := range pipePaths(s.profile) { // also the socket of one that died by itself
		os.Remove(p)
	}
}

// convertWarm converts in through the slot's running LibreOffice.
func (c *Converter) convertWarm(ctx context.Context, s *slot, in, work string) ([]byte, Stats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, Stats{}, errors.New("office: converter closed")
	}
	if s.idle != nil {
		s.idle.Stop()
	}
	bin, err := toolrun.Look(c.bin(), "libreoffice-writer libreoffice-calc")
	if err != nil {
		return nil, Stats{}, err
	}
	started, err := s.warm(ctx, bin)
	if err != nil {
		return nil, Stats{}, err
	}
	html, st, err := c.soffice(ctx, in, work, s.profile)
	st.Warm, st.Started = true, started
	d := s.d
	select {
	case <-d.done: // it died: the client converted on its own, or failed
		st.Warm = false
		s.d = nil
	default:
	}
	pid := d.cmd.Process.Pid
	if ticks := procCPUTicks(pid); ticks > d.cpuTick {
		st.CPU += time.Duration(ticks-d.cpuTick) * time.Second / clockTicks
		d.cpuTick = ticks
	}
	d.runs++
	hwm, rss := procMemKB(pid)
	st.MaxRSSKB = max(st.MaxRSSKB, hwm)
	if err != nil || d.runs >= maxWarmRuns || rss > maxWarmRSSKB {
		s.stop()
	}
	if keep := c.keep(); s.d != nil {
		s.idle = time.AfterFunc(keep, func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.d == d {
				s.stop()
			}
		})
	}
	return html, st, err
}

func (c *Converter) keep() time.Duration {
	if c.Keep == 0 {
		return defaultKeep
	}
	return c.Keep
}

// clockTicks is Linux's USER_HZ, the unit of CPU times in /proc.
const clockTicks = 100

// procCPUTicks is the user + system CPU time of a process, in clock
// ticks, from /proc (0 where there is none).
func procCPUTicks(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 { // state is field 3; utime, stime fields 14, 15
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return u + st
}

// procMemKB is the peak and current resident memory of a process (KB),
// from /proc (0 where there is none).
func procMemKB(pid int) (hwm, rss int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, ln := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(ln, ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmHWM":
			hwm = n
		case "VmRSS":
			rss = n
		}
	}
	return hwm, rss
}
