package export

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/export/warc"
)

// CDXJPath returns the index path of a WARC export: the WARC path with
// .warc.gz (or .warc) replaced by .cdxj.
func CDXJPath(warcPath string) string {
	base := strings.TrimSuffix(strings.TrimSuffix(warcPath, ".gz"), ".warc")
	return base + ".cdxj"
}

// exportWARC writes every capture with a response to path as WARC/1.1 and
// its sorted CDXJ index beside it. From an archive that keeps its exchanges
// in WARC segments (SegmentSource) the records are copied as written during
// the crawl (copySegments); otherwise they are rebuilt from the captures. Captures without a response (DNS, TLS,
// timeouts, robots) are skipped and counted by outcome. Of the filters,
// Since (fetch time) and Region (the seed's region code, by prefix) apply
// to captures; the others describe parsed reports and are ignored.
func exportWARC(ctx context.Context, src Source, opt Options, path string) (Summary, error) {
	var sum Summary
	idxPath := CDXJPath(path)
	err := writeAtomic(path, func(w io.Writer) error {
		return writeAtomic(idxPath, func(iw io.Writer) error {
			var err error
			if ss, ok := src.(SegmentSource); ok {
				sum, err = copySegments(ctx, ss, opt, filepath.Base(path), w, iw)
			} else {
				sum, err = writeWARC(ctx, src, opt, filepath.Base(path), w, iw)
			}
			return err
		})
	})
	if err == nil {
		sum.Files = []string{path, idxPath}
	}
	return sum, err
}

// writeWARC streams the captures of src into w (WARC) and iw (CDXJ).
func writeWARC(ctx context.Context, src Source, opt Options, name string, w, iw io.Writer) (Summary, error) {
	var sum Summary
	bw := bufio.NewWriterSize(w, 1<<20)
	software := opt.Software
	if software == "" {
		software = "nianbao export"
	}
	cw, err := warc.NewCaptureWriter(bw, name, warc.Header{{Name: "software", Value: software},
		{Name: "description", Value: "政府信息公开工作年度报告 captures, raw bodies as received"}}, time.Now())
	if err != nil {
		return sum, err
	}
	idx := warc.NewIndexWriter(iw) // runs spill to os.TempDir()
	defer idx.Discard()
	err = src.Captures(func(c *capture.Capture) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !captureMatch(opt.Filter, c) {
			sum.skip("filtered")
			return nil
		}
		entry, err := cw.WriteCapture(c)
		if errors.Is(err, warc.ErrNoResponse) {
			sum.skip("no_response:" + cmp.Or(string(c.Outcome), "unknown"))
			return nil
		}
		if err != nil {
			return err
		}
		sum.Records++
		return idx.Add(entry)
	})
	if err != nil {
		return sum, fmt.Errorf("export warc: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return sum, fmt.Errorf("export warc: %w", err)
	}
	sum.Bytes = cw.Offset()
	return sum, idx.Close()
}

// captureMatch applies the filters that make sense for a capture.
func captureMatch(f Filter, c *capture.Capture) bool {
	if !f.Since.IsZero() && c.FetchedAt.Before(f.Since) {
		return false
	}
	return f.Region == "" || strings.HasPrefix(c.SiteCode, f.Region)
}
