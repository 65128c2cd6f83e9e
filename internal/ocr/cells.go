package ocr

import (
	"slices"
	"sort"
)

// box is one table cell: the area between four ruling lines.
type box struct{ top, bottom, left, right int }

func (b box) contains(x, y int) bool {
	return b.left < x && x < b.right && b.top < y && y < b.bottom
}

// findCells lists the cells of the page's ruled tables: for the middle of
// every gap between adjacent rule positions, the nearest rules around it
// that run across it. A merged cell
// (rowspan) is found once, with the rules around it. Cells narrower or
// lower than minSize are the gaps of double lines, not cells.
func findCells(h, v []rule, minSize int) []box {
	xs, ys := positions(v), positions(h)
	seen := map[box]bool{}
	var out []box
	for i := 1; i < len(ys); i++ {
		my := (ys[i-1] + ys[i]) / 2
		if ys[i]-ys[i-1] < minSize {
			continue // two tables' rules a few pixels apart
		}
		for j := 1; j < len(xs); j++ {
			mx := (xs[j-1] + xs[j]) / 2
			if xs[j]-xs[j-1] < minSize {
				continue
			}
			top, bottom := nearest(h, my, mx)
			left, right := nearest(v, mx, my)
			b := box{top: top, bottom: bottom, left: left, right: right}
			if top < 0 || bottom < 0 || left < 0 || right < 0 || seen[b] ||
				bottom-top < minSize || right-left < minSize {
				continue
			}
			seen[b] = true
			out = append(out, b)
		}
	}
	var cells []box
	for _, b := range out {
		if !slices.ContainsFunc(out, func(o box) bool { return o != b && b.holds(o) }) {
			cells = append(cells, b)
		}
	}
	out = cells
	sort.Slice(out, func(i, j int) bool {
		if out[i].top != out[j].top {
			return out[i].top < out[j].top
		}
		return out[i].left < out[j].left
	})
	return out
}

// nearest returns the positions of the closest rules before and after p
// whose extent covers q (-1 when there is none), with a few pixels of
// slack for rules that stop short.
func nearest(rules []rule, p, q int) (before, after int) {
	before, after = -1, -1
	for _, r := range rules {
		if q < r.from-4 || q > r.to+4 {
			continue
		}
		if r.pos < p && r.pos > before {
			before = r.pos
		}
		if r.pos > p && (after < 0 || r.pos < after) {
			after = r.pos
		}
	}
	return before, after
}

// holds says whether o lies inside b: a box around another is two cells
// taken for one where a sample missed the rule between them.
func (b box) holds(o box) bool {
	return b.top <= o.top && o.bottom <= b.bottom && b.left <= o.left && o.right <= b.right
}

func positions(rules []rule) []int {
	var ps []int
	for _, r := range rules {
		if len(ps) == 0 || ps[len(ps)-1] != r.pos {
			ps = append(ps, r.pos)
		}
	}
	sort.Ints(ps)
	return ps
}

// ink is the bounding box of a cell's ink, in page pixels; empty when the
// cell holds (almost) nothing.
type ink struct {
	x0, y0, x1, y1 int // x1, y1 exclusive
	n              int // ink pixels
}

func (k ink) empty() bool { return k.n < minInk }

// minInk: fewer ink pixels than this is a speck, not a character.
const minInk = 6

// inkOf finds the ink inside b, inset from its rules by inset pixels so
// that what is left of an erased rule's blurred edge is not taken for text.
func inkOf(g *gray, b box, inset int) ink {
	k := ink{x0: g.w, y0: g.h}
	for y := max(b.top+inset, 0); y < min(b.bottom-inset, g.h); y++ {
		row := g.pix[y*g.w : (y+1)*g.w]
		for x := max(b.left+inset, 0); x < min(b.right-inset, g.w); x++ {
			if row[x] < dark {
				k.n++
				k.x0, k.y0, k.x1, k.y1 = min(k.x0, x), min(k.y0, y), max(k.x1, x+1), max(k.y1, y+1)
			}
		}
	}
	return k
}

// strip is an image of cell contents stacked one above the other with
// white space between them, so that tesseract reads each cell as its own
// line(s) and no word runs from one cell into the next. slots[i] is the
// y range of the i-th piece in the strip.
type strip struct {
	img   *gray
	slots [][2]int
}

// shade: lighter pixels are a shaded cell's background, made white in a
// strip; darker ones keep their gray (the strokes' anti-aliased edges).
const shade = 200

// makeStrip copies the ink boxes of g into a strip, the shading of a
// header cell made white.
func makeStrip(g *gray, pieces []ink, pad, gap int) strip {
	w := 1
	hgt := gap
	for _, k := range pieces {
		w = max(w, k.x1-k.x0+2*pad)
		hgt += k.y1 - k.y0 + 2*pad + gap
	}
	w += 2 * gap
	s := strip{img: &gray{w: w, h: hgt, pix: make([]byte, w*hgt)}}
	for i := range s.img.pix {
		s.img.pix[i] = 255
	}
	y := gap
	for _, k := range pieces {
		h := k.y1 - k.y0 + 2*pad
		s.slots = append(s.slots, [2]int{y, y + h})
		for dy := 0; dy < k.y1-k.y0; dy++ {
			src := g.pix[(k.y0+dy)*g.w+k.x0 : (k.y0+dy)*g.w+k.x1]
			dst := s.img.pix[(y+pad+dy)*w+gap+pad:]
			for i, p := range src {
				if p < shade {
					dst[i] = p
				}
			}
		}
		y += h + gap
	}
	return s
}

// split puts the strip's recognised characters back into their pieces by
// the middle of each character's box.
func (s strip) split(words []word) [][]word {
	out := make([][]word, len(s.slots))
	for _, w := range words {
		cy := w.cy()
		i := sort.Search(len(s.slots), func(i int) bool { return s.slots[i][1] >= cy })
		if i < len(s.slots) && cy >= s.slots[i][0] {
			out[i] = append(out[i], w)
		}
	}
	return out
}

// blank whitens the inside of every box of g: once the cells are read from
// the strip, the page pass reads only the text around the tables.
func blank(g *gray, boxes []box) {
	for _, b := range boxes {
		for y := max(b.top, 0); y < min(b.bottom, g.h); y++ {
			for x := max(b.left, 0); x < min(b.right, g.w); x++ {
				g.pix[y*g.w+x] = 255
			}
		}
	}
}
