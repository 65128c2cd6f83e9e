package ocr

import (
	"context"
	"math"
)

// A figure whose two readings differ (the page's languages said 50, the
// digit-only reading 90) is read a third time, from an image made
// differently: the cell's ink binarised at its own threshold (Otsu), read
// with tesseract limited to digits. The value two of the three readings
// agree on is taken; when all three differ the digit reading stays, marked
// doubtful. Only images decide: the form's checks are never used to choose
// or change a figure. (Measured on the rasterised real reports: enlarging
// the crop 2× or 3× made every reading worse, so the crop keeps the
// page's resolution.)

const splitConf = 25 // cap on the confidence of a figure all three readings disagree on

// rereadDoubtful gives every cell whose readings differed its third reading.
func (e *Engine) rereadDoubtful(ctx context.Context, dir string, g *gray, cells []cellRead, inks []ink, dpi int, c *cost) error {
	var idx []int
	var imgs []*gray
	pad := max(dpi/30, 4)
	for i, cr := range cells {
		if cr.reread {
			idx, imgs = append(idx, i), append(imgs, binarised(g, inks[i], pad))
		}
	}
	if len(idx) == 0 {
		return nil
	}
	s := stack(imgs, max(dpi/6, 20))
	words, err := e.tess(ctx, dir, "reread", s.img, dpi, c, "-l", "eng", "--psm", "6",
		"-c", "tessedit_char_whitelist=0123456789.")
	if err != nil {
		return err
	}
	for j, ws := range s.split(words) {
		third := ""
		for _, w := range ws {
			third += w.text
		}
		settle(&cells[idx[j]], third, minConf(ws))
	}
	return nil
}

// settle takes the value two of a cell's three readings agree on.
func settle(cr *cellRead, third string, conf float64) {
	cr.third = third
	switch third {
	case cr.text: // agrees with the digit reading, already taken
		cr.conf = math.Min(math.Max(cr.conf, conf), disagreeConf)
	case cr.first:
		cr.text, cr.conf = cr.first, math.Min(conf, disagreeConf)
	default:
		cr.conf = math.Min(cr.conf, splitConf)
	}
}

// binarised copies k's ink (with pad pixels around it) out of g, made
// black and white at the crop's own Otsu threshold: the anti-aliased gray
// edges that let a 5 pass for a 9 are gone.
func binarised(g *gray, k ink, pad int) *gray {
	x0, y0 := max(k.x0-pad, 0), max(k.y0-pad, 0)
	x1, y1 := min(k.x1+pad, g.w), min(k.y1+pad, g.h)
	out := &gray{w: x1 - x0, h: y1 - y0, pix: make([]byte, (x1-x0)*(y1-y0))}
	for y := y0; y < y1; y++ {
		copy(out.pix[(y-y0)*out.w:], g.pix[y*g.w+x0:y*g.w+x1])
	}
	t := otsu(out.pix)
	for i, p := range out.pix {
		if p <= t {
			out.pix[i] = 0
		} else {
			out.pix[i] = 255
		}
	}
	return out
}

// otsu returns the gray level that best separates pix into two classes
// (ink and paper).
func otsu(pix []byte) byte {
	var hist [256]float64
	for _, p := range pix {
		hist[p]++
	}
	n := float64(len(pix))
	var sum float64
	for i, c := range hist {
		sum += float64(i) * c
	}
	var wb, sumB, best float64
	t := byte(dark)
	for i, c := range hist {
		wb += c
		if wb == 0 || wb == n {
			continue
		}
		sumB += float64(i) * c
		mb, mf := sumB/wb, (sum-sumB)/(n-wb)
		if v := wb * (n - wb) * (mb - mf) * (mb - mf); v > best {
			best, t = v, byte(i)
		}
	}
	return t
}

// stack puts images one above the other in a white strip, gap pixels
// apart and from the edges, for one tesseract run.
func stack(imgs []*gray, gap int) strip {
	w, h := 1, gap
	for _, m := range imgs {
		w, h = max(w, m.w), h+m.h+gap
	}
	w += 2 * gap
	s := strip{img: &gray{w: w, h: h, pix: make([]byte, w*h)}}
	for i := range s.img.pix {
		s.img.pix[i] = 255
	}
	y := gap
	for _, m := range imgs {
		s.slots = append(s.slots, [2]int{y, y + m.h})
		for r := range m.h {
			copy(s.img.pix[(y+r)*w+gap:], m.pix[r*m.w:(r+1)*m.w])
		}
		y += m.h + gap
	}
	return s
}
