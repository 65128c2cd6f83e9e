package crawler

import (
	"log/slog"
	"runtime"
	"strings"
	"time"
)

// withDefaults returns opt with every zero field replaced by its default.
func withDefaults(opt Options) Options {
	setDefault(&opt.UserAgent, DefaultUserAgent)
	setDefault(&opt.PerHostConcurrency, DefaultPerHostConcurrency)
	setDefault(&opt.Delay, DefaultDelay)
	setDefault(&opt.Timeout, DefaultTimeout)
	setDefault(&opt.IdleTimeout, DefaultIdleTimeout)
	setDefault(&opt.MinBodyRate, DefaultMinBodyRate)
	setDefault(&opt.MaxBodyBytes, DefaultMaxBodyBytes)
	setDefault(&opt.MaxHeaderBytes, DefaultMaxHeaderBytes)
	setDefault(&opt.MaxDiscoverBytes, DefaultMaxDiscoverBytes)
	setDefault(&opt.MaxLargeBodies, DefaultMaxLargeBodies)
	setDefault(&opt.MaxProcessing, runtime.GOMAXPROCS(0))
	setDefault(&opt.MaxTools, runtime.GOMAXPROCS(0))
	setDefault(&opt.BackoffBase, DefaultBackoffBase)
	setDefault(&opt.BackoffMax, DefaultBackoffMax)
	setDefault(&opt.MaxRetryAfter, DefaultMaxRetryAfter)
	setDefault(&opt.SitePageBudget, DefaultSitePageBudget)
	setDefault(&opt.MaxDepth, DefaultMaxDepth)
	setDefault(&opt.Parallel, DefaultParallel)
	if opt.MaxRetries == 0 {
		opt.MaxRetries = DefaultMaxRetries
	} else if opt.MaxRetries < 0 {
		opt.MaxRetries = 0
	}
	setDefault(&opt.RevisitMin, DefaultRevisitMin)
	setDefault(&opt.RevisitMax, DefaultRevisitMax)
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	wireDefaults(&opt)
	return opt
}

func setDefault[T comparable](p *T, def T) {
	var zero T
	if *p == zero {
		*p = def
	}
}

// wireDefaults fills the pluggable stages left nil: discovery, scope,
// canonical form, charset decoding (see wire.go).
func wireDefaults(opt *Options) {
	if opt.Discoverer == nil {
		opt.Discoverer = defaultDiscoverer()
	}
	if opt.Scope == nil {
		opt.Scope = defaultScope
	}
	if opt.Canonical == nil {
		opt.Canonical = defaultCanonical
	}
	if opt.Decode == nil {
		opt.Decode = defaultDecode
	}
	if opt.IsText == nil {
		opt.IsText = defaultIsText
	}
}

// agentName is the robots.txt product token of a User-Agent string.
func agentName(ua string) string {
	name, _, _ := strings.Cut(ua, "/")
	name, _, _ = strings.Cut(name, " ")
	return strings.ToLower(strings.TrimSpace(name))
}
