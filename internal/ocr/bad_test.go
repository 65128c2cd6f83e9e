package ocr

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/rc4"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/pdftext"
	"github.com/nianbao/nianbao/internal/testshared"
)

// pdfPad is the padding string of the PDF standard security handler.
var pdfPad = []byte("\x28\xBF\x4E\x5E\x4E\x75\x8A\x41\x64\x00\x4E\x56\xFF\xFA\x01\x08\x2E\x2E\x00\xB6\xD0\x68\x3E\x80\x2F\x0C\xA9\xFE\x64\x53\x69\x7A")

func rc4Bytes(key, b []byte) []byte {
	c, _ := rc4.NewCipher(key)
	out := make([]byte, len(b))
	c.XORKeyStream(out, b)
	return out
}

// encryptedPDF is a one-page PDF whose content needs the user password:
// the standard security handler, revision 2 (40-bit RC4), as the PDF
// reference defines it (algorithms 2, 3 and 4).
func encryptedPDF(user, owner string) []byte {
	pad := func(pw string) []byte { return append([]byte(pw), pdfPad...)[:32] }
	ownerKey := md5.Sum(pad(owner))
	o := rc4Bytes(ownerKey[:5], pad(user))
	id := []byte("nianbao-test-id0")
	const perms = -44
	h := md5.New()
	h.Write(pad(user))
	h.Write(o)
	binary.Write(h, binary.LittleEndian, int32(perms))
	h.Write(id)
	key := h.Sum(nil)[:5]
	u := rc4Bytes(key, pdfPad)
	objKey := md5.Sum(append(append([]byte{}, key...), 4, 0, 0, 0, 0)) // object 4, generation 0
	content := rc4Bytes(objKey[:10], []byte("BT /F1 24 Tf 72 720 Td (2023 annual report) Tj ET"))
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> /Contents 4 0 R >>")
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	obj(fmt.Sprintf("<< /Filter /Standard /V 1 /R 2 /O <%x> /U <%x> /P %d >>", o, u, perms))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Encrypt 5 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(offsets)+1, id, id, xref)
	return b.Bytes()
}

// TestBad_EncryptedPDF: a PDF that needs a password to open is a clear
// reason on the record, at once, with neither its text layer nor OCR run
// on it.
func TestBad_EncryptedPDF(t *testing.T) {
	need(t, "pdftotext", "pdfinfo", "pdftoppm", "tesseract")
	pdf := encryptedPDF("nianbao", "owner")
	p := extract.Parser{PDFText: pdftext.Extractor{}.Text, OCR: (&Engine{}).Func(context.Background())}
	start := time.Now()
	rec, _, err := p.Extract(extract.Input{URL: "http://www.example.gov.cn/locked.pdf", Body: pdf,
		AnchorText: "某县2023年政府信息公开工作年度报告"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rec.Note, extract.ErrEncrypted.Error()) || !strings.HasPrefix(rec.ParseFailure, "parse_error:") ||
		!slices.Contains(rec.Artifacts, extract.ArtifactPDFNoText) || rec.OCR != nil {
		t.Errorf("failure %q note %q artifacts %v ocr %+v", rec.ParseFailure, rec.Note, rec.Artifacts, rec.OCR)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("took %v", d)
	}
	// The OCR engine on its own says the same.
	if _, _, err := (&Engine{}).PDF(context.Background(), pdf, nil); err == nil || !strings.Contains(err.Error(), "password") {
		t.Errorf("engine on a locked PDF: %v", err)
	}
}

// manyPagePDF is an image-only PDF of n pages: the first ones show the
// scanned pages given, every other one the same blank image (one image
// object shared by all those pages, so the file stays small).
func manyPagePDF(t testing.TB, scans [][]byte, n int) []byte {
	t.Helper()
	blank := image.NewGray(image.Rect(0, 0, 100, 141))
	for i := range blank.Pix {
		blank.Pix[i] = 0xFF
	}
	var bj bytes.Buffer
	if err := jpeg.Encode(&bj, blank, nil); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	offsets := map[int]int{}
	obj := func(num int, body string, stream []byte) {
		offsets[num] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s", num, body)
		if stream != nil {
			b.WriteString("\nstream\n")
			b.Write(stream)
			b.WriteString("\nendstream")
		}
		b.WriteString("\nendobj\n")
	}
	image := func(num int, j []byte) {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(j))
		if err != nil {
			t.Fatal(err)
		}
		cs := "/DeviceRGB"
		if cfg.ColorModel == color.GrayModel {
			cs = "/DeviceGray"
		}
		obj(num, fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>", cfg.Width, cfg.Height, cs, len(j)), j)
	}
	b.WriteString("%PDF-1.4\n")
	var kids strings.Builder
	for i := range n {
		fmt.Fprintf(&kids, "%d 0 R ", 10+i)
	}
	obj(1, "<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), n), nil)
	image(3, bj.Bytes())
	draw := []byte("q 595 0 0 842 0 0 cm /Im0 Do Q")
	obj(4, fmt.Sprintf("<< /Length %d >>", len(draw)), draw)
	for i, scan := range scans {
		image(5+i, scan)
	}
	for i := range n {
		img := 3
		if i < len(scans) {
			img = 5 + i
		}
		obj(10+i, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents 4 0 R >>", img), nil)
	}
	size := 10 + n
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", size)
	for num := 1; num < size; num++ {
		if off, ok := offsets[num]; ok {
			fmt.Fprintf(&b, "%010d 00000 n \n", off)
		} else {
			b.WriteString("0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", size, xref)
	return b.Bytes()
}

// TestBad_500PageScan: a 500-page scan is read up to the engine's page
// limit, in bounded time; the record says how many pages went unread and
// keeps what the pages read gave (the first two: sections 二 and 三).
func TestBad_500PageScan(t *testing.T) {
	need(t, "pdftotext", "pdfinfo", "pdftoppm", "tesseract")
	src := testshared.Path(t, "real-reports", "hongze_qu_2023_hzq2023_working.pdf")
	pdf := manyPagePDF(t, rasterize(t, src, 150, 2, 3), 500)
	t.Logf("500-page scan: %d KB", len(pdf)>>10)
	p := extract.Parser{PDFText: pdftext.Extractor{}.Text, OCR: (&Engine{MaxPages: 2, DPI: 200}).Func(context.Background())}
	start := time.Now()
	rec, _, err := p.Extract(extract.Input{URL: "http://www.example.gov.cn/scan500.pdf", Body: pdf,
		AnchorText: "洪泽区人民政府2023年政府信息公开工作年度报告"})
	if err != nil {
		t.Fatal(err)
	}
	d := time.Since(start)
	t.Logf("read in %v: ocr %+v note %q", d, rec.OCR, rec.Note)
	if rec.OCR == nil || rec.OCR.Capped != 498 || len(rec.OCR.Pages) != 2 ||
		!slices.Contains(rec.Artifacts, extract.ArtifactOCRCapped) || !strings.Contains(rec.Note, "2 of the document's 500 pages") {
		t.Errorf("cap not on the record: ocr %+v artifacts %v note %q", rec.OCR, rec.Artifacts, rec.Note)
	}
	if v := rec.Fields["app_new_total"]; v == nil || *v != 21 || rec.Format != extract.Format2021 {
		t.Errorf("first page's figures lost: app_new_total = %v (%s); format %q text %.600s", v, rec.Nulls["app_new_total"], rec.Format, rec.Text)
	}
	if d > 3*time.Minute {
		t.Errorf("took %v", d)
	}
}
