package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/sim"
)

// hazardKinds are the hazard sites the command serves by name (-hazards),
// each on its own loopback port beside the generated sites.
var hazardKinds = map[string]func() *sim.Hazard{
	"plain":         sim.FlakySite, // home, column, three reports: the others' plain twin
	"challenge-412": func() *sim.Hazard { return sim.ChallengeSite("412") },
	"challenge-521": func() *sim.Hazard { return sim.ChallengeSite("521") },
	"challenge-202": func() *sim.Hazard { return sim.ChallengeSite("202") },
	"xhr-listing":   sim.XHRListing,
	"script-pager":  sim.ScriptPager,
	"iframe-column": sim.IframeColumn,
	"captcha":       sim.CaptchaSite,
}

// browserKinds are n sites only a crawl with a real browser reads whole
// (-browser N): the first half behind a script challenge (瑞数-like 412 and
// 加速乐-like 521 in turn), the rest listings drawn by XHR from a JSON search
// API with a script pager.
func browserKinds(n int) []string {
	var out []string
	for i := range n {
		k := "xhr-listing"
		if i < (n+1)/2 {
			k = []string{"challenge-412", "challenge-521"}[i%2]
		}
		out = append(out, k)
	}
	return out
}

// hazardSites are running hazard sites: their seed rows (codes 97NNNN,
// family = the name it was asked by) and their reports for the truth.
type hazardSites struct {
	served []*sim.Served
	rows   []sim.SeedRow
	truth  map[string][]sim.Report
}

// startHazards starts one site per name on loopback. Close stops them.
func startHazards(names []string) (*hazardSites, error) {
	hs := &hazardSites{truth: map[string][]sim.Report{}}
	for i, name := range names {
		mk, ok := hazardKinds[name]
		if !ok {
			hs.Close()
			return nil, fmt.Errorf("hazard %q: unknown (known: %s)", name, strings.Join(knownHazards(), ", "))
		}
		h := mk()
		s, err := sim.Serve(h, nil)
		if err != nil {
			hs.Close()
			return nil, fmt.Errorf("hazard %s: %w", name, err)
		}
		hs.served = append(hs.served, s)
		code, expect := fmt.Sprintf("97%04d", i+1), "ok"
		if name == "captcha" {
			expect = "challenged"
		}
		hs.rows = append(hs.rows, sim.SeedRow{Code: code, Name: fmt.Sprintf("险县%d", i+1), Province: "模拟省",
			URL: s.URL + h.Seed, Family: name, Charset: "utf-8", Expect: expect})
		for _, p := range h.Reports {
			hs.truth[code] = append(hs.truth[code], sim.Report{Site: code, URL: s.URL + p, Path: p, Format: "html"})
		}
	}
	return hs, nil
}

func knownHazards() []string {
	var k []string
	for n := range hazardKinds {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

// hazardList splits a comma-separated -hazards value.
func hazardList(s string) []string {
	return slices.DeleteFunc(strings.Split(s, ","), func(x string) bool { return strings.TrimSpace(x) == "" })
}

// Close stops the sites (nil-safe).
func (hs *hazardSites) Close() {
	if hs == nil {
		return
	}
	for _, s := range hs.served {
		s.Close()
	}
}
