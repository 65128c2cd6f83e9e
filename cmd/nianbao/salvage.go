package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nianbao/nianbao/store"
)

// salvageArchive is compact on an archive that no longer opens: it copies
// what is still readable into a new archive (default DB.salvaged.db) and
// says exactly what to run next.
func salvageArchive(e *env, src, out string, openErr error) error {
	dst := out
	if dst == "" {
		dst = store.SalvagePath(src)
	}
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("%s cannot be opened (%v)\nand %s already exists: remove it or name another --out", src, openErr, dst)
	}
	fmt.Fprintf(e.stderr, "%s does not open as an archive; salvaging what is readable into %s\n", src, dst)
	err := store.SalvageFile(src, dst)
	var se *store.SalvagedError
	switch {
	case errors.As(err, &se):
		fmt.Fprintf(e.stdout, "salvaged %d entries of %s into %s; %d problem(s), the first: %s\n", se.Copied, src, dst, len(se.Problems), se.Problems[0])
	case err != nil:
		return fmt.Errorf("salvage %s: %w", src, err)
	default:
		fmt.Fprintf(e.stdout, "salvaged %s into %s; its page structure showed no damage\n", src, dst)
	}
	fmt.Fprintf(e.stdout, "next: nianbao verify --db %s   (lists what was lost)\n      mv %s %s.damaged && mv %s %s\n", dst, src, src, dst, src)
	return nil
}

// checkDamage walks the archive's page structure (the index file only, no
// bodies) and turns damage into an error naming the salvage command, so
// that status exits non-zero on a damaged archive.
func checkDamage(w io.Writer, db *store.DB) error {
	probs, err := db.CheckPages()
	if err != nil {
		return fmt.Errorf("status: check pages: %w", err)
	}
	if len(probs) == 0 {
		return checkValues(w, db)
	}
	path := archivePath(db)
	fmt.Fprintf(w, "\nDAMAGED: %d problem(s) in the page structure of %s, the first: %s\n", len(probs), path, probs[0])
	return fmt.Errorf("%s is damaged (%d problem(s) in its page structure); to copy what is readable into a new archive: "+
		"nianbao compact --db %s --out %s; then nianbao verify --db %s", path, len(probs), path, store.SalvagePath(path), store.SalvagePath(path))
}

// archivePath is the archive db reads: its own path, or, for a writer's
// snapshot (a crawl's, a serve's), the archive's.
func archivePath(db *store.DB) string {
	if _, ok := db.Snapshot(); ok {
		return strings.TrimSuffix(db.Path(), ".snapshot")
	}
	return db.Path()
}

// checkValues is status's check inside the values: a quick verify (every
// index value's checksum, every reference and counter, each segment's
// presence and length; no body or segment content read, which only the
// full verify does).
func checkValues(w io.Writer, db *store.DB) error {
	var log strings.Builder
	_, err := db.VerifyQuick(&log)
	if err == nil {
		return nil
	}
	if !errors.Is(err, store.ErrCorrupt) {
		return fmt.Errorf("status: check values: %w", err)
	}
	fmt.Fprintf(w, "\nDAMAGED: %v\n", err)
	return fmt.Errorf("%s is damaged inside its values (checksums, references or counters; checked quickly, without reading the WARC bodies): "+
		"nianbao verify --db %s lists every problem (the raw captures are in the WARC segments beside it)", archivePath(db), archivePath(db))
}
