package crawler

import (
	"log/slog"
	"mime"
	"net/http"
	"net/url"
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
	setDefault(&opt.MaxBodyBytes, DefaultMaxBodyBytes)
	setDefault(&opt.MaxHeaderBytes, DefaultMaxHeaderBytes)
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
	if opt.Revalidate == nil {
		opt.Revalidate = SeasonalRevalidate
	}
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

// wireDefaults fills the pluggable stages: discovery, scope, canonical
// form, charset decoding. Each falls back to a small local version so the
// crawler works even where a richer stage is not wired.
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

// hostScope admits the seed's host (with or without "www.") and nothing else.
type hostScope struct{ host string }

func (s hostScope) Allow(u *url.URL) (bool, string) {
	if u.Scheme != "http" && u.Scheme != "https" {
		return false, "scheme"
	}
	if strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") != s.host {
		return false, "off_scope"
	}
	return true, ""
}

func fallbackScope(seedURL string) Scoper {
	u, err := url.Parse(seedURL)
	if err != nil {
		return hostScope{}
	}
	return hostScope{host: strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")}
}

// fallbackCanonical lowercases scheme and host, drops the fragment and the
// default port.
func fallbackCanonical(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); (p == "80" && u.Scheme == "http") || (p == "443" && u.Scheme == "https") {
		u.Host = u.Hostname()
	}
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

// fallbackIsText says whether a body is text: by media type, else sniffed.
func fallbackIsText(contentType string, body []byte) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || mt == "" || mt == "application/octet-stream" {
		mt, _, _ = mime.ParseMediaType(http.DetectContentType(body))
	}
	switch {
	case strings.HasPrefix(mt, "text/"):
		return true
	case strings.HasSuffix(mt, "xml"), strings.HasSuffix(mt, "json"), strings.HasSuffix(mt, "javascript"):
		return true
	}
	return false
}
