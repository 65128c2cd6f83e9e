package export

import (
	"context"
	"flag"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/extract"
)

var interopDir = flag.String("interop", "", "write out.{parquet,csv,jsonl} to this folder for testdata/interop/duckdb_check.mjs")

// TestInteropFiles writes the same 2,500 records (real codebook, one with a
// quoted multi-line title and no date, one with invalid UTF-8) as Parquet,
// CSV with a BOM and JSONL, for an outside reader to compare. Skipped
// unless -interop is given.
func TestInteropFiles(t *testing.T) {
	if *interopDir == "" {
		t.Skip("needs -interop DIR")
	}
	base := benchGen(DefaultColumns())
	gen := func(i int) *extract.Record {
		r := base(i)
		switch i {
		case 3:
			r.Published, r.Title = "", "标题,带\"引号\"\n换行"
		case 4:
			r.Agency = "bad\xffbyte"
		}
		return r
	}
	for _, f := range []string{FormatParquet, FormatCSV, FormatJSONL} {
		opt := Options{Format: f, BOM: true, RowGroupRows: 1000}
		path := filepath.Join(*interopDir, "out."+f)
		if _, err := Export(context.Background(), &fakeSource{gen: gen, n: 2500}, opt, path); err != nil {
			t.Fatal(err)
		}
	}
}
