package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxRepeat caps table:number-columns-repeated: spreadsheets repeat empty
// cells to the sheet's edge (1024 columns), which carry nothing.
const maxRepeat = 64

// odtText returns the text of an OpenDocument text or spreadsheet body
// (content.xml): paragraphs as lines, table cells separated by tabs (a
// covered cell of a merge is an empty cell), one table row per line.
func odtText(body []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return "", fmt.Errorf("open zip: %w", err)
	}
	for _, f := range zr.File {
		if f.Name != "content.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", fmt.Errorf("open content.xml: %w", err)
		}
		defer rc.Close()
		return odfXMLText(io.LimitReader(rc, maxDocxXML))
	}
	return "", errors.New("no content.xml in the archive")
}

// odfWriter renders content.xml: text outside tables straight, table
// cells collected per row and written tab-separated.
type odfWriter struct {
	b      strings.Builder
	depth  int // nesting of table cells
	repeat int // repeat count of the open cell
	cell   strings.Builder
	row    []string
}

func odfXMLText(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	var w odfWriter
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return w.b.String(), nil
		}
		if err != nil {
			return w.b.String(), fmt.Errorf("content.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			w.start(t)
		case xml.EndElement:
			w.end(t.Name.Local)
		case xml.CharData:
			w.text(string(t))
		}
	}
}

func (w *odfWriter) text(s string) {
	if w.depth > 0 {
		w.cell.WriteString(s)
		return
	}
	w.b.WriteString(s)
}

func (w *odfWriter) start(t xml.StartElement) {
	switch t.Name.Local {
	case "table-cell":
		w.depth++
		if w.depth == 1 {
			w.cell.Reset()
			w.repeat = repeats(t)
		}
	case "covered-table-cell":
		for range repeats(t) {
			w.row = append(w.row, "")
		}
	case "tab":
		w.text("\t")
	case "s", "line-break":
		w.text(" ")
	case "table-row":
		w.row = w.row[:0]
	}
}

func (w *odfWriter) end(name string) {
	switch name {
	case "table-cell":
		w.depth--
		if w.depth == 0 {
			c := strings.Join(strings.Fields(strings.ReplaceAll(w.cell.String(), "\t", " ")), " ")
			for range w.repeat {
				w.row = append(w.row, c)
			}
		}
	case "table-row":
		if w.depth == 0 {
			w.flushRow()
		}
	case "p", "h":
		if w.depth == 0 {
			w.b.WriteByte('\n')
		}
	}
}

// flushRow writes a row without its trailing empty cells (a spreadsheet
// row runs to the sheet's edge); an empty row writes nothing.
func (w *odfWriter) flushRow() {
	n := len(w.row)
	for n > 0 && w.row[n-1] == "" {
		n--
	}
	if n > 0 {
		w.b.WriteString(strings.Join(w.row[:n], "\t"))
		w.b.WriteByte('\n')
	}
	w.row = w.row[:0]
}

func repeats(t xml.StartElement) int {
	for _, a := range t.Attr {
		if a.Name.Local == "number-columns-repeated" {
			if n, err := strconv.Atoi(a.Value); err == nil && n > 0 {
				return min(n, maxRepeat)
			}
		}
	}
	return 1
}
