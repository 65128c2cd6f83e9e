package web

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
)

// maxParam bounds every text parameter (bytes).
const maxParam = 256

// errQuery marks a request whose query is invalid (400).
type errQuery struct{ msg string }

func (e *errQuery) Error() string { return e.msg }

func badQuery(format string, args ...any) error { return &errQuery{fmt.Sprintf(format, args...)} }

// params reads single-valued, bounded, printable parameters.
type params struct {
	v   url.Values
	err error
}

func (p *params) text(name string) string {
	vals := p.v[name]
	if p.err != nil || len(vals) == 0 {
		return ""
	}
	s := vals[0]
	switch {
	case len(vals) > 1:
		p.err = badQuery("%s given %d times", name, len(vals))
	case len(s) > maxParam:
		p.err = badQuery("%s longer than %d bytes", name, maxParam)
	case !utf8.ValidString(s):
		p.err = badQuery("%s is not UTF-8", name)
	case hasControl(s):
		p.err = badQuery("%s holds control characters", name)
	}
	return s
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

func (p *params) int(name string, lo, hi, def int) int {
	s := p.text(name)
	if s == "" || p.err != nil {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		p.err = badQuery("%s must be a whole number from %d to %d", name, lo, hi)
		return def
	}
	return n
}

func (p *params) oneOf(name string, allowed []string) string {
	s := p.text(name)
	if s != "" && p.err == nil && !slices.Contains(allowed, s) {
		p.err = badQuery("%s must be one of %v", name, allowed)
	}
	return s
}

var regionCode = regexp.MustCompile(`^[0-9A-Za-z]{1,20}$`)

func (p *params) region(name string) string {
	s := p.text(name)
	if s != "" && p.err == nil && !regionCode.MatchString(s) {
		p.err = badQuery("%s must be a region code (letters and digits)", name)
	}
	return s
}

// reportQuery is the validated query of /reports and /api/reports.
type reportQuery struct {
	Q, Region, Province, Agency, Format string
	Year, Page, PerPage                 int
	Failed                              bool
	Sort                                string
	Desc                                bool
}

var sortKeys = []string{"year", "title", "region", "province", "agency", "published", "format", "failed_checks", "fetched_at"}

var formats = []string{extract.Format2021, extract.Format2019, extract.FormatLegacy}

func parseReportQuery(v url.Values) (reportQuery, error) {
	p := &params{v: v}
	q := reportQuery{
		Q: p.text("q"), Region: p.region("region"), Province: p.text("province"), Agency: p.text("agency"),
		Format: p.oneOf("format", formats), Year: p.int("year", 1990, 2100, 0),
		Page: p.int("page", 1, 1_000_000, 1), PerPage: p.int("per_page", 1, 500, 50),
		Failed: p.oneOf("failed", []string{"1", "0"}) == "1",
		Sort:   p.oneOf("sort", sortKeys), Desc: p.oneOf("dir", []string{"asc", "desc"}) != "asc",
	}
	if q.Sort == "" {
		q.Sort = "year"
	}
	return q, p.err
}

// panelQuery is the validated query of /panel and /api/panel.
type panelQuery struct {
	Key, Region, Province string
}

func parsePanelQuery(v url.Values) (panelQuery, error) {
	p := &params{v: v}
	q := panelQuery{Key: p.oneOf("key", panelKeys()), Region: p.region("region"), Province: p.text("province")}
	if q.Key == "" {
		q.Key = "applications_received"
	}
	if p.err == nil && q.Region != "" && q.Province != "" {
		p.err = badQuery("give region or province, not both")
	}
	return q, p.err
}

var digestRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// reportURL validates the url parameter of /report and /api/report.
func reportURL(v url.Values) (string, error) {
	s := v.Get("url")
	if len(v["url"]) != 1 || s == "" {
		return "", badQuery("url is required, once")
	}
	if len(s) > 4096 || !utf8.ValidString(s) || hasControl(s) {
		return "", badQuery("url is not a valid URL")
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", badQuery("url must be an http(s) URL")
	}
	return s, nil
}
