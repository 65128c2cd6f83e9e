package dates

import (
	"regexp"
	"strings"
	"time"
)

// china is the publishers' clock: a timestamp with a zone is read as the
// day it was in China (UTC+8).
var china = time.FixedZone("UTC+8", 8*3600)

var (
	// pdfDate: D:YYYYMMDDHHmmSS with an optional zone Z, +08'00', -05'00.
	pdfDate = regexp.MustCompile(`^(?:D:)?(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})?(\d{2})?)?\s*(Z|[+-]\d{2}(?:'?\d{2}'?)?)?`)
	// stamp: 2022-03-18T10:20:00+08:00, 2022-03-18T02:20:00Z (W3CDTF, RFC 3339).
	stamp = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?`)
)

// Value reads a value that holds one date: a <meta> content
// ("2022-03-18 10:20", gov.cn's "2022-03-18-10:20:11", "2022年03月18日"),
// the date beside a listing link, a PDF date ("D:20220318101500+08'00'"),
// a W3CDTF/RFC 3339 timestamp ("2022-03-18T02:15:00Z") or a compact
// 20220318. A time with a zone is read as the day in China (UTC+8); a time
// without one as written.
func Value(s string) (Date, bool) {
	s = strings.TrimSpace(Fold(s))
	if s == "" {
		return Date{}, false
	}
	for _, re := range []*regexp.Regexp{stamp, pdfDate} {
		if m := re.FindStringSubmatch(s); m != nil && !glued(s, 0, len(m[0])) {
			if d := zoned(m[1:]); !d.IsZero() {
				return d, true
			}
		}
	}
	return First(s)
}

// zoned builds the day of y, mo, d, h, mi, s, zone (strings; empty parts
// are zero). With a zone, the day is the day in China.
func zoned(p []string) Date {
	y, mo, d := atoi(p[0]), atoi(p[1]), atoi(p[2])
	if valid(y, mo, d).IsZero() {
		return Date{}
	}
	if p[6] == "" {
		return Date{y, mo, d}
	}
	h, mi, s := atoiOr0(p[3]), atoiOr0(p[4]), atoiOr0(p[5])
	if h > 23 || mi > 59 || s > 60 {
		return Date{y, mo, d}
	}
	loc, ok := zone(p[6])
	if !ok {
		return Date{y, mo, d}
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, 0, loc).In(china)
	return valid(t.Year(), int(t.Month()), t.Day())
}

// zone reads Z, +08'00', +0800, +08:00, -05.
func zone(z string) (*time.Location, bool) {
	if z == "Z" {
		return time.UTC, true
	}
	digits := strings.NewReplacer("'", "", ":", "").Replace(z[1:])
	if len(digits) != 2 && len(digits) != 4 {
		return nil, false
	}
	h, m := atoi(digits[:2]), 0
	if len(digits) == 4 {
		m = atoi(digits[2:])
	}
	if h < 0 || h > 14 || m < 0 || m > 59 {
		return nil, false
	}
	off := h*3600 + m*60
	if z[0] == '-' {
		off = -off
	}
	return time.FixedZone(z, off), true
}

func atoiOr0(s string) int {
	if s == "" {
		return 0
	}
	if n := atoi(s); n >= 0 {
		return n
	}
	return 0
}
