package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
)

// The page walker reads bbolt's on-disk format with plain bounds-checked
// reads of the file (never through bbolt's mmap), so damage of any kind gives
// a problem, never a fault, a hang or unbounded recursion. Verify runs it
// before anything that lets bbolt follow page pointers (a cycle there means
// infinite recursion, a wild overflow count a near-endless loop in
// tx.Check), and salvage uses its visitor to copy what is readable.
//
// Format (bbolt v1.x, little-endian): page header id u64, flags u16,
// count u16, overflow u32; branch elements pos u32, ksize u32, pgid u64;
// leaf elements flags u32, pos u32, ksize u32, vsize u32, with pos relative
// to the element; a bucket value is root u64, sequence u64, then (root 0)
// an inline leaf page.
const (
	pageHeaderSize = 16
	elemSize       = 16
	flagBranch     = 0x01
	flagLeaf       = 0x02
	flagFreelist   = 0x10
	leafBucketFlag = 0x01
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	maxTreeDepth   = 64
	maxProblems    = 100
)

type bmeta struct {
	pageSize            int
	root, freelist, hwm uint64
	txid                uint64
}

// readMeta parses meta page n at byte offset off; ok is false when it fails
// validation.
func readMeta(r io.ReaderAt, off int64) (m bmeta, ok bool) {
	buf := make([]byte, pageHeaderSize+64)
	if _, err := r.ReadAt(buf, off); err != nil {
		return m, false
	}
	b := buf[pageHeaderSize:]
	le := binary.LittleEndian
	h := fnv.New64a()
	h.Write(b[:56])
	if le.Uint32(b) != boltMagic || le.Uint32(b[4:]) != boltVersion || le.Uint64(b[56:]) != h.Sum64() {
		return m, false
	}
	m = bmeta{pageSize: int(le.Uint32(b[8:])), root: le.Uint64(b[16:]), freelist: le.Uint64(b[32:]),
		hwm: le.Uint64(b[40:]), txid: le.Uint64(b[48:])}
	return m, m.pageSize >= 512 && m.pageSize <= 1<<20
}

// bitset marks pages seen: one bit a page, so a 10 GB file needs 300 KB.
type bitset []uint64

func (b bitset) set(i uint64)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i uint64) bool { return b[i/64]&(1<<(i%64)) != 0 }

// kvVisitor receives every key/value of intact leaf pages: bucket path (top
// level first), key, value. Nested bucket entries are not passed.
type kvVisitor func(path [][]byte, k, v []byte)

type pageWalker struct {
	r        io.ReaderAt
	size     int64
	m        bmeta
	seen     bitset
	problems []string
	visit    kvVisitor
	bucket   string // top-level bucket being walked, for messages
}

func (w *pageWalker) problem(format string, args ...any) {
	if len(w.problems) < maxProblems {
		p := fmt.Sprintf(format, args...)
		if w.bucket != "" {
			p = "bucket " + w.bucket + ": " + p
		}
		w.problems = append(w.problems, "page structure: "+p)
	}
}

// checkMetas reports a meta page that fails validation. bbolt then reads
// the other, older one: after a power loss that tore the last meta write this
// is the designed recovery (the lost transaction was never acknowledged),
// otherwise the newest acknowledged transaction was lost to damage. The next
// commit rewrites the bad page. txid is the transaction being read.
func checkMetas(r io.ReaderAt, txid int) string {
	m0, ok0 := readMeta(r, 0)
	ps := int64(4096)
	if ok0 {
		ps = int64(m0.pageSize)
	}
	_, ok1 := readMeta(r, ps)
	for i, ok := range []bool{ok0, ok1} {
		if !ok {
			return fmt.Sprintf("page structure: meta page %d is invalid; the archive is read as of transaction %d. "+
				"After a power loss this is the unfinished last commit; otherwise damage lost the newest commit", i, txid)
		}
	}
	return ""
}

// walkPages checks the page tree reachable from the newest valid meta page
// (the one bbolt itself would use).
func walkPages(r io.ReaderAt, size int64, visit kvVisitor) []string {
	w := &pageWalker{r: r, size: size, visit: visit}
	m0, ok0 := readMeta(r, 0)
	ps := int64(4096)
	if ok0 {
		ps = int64(m0.pageSize)
	}
	m1, ok1 := readMeta(r, ps)
	switch {
	case ok0 && (!ok1 || m0.txid >= m1.txid):
		w.m = m0
	case ok1:
		w.m = m1
	default:
		return []string{"page structure: both meta pages are invalid"}
	}
	if need := int64(w.m.hwm) * int64(w.m.pageSize); need > size {
		// Truncated: say so, and still walk (and visit) every page that is
		// there; each page past the end is a problem of its own.
		w.problems = append(w.problems, fmt.Sprintf("page structure: file is %d bytes, its pages need %d", size, need))
	}
	w.seen = make(bitset, (w.m.hwm+63)/64)
	w.seen.set(0)
	w.seen.set(1)
	w.checkFreelist()
	w.walk(nil, w.m.root, 0)
	return w.problems
}

// page reads page id with its overflow pages, checking bounds and
// references; nil when unusable.
func (w *pageWalker) page(id uint64) []byte {
	ps := uint64(w.m.pageSize)
	if id < 2 || id >= w.m.hwm {
		w.problem("page %d is out of bounds (high water mark %d)", id, w.m.hwm)
		return nil
	}
	hdr := make([]byte, pageHeaderSize)
	if _, err := w.r.ReadAt(hdr, int64(id*ps)); err != nil {
		w.problem("page %d: %v", id, err)
		return nil
	}
	if got := binary.LittleEndian.Uint64(hdr); got != id {
		w.problem("page %d has id %d in its header", id, got)
		return nil
	}
	over := uint64(binary.LittleEndian.Uint32(hdr[12:]))
	if id+over >= w.m.hwm {
		w.problem("page %d: overflow %d runs past the high water mark %d", id, over, w.m.hwm)
		return nil
	}
	for i := id; i <= id+over; i++ {
		if w.seen.has(i) {
			w.problem("page %d is referenced twice (cycle or overlap)", i)
			return nil
		}
		w.seen.set(i)
	}
	buf := make([]byte, (over+1)*ps)
	if _, err := w.r.ReadAt(buf, int64(id*ps)); err != nil {
		w.problem("page %d: %v", id, err)
		return nil
	}
	return buf
}

func (w *pageWalker) checkFreelist() {
	if w.m.freelist == ^uint64(0) {
		return
	}
	p := w.page(w.m.freelist)
	if p == nil {
		return
	}
	le := binary.LittleEndian
	if le.Uint16(p[8:]) != flagFreelist {
		w.problem("freelist page %d has flags %#x", w.m.freelist, le.Uint16(p[8:]))
		return
	}
	n, start := uint64(le.Uint16(p[10:])), uint64(pageHeaderSize)
	if n == 0xFFFF {
		n, start = le.Uint64(p[pageHeaderSize:]), pageHeaderSize+8
	}
	if n > uint64(len(p)) || start+n*8 > uint64(len(p)) {
		w.problem("freelist page %d claims %d ids", w.m.freelist, n)
		return
	}
	for i := uint64(0); i < n; i++ {
		if id := le.Uint64(p[start+i*8:]); id < 2 || id >= w.m.hwm {
			w.problem("freelist page %d lists page %d, out of bounds", w.m.freelist, id)
			return
		}
	}
}

// walk checks the subtree at page id of the bucket at path.
func (w *pageWalker) walk(path [][]byte, id uint64, depth int) {
	if depth > maxTreeDepth {
		w.problem("tree deeper than %d at page %d", maxTreeDepth, id)
		return
	}
	p := w.page(id)
	if p == nil {
		return
	}
	switch flags := binary.LittleEndian.Uint16(p[8:]); flags {
	case flagBranch:
		w.branch(path, id, p, depth)
	case flagLeaf:
		w.leaf(path, id, p, depth)
	default:
		w.problem("page %d has flags %#x, want branch or leaf", id, flags)
	}
}

// elem returns element i's fields and key (and value for leaves), bounds-checked.
func (w *pageWalker) elem(id uint64, p []byte, i int, leaf bool) (flags uint32, key, val []byte, child uint64, ok bool) {
	le := binary.LittleEndian
	off := pageHeaderSize + i*elemSize
	if off+elemSize > len(p) {
		w.problem("page %d: element %d lies outside the page", id, i)
		return 0, nil, nil, 0, false
	}
	e := p[off : off+elemSize]
	var pos, ksize, vsize uint64
	if leaf {
		flags, pos, ksize, vsize = le.Uint32(e), uint64(le.Uint32(e[4:])), uint64(le.Uint32(e[8:])), uint64(le.Uint32(e[12:]))
	} else {
		pos, ksize, child = uint64(le.Uint32(e)), uint64(le.Uint32(e[4:])), le.Uint64(e[8:])
	}
	start := uint64(off) + pos
	if start+ksize+vsize > uint64(len(p)) {
		w.problem("page %d: element %d points outside the page", id, i)
		return 0, nil, nil, 0, false
	}
	return flags, p[start : start+ksize], p[start+ksize : start+ksize+vsize], child, true
}

func (w *pageWalker) branch(path [][]byte, id uint64, p []byte, depth int) {
	n := int(binary.LittleEndian.Uint16(p[10:]))
	var prev []byte
	for i := 0; i < n; i++ {
		_, key, _, child, ok := w.elem(id, p, i, false)
		if !ok {
			return
		}
		if i > 0 && bytes.Compare(prev, key) >= 0 {
			w.problem("page %d: keys out of order at element %d", id, i)
			return
		}
		prev = key
		w.walk(path, child, depth+1)
	}
}

func (w *pageWalker) leaf(path [][]byte, id uint64, p []byte, depth int) {
	n := int(binary.LittleEndian.Uint16(p[10:]))
	var prev []byte
	for i := 0; i < n; i++ {
		flags, key, val, _, ok := w.elem(id, p, i, true)
		if !ok {
			return
		}
		if i > 0 && bytes.Compare(prev, key) >= 0 {
			w.problem("page %d: keys out of order at element %d", id, i)
			return
		}
		prev = key
		if flags&leafBucketFlag == 0 {
			if w.visit != nil {
				w.visit(path, key, val)
			}
			continue
		}
		w.bucketEntry(path, id, key, val, depth)
	}
}

// bucketEntry follows a nested bucket: its root page, or its inline page.
func (w *pageWalker) bucketEntry(path [][]byte, id uint64, key, val []byte, depth int) {
	if len(val) < 16 {
		w.problem("page %d: bucket %q has a %d-byte header", id, key, len(val))
		return
	}
	if len(path) == 0 {
		w.bucket = string(key)
		defer func() { w.bucket = "" }()
	}
	sub := append(append([][]byte(nil), path...), key)
	root := binary.LittleEndian.Uint64(val)
	if root != 0 {
		w.walk(sub, root, depth+1)
		return
	}
	inline := val[16:]
	if len(inline) < pageHeaderSize || binary.LittleEndian.Uint16(inline[8:]) != flagLeaf {
		w.problem("page %d: inline bucket %q is damaged", id, key)
		return
	}
	w.leaf(sub, id, inline, depth+1)
}
