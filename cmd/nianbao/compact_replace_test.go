package main

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// Issue 13 point 7: compact --replace verifies the copy, keeps the
// original as a named backup, and puts the verified copy in its place; the
// archive then verifies and exports as before. A copy that fails to verify
// leaves the original byte for byte as it was, and no backup.
func TestCLI_CompactReplace(t *testing.T) {
	t.Run("verified", func(t *testing.T) {
		_, _, cfg, db := crawlCountySite(t)
		before := exportOf(t, cfg, db)
		out, errs, code := runCLI(t, "compact", "--config", cfg, "--db", db, "--replace")
		if code != 0 {
			t.Fatalf("compact --replace: exit %d\n%s%s", code, out, errs)
		}
		backup := db + ".bak"
		if !strings.Contains(out, "the original is kept as "+backup) {
			t.Errorf("the output does not name the backup %s:\n%s", backup, out)
		}
		for _, p := range []string{db, backup} {
			if o, e, code := runCLI(t, "verify", "--config", cfg, "--db", p); code != 0 {
				t.Errorf("verify %s: exit %d\n%s%s", p, code, o, e)
			}
		}
		if after := exportOf(t, cfg, db); !bytes.Equal(before, after) {
			t.Errorf("the export changed with the compacted archive: %d bytes before, %d after", len(before), len(after))
		}
	})
	t.Run("copy fails to verify", func(t *testing.T) {
		_, _, cfg, db := crawlCountySite(t)
		orig, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		verify := verifyIndex
		t.Cleanup(func() { verifyIndex = verify })
		verifyIndex = func(string) error { return errors.New("value 12 fails its checksum") }
		out, errs, code := runCLI(t, "compact", "--config", cfg, "--db", db, "--replace")
		if code == 0 || !strings.Contains(errs, "does not verify") || !strings.Contains(errs, "left as it was") {
			t.Errorf("compact --replace with a copy failing verify: exit %d\n%s%s", code, out, errs)
		}
		now, err := os.ReadFile(db)
		if err != nil || !bytes.Equal(now, orig) {
			t.Errorf("the original archive changed (%v)", err)
		}
		if _, err := os.Stat(db + ".bak"); err == nil {
			t.Error("a backup was made although nothing was replaced")
		}
	})
}

// The replacement failing its verify in place puts the original back.
func TestCLI_CompactReplace_RestoresOriginal(t *testing.T) {
	_, _, cfg, db := crawlCountySite(t)
	orig, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	verify, calls := verifyIndex, 0
	t.Cleanup(func() { verifyIndex = verify })
	verifyIndex = func(p string) error {
		if calls++; calls == 2 {
			return errors.New("page 7 unreadable")
		}
		return verify(p)
	}
	out, errs, code := runCLI(t, "compact", "--config", cfg, "--db", db, "--replace")
	if code == 0 || !strings.Contains(errs, "is back in place") {
		t.Errorf("compact --replace with the replacement failing verify: exit %d\n%s%s", code, out, errs)
	}
	if now, err := os.ReadFile(db); err != nil || !bytes.Equal(now, orig) {
		t.Errorf("the original archive is not back in place (%v)", err)
	}
}

func exportOf(t *testing.T, cfg, db string) []byte {
	t.Helper()
	out, errs, code := runCLI(t, "export", "--config", cfg, "--db", db, "--format", "jsonl", "--out", "-")
	if code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	return []byte(out)
}
