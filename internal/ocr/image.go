package ocr

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // scanned pages come as JPEG
	_ "image/png"  // or PNG
	"os"
)

// Image recognises one page image (PNG or JPEG). dpi is the scan's
// resolution when known (0 = DefaultDPI), which sizes the rule detection.
func (e *Engine) Image(ctx context.Context, img []byte, dpi int) (Page, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		return Page{}, fmt.Errorf("ocr image: %w", err)
	}
	if cfg.Width*cfg.Height > maxPixels {
		return Page{}, fmt.Errorf("ocr image: %dx%d is too large", cfg.Width, cfg.Height)
	}
	m, _, err := image.Decode(bytes.NewReader(img))
	if err != nil {
		return Page{}, fmt.Errorf("ocr image: %w", err)
	}
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	dir, err := os.MkdirTemp(e.TempDir, "nianbao-ocr-")
	if err != nil {
		return Page{}, fmt.Errorf("ocr: %w", err)
	}
	defer os.RemoveAll(dir)
	p, err := e.recognise(ctx, dir, toGray(m), dpi)
	p.Number = 1
	return p, err
}

func toGray(m image.Image) *gray {
	b := m.Bounds()
	g := &gray{w: b.Dx(), h: b.Dy(), pix: make([]byte, b.Dx()*b.Dy())}
	for y := 0; y < g.h; y++ {
		for x := 0; x < g.w; x++ {
			g.pix[y*g.w+x] = color.GrayModel.Convert(m.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y
		}
	}
	return g
}
