package docspace

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestNormalizePortal(t *testing.T) {
	tests := []struct {
		in, want string
		errHas   string // a word the error must contain; empty: no error
	}{
		{in: "https://name.onlyoffice.com", want: "https://name.onlyoffice.com"},
		{in: "name.onlyoffice.com", want: "https://name.onlyoffice.com"},
		{in: "  Name.OnlyOffice.COM/  ", want: "https://name.onlyoffice.com"},
		{in: "HTTPS://name.onlyoffice.com///", want: "https://name.onlyoffice.com"},
		{in: "https://x.example.com/docspace", want: "https://x.example.com/docspace"},
		{in: "https://x.example.com/docspace/", want: "https://x.example.com/docspace"},
		{in: "https://x.example.com/Doc%20Space/", want: "https://x.example.com/Doc%20Space"},
		{in: "https://x.example.com:443/", want: "https://x.example.com"},
		{in: "https://x.example.com:8443", want: "https://x.example.com:8443"},
		{in: "https://x.example.com:08443", want: "https://x.example.com:8443"},
		{in: "https://x.example.com:", want: "https://x.example.com"},
		{in: "http://localhost:8080/", want: "http://localhost:8080"},
		{in: "http://LOCALHOST", want: "http://localhost"},
		{in: "http://127.0.0.1:8092", want: "http://127.0.0.1:8092"},
		{in: "http://127.3.4.5", want: "http://127.3.4.5"},
		{in: "http://[::1]:8080/ds", want: "http://[::1]:8080/ds"},
		{in: "http://localhost:80", want: "http://localhost"},
		{in: "https://[2001:db8::1]", want: "https://[2001:db8::1]"},
		{in: "localhost:8080", want: "https://localhost:8080"},
		{in: "", errHas: "empty"},
		{in: "   ", errHas: "empty"},
		{in: "http://name.onlyoffice.com", errHas: "https://name.onlyoffice.com"},
		{in: "http://10.0.0.1", errHas: "unencrypted"},
		{in: "http://128.0.0.1", errHas: "unencrypted"},
		{in: "http://localhost.evil.com", errHas: "unencrypted"},
		{in: "ftp://name.onlyoffice.com", errHas: `"ftp://"`},
		{in: "javascript://alert(1)", errHas: "https://"},
		{in: "file:///etc/passwd", errHas: "https://"},
		{in: "https://user:secret@name.onlyoffice.com", errHas: "user name or password"},
		{in: "https://user@name.onlyoffice.com", errHas: "user name or password"},
		// A pasted browser address: the query and fragment go, scheme and port stay.
		{in: "https://p.example.com:8443/?x=1#frag", want: "https://p.example.com:8443"},
		{in: "https://name.onlyoffice.com/?x=1", want: "https://name.onlyoffice.com"},
		{in: "https://name.onlyoffice.com?", want: "https://name.onlyoffice.com"},
		{in: "https://name.onlyoffice.com/#/rooms", want: "https://name.onlyoffice.com"},
		{in: "https://name.onlyoffice.com#", want: "https://name.onlyoffice.com"},
		{in: "http://127.0.0.1:8080/path?q#f", want: "http://127.0.0.1:8080/path"},
		{in: "http://[::1]:8080/?q=1", want: "http://[::1]:8080"},
		// A DocSpace page or the API after the portal is not part of it.
		{in: "https://name.onlyoffice.com/rooms/shared/5/filter?folder=5", want: "https://name.onlyoffice.com"},
		{in: "https://p.example.com/api/2.0", want: "https://p.example.com"},
		{in: "https://p.example.com/api/2.0/", want: "https://p.example.com"},
		{in: "https://p.example.com/API/2.0/people/@self", want: "https://p.example.com"},
		{in: "https://p.example.com:8443/docspace/api/2.0/", want: "https://p.example.com:8443/docspace"},
		{in: "https://p.example.com/docspace/portal-settings/developer-tools/api-keys", want: "https://p.example.com/docspace"},
		{in: "https://p.example.com/apiary", want: "https://p.example.com/apiary"},
		{in: "https://", errHas: "no host"},
		{in: "https:///path", errHas: "no host"},
		{in: "https://:443", errHas: "no host"},
		{in: "https://name.onlyoffice.com:99999", errHas: "port"},
		{in: "https://name.onlyoffice.com:abc", errHas: "https://yourname.onlyoffice.com"},
		{in: "https://name onlyoffice.com", errHas: "spaces"},
		{in: "https://name.onlyoffice.com\n", want: "https://name.onlyoffice.com"},
		{in: "https://na\x00me.com", errHas: "invisible"},
		{in: "https://name.\u202eexample.com", errHas: "invisible"},
		{in: "https://name.onlyoffice.com/a//b", errHas: "//"},
		{in: "https://[fe80::1%25eth0]", errHas: "host"},
		{in: "https://..com", errHas: "host"},
		// A pasted API key is refused wherever it sits, and never repeated.
		{in: "sk-0123abcd9876fedc", errHas: "looks like an API key"},
		{in: "SK-0123ABCD", errHas: "looks like an API key"},
		{in: "  sk-0123456789abcdef0123456789abcdef\n", errHas: "looks like an API key"},
		{in: "https://sk-0123abcd9876fedc", errHas: "looks like an API key"},
		{in: "https://sk-0123abcd9876fedc.onlyoffice.com", errHas: "looks like an API key"},
		{in: "http://sk-0123abcd9876fedc", errHas: "looks like an API key"},
		{in: "https://sk-0123abcd9876fedc/?x=1", errHas: "looks like an API key"},
		{in: "sk-0123abcd9876fedc:8443", errHas: "looks like an API key"},
		{in: "https://name.onlyoffice.com/sk-0123abcd9876fedc", errHas: "looks like an API key"},
		{in: "https://name.onlyoffice.com/docspace/Sk-0123abcd9876fedc/", errHas: "looks like an API key"},
		{in: "https://sk-0123abcd9876fedc@name.onlyoffice.com", errHas: "looks like an API key"},
		{in: "https://me:sk-0123abcd9876fedc@name.onlyoffice.com", errHas: "looks like an API key"},
		{in: "https://name.onlyoffice.com" + "sk-0123456789abcdef0123456789abcdef", errHas: "looks like an API key"},
		// Names merely containing "sk-" are portal addresses.
		{in: "https://sk-portal.example.com", want: "https://sk-portal.example.com"},
		{in: "https://sk-0123abc.example.com", want: "https://sk-0123abc.example.com"},
		{in: "https://helpdesk-20240101.example.com", want: "https://helpdesk-20240101.example.com"},
		{in: "https://x.example.com/task-12345678", want: "https://x.example.com/task-12345678"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizePortal(tt.in)
			if tt.errHas == "" {
				if err != nil || got != tt.want {
					t.Fatalf("NormalizePortal(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
				}
				again, err := NormalizePortal(got)
				if err != nil || again != got {
					t.Fatalf("not idempotent: NormalizePortal(%q) = %q, %v", got, again, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("NormalizePortal(%q) = %q, want an error", tt.in, got)
			}
			if !strings.Contains(err.Error(), tt.errHas) {
				t.Fatalf("error %q does not mention %q", err, tt.errHas)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Fatalf("error repeats the password: %q", err)
			}
			if low := strings.ToLower(err.Error()); strings.Contains(low, "sk-0123") {
				t.Fatalf("error repeats the API key: %q", err)
			}
			if !strings.Contains(err.Error(), ": ") {
				t.Fatalf("error %q does not say what to do", err)
			}
		})
	}
}

func TestNewChecksKeyAndPortal(t *testing.T) {
	tests := []struct {
		name, portal, key, errHas string
	}{
		{"empty key", "https://a.example.com", "", "empty"},
		{"blank key", "https://a.example.com", " \n", "empty"},
		{"key with space", "https://a.example.com", "Bearer " + testKey, "spaces"},
		{"key with newline inside", "https://a.example.com", "sk-ab\ncd", "line breaks"},
		{"bad portal", "http://a.example.com", testKey, "https"},
		{"key pasted as portal", testKey, testKey, "looks like an API key"},
		{"key as path of portal", "https://a.example.com/" + testKey, testKey, "looks like an API key"},
		{"key as userinfo", "https://" + testKey + "@a.example.com", testKey, "looks like an API key"},
		{"other-shaped key", "https://a.example.com/qwertyuiop", "qwertyuiop", "not a DocSpace API key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.portal, tt.key)
			if err == nil {
				t.Fatalf("New = %v, want error", c)
			}
			noKey(t, err)
			if !strings.Contains(err.Error(), tt.errHas) {
				t.Fatalf("error %q does not mention %q", err, tt.errHas)
			}
		})
	}
}

func TestNewDefaultsAndOptions(t *testing.T) {
	c, err := New("name.onlyoffice.com/", "  "+testKey+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Portal() != "https://name.onlyoffice.com" || c.key != testKey {
		t.Fatalf("portal %q key trimmed %v", c.Portal(), c.key == testKey)
	}
	if c.timeout != 30*time.Second || c.retry != (RetryPolicy{MaxAttempts: 4, MaxTotal: 60 * time.Second, BaseDelay: 500 * time.Millisecond}) || c.ua != "docspace-wizard/dev" {
		t.Fatalf("defaults: timeout %v retry %+v ua %q", c.timeout, c.retry, c.ua)
	}
	if c.maxBody != 8<<20 || c.http == nil || c.http == http.DefaultClient {
		t.Fatalf("maxBody %d, http client %p", c.maxBody, c.http)
	}
	supplied := &http.Client{Timeout: time.Minute}
	c, err = New("https://a.example.com", testKey, WithVersion("1.2.3"), WithRequestTimeout(5*time.Second),
		WithRetry(RetryPolicy{MaxAttempts: 0}), WithHTTPClient(supplied), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.ua != "docspace-wizard/1.2.3" || c.timeout != 5*time.Second || c.retry.MaxAttempts != 1 || c.retry.BaseDelay <= 0 {
		t.Fatalf("options: ua %q timeout %v retry %+v", c.ua, c.timeout, c.retry)
	}
	if c.http == supplied || supplied.CheckRedirect != nil || c.http.Timeout != time.Minute {
		t.Fatal("the supplied http.Client must be copied, not changed")
	}
	c, _ = New("https://a.example.com", testKey, WithVersion(""), WithRequestTimeout(-1), WithMaxResponseBytes(0))
	if c.ua != DefaultUserAgent || c.timeout != DefaultRequestTimeout || c.maxBody != DefaultMaxResponseBytes {
		t.Fatalf("bad option values must fall back to defaults: %q %v %d", c.ua, c.timeout, c.maxBody)
	}
}

func TestCheckAPIKey(t *testing.T) {
	real := "sk-" + strings.Repeat("0123456789abcdef", 4) // what DocSpace makes: 64 hex digits
	tests := []struct {
		name, key, errHas string // errHas empty: accepted
	}{
		{"a real key", real, ""},
		{"upper-case hex", "sk-" + strings.ToUpper(real[3:]), ""},
		{"32 hex digits", "sk-" + strings.Repeat("ab", 16), ""},
		{"128 hex digits", "sk-" + strings.Repeat("ab", 64), ""},
		{"empty", "", "empty"},
		{"100 KB", "sk-" + strings.Repeat("a", 100<<10), "too long"},
		{"129 hex digits", "sk-" + strings.Repeat("a", 129), "too long"},
		{"too short", "sk-0123abcd", "too short"},
		{"no prefix", real[3:], "not a DocSpace API key"},
		{"upper-case prefix", "SK-" + real[3:], "not a DocSpace API key"},
		{"other letters", "sk-" + strings.Repeat("wxyz", 16), "not a DocSpace API key"},
		{"a Bearer header", "Bearer " + real, "spaces"},
		{"space inside", real[:20] + " " + real[20:], "spaces"},
		{"tab inside", real[:20] + "\t" + real[20:], "spaces"},
		{"escape inside", real[:20] + "\x1b[31m" + real[20:], "control characters"},
		{"zero-width space", real[:20] + "\u200b" + real[20:], "not a DocSpace API key"},
		{"invalid UTF-8", real[:20] + "\xff" + real[20:], "control characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckAPIKey(tt.key)
			if tt.errHas == "" {
				if err != nil {
					t.Fatalf("CheckAPIKey refused a well-formed key: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("CheckAPIKey accepted a malformed key")
			}
			if !errors.Is(err, ErrMalformedKey) || (Result{Err: err}).Status() != StatusKeyRejected {
				t.Errorf("error %v is not ErrMalformedKey, or not a rejected key's status", err)
			}
			if !strings.Contains(err.Error(), tt.errHas) || !strings.Contains(err.Error(), ": ") {
				t.Fatalf("error %q does not say %q and what to do", err, tt.errHas)
			}
			if len(tt.key) >= 8 && strings.Contains(err.Error(), tt.key[:8]) || len(err.Error()) > 300 {
				t.Fatalf("error repeats the key: %q", err)
			}
		})
	}
}

func TestNewRefusesAMalformedKeyWithoutARequest(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls++ }))
	defer srv.Close()
	for _, key := range []string{"k", "sk-good", "sk-" + strings.Repeat("a", 100<<10)} {
		if c, err := New(srv.URL, key); err == nil {
			_, _ = c.KeyInfo(context.Background())
			t.Errorf("New accepted the malformed key %.20q", key)
		}
	}
	if calls != 0 {
		t.Fatalf("%d requests reached the portal", calls)
	}
}

func TestRoomLink(t *testing.T) {
	for portal, want := range map[string]string{
		"name.onlyoffice.com":            "https://name.onlyoffice.com/rooms/shared/42/filter?folder=42",
		"https://x.example.com/docspace": "https://x.example.com/docspace/rooms/shared/42/filter?folder=42",
	} {
		c, err := New(portal, testKey)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.RoomLink(42); got != want {
			t.Errorf("RoomLink(42) = %q, want %q", got, want)
		}
	}
}

// Realistic bodies, shaped as DocSpace 3.7 sends them.
const (
	keyJSON = `{"id":"6a7b9f0e-1111-4222-8333-944455556666","name":"Wizard","keyPostfix":"cdef","permissions":["rooms:write","accounts:read"],` +
		`"lastUsed":"2026-01-02T03:04:05.0000000+00:00","createOn":"2025-12-01T10:00:00.0000000Z","expiresAt":null,"isActive":true}`
	userJSON = `{"id":"11111111-2222-3333-4444-555555555555","displayName":"Ann Admin","email":"ann@example.com","isAdmin":true,` +
		`"isRoomAdmin":false,"isOwner":false,"isVisitor":false,"isCollaborator":false,"activationStatus":0,"cultureName":"en-US",` +
		`"avatar":"/a.png","hasAvatar":false,"isAnonim":false,"status":1}`
	roomJSON = `{"id":42,"title":"Sales","roomType":2,"shortWebUrl":"https://s.example.com/abc","tags":["q1"],"parentId":3,` +
		`"filesCount":0,"foldersCount":0,"created":"2026-01-02T03:04:05.0000000+00:00","rootFolderType":14}`
	memberJSON = `{"access":10,"sharedToUser":{"id":"99999999-2222-3333-4444-555555555555","displayName":"Bo","email":"bo@example.com","activationStatus":2},` +
		`"isLocked":false,"isOwner":false,"canEditAccess":true,"canEditInternal":false,"canEditDenyDownload":false,"canEditExpirationDate":false,"canRevoke":true,"subjectType":0}`
)

func TestMethodsSendTheRightRequestsAndDecode(t *testing.T) {
	var rec recorder
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		switch r.Method + " " + r.URL.Path {
		case "GET /api/2.0/keys/@self":
			writeJSON(w, 200, ok(keyJSON))
		case "GET /api/2.0/people/@self", "GET /api/2.0/people/email":
			writeJSON(w, 200, ok(userJSON))
		case "GET /api/2.0/settings":
			writeJSON(w, 200, ok(`{"version":"3.7.0.1","culture":"en-US","invitationLimit":50,"timezone":"UTC"}`))
		case "GET /api/2.0/settings/invitationsettings":
			writeJSON(w, 200, ok(`{"allowInvitingGuests":false,"allowInvitingMembers":true}`))
		case "POST /api/2.0/files/rooms", "GET /api/2.0/files/rooms/42":
			writeJSON(w, 200, ok(roomJSON))
		case "PUT /api/2.0/files/rooms/42/share":
			writeJSON(w, 200, ok(`{"members":[`+memberJSON+`],"warning":"1 guest skipped","error":0}`))
		case "GET /api/2.0/files/rooms/42/share":
			writeJSON(w, 200, `{"response":[`+memberJSON+`,{"access":9,"sharedLink":{"id":"x"},"isOwner":false}],"count":2,"total":57,"status":0,"statusCode":200}`)
		case "GET /api/2.0/files/rooms":
			writeJSON(w, 200, ok(`{"files":[],"folders":[`+roomJSON+`,{"id":43,"title":"HR","roomType":"CustomRoom"}],"current":{"id":1},"pathParts":[],"startIndex":0,"count":2,"total":12,"new":0}`))
		default:
			http.NotFound(w, r)
		}
	}, WithVersion("9.9"))
	ctx := context.Background()

	key, err := c.KeyInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if key.Name != "Wizard" || !key.IsActive || key.ExpiresAt != nil || key.LastUsed == nil ||
		!key.LastUsed.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) || !key.HasScope("rooms:write") {
		t.Errorf("KeyInfo = %+v", key)
	}
	self, err := c.Self(ctx)
	if err != nil || self.Email != "ann@example.com" || !self.IsAdmin || !self.CanCreateRooms() {
		t.Errorf("Self = %+v, %v", self, err)
	}
	set, err := c.Settings(ctx)
	if err != nil || set != (PortalSettings{Version: "3.7.0.1", Culture: "en-US", InvitationLimit: 50, InvitationsLimited: true}) {
		t.Errorf("Settings = %+v, %v", set, err)
	}
	inv, err := c.InvitationSettings(ctx)
	if err != nil || inv != (InvitationSettings{AllowInvitingMembers: true}) {
		t.Errorf("InvitationSettings = %+v, %v", inv, err)
	}
	room, err := c.CreateRoom(ctx, CreateRoomRequest{Title: "  Sales \t", RoomType: RoomCollaboration})
	wantRoom := Room{ID: 42, Title: "Sales", RoomType: RoomCollaboration, ShortWebURL: "https://s.example.com/abc", Tags: []string{"q1"},
		Link: c.Portal() + "/rooms/shared/42/filter?folder=42"}
	if err != nil || !reflect.DeepEqual(room, wantRoom) {
		t.Errorf("CreateRoom = %+v, %v", room, err)
	}
	got, err := c.GetRoom(ctx, 42)
	if err != nil || !reflect.DeepEqual(got, wantRoom) {
		t.Errorf("GetRoom = %+v, %v", got, err)
	}
	resp, err := c.Invite(ctx, 42, InviteRequest{Invitations: []Invitation{
		{Email: "bo@example.com", Access: AccessEditing}, {ID: "11111111-2222-3333-4444-555555555555", Access: AccessRoomManager}}, Notify: true})
	if err != nil || resp.Warning != "1 guest skipped" || len(resp.Members) != 1 || resp.Members[0].Access != AccessEditing || resp.Members[0].User.Email != "bo@example.com" {
		t.Errorf("Invite = %+v, %v", resp, err)
	}
	page, err := c.RoomMembers(ctx, 42, 100, 0)
	if err != nil || page.Total != 57 || len(page.Members) != 1 || page.Links != 1 || page.Members[0].User.ActivationStatus != ActivationPending {
		t.Errorf("RoomMembers = %+v, %v", page, err)
	}
	u, err := c.FindUserByEmail(ctx, " a+b@example.com ")
	if err != nil || u.ID == "" {
		t.Errorf("FindUserByEmail = %+v, %v", u, err)
	}
	rooms, err := c.ListRooms(ctx, RoomFilter{Filter: "Sa les", StartIndex: 10, Count: 500})
	if err != nil || rooms.Total != 12 || len(rooms.Rooms) != 2 || rooms.Rooms[1].RoomType != RoomCustom || rooms.Rooms[1].Link == "" {
		t.Errorf("ListRooms = %+v, %v", rooms, err)
	}

	reqs := rec.all()
	if len(reqs) != 10 {
		t.Fatalf("server saw %d requests, want 10", len(reqs))
	}
	for _, r := range reqs {
		if r.Header.Get("Authorization") != "Bearer "+testKey || r.Header.Get("Accept") != "application/json" || r.Header.Get("User-Agent") != "docspace-wizard/9.9" {
			t.Errorf("%s %s headers: %v", r.Method, r.Path, r.Header)
		}
		if (r.Body != "") != (r.Header.Get("Content-Type") == "application/json") {
			t.Errorf("%s %s: Content-Type %q with body %q", r.Method, r.Path, r.Header.Get("Content-Type"), r.Body)
		}
	}
	body := func(i int) map[string]any {
		var m map[string]any
		if err := json.Unmarshal([]byte(reqs[i].Body), &m); err != nil {
			t.Fatalf("request %d body %q: %v", i, reqs[i].Body, err)
		}
		return m
	}
	if b := body(4); b["title"] != "Sales" || b["roomType"] != float64(2) {
		t.Errorf("create body = %v, want trimmed title and numeric roomType", b)
	}
	inviteBody := body(6)
	invs := inviteBody["invitations"].([]any)
	if inviteBody["notify"] != true || invs[0].(map[string]any)["access"] != float64(10) || invs[1].(map[string]any)["access"] != float64(9) {
		t.Errorf("invite body = %v, want numeric access", inviteBody)
	}
	if _, has := invs[0].(map[string]any)["id"]; has {
		t.Errorf("an e-mail invitation must not carry an empty id: %v", invs[0])
	}
	wantQuery := map[int]url.Values{
		7: {"count": {"100"}, "startIndex": {"100"}, "filterValue": {""}},
		8: {"email": {"a+b@example.com"}},
		9: {"filterValue": {"Sa les"}, "count": {"100"}, "startIndex": {"10"}, "searchArea": {"0"}},
	}
	for i, want := range wantQuery {
		q, err := url.ParseQuery(reqs[i].RawQuery)
		if err != nil || !reflect.DeepEqual(q, want) {
			t.Errorf("%s %s query = %v, want %v", reqs[i].Method, reqs[i].Path, q, want)
		}
	}
	if !strings.Contains(reqs[8].RawQuery, "a%2Bb%40example.com") {
		t.Errorf("e-mail not query-escaped: %q", reqs[8].RawQuery)
	}
}

func TestTotalsFallBack(t *testing.T) {
	tests := []struct {
		name, body string
		want       int
	}{
		{"total", `{"response":[` + memberJSON + `],"count":1,"total":9}`, 9},
		{"count only", `{"response":[` + memberJSON + `],"count":1}`, 1},
		{"null total", `{"response":[` + memberJSON + `],"count":3,"total":null}`, 3},
		{"neither", `{"response":[` + memberJSON + `,` + memberJSON + `]}`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, tt.body) })
			page, err := c.RoomMembers(context.Background(), 7, 0, 25)
			if err != nil || page.Total != tt.want {
				t.Fatalf("Total = %d, %v; want %d", page.Total, err, tt.want)
			}
		})
	}
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"response":{"folders":[`+roomJSON+`],"pathParts":[]},"count":1,"total":30}`)
	})
	rooms, err := c.ListRooms(context.Background(), RoomFilter{})
	if err != nil || rooms.Total != 30 {
		t.Fatalf("ListRooms without content total = %+v, %v; want the envelope's total", rooms, err)
	}
}

func TestRefusedWithoutACall(t *testing.T) {
	var rec recorder
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) { rec.add(r); writeJSON(w, 200, ok(roomJSON)) })
	ctx := context.Background()
	long := strings.Repeat("é", MaxTitleLength+1)
	calls := map[string]func() error{
		"empty title": func() error {
			_, err := c.CreateRoom(ctx, CreateRoomRequest{Title: " \t", RoomType: RoomCustom})
			return err
		},
		"long title": func() error {
			_, err := c.CreateRoom(ctx, CreateRoomRequest{Title: long, RoomType: RoomCustom})
			return err
		},
		"AI room":        func() error { _, err := c.CreateRoom(ctx, CreateRoomRequest{Title: "x", RoomType: 9}); return err },
		"no invitations": func() error { _, err := c.Invite(ctx, 42, InviteRequest{}); return err },
		"access none": func() error {
			_, err := c.Invite(ctx, 42, InviteRequest{Invitations: []Invitation{{Email: "a@b.c"}}})
			return err
		},
		"access read-write": func() error {
			_, err := c.Invite(ctx, 42, InviteRequest{Invitations: []Invitation{{Email: "a@b.c", Access: AccessReadWrite}}})
			return err
		},
		"nobody": func() error {
			_, err := c.Invite(ctx, 42, InviteRequest{Invitations: []Invitation{{Access: AccessRead}}})
			return err
		},
		"room 0 invite": func() error {
			_, err := c.Invite(ctx, 0, InviteRequest{Invitations: []Invitation{{Email: "a@b.c", Access: AccessRead}}})
			return err
		},
		"room 0 members": func() error { _, err := c.RoomMembers(ctx, 0, 0, 10); return err },
		"room -1":        func() error { _, err := c.GetRoom(ctx, -1); return err },
		"empty e-mail":   func() error { _, err := c.FindUserByEmail(ctx, " "); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			e := apiErr(t, call(), KindInvalid)
			if !e.NotSent || e.Message == "" || e.Status != 0 {
				t.Fatalf("refusal %+v", e)
			}
		})
	}
	if n := len(rec.all()); n != 0 {
		t.Fatalf("%d requests were sent for refused calls", n)
	}
	if _, err := c.CreateRoom(ctx, CreateRoomRequest{Title: strings.Repeat("é", MaxTitleLength), RoomType: RoomCustom}); err != nil {
		t.Fatalf("a title of exactly %d characters must be sent: %v", MaxTitleLength, err)
	}
}

func TestOpNamesTheCall(t *testing.T) {
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 500, `{"error":{"message":"boom"},"status":1,"statusCode":500}`)
	})
	ctx := context.Background()
	tests := []struct {
		call func() error
		want string
	}{
		{func() error {
			_, err := c.CreateRoom(ctx, CreateRoomRequest{Title: " Sales ", RoomType: RoomCustom})
			return err
		}, `creating room "Sales": boom (HTTP 500)`},
		{func() error { _, err := c.KeyInfo(ctx); return err }, `checking the API key: boom (HTTP 500)`},
		{func() error { _, err := c.Self(ctx); return err }, `reading your profile: boom`},
		{func() error { _, err := c.Settings(ctx); return err }, `reading the portal settings: boom`},
		{func() error { _, err := c.InvitationSettings(ctx); return err }, `reading the invitation settings: boom`},
		{func() error {
			_, err := c.Invite(ctx, 7, InviteRequest{Invitations: []Invitation{{Email: "a@b.c", Access: AccessRead}}})
			return err
		}, `inviting 1 person to room 7: boom`},
		{func() error { _, err := c.RoomMembers(ctx, 7, 0, 10); return err }, `reading the members of room 7: boom`},
		{func() error { _, err := c.FindUserByEmail(ctx, "a@b.c"); return err }, `looking up user "a@b.c": boom`},
		{func() error { _, err := c.ListRooms(ctx, RoomFilter{Filter: "x"}); return err }, `listing rooms matching "x": boom`},
		{func() error { _, err := c.GetRoom(ctx, 7); return err }, `reading room 7: boom`},
	}
	for _, tt := range tests {
		err := tt.call()
		e := apiErr(t, err, KindServer)
		if !strings.HasPrefix(err.Error(), tt.want) || e.Method == "" || !strings.HasPrefix(e.Path, "/api/2.0/") || strings.Contains(e.Path, "?") {
			t.Errorf("error = %q (method %q path %q), want prefix %q", err, e.Method, e.Path, tt.want)
		}
	}
}

func FuzzNormalizePortal(f *testing.F) {
	for _, s := range []string{"https://name.onlyoffice.com", "name.onlyoffice.com/", "http://localhost:8080/x/", "http://[::1]",
		"https://u:p@h", "https://h/?q#f", "ftp://x", "https://h:0", "HTTPS://H.COM//a/", "https://h/%2F/", "http://127.0.0.1:1/a%20b",
		"https://[::ffff:127.0.0.1]", "https://h/\u00e9", "https://xn--mnchen-3ya.de", "münchen.de", "https://h.:8443/", "https://h/a/../b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := NormalizePortal(raw)
		if _, nerr := New(raw, testKey); nerr != nil {
			noKey(t, nerr)
		}
		if _, nerr := New(raw+testKey, testKey); nerr != nil {
			noKey(t, nerr)
		}
		if err != nil {
			if got != "" {
				t.Fatalf("error with a result %q", got)
			}
			return
		}
		u, perr := url.Parse(got)
		if perr != nil {
			t.Fatalf("result %q does not parse: %v", got, perr)
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Host == "" || strings.HasSuffix(got, "/") {
			t.Fatalf("result %q keeps a part it must not", got)
		}
		if u.Scheme != "https" && !(u.Scheme == "http" && isLoopbackHost(u.Hostname())) {
			t.Fatalf("result %q allows plain http to another host", got)
		}
		again, err := NormalizePortal(got)
		if err != nil || again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", raw, got, again, err)
		}
	})
}

func TestNegativeInvitationLimitMeansNone(t *testing.T) {
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, ok(`{"version":"3.7","culture":"de-DE","invitationLimit":-1}`))
	})
	s, err := c.Settings(context.Background())
	if err != nil || s.InvitationLimit != 0 || s.Culture != "de-DE" {
		t.Fatalf("Settings = %+v, %v", s, err)
	}
}

func TestInvitationLimitZeroIsUsedUpAndMaxIsNone(t *testing.T) {
	for _, tt := range []struct {
		body    string
		limited bool
		left    int
	}{
		{`{"version":"3.7"}`, false, 0},
		{`{"version":"3.7","invitationLimit":2147483647}`, false, 0},
		{`{"version":"3.7","invitationLimit":0}`, true, 0},
		{`{"version":"3.7","invitationLimit":7}`, true, 7},
	} {
		c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, ok(tt.body)) })
		s, err := c.Settings(context.Background())
		if err != nil || s.InvitationsLimited != tt.limited || s.InvitationLimit != tt.left {
			t.Errorf("%s: Settings = %+v, %v; want limited %v, %d left", tt.body, s, err, tt.limited, tt.left)
		}
	}
}
