package crawler

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nianbao/nianbao/sim"
)

// tlsSite serves a one-page site over https with the certificate o
// describes, and the intermediate at /ca.der of a plain-http AIA server
// (which answers 404 when aiaDown). It returns the seed URL (on
// "localhost", so the name is checked), the PKI and the AIA hit counter.
func tlsSite(t *testing.T, o sim.LeafOpts, aiaDown bool) (string, *sim.PKI, *atomic.Int64) {
	t.Helper()
	pki, err := sim.NewPKI()
	if err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int64
	aia := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		if aiaDown {
			http.NotFound(w, nil)
			return
		}
		w.Header().Set("Content-Type", "application/pkix-cert")
		w.Write(pki.Intermediate.Raw)
	}))
	t.Cleanup(aia.Close)
	o.Hosts, o.AIA = []string{"localhost"}, aia.URL+"/ca.der"
	cert, err := pki.Leaf(o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page("首页", `<a href="/b.html">政府信息公开</a>`)))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/", pki, &hits
}

func TestCrawler_Run_TLSAsFound(t *testing.T) {
	cases := []struct {
		name     string
		leaf     sim.LeafOpts
		aiaDown  bool
		strict   bool
		outcome  string // site outcome
		tlsError string // substring of the capture's TLSError, "" = verified
		aiaHits  int64
	}{
		{"incomplete chain completed from AIA", sim.LeafOpts{LeafOnly: true}, false, false, "no_report_column", "", 1},
		{"incomplete chain, AIA down: archived with the error", sim.LeafOpts{LeafOnly: true}, true, false, "no_report_column", "unknown authority", 1},
		{"expired: archived with the error", sim.LeafOpts{Expired: true}, false, false, "no_report_column", "expired", 0},
		{"expired, strict: refused", sim.LeafOpts{Expired: true}, false, true, "tls_error", "", 0},
		{"incomplete chain, strict: AIA still completes it", sim.LeafOpts{LeafOnly: true}, false, true, "no_report_column", "", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			seed, pki, hits := tlsSite(t, tc.leaf, tc.aiaDown)
			opt := testOptions()
			opt.RootCAs, opt.TLSStrict, opt.IgnoreRobots = pki.Roots, tc.strict, true
			a := newFakeArchive("r")
			res := runOnce(t, opt, a, "r", Seed{Code: "1", URL: seed})
			if res[0].Outcome != tc.outcome {
				t.Fatalf("site outcome %q (%s), want %q", res[0].Outcome, res[0].Detail, tc.outcome)
			}
			if got := hits.Load(); got != tc.aiaHits {
				t.Errorf("AIA fetched %d times, want %d (cached per URL)", got, tc.aiaHits)
			}
			caps := a.captures(seed)
			if len(caps) == 0 {
				t.Fatal("seed not archived")
			}
			c := caps[0]
			if tc.outcome == "tls_error" {
				if c.Status != 0 || c.Outcome != "tls_error" {
					t.Errorf("strict: capture %d %q, want no response and tls_error", c.Status, c.Outcome)
				}
				return
			}
			if c.Status != 200 || len(c.Body) == 0 {
				t.Errorf("capture %d with %d bytes, want the page as found", c.Status, len(c.Body))
			}
			if tc.tlsError == "" && (c.TLSError != "" || res[0].TLSError != "") {
				t.Errorf("TLSError %q / site %q, want verified", c.TLSError, res[0].TLSError)
			}
			if tc.tlsError != "" && (!strings.Contains(c.TLSError, tc.tlsError) || !strings.Contains(res[0].TLSError, tc.tlsError)) {
				t.Errorf("TLSError %q / site %q, want it to name %q", c.TLSError, res[0].TLSError, tc.tlsError)
			}
		})
	}
}

func TestCrawler_Run_TLSAsFound_NoAIAWithoutNeed(t *testing.T) {
	seed, pki, hits := tlsSite(t, sim.LeafOpts{}, false)
	opt := testOptions()
	opt.RootCAs, opt.IgnoreRobots = pki.Roots, true
	a := newFakeArchive("r")
	runOnce(t, opt, a, "r", Seed{Code: "1", URL: seed})
	if c := a.captures(seed); len(c) == 0 || c[0].TLSError != "" || hits.Load() != 0 {
		t.Errorf("complete chain: %d captures, AIA hits %d; want verified without AIA", len(c), hits.Load())
	}
}
