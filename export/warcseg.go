package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/export/warc"
)

// SegmentSource is an archive whose exchanges already lie in WARC
// segments. A WARC export of it copies the records as stored (gzip members,
// byte for byte) instead of rebuilding them, and indexes the copy.
type SegmentSource interface {
	Source
	// SegmentCaptures calls fn for every capture in archive order, without
	// body, with its WARC records as stored (nil for a capture kept before
	// segments).
	SegmentCaptures(fn func(c *capture.Capture, records func() ([][]byte, error)) error) error
}

// copySegments writes the selected captures' records to w and their CDXJ
// lines to iw. Redirect hops, requests, revisits and metadata come along,
// so a replay follows the links as they appear on the pages.
func copySegments(ctx context.Context, src SegmentSource, opt Options, name string, w, iw io.Writer) (Summary, error) {
	var sum Summary
	bw := bufio.NewWriterSize(w, 1<<20)
	ww := warc.NewWriter(bw, true)
	if _, _, err := ww.Write(exportInfo(opt, name)); err != nil {
		return sum, err
	}
	off := ww.Offset()
	idx := warc.NewIndexWriter(iw)
	defer idx.Discard()
	err := src.SegmentCaptures(func(c *capture.Capture, records func() ([][]byte, error)) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !captureMatch(opt.Filter, c) {
			sum.skip("filtered")
			return nil
		}
		recs, err := records()
		if err != nil {
			return err
		}
		if recs == nil {
			sum.skip("not_in_segments (run nianbao migrate)")
			return nil
		}
		for _, m := range recs {
			if err := indexMember(idx, c, m, off, name); err != nil {
				return err
			}
			if _, err := bw.Write(m); err != nil {
				return err
			}
			off += int64(len(m))
		}
		sum.Records++
		return nil
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return sum, fmt.Errorf("export warc: %w", err)
	}
	sum.Bytes = off
	return sum, idx.Close()
}

// indexMember adds a CDXJ line for a response or revisit record. The
// capture's own request method and body key a POST's final record.
func indexMember(idx *warc.IndexWriter, c *capture.Capture, m []byte, off int64, name string) error {
	e, ok, err := warc.DescribeMember(m)
	if err != nil || !ok {
		return err
	}
	e.Offset, e.Filename = off, filepath.Base(name)
	if e.URL == c.FinalURL && c.Method != "" && c.Method != "GET" {
		e.Method, e.RequestBody = c.Method, warc.PostQuery(c.ReqHeader.Get("Content-Type"), c.ReqBody)
	}
	return idx.Add(e)
}

// exportInfo is the warcinfo record that opens the export.
func exportInfo(opt Options, name string) *warc.Record {
	software := opt.Software
	if software == "" {
		software = "nianbao export"
	}
	block := "software: " + software + "\r\nformat: WARC File Format 1.1\r\n" +
		"conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n" +
		"description: 政府信息公开工作年度报告 captures: the archive's WARC records copied as written during the crawl\r\n"
	return &warc.Record{Header: warc.Header{{Name: "WARC-Type", Value: warc.TypeWarcinfo},
		{Name: "WARC-Record-ID", Value: warc.NewRecordID()}, {Name: "WARC-Date", Value: warc.FormatDate(time.Now())},
		{Name: "WARC-Filename", Value: filepath.Base(name)}, {Name: "Content-Type", Value: warc.ContentTypeFields}},
		Block: []byte(block)}
}
