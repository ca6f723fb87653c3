package docspacetest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

func TestRateLimitPerMinute(t *testing.T) {
	p, srv, clk := start(t, WithRateLimit(RateLimit{PerMinute: 3}))
	for i := 0; i < 3; i++ {
		r := call(t, srv, keyOwner, "GET", "/api/2.0/settings", nil)
		if r.status != 200 {
			t.Fatalf("request %d: %d", i, r.status)
		}
		if got := r.header.Get("X-RateLimit-Remaining"); got != strconv.Itoa(2-i) {
			t.Errorf("request %d: remaining %q, want %d", i, got, 2-i)
		}
		if r.header.Get("X-RateLimit-Limit") != "3" {
			t.Errorf("limit header %q", r.header.Get("X-RateLimit-Limit"))
		}
		clk.Advance(10 * time.Second)
	}
	r := call(t, srv, keyOwner, "GET", "/api/2.0/settings", nil)
	if r.status != 429 || r.errMessage(t) == "" {
		t.Fatalf("4th request: %d %s", r.status, r.body)
	}
	// The oldest request (at t0) leaves the window at t0+60s; it is now t0+30s.
	if got := r.header.Get("Retry-After"); got != "30" {
		t.Errorf("Retry-After %q, want 30", got)
	}
	if got := r.header.Get("X-RateLimit-Reset"); got != strconv.FormatInt(t0.Add(time.Minute).Unix(), 10) {
		t.Errorf("reset %q", got)
	}
	if r.header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("remaining %q, want 0", r.header.Get("X-RateLimit-Remaining"))
	}
	// Another key has its own window.
	if r := call(t, srv, keyAdmin, "GET", "/api/2.0/settings", nil); r.status != 200 {
		t.Errorf("other key: %d", r.status)
	}
	clk.Advance(30 * time.Second)
	if r := call(t, srv, keyOwner, "GET", "/api/2.0/settings", nil); r.status != 200 {
		t.Errorf("after the window slid: %d", r.status)
	}
	if s := p.Stats(); s.Status429 != 1 {
		t.Errorf("Status429 = %d, want 1", s.Status429)
	}
}

func TestRateLimitWritesPerDay(t *testing.T) {
	p, srv, clk := start(t, WithRateLimit(RateLimit{WritesPerDay: 2}))
	body := map[string]any{"title": "R", "roomType": 2}
	for i := 0; i < 2; i++ {
		if r := call(t, srv, keyOwner, "POST", "/api/2.0/files/rooms", body); r.status != 200 {
			t.Fatalf("write %d: %d", i, r.status)
		}
	}
	// Reads are not writes.
	if r := call(t, srv, keyOwner, "GET", "/api/2.0/files/rooms", nil); r.status != 200 {
		t.Fatalf("read: %d", r.status)
	}
	clk.Advance(time.Hour)
	r := call(t, srv, keyOwner, "POST", "/api/2.0/files/rooms", body)
	if r.status != 429 || r.header.Get("Retry-After") != strconv.Itoa(23*3600) {
		t.Fatalf("third write: %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	clk.Advance(23 * time.Hour)
	if r := call(t, srv, keyOwner, "POST", "/api/2.0/files/rooms", body); r.status != 200 {
		t.Fatalf("next day: %d", r.status)
	}
	if n := len(p.Rooms()); n != 3 {
		t.Errorf("%d rooms, want 3", n)
	}
}

// TestRateLimitParallel holds requests in flight with a gate so the limits are
// checked without depending on timing.
func TestRateLimitParallel(t *testing.T) {
	tests := []struct {
		name                  string
		limit                 RateLimit
		method, path          string
		body                  string
		held                  int
		otherMethod, otherURL string
	}{
		{"reads", RateLimit{ParallelReads: 2}, "GET", "/api/2.0/settings", "", 2, "POST", "/api/2.0/files/rooms"},
		{"writes", RateLimit{ParallelWrites: 1}, "POST", "/api/2.0/files/rooms", `{"title":"R","roomType":2}`, 1, "GET", "/api/2.0/settings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, srv, _ := start(t, WithRateLimit(tt.limit))
			gate := make(chan struct{})
			entered := make(chan struct{}, 16)
			p.admitted = func(r *http.Request) {
				if r.Header.Get("X-Hold") != "" {
					entered <- struct{}{}
					<-gate
				}
			}
			var wg sync.WaitGroup
			for i := 0; i < tt.held; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
					req.Header.Set("Authorization", "Bearer "+keyOwner)
					req.Header.Set("X-Hold", "1")
					if resp, err := srv.Client().Do(req); err == nil {
						_, _ = io.Copy(io.Discard, resp.Body)
						_ = resp.Body.Close()
					}
				}()
				<-entered
			}
			r := call(t, srv, keyOwner, tt.method, tt.path, bodyOrNil(tt.body))
			if r.status != 429 || r.header.Get("Retry-After") == "" {
				t.Errorf("over the parallel limit: %d %q", r.status, r.header.Get("Retry-After"))
			}
			if r := call(t, srv, keyAdmin, tt.method, tt.path, bodyOrNil(tt.body)); r.status != 200 {
				t.Errorf("another key: %d", r.status)
			}
			if r := call(t, srv, keyOwner, tt.otherMethod, tt.otherURL, bodyOrNil(`{"title":"R","roomType":2}`)); r.status != 200 {
				t.Errorf("the other kind of request: %d", r.status)
			}
			close(gate)
			wg.Wait()
			if r := call(t, srv, keyOwner, tt.method, tt.path, bodyOrNil(tt.body)); r.status != 200 {
				t.Errorf("after the held requests ended: %d", r.status)
			}
			s := p.Stats()
			peak := s.PeakParallelReads
			if tt.method != "GET" {
				peak = s.PeakParallelWrites
			}
			// The peak is portal-wide: the held requests plus the other key's one.
			if peak != tt.held+1 || s.Status429 != 1 {
				t.Errorf("stats %+v, want peak %d and one 429", s, tt.held+1)
			}
		})
	}
}

func bodyOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func TestPeakParallelWithoutLimits(t *testing.T) {
	p, srv, _ := start(t)
	const n = 5
	gate := make(chan struct{})
	entered := make(chan struct{}, n)
	p.admitted = func(*http.Request) { entered <- struct{}{}; <-gate }
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("GET", srv.URL+"/api/2.0/keys/@self", nil)
			req.Header.Set("Authorization", "Bearer "+keyOwner)
			if resp, err := srv.Client().Do(req); err == nil {
				_ = resp.Body.Close()
			}
		}()
	}
	for i := 0; i < n; i++ {
		<-entered
	}
	close(gate)
	wg.Wait()
	if s := p.Stats(); s.PeakParallelReads != n || s.PeakParallelWrites != 0 || s.Requests != n {
		t.Errorf("stats %+v", s)
	}
}

func TestFaults(t *testing.T) {
	const html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
	tests := []struct {
		name       string
		fault      Fault
		method     string
		path       string
		statuses   []int // statuses of consecutive identical requests
		wantType   string
		wantBody   string
		retryAfter string
	}{
		{"html 502 twice", Fault{PathPrefix: "/api/2.0/settings", Status: 502, Body: html, Times: 2},
			"GET", "/api/2.0/settings", []int{502, 502, 200}, "text/html; charset=utf-8", html, ""},
		{"503 with Retry-After forever", Fault{Method: "GET", Status: 503, RetryAfter: "7"},
			"GET", "/api/2.0/settings", []int{503, 503, 503}, "", "", "7"},
		{"json body and explicit type", Fault{Status: 500, Body: `{"error":{"message":"boom"},"status":1,"statusCode":500}`, ContentType: "application/json", Times: 1},
			"GET", "/api/2.0/keys/@self", []int{500, 200}, "application/json", `{"error":{"message":"boom"},"status":1,"statusCode":500}`, ""},
		{"other method is not affected", Fault{Method: "POST", Status: 500},
			"GET", "/api/2.0/settings", []int{200, 200}, "", "", ""},
		{"other path is not affected", Fault{PathPrefix: "/api/2.0/files/", Status: 500},
			"GET", "/api/2.0/settings", []int{200}, "", "", ""},
		{"delay only slows down", Fault{Delay: time.Millisecond, Times: 1},
			"GET", "/api/2.0/settings", []int{200, 200}, "", "", ""},
		{"faults come before authentication", Fault{Status: 502, Times: 1},
			"GET", "/api/2.0/settings?nokey", []int{502, 401}, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, srv, _ := start(t)
			p.InjectFault(tt.fault)
			key := keyOwner
			if strings.HasSuffix(tt.path, "?nokey") {
				key = ""
			}
			for i, want := range tt.statuses {
				r := call(t, srv, key, tt.method, tt.path, nil)
				if r.status != want {
					t.Fatalf("request %d: %d, want %d (%s)", i, r.status, want, r.body)
				}
				if i == 0 && tt.fault.Status != 0 && want == tt.fault.Status {
					if got := r.header.Get("Content-Type"); tt.wantType != "" && got != tt.wantType {
						t.Errorf("content type %q, want %q", got, tt.wantType)
					}
					if string(r.body) != tt.wantBody {
						t.Errorf("body %q, want %q", r.body, tt.wantBody)
					}
					if got := r.header.Get("Retry-After"); got != tt.retryAfter {
						t.Errorf("Retry-After %q, want %q", got, tt.retryAfter)
					}
				}
			}
		})
	}
}

func TestFaultDropAndClear(t *testing.T) {
	p, srv, _ := start(t)
	id := p.AddRoom("Room", docspace.RoomCollaboration)
	p.InjectFault(Fault{Method: "POST", PathPrefix: "/api/2.0/files/rooms", Drop: true})
	req, _ := http.NewRequest("POST", srv.URL+"/api/2.0/files/rooms", strings.NewReader(`{"title":"R","roomType":2}`))
	req.Header.Set("Authorization", "Bearer "+keyOwner)
	resp, err := srv.Client().Do(req)
	if err == nil {
		_ = resp.Body.Close()
		t.Fatalf("a dropped connection answered %d", resp.StatusCode)
	}
	if len(p.Rooms()) != 1 {
		t.Error("a dropped request created a room")
	}
	// The portal records the request as its handler returns, which may be just after
	// the client saw the connection drop.
	var reqs []Request
	for deadline := time.Now().Add(2 * time.Second); len(reqs) == 0 && time.Now().Before(deadline); {
		if reqs = p.Requests(); len(reqs) == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	if len(reqs) == 0 {
		t.Fatal("the dropped request was not recorded")
	}
	if last := reqs[len(reqs)-1]; last.Status != 0 || last.Method != "POST" {
		t.Errorf("recorded %+v, want status 0", last)
	}
	p.ClearFaults()
	if r := call(t, srv, keyOwner, "POST", "/api/2.0/files/rooms", map[string]any{"title": "R", "roomType": 2}); r.status != 200 {
		t.Fatalf("after ClearFaults: %d", r.status)
	}
	if r := call(t, srv, keyOwner, "GET", roomPath(id), nil); r.status != 200 {
		t.Fatalf("get: %d", r.status)
	}
}

func TestLatencyHonoursContext(t *testing.T) {
	p, srv, _ := start(t, WithLatency(time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/2.0/settings", nil)
		req.Header.Set("Authorization", "Bearer "+keyOwner)
		resp, err := srv.Client().Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		done <- err
	}()
	// Wait until the request is in flight, then give up on it.
	for p.Stats().PeakParallelReads == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The handler returns promptly once the client is gone; Close waits for it.
	srv.Close()
	if reqs := p.Requests(); len(reqs) != 1 || reqs[0].Status != 0 {
		t.Errorf("recorded %+v", reqs)
	}
}

// TestLatencyApplies checks every kind of answer waits for the latency: with an hour
// of latency, none may arrive before the client gives up.
func TestLatencyApplies(t *testing.T) {
	_, srv, _ := start(t, WithLatency(time.Hour))
	tests := []struct{ name, key, path string }{
		{"ok", keyOwner, "/api/2.0/settings"},
		{"401", "", "/api/2.0/settings"},
		{"404", keyOwner, "/api/2.0/nothing"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+tt.path, nil)
		if tt.key != "" {
			req.Header.Set("Authorization", "Bearer "+tt.key)
		}
		resp, err := srv.Client().Do(req)
		cancel()
		if err == nil {
			_ = resp.Body.Close()
			t.Errorf("%s: answered %d before the latency passed", tt.name, resp.StatusCode)
		}
	}
}

func TestRecording(t *testing.T) {
	p, srv, _ := start(t, WithMaxRecorded(3))
	call(t, srv, keyOwner, "GET", "/api/2.0/settings?x=1", nil)
	call(t, srv, "sk-test-wrong", "GET", "/api/2.0/settings", nil)
	call(t, srv, "", "GET", "/api/2.0/settings", nil)
	call(t, srv, keyOwner, "POST", "/api/2.0/files/rooms", map[string]any{"title": "Recorded", "roomType": 2})
	reqs := p.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d recorded, want the last 3", len(reqs))
	}
	tests := []struct {
		i                 int
		status            int
		present, valid    bool
		keyName, bodyPart string
	}{
		{0, 401, true, false, "", ""},
		{1, 401, false, false, "", ""},
		{2, 200, true, true, "owner key", `"title":"Recorded"`},
	}
	for _, tt := range tests {
		r := reqs[tt.i]
		if r.Status != tt.status || r.AuthPresent != tt.present || r.AuthValid != tt.valid || r.KeyName != tt.keyName ||
			!strings.Contains(string(r.Body), tt.bodyPart) || r.At.IsZero() {
			t.Errorf("request %d: %+v", tt.i, r)
		}
	}
	for _, r := range reqs {
		if strings.Contains(fmt.Sprintf("%+v %s", r, r.Body), "sk-test") {
			t.Errorf("a recorded request contains a secret: %+v", r)
		}
	}
	if n := p.Count("POST", "/api/2.0/files/rooms"); n != 1 {
		t.Errorf("Count POST = %d", n)
	}
	if n := p.Count("", "/api/2.0/settings"); n != 2 {
		t.Errorf("Count any settings = %d", n)
	}
	if s := p.Stats(); s.Requests != 4 {
		t.Errorf("Stats.Requests = %d, want 4", s.Requests)
	}
	p.ResetRequests()
	if len(p.Requests()) != 0 {
		t.Error("ResetRequests kept requests")
	}
}

func TestDemoData(t *testing.T) {
	p, srv := NewServer(WithDemoData())
	defer srv.Close()
	var k docspace.KeyInfo
	call(t, srv, DemoKey, "GET", "/api/2.0/keys/@self", nil).env(t, &k)
	if !k.IsActive || len(k.Permissions) != 0 {
		t.Errorf("demo key %+v", k)
	}
	var me docspace.User
	call(t, srv, DemoKey, "GET", "/api/2.0/people/@self", nil).env(t, &me)
	if me.DisplayName != "Alex Admin" || me.Email != DemoOwnerEmail || !me.IsOwner {
		t.Errorf("demo owner %+v", me)
	}
	roles := map[Role]int{}
	for _, u := range p.Users() {
		roles[u.Role]++
	}
	// Two guests: Sam, and Kim who has not accepted the invitation yet.
	if roles[RoleOwner] != 1 || roles[RoleRoomAdmin] != 1 || roles[RoleUser] != 2 || roles[RoleGuest] != 2 {
		t.Errorf("demo roles %v", roles)
	}
	types := map[docspace.RoomType]bool{}
	own := 0
	for _, r := range p.Rooms() {
		if r.ThirdParty() {
			if r.TextID != DemoThirdPartyID || r.Storage != "Box" || r.Title != DemoThirdPartyTitle {
				t.Errorf("third-party room %+v", r)
			}
			continue
		}
		own++
		types[r.RoomType] = true
		if n := len(p.Members(r.ID)); n < 3 {
			t.Errorf("room %q has %d members", r.Title, n)
		}
	}
	if own != 3 || len(types) != 3 {
		t.Errorf("%d demo rooms of types %v, want 3 of 3 different types", own, types)
	}
	var c struct {
		Total int `json:"total"`
	}
	call(t, srv, DemoKey, "GET", "/api/2.0/files/rooms", nil).env(t, &c)
	if c.Total != 4 {
		t.Errorf("listed %d demo rooms, want 3 and the one on Box", c.Total)
	}
}

// TestConcurrentUse runs creates, shares and reads at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	p, srv, _ := start(t, WithRateLimit(DocSpaceRateLimit()))
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var room struct{ ID int }
			r := call(t, srv, keyOwner, "POST", "/api/2.0/files/rooms", map[string]any{"title": fmt.Sprintf("R%d", g), "roomType": 2})
			r.env(t, &room)
			for i := 0; i < 5; i++ {
				share(t, srv, keyOwner, room.ID, map[string]any{"invitations": []inv{
					{"email": fmt.Sprintf("g%d-%d@outside.example", g, i), "access": 2}, {"id": idUser, "access": 10}}})
				call(t, srv, keyAdmin, "GET", roomPath(room.ID)+"/share", nil)
				call(t, srv, keyUser, "GET", "/api/2.0/files/rooms", nil)
			}
			_ = p.Stats()
			_ = p.Requests()
		}()
	}
	wg.Wait()
	if n := len(p.Rooms()); n != 8 {
		t.Fatalf("%d rooms", n)
	}
	for _, r := range p.Rooms() {
		if n := len(p.Members(r.ID)); n != 7 {
			t.Errorf("room %d has %d members, want 7", r.ID, n)
		}
	}
	if s := p.Stats(); s.Status429 != 0 || s.Requests != 8*16 {
		t.Errorf("stats %+v", s)
	}
}

func TestInvitationLimitIsRollingAndPortalWide(t *testing.T) {
	p, srv, clk := start(t, WithInvitationLimit(3))
	id := p.AddRoom("Room", docspace.RoomCollaboration)
	share := func(key string, emails ...string) reply {
		t.Helper()
		var invs []inv
		for _, e := range emails {
			invs = append(invs, inv{"email": e, "access": 2})
		}
		return call(t, srv, key, "PUT", fmt.Sprintf("/api/2.0/files/rooms/%d/share", id), map[string]any{"invitations": invs})
	}
	left := func() int {
		t.Helper()
		var s docspace.PortalSettings
		call(t, srv, keyOwner, "GET", "/api/2.0/settings", nil).env(t, &s)
		return s.InvitationLimit
	}
	// Every e-mail entry counts, an existing user's address too.
	if r := share(keyOwner, "a@outside.example", "user@example.com"); r.status != 200 {
		t.Fatalf("first share: %d %s", r.status, r.body)
	}
	if got := left(); got != 1 {
		t.Fatalf("left after two e-mails: %d, want 1", got)
	}
	clk.Advance(time.Hour)
	// Another admin's request draws on the same count.
	if r := share(keyAdmin, "b@outside.example", "c@outside.example"); r.status != 400 || r.errMessage(t) != "Invitation limit is exceeded" {
		t.Fatalf("over the limit: %d %s", r.status, r.body)
	}
	if r := share(keyAdmin, "b@outside.example"); r.status != 200 {
		t.Fatalf("the last one: %d %s", r.status, r.body)
	}
	if got := left(); got != 0 {
		t.Fatalf("left: %d, want 0", got)
	}
	// 24 hours after the first two, they are given back; the third is still counted.
	clk.Advance(23 * time.Hour)
	if got := left(); got != 2 {
		t.Fatalf("left a day later: %d, want 2", got)
	}
}
