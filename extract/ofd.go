package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
)

// OFD (GB/T 33190) is a zip of XML: OFD.xml names the document root
// (DocBody/DocRoot), Document.xml lists the pages (Pages/Page/@BaseLoc),
// and each page's Content.xml holds TextObjects whose Boundary ("x y w h",
// millimetres) and TextCode X/Y place the text. The reader puts every
// piece of text at its position and rebuilds lines, with a tab where a gap
// between pieces is wider than a character: table cells, as pdftotext
// -layout separates them.

const (
	maxOFDPages = 500
	maxOFDPart  = 32 << 20 // bytes read of one XML part
	maxOFDTotal = 96 << 20 // bytes read of all parts: 500 pages of 32 MB each would take minutes
)

// ErrOFD wraps every reason an OFD body cannot be read.
var ErrOFD = errors.New("unreadable OFD")

type ofdDoc struct {
	zr    *zip.Reader
	files map[string]*zip.File
	left  *int64 // bytes of XML still allowed to be read, all parts together
}

// ofdText returns the text of an OFD document, pages separated by form
// feeds.
func ofdText(body []byte) (string, error) { return ofdTextWithin(body, maxOFDTotal) }

// ofdTextWithin is ofdText reading at most total bytes of XML: a small
// package may expand to gigabytes (a zip bomb) spread over its pages.
func ofdTextWithin(body []byte, total int64) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrOFD, err)
	}
	d := ofdDoc{zr: zr, files: map[string]*zip.File{}, left: &total}
	for _, f := range zr.File {
		d.files[strings.TrimPrefix(path.Clean("/"+f.Name), "/")] = f
	}
	var root struct {
		DocBody []struct {
			DocRoot string `xml:"DocRoot"`
		} `xml:"DocBody"`
	}
	if err := d.decode("OFD.xml", &root); err != nil {
		return "", err
	}
	if len(root.DocBody) == 0 || strings.TrimSpace(root.DocBody[0].DocRoot) == "" {
		return "", fmt.Errorf("%w: OFD.xml names no DocRoot", ErrOFD)
	}
	docPath := d.resolve("", root.DocBody[0].DocRoot)
	var doc struct {
		Pages []struct {
			BaseLoc string `xml:"BaseLoc,attr"`
		} `xml:"Pages>Page"`
	}
	if err := d.decode(docPath, &doc); err != nil {
		return "", err
	}
	if len(doc.Pages) > maxOFDPages {
		doc.Pages = doc.Pages[:maxOFDPages]
	}
	pages := make([]string, 0, len(doc.Pages))
	read := map[string]string{} // a part listed twice is read once
	for _, pg := range doc.Pages {
		name := d.resolve(path.Dir(docPath), pg.BaseLoc)
		text, done := read[name]
		if !done {
			var err error
			if text, err = d.page(name); err != nil {
				return "", err
			}
			read[name] = text
		}
		pages = append(pages, text)
	}
	return strings.Join(pages, "\f"), nil
}

// resolve turns a location in the package into a zip member name: absolute
// from the package root, else relative to dir.
func (d ofdDoc) resolve(dir, loc string) string {
	loc = strings.TrimSpace(strings.ReplaceAll(loc, "\\", "/"))
	if strings.HasPrefix(loc, "/") {
		return strings.TrimPrefix(path.Clean(loc), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+path.Join(dir, loc)), "/")
}

func (d ofdDoc) decode(name string, v any) error {
	f := d.files[name]
	if f == nil {
		for k, g := range d.files { // names are case-insensitive in practice
			if strings.EqualFold(k, name) {
				f = g
			}
		}
	}
	if f == nil {
		return fmt.Errorf("%w: no %s in the package", ErrOFD, name)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrOFD, name, err)
	}
	defer rc.Close()
	if err := xml.NewDecoder(d.limit(rc)).Decode(v); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrOFD, name, err)
	}
	return nil
}

// errOFDTooBig ends the reading of a package whose XML exceeds the total.
var errOFDTooBig = errors.New("the package's XML expands beyond the size limit")

// limit reads one part: at most maxOFDPart bytes, and at most what is
// left of the package's total.
func (d ofdDoc) limit(r io.Reader) io.Reader {
	return &budgetReader{r: io.LimitReader(r, maxOFDPart), left: d.left}
}

type budgetReader struct {
	r    io.Reader
	left *int64
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if *b.left <= 0 {
		return 0, errOFDTooBig
	}
	if int64(len(p)) > *b.left {
		p = p[:*b.left]
	}
	n, err := b.r.Read(p)
	*b.left -= int64(n)
	return n, err
}

// ofdPiece is one run of text at its place on the page (mm).
type ofdPiece struct {
	x, y, w, size float64
	text          string
}

type ofdTextObject struct {
	Boundary string `xml:"Boundary,attr"`
	Size     string `xml:"Size,attr"`
	Codes    []struct {
		X      string `xml:"X,attr"`
		Y      string `xml:"Y,attr"`
		DeltaX string `xml:"DeltaX,attr"`
		Text   string `xml:",chardata"`
	} `xml:"TextCode"`
}

// page reads one Content.xml: every TextObject, at any depth of layers
// and blocks.
func (d ofdDoc) page(name string) (string, error) {
	f := d.files[name]
	if f == nil {
		return "", fmt.Errorf("%w: no page %s", ErrOFD, name)
	}
	rc, err := f.Open()
	if err != nil {
		return "", fmt.Errorf("%w: %s: %v", ErrOFD, name, err)
	}
	defer rc.Close()
	dec := xml.NewDecoder(d.limit(rc))
	var pieces []ofdPiece
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%w: %s: %v", ErrOFD, name, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "TextObject" {
			continue
		}
		var obj ofdTextObject
		if err := dec.DecodeElement(&obj, &se); err != nil {
			return "", fmt.Errorf("%w: %s: %v", ErrOFD, name, err)
		}
		pieces = append(pieces, obj.pieces()...)
	}
	return ofdLines(pieces), nil
}

func (o ofdTextObject) pieces() []ofdPiece {
	b := floats(o.Boundary)
	if len(b) < 2 {
		return nil
	}
	size := 3.5
	if s := floats(o.Size); len(s) == 1 && s[0] > 0 {
		size = s[0]
	}
	var out []ofdPiece
	for _, c := range o.Codes {
		text := strings.TrimSpace(c.Text)
		if text == "" {
			continue
		}
		x, y := num(c.X), num(c.Y)
		n := float64(len([]rune(text)))
		w := size * n
		if dx, ok := deltaWidth(c.DeltaX, int(n)-1); ok {
			w = dx + size
		}
		out = append(out, ofdPiece{x: b[0] + x, y: b[1] + y, w: w, size: size, text: text})
	}
	return out
}

// ofdLines groups pieces into lines by baseline and joins them left to
// right, a tab where the gap is wider than a character.
func ofdLines(ps []ofdPiece) string {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].y < ps[j].y })
	var lines [][]ofdPiece
	for _, p := range ps {
		if n := len(lines); n > 0 {
			last := lines[n-1]
			if p.y-last[0].y < 0.5*p.size {
				lines[n-1] = append(last, p)
				continue
			}
		}
		lines = append(lines, []ofdPiece{p})
	}
	var b strings.Builder
	for _, ln := range lines {
		sort.SliceStable(ln, func(i, j int) bool { return ln[i].x < ln[j].x })
		for i, p := range ln {
			if i > 0 {
				prev := ln[i-1]
				if p.x-(prev.x+prev.w) > p.size {
					b.WriteByte('\t')
				} else if spacedText(prev.text, p.text) {
					b.WriteByte(' ')
				}
			}
			b.WriteString(p.text)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func spacedText(a, b string) bool {
	return a != "" && b != "" && a[len(a)-1] < 0x80 && b[0] < 0x80
}

func floats(s string) []float64 {
	var out []float64
	for _, f := range strings.Fields(s) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}

func num(s string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return v
}

// deltaWidth sums the first n advances of a DeltaX list ("g N D" is N
// times D) without expanding it: a damaged or hostile file may claim
// billions of repeats. ok is false when the list is empty.
func deltaWidth(s string, n int) (w float64, ok bool) {
	f := strings.Fields(s)
	left := max(n, 0)
	for i := 0; i < len(f) && left > 0; i++ {
		ok = true
		if f[i] == "g" && i+2 < len(f) {
			k, _ := strconv.Atoi(f[i+1])
			k = min(max(k, 0), left)
			w += float64(k) * num(f[i+2])
			left -= k
			i += 2
			continue
		}
		w += num(f[i])
		left--
	}
	return w, ok || len(f) > 0
}
