package ocr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

// need skips (outside CI) or fails (in CI) when a program is missing.
func need(t testing.TB, tools ...string) {
	t.Helper()
	testshared.NeedTools(t, tools...)
}

// rasterize renders pages of a PDF as gray JPEG scans at dpi (pdftoppm).
func rasterize(t testing.TB, pdf string, dpi int, pages ...int) [][]byte {
	t.Helper()
	dir := t.TempDir()
	var out [][]byte
	for _, n := range pages {
		prefix := filepath.Join(dir, fmt.Sprintf("p%d", n))
		cmd := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-gray", "-jpeg", "-jpegopt", "quality=85",
			"-singlefile", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), pdf, prefix)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, b)
		}
		b, err := os.ReadFile(prefix + ".jpg")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// imagePDF wraps gray JPEG pages into an image-only A4 PDF: what a
// "图片版" report is, with no text layer at all.
func imagePDF(t testing.TB, jpegs [][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	var offsets []int
	obj := func(body string, stream []byte) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s", len(offsets), body)
		if stream != nil {
			b.WriteString("\nstream\n")
			b.Write(stream)
			b.WriteString("\nendstream")
		}
		b.WriteString("\nendobj\n")
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	kids := ""
	for i := range jpegs {
		kids += fmt.Sprintf("%d 0 R ", 3+3*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, len(jpegs)), nil)
	for i, j := range jpegs {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(j))
		if err != nil {
			t.Fatal(err)
		}
		cs := "/DeviceRGB"
		if cfg.ColorModel == color.GrayModel {
			cs = "/DeviceGray"
		}
		p := 3 + 3*i
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>", p+1, p+2), nil)
		obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>", cfg.Width, cfg.Height, cs, len(j)), j)
		content := []byte("q 595 0 0 842 0 0 cm /Im0 Do Q")
		obj(fmt.Sprintf("<< /Length %d >>", len(content)), content)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}
