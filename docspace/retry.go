package docspace

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxBackoff caps one wait when the server gives no Retry-After.
const maxBackoff = 30 * time.Second

// retryWait decides whether the failed attempt number attempt is tried again, and
// after how long: the server's Retry-After when it gave one, else exponential
// back-off with jitter. It gives up when the attempts, the policy's total time or
// the context's deadline would be exceeded.
func (c *Client) retryWait(ctx context.Context, err error, retryable bool, attempt int, start time.Time) (time.Duration, bool) {
	var e *APIError
	if !errors.As(err, &e) || ctx.Err() != nil || runStopped(ctx) || !shouldRetry(e, retryable) || attempt >= c.retry.MaxAttempts {
		return 0, false
	}
	wait := e.RetryAfter
	if wait <= 0 {
		wait = backoff(c.retry.BaseDelay, attempt)
	}
	if c.retry.MaxTotal > 0 && c.now().Sub(start)+wait > c.retry.MaxTotal {
		return 0, false
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		return 0, false
	}
	return wait, true
}

// shouldRetry reports whether an error is worth another attempt. A call that may
// have had an effect (retryable false: creating a room) is repeated only when it
// provably never left, or was turned away by the rate limit before any work (429).
func shouldRetry(e *APIError, retryable bool) bool {
	var ne *netError
	if errors.As(e.Err, &ne) && ne.permanent {
		return false
	}
	if e.Kind == KindNetwork && e.NotSent || e.Kind == KindRateLimited {
		return true
	}
	if !retryable {
		return false
	}
	switch e.Kind {
	case KindRateLimited, KindNetwork:
		return true
	case KindServer:
		return e.Status == http.StatusBadGateway || e.Status == http.StatusServiceUnavailable || e.Status == http.StatusGatewayTimeout
	}
	return false
}

// backoff is base·2^(attempt-1), capped, with jitter in its upper half so that
// parallel calls do not come back all at once.
func backoff(base time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, maxBackoff)
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// parseRetryAfter reads Retry-After: delay seconds or an HTTP date. Unreadable is 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(min(secs, 24*3600)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(min(t.Sub(now), 24*time.Hour), 0)
	}
	return 0
}

// sleepContext waits for d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stopKey is the context value naming the context whose end stops a run: Execute's
// requests outlive a stop (none is cut half-way), but no new attempt starts after it.
type stopKey struct{}

// withStop returns ctx carrying stop as the run's stop signal.
func withStop(ctx, stop context.Context) context.Context {
	return context.WithValue(ctx, stopKey{}, stop)
}

// runStopped reports whether the run ctx belongs to was stopped.
func runStopped(ctx context.Context) bool {
	stop, ok := ctx.Value(stopKey{}).(context.Context)
	return ok && stop.Err() != nil
}

// waitContext is ctx, ended early when the run it belongs to is stopped: the wait
// before a retry must not outlast Ctrl+C.
func waitContext(ctx context.Context) (context.Context, context.CancelFunc) {
	stop, ok := ctx.Value(stopKey{}).(context.Context)
	if !ok {
		return ctx, func() {}
	}
	wctx, cancel := context.WithCancel(ctx)
	unhook := context.AfterFunc(stop, cancel)
	return wctx, func() { unhook(); cancel() }
}

// waitWords says a wait as a person reads it: "500ms" and "1.2s" under a minute, then
// whole minutes rounded up, "2 minutes", "1 hour 30 minutes".
func waitWords(d time.Duration) string {
	if d < time.Second {
		return d.Round(10 * time.Millisecond).String()
	}
	if d < time.Minute {
		return d.Round(100 * time.Millisecond).String()
	}
	mins := int((d + time.Minute - 1) / time.Minute)
	unit := func(n int, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + one + "s"
	}
	switch h, m := mins/60, mins%60; {
	case h == 0:
		return unit(m, "minute")
	case m == 0:
		return unit(h, "hour")
	default:
		return unit(h, "hour") + " " + unit(m, "minute")
	}
}
