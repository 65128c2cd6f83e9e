package ocr

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// gray is an 8-bit grayscale page image (what pdftoppm -gray writes as PGM).
type gray struct {
	w, h int
	pix  []byte // row-major, 0 = black
}

// maxPixels bounds a page image (A4 at 400 dpi is ~15.5 Mpx).
const maxPixels = 40 << 20

// readPGM decodes a binary PGM (P5, maxval ≤ 255).
func readPGM(b []byte) (*gray, error) {
	r := bufio.NewReader(bytes.NewReader(b))
	var fields [4]int
	magic := make([]byte, 2)
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != "P5" {
		return nil, errors.New("pgm: not a binary PGM")
	}
	for i := 1; i < 4; i++ {
		tok, err := pnmToken(r)
		if err != nil {
			return nil, fmt.Errorf("pgm header: %w", err)
		}
		if fields[i], err = strconv.Atoi(tok); err != nil || fields[i] <= 0 {
			return nil, fmt.Errorf("pgm header: bad number %q", tok)
		}
	}
	w, h, maxval := fields[1], fields[2], fields[3]
	if maxval > 255 || w*h > maxPixels {
		return nil, fmt.Errorf("pgm: unsupported %dx%d maxval %d", w, h, maxval)
	}
	g := &gray{w: w, h: h, pix: make([]byte, w*h)}
	if _, err := io.ReadFull(r, g.pix); err != nil {
		return nil, fmt.Errorf("pgm pixels: %w", err)
	}
	return g, nil
}

// pnmToken reads one header token, skipping white space and comments, and
// the single white-space byte after it.
func pnmToken(r *bufio.Reader) (string, error) {
	var tok []byte
	for {
		c, err := r.ReadByte()
		if err != nil {
			return "", err
		}
		switch {
		case c == '#' && len(tok) == 0:
			if _, err := r.ReadString('\n'); err != nil {
				return "", err
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if len(tok) > 0 {
				return string(tok), nil
			}
		default:
			tok = append(tok, c)
			if len(tok) > 12 {
				return "", errors.New("token too long")
			}
		}
	}
}

// pgm encodes g as a binary PGM.
func (g *gray) pgm() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "P5\n%d %d\n255\n", g.w, g.h)
	b.Write(g.pix)
	return b.Bytes()
}
