package docspace

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey is the key every HTTP test uses; no error may ever contain it.
const testKey = "sk-0123456789abcdef0123456789abcdef"

// fakeClock replaces the client's clock and sleep so retry tests never wait.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waits = append(f.waits, d)
	f.now = f.now.Add(d)
	return nil
}

func (f *fakeClock) Waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// recorded is one request a test server saw.
type recorded struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   string
}

// recorder keeps the requests a test server saw.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
}

func (r *recorder) add(req *http.Request) recorded {
	b, _ := io.ReadAll(req.Body)
	rec := recorded{Method: req.Method, Path: req.URL.Path, RawQuery: req.URL.RawQuery, Header: req.Header.Clone(), Body: string(b)}
	r.mu.Lock()
	r.reqs = append(r.reqs, rec)
	r.mu.Unlock()
	return rec
}

func (r *recorder) all() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

// testPortal starts an httptest server running h and a client for it with a fake clock.
func testPortal(t testing.TB, h http.HandlerFunc, opts ...Option) (*Client, *httptest.Server, *fakeClock) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, clock := clientFor(t, srv.URL, opts...)
	return c, srv, clock
}

// clientFor builds a client for url with a fake clock, failing the test on error.
func clientFor(t testing.TB, url string, opts ...Option) (*Client, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	c, err := New(url, testKey, append([]Option{WithSleep(clock.Sleep)}, opts...)...)
	if err != nil {
		t.Fatalf("New(%q): %v", url, err)
	}
	c.now = clock.Now
	return c, clock
}

// writeJSON answers with status and a raw JSON body.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// ok wraps a response in DocSpace's success envelope.
func ok(response string) string {
	return `{"response":` + response + `,"count":1,"links":[{"href":"x","action":"GET"}],"status":0,"statusCode":200}`
}

// apiErr asserts err is an *APIError of kind, never contains the key, and returns it.
func apiErr(t testing.TB, err error, kind ErrorKind) *APIError {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want kind %v", kind)
	}
	noKey(t, err)
	var e *APIError
	if !errors.As(err, &e) {
		t.Fatalf("error %T %q is not an *APIError", err, err)
	}
	if e.Kind != kind {
		t.Fatalf("kind = %v, want %v (error: %v)", e.Kind, kind, err)
	}
	return e
}

// noKey fails the test if err shows the key anywhere.
func noKey(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), testKey) || strings.Contains(strings.ToLower(e.Error()), strings.ToLower(testKey)) {
			t.Fatalf("error shows the API key: %q", e.Error())
		}
	}
	var ae *APIError
	if errors.As(err, &ae) {
		for _, s := range []string{ae.Op, ae.Message, ae.Path, ae.Hint()} {
			if strings.Contains(s, testKey) {
				t.Fatalf("APIError field shows the API key: %q", s)
			}
		}
	}
}
