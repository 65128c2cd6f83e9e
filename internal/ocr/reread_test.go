package ocr

import "testing"

// TestSettle: of three readings the value two agree on is taken, never a
// value no reading gave; when all differ the digit reading stays, its
// confidence lowered.
func TestSettle(t *testing.T) {
	tests := []struct {
		name, first, digits, third, want string
		thirdConf, wantConf              float64
	}{
		{"third agrees with the first", "50", "90", "50", "50", 96, 50},
		{"third agrees with the digits", "7345", "7545", "7545", "7545", 96, 50},
		{"all differ", "50", "90", "70", "90", 96, splitConf},
		{"third read nothing", "50", "90", "", "90", 100, splitConf},
		{"third agrees, unsure", "50", "90", "50", "50", 31, 31},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cr := cellRead{first: tt.first, text: tt.digits, conf: disagreeConf, reread: true, number: true}
			settle(&cr, tt.third, tt.thirdConf)
			if cr.text != tt.want || cr.conf != tt.wantConf || cr.third != tt.third {
				t.Errorf("settle → %q conf %v, want %q conf %v", cr.text, cr.conf, tt.want, tt.wantConf)
			}
		})
	}
}

// TestBinarised: a gray stroke with soft edges on a shaded ground comes
// out black on white, its core black and the ground white, cropped to the
// ink with the padding asked for.
func TestBinarised(t *testing.T) {
	g := &gray{w: 40, h: 30, pix: make([]byte, 40*30)}
	for i := range g.pix {
		g.pix[i] = 215 // a shaded cell
	}
	for y := 10; y < 20; y++ {
		for x := 10; x < 30; x++ {
			g.pix[y*g.w+x] = 40
		}
		g.pix[y*g.w+9], g.pix[y*g.w+30] = 150, 150 // anti-aliased edges
	}
	b := binarised(g, ink{x0: 10, y0: 10, x1: 30, y1: 20, n: 200}, 3)
	if b.w != 26 || b.h != 16 {
		t.Fatalf("size %dx%d, want 26x16", b.w, b.h)
	}
	for i, p := range b.pix {
		if p != 0 && p != 255 {
			t.Fatalf("pixel %d is %d, not black or white", i, p)
		}
	}
	if b.pix[8*b.w+13] != 0 || b.pix[0] != 255 || b.pix[8*b.w+1] != 255 {
		t.Errorf("core %d, corner %d, ground %d", b.pix[8*b.w+13], b.pix[0], b.pix[8*b.w+1])
	}
	if o := otsu([]byte{255, 255, 255}); o != 255 && o != dark {
		t.Errorf("otsu of a blank crop = %d", o)
	}
}

// TestStack: images are stacked with the gap between them and each slot
// spans its image.
func TestStack(t *testing.T) {
	a := &gray{w: 5, h: 4, pix: make([]byte, 20)}
	b := &gray{w: 8, h: 2, pix: make([]byte, 16)}
	s := stack([]*gray{a, b}, 3)
	if s.img.w != 14 || s.img.h != 3+4+3+2+3 {
		t.Fatalf("strip %dx%d", s.img.w, s.img.h)
	}
	if s.slots[0] != [2]int{3, 7} || s.slots[1] != [2]int{10, 12} {
		t.Errorf("slots %v", s.slots)
	}
	if s.img.pix[3*s.img.w+3] != 0 || s.img.pix[3*s.img.w+2] != 255 || s.img.pix[8*s.img.w+5] != 255 {
		t.Error("images not placed at the gap")
	}
}
