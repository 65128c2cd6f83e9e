package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// SalvageFile copies what can still be read of the archive at src into a
// new archive dst, without opening src through bbolt: for a file Open
// refuses as damaged (truncated, broken page tree). Every entry of every
// readable page is copied (pages are read from the file with bounds checks),
// counters and sequences are recomputed, and dst's segment directory is
// linked to src's WARC segments. It returns a *SalvagedError listing what
// was lost, or nil when nothing was. dst must not exist; on failure it is
// removed. The caller must make sure no process writes src meanwhile.
func SalvageFile(src, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("salvage into %s: file exists", dst)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("salvage into %s: %w", dst, err)
	}
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("salvage %s: %w", src, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("salvage %s: %w", src, err)
	}
	out, err := bolt.Open(dst, 0o644, &bolt.Options{Timeout: DefaultTimeout, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("salvage: create %s: %w", dst, err)
	}
	copied, probs, err := salvageWith(out, func(visit kvVisitor) (probs []string, err error) {
		old := debug.SetPanicOnFault(true)
		defer debug.SetPanicOnFault(old)
		defer func() {
			if r := recover(); r != nil {
				err = corrupt(src, "salvage stopped: %v", r)
			}
		}()
		return walkPages(f, fi.Size(), visit), nil
	})
	if cerr := out.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("salvage: close %s: %w", dst, cerr)
	}
	if err == nil {
		err = (&DB{path: src}).linkSegments(dst)
	}
	if err != nil {
		_ = os.Remove(dst)
		return err
	}
	if len(probs) > 0 {
		return &SalvagedError{Path: src, Dst: dst, Copied: copied, Problems: probs}
	}
	return nil
}

// CheckPages walks the file's page structure (the check `nianbao status`
// runs) and returns the problems found, none for an intact tree. It reads
// the whole index file but no bodies.
func (db *DB) CheckPages() ([]string, error) {
	return db.damagedPages(nil)
}
