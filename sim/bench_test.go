package sim

import (
	"io"
	"net/http"
	"testing"
)

// BenchmarkServe: pages served per second by one simulated site (home,
// listing, report), the ceiling a crawler benchmark can reach.
func BenchmarkServe(b *testing.B) {
	s := New(Options{Sites: 2, Seed: 1, NoObstacles: true})
	if _, err := s.Start(); err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	st := s.sites[0]
	base := s.base(st)
	var urls []string
	for _, col := range st.columns() {
		urls = append(urls, base+st.listingPath(col, 0))
	}
	for _, it := range st.items {
		urls = append(urls, base+it.path)
	}
	client := &http.Client{}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			resp, err := client.Get(urls[i%len(urls)])
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
