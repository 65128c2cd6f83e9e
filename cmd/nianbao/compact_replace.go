package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/nianbao/nianbao/store"
	"github.com/nianbao/nianbao/store/segment"
)

// verifyIndex checks an archive file's index (quick verify: the page tree,
// every value's checksum, every reference and counter, the segments'
// lengths). A compacted copy shares the original's segments, which compact
// never rewrites, so the index is what a copy can get wrong. A variable so
// tests can make it fail.
var verifyIndex = func(path string) error {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.VerifyQuick(io.Discard)
	return err
}

// replaceVerified puts the compacted copy dst in place of the archive at
// path: dst is verified first (a failure leaves the archive untouched),
// the original is renamed to a backup, dst takes its name and is verified
// again there; should that fail, the original is put back. The backup is
// kept and named for the user to remove once satisfied.
func replaceVerified(w io.Writer, path, dst string) error {
	if err := verifyIndex(dst); err != nil {
		return fmt.Errorf("the compacted copy %s does not verify, %s is left as it was: %w", dst, path, err)
	}
	backup := backupName(path)
	if err := os.Rename(path, backup); err != nil {
		return fmt.Errorf("keep %s as a backup: %w", path, err)
	}
	if err := os.Rename(dst, path); err != nil {
		return restoreBackup(path, backup, fmt.Errorf("move %s to %s: %w", dst, path, err))
	}
	if err := verifyIndex(path); err != nil {
		os.Rename(path, dst)
		return restoreBackup(path, backup, fmt.Errorf("the replacement %s does not verify: %w", path, err))
	}
	linkBackupSegments(path, backup)
	fmt.Fprintf(w, "replaced %s with the verified copy; the original is kept as %s (remove it once satisfied; to go back: mv %s %s)\n",
		path, backup, backup, path)
	return nil
}

// restoreBackup puts the original back after a failed replacement.
func restoreBackup(path, backup string, cause error) error {
	if err := os.Rename(backup, path); err != nil {
		return fmt.Errorf("%w; the original is %s (putting it back failed: %v)", cause, backup, err)
	}
	return fmt.Errorf("%w; the original %s is back in place", cause, path)
}

// backupName is path.bak, or path.bak-TIME when that exists.
func backupName(path string) string {
	b := path + ".bak"
	if _, err := os.Lstat(b); err == nil {
		b = path + ".bak-" + time.Now().UTC().Format("20060102T150405Z")
	}
	return b
}

// linkBackupSegments lets the backup open on its own: its segment folder
// name links to the archive's segments (shared: compact never rewrites
// them). Best effort: without it the backup's index is still intact.
func linkBackupSegments(path, backup string) {
	src, to := segment.Dir(path), segment.Dir(backup)
	if src == to {
		return
	}
	if _, err := os.Lstat(to); err == nil {
		return
	}
	if abs, err := filepath.Abs(src); err == nil {
		if _, err := os.Stat(abs); err == nil {
			_ = os.Symlink(abs, to)
		}
	}
}
