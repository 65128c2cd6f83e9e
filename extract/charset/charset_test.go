package charset

import (
	"testing"
	"unicode/utf8"
)

func TestDecode_Fixtures(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.file, func(t *testing.T) {
			body, want := loadFixture(t, f)
			got, d := Decode(body, f.contentType)
			if d.Name != f.name || d.Method != f.method || d.Declared != f.declared || d.Lying != f.lying {
				t.Errorf("Decide = %+v\nwant name=%q method=%q declared=%q lying=%v", d, f.name, f.method, f.declared, f.lying)
			}
			if !utf8.Valid(got) {
				t.Errorf("output is not valid UTF-8")
			}
			if string(got) != want {
				t.Errorf("decoded text differs:\n got %.200q\nwant %.200q", got, want)
			}
		})
	}
}

func TestDecide_FixtureBytesAreRaw(t *testing.T) {
	// A non-UTF-8 fixture must hold the encoded bytes: one that an editor
	// re-encoded to UTF-8 would make the table above meaningless.
	for _, f := range fixtures {
		body, _ := loadFixture(t, f)
		if f.name != NameUTF8 && f.name != "" && utf8.Valid(body) {
			t.Errorf("%s: fixture for %s is valid UTF-8", f.file, f.name)
		}
	}
}
