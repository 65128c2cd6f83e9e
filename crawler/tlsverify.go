package crawler

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/nianbao/nianbao/capture"
)

// TLS as found. Government servers often send an incomplete chain (the
// leaf without its intermediate), expired or mismatched certificates. A
// browser fetches a missing intermediate from the certificate's AIA
// "CA Issuers" URL; Go does not. tlsVerifier does what a browser does, and
// what it still cannot verify it lets through (unless Options.TLSStrict),
// remembering the verification error so the capture records it: an
// archive keeps what the site served, and says how sure it is of who
// served it.
type tlsVerifier struct {
	roots  *x509.CertPool // nil: the system's
	strict bool
	fetch  func(url string) ([]byte, error) // AIA download, through the crawl's proxy

	mu      sync.Mutex
	issuers map[string]aiaEntry // AIA URL → certificate (or the error getting it)
	results map[[32]byte]string // leaf SHA-256 + server name → verification error ("" = verified)
}

type aiaEntry struct {
	cert *x509.Certificate
	err  error
}

// maxAIAHops bounds the intermediates chased for one chain.
const maxAIAHops = 3

// maxAIABytes caps one downloaded issuer certificate.
const maxAIABytes = 64 << 10

func newTLSVerifier(roots *x509.CertPool, strict bool) *tlsVerifier {
	return &tlsVerifier{roots: roots, strict: strict, issuers: map[string]aiaEntry{}, results: map[[32]byte]string{}}
}

// config is the client TLS configuration: legacy protocol support (see
// legacyTLS) with verification done by verifyConn instead of crypto/tls.
func (v *tlsVerifier) config() *tls.Config {
	cfg := legacyTLS()
	cfg.InsecureSkipVerify = true // verifyConn verifies, chasing AIA; see tlsVerifier
	cfg.VerifyConnection = v.verifyConn
	return cfg
}

// verifyConn verifies the server's chain and name as crypto/tls would,
// completing the chain from AIA when an issuer is missing. An unverified
// chain fails the handshake only when strict; otherwise the error is kept
// for the capture (result).
func (v *tlsVerifier) verifyConn(cs tls.ConnectionState) error {
	if len(cs.PeerCertificates) == 0 {
		return errors.New("tls: server sent no certificate")
	}
	err := v.verify(cs.PeerCertificates, cs.ServerName)
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	v.mu.Lock()
	v.results[resultKey(cs.PeerCertificates[0], cs.ServerName)] = msg
	v.mu.Unlock()
	if err != nil && v.strict {
		return &tls.CertificateVerificationError{UnverifiedCertificates: cs.PeerCertificates, Err: err}
	}
	return nil
}

// verify checks the chain, fetching missing issuers from AIA URLs.
func (v *tlsVerifier) verify(certs []*x509.Certificate, name string) error {
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	opts := x509.VerifyOptions{Roots: v.roots, Intermediates: inter, DNSName: name}
	_, err := certs[0].Verify(opts)
	last := certs[len(certs)-1]
	for hop := 0; hop < maxAIAHops && isUnknownAuthority(err); hop++ {
		issuer, ferr := v.issuer(last)
		if ferr != nil {
			return fmt.Errorf("%w (AIA: %v)", err, ferr)
		}
		inter.AddCert(issuer)
		last = issuer
		_, err = certs[0].Verify(opts)
	}
	return err
}

func isUnknownAuthority(err error) bool {
	var ua x509.UnknownAuthorityError
	return errors.As(err, &ua)
}

// issuer downloads the issuer of c from its first AIA CA Issuers URL,
// once per URL for the whole run.
func (v *tlsVerifier) issuer(c *x509.Certificate) (*x509.Certificate, error) {
	if len(c.IssuingCertificateURL) == 0 {
		return nil, errors.New("no CA Issuers URL in the certificate")
	}
	u := c.IssuingCertificateURL[0]
	v.mu.Lock()
	e, ok := v.issuers[u]
	v.mu.Unlock()
	if ok {
		return e.cert, e.err
	}
	e.cert, e.err = v.download(u)
	v.mu.Lock()
	v.issuers[u] = e
	v.mu.Unlock()
	return e.cert, e.err
}

func (v *tlsVerifier) download(u string) (*x509.Certificate, error) {
	if v.fetch == nil {
		return nil, errors.New("no AIA fetcher")
	}
	b, err := v.fetch(u)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	if blk, _ := pem.Decode(b); blk != nil {
		b = blk.Bytes
	}
	c, err := x509.ParseCertificate(b)
	if err != nil {
		return nil, fmt.Errorf("parse issuer from %s: %w", u, err)
	}
	return c, nil
}

// result is the verification error recorded for the connection state
// ("" when verified or not TLS).
func (v *tlsVerifier) result(cs *tls.ConnectionState) string {
	if cs == nil || len(cs.PeerCertificates) == 0 {
		return ""
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.results[resultKey(cs.PeerCertificates[0], cs.ServerName)]
}

func resultKey(leaf *x509.Certificate, name string) [32]byte {
	h := sha256.New()
	h.Write(leaf.Raw)
	h.Write([]byte{0})
	h.Write([]byte(name))
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k
}

// aiaFetcher downloads AIA certificates through rt (the crawl's own
// transport: same proxy, same address policy), bounded in time and size.
func aiaFetcher(rt http.RoundTripper, ua string, timeout time.Duration) func(string) ([]byte, error) {
	client := &http.Client{Transport: rt, Timeout: timeout}
	return func(u string) ([]byte, error) {
		req, err := http.NewRequest("GET", u, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("User-Agent", ua)
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		return io.ReadAll(io.LimitReader(resp.Body, maxAIABytes))
	}
}

// tlsNote is a capture's verification error for the site summary, with
// its host.
func tlsNote(c *capture.Capture) string {
	host := c.FinalURL
	if u, err := url.Parse(c.FinalURL); err == nil && u.Host != "" {
		host = u.Host
	}
	return host + ": " + c.TLSError
}
