// Package dates reads the calendar dates written on report pages, in
// listings and in document metadata: 2022-03-18, 2022-3-18, 2022/3/18,
// 2022.3.18, 2022年3月18日 (spaces allowed, full-width digits too),
// 二〇二二年三月十八日 (the Chinese-numeral form of signed reports), PDF
// dates (D:20220318101500+08'00') and W3C/RFC 3339 timestamps.
//
// It is pure and never fails loudly: text without a date yields nothing.
// Dates outside 1990–2099 or not on the calendar (2023-2-30) are not
// dates.
package dates

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Date is a calendar day as written; the zero Date means none.
type Date struct{ Year, Month, Day int }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// IsZero reports whether d is no date.
func (d Date) IsZero() bool { return d == Date{} }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// valid builds a Date, or the zero Date when y-m-d is not a real day in
// 1990–2099.
func valid(y, m, d int) Date {
	if y < 1990 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Month() != time.Month(m) {
		return Date{} // 2023-02-30 rolled over
	}
	return Date{y, m, d}
}

// Fold maps the characters dates are written with to their plain forms:
// full-width digits and separators to ASCII, the ideographic space to a
// space. It keeps every other character, so labels stay readable.
func Fold(s string) string {
	if isPlain(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '／':
			return '/'
		case r == '．':
			return '.'
		case r == '－' || r == '—' || r == '–':
			return '-'
		case r == '：':
			return ':'
		case r == '\u3000' || r == '\u00a0':
			return ' '
		}
		return r
	}, s)
}

func isPlain(s string) bool {
	for _, r := range s {
		if r >= 0x80 && (r >= '０' && r <= '９' || strings.ContainsRune("／．－—–：\u3000\u00a0", r)) {
			return false
		}
	}
	return true
}

var (
	// numeric: 2022-3-18, 2022/03/18, 2022.3.18, 2022年3月18日, 2022 年 3 月 18 日.
	numeric = regexp.MustCompile(`((?:19|20)\d\d)\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})`)
	// hanzi: 二〇二二年三月十八日, also mixed with digits (二0二二年3月18日).
	hanzi = regexp.MustCompile(`([〇○零ＯOo一二三四五六七八九0-9]{4})\s*年\s*([〇○零一二三四五六七八九十0-9]{1,3})\s*月\s*([〇○零一二三四五六七八九十廿卅0-9]{1,3})\s*日`)
)

// Match is one date found in a text, with its byte span in the folded
// text (Fold(s)).
type Match struct {
	Date
	Start, End int
}

// FindAll returns the dates written in s, in order. Offsets refer to
// Fold(s). A digit run glued to a date (12022-3-18, 2022-3-189) is not a
// date.
func FindAll(s string) []Match {
	f := Fold(s)
	var out []Match
	for _, ix := range numeric.FindAllStringSubmatchIndex(f, -1) {
		if glued(f, ix[0], ix[1]) {
			continue
		}
		d := valid(atoi(f[ix[2]:ix[3]]), atoi(f[ix[4]:ix[5]]), atoi(f[ix[6]:ix[7]]))
		if !d.IsZero() {
			out = append(out, Match{d, ix[0], ix[1]})
		}
	}
	for _, ix := range hanzi.FindAllStringSubmatchIndex(f, -1) {
		y, m, dd := f[ix[2]:ix[3]], f[ix[4]:ix[5]], f[ix[6]:ix[7]]
		if isDigits(y) && isDigits(m) && isDigits(dd) {
			continue // plain digits: numeric already read it
		}
		d := valid(digitsValue(y), numeralValue(m), numeralValue(dd))
		if !d.IsZero() {
			out = insertOrdered(out, Match{d, ix[0], ix[1]})
		}
	}
	return out
}

// First returns the first date written in s.
func First(s string) (Date, bool) {
	m := FindAll(s)
	if len(m) == 0 {
		return Date{}, false
	}
	return m[0].Date, true
}

func insertOrdered(ms []Match, m Match) []Match {
	i := len(ms)
	for i > 0 && ms[i-1].Start > m.Start {
		i--
	}
	ms = append(ms, Match{})
	copy(ms[i+1:], ms[i:])
	ms[i] = m
	return ms
}

// glued reports a digit directly before or after f[start:end].
func glued(f string, start, end int) bool {
	return start > 0 && isDigit(f[start-1]) || end < len(f) && isDigit(f[end])
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return -1
		}
		n = n*10 + int(s[i]-'0')
		if n > 1e6 {
			return -1
		}
	}
	return n
}
