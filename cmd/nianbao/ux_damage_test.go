package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// copyArchive copies an archive file (its WARC segments stay shared).
func copyArchive(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	seg := strings.TrimSuffix(src, filepath.Ext(src)) + ".warcs"
	if _, err := os.Stat(seg); err == nil {
		os.Symlink(seg, strings.TrimSuffix(dst, filepath.Ext(dst))+".warcs")
	}
}

// damageRoot overwrites the page id in the header of the root page the
// newest meta page names: the page tree is then broken.
func damageRoot(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ps := int(binary.LittleEndian.Uint32(b[16+8:]))
	meta := func(off int) (root, txid uint64) {
		return binary.LittleEndian.Uint64(b[off+32:]), binary.LittleEndian.Uint64(b[off+16+48:])
	}
	root, tx0 := meta(0)
	if r1, tx1 := meta(ps); tx1 > tx0 {
		root = r1
	}
	binary.LittleEndian.PutUint64(b[int(root)*ps:], 0xdeadbeef)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Point 6: a damaged archive has one path that works: status reports the
// damage and exits non-zero naming the exact command; that command salvages
// into a new archive that opens; verify is told with the right flags.
func TestCLI_DamagedArchiveOnePath(t *testing.T) {
	_, dir, _, db := crawlCountySite(t)
	info, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.db")
	copyArchive(t, db, truncated)
	os.Truncate(truncated, info.Size()/2)
	broken := filepath.Join(dir, "broken.db")
	copyArchive(t, db, broken)
	damageRoot(t, broken)
	command := regexp.MustCompile("nianbao (compact --db \\S+ --out [^\\s`;]+)")
	for _, path := range []string{truncated, broken} {
		name := filepath.Base(path)
		out, errs, code := runBin(t, binRun{}, "status", "--db", path)
		m := command.FindStringSubmatch(errs)
		if code != 1 || m == nil || !strings.Contains(m[1], "--db "+path) {
			t.Errorf("%s: status exit %d, want 1 and the salvage command\nstdout:\n%s\nstderr:\n%s", name, code, out, errs)
			continue
		}
		sout, serrs, scode := runBin(t, binRun{}, strings.Fields(m[1])...)
		salvaged := strings.Fields(m[1])[4]
		if scode != 0 || !strings.Contains(sout, "nianbao verify --db "+salvaged) {
			t.Errorf("%s: %s: exit %d\n%s%s", name, m[1], scode, sout, serrs)
			continue
		}
		// it opens and shows its records; status may still exit 1 naming
		// what the salvage lost (index entries of records it could not read)
		if out, errs, code := runBin(t, binRun{}, "status", "--db", salvaged); code > 1 || !strings.Contains(out, "report records") {
			t.Errorf("%s: the salvaged archive does not open: exit %d\n%s%s", name, code, out, errs)
		}
		if _, errs, code := runBin(t, binRun{}, "verify", "--db", salvaged); code == 2 || strings.Contains(errs, "usage") {
			t.Errorf("%s: verify as advised is a usage error: %q", name, errs)
		}
	}
}

// Issue 14 point 6: status finds damage inside a value (a byte changed in
// a stored URL state: its checksum no longer matches), not only in the
// page structure, and exits non-zero naming verify.
func TestCLI_StatusFindsValueDamage(t *testing.T) {
	_, dir, cfg, db := crawlCountySite(t)
	if out, errs, code := runCLI(t, "status", "--config", cfg, "--db", db); code != 0 || strings.Contains(out, "DAMAGED") {
		t.Fatalf("status of the intact archive: exit %d\n%s%s", code, out, errs)
	}
	damaged := filepath.Join(dir, "damaged.db")
	copyArchive(t, db, damaged)
	b, err := os.ReadFile(damaged)
	if err != nil {
		t.Fatal(err)
	}
	// every stored "url":"http://… (live values and freed copies alike)
	// becomes "hXtp://…": still valid JSON, but no longer its checksum
	from, to := []byte(`"url":"http://`), []byte(`"url":"hXtp://`)
	if !bytes.Contains(b, from) {
		t.Fatal("no stored URL found in the archive file")
	}
	b = bytes.ReplaceAll(b, from, to)
	if err := os.WriteFile(damaged, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runCLI(t, "status", "--config", cfg, "--db", damaged)
	if code == 0 || !strings.Contains(out, "DAMAGED") || !strings.Contains(errs, "nianbao verify --db "+damaged) {
		t.Errorf("status of an archive with a damaged value: exit %d\n%s%s", code, out, errs)
	}
}
