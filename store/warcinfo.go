package store

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/nianbao/nianbao/store/segment"
)

// warcinfo is the record that opens each segment.
func warcinfo(name string) ([]byte, error) {
	rb := gowarc.NewRecordBuilder(gowarc.Warcinfo, gowarc.WithAddMissingDigest(true), gowarc.WithAddMissingContentLength(true))
	rb.AddWarcHeader(gowarc.WarcRecordID, "<urn:uuid:"+uuid.NewString()+">")
	rb.AddWarcHeaderTime(gowarc.WarcDate, time.Now().UTC())
	rb.AddWarcHeader(gowarc.WarcFilename, name)
	rb.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	fmt.Fprintf(rb, "software: nianbao\r\nformat: WARC File Format 1.1\r\n"+
		"conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"+
		"description: raw HTTP exchanges as sent and received; request, response, revisit and metadata records; one gzip member per record\r\n")
	rec, _, err := rb.Build()
	if err != nil {
		return nil, fmt.Errorf("build warcinfo: %w", err)
	}
	return segment.Member(rec)
}
