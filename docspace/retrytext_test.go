package docspace

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// firstRetry makes one GET through a client whose retries are reported, and returns
// the first retry as the event Execute would send for it.
func firstRetry(t *testing.T, url string, opts ...Option) Event {
	t.Helper()
	var (
		mu  sync.Mutex
		got *Event
	)
	notify := WithRetryNotify(func(_ string, _ int, wait time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		if got == nil {
			got = &Event{Phase: PhaseInvite, State: EventRetrying, RetryIn: wait, Err: err}
		}
	})
	c, _ := clientFor(t, url, append(opts, notify)...)
	_, _ = c.GetRoom(context.Background(), 42)
	mu.Lock()
	defer mu.Unlock()
	if got == nil {
		t.Fatal("the call was not retried")
	}
	return *got
}

// The retry line says what happened (the portal's status, or what the connection
// did) and how long until the next attempt: never "the portal asked to wait" when it
// did not.
func TestRetryTextSaysWhatHappened(t *testing.T) {
	refused := func(t *testing.T) string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		_ = ln.Close() // nothing listens there any more: the dial is refused
		return "http://" + addr
	}
	serve := func(h http.HandlerFunc) func(*testing.T) string {
		return func(t *testing.T) string {
			_, srv, _ := testPortal(t, h)
			return srv.URL
		}
	}
	var hits atomic.Int32
	tests := []struct {
		name   string
		url    func(*testing.T) string
		opts   []Option
		want   []string
		unwant []string
	}{
		{name: "429 with Retry-After", url: serve(scripted(&hits, answer{status: 429, retryAfter: "7"}, answerOK)),
			want: []string{"too many requests (HTTP 429)", "retrying in 7s, as the portal asked"}},
		{name: "429 without Retry-After", url: serve(scripted(&hits, answer{status: 429}, answerOK)),
			want: []string{"too many requests (HTTP 429)", "; retrying in "}, unwant: []string{"asked"}},
		{name: "503", url: serve(scripted(&hits, answer503, answerOK)),
			want: []string{"the portal is unavailable (HTTP 503)", "; retrying in "}, unwant: []string{"asked"}},
		{name: "connection refused", url: refused,
			want: []string{"the connection was refused", "; retrying in "}, unwant: []string{"asked", "HTTP"}},
		{name: "timeout", url: serve(func(w http.ResponseWriter, r *http.Request) {
			select { // answers only after the client gave up
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}), opts: []Option{WithRequestTimeout(50 * time.Millisecond)},
			want: []string{"no answer within 50ms", "; retrying in "}, unwant: []string{"asked", "HTTP"}},
		{name: "connection reset mid-answer", url: serve(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "1000")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`{"response":`))
			// The handler returns with 988 bytes missing: the connection is closed.
		}), want: []string{"the connection closed mid-answer", "; retrying in "}, unwant: []string{"asked", "HTTP"}},
		{name: "connection closed before an answer", url: serve(func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		}), want: []string{"the connection closed before an answer", "; retrying in "}, unwant: []string{"asked", "HTTP", "mid-answer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits.Store(0)
			ev := firstRetry(t, tt.url(t), tt.opts...)
			line := ev.RetryText()
			for _, w := range tt.want {
				if !strings.Contains(line, w) {
					t.Errorf("retry line %q lacks %q", line, w)
				}
			}
			for _, u := range tt.unwant {
				if strings.Contains(line, u) {
					t.Errorf("retry line %q says %q", line, u)
				}
			}
		})
	}
}

// A Retry-After beyond the retry budget stops the call at once, and the error says how
// long the portal asked to wait and when to try again, not "wait a minute".
func TestRetryAfterBeyondTheBudgetSaysWhen(t *testing.T) {
	var hits atomic.Int32
	c, _, clock := testPortal(t, scripted(&hits, answer{status: 429, retryAfter: "3600"}, answerOK))
	_, err := c.GetRoom(context.Background(), 42)
	e := apiErr(t, err, KindRateLimited)
	if n := hits.Load(); n != 1 || len(clock.Waits()) != 0 {
		t.Errorf("%d requests and waits %v: a wait of an hour is not waited", n, clock.Waits())
	}
	// The fake clock says 03:04:05; an hour later, rounded up to the minute, is 04:05.
	said := e.Error() + " " + e.Hint()
	for _, want := range []string{"the portal asked to wait 1 hour", "until 04:05", "Try again after 04:05."} {
		if !strings.Contains(said, want) {
			t.Errorf("the error lacks %q: %s", want, said)
		}
	}
	if strings.Contains(strings.ToLower(said), "a minute") {
		t.Errorf("the error advises waiting a minute for an hour's wait: %s", said)
	}
}

func TestWaitWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		500 * time.Millisecond:             "500ms",
		1234 * time.Millisecond:            "1.2s",
		7 * time.Second:                    "7s",
		90 * time.Second:                   "2 minutes",
		time.Hour:                          "1 hour",
		time.Hour + 30*time.Minute:         "1 hour 30 minutes",
		3*time.Hour + 1*time.Second:        "3 hours 1 minute",
		24 * time.Hour:                     "24 hours",
		time.Minute + 100*time.Millisecond: "2 minutes",
	} {
		if got := waitWords(d); got != want {
			t.Errorf("waitWords(%v) = %q, want %q", d, got, want)
		}
	}
}
