// Package office converts word-processor and spreadsheet files (.doc, .wps,
// .rtf, .odt, .xls, .et, .ods) to HTML with LibreOffice in headless mode, so
// their tables reach the report parser as rows of cells. Each conversion
// is a bounded subprocess (toolrun) in its own temporary directory, with a
// LibreOffice profile of its own slot, so parallel conversions never share
// a profile (LibreOffice locks it); each slot keeps its LibreOffice running
// between conversions (warm.go). catdoc is the fallback for Word files
// when LibreOffice is missing or fails.
package office

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/toolrun"
)

// Converter runs LibreOffice. The zero value is usable: "soffice" on PATH,
// 120 s per document, one conversion at a time, LibreOffice kept running 2
// minutes after a conversion, temporary files under os.TempDir. Close
// stops the running LibreOffices and removes the profiles.
type Converter struct {
	Soffice string        // binary; "" = "soffice"
	Catdoc  string        // fallback for Word binaries; "" = "catdoc"
	Timeout time.Duration // per document, a LibreOffice start included; 0 = 120 s
	Slots   int           // conversions at once, each with its own profile; 0 = 1
	TempDir string        // "" = os.TempDir()
	// Keep is how long a slot's LibreOffice keeps running after a
	// conversion, to take the next without starting again (warm.go);
	// 0 = 2 min; negative = a LibreOffice started for every document.
	Keep time.Duration

	once    sync.Once
	slots   chan *slot
	all     []*slot
	root    string
	initErr error
	cold    atomic.Bool // warm conversions given up (errNoPipe)
}

// Stats describes the last conversion, for benchmarks.
type Stats struct {
	Tool     string
	Elapsed  time.Duration
	CPU      time.Duration // user + system: the soffice run, and the running LibreOffice's share when warm
	MaxRSSKB int64         // peak resident memory of the LibreOffice that converted
	Warm     bool          // converted by a LibreOffice kept running
	Started  bool          // that LibreOffice was started for this conversion
}

// ErrNoOutput means LibreOffice exited without writing a document: a
// password-protected or damaged file.
var ErrNoOutput = errors.New("LibreOffice wrote no output (password-protected or damaged document?)")

func (c *Converter) setup() error {
	c.once.Do(c.makeProfiles)
	return c.initErr
}

func (c *Converter) makeProfiles() {
	n := max(c.Slots, 1)
	root, err := os.MkdirTemp(c.TempDir, "nianbao-office-")
	if err != nil {
		c.initErr = fmt.Errorf("office: temp dir: %w", err)
		return
	}
	c.root = root
	c.slots = make(chan *slot, n)
	for i := range n {
		s, err := newSlot(root, i)
		if err != nil {
			c.initErr = fmt.Errorf("office: %w", err)
			return
		}
		c.all = append(c.all, s)
		c.slots <- s
	}
}

// Close stops the converter's running LibreOffices and removes its
// temporary profiles.
func (c *Converter) Close() error {
	if c.root == "" {
		return nil
	}
	for _, s := range c.all {
		s.mu.Lock()
		s.closed = true
		if s.idle != nil {
			s.idle.Stop()
		}
		s.stop()
		s.mu.Unlock()
	}
	return os.RemoveAll(c.root)
}

func (c *Converter) bin() string {
	if c.Soffice == "" {
		return "soffice"
	}
	return c.Soffice
}

func (c *Converter) timeout() time.Duration {
	if c.Timeout <= 0 {
		return 120 * time.Second
	}
	return c.Timeout
}

// ToHTML converts body, a document of type ext ("doc", "rtf", "xls", "odt",
// …: what its bytes are, not what its name says), to UTF-8 HTML. A slot
// is held for the whole conversion; ctx cancels the wait and the run.
func (c *Converter) ToHTML(ctx context.Context, body []byte, ext string) ([]byte, Stats, error) {
	if err := c.setup(); err != nil {
		return nil, Stats{}, err
	}
	var s *slot
	select {
	case s = <-c.slots:
	case <-ctx.Done():
		return nil, Stats{}, fmt.Errorf("office: %w", ctx.Err())
	}
	defer func() { c.slots <- s }()
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	work, err := os.MkdirTemp(c.root, "job-")
	if err != nil {
		return nil, Stats{}, fmt.Errorf("office: %w", err)
	}
	defer os.RemoveAll(work)
	in := filepath.Join(work, "in."+ext)
	if err := os.WriteFile(in, body, 0o600); err != nil {
		return nil, Stats{}, fmt.Errorf("office: %w", err)
	}
	if c.Keep >= 0 && !c.cold.Load() {
		html, st, err := c.convertWarm(ctx, s, in, work)
		var missing *extract.ToolMissingError
		if err == nil || st.Warm || ctx.Err() != nil || errors.As(err, &missing) {
			return html, st, err
		}
		if errors.Is(err, errNoPipe) {
			c.cold.Store(true)
		}
		// LibreOffice could not be kept running: this document gets one of its own.
	}
	return c.soffice(ctx, in, work, s.profile)
}

func (c *Converter) soffice(ctx context.Context, in, work, profile string) ([]byte, Stats, error) {
	out := filepath.Join(work, "out")
	res, err := toolrun.Run(ctx, toolrun.Spec{
		Tool: c.bin(), Package: "libreoffice-writer libreoffice-calc", Dir: work, Timeout: c.timeout(),
		Args: []string{"-env:UserInstallation=" + profile,
			"--headless", "--norestore", "--nolockcheck", "--convert-to", "html", "--outdir", out, in},
		Env: []string{"HOME=" + work, "SAL_USE_VCLPLUGIN=svp"},
	})
	st := Stats{Tool: "soffice", Elapsed: res.Elapsed, CPU: res.CPU, MaxRSSKB: res.MaxRSSKB}
	if err != nil {
		return nil, st, fmt.Errorf("office: %w", err)
	}
	html, err := os.ReadFile(filepath.Join(out, "in.html"))
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(bytes.TrimSpace(html)) == 0) {
		return nil, st, fmt.Errorf("office: %w", ErrNoOutput)
	}
	if err != nil {
		return nil, st, fmt.Errorf("office: %w", err)
	}
	return html, st, nil
}
