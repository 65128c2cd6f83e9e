package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"unicode"

	"github.com/mattn/go-isatty"
	"golang.org/x/sys/unix"
	"golang.org/x/text/width"
)

// terminal serialises what goes to one terminal: log lines and the live
// progress line. A log line first erases the live line, then the live line
// is drawn again below it, so logs scroll above it and never run into it.
type terminal struct {
	mu   sync.Mutex
	f    *os.File
	live string // the live line as drawn; "" = none
}

// terminals holds one *terminal per terminal file, so the logger and the
// progress line of a command share it however they were created.
var terminals sync.Map // *os.File → *terminal

// terminalFor returns the shared terminal behind w, or nil when w is not a
// terminal (a file, a pipe, TERM=dumb): then output stays plain.
func terminalFor(w io.Writer) *terminal {
	f, ok := w.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) || os.Getenv("TERM") == "dumb" {
		return nil
	}
	t, _ := terminals.LoadOrStore(f, &terminal{f: f})
	return t.(*terminal)
}

// isTerminal reports whether w is an interactive terminal.
func isTerminal(w io.Writer) bool { return terminalFor(w) != nil }

// Write writes a log line above the live line.
func (t *terminal) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.live == "" {
		return t.f.Write(p)
	}
	io.WriteString(t.f, "\r\033[K")
	n, err := t.f.Write(p)
	if len(p) > 0 && p[len(p)-1] == '\n' {
		io.WriteString(t.f, t.live)
	}
	return n, err
}

// draw replaces the live line, cut to the terminal's width so that it never
// wraps (a wrapped line could not be erased).
func (t *terminal) draw(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if ws, err := unix.IoctlGetWinsize(int(t.f.Fd()), unix.TIOCGWINSZ); err == nil && ws.Col > 1 {
		line = truncateWidth(line, int(ws.Col)-1)
	}
	t.live = line
	fmt.Fprintf(t.f, "\r\033[K%s", line)
}

// end leaves the live line in place as a final line and stops redrawing it.
func (t *terminal) end(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.f, "\r\033[K%s\n", line)
	t.live = ""
}

// displayWidth is the number of terminal columns s takes: East Asian wide
// and fullwidth characters (汉字, fullwidth punctuation) take two, combining
// marks and other zero-width characters none, everything else one.
// golang.org/x/text/width carries Unicode's East Asian Width property; the
// module is already a dependency (charset decoding), so no new one.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case r == 0 || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r):
		return 0
	case r < 0x20 || r == 0x7f:
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// truncateWidth cuts s to at most w columns, ending with … when cut.
func truncateWidth(s string, w int) string {
	if displayWidth(s) <= w {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		rw := runeWidth(r)
		if used+rw > w-1 {
			break
		}
		b.WriteRune(r)
		used += rw
	}
	b.WriteString("…")
	return b.String()
}

// table is a text table whose columns are aligned by display width, so
// Chinese names line up with Latin text (text/tabwriter counts runes: a
// 汉字 takes two columns but counts one). Columns are separated by two
// spaces; the last column is not padded.
type table struct {
	indent string
	rows   [][]string
}

func newTable(indent string, header ...string) *table {
	t := &table{indent: indent}
	if len(header) > 0 {
		t.rows = append(t.rows, header)
	}
	return t
}

// add appends a row; cells are formatted with %v.
func (t *table) add(cells ...any) {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = fmt.Sprint(c)
	}
	t.rows = append(t.rows, row)
}

// write prints the table.
func (t *table) write(w io.Writer) {
	var widths []int
	for _, row := range t.rows {
		for i, c := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var b, line strings.Builder
	for _, row := range t.rows {
		line.Reset()
		line.WriteString(t.indent)
		for i, c := range row {
			line.WriteString(c)
			if i < len(row)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ")) // an empty last cell leaves no padding
		b.WriteByte('\n')
	}
	io.WriteString(w, b.String())
}
