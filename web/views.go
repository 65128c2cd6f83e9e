package web

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/capture"
)

// searchResult is one page of matching summaries.
type searchResult struct {
	Total   int       `json:"total"`
	Page    int       `json:"page"`
	PerPage int       `json:"per_page"`
	Pages   int       `json:"pages"`
	Reports []summary `json:"reports"`
}

func (q reportQuery) match(s *summary, text string) bool {
	return (q.Year == 0 || s.Year == q.Year) &&
		(q.Region == "" || s.RegionCode == q.Region) &&
		(q.Province == "" || s.Province == q.Province) &&
		(q.Format == "" || s.Format == q.Format) &&
		(!q.Failed || s.Failed > 0) &&
		(q.Agency == "" || strings.Contains(s.Agency, q.Agency)) &&
		(text == "" || strings.Contains(s.Title, text) || strings.Contains(s.Agency, text) ||
			strings.Contains(s.RegionName, text) || strings.Contains(strings.ToLower(s.URL), strings.ToLower(text)))
}

func (q reportQuery) less(a, b *summary) int {
	var c int
	switch q.Sort {
	case "title":
		c = cmp.Compare(a.Title, b.Title)
	case "region":
		c = cmp.Compare(a.RegionCode, b.RegionCode)
	case "province":
		c = cmp.Compare(a.Province, b.Province)
	case "agency":
		c = cmp.Compare(a.Agency, b.Agency)
	case "published":
		c = cmp.Compare(a.Published, b.Published)
	case "format":
		c = cmp.Compare(a.Format, b.Format)
	case "failed_checks":
		c = cmp.Compare(a.Failed, b.Failed)
	case "fetched_at":
		c = a.FetchedAt.Compare(b.FetchedAt)
	default:
		c = cmp.Compare(a.Year, b.Year)
	}
	if q.Desc {
		c = -c
	}
	return cmp.Or(c, cmp.Compare(a.URL, b.URL))
}

// defaultOrder is the listing's default sort, the order the index keeps.
var defaultOrder = reportQuery{Sort: "year", Desc: true}

// search filters, sorts and pages the index. Only the matches are sorted
// (by pointer), so a narrow search over 100k summaries stays cheap.
func search(items []summary, q reportQuery) searchResult {
	text := strings.TrimSpace(q.Q)
	var hits []*summary
	for i := range items {
		if q.match(&items[i], text) {
			hits = append(hits, &items[i])
		}
	}
	if q.Sort != defaultOrder.Sort || q.Desc != defaultOrder.Desc {
		slices.SortFunc(hits, q.less) // the index is kept in defaultOrder
	}
	res := searchResult{Total: len(hits), Page: q.Page, PerPage: q.PerPage, Reports: []summary{}}
	res.Pages = (len(hits) + q.PerPage - 1) / q.PerPage
	from := (q.Page - 1) * q.PerPage
	for i := from; i < len(hits) && i < from+q.PerPage; i++ {
		res.Reports = append(res.Reports, *hits[i])
	}
	return res
}

// coverageCell is one province × year: reports found, and how many of the
// province's seeds (regions) have at least one.
type coverageCell struct {
	Year    int     `json:"year"`
	Reports int     `json:"reports"`
	Regions int     `json:"regions_covered"`
	Share   float64 `json:"share"` // Regions / the province's seeds; 0 when it has none
}

type coverageRow struct {
	Province string         `json:"province"`
	Seeds    int            `json:"seeds"`
	Cells    []coverageCell `json:"cells"` // one per Years entry
}

type coverage struct {
	Years []int         `json:"years"`
	Rows  []coverageRow `json:"rows"`
}

func buildCoverage(items []summary, seeds []Seed) coverage {
	seedCount := map[string]int{}
	for _, s := range seeds {
		seedCount[s.Province]++
	}
	type key struct {
		prov string
		year int
	}
	reports := map[key]int{}
	regions := map[key]map[string]bool{}
	yearSet := map[int]bool{}
	for i := range items {
		s := &items[i]
		if s.Year == 0 {
			continue
		}
		k := key{s.Province, s.Year}
		reports[k]++
		if regions[k] == nil {
			regions[k] = map[string]bool{}
		}
		regions[k][s.RegionCode] = true
		yearSet[s.Year] = true
		if _, ok := seedCount[s.Province]; !ok {
			seedCount[s.Province] = 0
		}
	}
	var cov coverage
	for y := range yearSet {
		cov.Years = append(cov.Years, y)
	}
	sort.Ints(cov.Years)
	for _, p := range sortedKeys(seedCount) {
		row := coverageRow{Province: p, Seeds: seedCount[p]}
		for _, y := range cov.Years {
			k := key{p, y}
			c := coverageCell{Year: y, Reports: reports[k], Regions: len(regions[k])}
			if row.Seeds > 0 {
				c.Share = math.Min(1, float64(c.Regions)/float64(row.Seeds))
			}
			row.Cells = append(row.Cells, c)
		}
		cov.Rows = append(cov.Rows, row)
	}
	return cov
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// panelPoint is one year of an indicator: its sum over the reports that
// give it, and how many reports there were.
type panelPoint struct {
	Year    int     `json:"year"`
	Reports int     `json:"reports"`
	N       int     `json:"n"` // reports giving the indicator
	Sum     float64 `json:"sum"`
}

func buildPanel(items []summary, q panelQuery) []panelPoint {
	ki := slices.Index(panelKeys(), q.Key)
	byYear := map[int]*panelPoint{}
	for i := range items {
		s := &items[i]
		if s.Year == 0 || (q.Region != "" && s.RegionCode != q.Region) || (q.Province != "" && s.Province != q.Province) {
			continue
		}
		p := byYear[s.Year]
		if p == nil {
			p = &panelPoint{Year: s.Year}
			byYear[s.Year] = p
		}
		p.Reports++
		if v := s.panel[ki]; !math.IsNaN(float64(v)) {
			p.N++
			p.Sum += float64(v)
		}
	}
	out := []panelPoint{}
	for _, p := range byYear {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b panelPoint) int { return cmp.Compare(a.Year, b.Year) })
	return out
}

// failingSite is a seed whose outcome was not ok in each of the latest runs
// it appeared in, two or more in a row.
type failingSite struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Province string `json:"province"`
	Outcome  string `json:"outcome"` // of the latest run
	Detail   string `json:"detail,omitempty"`
	Streak   int    `json:"runs_in_a_row"`
}

func failingSites(runs []capture.Run) []failingSite {
	streak := map[string]*failingSite{}
	ended := map[string]bool{}
	for _, r := range runs {
		for _, s := range r.Results {
			if ended[s.Code] {
				continue
			}
			if s.Outcome == "ok" {
				ended[s.Code] = true
				continue
			}
			f := streak[s.Code]
			if f == nil {
				f = &failingSite{Code: s.Code, Name: s.Name, Province: s.Province, Outcome: s.Outcome, Detail: s.Detail}
				streak[s.Code] = f
			}
			f.Streak++
		}
	}
	out := []failingSite{}
	for _, f := range streak {
		if f.Streak >= 2 {
			out = append(out, *f)
		}
	}
	slices.SortFunc(out, func(a, b failingSite) int {
		return cmp.Or(cmp.Compare(b.Streak, a.Streak), cmp.Compare(a.Code, b.Code))
	})
	return out
}
