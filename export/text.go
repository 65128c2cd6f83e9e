package export

import (
	"archive/zip"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
)

// maxTitleRunes bounds the title part of a text file name.
const maxTitleRunes = 60

// TextName returns the slash-separated relative name of r's text file:
// <region_code>/<year>/<sha256[:12]>-<title>.txt. Every part is sanitised:
// only safe characters survive, so no name can climb out of the export
// folder, name a device or hide a NUL, whatever the title or URL holds.
func TextName(r *extract.Record) string {
	region := safeToken(r.RegionCode, 32)
	year := "unknown"
	if r.Year > 0 && r.Year < 10000 {
		year = strconv.Itoa(r.Year)
	}
	id := safeToken(strings.ToLower(r.SHA256), 12)
	title := sanitiseTitle(r.Title)
	return region + "/" + year + "/" + id + "-" + title + ".txt"
}

// safeToken keeps ASCII letters, digits, '-' and '_' (at most max of them);
// "unknown" if nothing is left.
func safeToken(s string, max int) string {
	var b strings.Builder
	for _, c := range s {
		if b.Len() == max {
			break
		}
		if c < utf8.RuneSelf && (unicode.IsLetter(c) || unicode.IsDigit(c) || c == '-' || c == '_') {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "unknown"
	}
	return b.String()
}

// sanitiseTitle keeps letters, digits, marks and a few harmless symbols of
// a title, turns anything else (separators, dots, control and reserved
// characters) into '_', collapses runs of '_' and cuts to maxTitleRunes.
func sanitiseTitle(s string) string {
	var b strings.Builder
	n, under := 0, false
	for _, c := range strings.ToValidUTF8(s, "_") {
		if n == maxTitleRunes {
			break
		}
		keep := unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) ||
			strings.ContainsRune("（）()【】《》〔〕[]-+，、", c)
		if !keep {
			if under {
				continue
			}
			c = '_'
		}
		under = c == '_'
		b.WriteRune(c)
		n++
	}
	t := strings.Trim(b.String(), "_")
	if t == "" {
		return "untitled"
	}
	return t
}

// textBody is the file content: metadata lines, a blank line, the text.
func textBody(r *extract.Record) string {
	var b strings.Builder
	for _, k := range []struct{ k, v string }{
		{"title", r.Title}, {"url", r.URL}, {"agency", r.Agency}, {"region_code", r.RegionCode},
		{"region_name", r.RegionName}, {"year", intOrEmpty(r.Year)}, {"published", r.Published},
		{"form_version", r.Format}, {"sha256", r.SHA256}, {"fetched_at", timeOrEmpty(r.FetchedAt)},
	} {
		v := strings.Join(strings.Fields(strings.ToValidUTF8(k.v, "\uFFFD")), " ")
		fmt.Fprintf(&b, "%s: %s\n", k.k, v)
	}
	b.WriteString("\n")
	b.WriteString(strings.ToValidUTF8(r.Text, "\uFFFD"))
	if !strings.HasSuffix(r.Text, "\n") {
		b.WriteString("\n")
	}
	return b.String()
}

// uniqueNames hands out each name once, adding -2, -3 … before ".txt" when
// two records would share one (several versions of one report). It keeps
// a 64-bit hash per name, not the name: 16 bytes a record.
type uniqueNames map[uint64]int

func (u uniqueNames) take(name string) string {
	h := fnv.New64a()
	h.Write([]byte(name))
	k := h.Sum64()
	u[k]++
	if n := u[k]; n > 1 {
		name = strings.TrimSuffix(name, ".txt") + "-" + strconv.Itoa(n) + ".txt"
	}
	return name
}

// writeTextZip writes one text file per record into a zip on w.
func writeTextZip(ctx context.Context, src Source, opt Options, w io.Writer) (Summary, error) {
	var sum Summary
	zw := zip.NewWriter(w)
	names := uniqueNames{}
	err := eachRecord(ctx, src, opt.Filter, &sum, func(r *extract.Record) error {
		if strings.TrimSpace(r.Text) == "" {
			sum.skip("no_text")
			return nil
		}
		name := names.take(TextName(r))
		hdr := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modTime(r)}
		f, err := zw.CreateHeader(hdr)
		if err == nil {
			_, err = io.WriteString(f, textBody(r))
		}
		if err != nil {
			return fmt.Errorf("zip %s: %w", name, err)
		}
		sum.Records++
		return nil
	})
	if cerr := zw.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("zip close: %w", cerr)
	}
	return sum, err
}

func modTime(r *extract.Record) time.Time {
	if r.FetchedAt.IsZero() {
		return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return r.FetchedAt.UTC()
}

// writeTextFolder writes one text file per record under dir.
func writeTextFolder(ctx context.Context, src Source, opt Options, dir string) (Summary, error) {
	var sum Summary
	names := uniqueNames{}
	err := eachRecord(ctx, src, opt.Filter, &sum, func(r *extract.Record) error {
		if strings.TrimSpace(r.Text) == "" {
			sum.skip("no_text")
			return nil
		}
		name := names.take(TextName(r))
		n, err := writeTextFile(dir, name, textBody(r))
		sum.Bytes += n
		if err != nil {
			return err
		}
		sum.Records++
		return nil
	})
	sum.Files = []string{dir}
	return sum, err
}

func writeTextFile(dir, name, body string) (int64, error) {
	if !filepath.IsLocal(filepath.FromSlash(name)) || path.Clean(name) != name {
		return 0, fmt.Errorf("text: unsafe name %q", name)
	}
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return 0, fmt.Errorf("text: %w", err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		return 0, fmt.Errorf("text: %w", err)
	}
	return int64(len(body)), nil
}
