package ocr

import (
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

// TestAssemble: words inside a ruled table come out as one row per band
// with every cell (an unread cell empty), words outside it as text lines.
func TestAssemble(t *testing.T) {
	// A 1-row table from x=0 to x=300 with columns at 0, 100, 200, 300,
	// between rules at y=100 and y=150; a text line above it.
	h := []rule{{pos: 100, from: 0, to: 300}, {pos: 150, from: 0, to: 300}}
	v := []rule{{pos: 0, from: 100, to: 150}, {pos: 100, from: 100, to: 150}, {pos: 200, from: 100, to: 150}, {pos: 300, from: 100, to: 150}}
	words := []word{
		{x: 10, y: 20, w: 20, h: 20, text: "表", line: 1, id: 1},
		{x: 32, y: 20, w: 20, h: 20, text: "一", line: 1, id: 2},
		{x: 10, y: 115, w: 20, h: 20, text: "规", line: 2, id: 3},
		{x: 32, y: 115, w: 20, h: 20, text: "章", line: 2, id: 4},
		{x: 240, y: 115, w: 10, h: 20, text: "]", line: 2, id: 5},
	}
	lines, repaired := assemble(words, h, v)
	want := "表一\n规章\t\t1"
	if got := strings.Join(lines, "\n"); got != want || repaired != 1 {
		t.Errorf("assemble = %q (repaired %d), want %q", got, repaired, want)
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
