package docspace

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/docspace-wizard/docspace-wizard/internal/outside"
	"github.com/docspace-wizard/docspace-wizard/internal/redact"
)

// do sends one API call and decodes its answer into out (a pointer, or an *envelope).
// Safe calls (retryable) are repeated on 429, 502, 503, 504 and network errors within
// the retry policy; any call is repeated when it provably never left. Every error is
// an *APIError naming op, and none contains the key.
func (c *Client) do(ctx context.Context, op, method, path string, query url.Values, body, out any, retryable bool) error {
	target := c.portal + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	var payload []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return c.scrub(&APIError{Kind: KindInvalid, Op: op, Method: method, Path: path, NotSent: true,
				Message: "the request could not be encoded", Err: err})
		}
		payload = b
	}
	start := c.now()
	for attempt := 1; ; attempt++ {
		err := c.once(ctx, op, method, path, target, payload, out, attempt)
		if err == nil {
			return nil
		}
		wait, again := c.retryWait(ctx, err, retryable, attempt, start)
		if !again {
			return err
		}
		c.logRetry(ctx, method, path, attempt, wait, err)
		if c.notify != nil {
			c.notify(op, attempt, wait, err)
		}
		wctx, release := waitContext(ctx)
		serr := c.sleep(wctx, wait)
		release()
		if serr != nil && runStopped(ctx) {
			return err // stopped while waiting: the last answer is what happened
		}
		if serr != nil {
			var last *APIError
			notSent := errors.As(err, &last) && last.NotSent
			return c.scrub(&APIError{Kind: KindNetwork, Op: op, Method: method, Path: path, NotSent: notSent,
				Err: &netError{msg: "stopped while waiting to try again", err: ctx.Err()}})
		}
	}
}

// once makes one attempt (number attempt): one HTTP request, bounded by the
// per-request timeout, and logged (WithLogger) whatever its outcome.
func (c *Client) once(ctx context.Context, op, method, path, target string, payload []byte, out any, attempt int) (err error) {
	if err := ctx.Err(); err != nil {
		return c.scrub(&APIError{Kind: KindNetwork, Op: op, Method: method, Path: path, NotSent: true,
			Err: &netError{msg: "stopped before the request was sent", err: err}})
	}
	if c.budget != nil {
		release, err := c.budget.acquire(ctx, method)
		if err != nil {
			return c.scrub(&APIError{Kind: KindNetwork, Op: op, Method: method, Path: path, NotSent: true,
				Err: &netError{msg: "stopped before the request was sent", err: err}})
		}
		defer release()
	}
	rctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(rctx, method, target, rd)
	if err != nil {
		return c.scrub(&APIError{Kind: KindInvalid, Op: op, Method: method, Path: path, NotSent: true,
			Message: "the request could not be built", Err: err})
	}
	status := 0 // the answer's, for the log
	if c.log != nil {
		start := time.Now()
		defer func() { c.logAttempt(ctx, method, path, req.URL, attempt, status, time.Since(start), err) }()
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.keyAllowed(req.URL) {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportError(ctx, op, method, path, err)
	}
	status = resp.StatusCode
	defer func() { _ = resp.Body.Close() }() // the body is read in full; closing it cannot lose data
	data, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		e := c.transportError(ctx, op, method, path, err).(*APIError)
		e.NotSent = false // an answer had started: the request arrived
		if ne, ok := e.Err.(*netError); ok && ne.brief == briefClosed {
			ne.brief = "the connection closed mid-answer"
		}
		return e
	}
	if int64(len(data)) > c.maxBody {
		e := tooLarge(resp.StatusCode, c.maxBody)
		e.Op, e.Method, e.Path = op, method, path
		return c.scrub(e)
	}
	if err := c.decode(op, method, path, resp.StatusCode, resp.Header, data, out); err != nil {
		if rctx.Err() != nil {
			// The time ran out as the answer came: net/http may then hand over an empty
			// 200 the server sent only because the request went away. It is the timeout's.
			return c.transportError(ctx, op, method, path, rctx.Err())
		}
		ae := err.(*APIError)
		now := c.now()
		if ae.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), now); ae.RetryAfter > 0 {
			ae.RetryAt = now.Add(ae.RetryAfter)
		}
		return err
	}
	return nil
}

// keyAllowed reports whether the key may go to u: only to the portal's own scheme
// and host, and never over plain http to a host other than this machine.
func (c *Client) keyAllowed(u *url.URL) bool {
	if u == nil || !strings.EqualFold(u.Scheme, c.origin.Scheme) {
		return false
	}
	if !strings.EqualFold(u.Hostname(), c.origin.Hostname()) || effectivePort(u) != effectivePort(c.origin) {
		return false
	}
	return strings.EqualFold(u.Scheme, "https") || isLoopbackHost(u.Hostname())
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "http") {
		return "80"
	}
	return "443"
}

// guardedHTTPClient copies h (nil: a default client) so that redirects never carry
// the key to another origin, and a redirect that would change the call's method
// (POST turned into GET) is not followed but reported.
func (c *Client) guardedHTTPClient(h *http.Client) *http.Client {
	var cp http.Client
	if h != nil {
		cp = *h
	}
	if cp.Transport == nil {
		// Keep as many idle connections as calls go out at once: Go's default of 2 per
		// host would make a 1,000-person run open new connections (a TLS handshake each)
		// for most of its concurrent batches and pages (a run over rooms has up to
		// RunParallelReads at once).
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = RunParallelReads
		cp.Transport = tr
	}
	next := cp.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		// A redirect off the portal's origin is not followed at all: without the key the
		// other host would only say "unauthorized", and a share call would be re-sent
		// there. The 3xx becomes an error naming the address to use instead.
		if !c.keyAllowed(req.URL) {
			req.Header.Del("Authorization")
			return http.ErrUseLastResponse
		}
		if len(via) > 0 && req.Method != via[0].Method {
			return http.ErrUseLastResponse
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &cp
}

// briefClosed is a connection closed before any answer, as a retry line says it.
const briefClosed = "the connection closed before an answer"

// netError is a transport failure said in words; err is the cause.
type netError struct {
	msg string
	// brief is what happened in a few words, for a retry line ("" means msg).
	brief string
	err   error
	// permanent failures (untrusted certificate, unknown host) are not worth retrying.
	permanent bool
}

func (e *netError) Error() string { return e.msg }
func (e *netError) Unwrap() error { return e.err }

// transportError classifies an error from http.Client.Do or from reading an answer.
// NotSent is set only when the request provably never reached the server.
func (c *Client) transportError(parent context.Context, op, method, path string, err error) error {
	e := &APIError{Kind: KindNetwork, Op: op, Method: method, Path: path}
	var (
		dnsErr      *net.DNSError
		opErr       *net.OpError
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidCert x509.CertificateInvalidError
		verifyErr   *tls.CertificateVerificationError
		recordErr   tls.RecordHeaderError
		netErr      net.Error
	)
	switch {
	case parent.Err() != nil:
		e.Err = &netError{msg: "stopped before an answer arrived", err: parent.Err()}
	case errors.As(err, &unknownAuth):
		e.NotSent = true
		e.Err = &netError{msg: "the portal's TLS certificate is not trusted (self-signed or from an unknown authority), so the connection was refused: give the portal a trusted certificate or use its public address", err: err, permanent: true}
	case errors.As(err, &hostErr):
		e.NotSent = true
		e.Err = &netError{msg: "the portal's TLS certificate is for a different host name, so the connection was refused: check the portal address", err: err, permanent: true}
	case errors.As(err, &invalidCert):
		e.NotSent = true
		msg := "the portal's TLS certificate is invalid, so the connection was refused"
		if invalidCert.Reason == x509.Expired {
			msg = "the portal's TLS certificate has expired or is not valid yet, so the connection was refused: renew it or check this computer's clock"
		}
		e.Err = &netError{msg: msg, err: err, permanent: true}
	case errors.As(err, &verifyErr):
		e.NotSent = true
		e.Err = &netError{msg: "the portal's TLS certificate could not be verified, so the connection was refused", err: err, permanent: true}
	case errors.As(err, &recordErr) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		e.NotSent = true
		e.Err = &netError{msg: "the portal did not answer with HTTPS: check the portal address", err: err, permanent: true}
	case errors.As(err, &dnsErr):
		e.NotSent = true
		msg := "the portal's host name could not be found: check the portal address"
		if !dnsErr.IsNotFound {
			msg = "the portal's host name could not be looked up (DNS failed): check your network connection"
		}
		e.Err = &netError{msg: msg, err: err, permanent: dnsErr.IsNotFound}
	case errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect"):
		e.NotSent = true
		msg, brief := "could not connect to the portal", ""
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			msg, brief = "the connection was refused: nothing answers at this address", "the connection was refused"
		case opErr.Timeout():
			msg = "could not connect to the portal in time"
		}
		e.Err = &netError{msg: msg, brief: brief, err: err}
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		e.Err = &netError{msg: fmt.Sprintf("no answer within %s", c.timeout), err: err}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET):
		e.Err = &netError{msg: "the connection was closed before the answer was complete", brief: briefClosed, err: err}
	default:
		cause := err
		var ue *url.Error
		if errors.As(err, &ue) {
			cause = ue.Err // without the URL: the error says which call it was
		}
		e.Err = &netError{msg: "the connection failed: " + outside.Line(cause.Error(), 200), err: err}
	}
	return c.scrub(e)
}

// scrub removes the key from everything an error shows and returns it as an error.
func (c *Client) scrub(e *APIError) error {
	if e.Portal == "" {
		e.Portal = c.portal
	}
	e.Op = redact.Secrets(e.Op, c.key)
	e.Path = redact.Secrets(e.Path, c.key)
	e.Message = redact.Secrets(e.Message, c.key)
	if e.Err != nil {
		if s := e.Err.Error(); redact.Secrets(s, c.key) != s {
			// The cause is dropped, not wrapped: unwrapping would show the key again.
			e.Err = errors.New(redact.Secrets(s, c.key))
		}
	}
	return e
}
