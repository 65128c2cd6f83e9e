package sim

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"
)

// Big documents (Options.BigDocs): an attachment of random bytes, as
// incompressible as a scanned PDF, sized between 0.3 and 10 MB
// (log-uniform, so most are a few MB), the same for the same path.

func bigDocPath(s *site, it *item) string { return fmt.Sprintf("/bigdoc/%d-%d.pdf", s.idx, it.id) }

func bigDocSeed(p string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(p))
	return h.Sum64()
}

// BigDocSize is the size of the big document served at path p.
func BigDocSize(p string) int {
	u := float64(bigDocSeed(p)%1_000_000) / 1_000_000
	return int(0.3e6 * math.Pow(10e6/0.3e6, u))
}

func bigDoc(p string, mod time.Time) response {
	seed := bigDocSeed(p)
	r := rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8), byte(seed >> 16), byte(seed >> 24),
		byte(seed >> 32), byte(seed >> 40), byte(seed >> 48), byte(seed >> 56)})
	b := make([]byte, BigDocSize(p))
	r.Read(b)
	copy(b, "%PDF-1.4\n")
	return response{status: 200, ctype: "application/pdf", body: b, mod: mod}
}
