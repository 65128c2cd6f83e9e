package discover

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"github.com/nianbao/nianbao/extract/dates"
)

// maxItemRunes bounds the text of a listing entry: a longer block holds
// more than one entry, and its dates are not this link's.
const maxItemRunes = 300

// dateBeside returns the date a listing shows beside the link s, as
// YYYY-MM-DD: the one full date in the link's entry (the nearest <li>,
// <tr>, <dt>, <dd>, <p> or <div> around it holding a date), or in the
// element right after the link's own (<dt><a/></dt><dd>2022-03-18</dd>).
// An entry with two different dates, an entry element (li, tr, dt, dd)
// without one, or a block too long to be one entry stops the search: a
// neighbour's date is never taken.
func dateBeside(s *goquery.Selection) string {
	for p, depth := s.Parent(), 0; p.Length() > 0 && depth < 4; p, depth = p.Parent(), depth+1 {
		text := p.Text()
		if utf8.RuneCountInString(text) > maxItemRunes {
			break
		}
		name := goquery.NodeName(p)
		if name != "li" && name != "tr" && name != "dt" && name != "dd" && name != "p" && name != "div" {
			continue
		}
		d, n := onlyDate(text)
		if n == 1 {
			return d
		}
		if n > 1 || name != "p" && name != "div" {
			break
		}
	}
	if next := s.Parent().Next(); next.Length() > 0 && dateCell[goquery.NodeName(next)] && utf8.RuneCountInString(next.Text()) <= 40 {
		d, _ := onlyDate(next.Text())
		return d
	}
	return ""
}

// dateCell are the elements a date sits in right after a link's own
// element; never another entry (li, tr, dt).
var dateCell = map[string]bool{"dd": true, "td": true, "span": true, "em": true, "i": true, "font": true, "time": true}

// onlyDate returns the date written in text when there is exactly one
// (written once or repeated), and how many different dates there are.
func onlyDate(text string) (string, int) {
	seen := map[dates.Date]bool{}
	var first dates.Date
	for _, m := range dates.FindAll(text) {
		if len(seen) == 0 {
			first = m.Date
		}
		seen[m.Date] = true
	}
	if len(seen) != 1 {
		return "", len(seen)
	}
	return first.String(), 1
}

// unixDay is the day in China of a Unix time in seconds or milliseconds,
// as the gkmlpt API writes first_publish_time; "" for 0.
func unixDay(n int64) string {
	if n <= 0 {
		return ""
	}
	if n > 1e12 {
		n /= 1000
	}
	t := time.Unix(n, 0).In(time.FixedZone("UTC+8", 8*3600))
	return t.Format("2006-01-02")
}

// gkmlptDay reads an API article's date: a Unix time (number or digits)
// or a written date.
func gkmlptDay(v any) string {
	switch x := v.(type) {
	case float64:
		return unixDay(int64(x))
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return unixDay(n)
		}
	case string:
		if d, ok := dates.Value(x); ok {
			return d.String()
		}
	}
	return ""
}

// pageMetaDates are the <meta> names a page states its publication date
// with (the 政府网站 standard's PubDate, gov.cn's firstpublishedtime …).
var pageMetaDates = map[string]bool{"pubdate": true, "publishdate": true, "publishtime": true,
	"firstpublishedtime": true, "article:published_time": true, "datepublished": true}

// pageDate is the page's own <meta> publication date, YYYY-MM-DD or "";
// read once per page.
func (c *pageCtx) pageDate() string {
	if c.date != nil {
		return *c.date
	}
	d := ""
	if c.doc != nil {
		c.doc.Find("meta[content]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
			name := strings.ToLower(s.AttrOr("name", s.AttrOr("property", s.AttrOr("itemprop", ""))))
			if pageMetaDates[name] {
				if v, ok := dates.Value(s.AttrOr("content", "")); ok {
					d = v.String()
					return false
				}
			}
			return true
		})
	}
	c.date = &d
	return d
}
