package sim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"time"
)

// PKI is a small certificate authority for https hazards: a root, an
// intermediate, and leaves the way government servers present them
// (complete chain, leaf only, expired).
type PKI struct {
	Roots        *x509.CertPool    // trust these to verify the leaves
	Intermediate *x509.Certificate // what a leaf-only server leaves out
	root         *x509.Certificate
	rootKey      *ecdsa.PrivateKey
	interKey     *ecdsa.PrivateKey
	serial       int64
}

// NewPKI creates a root (valid for a day) and an intermediate signed by it.
func NewPKI() (*PKI, error) {
	p := &PKI{Roots: x509.NewCertPool(), serial: 1}
	var err error
	if p.rootKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		return nil, err
	}
	if p.interKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		return nil, err
	}
	now := time.Now()
	rootT := p.template("sim root CA", now.Add(-time.Hour), now.Add(24*time.Hour))
	rootT.IsCA, rootT.BasicConstraintsValid, rootT.KeyUsage = true, true, x509.KeyUsageCertSign
	if p.root, err = sign(rootT, rootT, &p.rootKey.PublicKey, p.rootKey); err != nil {
		return nil, err
	}
	p.Roots.AddCert(p.root)
	interT := p.template("sim intermediate CA", now.Add(-time.Hour), now.Add(24*time.Hour))
	interT.IsCA, interT.BasicConstraintsValid, interT.KeyUsage = true, true, x509.KeyUsageCertSign
	if p.Intermediate, err = sign(interT, p.root, &p.interKey.PublicKey, p.rootKey); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *PKI) template(cn string, from, to time.Time) *x509.Certificate {
	p.serial++
	return &x509.Certificate{SerialNumber: big.NewInt(p.serial), Subject: pkix.Name{CommonName: cn, Organization: []string{"nianbao sim"}},
		NotBefore: from, NotAfter: to}
}

func sign(t, parent *x509.Certificate, pub *ecdsa.PublicKey, key *ecdsa.PrivateKey) (*x509.Certificate, error) {
	der, err := x509.CreateCertificate(rand.Reader, t, parent, pub, key)
	if err != nil {
		return nil, fmt.Errorf("sim pki: %w", err)
	}
	return x509.ParseCertificate(der)
}

// LeafOpts describe one server certificate.
type LeafOpts struct {
	Hosts    []string // DNS names and IP addresses
	AIA      string   // CA Issuers URL ("" = none)
	Expired  bool     // valid only until an hour ago
	LeafOnly bool     // the server sends the leaf without the intermediate
}

// Leaf returns a server certificate signed by the intermediate.
func (p *PKI) Leaf(o LeafOpts) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	from, to := now.Add(-time.Hour), now.Add(24*time.Hour)
	if o.Expired {
		from, to = now.Add(-48*time.Hour), now.Add(-time.Hour)
	}
	t := p.template(o.Hosts[0], from, to)
	t.KeyUsage, t.ExtKeyUsage = x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	for _, h := range o.Hosts {
		if ip := net.ParseIP(h); ip != nil {
			t.IPAddresses = append(t.IPAddresses, ip)
		} else {
			t.DNSNames = append(t.DNSNames, h)
		}
	}
	if o.AIA != "" {
		t.IssuingCertificateURL = []string{o.AIA}
	}
	leaf, err := sign(t, p.Intermediate, &key.PublicKey, p.interKey)
	if err != nil {
		return tls.Certificate{}, err
	}
	chain := [][]byte{leaf.Raw}
	if !o.LeafOnly {
		chain = append(chain, p.Intermediate.Raw)
	}
	return tls.Certificate{Certificate: chain, PrivateKey: key, Leaf: leaf}, nil
}
