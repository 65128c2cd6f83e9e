package charset

import (
	"bytes"
	"mime"
	"strings"
)

// binaryMagic lists signatures of the non-text bodies a report crawl meets:
// attachments (PDF, Office, WPS, archives) and page furniture (images).
var binaryMagic = []struct {
	offset int
	magic  string
}{
	{0, "%PDF-"},
	{0, "PK\x03\x04"}, {0, "PK\x05\x06"}, // zip, docx, xlsx, ofd
	{0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"}, // OLE: doc, xls, ppt, wps, et
	{0, "\x89PNG\r\n\x1A\n"},
	{0, "GIF87a"}, {0, "GIF89a"},
	{0, "\xFF\xD8\xFF"},
	{0, "\x1F\x8B"},           // gzip
	{0, "Rar!\x1A\x07"},       // rar
	{0, "7z\xBC\xAF\x27\x1C"}, // 7z
	{0, "{\\rtf"},
	{0, "II*\x00"}, {0, "MM\x00*"}, // tiff
	{0, "\x00\x00\x01\x00"}, // ico
	{0, "OggS"}, {0, "ID3"}, {0, "fLaC"},
	{4, "ftyp"}, // mp4, mov, heic
	{8, "WEBP"}, {8, "AVI "}, {8, "WAVE"},
	{0, "\x00asm"}, {0, "wOFF"}, {0, "wOF2"},
}

// IsText reports whether a body is text (HTML, XML, JSON, plain text,
// scripts) rather than a document or media file (PDF, DOC, ZIP, images…).
// Magic bytes win over the Content-Type, which is often wrong both ways:
// PDFs served as text/html, HTML error pages served as application/pdf.
func IsText(contentType string, body []byte) bool {
	if hasBinaryMagic(body) {
		return false
	}
	switch mediaClass(contentType) {
	case classText:
		return true
	case classBinary:
		return looksLikeMarkup(body)
	}
	return !hasBinaryBytes(body)
}

func hasBinaryMagic(body []byte) bool {
	for _, m := range binaryMagic {
		if len(body) >= m.offset+len(m.magic) && string(body[m.offset:m.offset+len(m.magic)]) == m.magic {
			return true
		}
	}
	return false
}

const (
	classUnknown = iota
	classText
	classBinary
)

func mediaClass(contentType string) int {
	if contentType == "" {
		return classUnknown
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(contentType, ";", 2)[0]))
	}
	switch {
	case strings.HasPrefix(mt, "text/"), strings.HasSuffix(mt, "+xml"), strings.HasSuffix(mt, "+json"),
		strings.HasSuffix(mt, "/xml"), strings.HasSuffix(mt, "/json"), strings.HasSuffix(mt, "javascript"),
		mt == "application/ecmascript":
		return classText
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "video/"),
		strings.HasPrefix(mt, "font/"), strings.HasPrefix(mt, "application/"):
		return classBinary
	}
	return classUnknown
}

// looksLikeMarkup accepts a body declared binary when it plainly starts as
// HTML, XML or JSON and holds no binary bytes.
func looksLikeMarkup(body []byte) bool {
	b := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if len(b) == 0 || (b[0] != '<' && b[0] != '{' && b[0] != '[') {
		return false
	}
	return !hasBinaryBytes(body)
}

// hasBinaryBytes reports control bytes no text encoding here produces
// (NUL and friends) in the first 1 KB; UTF-16 with a BOM is text.
func hasBinaryBytes(body []byte) bool {
	if bytes.HasPrefix(body, []byte{0xFF, 0xFE}) || bytes.HasPrefix(body, []byte{0xFE, 0xFF}) {
		return false
	}
	if len(body) > 1024 {
		body = body[:1024]
	}
	for _, c := range body {
		if c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1B) {
			return true
		}
	}
	return false
}
