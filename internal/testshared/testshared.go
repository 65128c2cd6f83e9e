// Package testshared locates the project's shared material (seed reports,
// real PDFs, seed list) for tests. CI checks the repository out with
// ../shared beside it; NIANBAO_SHARED overrides the location.
package testshared

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Dir returns the shared folder, or "" when it cannot be found.
func Dir() string {
	if d := os.Getenv("NIANBAO_SHARED"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			s := filepath.Join(filepath.Dir(d), "shared")
			if _, err := os.Stat(s); err == nil {
				return s
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Path returns the path of name inside the shared folder, failing the test
// when the folder is missing: the material is part of the test contract, so
// its absence is an error, not a skip.
func Path(t testing.TB, name ...string) string {
	t.Helper()
	d := Dir()
	if d == "" {
		t.Fatalf("shared folder not found: check out the repository with ../shared beside it, or set NIANBAO_SHARED")
	}
	p := filepath.Join(append([]string{d}, name...)...)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("shared material missing: %v", err)
	}
	return p
}

// SeedReports returns the paths of the five seed reports.
func SeedReports(t testing.TB) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(Path(t, "seed-reports"), "*.txt"))
	if err != nil || len(m) == 0 {
		t.Fatalf("no seed reports under %s", Path(t, "seed-reports"))
	}
	return m
}

// NeedTools skips the test (outside CI) or fails it (in CI, CI=true, where
// .ci/run installs every tool the tests drive) when a program is missing
// from PATH.
func NeedTools(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required in CI (.ci/run installs it)", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
}
