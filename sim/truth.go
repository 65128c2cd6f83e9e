package sim

import (
	"fmt"
	"math/rand"
	"strings"
)

// Seeds returns every site as a seed row, in site order. URL and
// ExtraHosts are empty before Start.
func (s *Sim) Seeds() []SeedRow {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []SeedRow
	for i, st := range s.sites {
		row := SeedRow{Code: st.code, Name: st.name, Province: st.province, Family: st.family,
			Charset: st.charset, Obstacle: st.obstacle, Expect: expect(st.obstacle)}
		if s.srv != nil {
			row.URL = s.srv.main[i] + "/"
			if s.srv.sib[i] != "" {
				row.ExtraHosts = []string{strings.TrimPrefix(s.srv.sib[i], "http://")}
			}
		}
		out = append(out, row)
	}
	return out
}

func expect(obstacle string) string {
	switch obstacle {
	case ObstacleTS, ObstacleJSL, ObstacleAccepted:
		return "challenged"
	case ObstacleUnreachable:
		return "unreachable"
	case ObstacleRobots:
		return "robots_denied"
	}
	return "ok"
}

// Truth returns, per site code, every real report a correct crawl must
// find. Sites with an obstacle have none (nothing is reachable politely).
// Look-alikes are not in it; see Decoys.
func (s *Sim) Truth() map[string][]Report {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[string][]Report{}
	for _, st := range s.sites {
		if st.obstacle != "" {
			continue
		}
		for _, col := range st.columns() {
			for _, it := range col.items {
				if it.decoy == "" {
					out[st.code] = append(out[st.code], s.report(st, it))
				}
			}
		}
	}
	return out
}

func (s *Sim) report(st *site, it *item) Report {
	r := Report{Site: st.code, Path: it.path, Title: it.title, Year: it.year, Agency: it.agency,
		Format: it.format, Version: it.version}
	if it.form != nil {
		r.Totals, r.Fields = it.form.totals(), it.form.fields()
		r.Indicators = it.form.indicators()
	}
	if it.legacy != nil {
		r.Fields, r.Indicators = it.legacy.fields(), it.legacy.indicators()
	}
	base := s.base(st)
	if it.format != "html" {
		r.Path = it.attach
		if it.format == "html+pdf" || st.family == FamilyGkmlpt {
			r.PageURL = base + it.path
		}
	}
	if base != "" {
		r.URL = base + r.Path
	} else {
		r.PageURL = ""
	}
	return r
}

// base is the base URL serving the site's report column.
func (s *Sim) base(st *site) string {
	if s.srv == nil {
		return ""
	}
	if st.sibling {
		return s.srv.sib[st.idx]
	}
	return s.srv.main[st.idx]
}

// Decoys returns, per site code, the URLs of look-alike pages (年报解读,
// 年报汇总, 编制通知 in the report columns; 公开指南 and 法治政府建设年度报告
// beside them): none of them is a report.
func (s *Sim) Decoys() map[string][]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[string][]string{}
	for _, st := range s.sites {
		if st.obstacle != "" || s.srv == nil {
			continue
		}
		for _, it := range st.items {
			if it.decoy != "" {
				out[st.code] = append(out[st.code], s.base(st)+it.path)
			}
		}
		m := s.srv.main[st.idx]
		out[st.code] = append(out[st.code], m+"/zwgk/zfxxgk/gkzn.html", m+"/zwgk/fzzf.html")
	}
	return out
}

// Mutation changes a site for incremental-crawl tests.
type Mutation struct {
	// Op is "edit": new figures for report Index; "add": a new report in
	// the root column; "withdraw": report Index taken off the site (gone
	// from its listing, its page and attachment answer 404).
	Op    string
	Index int // for "edit" and "withdraw": index into Truth()[code]
	Year  int // for "add": the report year (default 2024)
}

// Mutate applies m to the site with the given code and returns the report
// as it now is. Edited pages get a new ETag and a later Last-Modified;
// added reports appear first in the root column, shifting its pages.
func (s *Sim) Mutate(code string, m Mutation) (Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.sites {
		if st.code != code {
			continue
		}
		switch m.Op {
		case "edit":
			return s.edit(st, m.Index)
		case "withdraw":
			return s.withdraw(st, m.Index)
		case "add":
			y := m.Year
			if y == 0 {
				y = 2024
			}
			it := st.addReport(st.root, st.name+"人民政府", y, false)
			st.itemPath(it)
			s.rt[st.idx] = st.routes()
			return s.report(st, it), nil
		}
		return Report{}, fmt.Errorf("sim: unknown mutation %q", m.Op)
	}
	return Report{}, fmt.Errorf("sim: no site %q", code)
}

// withdraw removes report idx from its column and the site's routes and
// returns it as it was.
func (s *Sim) withdraw(st *site, idx int) (Report, error) {
	reports := st.reports()
	if idx < 0 || idx >= len(reports) {
		return Report{}, fmt.Errorf("sim: site %s has no report %d", st.code, idx)
	}
	it := reports[idx]
	r := s.report(st, it)
	it.col.items = without(it.col.items, it)
	st.items = without(st.items, it)
	s.rt[st.idx] = st.routes()
	return r, nil
}

func without(items []*item, it *item) []*item {
	out := make([]*item, 0, len(items))
	for _, x := range items {
		if x != it {
			out = append(out, x)
		}
	}
	return out
}

// reports are the site's reports (not look-alikes) in Truth order.
func (st *site) reports() []*item {
	var reports []*item
	for _, col := range st.columns() {
		for _, it := range col.items {
			if it.decoy == "" {
				reports = append(reports, it)
			}
		}
	}
	return reports
}

func (s *Sim) edit(st *site, idx int) (Report, error) {
	reports := st.reports()
	if idx < 0 || idx >= len(reports) {
		return Report{}, fmt.Errorf("sim: site %s has no report %d", st.code, idx)
	}
	it := reports[idx]
	if it.form == nil {
		return Report{}, fmt.Errorf("sim: report %d of %s has no 2021 form (a PDF or a legacy report)", idx, st.code)
	}
	it.version++
	it.form = newForm(rand.New(rand.NewSource(int64(it.id)*31 + int64(it.version)*7919)))
	return s.report(st, it), nil
}
