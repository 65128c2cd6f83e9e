package toolrun

import (
	"bytes"
	"fmt"

	"github.com/nianbao/nianbao/extract/textnorm"
)

// Stderr collects a program's standard error for an error message, in
// bounded memory however much the program writes: its first and last
// lines and how many there were. A damaged PDF makes pdftotext print one
// "Syntax Error" line per bad object, megabytes of them, which used to end
// up whole in the record's note (3 MB for one 10 MB document).
type Stderr struct {
	head  bytes.Buffer // the start, up to headMax bytes
	tail  []byte       // the last tailMax bytes
	lines int
	last  byte
}

const (
	headMax = 2 << 10
	tailMax = 512
)

func (s *Stderr) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	s.lines += bytes.Count(p, []byte{'\n'})
	s.last = p[len(p)-1]
	if room := headMax - s.head.Len(); room > 0 {
		s.head.Write(p[:min(room, len(p))])
	}
	s.tail = append(s.tail, p[max(0, len(p)-tailMax):]...)
	if len(s.tail) > tailMax {
		s.tail = append(s.tail[:0], s.tail[len(s.tail)-tailMax:]...)
	}
	return len(p), nil
}

// Head is the start of what was written (at most 2 KB), for matching a
// known message.
func (s *Stderr) Head() []byte { return s.head.Bytes() }

// Summary is the first line, and when there were more, the last one and
// the count: "Syntax Error (292): Illegal character '{' … Couldn't read
// xref table (4,108 lines)". Each line is cut at 300 bytes.
func (s *Stderr) Summary() string {
	n := s.lines
	if s.last != '\n' && s.last != 0 {
		n++
	}
	first := firstLine(s.head.Bytes())
	if n <= 1 {
		return first
	}
	last := lastLine(s.tail)
	if n == 2 {
		return first + "; " + last
	}
	return fmt.Sprintf("%s … %s (%d lines)", first, last, n)
}

func firstLine(b []byte) string {
	b = bytes.TrimSpace(b)
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	return cut(string(bytes.TrimSpace(b)), 300)
}

// cut shortens s to at most n bytes (and an ellipsis) without splitting a
// UTF-8 sequence.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return textnorm.Clip(s, n) + "…"
}
