// Package seeds holds the list of county-level government portals the crawl
// starts from. The full list of 2,846 units (2024-12-31 administrative
// divisions) is embedded; a user's CSV file can replace it.
//
// A seed file is CSV in UTF-8 (a BOM is tolerated), UTF-16 with a BOM, or
// GBK/GB18030 (as Excel on a Chinese system saves it; detected and decoded);
// any other encoding is refused. Its header names at least the columns code,
// name, province and url, in any order; other columns are allowed and
// ignored, except prefecture and extra_hosts (further hosts of the same site,
// host or host:port, separated by spaces or semicolons, e.g. an xxgk.
// subdomain outside the seed's registrable domain). Codes are six-digit,
// unique 行政区划代码. A url is an absolute http(s) URL, or the word none for
// a unit with no known portal (such a seed is reported as "no_url" and not
// crawled).
//
// One rule for every kind of bad row: a row that breaks any of these is
// reported with its line number, every bad row of the file at once, and
// nothing of the file is used.
package seeds

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"
)

//go:embed county_portals.csv
var embedded []byte

// DefaultName names the embedded list in messages.
const DefaultName = "embedded seeds/county_portals.csv"

// Seed is one county-level unit and its portal.
type Seed struct {
	Code       string // six-digit 行政区划代码
	Name       string
	Province   string
	Prefecture string // "" for municipality districts or when unknown
	URL        string // portal home page; "" when none is known
	ExtraHosts []string
}

// LineError is a problem with one line of a seed file.
type LineError struct {
	File string
	Line int
	Msg  string
}

func (e *LineError) Error() string {
	return fmt.Sprintf("seeds file %s line %d: %s", e.File, e.Line, e.Msg)
}

// Default returns the embedded list of all county-level units.
func Default() ([]Seed, error) {
	return Parse(bytes.NewReader(embedded), DefaultName)
}

// Load reads a seed file from disk.
func Load(path string) ([]Seed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open seeds file: %w", err)
	}
	defer f.Close()
	return Parse(f, path)
}

var required = []string{"code", "name", "province", "url"}

// NoURL is the url cell of a unit with no known portal.
const NoURL = "none"

// maxReported bounds the bad rows a FileError lists.
const maxReported = 100

// FileError lists every bad row of a seed file (up to maxReported).
type FileError struct {
	File string
	Rows []*LineError
	More int // bad rows beyond those listed
}

func (e *FileError) Error() string {
	var b strings.Builder
	for _, le := range e.Rows {
		b.WriteString(le.Error())
		b.WriteByte('\n')
	}
	n := len(e.Rows) + e.More
	if e.More > 0 {
		fmt.Fprintf(&b, "… and %d more bad row(s)\n", e.More)
	}
	fmt.Fprintf(&b, "seeds file %s: %d bad row(s); fix or remove them (nothing was crawled)", e.File, n)
	return b.String()
}

// Unwrap gives the listed rows, for errors.As(err, **LineError).
func (e *FileError) Unwrap() []error {
	out := make([]error, len(e.Rows))
	for i, le := range e.Rows {
		out[i] = le
	}
	return out
}

func (e *FileError) add(le *LineError) {
	if len(e.Rows) < maxReported {
		e.Rows = append(e.Rows, le)
	} else {
		e.More++
	}
}

// Parse reads, decodes and validates a seed CSV; name is used in error
// messages. A file-level problem (encoding, header) is a *LineError; bad
// rows are all reported together in a *FileError.
func Parse(r io.Reader, name string) ([]Seed, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read seeds file %s: %w", name, err)
	}
	text, err := decode(raw, name)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &LineError{name, 1, "file is empty; expected a header with columns code,name,province,url"}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	col, err := columns(header)
	if err != nil {
		return nil, &LineError{name, 1, err.Error()}
	}
	return parseRows(cr, col, name)
}

// parseRows validates every row, collecting all the bad ones.
func parseRows(cr *csv.Reader, col map[string]int, name string) ([]Seed, error) {
	var out []Seed
	bad := &FileError{File: name}
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var le *LineError
			if errors.As(csvError(name, err), &le) {
				bad.add(le)
				break // the CSV reader cannot resync after a quoting error
			}
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		s, err := row(rec, col)
		if err != nil {
			bad.add(&LineError{name, line, err.Error()})
			continue
		}
		if prev, dup := seen[s.Code]; dup {
			bad.add(&LineError{name, line, fmt.Sprintf("code %s already used on line %d; codes must be unique", s.Code, prev)})
			continue
		}
		seen[s.Code] = line
		out = append(out, s)
	}
	if len(bad.Rows) > 0 {
		return nil, bad
	}
	if len(out) == 0 {
		return nil, &LineError{name, 2, "no seed rows after the header"}
	}
	return out, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &LineError{name, pe.Line, "malformed CSV: " + pe.Err.Error()}
	}
	return fmt.Errorf("read seeds file %s: %w", name, err)
}

func columns(header []string) (map[string]int, error) {
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; dup && h != "" {
			return nil, fmt.Errorf("column %q appears twice in the header", h)
		}
		col[h] = i
	}
	var missing []string
	for _, r := range required {
		if _, ok := col[r]; !ok {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("header lacks column(s) %s; expected at least code,name,province,url", strings.Join(missing, ","))
	}
	return col, nil
}

func row(rec []string, col map[string]int) (Seed, error) {
	get := func(k string) string {
		i, ok := col[k]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	s := Seed{Code: get("code"), Name: get("name"), Province: get("province"), Prefecture: get("prefecture"), URL: get("url")}
	s.ExtraHosts = strings.FieldsFunc(get("extra_hosts"), func(r rune) bool { return r == ' ' || r == ';' || r == ',' })
	for _, h := range s.ExtraHosts {
		if strings.ContainsAny(h, "/?#@") {
			return s, fmt.Errorf("extra_hosts: %q must be a host or host:port", h)
		}
	}
	if err := validCode(s.Code); err != nil {
		return s, err
	}
	if s.Name == "" {
		return s, errors.New("name is empty")
	}
	switch {
	case s.URL == "":
		return s, fmt.Errorf("url is empty: give the portal's http(s) URL, or %s for a unit with no known portal", NoURL)
	case strings.EqualFold(s.URL, NoURL):
		s.URL = ""
	default:
		if err := validURL(s.URL); err != nil {
			return s, err
		}
	}
	return s, nil
}

func validCode(c string) error {
	if len(c) != 6 {
		return fmt.Errorf("code %q must be 6 digits", c)
	}
	for _, r := range c {
		if r < '0' || r > '9' {
			return fmt.Errorf("code %q must be 6 digits", c)
		}
	}
	return nil
}

func validURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("url %q is not a valid URL: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("url %q must be an absolute http(s) URL", raw)
	}
	if u.Host == "" {
		return fmt.Errorf("url %q has no host", raw)
	}
	return nil
}

// Filter keeps the seeds whose codes are listed, in seed-list order.
// A code not in the list is an error.
func Filter(all []Seed, codes []string) ([]Seed, error) {
	want := map[string]bool{}
	for _, c := range codes {
		if c = strings.TrimSpace(c); c != "" {
			want[c] = true
		}
	}
	var out []Seed
	for _, s := range all {
		if want[s.Code] {
			out = append(out, s)
			delete(want, s.Code)
		}
	}
	if len(want) > 0 {
		var unknown []string
		for c := range want {
			unknown = append(unknown, c)
		}
		sort.Strings(unknown)
		return nil, fmt.Errorf("--only: code(s) %s not in the seed list", strings.Join(unknown, ","))
	}
	return out, nil
}
