package segment

import (
	"testing"

	"github.com/nianbao/nianbao/capture"
)

// A browser's document response carrying rendered DOMs: each DOM becomes
// a metadata record after the response's own, its block the HTML, naming
// the response in WARC-Refers-To and WARC-Concurrent-To; the response
// keeps the raw body.
func TestExchange_RenderedDOMs(t *testing.T) {
	c := sampleCapture([]byte("<html><script>draw()</script><ul id=list></ul></html>"))
	c.Header.Set("Content-Type", "text/html")
	c.Kind, c.Outcome = "browser", capture.OutcomeOK
	c.Rendered = []string{"<html><ul id=list><li>page 1</li></ul></html>", "<html><ul id=list><li>page 2</li></ul></html>"}
	b, err := Exchange(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Members) != 5 || b.Main != 1 {
		t.Fatalf("%d members, main %d: want request, response, metadata, 2 rendered", len(b.Members), b.Main)
	}
	var recs []*Record
	for i, m := range b.Members {
		raw, err := gunzipMember(m)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Parse(raw)
		if err != nil {
			t.Fatalf("member %d: %v", i, err)
		}
		recs = append(recs, r)
	}
	respID := recs[1].Field("WARC-Record-ID")
	if string(recs[1].Payload) != string(c.Body) {
		t.Errorf("response payload %q, want the raw body", recs[1].Payload)
	}
	for i, r := range recs[3:] {
		if r.Type != "metadata" || r.Field("WARC-Refers-To") != respID || r.Field("WARC-Concurrent-To") != respID ||
			r.Field("Content-Type") != "text/html; charset=utf-8" || string(r.Payload) != c.Rendered[i] ||
			r.Field("WARC-Target-URI") != c.FinalURL {
			t.Errorf("rendered %d: type %s refers %q concurrent %q (response %s), type %q, block %q",
				i, r.Type, r.Field("WARC-Refers-To"), r.Field("WARC-Concurrent-To"), respID, r.Field("Content-Type"), r.Payload)
		}
	}
	// No response (nothing to refer to): no rendered record.
	c.Status = 0
	if b, err = Exchange(c, nil); err != nil || len(b.Members) != 2 {
		t.Errorf("without a response: %d members, %v; want request and metadata only", len(b.Members), err)
	}
}
