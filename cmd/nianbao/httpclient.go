package main

import (
	"fmt"
	"net/http"
	"net/url"
)

// proxyFunc returns the proxy selection the crawl uses: the config's proxy
// key when set, else HTTP_PROXY / HTTPS_PROXY / NO_PROXY from the environment.
func proxyFunc(cfg Config) (func(*http.Request) (*url.URL, error), error) {
	if cfg.Proxy == "" {
		return http.ProxyFromEnvironment, nil
	}
	u, err := url.Parse(cfg.Proxy)
	if err != nil {
		return nil, fmt.Errorf("config proxy: %w", err)
	}
	return http.ProxyURL(u), nil
}

// httpClient is the plain client of one-off fetches (`nianbao parse URL`).
func httpClient(cfg Config) (*http.Client, error) {
	proxy, err := proxyFunc(cfg)
	if err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = proxy
	return &http.Client{Transport: tr, Timeout: cfg.Crawl.Timeout}, nil
}
