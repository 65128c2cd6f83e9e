package sim

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// SlowDocument is a report column whose one report is a PDF of size bytes
// served at rate bytes per second (10 MB at 200 KB/s takes 50 s), steadily,
// in 16 KB steps.
func SlowDocument(size, rate int) *Hazard {
	mux := http.NewServeMux()
	const path = "/xxgk/nb/2024nb.pdf"
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("某县人民政府", `<a href="/xxgk/nb/">政府信息公开年报</a>`))
	})
	mux.HandleFunc("/xxgk/nb/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("政府信息公开年报", `<a href="2024nb.pdf">某县人民政府2024年政府信息公开工作年度报告</a>`))
	})
	body := SlowDocumentBody(size)
	mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		const step = 16 << 10
		tick := time.Duration(float64(time.Second) * step / float64(rate))
		for off := 0; off < len(body); off += step {
			if _, err := w.Write(body[off:min(off+step, len(body))]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(tick):
			}
		}
	})
	return &Hazard{Name: "slow-document", Handler: mux, Seed: "/", Reports: []string{path}}
}

// SlowDocumentBody is the document SlowDocument serves: a PDF header and
// deterministic filler, size bytes.
func SlowDocumentBody(size int) []byte {
	b := make([]byte, size)
	n := copy(b, "%PDF-1.4\n% 某县人民政府2024年政府信息公开工作年度报告\n")
	for i := n; i < size; i++ {
		b[i] = byte('a' + i%23)
	}
	return b
}

// ResetEvery wraps a listener so that every n-th connection is reset
// (closed with SO_LINGER 0) as soon as it is accepted. With keep-alives off
// (Served.DisableKeepAlives) every n-th request fails with a reset.
func ResetEvery(n int) func(net.Listener) net.Listener {
	return func(ln net.Listener) net.Listener { return &resetListener{Listener: ln, n: int64(n)} }
}

type resetListener struct {
	net.Listener
	n     int64
	count atomic.Int64
}

func (l *resetListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if l.count.Add(1)%l.n != 0 {
			return c, nil
		}
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
		c.Close()
	}
}

// FlakySite is a small county site (home, column, three reports) to serve
// behind ResetEvery.
func FlakySite() *Hazard {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("某县人民政府", `<a href="/xxgk/nb/">政府信息公开年报</a>`))
	})
	var links string
	var reports []string
	for i, y := range []int{2024, 2023, 2022} {
		p := fmt.Sprintf("/xxgk/nb/%d/t%d0301_%d.html", y+1, y+1, 100+i)
		reports = append(reports, p)
		links += fmt.Sprintf(`<a href="%s">某县人民政府%d年政府信息公开工作年度报告</a>`, p, y)
		body := hazardReport("某县人民政府", y)
		mux.HandleFunc(p, func(w http.ResponseWriter, _ *http.Request) { writeHTML(w, body) })
	}
	mux.HandleFunc("/xxgk/nb/{$}", func(w http.ResponseWriter, _ *http.Request) {
		writeHTML(w, hazardPage("政府信息公开年报", links))
	})
	return &Hazard{Name: "flaky", Handler: mux, Seed: "/", Reports: reports}
}
