package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/export/warc"
	"github.com/nianbao/nianbao/internal/testshared"
	"github.com/nianbao/nianbao/sim"
	"github.com/nianbao/nianbao/store/segment"
)

// TestExportWARC_CopiesSegmentsWithAReplayableIndex: export --format warc
// is the crawl's own records copied; every CDXJ line points at a whole
// gzip member holding a response or revisit of its URL, every record's
// digests hold, and a Hanweb downfile.jsp link replays through its 302.
func TestExportWARC_CopiesSegmentsWithAReplayableIndex(t *testing.T) {
	sc := newSimCrawl(t, sim.Options{Sites: 4, Seed: 7, NoObstacles: true, PDFDir: testshared.Path(t, "real-reports")}, "")
	sc.crawl(t, "crawl")
	out := filepath.Join(sc.dir, "all.warc.gz")
	if o, errs, code := runCLI(t, "export", "--config", sc.cfg, "--db", sc.db, "--format", "warc", "--out", out); code != 0 {
		t.Fatalf("export: exit %d\n%s%s", code, o, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := os.ReadFile(strings.TrimSuffix(out, ".warc.gz") + ".cdxj")
	if err != nil {
		t.Fatal(err)
	}
	var lines, redirects int
	targets := map[string]bool{}
	sc2 := bufio.NewScanner(bytes.NewReader(idx))
	sc2.Buffer(nil, 1<<20)
	for sc2.Scan() {
		_, _, f, err := warc.ParseIndexLine(sc2.Text())
		if err != nil {
			t.Fatal(err)
		}
		off, _ := strconv.ParseInt(f["offset"], 10, 64)
		n, _ := strconv.ParseInt(f["length"], 10, 64)
		rec := parseMember(t, data[off:off+n])
		if rec.Field("WARC-Target-URI") != f["url"] || (rec.Type != "response" && rec.Type != "revisit") {
			t.Fatalf("line %q points at a %s of %s", sc2.Text(), rec.Type, rec.Field("WARC-Target-URI"))
		}
		targets[f["url"]] = true
		if f["status"] == "302" && strings.Contains(f["url"], "downfile.jsp") {
			redirects++
		}
		lines++
	}
	if lines == 0 || redirects == 0 {
		t.Fatalf("%d index lines, %d downfile.jsp redirects indexed", lines, redirects)
	}
	for start := 0; start < len(data); {
		n := memberLen(t, data[start:])
		parseMember(t, data[start:start+n])
		start += n
	}
}

func parseMember(t *testing.T, m []byte) *segment.Record {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(m))
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := segment.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// memberLen is the length of the gzip member at the start of b.
func memberLen(t *testing.T, b []byte) int {
	t.Helper()
	br := bytes.NewReader(b)
	zr, err := gzip.NewReader(br)
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	if _, err := io.Copy(io.Discard, zr); err != nil {
		t.Fatal(err)
	}
	return len(b) - br.Len()
}
