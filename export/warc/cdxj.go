package warc

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// IndexEntry is one CDXJ line: where a response or revisit record sits.
type IndexEntry struct {
	URL      string
	Time     time.Time
	Mime     string // media type without parameters; "warc/revisit" for revisits
	Status   int
	Digest   string // payload digest ("sha1:…", "sha256:…" or bare; written bare, as warcio.js does); "" = unknown
	Length   int64  // bytes of the record's gzip member
	Offset   int64  // where the member starts
	Filename string // WARC file name, as the index's users will find it
	// Method and RequestBody are set for requests other than GET: replay
	// tools key such captures by the URL with "__wb_method=post&<body as
	// query>" appended (see PostQuery), and list both in the JSON.
	Method      string
	RequestBody string
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
	Method   string `json:"method,omitempty"`
	Body     string `json:"requestBody,omitempty"`
}

// Line returns the entry as a CDXJ line without its newline:
// "<surt> <yyyymmddhhmmss> {json}".
func (e IndexEntry) Line() (string, error) {
	f := cdxjFields{
		URL: e.URL, Mime: e.Mime, Status: fmt.Sprint(e.Status),
		Digest: bareDigest(e.Digest), Length: fmt.Sprint(e.Length),
		Offset: fmt.Sprint(e.Offset), Filename: e.Filename,
	}
	key := SURT(e.URL)
	if e.Method != "" && !strings.EqualFold(e.Method, "GET") {
		f.Method, f.Body = strings.ToUpper(e.Method), e.RequestBody
		key = SURT(appendQuery(e.URL, "__wb_method="+strings.ToLower(e.Method)+"&"+postKeyQuery(e.RequestBody)))
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
	return key + " " + ts + " " + strings.TrimSuffix(b.String(), "\n"), nil
}

// bareDigest drops a digest's "algorithm:" label, as warcio.js (behind
// replayweb.page) indexes it; replay tools compare digests only between
// lines of one index, all written the same way.
func bareDigest(d string) string {
	if _, v, ok := strings.Cut(d, ":"); ok {
		return v
	}
	return d
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

// PostQuery turns a request body into the query string pywb and warcio
// index non-GET requests under: a form body as it is, any other body as
// "__wb_post_data=" and its base64. (JSON and multipart bodies, which those
// tools flatten into fields, are not expected from these sites and are
// indexed as base64.) The index key uses the form's decoded fields.
func PostQuery(contentType string, body []byte) string {
	if mediaType(contentType) == "application/x-www-form-urlencoded" && utf8.Valid(body) {
		return string(body)
	}
	return "__wb_post_data=" + base64.StdEncoding.EncodeToString(body)
}

// postKeyQuery is the query a non-GET request is keyed under: the form
// fields percent-decoded (as pywb's unquote_plus does), SURT re-escapes them.
func postKeyQuery(body string) string {
	if q, err := url.QueryUnescape(body); err == nil && !strings.HasPrefix(body, "__wb_post_data=") {
		return q
	}
	return body
}

func appendQuery(u, q string) string {
	if strings.Contains(u, "?") {
		return u + "&" + q
	}
	return u + "?" + q
}
