package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/seeds"
	"github.com/nianbao/nianbao/store"
)

// selectionOf identifies a seed selection by its seed codes, whatever
// flags (--only, a seed file) chose them.
func selectionOf(list []seeds.Seed) string {
	codes := make([]string, len(list))
	for i, s := range list {
		codes[i] = s.Code
	}
	slices.Sort(codes)
	sum := sha256.Sum256([]byte(strings.Join(codes, ",")))
	return fmt.Sprintf("%d:%s", len(codes), hex.EncodeToString(sum[:8]))
}

// startRun resumes the interrupted run of this kind over the same seeds
// (not older than capture.ResumeMaxAge) or starts a new one, and says which on w.
func startRun(w io.Writer, db *store.DB, kind string, year int, list []seeds.Seed) (capture.Run, bool, error) {
	st, err := db.StartRun(store.RunSpec{Kind: kind, Year: year, Sites: len(list), Selection: selectionOf(list), MaxAge: capture.ResumeMaxAge})
	if err != nil {
		return capture.Run{}, false, fmt.Errorf("start run: %w", err)
	}
	switch {
	case st.Resumed:
		fmt.Fprintf(w, "resuming interrupted %s run %s (started %s, %d of %d sites done)\n",
			kind, st.ID, st.Started.Format(time.DateTime), st.Done, st.Sites)
	case st.Passed != nil:
		fmt.Fprintf(w, "not resuming interrupted %s run %s: %s; starting a new run %s\n", kind, st.Passed.ID, st.Why, st.ID)
	}
	return st.Run, st.Resumed, nil
}
