package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"html"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/report"
)

// buildOFD writes text as an OFD package laid out as GB/T 33190 describes
// it: OFD.xml (DocBody: DocInfo, DocRoot) → Doc_0/Document.xml (CommonData
// with PageArea and PublicRes, Pages) → Doc_0/Pages/Page_N/Content.xml,
// one TextObject per cell (Boundary in mm, Font, Size; TextCode X/Y with
// DeltaX), a PathObject rule under each table row. Lines of text are split
// into cells on tabs and placed left to right with a gap between cells;
// 40 lines per A4 page.
func buildOFD(text, title string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, body string) {
		w, _ := zw.Create(name)
		w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + body))
	}
	const ns = `xmlns:ofd="http://www.ofdspec.org/2016"`
	put("OFD.xml", fmt.Sprintf(`<ofd:OFD %s Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>6b3f2a</ofd:DocID><ofd:Title>%s</ofd:Title><ofd:CreationDate>2024-01-20</ofd:CreationDate></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`, ns, html.EscapeString(title)))
	put("Doc_0/PublicRes.xml", fmt.Sprintf(`<ofd:Res %s BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>`, ns))
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var pages []string
	id := 10
	for start := 0; start < len(lines); start += 40 {
		var b strings.Builder
		fmt.Fprintf(&b, `<ofd:Page %s><ofd:Content><ofd:Layer ID="%d">`, ns, id)
		id++
		for i, ln := range lines[start:min(start+40, len(lines))] {
			y, x := 20.0+6.5*float64(i), 20.0
			for _, cell := range strings.Split(ln, "\t") {
				cell = strings.TrimSpace(cell)
				n := utf8.RuneCountInString(cell)
				if n == 0 {
					x += 8
					continue
				}
				w := 3.5 * float64(n)
				fmt.Fprintf(&b, `<ofd:TextObject ID="%d" Boundary="%.2f %.2f %.2f 5" Font="2" Size="3.5"><ofd:TextCode X="0" Y="3.8" DeltaX="g %d 3.5">%s</ofd:TextCode></ofd:TextObject>`,
					id, x, y, w, max(n-1, 0), html.EscapeString(cell))
				id++
				x += w + 6
			}
			if strings.Contains(ln, "\t") {
				fmt.Fprintf(&b, `<ofd:PathObject ID="%d" Boundary="20 %.2f 170 0.5" LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L 170 0</ofd:AbbreviatedData></ofd:PathObject>`, id, y+5.5)
				id++
			}
		}
		b.WriteString(`</ofd:Layer></ofd:Content></ofd:Page>`)
		pages = append(pages, b.String())
	}
	var list strings.Builder
	for i, pg := range pages {
		put(fmt.Sprintf("Doc_0/Pages/Page_%d/Content.xml", i), pg)
		fmt.Fprintf(&list, `<ofd:Page ID="%d" BaseLoc="Pages/Page_%d/Content.xml"/>`, i+1, i)
	}
	put("Doc_0/Document.xml", fmt.Sprintf(`<ofd:Document %s><ofd:CommonData><ofd:MaxUnitID>%d</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>%s</ofd:Pages></ofd:Document>`, ns, id, list.String()))
	zw.Close()
	return buf.Bytes()
}

// TestExtract_OFD: seed reports built as OFD documents give the figures of
// their text.
func TestExtract_OFD(t *testing.T) {
	for _, name := range []string{"boai-county-office-2023.txt", "shilong-district-office-2023.txt", "yanshi-housing-bureau-2023.txt"} {
		t.Run(name, func(t *testing.T) {
			seed := readSeed(t, name)
			want := report.ParseText(seed, report.Hint{})
			body := buildOFD(seed, want.Title)
			if k := Sniff("application/octet-stream", "http://x.gov.cn/a.ofd", body); k != KindOFD {
				t.Fatalf("Sniff = %q", k)
			}
			rec, ok, err := Parser{}.Extract(Input{URL: "http://x.gov.cn/a.ofd", Body: body})
			if err != nil || !ok || rec.TextSource != SourceOFD {
				t.Fatalf("ok=%v err=%v source=%q note=%q", ok, err, rec.TextSource, rec.Note)
			}
			sameFigures(t, rec, want)
		})
	}
}

// TestExtract_OFDBad: a corrupt or incomplete package is a clear reason on
// the record, fast.
func TestExtract_OFDBad(t *testing.T) {
	good := buildOFD("某县2023年政府信息公开工作年度报告\n规章\t0\t0\t0", "t")
	var noDoc bytes.Buffer
	zw := zip.NewWriter(&noDoc)
	w, _ := zw.Create("OFD.xml")
	w.Write([]byte(`<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`))
	zw.Close()
	for name, body := range map[string][]byte{
		"truncated zip": good[:len(good)/2], "no document": noDoc.Bytes(),
	} {
		start := time.Now()
		_, err := ofdText(body)
		if !errors.Is(err, ErrOFD) || time.Since(start) > time.Second {
			t.Errorf("%s: err=%v after %v", name, err, time.Since(start))
		}
	}
	if text, err := ofdText(good); err != nil || !strings.Contains(text, "规章\t0\t0\t0") {
		t.Errorf("good: %q %v", text, err)
	}
	// Pages that together expand beyond the limit: a clear reason, not
	// minutes of parsing.
	big := buildOFD(strings.Repeat("规章\t0\t0\t0\n", 400), "t") // 10 pages
	if _, err := ofdTextWithin(big, int64(len(good))*4); !errors.Is(err, ErrOFD) || !strings.Contains(err.Error(), "size limit") {
		t.Errorf("expanding package: err = %v", err)
	}
	if _, err := ofdTextWithin(big, 1<<30); err != nil {
		t.Errorf("same package within the limit: %v", err)
	}
}

func FuzzOFDText(f *testing.F) {
	f.Add(buildOFD("某县2023年政府信息公开工作年度报告\n规章\t0\t0\t0", "t"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if text, err := ofdText(b); err == nil && !utf8.ValidString(text) {
			t.Fatal("invalid UTF-8")
		}
	})
}

// FuzzOFDParts fuzzes the XML of the three parts an OFD reader walks
// (OFD.xml, Document.xml, a page's Content.xml), stored uncompressed in a
// well-formed zip: mutating a whole package mostly breaks its deflate
// streams and never reaches the XML. No panic, valid UTF-8, and text only
// when the page list names the page.
func FuzzOFDParts(f *testing.F) {
	const ns = `xmlns:ofd="http://www.ofdspec.org/2016"`
	root := `<ofd:OFD ` + ns + `><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`
	doc := `<ofd:Document ` + ns + `><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`
	page := `<ofd:Page ` + ns + `><ofd:Content><ofd:Layer ID="1"><ofd:TextObject ID="2" Boundary="20 20 7 5" Size="3.5"><ofd:TextCode X="0" Y="3.8" DeltaX="g 1 3.5">规章</ofd:TextCode></ofd:TextObject><ofd:TextObject ID="3" Boundary="40 20 3.5 5" Size="3.5"><ofd:TextCode X="0" Y="3.8">0</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`
	f.Add(root, doc, page)
	f.Add(root, strings.Replace(doc, "Pages/Page_0", "/Doc_0/Pages/Page_0", 1), strings.ReplaceAll(page, "3.5", "g 2000000000 1"))
	f.Add(root, doc+doc, `<Page><TextObject Boundary="NaN Inf 0 0" Size="-1"><TextCode X="1e308" DeltaX="g -5 1 g">a</TextCode></TextObject></Page>`)
	f.Fuzz(func(t *testing.T, root, doc, page string) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, p := range []struct{ name, body string }{{"OFD.xml", root}, {"Doc_0/Document.xml", doc}, {"Doc_0/Pages/Page_0/Content.xml", page}} {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(p.body))
		}
		zw.Close()
		text, err := ofdText(buf.Bytes())
		if err != nil {
			if !errors.Is(err, ErrOFD) {
				t.Fatalf("error not wrapping ErrOFD: %v", err)
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8: %q", text)
		}
	})
}

// TestDeltaWidth: "g N D" repeats are summed, never expanded, and only as
// many advances as the text has gaps count.
func TestDeltaWidth(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want float64
		ok   bool
	}{
		{"g 3 3.5", 3, 10.5, true}, {"1 2 g 2 4", 4, 11, true}, {"g 2000000000 1", 3, 3, true},
		{"", 3, 0, false}, {"5 5", 0, 0, true},
	}
	for _, tt := range tests {
		start := time.Now()
		if w, ok := deltaWidth(tt.s, tt.n); w != tt.want || ok != tt.ok || time.Since(start) > 100*time.Millisecond {
			t.Errorf("deltaWidth(%q, %d) = %v %v in %v, want %v %v", tt.s, tt.n, w, ok, time.Since(start), tt.want, tt.ok)
		}
	}
}
