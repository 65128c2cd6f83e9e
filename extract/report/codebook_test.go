package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files and docs")

func TestCodebook_Keys(t *testing.T) {
	cb := Codebook()
	seen := map[string]bool{}
	for _, c := range cb {
		if seen[c.Key] {
			t.Errorf("duplicate key %s", c.Key)
		}
		seen[c.Key] = true
		if c.Label == "" || c.Unit == "" || (c.Type != "int" && c.Type != "decimal") || len(c.Formats) == 0 {
			t.Errorf("incomplete column %+v", c)
		}
	}
	tests := []struct {
		format string
		want   int
	}{{Format2021, 200}, {Format2019, 3 + 19 + 23*7 + 15}, {FormatLegacy, len(allLegacyKeys)}}
	for _, tt := range tests {
		if got := len(KeysFor(tt.format)); got != tt.want {
			t.Errorf("KeysFor(%s) = %d keys, want %d", tt.format, got, tt.want)
		}
	}
	// Codebook order: the 200 keys of 2021 first.
	for i, c := range cb[:200] {
		if !has(c.Formats, Format2021) {
			t.Errorf("codebook[%d] %s is not a 2021 key", i, c.Key)
		}
	}
	for _, k := range []string{"art20_rules_issued", "app_new_person", "app_other_other_total",
		"app_carried_out_total", "review_upheld", "suit_after_review_total", "art20_procurement_wan_yuan", "app_other_person"} {
		if !seen[k] {
			t.Errorf("key %s missing", k)
		}
	}
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestCodebookDocs(t *testing.T) {
	docs := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"CODEBOOK.md", func(b *bytes.Buffer) error { return WriteCodebookMarkdown(b) }},
		{"codebook.json", func(b *bytes.Buffer) error { return WriteCodebookJSON(b) }},
		{"codebook.csv", func(b *bytes.Buffer) error { return WriteCodebookCSV(b) }},
	}
	for _, d := range docs {
		t.Run(d.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := d.write(&b); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("..", "..", "docs", d.name)
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(got, b.Bytes()) {
				t.Errorf("%s drifted from Codebook(); run go test ./extract/report/ -run TestCodebookDocs -update", path)
			}
			if !strings.Contains(b.String(), "app_other_unpaid_total") {
				t.Errorf("%s lacks keys", d.name)
			}
		})
	}
}
