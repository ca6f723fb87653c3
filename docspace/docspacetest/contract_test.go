package docspacetest

import (
	"net/http/httptest"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/internal/contract"
)

// TestContract wraps the portal in the OpenAPI contract check and calls every endpoint
// with valid requests: each request and each 2xx answer must match DocSpace's own
// specification (as repaired by internal/contract for its known faults).
func TestContract(t *testing.T) {
	spec := contract.Load(t)
	clk := &clock{now: t0}
	p := New(append(fixture(clk), WithDemoData())...)
	p.AddKey(Key{Secret: "sk-test-expiring", UserID: idRoomAdmin, Scopes: []string{"rooms:write", "accounts:read"},
		ExpiresAt: t0.AddDate(0, 1, 0), Active: true})
	room := p.AddRoom("Contract", docspace.RoomCustom,
		Member{UserID: idUser, Access: docspace.AccessEditing},
		Member{Email: "pending@outside.example", Access: docspace.AccessComment})
	srv := httptest.NewServer(spec.Middleware(t, p))
	defer srv.Close()
	p.SetURL(srv.URL)

	tests := []struct {
		name, key, method, path string
		body                    any
		status                  int
	}{
		{"key without expiry", keyOwner, "GET", "/api/2.0/keys/@self", nil, 200},
		{"key with scopes and expiry", "sk-test-expiring", "GET", "/api/2.0/keys/@self", nil, 200},
		{"self", keyOwner, "GET", "/api/2.0/people/@self", nil, 200},
		{"self guest", keyGuest, "GET", "/api/2.0/people/@self", nil, 200},
		{"user by e-mail", keyOwner, "GET", "/api/2.0/people/email?email=user@example.com", nil, 200},
		{"pending guest by e-mail", keyOwner, "GET", "/api/2.0/people/email?email=pending@outside.example", nil, 200},
		{"unknown e-mail", keyOwner, "GET", "/api/2.0/people/email?email=nobody@example.com", nil, 404},
		{"settings", keyOwner, "GET", "/api/2.0/settings", nil, 200},
		{"invitation settings", keyOwner, "GET", "/api/2.0/settings/invitationsettings", nil, 200},
		{"create by number", keyOwner, "POST", "/api/2.0/files/rooms",
			map[string]any{"title": "Sales", "roomType": 2, "tags": []string{"q3"}}, 200},
		// By number only: api-docs.json types roomType as numbers (the server also takes names).
		{"create as a room admin", keyRoomAdmin, "POST", "/api/2.0/files/rooms",
			map[string]any{"title": "Forms", "roomType": 1}, 200},
		{"create refused", keyUser, "POST", "/api/2.0/files/rooms", map[string]any{"title": "No", "roomType": 2}, 403},
		{"list rooms", keyOwner, "GET", "/api/2.0/files/rooms", nil, 200},
		{"list rooms filtered", keyOwner, "GET",
			"/api/2.0/files/rooms?filterValue=con&count=2&startIndex=0&searchArea=0&type=5&type=8", nil, 200},
		{"list rooms as a user", keyUser, "GET", "/api/2.0/files/rooms", nil, 200},
		{"get room", keyOwner, "GET", roomPath(room), nil, 200},
		{"get missing room", keyOwner, "GET", roomPath(999), nil, 404},
		{"members", keyOwner, "GET", roomPath(room) + "/share", nil, 200},
		{"members paged and filtered", keyOwner, "GET", roomPath(room) + "/share?count=1&startIndex=1&filterValue=uma", nil, 200},
		{"share by id and e-mail", keyOwner, "PUT", roomPath(room) + "/share", map[string]any{
			"invitations": []inv{
				{"id": idUser2, "access": 2},
				{"id": idRoomAdmin, "access": 9},
				{"email": "new.guest@outside.example", "access": 5},
				{"email": "user@example.com", "access": 6}},
			"notify": true, "message": "Welcome", "culture": "en-US"}, 200},
		{"share a guest without notify", keyOwner, "PUT", roomPath(room) + "/share", map[string]any{
			"invitations": []inv{{"email": "other.guest@outside.example", "access": 2}}, "notify": false}, 200},
		{"share refused midway", keyOwner, "PUT", roomPath(room) + "/share", map[string]any{
			"invitations": []inv{{"id": idUser2, "access": 10}, {"id": idUser, "access": 7}}, "notify": false}, 403},
		{"members after sharing", keyOwner, "GET", roomPath(room) + "/share?count=100", nil, 200},
		{"remove by id", keyOwner, "PUT", roomPath(room) + "/share", map[string]any{
			"invitations": []inv{{"id": idUser2, "access": 0}}, "notify": false}, 200},
		{"archive", keyOwner, "PUT", roomPath(room) + "/archive", map[string]any{"deleteAfter": false}, 200},
		{"archived room", keyOwner, "GET", roomPath(room), nil, 200},
		{"archive refused to a user", keyUser, "PUT", roomPath(102) + "/archive", nil, 403},
		// The demo's "Marketing Q3" (101) has a group, a pending guest and an invitation
		// link; "Press Kit" (103) is Public, with its primary external link.
		{"members with a group", keyOwner, "GET", roomPath(101) + "/share?filterType=0", nil, 200},
		{"groups only", keyOwner, "GET", roomPath(101) + "/share?filterType=32", nil, 200},
		{"people only", keyOwner, "GET", roomPath(101) + "/share?filterType=16&filterValue=kim", nil, 200},
		{"invitation links", keyOwner, "GET", roomPath(101) + "/share?filterType=1", nil, 200},
		{"all links", keyOwner, "GET", roomPath(103) + "/share?filterType=15", nil, 200},
		{"external links", keyOwner, "GET", roomPath(103) + "/share?filterType=2", nil, 200},
		{"primary external link", keyOwner, "GET", roomPath(103) + "/share?filterType=8", nil, 200},
		// The demo's two room templates (90001, 90002), listed and copied.
		{"list templates", keyOwner, "GET", "/api/2.0/files/rooms?searchArea=4&count=100&startIndex=0&filterValue=", nil, 200},
		{"room from a template", keyOwner, "POST", "/api/2.0/files/rooms/fromtemplate",
			map[string]any{"templateId": 90001, "title": "From template", "tags": []string{"q3"}}, 200},
		{"template job status", keyOwner, "GET", "/api/2.0/files/rooms/fromtemplate/status", nil, 200},
		{"template job done", keyOwner, "GET", "/api/2.0/files/rooms/fromtemplate/status", nil, 200},
		{"missing template", keyOwner, "POST", "/api/2.0/files/rooms/fromtemplate", map[string]any{"templateId": 5, "title": "X"}, 404},
		{"template refused to a user", keyUser, "POST", "/api/2.0/files/rooms/fromtemplate", map[string]any{"templateId": 90001, "title": "X"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := call(t, srv, tt.key, tt.method, tt.path, tt.body); r.status != tt.status {
				t.Errorf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
		})
	}
}
