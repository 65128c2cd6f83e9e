package discover

import (
	"net/url"
	"strings"
)

// finisher turns raw candidates into Links and Skips: resolve against the
// page, reject unusable schemes, scope, traps, score, deduplicate.
type finisher struct {
	c     *pageCtx
	scope *Scope
	ctx   listingContext
	seen  map[string]int // dedupe key → index in links
	links []Link
	skips []Skip
}

func newFinisher(c *pageCtx) *finisher {
	s := c.p.Scope
	if s == nil {
		s = NewScope(c.base.String(), nil)
	}
	return &finisher{c: c, scope: s, ctx: newListingContext(c), seen: map[string]int{}}
}

func (f *finisher) add(cd cand) {
	href := strings.TrimSpace(cd.href)
	if href == "" || strings.HasPrefix(href, "#") {
		return
	}
	if badScheme(href) {
		f.skips = append(f.skips, Skip{URL: truncate(href, 200), Reason: SkipScheme})
		return
	}
	u, err := resolve(f.c.ref, href, f.c.p.Charset)
	if err != nil {
		f.skips = append(f.skips, Skip{URL: truncate(href, 200), Reason: SkipBadURL})
		return
	}
	canon := canonicalURL(u)
	if canon == "" {
		f.skips = append(f.skips, Skip{URL: truncate(href, 200), Reason: SkipBadURL})
		return
	}
	text := foldSpace(cd.text)
	platform := false
	if ok, reason := f.scope.Allow(u); !ok {
		if platform = f.platformLink(u, reason); !platform {
			f.skips = append(f.skips, Skip{URL: canon, Reason: reason, Text: text})
			return
		}
	}
	if trap, _ := IsTrap(u, text); trap && cd.kind != KindData && cd.kind != KindAttachment {
		f.skips = append(f.skips, Skip{URL: canon, Reason: SkipTrap, Text: text})
		return
	}
	l := f.score(u, canon, text, cd)
	switch {
	case l.Kind == kindNotReport:
		f.skips = append(f.skips, Skip{URL: canon, Reason: SkipNotReport, Text: text, Score: l.Score})
		return
	case l.Kind == KindNav && l.Score <= 0:
		f.skips = append(f.skips, Skip{URL: canon, Reason: SkipLowScore, Text: text, Score: l.Score})
		return
	case platform && l.Kind == KindNav && l.Score < 3:
		f.skips = append(f.skips, Skip{URL: canon, Reason: SkipOffScope, Text: text, Score: l.Score})
		return
	}
	l.Platform = platform
	f.keep(l)
}

// score builds the Link: kind forced by the rule or decided by Score, plus
// the bonus for links inside an annual-report listing. Pages announced by a
// pager or data endpoint rank high only when the page itself is part of a
// report column; elsewhere (a 政务公开 list of 300 pages) they stay low.
func (f *finisher) score(u *url.URL, canon, text string, cd cand) Link {
	depth := f.c.p.Depth + 1
	s, kind := Score(u, text, depth)
	switch {
	case cd.kind == KindAttachment:
		kind = cd.kind
	case cd.kind != "":
		kind = cd.kind
		if f.ctx.on {
			s += 5
		}
		if s < 0.1 {
			s = 0.1
		}
	default:
		s, kind = f.ctx.adjust(u, text, s, kind)
	}
	m := cd.method
	if m == "" {
		m = "GET"
	}
	l := Link{URL: canon, Text: text, Kind: kind, Score: round2(s), Method: m,
		Body: cd.body, Header: cd.header, Via: cd.via, Year: YearOf(text, canon)}
	l.Date, l.DateFrom = f.linkDate(cd, kind)
	return l
}

// keep appends l unless the same request is already kept; a duplicate
// upgrades the kept link's text, kind and score when it says more.
func (f *finisher) keep(l Link) {
	key := l.Method + " " + l.URL + " " + string(l.Body)
	i, dup := f.seen[key]
	if !dup {
		f.seen[key] = len(f.links)
		f.links = append(f.links, l)
		return
	}
	old := &f.links[i]
	if l.Score > old.Score {
		old.Score, old.Kind = l.Score, l.Kind
		if l.Text != "" {
			old.Text = l.Text
		}
		if l.Year != 0 {
			old.Year = l.Year
		}
	} else if old.Text == "" && l.Text != "" {
		old.Text = l.Text
	}
	if old.Date == "" || old.DateFrom == DatePage && l.DateFrom == DateListing {
		old.Date, old.DateFrom = l.Date, l.DateFrom
	}
	f.skips = append(f.skips, Skip{URL: l.URL, Reason: SkipDuplicate, Text: l.Text, Score: l.Score})
}

func (f *finisher) result() ([]Link, []Skip) { return f.links, f.skips }

// platformLink says whether an off-scope link is the unit's column on its
// province's 集约化 platform, linked from one of the site's own pages (not
// from a platform page: the platform links every county).
func (f *finisher) platformLink(u *url.URL, reason string) bool {
	if reason != SkipOffScope || !f.scope.PlatformLink(u) || IsPlatformHost(f.c.base.Host) {
		return false
	}
	ok, _ := f.scope.Allow(f.c.base)
	return ok
}

func badScheme(href string) bool {
	h := strings.ToLower(href)
	if i := strings.IndexAny(h, ":/?#"); i > 0 && h[i] == ':' {
		s := h[:i]
		return s != "http" && s != "https"
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func round2(f float64) float64 {
	if f < 0 {
		return -round2(-f)
	}
	return float64(int64(f*100+0.5)) / 100
}

// linkDate is the date a link is given: the one shown beside it, else, for
// a document on a report page, that page's own publication date.
func (f *finisher) linkDate(cd cand, kind string) (string, string) {
	switch {
	case cd.date != "":
		return cd.date, DateListing
	case kind == KindAttachment && f.c.p.Kind == KindReport:
		if d := f.c.pageDate(); d != "" {
			return d, DatePage
		}
	}
	return "", ""
}
