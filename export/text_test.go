package export

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
)

// nastyRecords are records whose titles, URLs, region codes and digests
// try to escape the export folder or break file names.
func nastyRecords() []*extract.Record {
	mods := []func(r *extract.Record){
		func(r *extract.Record) { r.Title = "../../../etc/passwd" },
		func(r *extract.Record) { r.Title = `..\..\Windows\System32\cmd.exe` },
		func(r *extract.Record) { r.Title = "a/b/c\x00d.txt" },
		func(r *extract.Record) { r.Title = strings.Repeat("很长的标题", 50) },
		func(r *extract.Record) { r.Title = "" },
		func(r *extract.Record) { r.Title = "...." },
		func(r *extract.Record) { r.Title = "bad\xff\xfeutf8 年报" },
		func(r *extract.Record) { r.RegionCode, r.Title = "../..", "x" },
		func(r *extract.Record) { r.SHA256, r.Year = "../../../../", -5 },
		func(r *extract.Record) { r.URL, r.Title = "http://x/../../a", "CON" },
		func(r *extract.Record) { r.Title = "同名" },
		func(r *extract.Record) { r.Title = "同名" }, // same name: gets -2
	}
	var out []*extract.Record
	for i, m := range mods {
		r := genRecord(i)
		if i == len(mods)-1 {
			*r = *out[len(out)-1]
		}
		m(r)
		out = append(out, r)
	}
	return out
}

func TestTextName_Safe(t *testing.T) {
	for _, r := range nastyRecords() {
		name := TextName(r)
		parts := strings.Split(name, "/")
		title := strings.TrimSuffix(parts[len(parts)-1], ".txt")
		if len(parts) != 3 || !filepath.IsLocal(name) || strings.Contains(name, "..") ||
			strings.ContainsAny(name, "\\\x00:") || !utf8.ValidString(name) ||
			utf8.RuneCountInString(title) > 13+maxTitleRunes {
			t.Errorf("unsafe name %q for title %q", name, r.Title)
		}
	}
	r := genRecord(0)
	if got, want := TextName(r), "510107/2019/cdb2708db3af-武侯区人民政府2019年政府信息公开工作年度报告.txt"; got != want {
		t.Errorf("TextName = %q, want %q", got, want)
	}
}

func TestWrite_TextZip(t *testing.T) {
	recs := nastyRecords()
	empty := genRecord(99)
	empty.Text = " \n"
	var buf bytes.Buffer
	sum, err := Write(context.Background(), &fakeSource{records: append(recs, empty)}, testOptions(FormatText), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Records != int64(len(recs)) || sum.Reasons["no_text"] != 1 {
		t.Errorf("summary %+v", sum)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for i, f := range zr.File {
		if names[f.Name] || !filepath.IsLocal(f.Name) {
			t.Errorf("duplicate or unsafe entry %q", f.Name)
		}
		names[f.Name] = true
		rc, _ := f.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		if !utf8.Valid(body) || !bytes.HasSuffix(body, []byte(recs[i].Text+"\n")) ||
			!bytes.HasPrefix(body, []byte("title: ")) {
			t.Errorf("entry %s: body %q", f.Name, body[:min(len(body), 120)])
		}
	}
	if !names[strings.TrimSuffix(TextName(recs[len(recs)-1]), ".txt")+"-2.txt"] {
		t.Errorf("second 同名 not renamed: %v", names)
	}
}

func TestExport_TextFolder_StaysInside(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "texts")
	opt := testOptions(FormatText)
	opt.TextFolder = true
	sum, err := Export(context.Background(), &fakeSource{records: nastyRecords()}, opt, dir)
	if err != nil {
		t.Fatal(err)
	}
	var files int
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if !strings.HasPrefix(rel, "texts"+string(filepath.Separator)) && !strings.HasPrefix(rel, "texts.codebook.") {
			t.Errorf("file outside the export folder: %s", rel)
		}
		if strings.HasPrefix(rel, "texts"+string(filepath.Separator)) {
			files++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != len(nastyRecords()) || sum.Records != int64(files) {
		t.Errorf("%d files, summary %+v", files, sum)
	}
	if _, err := os.Stat(filepath.Join(root, "etc")); err == nil {
		t.Error("escaped to ../etc")
	}
}
