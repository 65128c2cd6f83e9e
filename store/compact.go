package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// compactTxBytes bounds one transaction of the destination during Compact.
const compactTxBytes = 64 << 20

// Compact copies the archive's live data into a new file dst, which must not
// exist, with pages filled densely; bbolt never shrinks a file by itself, so
// this is how space freed by superseded pages comes back. The copy reads the
// source in one read transaction (a consistent snapshot), so run it while no
// crawl is writing. To finish: close every process using the archive,
// `nianbao verify dst`, then rename dst over the original (keep the old file
// as a backup until you are satisfied). Only the index is copied: the WARC
// segments are never rewritten; dst's segment directory is made a link to
// the source's, and a rename over the original finds them as they are.
//
// Compact first walks the source's page structure. If it is damaged, Compact
// salvages instead: it copies every entry of every readable page (read from
// the file with bounds checks, never through bbolt's page pointers),
// recounts, and returns a *SalvagedError (wrapping ErrCorrupt) saying what
// was skipped; dst is kept. On any other error dst is removed.
func (db *DB) Compact(dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("compact into %s: file exists", dst)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("compact into %s: %w", dst, err)
	}
	out, err := bolt.Open(dst, 0o644, &bolt.Options{Timeout: DefaultTimeout, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("compact: create %s: %w", dst, err)
	}
	probs, err := db.damagedPages(nil)
	var copied int
	switch {
	case err == nil && len(probs) > 0:
		copied, probs, err = db.salvageInto(out)
	case err == nil:
		err = db.compactInto(out)
	}
	if cerr := out.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("compact: close %s: %w", dst, cerr)
	}
	if err == nil {
		err = db.linkSegments(dst)
	}
	if err != nil {
		_ = os.Remove(dst)
		return err
	}
	if len(probs) > 0 {
		return &SalvagedError{Path: db.path, Dst: dst, Copied: copied, Problems: probs}
	}
	return nil
}

func (db *DB) compactInto(out *bolt.DB) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			err = corrupt(db.path, "compact stopped on a damaged page: %v", r)
		}
	}()
	if err := bolt.Compact(out, db.bolt, compactTxBytes); err != nil {
		if isDiskFull(err) {
			return fmt.Errorf("compact into %s: %w: %v", out.Path(), ErrDiskFull, err)
		}
		return fmt.Errorf("compact %s into %s: %w", db.path, out.Path(), err)
	}
	return nil
}
