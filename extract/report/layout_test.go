package report

import (
	"slices"
	"testing"
)

// Every key of a format appears in exactly one cell of its tables, and every
// cell is a key of the format.
func TestTables_CoverTheFormatKeys(t *testing.T) {
	for _, format := range []string{Format2021, Format2019} {
		want := KeysFor(format)
		var got []string
		for _, tb := range Tables(format) {
			for _, r := range tb.Rows {
				if len(r.Keys) != len(tb.Cols) {
					t.Errorf("%s %s row %q: %d keys for %d columns", format, tb.Section, r.Label, len(r.Keys), len(tb.Cols))
				}
				got = append(got, r.Keys...)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: tables hold %d keys, the codebook %d", format, len(got), len(want))
		}
	}
	if Tables(FormatLegacy) != nil {
		t.Error("legacy reports have no form tables")
	}
}

// A failing check's keys include every key it read.
func TestCheckKeys_NameTheCheckedCells(t *testing.T) {
	fields := map[string]*float64{}
	for _, k := range KeysFor(Format2021) {
		v := 1.0
		fields[k] = &v
	}
	for _, c := range RunChecks(Format2021, fields) {
		keys := CheckKeys(Format2021, c.Name)
		if len(keys) < 3 {
			t.Errorf("check %s: keys %v", c.Name, keys)
		}
		for _, k := range keys {
			if _, ok := fields[k]; !ok {
				t.Errorf("check %s names %s, not a 2021 key", c.Name, k)
			}
		}
	}
	if CheckKeys(Format2021, "no_such_check") != nil {
		t.Error("unknown check named keys")
	}
}
