// Package office converts word-processor and spreadsheet files (.doc, .wps,
// .rtf, .odt, .xls, .et, .ods) to HTML with LibreOffice in headless mode, so
// their tables reach the report parser as rows of cells. Each conversion
// is a bounded subprocess (toolrun) in its own temporary directory, with a
// LibreOffice profile of its own slot, so parallel conversions never share
// a profile (LibreOffice locks it). catdoc is the fallback for Word files
// when LibreOffice is missing or fails.
package office

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/nianbao/nianbao/internal/toolrun"
)

// Converter runs LibreOffice. The zero value is usable: "soffice" on PATH,
// 120 s per document, one conversion at a time, temporary files under
// os.TempDir. Close removes the profiles.
type Converter struct {
	Soffice string        // binary; "" = "soffice"
	Catdoc  string        // fallback for Word binaries; "" = "catdoc"
	Timeout time.Duration // per document; 0 = 120 s
	Slots   int           // conversions at once, each with its own profile; 0 = 1
	TempDir string        // "" = os.TempDir()

	once     sync.Once
	profiles chan string
	root     string
	initErr  error
}

// Stats describes the last conversion, for benchmarks.
type Stats struct {
	Tool     string
	Elapsed  time.Duration
	MaxRSSKB int64
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
	c.profiles = make(chan string, n)
	for i := range n {
		c.profiles <- filepath.Join(root, fmt.Sprintf("profile%d", i))
	}
}

// Close removes the converter's temporary profiles.
func (c *Converter) Close() error {
	if c.root == "" {
		return nil
	}
	return os.RemoveAll(c.root)
}

// ToHTML converts body, a document of type ext ("doc", "rtf", "xls", "odt",
// …: what its bytes are, not what its name says), to UTF-8 HTML. A slot
// is held for the whole conversion; ctx cancels the wait and the run.
func (c *Converter) ToHTML(ctx context.Context, body []byte, ext string) ([]byte, Stats, error) {
	if err := c.setup(); err != nil {
		return nil, Stats{}, err
	}
	var profile string
	select {
	case profile = <-c.profiles:
	case <-ctx.Done():
		return nil, Stats{}, fmt.Errorf("office: %w", ctx.Err())
	}
	defer func() { c.profiles <- profile }()
	work, err := os.MkdirTemp(c.root, "job-")
	if err != nil {
		return nil, Stats{}, fmt.Errorf("office: %w", err)
	}
	defer os.RemoveAll(work)
	in := filepath.Join(work, "in."+ext)
	if err := os.WriteFile(in, body, 0o600); err != nil {
		return nil, Stats{}, fmt.Errorf("office: %w", err)
	}
	return c.soffice(ctx, in, work, profile)
}

func (c *Converter) soffice(ctx context.Context, in, work, profile string) ([]byte, Stats, error) {
	bin := c.Soffice
	if bin == "" {
		bin = "soffice"
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 120 * time.Second
	}
	out := filepath.Join(work, "out")
	res, err := toolrun.Run(ctx, toolrun.Spec{
		Tool: bin, Package: "libreoffice-writer libreoffice-calc", Dir: work, Timeout: timeout,
		Args: []string{"-env:UserInstallation=" + (&url.URL{Scheme: "file", Path: profile}).String(),
			"--headless", "--norestore", "--nolockcheck", "--convert-to", "html", "--outdir", out, in},
		Env: []string{"HOME=" + work, "SAL_USE_VCLPLUGIN=svp"},
	})
	st := Stats{Tool: "soffice", Elapsed: res.Elapsed, MaxRSSKB: res.MaxRSSKB}
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
