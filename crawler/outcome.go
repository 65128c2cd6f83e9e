package crawler

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/nianbao/nianbao/capture"
)

// Errors the crawler's network policy returns; classify maps them to
// capture.OutcomeRedirect.
var (
	errForbiddenAddress = errors.New("private or loopback address refused")
	errRedirectRefused  = errors.New("redirect refused")
	errRobotsDenied     = errors.New("disallowed by robots.txt")
)

// classify decides the Outcome of one exchange from its status, headers,
// body and transport error. idle says the idle watchdog cut the body off.
func classify(c *capture.Capture, err error, idle bool) capture.Outcome {
	if err != nil {
		return errOutcome(err, idle)
	}
	switch {
	case c.Truncated:
		return capture.OutcomeTruncated
	case isChallenge(c):
		return capture.OutcomeChallenged
	case c.Status == 304:
		return capture.OutcomeNotModified
	case c.Status >= 400:
		return capture.OutcomeHTTPError
	}
	return capture.OutcomeOK
}

// errOutcome maps a transport error to an Outcome.
func errOutcome(err error, idle bool) capture.Outcome {
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case idle, errors.Is(err, context.DeadlineExceeded), errors.Is(err, errTooSlow):
		return capture.OutcomeTimeout
	case errors.Is(err, errForbiddenAddress), errors.Is(err, errRedirectRefused):
		return capture.OutcomeRedirect
	case errors.Is(err, errRobotsDenied):
		return capture.OutcomeRobots
	case errors.As(err, &dnsErr):
		return capture.OutcomeDNS
	case isTLSError(err):
		return capture.OutcomeTLS
	case errors.As(err, &netErr) && netErr.Timeout():
		return capture.OutcomeTimeout
	}
	return capture.OutcomeConnection
}

func isTLSError(err error) bool {
	var (
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		certInvalid x509.CertificateInvalidError
		verifyErr   *tls.CertificateVerificationError
		recordErr   tls.RecordHeaderError
		alertErr    tls.AlertError
	)
	return errors.As(err, &unknownAuth) || errors.As(err, &hostErr) || errors.As(err, &certInvalid) ||
		errors.As(err, &verifyErr) || errors.As(err, &recordErr) || errors.As(err, &alertErr) ||
		strings.Contains(err.Error(), "tls: ")
}

// isChallenge recognises anti-bot interstitials: 瑞数 answers 412 with an
// inline $_ts script, 加速乐 521 with X-Via-JSL, others a 202 whose small
// body is a cookie-setting script.
func isChallenge(c *capture.Capture) bool {
	switch c.Status {
	case 412, 521:
		return true
	case 202:
		b := bytes.ToLower(c.Body)
		return len(b) < 64<<10 && (len(b) == 0 || bytes.Contains(b, []byte("<script")))
	}
	return c.Header.Get("X-Via-JSL") != "" && bytes.Contains(c.Body, []byte("__jsl_clearance"))
}

// challengeDetail names the challenge for the site summary.
func challengeDetail(c *capture.Capture) string {
	switch {
	case c.Status == 412 && bytes.Contains(c.Body, []byte("$_ts")):
		return "412 with $_ts script (瑞数)"
	case c.Header.Get("X-Via-JSL") != "":
		return "X-Via-JSL challenge (加速乐)"
	}
	return fmt.Sprintf("HTTP %d challenge", c.Status)
}

// retryable says whether an attempt that ended with o (and status) is worth
// another try.
func retryable(o capture.Outcome, status int) bool {
	switch o {
	case capture.OutcomeTimeout, capture.OutcomeConnection:
		return true
	case capture.OutcomeHTTPError:
		return status == 429 || status == 500 || status == 502 || status == 503 || status == 504
	}
	return false
}

// seedOutcome is the site outcome when the seed page itself failed.
func seedOutcome(o capture.Outcome) string {
	switch o {
	case capture.OutcomeDNS, capture.OutcomeTLS, capture.OutcomeTimeout, capture.OutcomeChallenged:
		return string(o)
	case capture.OutcomeRobots:
		return "robots_denied"
	}
	return "unreachable"
}
