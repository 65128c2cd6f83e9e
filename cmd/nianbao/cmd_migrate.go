package main

import (
	"context"
	"fmt"
	"io"
	"os"
)

// runMigrate: nianbao migrate [--db FILE]
//
// Archives written before WARC segments keep every body inside the index
// file and have no WARC records. migrate writes each such capture's records
// to the segments (bodies read back and checked before the index names
// them), after a backup of the index, then verifies the archive.
func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "migrate [--config FILE] [--db FILE]")
	var c common
	c.register(fs)
	db, err := c.setup(fs, args, false)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.LegacyCaptures()
	if err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintf(e.stdout, "%s: nothing to migrate: every capture is in the WARC segments (%s)\n", c.cfg.DB, db.SegmentDir())
		return nil
	}
	backup := c.cfg.DB + ".pre-migrate"
	if _, err := os.Stat(backup); err == nil {
		return fmt.Errorf("%s exists (a backup from an earlier migrate): move it away first", backup)
	}
	if err := db.Backup(backup); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up the index to %s; moving %d capture(s) into %s\n", backup, n, db.SegmentDir())
	rep, err := db.MigrateToSegments(e.stderr)
	if err != nil {
		return fmt.Errorf("%w (the archive is consistent: what was moved is indexed; run migrate again to continue, or restore %s)", err, backup)
	}
	vr, verr := db.Verify(io.Discard)
	if verr != nil {
		return fmt.Errorf("migrated %d capture(s), but verify found %d problem(s): %w; the index before migrating is in %s", rep.Captures, len(vr.Problems), verr, backup)
	}
	fmt.Fprintf(e.stdout, "migrated %d capture(s): %d bod(ies), %d bytes, now in WARC records; %d bod(ies) left in the index; verify: ok (%d WARC records in %d segment(s))\n",
		rep.Captures, rep.Bodies, rep.BodyBytes, rep.Left, vr.WARCRecords, vr.Segments)
	fmt.Fprintf(e.stdout, "the index file keeps the space the bodies took until 'nianbao compact --replace'; delete %s once you are satisfied\n", backup)
	return nil
}
