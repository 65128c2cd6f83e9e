package extract

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"time"

	"github.com/nianbao/nianbao/extract/dates"
	"github.com/nianbao/nianbao/extract/report"
)

// PublishedOfficeMetadata: an XLSX/ODT/ODS file's own creation date.
const PublishedOfficeMetadata = "office_metadata"

// docDate returns a document's own metadata date and its source, for the
// kinds that carry one: a PDF's Info CreationDate (else ModDate, else the
// XMP xmp:CreateDate), an OOXML file's docProps/core.xml dcterms:created
// (else modified), an ODF file's meta.xml meta:creation-date. A date on or
// after the fetch day is not used: the server made the file when asked.
func docDate(kind string, body []byte, fetched time.Time) (string, string) {
	var d dates.Date
	var source string
	switch kind {
	case KindPDF:
		d, source = pdfDate(body), report.PublishedPDFMetadata
	case KindDOCX:
		d, source = zipDate(body, "docProps/core.xml", coreCreated, coreModified), report.PublishedDOCXMetadata
	case KindXLSX:
		d, source = zipDate(body, "docProps/core.xml", coreCreated, coreModified), PublishedOfficeMetadata
	case KindODT, KindODS:
		d, source = zipDate(body, "meta.xml", odfCreated, odfModified), PublishedOfficeMetadata
	}
	if d.IsZero() {
		return "", ""
	}
	if !fetched.IsZero() {
		f := fetched.In(time.FixedZone("UTC+8", 8*3600))
		if !d.Before(dates.Date{Year: f.Year(), Month: int(f.Month()), Day: f.Day()}) {
			return "", ""
		}
	}
	return d.String(), source
}

var (
	pdfCreation  = regexp.MustCompile(`/CreationDate\s*(\([^)]{0,80}\)|<[0-9A-Fa-f\s]{0,200}>)`)
	pdfMod       = regexp.MustCompile(`/ModDate\s*(\([^)]{0,80}\)|<[0-9A-Fa-f\s]{0,200}>)`)
	xmpCreate    = regexp.MustCompile(`xmp:CreateDate(?:>|=")\s*([0-9T:+\-.Z]{10,40})`)
	objStm       = regexp.MustCompile(`/Type\s*/ObjStm[^>]*>>\s*stream\r?\n`)
	coreCreated  = regexp.MustCompile(`<dcterms:created[^>]*>([^<]{8,40})<`)
	coreModified = regexp.MustCompile(`<dcterms:modified[^>]*>([^<]{8,40})<`)
	odfCreated   = regexp.MustCompile(`<meta:creation-date>([^<]{8,40})<`)
	odfModified  = regexp.MustCompile(`<dc:date>([^<]{8,40})<`)
)

// pdfDate reads the Info dictionary's dates where they are written in the
// clear, else inside the compressed object streams (PDF 1.5 files may keep
// the Info dictionary there), else the XMP packet.
func pdfDate(body []byte) dates.Date {
	if d := infoDate(body); !d.IsZero() {
		return d
	}
	n := 0
	for _, ix := range objStm.FindAllIndex(body, 200) {
		if n++; n > 50 {
			break
		}
		if d := infoDate(inflate(body[ix[1]:], 4<<20)); !d.IsZero() {
			return d
		}
	}
	if m := xmpCreate.FindSubmatch(body); m != nil {
		d, _ := dates.Value(string(m[1]))
		return d
	}
	return dates.Date{}
}

// infoDate: the last CreationDate written (an incremental update appends a
// new Info dictionary), else the last ModDate.
func infoDate(b []byte) dates.Date {
	for _, re := range []*regexp.Regexp{pdfCreation, pdfMod} {
		ms := re.FindAllSubmatch(b, -1)
		for i := len(ms) - 1; i >= 0; i-- {
			if d, ok := dates.Value(pdfString(ms[i][1])); ok {
				return d
			}
		}
	}
	return dates.Date{}
}

// pdfString decodes a PDF literal (D:…) or hex <…> string; UTF-16BE
// (FEFF) hex strings are narrowed to their ASCII characters.
func pdfString(s []byte) string {
	if len(s) < 2 {
		return ""
	}
	inner := s[1 : len(s)-1]
	if s[0] == '(' {
		return string(inner)
	}
	var raw []byte
	hex := bytes.Join(bytes.Fields(inner), nil)
	for i := 0; i+1 < len(hex); i += 2 {
		raw = append(raw, unhex(hex[i])<<4|unhex(hex[i+1]))
	}
	if len(raw) >= 2 && raw[0] == 0xFE && raw[1] == 0xFF {
		var out []byte
		for i := 3; i < len(raw); i += 2 {
			out = append(out, raw[i])
		}
		return string(out)
	}
	return string(raw)
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}

// inflate decompresses a Flate stream starting at b, at most limit bytes;
// what it could read before an error.
func inflate(b []byte, limit int64) []byte {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	defer zr.Close()
	out, _ := io.ReadAll(io.LimitReader(zr, limit))
	return out
}

// zipDate reads a date from one XML member of a zip container: the first
// pattern that matches, else the second.
func zipDate(body []byte, member string, first, second *regexp.Regexp) dates.Date {
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return dates.Date{}
	}
	for _, f := range zr.File {
		if f.Name != member {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return dates.Date{}
		}
		xml, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
		rc.Close()
		for _, re := range []*regexp.Regexp{first, second} {
			if m := re.FindSubmatch(xml); m != nil {
				if d, ok := dates.Value(string(m[1])); ok {
					return d
				}
			}
		}
	}
	return dates.Date{}
}
