package ocr

import "sort"

// rule is one ruling line of a table: horizontal (pos = y, from..to = x)
// or vertical (pos = x, from..to = y).
type rule struct{ pos, from, to int }

// dark is the threshold below which a pixel is ink; ruleMargin the pixels
// erased on each side of a rule.
const (
	dark       = 160
	ruleMargin = 0
)

// findRules finds and erases the ruling lines of g: runs of ink at least
// minLen long along a row (horizontal) or a column (vertical). Text
// strokes are far shorter than a table's rules at the page resolution, so
// the text stays; tesseract reads cells far better without their borders
// (a vertical rule reads as "1" or "|").
func findRules(g *gray, minH, minV int) (h, v []rule) {
	var hruns, vruns []rule
	for y := 0; y < g.h; y++ {
		row := g.pix[y*g.w : (y+1)*g.w]
		hruns = appendRuns(hruns, y, minH, g.w, func(i int) bool { return row[i] < dark })
	}
	for x := 0; x < g.w; x++ {
		vruns = appendRuns(vruns, x, minV, g.h, func(i int) bool { return g.pix[i*g.w+x] < dark })
	}
	// Erase each rule with a margin: a scanned rule's blurred gray edge
	// left behind reads as "1" or "|".
	for _, r := range hruns {
		for y := max(r.pos-ruleMargin, 0); y <= min(r.pos+ruleMargin, g.h-1); y++ {
			for x := r.from; x <= r.to; x++ {
				g.pix[y*g.w+x] = 255
			}
		}
	}
	for _, r := range vruns {
		for y := r.from; y <= r.to; y++ {
			for x := max(r.pos-ruleMargin, 0); x <= min(r.pos+ruleMargin, g.w-1); x++ {
				g.pix[y*g.w+x] = 255
			}
		}
	}
	return mergeRules(hruns), mergeRules(vruns)
}

// appendRuns adds the runs of ink at least min long along one line.
func appendRuns(out []rule, pos, min, n int, ink func(int) bool) []rule {
	start := -1
	for i := 0; i <= n; i++ {
		if i < n && ink(i) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && i-start >= min {
			out = append(out, rule{pos: pos, from: start, to: i - 1})
		}
		start = -1
	}
	return out
}

// mergeRules joins the runs of one thick line (adjacent positions,
// overlapping extents) into one rule at their middle.
func mergeRules(runs []rule) []rule {
	sort.Slice(runs, func(i, j int) bool {
		if runs[i].pos != runs[j].pos {
			return runs[i].pos < runs[j].pos
		}
		return runs[i].from < runs[j].from
	})
	type band struct{ p0, p1, from, to int }
	var bands []band
	for _, r := range runs {
		merged := false
		for i := len(bands) - 1; i >= 0 && bands[i].p0 >= r.pos-40; i-- {
			b := &bands[i]
			if r.pos-b.p1 <= 2 && r.from <= b.to && r.to >= b.from {
				b.p1, b.from, b.to = r.pos, min(b.from, r.from), max(b.to, r.to)
				merged = true
				break
			}
		}
		if !merged {
			bands = append(bands, band{r.pos, r.pos, r.from, r.to})
		}
	}
	// A line drawn in pieces of different thickness leaves two bands a
	// pixel apart whose extents overlap: one rule.
	var out []rule
	for _, b := range bands {
		r := rule{pos: (b.p0 + b.p1) / 2, from: b.from, to: b.to}
		joined := false
		for i := len(out) - 1; i >= 0 && out[i].pos >= r.pos-3; i-- {
			if o := &out[i]; r.from <= o.to && r.to >= o.from {
				o.from, o.to = min(o.from, r.from), max(o.to, r.to)
				joined = true
				break
			}
		}
		if !joined {
			out = append(out, r)
		}
	}
	return out
}
