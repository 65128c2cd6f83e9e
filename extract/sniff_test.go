package extract

import (
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	doc := officeFixture(t, "boai.doc")
	xls := officeFixture(t, "boai.xls")
	rtf := officeFixture(t, "boai.rtf")
	encrypted := append(append([]byte{}, cfbMagic...), utf16le("EncryptedPackage")...)
	tests := []struct {
		name, ct, url string
		body          []byte
		want          string
	}{
		{"pdf", "", "http://x/a", []byte("%PDF-1.7\n"), KindPDF},
		{"word binary as .wps", "application/octet-stream", "http://x/a.wps", doc, KindDOC},
		{"word binary named .xls", "application/vnd.ms-excel", "http://x/a.xls", doc, KindDOC},
		{"excel binary as .et", "", "http://x/a.et", xls, KindXLS},
		{"rtf named .doc", "application/msword", "http://x/a.doc", rtf, KindRTF},
		{"html named .xls", "application/vnd.ms-excel", "http://x/a.xls", []byte("<html><body><table><tr><td>1</td></tr></table>"), KindHTML},
		{"html named .doc", "application/msword", "http://x/a.doc", []byte("<html><body><p>年度报告</p>"), KindHTML},
		{"encrypted ooxml", "", "http://x/a.docx", encrypted, KindEncrypted},
		{"png", "image/png", "http://x/a.png", []byte("\x89PNG\r\n\x1a\n...."), KindImage},
		{"jpeg", "", "http://x/a", []byte{0xFF, 0xD8, 0xFF, 0xE0}, KindImage},
		{"text", "text/plain", "http://x/a.txt", []byte("二〇二三年度报告"), KindText},
		{"zip junk", "", "http://x/a.zip", []byte("PK\x03\x04junk"), ""},
		{"truncated ofd", "", "http://x/a.ofd", []byte("PK\x03\x04junk"), KindOFD},
		{"truncated docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "http://x/a", []byte("PK\x03\x04junk"), KindDOCX},
	}
	for _, tt := range tests {
		if got := Sniff(tt.ct, tt.url, tt.body); got != tt.want {
			t.Errorf("%s: Sniff = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestExtract_BadOffice(t *testing.T) {
	encrypted := append(append([]byte{}, cfbMagic...), utf16le("EncryptedPackage")...)
	tests := []struct {
		name    string
		body    []byte
		want    error
		failure string
	}{
		{"encrypted", encrypted, ErrEncrypted, "parse_error:"},
		{"password-protected word binary", encryptedDOC(t), ErrEncrypted, "parse_error:"},
		{"word binary without a converter", officeFixture(t, "boai.doc"), OfficeToolMissing, "tool_missing:soffice"},
		{"rtf without a converter", officeFixture(t, "boai.rtf"), OfficeToolMissing, "tool_missing:soffice"},
	}
	for _, tt := range tests {
		rec, ok, err := Parser{}.Extract(Input{URL: "http://x.gov.cn/a.doc", Body: tt.body})
		if ok || err != nil || !strings.HasPrefix(rec.ParseFailure, tt.failure) || !strings.Contains(rec.Note, tt.want.Error()) {
			t.Errorf("%s: ok=%v err=%v failure=%q note=%q", tt.name, ok, err, rec.ParseFailure, rec.Note)
		}
	}
}

// encryptedDOC is the Word fixture with the FIB's fEncrypted flag set, as
// Word writes it for a document that needs a password to open.
func encryptedDOC(t *testing.T) []byte {
	doc := append([]byte{}, officeFixture(t, "boai.doc")...)
	for off := 512; off+12 <= len(doc); off += 512 {
		if doc[off] == 0xEC && doc[off+1] == 0xA5 {
			doc[off+11] |= 0x01
			if Sniff("", "http://x/a.doc", doc) != KindEncrypted {
				t.Fatal("flagged Word binary not sniffed as encrypted")
			}
			return doc
		}
	}
	t.Fatal("no FIB in the Word fixture")
	return nil
}
