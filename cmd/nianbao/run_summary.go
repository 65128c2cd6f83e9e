package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/nianbao/nianbao/capture"
)

// networkOutcomes are the site outcomes that mean the site was never
// reached: the network, not the site, decided them.
var networkOutcomes = map[string]bool{
	string(capture.OutcomeDNS): true, string(capture.OutcomeTimeout): true,
	string(capture.OutcomeTLS): true, string(capture.OutcomeConnection): true, "unreachable": true,
}

// errNetworkDown marks a run in which every site failed at the network level.
var errNetworkDown = errors.New("no site reachable")

// finishedSites keeps the sites that ran to their end: an interrupted run's
// summary counts only those (the others are crawled on resume).
func finishedSites(results []capture.SiteResult) []capture.SiteResult {
	out := make([]capture.SiteResult, 0, len(results))
	for _, r := range results {
		if r.Outcome != "cancelled" {
			out = append(out, r)
		}
	}
	return out
}

// judgeRun is the verdict on a finished run. Every site failing at the
// network level is an error naming the likely cause and the fix; some
// failures are a note saying how many and where to look; nil otherwise.
func judgeRun(w io.Writer, results []capture.SiteResult, net netSetup, db string) error {
	failed := map[string]int{}
	nNet := 0
	for _, r := range results {
		if r.Outcome == "ok" {
			continue
		}
		failed[r.Outcome]++
		if networkOutcomes[r.Outcome] {
			nNet++
		}
	}
	if len(results) > 0 && nNet == len(results) {
		return fmt.Errorf("%w: all %d site(s) failed at the network level (%s). %s",
			errNetworkDown, nNet, formatTotals(failed), networkAdvice(results, net))
	}
	if nFailed := sumCounts(failed); nFailed > 0 {
		fmt.Fprintf(w, "%d of %d site(s) did not end ok (%s); 'nianbao status --db %s --sites' lists them with details\n",
			nFailed, len(results), formatTotals(failed), db)
	}
	return nil
}

func sumCounts(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// netSetup is how the crawl reached the network: the config's proxy and
// the proxy environment variables.
type netSetup struct {
	proxy    string // config's proxy key
	envProxy string // HTTPS_PROXY / HTTP_PROXY, if set
}

// networkAdvice names the likely cause of an all-network failure, from the
// error texts the sites recorded, and the fix.
func networkAdvice(results []capture.SiteResult, net netSetup) string {
	var all strings.Builder
	for _, r := range results {
		all.WriteString(strings.ToLower(r.Detail))
		all.WriteByte('\n')
	}
	text := all.String()
	proxy := net.proxy
	if proxy == "" {
		proxy = net.envProxy
	}
	const retry = "then run the same command again (the sites are crawled again from the start)."
	switch {
	case proxy != "" && (strings.Contains(text, "proxyconnect") || strings.Contains(text, "proxy")):
		return fmt.Sprintf("Likely cause: the proxy %s did not answer or refused the connection. Fix: check the proxy (config key proxy, or HTTPS_PROXY), %s", proxy, retry)
	case strings.Contains(text, "network is unreachable") || strings.Contains(text, "no route to host"):
		return "Likely cause: no route to the internet from this machine. Fix: connect it, or set a proxy (config key proxy: http://HOST:PORT, or HTTPS_PROXY), " + retry
	case strings.Contains(text, "no such host") || strings.Contains(text, "lookup ") || strings.Contains(text, "server misbehaving"):
		return "Likely cause: no DNS (host names could not be resolved: this machine is offline or its resolver is blocked). " +
			"Fix: check the network (e.g. `getent hosts www.gov.cn`); many of these sites answer only from mainland China, so set a proxy " +
			"(config key proxy: http://HOST:PORT, or HTTPS_PROXY), " + retry
	case strings.Contains(text, "timeout") || strings.Contains(text, "deadline exceeded"):
		return "Likely cause: every connection timed out (a firewall dropping traffic, or sites reachable only from mainland China). Fix: set a proxy in mainland China (config key proxy, or HTTPS_PROXY), " + retry
	case strings.Contains(text, "tls") || strings.Contains(text, "certificate"):
		return "Likely cause: TLS handshakes failed everywhere (an intercepting proxy or missing CA certificates: install ca-certificates). Fix: " + retry
	}
	return "Likely cause: this machine cannot reach the sites (offline, firewall, or sites reachable only from mainland China). Fix: set a proxy (config key proxy: http://HOST:PORT, or HTTPS_PROXY), " + retry
}
