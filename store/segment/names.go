package segment

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Loc is where one record lies: segment number, offset of its gzip member
// in that file, and the member's length in bytes.
type Loc struct {
	Seg uint32
	Off int64
	Len int64
}

// End is the offset just past the record.
func (l Loc) End() int64 { return l.Off + l.Len }

func (l Loc) String() string { return fmt.Sprintf("segment %05d @%d+%d", l.Seg, l.Off, l.Len) }

const suffix = ".warc.gz"

// Dir is the segment directory of the index file dbPath: nianbao.db →
// nianbao.warcs.
func Dir(dbPath string) string {
	return strings.TrimSuffix(dbPath, filepath.Ext(dbPath)) + ".warcs"
}

// Prefix is the segment file name prefix for dbPath: nianbao.db → nianbao.
func Prefix(dbPath string) string {
	base := filepath.Base(dbPath)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// FileName names segment seg: prefix-00001.warc.gz.
func FileName(prefix string, seg uint32) string {
	return fmt.Sprintf("%s-%05d%s", prefix, seg, suffix)
}

// List returns the numbers of the segments present in dir, ascending; none
// when dir does not exist.
func List(dir, prefix string) ([]uint32, error) {
	ents, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list segments: %w", err)
	}
	var out []uint32
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, prefix+"-") || !strings.HasSuffix(name, suffix) {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(name, prefix+"-"), suffix), 10, 32)
		if err == nil && n > 0 {
			out = append(out, uint32(n))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}
