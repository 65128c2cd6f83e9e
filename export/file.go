package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
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

// writeAtomic writes path through fill into a temporary file beside it
// (same folder, so the final rename never crosses file systems), renaming it
// to path only when fill and Close succeed. An existing path that is not a
// regular file (a device such as /dev/full, a pipe, a folder) is refused,
// never replaced. Errors name path, not the temporary file.
func writeAtomic(path string, fill func(w io.Writer) error) (err error) {
	if err := checkTarget(path); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, unwrapPath(err))
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if err = fill(namedWriter{f, path}); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Chmod(0o644); err == nil {
		err = f.Close()
	} else {
		_ = f.Close()
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	return nil
}

// checkTarget refuses to replace anything but a regular file.
func checkTarget(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("output %s: %w", path, unwrapPath(err))
	case !fi.Mode().IsRegular():
		return fmt.Errorf("output %s exists and is not a regular file (%s): refusing to replace it; name a new file", path, kindOf(fi.Mode()))
	}
	return nil
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a plain file"
}

// namedWriter reports write errors under the target's name.
type namedWriter struct {
	f    *os.File
	name string
}

func (w namedWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil {
		err = fmt.Errorf("write %s: %w", w.name, unwrapPath(err))
	}
	return n, err
}

// unwrapPath drops a *fs.PathError's (temporary) path, keeping its cause.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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
