package office

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nianbao/nianbao/internal/toolrun"
)

// WordText reads a Word 97–2003 binary (.doc, most .wps) with catdoc: the
// fallback when LibreOffice is missing or fails. Table cells come out
// separated by tabs, one row per line, which the report parser reads as
// rows of cells; merged cells are lost, so LibreOffice is preferred.
func (c *Converter) WordText(ctx context.Context, body []byte) (string, Stats, error) {
	if err := c.setup(); err != nil {
		return "", Stats{}, err
	}
	work, err := os.MkdirTemp(c.root, "catdoc-")
	if err != nil {
		return "", Stats{}, fmt.Errorf("catdoc: %w", err)
	}
	defer os.RemoveAll(work)
	in := filepath.Join(work, "in.doc")
	if err := os.WriteFile(in, body, 0o600); err != nil {
		return "", Stats{}, fmt.Errorf("catdoc: %w", err)
	}
	bin := c.Catdoc
	if bin == "" {
		bin = "catdoc"
	}
	res, err := toolrun.Run(ctx, toolrun.Spec{Tool: bin, Package: "catdoc", Dir: work,
		Timeout: c.Timeout, Args: []string{"-w", "-d", "utf-8", in}})
	st := Stats{Tool: "catdoc", Elapsed: res.Elapsed, MaxRSSKB: res.MaxRSSKB}
	if err != nil {
		return "", st, fmt.Errorf("catdoc: %w", err)
	}
	text := string(res.Stdout)
	if strings.TrimSpace(text) == "" {
		return "", st, fmt.Errorf("catdoc: no text (password-protected or damaged document?)")
	}
	return text, st, nil
}
