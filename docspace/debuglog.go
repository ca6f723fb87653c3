package docspace

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/docspace-wizard/docspace-wizard/internal/redact"
)

// WithLogger records every request the client makes in l, for support cases: method,
// path, status, duration, the waits before retries and the items an answer set aside.
// The key, request bodies and query values that are not numbers are never logged, and
// e-mail addresses in any message are replaced; nil logs nothing.
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.log = l } }

// emailLike is anything written like an e-mail address, hidden wherever a log line
// quotes the portal or a transport error.
// A path segment such as /keys/@self has nothing before its @, so it stays.
var emailLike = regexp.MustCompile(`[^\s"'<>()\[\],;:/@]+@[^\s"'<>()\[\],;:/@]+`)

// logSafe is s without the key, key-shaped words or e-mail addresses.
func (c *Client) logSafe(s string) string {
	return emailLike.ReplaceAllString(redact.Secrets(s, c.key), "[e-mail]")
}

// logQuery is the query with every value that is not a plain number replaced by its
// length: a filter or an e-mail address is the user's data, a page offset is not.
func logQuery(raw string) string {
	q, err := url.ParseQuery(raw)
	if err != nil || len(q) == 0 {
		return ""
	}
	parts := make([]string, 0, len(q))
	for _, k := range slices.Sorted(maps.Keys(q)) {
		for _, v := range q[k] {
			if _, err := strconv.Atoi(v); err != nil && v != "" {
				v = "[" + strconv.Itoa(len(v)) + " bytes]"
			}
			parts = append(parts, url.QueryEscape(k)+"="+v)
		}
	}
	return strings.Join(parts, "&")
}

// logAttempt records one attempt of a call: status 0 when no answer came.
func (c *Client) logAttempt(ctx context.Context, method, path string, u *url.URL, attempt, status int, took time.Duration, err error) {
	if c.log == nil {
		return
	}
	attrs := []slog.Attr{slog.String("method", method), slog.String("path", c.logSafe(path))}
	if u != nil {
		if q := logQuery(u.RawQuery); q != "" {
			attrs = append(attrs, slog.String("query", q))
		}
	}
	attrs = append(attrs, slog.Int("status", status), slog.Duration("duration", took.Round(time.Microsecond)), slog.Int("attempt", attempt))
	level := slog.LevelInfo
	if err != nil {
		level = slog.LevelWarn
		attrs = append(attrs, c.errorAttrs(err)...)
	}
	c.log.LogAttrs(ctx, level, "request", attrs...)
}

// errorAttrs describe a failed attempt without the portal's own words, which may
// quote the people invited: the kind, and the client's sentence for transport errors.
func (c *Client) errorAttrs(err error) []slog.Attr {
	var e *APIError
	if !errors.As(err, &e) {
		return []slog.Attr{slog.String("error", c.logSafe(err.Error()))}
	}
	attrs := []slog.Attr{slog.String("kind", e.Kind.String())}
	var ne *netError
	if errors.As(e.Err, &ne) {
		attrs = append(attrs, slog.String("error", c.logSafe(ne.msg)))
	} else if e.Kind == KindBadResponse && e.Message != "" {
		attrs = append(attrs, slog.String("error", c.logSafe(e.Message)))
	}
	if e.NotSent {
		attrs = append(attrs, slog.Bool("not_sent", true))
	}
	return attrs
}

// logRetry records the wait before the next attempt of a call.
func (c *Client) logRetry(ctx context.Context, method, path string, attempt int, wait time.Duration, err error) {
	if c.log == nil {
		return
	}
	attrs := []slog.Attr{slog.String("method", method), slog.String("path", c.logSafe(path)),
		slog.Int("attempt", attempt), slog.Duration("wait", wait)}
	var e *APIError
	if errors.As(err, &e) && e.RetryAfter > 0 {
		attrs = append(attrs, slog.Duration("retry_after", e.RetryAfter))
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, "waiting to retry", attrs...)
}

// logSkipped records the items of an answer the client could not use and set aside.
func (c *Client) logSkipped(method, path, what string, n int) {
	if c.log == nil || n == 0 {
		return
	}
	c.log.LogAttrs(context.Background(), slog.LevelWarn, "items set aside",
		slog.String("method", method), slog.String("path", c.logSafe(path)), slog.String("items", what), slog.Int("skipped", n))
}

// logBadAnswer records an answer that arrived whole but could not be used.
func (c *Client) logBadAnswer(method, path, msg string) {
	if c.log == nil {
		return
	}
	c.log.LogAttrs(context.Background(), slog.LevelWarn, "answer not usable",
		slog.String("method", method), slog.String("path", c.logSafe(path)), slog.String("error", c.logSafe(msg)))
}
