package crawler

import "container/heap"

// request is one URL a site crawl intends to fetch: a frontier entry.
type request struct {
	URL      string
	Method   string // "" means GET
	Body     []byte // POST form body
	Header   map[string]string
	Kind     string // capture kind: seed, listing, report, attachment, robots, other
	LinkKind string // discover kind it was found as ("" for seed and robots)
	Depth    int
	Score    float64
	Year     int    // report year suggested by discovery
	Source   string // page it was found on
	LinkText string // text of the link it was found under
	LinkDate string // date the page gave that link (discover.Link.Date), YYYY-MM-DD
	DateFrom string // discover.DateListing or discover.DatePage
	seq      int
}

func (r *request) method() string {
	if r.Method == "" {
		return "GET"
	}
	return r.Method
}

// frontier is one site's queue: highest score first, then shallowest, then
// oldest. It holds values, not goroutines, so a queue of thousands costs
// only its entries.
type frontier struct {
	items []*request
	seq   int
}

func (f *frontier) Len() int { return len(f.items) }

func (f *frontier) Less(i, j int) bool {
	a, b := f.items[i], f.items[j]
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	if a.Depth != b.Depth {
		return a.Depth < b.Depth
	}
	return a.seq < b.seq
}

func (f *frontier) Swap(i, j int) { f.items[i], f.items[j] = f.items[j], f.items[i] }

func (f *frontier) Push(x any) { f.items = append(f.items, x.(*request)) }

func (f *frontier) Pop() any {
	n := len(f.items) - 1
	r := f.items[n]
	f.items[n] = nil
	f.items = f.items[:n]
	return r
}

// push queues r.
func (f *frontier) push(r *request) {
	f.seq++
	r.seq = f.seq
	heap.Push(f, r)
}

// pop returns the best entry, or nil when empty.
func (f *frontier) pop() *request {
	if len(f.items) == 0 {
		return nil
	}
	return heap.Pop(f).(*request)
}
