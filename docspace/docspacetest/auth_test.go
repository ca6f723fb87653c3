package docspacetest

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAuthentication(t *testing.T) {
	_, srv, _ := start(t)
	tests := []struct {
		name   string
		header []string // Authorization values; nil sends none
		want   int
	}{
		{"valid key", []string{"Bearer " + keyOwner}, 200},
		{"no header", nil, 401},
		{"unknown key", []string{"Bearer sk-test-nobody"}, 401},
		{"lower-case scheme", []string{"bearer " + keyOwner}, 401},
		{"upper-case scheme", []string{"BEARER " + keyOwner}, 401},
		{"secret in another case", []string{"Bearer " + strings.ToUpper(keyOwner)}, 401},
		{"two spaces", []string{"Bearer  " + keyOwner}, 401},
		{"no scheme", []string{keyOwner}, 401},
		{"basic scheme", []string{"Basic " + keyOwner}, 401},
		{"empty bearer", []string{"Bearer "}, 401},
		{"two headers", []string{"Bearer " + keyOwner, "Bearer " + keyOwner}, 401},
		{"inactive key", []string{"Bearer " + keyInactive}, 401},
		{"expired key", []string{"Bearer " + keyExpired}, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/2.0/keys/@self", nil)
			for _, h := range tt.header {
				req.Header.Add("Authorization", h)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = resp.Body.Close() }() // a read body: nothing to report
			var body bytes.Buffer
			_, _ = body.ReadFrom(resp.Body)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, tt.want, body.String())
			}
			if tt.want == 401 && body.Len() != 0 {
				t.Errorf("401 body = %q, want empty", body.String())
			}
		})
	}
}

func TestKeyExpiresWithClock(t *testing.T) {
	p, srv, clk := start(t)
	p.AddKey(Key{Secret: "sk-test-soon", UserID: idOwner, Active: true, ExpiresAt: t0.Add(time.Hour)})
	if r := call(t, srv, "sk-test-soon", "GET", "/api/2.0/keys/@self", nil); r.status != 200 {
		t.Fatalf("before expiry: %d", r.status)
	}
	clk.Advance(time.Hour)
	if r := call(t, srv, "sk-test-soon", "GET", "/api/2.0/keys/@self", nil); r.status != 401 {
		t.Fatalf("at expiry: %d, want 401", r.status)
	}
	if !p.SetKeyActive(keyOwner, false) {
		t.Fatal("SetKeyActive did not find the owner key")
	}
	if r := call(t, srv, keyOwner, "GET", "/api/2.0/keys/@self", nil); r.status != 401 {
		t.Fatalf("revoked key: %d, want 401", r.status)
	}
}

func TestScopes(t *testing.T) {
	endpoints := []struct {
		name, method, path string
		body               any
	}{
		{"keys", "GET", "/api/2.0/keys/@self", nil},
		{"self", "GET", "/api/2.0/people/@self", nil},
		{"email", "GET", "/api/2.0/people/email?email=user@example.com", nil},
		{"settings", "GET", "/api/2.0/settings", nil},
		{"invitationsettings", "GET", "/api/2.0/settings/invitationsettings", nil},
		{"list rooms", "GET", "/api/2.0/files/rooms", nil},
		{"get room", "GET", "/api/2.0/files/rooms/101", nil},
		{"members", "GET", "/api/2.0/files/rooms/101/share", nil},
		{"create room", "POST", "/api/2.0/files/rooms", map[string]any{"title": "R", "roomType": 2}},
		{"share", "PUT", "/api/2.0/files/rooms/101/share", map[string]any{"invitations": []inv{}, "notify": false}},
	}
	// allowed lists the endpoints each scope set may call; the rest must be an empty 403.
	scopes := []struct {
		scopes  []string
		allowed string
	}{
		{nil, "keys self email settings invitationsettings list rooms get room members create room share"},
		{[]string{"*"}, "keys self email settings invitationsettings list rooms get room members create room share"},
		{[]string{"*:read"}, "keys self email settings invitationsettings list rooms get room members"},
		{[]string{"*:write"}, "keys self email settings invitationsettings list rooms get room members create room share"},
		{[]string{"rooms:read"}, "keys settings invitationsettings list rooms get room members"},
		{[]string{"rooms:write"}, "keys settings invitationsettings list rooms get room members create room share"},
		{[]string{"files:read", "files:write"}, "keys settings invitationsettings"},
		{[]string{"accounts.self:read"}, "keys self settings invitationsettings"},
		{[]string{"accounts.self:write"}, "keys self settings invitationsettings"},
		{[]string{"accounts:read"}, "keys email settings invitationsettings"},
		{[]string{"accounts:write"}, "keys email settings invitationsettings"},
	}
	for _, sc := range scopes {
		t.Run(strings.Join(sc.scopes, ","), func(t *testing.T) {
			p, srv, _ := start(t)
			p.AddRoom("Scoped", 2)
			p.AddKey(Key{Secret: "sk-test-scoped", UserID: idOwner, Scopes: sc.scopes, Active: true})
			for _, ep := range endpoints {
				r := call(t, srv, "sk-test-scoped", ep.method, ep.path, ep.body)
				allowed := strings.Contains(" "+sc.allowed+" ", " "+ep.name+" ")
				switch {
				case allowed && r.status != 200:
					t.Errorf("%s: status %d, want 200 (%s)", ep.name, r.status, r.body)
				case !allowed && (r.status != 403 || len(r.body) != 0):
					t.Errorf("%s: status %d body %q, want 403 with an empty body", ep.name, r.status, r.body)
				}
			}
		})
	}
}

func TestUnknownEndpoints(t *testing.T) {
	_, srv, _ := start(t)
	tests := []struct {
		method, path string
		key          string
		want         int
	}{
		{"GET", "/api/2.0/nothing", keyOwner, 404},
		{"GET", "/index.html", keyOwner, 404},
		{"GET", "/api/2.0/files/rooms/abc", keyOwner, 404},
		{"DELETE", "/api/2.0/keys/@self", keyOwner, 405},
		{"POST", "/api/2.0/files/rooms/101/share", keyOwner, 405},
		{"GET", "/api/2.0/nothing", "", 401},
	}
	for _, tt := range tests {
		if r := call(t, srv, tt.key, tt.method, tt.path, nil); r.status != tt.want {
			t.Errorf("%s %s: %d, want %d", tt.method, tt.path, r.status, tt.want)
		}
	}
}

func TestKeyWithoutUserActsAsOwner(t *testing.T) {
	tests := []struct {
		name      string
		opts      []Option
		wantEmail string
	}{
		{"owner seeded after the key", []Option{WithKey(NewKey("sk-test-lazy", "rooms:read", "accounts.self:read")),
			WithUser(User{Email: "boss@example.com", Role: RoleOwner})}, "boss@example.com"},
		{"no owner seeded", []Option{WithKey(NewKey("sk-test-lazy"))}, "owner@portal.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, srv := NewServer(tt.opts...)
			defer srv.Close()
			var u struct{ Email string }
			call(t, srv, "sk-test-lazy", "GET", "/api/2.0/people/@self", nil).env(t, &u)
			if u.Email != tt.wantEmail {
				t.Errorf("acts as %q, want %q", u.Email, tt.wantEmail)
			}
			if n := len(p.Users()); n != 1 {
				t.Errorf("%d users, want a single owner", n)
			}
		})
	}
}
