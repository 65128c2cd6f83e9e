package warc

import (
	"bufio"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// DefaultRunLines is how many CDXJ lines an IndexWriter sorts in memory
// before spilling them to a temporary run file (~15–20 MB of lines).
const DefaultRunLines = 50_000

// IndexWriter collects CDXJ lines and writes them sorted (bytewise, as
// pywb expects) on Close. Memory is bounded by RunLines: beyond it, sorted
// runs go to temporary files in Dir and are merged at the end.
type IndexWriter struct {
	RunLines int    // lines per in-memory run; DefaultRunLines if 0
	Dir      string // directory for runs; os.TempDir() if ""

	out   io.Writer
	lines []string
	runs  []string
}

// NewIndexWriter returns an IndexWriter that writes the sorted index to out.
func NewIndexWriter(out io.Writer) *IndexWriter { return &IndexWriter{out: out} }

// Add adds the line of one entry.
func (w *IndexWriter) Add(e IndexEntry) error {
	line, err := e.Line()
	if err != nil {
		return err
	}
	w.lines = append(w.lines, line)
	limit := w.RunLines
	if limit <= 0 {
		limit = DefaultRunLines
	}
	if len(w.lines) >= limit {
		return w.spill()
	}
	return nil
}

// spill sorts the lines in memory and writes them to a new run file.
func (w *IndexWriter) spill() (err error) {
	slices.Sort(w.lines)
	f, err := os.CreateTemp(w.Dir, "cdxj-run-*")
	if err != nil {
		return fmt.Errorf("cdxj spill: %w", err)
	}
	w.runs = append(w.runs, f.Name())
	bw := bufio.NewWriter(f)
	for _, l := range w.lines {
		bw.WriteString(l + "\n")
	}
	err = errors.Join(bw.Flush(), f.Close())
	w.lines = w.lines[:0]
	if err != nil {
		return fmt.Errorf("cdxj spill: %w", err)
	}
	return nil
}

// Close writes every line, sorted, to the output and removes the runs.
// It does not close the output.
func (w *IndexWriter) Close() error {
	defer w.removeRuns()
	bw := bufio.NewWriter(w.out)
	if len(w.runs) == 0 {
		slices.Sort(w.lines)
		for _, l := range w.lines {
			bw.WriteString(l + "\n")
		}
		w.lines = nil
		return flushErr(bw)
	}
	if len(w.lines) > 0 {
		if err := w.spill(); err != nil {
			return err
		}
	}
	if err := mergeRuns(bw, w.runs); err != nil {
		return err
	}
	return flushErr(bw)
}

func flushErr(bw *bufio.Writer) error {
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("cdxj write: %w", err)
	}
	return nil
}

// Discard drops what was added and removes the runs, for an export that
// failed; it is a no-op after Close.
func (w *IndexWriter) Discard() {
	w.lines = nil
	w.removeRuns()
}

func (w *IndexWriter) removeRuns() {
	for _, r := range w.runs {
		_ = os.Remove(r)
	}
	w.runs = nil
}

// mergeRuns k-way merges sorted run files into bw.
func mergeRuns(bw *bufio.Writer, runs []string) error {
	h := &runHeap{}
	for _, name := range runs {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("cdxj merge: %w", err)
		}
		defer f.Close()
		s := bufio.NewScanner(f)
		s.Buffer(make([]byte, 64<<10), 16<<20)
		if s.Scan() {
			heap.Push(h, runHead{line: s.Text(), s: s})
		} else if err := s.Err(); err != nil {
			return fmt.Errorf("cdxj merge %s: %w", name, err)
		}
	}
	for h.Len() > 0 {
		top := (*h)[0]
		bw.WriteString(top.line + "\n")
		if top.s.Scan() {
			(*h)[0].line = top.s.Text()
			heap.Fix(h, 0)
			continue
		}
		if err := top.s.Err(); err != nil {
			return fmt.Errorf("cdxj merge: %w", err)
		}
		heap.Pop(h)
	}
	return nil
}

type runHead struct {
	line string
	s    *bufio.Scanner
}

type runHeap []runHead

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return h[i].line < h[j].line }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(runHead)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
