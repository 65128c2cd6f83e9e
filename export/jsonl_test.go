package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/extract"
)

func TestWrite_JSONL_RoundTrip(t *testing.T) {
	src := &fakeSource{gen: genRecord, n: 9}
	src.records = []*extract.Record{genRecord(100)}
	src.records[0].Title = `<b>"年报"</b> & 解读` + "\n第二行"
	src.records[0].Sections = []extract.Section{{Heading: "一、总体情况", Text: "本机关…"}}
	var buf bytes.Buffer
	sum, err := Write(context.Background(), src, testOptions(FormatJSONL), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Records != 10 {
		t.Errorf("records %d, want 10", sum.Records)
	}
	if !strings.Contains(buf.String(), `<b>\"年报\"</b> & 解读\n第二行`) {
		t.Errorf("title escaped: %s", strings.SplitN(buf.String(), "\n", 2)[0][:300])
	}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	want := append([]*extract.Record{src.records[0]}, genAll(9)...)
	for i := 0; sc.Scan(); i++ {
		var line struct {
			extract.Record
			FormVersion *string `json:"form_version"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if line.Format != "" || line.FormVersion == nil {
			t.Fatalf("line %d: the form's version must be exported as form_version, not format", i)
		}
		got := line.Record
		got.Format = *line.FormVersion
		if !reflect.DeepEqual(&got, want[i]) {
			t.Errorf("line %d differs:\n%+v\nwant\n%+v", i, got, want[i])
		}
	}
}

func genAll(n int) []*extract.Record {
	out := make([]*extract.Record, n)
	for i := range out {
		out[i] = genRecord(i)
	}
	return out
}
