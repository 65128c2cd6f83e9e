package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract"
)

// acks collects what a child acknowledged: url → digests saved, and the
// (url, digest) pairs of saved records.
type acks struct {
	captures map[string][]string
	records  map[[2]string]bool
	finished bool
}

func (a *acks) add(line string) {
	f := strings.Fields(line)
	switch {
	case len(f) == 3 && f[0] == "ack":
		a.captures[f[1]] = append(a.captures[f[1]], f[2])
	case len(f) == 3 && f[0] == "rec":
		a.records[[2]string{f[1], f[2]}] = true
	case line == "finished":
		a.finished = true
	}
}

// checkAcked opens the archive after a kill, verifies it and checks that
// every acknowledged capture and record is there.
func checkAcked(t *testing.T, path string, a *acks) {
	t.Helper()
	db, err := Open(path, Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("open after kill: %v", err)
	}
	defer db.Close()
	var out bytes.Buffer
	if _, err := db.Verify(&out); err != nil {
		t.Fatalf("verify after kill: %v\n%s", err, out.String())
	}
	for u, digests := range a.captures {
		vs, err := db.Versions(u)
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, v := range vs {
			have[v.Digest] = true
		}
		for _, d := range digests {
			if !have[d] {
				t.Errorf("acknowledged capture %s %s lost", u, d[:12])
			}
		}
	}
	got := map[[2]string]bool{}
	_ = db.Records(RecordFilter{AllVersions: true}, func(r *extract.Record) error {
		got[[2]string{r.URL, r.SHA256}] = true
		return nil
	})
	for k := range a.records {
		if !got[k] {
			t.Errorf("acknowledged record %s %s lost", k[0], k[1][:12])
		}
	}
}

// recordDump is the records of an archive (current and superseded) in a
// comparable form: saved_at aside, which is the clock of the save.
func recordDump(t *testing.T, path string) string {
	t.Helper()
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var lines []string
	err = db.Records(RecordFilter{AllVersions: true}, func(r *extract.Record) error {
		b, err := json.Marshal(r)
		lines = append(lines, string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"http://www.s7.gov.cn/zfxxgknb/t3.html", "http://www.s7.gov.cn/zfxxgknb/t40.html"} {
		vs, _ := db.Versions(u)
		lines = append(lines, fmt.Sprint(u, len(vs)))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestCrash_SIGKILLAtRandomPoints kills a writing child at random points,
// checks after each kill that the archive verifies and holds every
// acknowledged write, lets the resumed run finish, and compares the records
// with those of an uninterrupted run.
func TestCrash_SIGKILLAtRandomPoints(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process crash test")
	}
	const n, kills = 150, 6
	env := []string{"NIANBAO_STORE_SEED=7", fmt.Sprintf("NIANBAO_STORE_N=%d", n)}
	dir := t.TempDir()
	path := filepath.Join(dir, "killed.db")
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	a := &acks{captures: map[string][]string{}, records: map[[2]string]bool{}}
	for k := 0; k <= kills && !a.finished; k++ {
		c := startHelper(t, "write", path, env...)
		target := 3 + rng.Intn(n/kills*2)
		for got := 0; k < kills && got < target; got++ {
			line, ok := <-c.lines
			if !ok {
				break
			}
			a.add(line)
		}
		if k < kills {
			time.Sleep(time.Duration(rng.Intn(3000)) * time.Microsecond) // land mid-commit sometimes
			_ = c.cmd.Process.Signal(syscall.SIGKILL)
		}
		for line := range c.lines {
			a.add(line)
		}
		_ = c.cmd.Wait()
		checkAcked(t, path, a)
	}
	if !a.finished {
		t.Fatal("the resumed run did not finish")
	}
	clean := filepath.Join(dir, "clean.db")
	c := startHelper(t, "write", clean, env...)
	for range c.lines {
	}
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("clean run: %v", err)
	}
	if got, want := recordDump(t, path), recordDump(t, clean); got != want {
		t.Errorf("records after %d kills differ from an uninterrupted run", kills)
	}
}
