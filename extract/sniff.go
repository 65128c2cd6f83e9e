package extract

import (
	"archive/zip"
	"bytes"
	"path"
	"strings"

	"github.com/nianbao/nianbao/extract/charset"
)

// Kinds of body, decided from the bytes (never from the name alone: a .wps
// is usually a Word binary or OOXML, an .xls is sometimes HTML, a .doc
// sometimes RTF).
const (
	KindHTML      = "html"
	KindText      = "text"
	KindPDF       = "pdf"
	KindDOCX      = "docx" // OOXML word-processing (also WPS saved as OOXML)
	KindXLSX      = "xlsx" // OOXML spreadsheet (also ET saved as OOXML)
	KindODT       = "odt"  // OpenDocument text
	KindODS       = "ods"  // OpenDocument spreadsheet
	KindDOC       = "doc"  // Word 97–2003 binary (.doc, most .wps)
	KindXLS       = "xls"  // Excel 97–2003 binary (.xls, most .et)
	KindRTF       = "rtf"
	KindOFD       = "ofd" // GB/T 33190 fixed-layout document
	KindImage     = "image"
	KindEncrypted = "encrypted" // password-protected OOXML (a CFB holding EncryptedPackage) or Word binary (FIB fEncrypted)
)

var cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Sniff decides what a body is: one of the Kind constants, or "" for
// bodies no reader applies to.
func Sniff(contentType, rawURL string, body []byte) string {
	ext := strings.ToLower(path.Ext(strings.SplitN(rawURL, "?", 2)[0]))
	switch {
	case bytes.HasPrefix(body, []byte("%PDF-")):
		return KindPDF
	case bytes.HasPrefix(body, cfbMagic):
		return cfbKind(body, ext)
	case bytes.HasPrefix(body, []byte("PK\x03\x04")):
		return zipKind(body, ext, contentType)
	case bytes.HasPrefix(bytes.TrimLeft(body, "\xef\xbb\xbf \t\r\n"), []byte(`{\rtf`)):
		return KindRTF
	case isImage(body):
		return KindImage
	case strings.Contains(strings.ToLower(contentType), "pdf") && !charset.IsText("", body):
		return KindPDF
	}
	if !charset.IsText(contentType, body) {
		return ""
	}
	if strings.Contains(strings.ToLower(contentType), "html") || looksHTML(body) {
		return KindHTML
	}
	return KindText
}

// wordEncrypted reads the fEncrypted flag of a Word binary's FIB: the
// WordDocument stream starts on a sector boundary with the magic 0xA5EC,
// and bit 8 of the flags at offset 10 says the document needs a password.
// (LibreOffice would stop at its password prompt; catdoc reads nothing.)
func wordEncrypted(body []byte) bool {
	for off := 512; off+12 <= len(body) && off < 4<<20; off += 512 {
		if body[off] == 0xEC && body[off+1] == 0xA5 {
			return body[off+11]&0x01 != 0
		}
	}
	return false
}

// cfbKind tells a Word binary from an Excel binary by the stream names in
// the compound file's directory (UTF-16LE), falling back on the extension.
func cfbKind(body []byte, ext string) string {
	has := func(name string) bool { return bytes.Contains(body, utf16le(name)) }
	switch {
	case has("EncryptedPackage"):
		return KindEncrypted
	case has("WordDocument") && wordEncrypted(body):
		return KindEncrypted
	case has("WordDocument"):
		return KindDOC
	case has("Workbook") || has("Book\x00"):
		return KindXLS
	}
	switch ext {
	case ".doc", ".wps", ".dot":
		return KindDOC
	case ".xls", ".et", ".xlt":
		return KindXLS
	}
	return ""
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// zipKind names the document a zip holds by its well-known members.
func zipKind(body []byte, ext, contentType string) string {
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return damagedZipKind(ext, contentType)
	}
	kind := ""
	for _, f := range zr.File {
		switch name := strings.TrimPrefix(f.Name, "/"); {
		case name == "word/document.xml":
			return KindDOCX
		case name == "xl/workbook.xml":
			return KindXLSX
		case strings.EqualFold(name, "OFD.xml"):
			return KindOFD
		case name == "mimetype":
			kind = odfKind(f)
		}
	}
	return kind
}

// damagedZipKind names a zip that cannot be opened (truncated, corrupt) by
// its extension or content type, so that its reader reports the damage on
// the record instead of the body being passed over as unknown.
func damagedZipKind(ext, contentType string) string {
	ct := strings.ToLower(contentType)
	switch {
	case ext == ".ofd" || strings.Contains(ct, "ofd"):
		return KindOFD
	case ext == ".docx" || strings.Contains(ct, "wordprocessingml"):
		return KindDOCX
	case ext == ".xlsx" || strings.Contains(ct, "spreadsheetml"):
		return KindXLSX
	}
	return ""
}

func odfKind(f *zip.File) string {
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	var b [80]byte
	n, _ := rc.Read(b[:])
	switch mt := string(b[:n]); {
	case strings.HasPrefix(mt, "application/vnd.oasis.opendocument.text"):
		return KindODT
	case strings.HasPrefix(mt, "application/vnd.oasis.opendocument.spreadsheet"):
		return KindODS
	}
	return ""
}

func isImage(b []byte) bool {
	return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}) ||
		bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*")) ||
		bytes.HasPrefix(b, []byte("GIF8")) || (len(b) > 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP")
}

func looksHTML(body []byte) bool {
	head := body
	if len(head) > 1024 {
		head = head[:1024]
	}
	h := bytes.ToLower(head)
	return bytes.Contains(h, []byte("<html")) || bytes.Contains(h, []byte("<!doctype html")) ||
		bytes.Contains(h, []byte("<body")) || bytes.Contains(h, []byte("<table")) || bytes.Contains(h, []byte("<div"))
}
