package crawler

// The default stages. They are the crawler's own small versions until the
// richer packages (discover, extract/charset) are wired here.

func defaultDiscoverer() Discoverer { return DiscovererFunc(hrefLinks) }

func defaultScope(seedURL string) Scoper { return fallbackScope(seedURL) }

func defaultCanonical(raw string) string { return fallbackCanonical(raw) }

var (
	defaultDecode = fallbackDecode
	defaultIsText = fallbackIsText
)
