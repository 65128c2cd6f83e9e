package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Export writes the export opt describes to path and its codebook beside it
// (<path>.codebook.md, <path>.codebook.json). Single-stream formats are
// written to <path>.part and renamed when complete, so a failed or cancelled
// export leaves no half file under the final name. Text with TextFolder
// writes a folder at path; WARC writes path (normally *.warc.gz) and its
// CDXJ index (see CDXJPath).
func Export(ctx context.Context, src Source, opt Options, path string) (Summary, error) {
	if _, err := opt.columns(); err != nil {
		return Summary{}, err
	}
	var sum Summary
	var err error
	switch {
	case opt.Format == FormatWARC:
		sum, err = exportWARC(ctx, src, opt, path)
	case opt.Format == FormatText && opt.TextFolder:
		sum, err = writeTextFolder(ctx, src, opt, path)
	default:
		sum, err = exportFile(ctx, src, opt, path)
	}
	if err != nil {
		return sum, err
	}
	files, err := writeCodebookFiles(opt, path)
	sum.Files = append(sum.Files, files...)
	return sum, err
}

func exportFile(ctx context.Context, src Source, opt Options, path string) (Summary, error) {
	var sum Summary
	err := writeAtomic(path, func(w io.Writer) error {
		var err error
		sum, err = Write(ctx, src, opt, w)
		return err
	})
	if err == nil {
		sum.Files = []string{path}
	}
	return sum, err
}

// writeAtomic writes path through fill into <path>.part, renaming it to
// path only when fill and Close succeed.
func writeAtomic(path string, fill func(w io.Writer) error) (err error) {
	tmp := path + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if err = fill(f); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("export close %s: %w", tmp, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// writeCodebookFiles writes <path>.codebook.md and <path>.codebook.json.
func writeCodebookFiles(opt Options, path string) ([]string, error) {
	cb, err := CodebookFor(opt)
	if err != nil {
		return nil, err
	}
	md, js := path+".codebook.md", path+".codebook.json"
	err = errors.Join(
		writeAtomic(md, func(w io.Writer) error { return WriteCodebookMarkdown(w, cb) }),
		writeAtomic(js, func(w io.Writer) error { return WriteCodebookJSON(w, cb) }),
	)
	files := []string{md, js}
	if opt.Panel && opt.Stata && opt.Format == FormatCSV {
		do := strings.TrimSuffix(path, filepath.Ext(path)) + ".do"
		err = errors.Join(err, writeAtomic(do, func(w io.Writer) error { return WriteStataDo(w, cb.Columns, path) }))
		files = append(files, do)
	}
	return files, err
}
