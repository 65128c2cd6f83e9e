package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/nianbao/nianbao/store"
)

// runMerge: nianbao merge OUT.db IN.db… folds workers' archives into one
// and verifies the result.
func runMerge(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "merge", "merge OUT.db IN.db [IN.db…]")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		return fmt.Errorf("%w: name the output archive and at least one archive to merge into it", errUsage)
	}
	out, ins := fs.Arg(0), fs.Args()[1:]
	for _, in := range ins {
		if in == out {
			return fmt.Errorf("%w: %s is both the output and an input", errUsage, in)
		}
	}
	start := time.Now()
	rep, err := store.Merge(out, ins)
	if err != nil {
		return fmt.Errorf("merge into %s: %w", out, err)
	}
	fmt.Fprintf(e.stdout, "merged %d archive(s) into %s in %s: %d segments copied (%d merged before), %d captures added, %d already there, %d URLs' versions re-derived, %d records offered, %d runs added\n",
		len(ins), out, time.Since(start).Round(time.Millisecond), rep.SegmentsCopied, rep.SegmentsKnown, rep.Captures, rep.Duplicates, rep.URLs, rep.Records, rep.Runs)
	return verifyMerged(e.stdout, out)
}

// verifyMerged runs verify on the merged archive.
func verifyMerged(w io.Writer, path string) error {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.Verify(io.Discard)
	if len(rep.Problems) > 0 {
		for _, p := range rep.Problems {
			fmt.Fprintf(w, "  %v\n", p)
		}
		return fmt.Errorf("%s after merge has %d problem(s)", path, len(rep.Problems))
	}
	if err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	fmt.Fprintf(w, "%s: verify ok (%d bodies, %d captures, %d URLs, %d versions, %d records, %d runs)\n",
		path, rep.Bodies, rep.Captures, rep.URLs, rep.Versions, rep.Records, rep.Runs)
	return nil
}
