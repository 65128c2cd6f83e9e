package ocr

import (
	"fmt"
	"strings"
	"testing"
)

func TestDigitCell(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"]", "1", true}, {"1O", "10", true}, {"10.", "10", true}, {"21", "21", false},
		{"$", "5", true}, {"OO", "OO", false}, {"予以公开", "予以公开", false}, {"", "", false},
		{"7730.28", "7730.28", false},
	}
	for _, tt := range tests {
		if got, ok := digitCell(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("digitCell(%q) = %q %v, want %q %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestAssemble: the cells of a ruled table come out as one row per band
// (an empty cell empty), the words outside it as text lines, and the
// number cells as figures at their line and cell.
func TestAssemble(t *testing.T) {
	cells := []cellRead{
		{box: box{top: 100, bottom: 150, left: 200, right: 300}, text: "1", conf: 91, number: true, looked: true},
		{box: box{top: 100, bottom: 150, left: 0, right: 100}, text: "规章", conf: 96},
		{box: box{top: 100, bottom: 150, left: 100, right: 200}, conf: 100},
	}
	words := []word{
		{x: 10, y: 20, w: 20, h: 20, text: "表", line: 1, id: 1},
		{x: 32, y: 20, w: 20, h: 20, text: "一", line: 1, id: 2},
		{x: 240, y: 115, w: 10, h: 20, text: "]", line: 2, id: 5}, // inside a cell: dropped
	}
	lines, figs, repaired := assemble(words, cells)
	want := "表一\n规章\t\t1"
	if got := strings.Join(lines, "\n"); got != want || repaired != 1 {
		t.Errorf("assemble = %q (repaired %d), want %q", got, repaired, want)
	}
	if len(figs) != 1 || figs[0] != (Figure{Line: 1, Cell: 2, Conf: 91}) {
		t.Errorf("figures %+v", figs)
	}
}

// TestFindCells: a table whose first column is one merged cell (rowspan)
// beside two rows of two cells gives five cells, the merged one once.
func TestFindCells(t *testing.T) {
	h := []rule{{pos: 100, from: 0, to: 300}, {pos: 150, from: 100, to: 300}, {pos: 200, from: 0, to: 300}}
	v := []rule{{pos: 0, from: 100, to: 200}, {pos: 100, from: 100, to: 200}, {pos: 200, from: 100, to: 200}, {pos: 300, from: 100, to: 200}}
	got := findCells(h, v, 10)
	want := []box{{100, 200, 0, 100}, {100, 150, 100, 200}, {100, 150, 200, 300}, {150, 200, 100, 200}, {150, 200, 200, 300}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findCells = %v, want %v", got, want)
	}
	// A second table below whose column rule lies a pixel off the first
	// table's: no sample between them, no box spanning two cells.
	h = append(h, rule{pos: 300, from: 0, to: 300}, rule{pos: 350, from: 0, to: 300})
	v = append(v, rule{pos: 0, from: 300, to: 350}, rule{pos: 101, from: 300, to: 350}, rule{pos: 300, from: 300, to: 350})
	got = findCells(h, v, 10)
	want = append(want, box{300, 350, 0, 101}, box{300, 350, 101, 300})
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("two tables: findCells = %v, want %v", got, want)
	}
}

// TestStrip: cell images stacked with space between them, and characters
// read in the strip put back into the cell they came from.
func TestStrip(t *testing.T) {
	g := &gray{w: 100, h: 100, pix: make([]byte, 100*100)}
	for i := range g.pix {
		g.pix[i] = 200 // shaded: lightened to white in the strip
	}
	for y := 10; y < 20; y++ {
		for x := 10; x < 14; x++ {
			g.pix[y*100+x] = 0
		}
	}
	k := inkOf(g, box{top: 0, bottom: 50, left: 0, right: 50}, 2)
	if k.empty() || k.x0 != 10 || k.y1 != 20 || !inkOf(g, box{top: 50, bottom: 100, left: 0, right: 100}, 2).empty() {
		t.Fatalf("ink %+v", k)
	}
	s := makeStrip(g, []ink{k, k}, 2, 10)
	if s.img.h != 10+2*(14+10) || len(s.slots) != 2 || s.img.pix[0] != 255 || s.img.pix[(s.slots[1][0]+2)*s.img.w+12] != 0 {
		t.Fatalf("strip %dx%d slots %v", s.img.w, s.img.h, s.slots)
	}
	parts := s.split([]word{{y: s.slots[1][0] + 2, h: 10, text: "2"}, {y: s.slots[0][0], h: 8, text: "1"}})
	if len(parts[0]) != 1 || parts[0][0].text != "1" || parts[1][0].text != "2" {
		t.Errorf("split %v", parts)
	}
}

func TestFindRules(t *testing.T) {
	g := &gray{w: 200, h: 100, pix: make([]byte, 200*100)}
	for i := range g.pix {
		g.pix[i] = 255
	}
	for x := 10; x < 190; x++ { // a 2-pixel horizontal rule
		g.pix[50*200+x], g.pix[51*200+x] = 0, 0
	}
	for y := 10; y < 90; y++ { // a vertical rule
		g.pix[y*200+100] = 0
	}
	g.pix[20*200+20] = 0 // a speck of text
	h, v := findRules(g, 100, 50)
	if len(h) != 1 || len(v) != 1 || h[0].from != 10 || v[0].pos != 100 {
		t.Errorf("rules h=%v v=%v", h, v)
	}
	if g.pix[50*200+50] != 255 || g.pix[20*200+20] != 0 {
		t.Error("rule not erased, or text erased")
	}
}

func TestReadPGM_Bad(t *testing.T) {
	for _, b := range []string{"", "P6\n1 1\n255\n\x00", "P5\n99999 99999\n255\n", "P5\n2 2\n255\n\x00"} {
		if _, err := readPGM([]byte(b)); err == nil {
			t.Errorf("readPGM(%q) accepted", b)
		}
	}
	g, err := readPGM([]byte("P5\n# c\n2 1\n255\n\x10\x20"))
	if err != nil || g.w != 2 || g.pix[1] != 0x20 {
		t.Errorf("readPGM: %v %+v", err, g)
	}
}
