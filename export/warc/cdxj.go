package warc

import (
	"encoding/json"
	"fmt"
	"mime"
	"strings"
	"time"
)

// IndexEntry is one CDXJ line: where a response or revisit record sits.
type IndexEntry struct {
	URL      string
	Time     time.Time
	Mime     string // media type without parameters; "warc/revisit" for revisits
	Status   int
	Digest   string // payload digest ("sha1:…" or bare base32; written bare); "" = unknown
	Length   int64  // bytes of the record's gzip member
	Offset   int64  // where the member starts
	Filename string // WARC file name, as the index's users will find it
}

// cdxjFields is the JSON part of a CDXJ line, in the order and with the
// string values cdxj-indexer writes.
type cdxjFields struct {
	URL      string `json:"url"`
	Mime     string `json:"mime"`
	Status   string `json:"status"`
	Digest   string `json:"digest"`
	Length   string `json:"length"`
	Offset   string `json:"offset"`
	Filename string `json:"filename"`
}

// Line returns the entry as a CDXJ line without its newline:
// "<surt> <yyyymmddhhmmss> {json}".
func (e IndexEntry) Line() (string, error) {
	f := cdxjFields{
		URL: e.URL, Mime: e.Mime, Status: fmt.Sprint(e.Status),
		Digest: strings.TrimPrefix(e.Digest, "sha1:"), Length: fmt.Sprint(e.Length),
		Offset: fmt.Sprint(e.Offset), Filename: e.Filename,
	}
	if f.Mime == "" {
		f.Mime = "unk"
	}
	if f.Digest == "" {
		f.Digest = "-"
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return "", fmt.Errorf("cdxj %s: %w", e.URL, err)
	}
	ts := e.Time.UTC().Format("20060102150405")
	return SURT(e.URL) + " " + ts + " " + strings.TrimSuffix(b.String(), "\n"), nil
}

// ParseIndexLine splits a CDXJ line into its key, timestamp and fields.
func ParseIndexLine(line string) (key, ts string, fields map[string]string, err error) {
	key, rest, ok1 := strings.Cut(line, " ")
	ts, js, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 {
		return "", "", nil, fmt.Errorf("%w: cdxj line %.60q", ErrFormat, line)
	}
	if err := json.Unmarshal([]byte(js), &fields); err != nil {
		return "", "", nil, fmt.Errorf("%w: cdxj json: %v", ErrFormat, err)
	}
	return key, ts, fields, nil
}

// mediaType returns the lowercased media type of a Content-Type value.
func mediaType(ct string) string {
	if ct == "" {
		return ""
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}
