package docspacetest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Test secrets are not hex, so no secret scanner mistakes them for real keys.
const (
	keyOwner     = "sk-test-owner"
	keyAdmin     = "sk-test-admin"
	keyRoomAdmin = "sk-test-roomadmin"
	keyUser      = "sk-test-user"
	keyGuest     = "sk-test-guest"
	keyInactive  = "sk-test-inactive"
	keyExpired   = "sk-test-expired"
)

// fixture user IDs.
const (
	idOwner     = "11111111-1111-4111-8111-111111111111"
	idAdmin     = "22222222-2222-4222-8222-222222222222"
	idRoomAdmin = "33333333-3333-4333-8333-333333333333"
	idUser      = "44444444-4444-4444-8444-444444444444"
	idUser2     = "55555555-5555-4555-8555-555555555555"
	idGuest     = "66666666-6666-4666-8666-666666666666"
)

var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

// clock is a settable clock for tests.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fixture returns options for a portal with one user of each role, a key for each,
// and an inactive and an expired key.
func fixture(clk *clock) []Option {
	return []Option{
		WithClock(clk.Now),
		WithUser(User{ID: idOwner, Email: "owner@example.com", DisplayName: "Olivia Owner", Role: RoleOwner}),
		WithUser(User{ID: idAdmin, Email: "admin@example.com", DisplayName: "Adam Admin", Role: RoleAdmin}),
		WithUser(User{ID: idRoomAdmin, Email: "roomadmin@example.com", DisplayName: "Rita Rooms", Role: RoleRoomAdmin}),
		WithUser(User{ID: idUser, Email: "user@example.com", DisplayName: "Uma User", Role: RoleUser}),
		WithUser(User{ID: idUser2, Email: "Second.User@Example.com", DisplayName: "Sid Second", Role: RoleUser}),
		WithUser(User{ID: idGuest, Email: "guest@example.com", DisplayName: "Gil Guest", Role: RoleGuest}),
		WithKey(Key{Secret: keyOwner, Name: "owner key", UserID: idOwner, Active: true}),
		WithKey(Key{Secret: keyAdmin, Name: "admin key", UserID: idAdmin, Active: true}),
		WithKey(Key{Secret: keyRoomAdmin, Name: "room admin key", UserID: idRoomAdmin, Active: true}),
		WithKey(Key{Secret: keyUser, Name: "user key", UserID: idUser, Active: true}),
		WithKey(Key{Secret: keyGuest, Name: "guest key", UserID: idGuest, Active: true}),
		WithKey(Key{Secret: keyInactive, UserID: idOwner}),
		WithKey(Key{Secret: keyExpired, UserID: idOwner, Active: true, ExpiresAt: t0.Add(-time.Minute)}),
	}
}

// start serves a fixture portal plus opts; it returns the portal, its server and its clock.
func start(t testing.TB, opts ...Option) (*Portal, *httptest.Server, *clock) {
	t.Helper()
	clk := &clock{now: t0}
	p, srv := NewServer(append(fixture(clk), opts...)...)
	t.Cleanup(srv.Close)
	return p, srv, clk
}

// reply is one answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// env decodes the success envelope and its response into v.
func (r reply) env(t testing.TB, v any) envelopeOut {
	t.Helper()
	var e envelopeOut
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("decoding envelope %q: %v", r.body, err)
	}
	if e.Status != 0 || e.StatusCode != http.StatusOK || e.Links == nil {
		t.Fatalf("bad success envelope: %s", r.body)
	}
	if v != nil {
		if err := json.Unmarshal(e.Response, v); err != nil {
			t.Fatalf("decoding response %s: %v", e.Response, err)
		}
	}
	return e
}

// errMessage decodes the error envelope and returns its message.
func (r reply) errMessage(t testing.TB) string {
	t.Helper()
	var e struct {
		Error *struct {
			Message string `json:"message"`
		} `json:"error"`
		Status     int `json:"status"`
		StatusCode int `json:"statusCode"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil || e.Error == nil {
		t.Fatalf("want an error envelope, got %d %q (%v)", r.status, r.body, err)
	}
	if e.Status != 1 || e.StatusCode != r.status {
		t.Fatalf("error envelope status %d/%d, want 1/%d", e.Status, e.StatusCode, r.status)
	}
	return e.Error.Message
}

type envelopeOut struct {
	Response   json.RawMessage `json:"response"`
	Count      int             `json:"count"`
	Total      *int            `json:"total"`
	Links      []any           `json:"links"`
	Status     int             `json:"status"`
	StatusCode int             `json:"statusCode"`
}

// call makes one request with "Authorization: Bearer key" (none when key is empty).
func call(t testing.TB, srv *httptest.Server, key, method, path string, body any) reply {
	t.Helper()
	return callCtx(t, context.Background(), srv, key, method, path, body)
}

func callCtx(t testing.TB, ctx context.Context, srv *httptest.Server, key, method, path string, body any) reply {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		js, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(js)
	}
	req, err := http.NewRequestWithContext(ctx, method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }() // a read body: nothing to report
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

// share sends a share request for room id as key.
func share(t testing.TB, srv *httptest.Server, key string, id int, body any) reply {
	t.Helper()
	return call(t, srv, key, http.MethodPut, roomPath(id)+"/share", body)
}

func roomPath(id int) string { return "/api/2.0/files/rooms/" + strconv.Itoa(id) }

type inv = map[string]any

// accessOf returns the access of the member with email, and whether they are a member.
func accessOf(p *Portal, room int, email string) (docspace.Access, bool) {
	for _, m := range p.Members(room) {
		if strings.EqualFold(m.User.Email, email) {
			return m.Access, true
		}
	}
	return 0, false
}
