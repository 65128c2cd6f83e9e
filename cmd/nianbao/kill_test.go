package main

import (
	"context"
	"encoding/json"
	"math/rand"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/nianbao/nianbao/sim"
)

// TestMain lets the test binary stand in for the nianbao binary: with
// NIANBAO_AS_MAIN=1 it runs the command line after "--" and exits, so
// tests can SIGKILL a real crawl process without building one.
func TestMain(m *testing.M) {
	if os.Getenv("NIANBAO_AS_MAIN") == "1" {
		args := os.Args
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		e := &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv}
		os.Exit(run(context.Background(), e, args))
	}
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir) // the binary built by nianbaoBinary
	}
	os.Exit(code)
}

// childCrawl starts `nianbao crawl` as a separate process.
func childCrawl(t *testing.T, sc *simCrawl, db string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "crawl", "--config", sc.cfg, "--seeds", sc.seeds, "--db", db)
	cmd.Env = append(os.Environ(), "NIANBAO_AS_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// recordSet is url → fields as JSON, for comparing two archives.
func recordSet(recs []exported) map[string]string {
	m := map[string]string{}
	for _, r := range recs {
		b, _ := json.Marshal(r.Fields)
		m[r.URL] = string(b)
	}
	return m
}

func TestKill_CrawlKilledAtRandomPointsResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("kill test runs child processes")
	}
	sc := newSimCrawl(t, sim.Options{Sites: 4, Seed: 21, NoObstacles: true, Latency: 15 * time.Millisecond}, "")
	clean := sc.db
	sc.crawl(t, "crawl")
	want := recordSet(sc.export(t))
	if len(want) == 0 {
		t.Fatal("clean crawl archived no records")
	}

	sc.db = sc.dir + "/killed.db"
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	kills := 0
	for i := 0; i < 10; i++ {
		cmd := childCrawl(t, sc, sc.db)
		wait := time.Duration(150+rng.Intn(900)) * time.Millisecond
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done: // finished before the kill point
		case <-time.After(wait):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			kills++
		}
	}
	sc.crawl(t, "crawl") // the run that completes
	if out, errs, code := runCLI(t, "verify", "--db", sc.db); code != 0 {
		t.Fatalf("verify after %d kills: exit %d\n%s\n%s", kills, code, out, errs)
	}
	got := recordSet(sc.export(t))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after %d kills the records differ from a clean run: %d vs %d records\nmissing: %v\nextra: %v",
			kills, len(got), len(want), diffKeys(want, got), diffKeys(got, want))
	}
	all := sc.export(t, "--all-versions")
	if len(all) != len(got) {
		t.Errorf("%d versions for %d records: resumed runs archived duplicate versions", len(all), len(got))
	}
	t.Logf("%d kills; %d records; clean archive %s", kills, len(got), clean)
}

func diffKeys(a, b map[string]string) []string {
	var d []string
	for k, v := range a {
		if b[k] != v {
			d = append(d, k)
		}
	}
	sort.Strings(d)
	return d
}
