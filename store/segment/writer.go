package segment

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// DefaultMaxSize is the size past which a segment is closed and the next
// one begun.
const DefaultMaxSize = 1 << 30

// Writer appends gzip members to the current segment of a directory. It
// is not safe for concurrent use: the store's single writer goroutine owns
// it.
type Writer struct {
	dir, prefix string
	max         int64
	noSync      bool
	info        func(name string) ([]byte, error)

	f       *os.File
	seg     uint32
	size    int64
	dirty   bool // bytes written since the last Sync
	dirSync bool // a file was created since the last Sync
}

// WriterOptions configure OpenWriter.
type WriterOptions struct {
	MaxSize int64 // rotate past this size; 0 means DefaultMaxSize
	NoSync  bool  // skip fsync (tests and benchmarks only)
	// Info returns the warcinfo member that opens a new segment file.
	Info func(name string) ([]byte, error)
}

// OpenWriter continues segment seg, which must be exactly end bytes long
// (the caller repaired its tail). seg 0 means there is none yet: the first
// Append creates segment 1; end -1 means seg is not to be continued: the
// first Append creates seg+1.
func OpenWriter(dir, prefix string, seg uint32, end int64, opt WriterOptions) (*Writer, error) {
	if opt.MaxSize <= 0 {
		opt.MaxSize = DefaultMaxSize
	}
	w := &Writer{dir: dir, prefix: prefix, max: opt.MaxSize, noSync: opt.NoSync, info: opt.Info, seg: seg}
	if seg == 0 || end < 0 {
		return w, nil
	}
	f, err := os.OpenFile(w.path(seg), os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open segment: %w", err)
	}
	fi, err := f.Stat()
	if err == nil && fi.Size() != end {
		err = fmt.Errorf("segment %s is %d bytes, the index expects %d", f.Name(), fi.Size(), end)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	w.f, w.size = f, end
	return w, nil
}

func (w *Writer) path(seg uint32) string { return filepath.Join(w.dir, FileName(w.prefix, seg)) }

// Position is the current segment and its length; seg 0 while no segment
// is open for appending (before the first Append).
func (w *Writer) Position() (seg uint32, end int64) {
	if w.f == nil {
		return 0, 0
	}
	return w.seg, w.size
}

// Append writes one gzip member and returns where it went. The bytes are
// durable only after Sync.
func (w *Writer) Append(member []byte) (Loc, error) {
	if w.f == nil || (w.size > 0 && w.size+int64(len(member)) > w.max) {
		if err := w.rotate(); err != nil {
			return Loc{}, err
		}
	}
	return w.write(member)
}

func (w *Writer) write(member []byte) (Loc, error) {
	loc := Loc{Seg: w.seg, Off: w.size, Len: int64(len(member))}
	n, err := w.f.Write(member)
	w.size += int64(n)
	w.dirty = true
	if err != nil {
		if terr := w.Truncate(loc.Off); terr != nil {
			err = errors.Join(err, terr)
		}
		return Loc{}, fmt.Errorf("append to %s: %w", w.f.Name(), err)
	}
	return loc, nil
}

// Truncate cuts the current segment back to end, dropping a failed append
// so that no partial member stays between whole ones.
func (w *Writer) Truncate(end int64) error {
	if w.f == nil || end > w.size {
		return nil
	}
	if err := w.f.Truncate(end); err != nil {
		return fmt.Errorf("cut back %s: %w", w.f.Name(), err)
	}
	w.size = end
	return nil
}

// rotate closes the current segment (durably) and creates the next one,
// beginning with its warcinfo record.
func (w *Writer) rotate() error {
	if w.f != nil {
		if err := w.Sync(); err != nil {
			return err
		}
		if err := w.f.Close(); err != nil {
			return fmt.Errorf("close segment: %w", err)
		}
		w.f = nil
	}
	if err := os.MkdirAll(w.dir, 0o755); err != nil {
		return fmt.Errorf("segment directory: %w", err)
	}
	next := w.seg + 1
	f, err := os.OpenFile(w.path(next), os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("create segment: %w", err)
	}
	w.f, w.seg, w.size, w.dirSync = f, next, 0, true
	if w.info == nil {
		return nil
	}
	info, err := w.info(FileName(w.prefix, next))
	if err == nil {
		_, err = w.write(info)
	}
	return err
}

// Sync makes everything appended so far durable: the file's bytes and, for
// a new file, its directory entry.
func (w *Writer) Sync() error {
	if w.noSync || w.f == nil {
		w.dirty, w.dirSync = false, false
		return nil
	}
	if w.dirty {
		if err := w.f.Sync(); err != nil {
			return fmt.Errorf("sync %s: %w", w.f.Name(), err)
		}
		w.dirty = false
	}
	if w.dirSync {
		d, err := os.Open(w.dir)
		if err != nil {
			return fmt.Errorf("sync segment directory: %w", err)
		}
		err = errors.Join(d.Sync(), d.Close())
		if err != nil {
			return fmt.Errorf("sync segment directory: %w", err)
		}
		w.dirSync = false
	}
	return nil
}

// Close syncs and closes the current segment.
func (w *Writer) Close() error {
	if w.f == nil {
		return nil
	}
	err := w.Sync()
	err = errors.Join(err, w.f.Close())
	w.f = nil
	return err
}
