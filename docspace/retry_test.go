package docspace

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// scripted answers request n (0-based) with answers[min(n, last)].
type answer struct {
	status     int
	retryAfter string
	body       string
}

func scripted(hits *atomic.Int32, answers ...answer) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := int(hits.Add(1)) - 1
		a := answers[min(n, len(answers)-1)]
		if a.retryAfter != "" {
			w.Header().Set("Retry-After", a.retryAfter)
		}
		writeJSON(w, a.status, a.body)
	}
}

var (
	answerOK         = answer{status: 200, body: ok(roomJSON)}
	answer503        = answer{status: 503, body: `{"error":{"message":"Service Unavailable"},"status":1,"statusCode":503}`}
	answer429        = answer{status: 429, retryAfter: "7", body: ""}
	answerInvite     = answer{status: 200, body: ok(`{"members":[],"warning":null}`)}
	answerMembersOK  = answer{status: 200, body: `{"response":[],"count":0,"total":0}`}
	retryTestNewRoom = CreateRoomRequest{Title: "Sales", RoomType: RoomCustom}
)

func TestRetries(t *testing.T) {
	date := newFakeClock().Now().Add(12 * time.Second).Format(http.TimeFormat)
	tests := []struct {
		name    string
		call    string
		policy  *RetryPolicy
		answers []answer
		hits    int
		waits   []time.Duration // exact waits; nil: check count only via nWaits
		nWaits  int
		kind    ErrorKind // KindUnknown: success
	}{
		{name: "GET 503 then ok", call: "room", answers: []answer{answer503, answer503, answerOK}, hits: 3, nWaits: 2},
		{name: "GET 502 then ok", call: "room", answers: []answer{{status: 502, body: "<html>bad gateway</html>"}, answerOK}, hits: 2, nWaits: 1},
		{name: "GET 504 then ok", call: "room", answers: []answer{{status: 504}, answerOK}, hits: 2, nWaits: 1},
		{name: "Retry-After seconds honoured", call: "room", answers: []answer{answer429, answerOK}, hits: 2, waits: []time.Duration{7 * time.Second}},
		{name: "Retry-After date honoured", call: "room", answers: []answer{{status: 503, retryAfter: date}, answerOK}, hits: 2, waits: []time.Duration{12 * time.Second}},
		{name: "Retry-After zero falls back to back-off", call: "room", answers: []answer{{status: 429, retryAfter: "0"}, answerOK}, hits: 2, nWaits: 1},
		{name: "bounded by attempts", call: "room", answers: []answer{answer503}, hits: 4, nWaits: 3, kind: KindServer},
		{name: "one attempt disables retries", call: "room", policy: &RetryPolicy{MaxAttempts: 1}, answers: []answer{answer503}, hits: 1, kind: KindServer},
		{name: "bounded by total time", call: "room", policy: &RetryPolicy{MaxAttempts: 10, MaxTotal: 60 * time.Second},
			answers: []answer{{status: 429, retryAfter: "25"}}, hits: 3, waits: []time.Duration{25 * time.Second, 25 * time.Second}, kind: KindRateLimited},
		{name: "Retry-After beyond the budget", call: "room", answers: []answer{{status: 429, retryAfter: "3600"}}, hits: 1, kind: KindRateLimited},
		{name: "500 is not retried", call: "room", answers: []answer{{status: 500}, answerOK}, hits: 1, kind: KindServer},
		{name: "404 is not retried", call: "room", answers: []answer{{status: 404}, answerOK}, hits: 1, kind: KindNotFound},
		{name: "401 is not retried", call: "key", answers: []answer{{status: 401}, answerOK}, hits: 1, kind: KindUnauthorized},
		{name: "bad answer is not retried", call: "room", answers: []answer{{status: 200, body: "{"}, answerOK}, hits: 1, kind: KindBadResponse},
		{name: "share call retried", call: "invite", answers: []answer{answer503, answer429, answerInvite}, hits: 3, nWaits: 2},
		{name: "members retried", call: "members", answers: []answer{{status: 502}, answerMembersOK}, hits: 2, nWaits: 1},
		{name: "create not retried on 503", call: "create", answers: []answer{answer503, answerOK}, hits: 1, kind: KindServer},
		{name: "create retried on 429 (refused before any work)", call: "create", answers: []answer{answer429, answerOK}, hits: 2, nWaits: 1},
		{name: "create not retried on 502", call: "create", answers: []answer{{status: 502}, answerOK}, hits: 1, kind: KindServer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			opts := []Option{}
			if tt.policy != nil {
				opts = append(opts, WithRetry(*tt.policy))
			}
			c, _, clock := testPortal(t, scripted(&hits, tt.answers...), opts...)
			err := callByName(c, tt.call)
			if tt.kind == KindUnknown && err != nil {
				t.Fatalf("want success, got %v", err)
			}
			if tt.kind != KindUnknown {
				_ = apiErr(t, err, tt.kind)
			}
			if int(hits.Load()) != tt.hits {
				t.Errorf("server saw %d requests, want %d", hits.Load(), tt.hits)
			}
			waits := clock.Waits()
			if tt.waits != nil && !reflect.DeepEqual(waits, tt.waits) {
				t.Errorf("waits = %v, want %v", waits, tt.waits)
			}
			if tt.waits == nil && len(waits) != tt.nWaits {
				t.Errorf("waited %d times (%v), want %d", len(waits), waits, tt.nWaits)
			}
		})
	}
}

func TestRetryAfterKeptOnTheError(t *testing.T) {
	var hits atomic.Int32
	c, _, _ := testPortal(t, scripted(&hits, answer{status: 429, retryAfter: "3600"}))
	_, err := c.GetRoom(context.Background(), 42)
	if e := apiErr(t, err, KindRateLimited); e.RetryAfter != time.Hour {
		t.Fatalf("RetryAfter = %v, want 1h", e.RetryAfter)
	}
}

func TestBackoffGrowsWithinBounds(t *testing.T) {
	var hits atomic.Int32
	c, _, clock := testPortal(t, scripted(&hits, answer503), WithRetry(RetryPolicy{MaxAttempts: 5, BaseDelay: time.Second}))
	_, _ = c.GetRoom(context.Background(), 1)
	waits := clock.Waits()
	if len(waits) != 4 {
		t.Fatalf("waits = %v", waits)
	}
	for i, w := range waits {
		full := time.Second << i
		if w < full/2 || w > full {
			t.Errorf("wait %d = %v, want within [%v, %v]", i+1, w, full/2, full)
		}
	}
	for attempt := 1; attempt < 40; attempt++ {
		if d := backoff(time.Second, attempt); d < 0 || d > maxBackoff {
			t.Fatalf("backoff(1s, %d) = %v, outside [0, %v]", attempt, d, maxBackoff)
		}
	}
}

func TestCreateRetriedOnlyWhenNeverSent(t *testing.T) {
	var hits atomic.Int32
	srvHandler := scripted(&hits, answerOK)
	var tries atomic.Int32
	_, srv, _ := testPortal(t, srvHandler)
	// The first dial is refused, the second gets through.
	transport := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if tries.Add(1) == 1 {
			return nil, refused()
		}
		return http.DefaultTransport.RoundTrip(r)
	})
	var notified []string
	var mu sync.Mutex
	c, clock := clientFor(t, srv.URL, WithHTTPClient(&http.Client{Transport: transport}),
		WithRetryNotify(func(op string, attempt int, wait time.Duration, err error) {
			mu.Lock()
			defer mu.Unlock()
			notified = append(notified, op+" #"+strconv.Itoa(attempt)+" "+KindOf(err).String())
			if wait <= 0 {
				t.Errorf("notified wait %v", wait)
			}
		}))
	room, err := c.CreateRoom(context.Background(), retryTestNewRoom)
	if err != nil || room.ID != 42 {
		t.Fatalf("CreateRoom after a refused connection = %+v, %v", room, err)
	}
	if hits.Load() != 1 || tries.Load() != 2 || len(clock.Waits()) != 1 {
		t.Fatalf("hits %d, tries %d, waits %v", hits.Load(), tries.Load(), clock.Waits())
	}
	if want := []string{`creating room "Sales" #1 network`}; !reflect.DeepEqual(notified, want) {
		t.Fatalf("notified %v, want %v", notified, want)
	}

	// A request that may have arrived is never repeated.
	tries.Store(0)
	sentThenReset := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		tries.Add(1)
		return nil, errors.New("read tcp: connection reset by peer")
	})
	c, clock = clientFor(t, srv.URL, WithHTTPClient(&http.Client{Transport: sentThenReset}))
	_, err = c.CreateRoom(context.Background(), retryTestNewRoom)
	if e := apiErr(t, err, KindNetwork); e.NotSent || tries.Load() != 1 || len(clock.Waits()) != 0 {
		t.Fatalf("create after a reset: %+v, tries %d", e, tries.Load())
	}
	// The same failure on a GET is retried.
	tries.Store(0)
	_, err = c.GetRoom(context.Background(), 42)
	_ = apiErr(t, err, KindNetwork)
	if tries.Load() != 4 {
		t.Fatalf("GET after resets tried %d times, want 4", tries.Load())
	}
	// A refused connection is retried for create until the attempts run out.
	tries.Store(0)
	c, _ = clientFor(t, srv.URL, WithHTTPClient(failingClient(refused())), WithRetry(RetryPolicy{MaxAttempts: 3}))
	_, err = c.CreateRoom(context.Background(), retryTestNewRoom)
	if e := apiErr(t, err, KindNetwork); !e.NotSent {
		t.Fatalf("refused create: %+v", e)
	}
}

func TestRetryStopsWithTheContext(t *testing.T) {
	var hits atomic.Int32
	c, _, _ := testPortal(t, scripted(&hits, answer503, answerOK))
	ctx, cancel := context.WithCancel(context.Background())
	c.sleep = func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }
	_, err := c.GetRoom(ctx, 42)
	e := apiErr(t, err, KindNetwork)
	if !errors.Is(err, context.Canceled) || hits.Load() != 1 {
		t.Fatalf("cancelled while waiting: %+v, hits %d", e, hits.Load())
	}

	// A deadline nearer than the wait: give up at once with the server's error.
	hits.Store(0)
	c, _, _ = testPortal(t, scripted(&hits, answer{status: 429, retryAfter: "120"}, answerOK), WithRetry(RetryPolicy{MaxAttempts: 4}))
	ctx, cancel = context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = c.GetRoom(ctx, 42)
	_ = apiErr(t, err, KindRateLimited)
	if hits.Load() != 1 {
		t.Fatalf("retried past the context's deadline: %d hits", hits.Load())
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"7", 7 * time.Second},
		{" 7 ", 7 * time.Second},
		{"0", 0},
		{"-5", 0},
		{"1.5", 0},
		{"soon", 0},
		{"99999999999", 24 * time.Hour},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"Fri, 02 Jan 2026 03:04:35 GMT", 30 * time.Second},
		{"Friday, 02-Jan-26 03:04:35 GMT", 30 * time.Second},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestShouldRetry(t *testing.T) {
	tests := []struct {
		e         APIError
		retryable bool
		want      bool
	}{
		{APIError{Kind: KindNetwork, NotSent: true}, false, true},
		{APIError{Kind: KindNetwork}, false, false},
		{APIError{Kind: KindNetwork}, true, true},
		{APIError{Kind: KindNetwork, NotSent: true, Err: &netError{permanent: true}}, true, false},
		{APIError{Kind: KindInvalid, NotSent: true}, true, false},
		{APIError{Kind: KindRateLimited, Status: 429}, true, true},
		{APIError{Kind: KindRateLimited, Status: 429}, false, true}, // refused before any work: safe even for create
		{APIError{Kind: KindServer, Status: 500}, true, false},
		{APIError{Kind: KindServer, Status: 503}, true, true},
		{APIError{Kind: KindBadResponse, Status: 200}, true, false},
	}
	for _, tt := range tests {
		if got := shouldRetry(&tt.e, tt.retryable); got != tt.want {
			t.Errorf("shouldRetry(%+v, %v) = %v, want %v", tt.e, tt.retryable, got, tt.want)
		}
	}
}

func TestSleepContext(t *testing.T) {
	if err := sleepContext(context.Background(), time.Millisecond); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepContext(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("sleepContext with a cancelled context = %v", err)
	}
}
