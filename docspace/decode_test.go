package docspace

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// callByName runs one client method; the decoding table names which.
func callByName(c *Client, name string) error {
	ctx := context.Background()
	var err error
	switch name {
	case "room":
		_, err = c.GetRoom(ctx, 42)
	case "create":
		_, err = c.CreateRoom(ctx, CreateRoomRequest{Title: "Sales", RoomType: RoomCollaboration})
	case "members":
		_, err = c.RoomMembers(ctx, 42, 0, 100)
	case "invite":
		_, err = c.Invite(ctx, 42, InviteRequest{Invitations: []Invitation{{Email: "a@example.com", Access: AccessRead}}})
	case "key":
		_, err = c.KeyInfo(ctx)
	case "self":
		_, err = c.Self(ctx)
	case "user":
		_, err = c.FindUserByEmail(ctx, "a@example.com")
	case "list":
		_, err = c.ListRooms(ctx, RoomFilter{})
	case "settings":
		_, err = c.Settings(ctx)
	case "invitationsettings":
		_, err = c.InvitationSettings(ctx)
	default:
		panic("unknown call " + name)
	}
	return err
}

func TestDecodingAnswers(t *testing.T) {
	const html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>"
	deep := `{"response":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`
	tests := []struct {
		name   string
		call   string
		status int
		ctype  string // default application/json
		body   string
		kind   ErrorKind // KindUnknown: the call must succeed
		has    string    // the error (or its Message) must contain this
		hasnt  string    // and must not contain this
	}{
		// Not JSON at all.
		{name: "empty body", call: "room", status: 200, body: "", kind: KindBadResponse, has: "empty"},
		{name: "blank body", call: "room", status: 200, body: " \r\n\t", kind: KindBadResponse, has: "empty"},
		{name: "204 no content", call: "key", status: 204, body: "", kind: KindBadResponse, has: "empty"},
		{name: "plain text", call: "room", status: 200, ctype: "text/plain", body: "OK", kind: KindBadResponse, has: "not JSON"},
		{name: "html login page on 200", call: "self", status: 200, ctype: "text/html", body: html, kind: KindBadResponse, has: "web page", hasnt: "<"},
		{name: "html sent as json", call: "self", status: 200, body: "  <html>hi</html>", kind: KindBadResponse, has: "web page"},
		{name: "html 502 from proxy", call: "create", status: 502, ctype: "text/html", body: html, kind: KindServer, has: "not available", hasnt: "nginx"},
		{name: "html 503 from proxy", call: "room", status: 503, ctype: "text/html; charset=utf-8", body: html, kind: KindServer, has: "HTTP 503", hasnt: "<"},
		{name: "html 404", call: "key", status: 404, ctype: "text/html", body: html, kind: KindNotFound, has: "check the portal address", hasnt: "<"},
		{name: "plain text 500", call: "room", status: 500, ctype: "text/plain", body: "upstream timed out", kind: KindServer, has: "upstream timed out"},
		{name: "multi-line text 500", call: "room", status: 500, ctype: "text/plain", body: "line1\nline2", kind: KindServer, hasnt: "line1"},
		// Broken JSON.
		{name: "truncated", call: "room", status: 200, body: `{"response":{"id":4`, kind: KindBadResponse, has: "cut off"},
		{name: "truncated envelope", call: "members", status: 200, body: `{"response":[{"access":1},`, kind: KindBadResponse, has: "cut off"},
		{name: "invalid JSON", call: "room", status: 200, body: `{"response":}`, kind: KindBadResponse, has: "not valid JSON"},
		{name: "trailing garbage", call: "room", status: 200, body: ok(roomJSON) + ` <!-- cached -->`, kind: KindBadResponse, has: "not valid JSON"},
		{name: "single quotes", call: "room", status: 200, body: `{'response':{}}`, kind: KindBadResponse, has: "not valid JSON"},
		{name: "invalid UTF-8 outside strings", call: "room", status: 200, body: "{\"response\":\xff}", kind: KindBadResponse, has: "not valid JSON"},
		{name: "deep nesting", call: "room", status: 200, body: deep, kind: KindBadResponse, has: "could not be read"},
		{name: "top-level array", call: "members", status: 200, body: `[` + memberJSON + `]`, kind: KindBadResponse, has: "not a DocSpace envelope"},
		{name: "top-level string", call: "room", status: 200, body: `"ok"`, kind: KindBadResponse, has: "envelope"},
		{name: "top-level number", call: "room", status: 200, body: `42`, kind: KindBadResponse, has: "envelope"},
		{name: "top-level null", call: "room", status: 200, body: `null`, kind: KindBadResponse, has: "envelope"},
		// Envelope without what we need.
		{name: "no response field", call: "room", status: 200, body: `{"count":1,"status":0,"statusCode":200}`, kind: KindBadResponse, has: `no "response"`},
		{name: "response null", call: "room", status: 200, body: `{"response":null}`, kind: KindBadResponse, has: "null"},
		{name: "empty object", call: "room", status: 200, body: `{}`, kind: KindBadResponse, has: `no "response"`},
		{name: "response is text", call: "room", status: 200, body: ok(`"Sales"`), kind: KindBadResponse, has: "text where an object"},
		{name: "response is list for object", call: "key", status: 200, body: ok(`[]`), kind: KindBadResponse, has: "a list where an object"},
		{name: "response is object for list", call: "members", status: 200, body: ok(`{}`), kind: KindBadResponse, has: "an object where a list"},
		// Wrong types and missing ids.
		{name: "id as object", call: "room", status: 200, body: ok(`{"id":{},"title":"x","roomType":2}`), kind: KindBadResponse, has: `"response.id"`},
		{name: "id as float", call: "room", status: 200, body: ok(`{"id":4.5,"title":"x","roomType":2}`), kind: KindBadResponse, has: `"response.id"`},
		{name: "id too big", call: "room", status: 200, body: ok(`{"id":1e40}`), kind: KindBadResponse, has: `"response.id"`},
		{name: "room without id", call: "create", status: 200, body: ok(`{"title":"Sales","roomType":2}`), kind: KindBadResponse, has: "no id"},
		{name: "room with id 0", call: "room", status: 200, body: ok(`{"id":0,"title":"Sales"}`), kind: KindBadResponse, has: "no id"},
		{name: "room with negative id", call: "room", status: 200, body: ok(`{"id":-3}`), kind: KindBadResponse, has: "no id"},

		{name: "title as number", call: "room", status: 200, body: ok(`{"id":42,"title":17}`), kind: KindBadResponse, has: `"response.title" is a number where text`},
		{name: "tags as string", call: "room", status: 200, body: ok(`{"id":42,"tags":"a,b"}`), kind: KindBadResponse, has: `"response.tags"`},
		{name: "roomType unknown name", call: "room", status: 200, body: ok(`{"id":42,"roomType":"PartyRoom"}`), kind: KindBadResponse, has: "PartyRoom"},
		{name: "roomType bool", call: "room", status: 200, body: ok(`{"id":42,"roomType":true}`), kind: KindBadResponse, has: "room type"},
		{name: "members not a list", call: "invite", status: 200, body: ok(`{"members":{"a":1}}`), kind: KindBadResponse, has: `"response.members"`},

		{name: "isAdmin as text", call: "self", status: 200, body: ok(`{"id":"u1","isAdmin":"yes"}`), kind: KindBadResponse, has: `"response.isAdmin" is text where true/false`},
		{name: "profile without id", call: "self", status: 200, body: ok(`{"displayName":"Ann"}`), kind: KindBadResponse, has: "no id"},
		{name: "key without id", call: "key", status: 200, body: ok(`{"name":"k","isActive":true}`), kind: KindBadResponse, has: "no id"},
		{name: "user without id", call: "user", status: 200, body: ok(`{"email":"a@example.com"}`), kind: KindBadResponse, has: "no id"},
		{name: "limit as text", call: "settings", status: 200, body: ok(`{"invitationLimit":"10"}`), kind: KindBadResponse, has: `"response.invitationLimit"`},
		{name: "flags as numbers", call: "invitationsettings", status: 200, body: ok(`{"allowInvitingGuests":1}`), kind: KindBadResponse, has: `allowInvitingGuests`},
		{name: "count as text", call: "members", status: 200, body: `{"response":[],"count":"1"}`, kind: KindBadResponse, has: `"count" is not a whole number`},
		{name: "total as float", call: "members", status: 200, body: `{"response":[],"count":1,"total":1.5}`, kind: KindBadResponse, has: `"total" is not a whole number`},
		{name: "folder total as text", call: "list", status: 200, body: ok(`{"folders":[],"total":"x"}`), kind: KindBadResponse, has: `"response.total"`},
		// Error envelopes, on error statuses and on 2xx.
		{name: "error envelope on 200", call: "create", status: 200, body: `{"error":{"message":"You don't have enough permission to create"},"status":1,"statusCode":403}`, kind: KindForbidden, has: "enough permission to create (HTTP 403)"},
		{name: "error envelope on 200 without code", call: "room", status: 200, body: `{"error":{"message":"Oops"},"status":1}`, kind: KindServer, has: "Oops"},
		{name: "error envelope next to a response", call: "room", status: 200, body: `{"response":` + roomJSON + `,"error":{"message":"Folder not found"},"status":1,"statusCode":404}`, kind: KindNotFound, has: "Folder not found"},
		{name: "status 1 with code on 200", call: "room", status: 200, body: `{"status":1,"statusCode":404}`, kind: KindNotFound},
		{name: "error as string", call: "room", status: 400, body: `{"error":"bad id"}`, kind: KindInvalid, has: "bad id"},
		{name: "error message not a string", call: "room", status: 404, body: `{"error":{"message":{"x":1}},"status":1,"statusCode":404}`, kind: KindNotFound},
		{name: "404 folder not found", call: "room", status: 404, body: `{"error":{"message":"Folder not found","type":"DirectoryNotFoundException","stack":"at ..."},"status":1,"statusCode":404}`, kind: KindNotFound, has: "Folder not found", hasnt: "stack"},
		{name: "404 user", call: "user", status: 404, body: `{"error":{"message":"The user could not be found"},"status":1,"statusCode":404}`, kind: KindNotFound, has: "could not be found"},
		{name: "401 empty", call: "key", status: 401, body: "", kind: KindUnauthorized, has: "rejected the API key (HTTP 401)"},
		{name: "403 empty is a missing scope", call: "self", status: 403, body: "", kind: KindForbidden, has: "scope"},
		{name: "403 with reason", call: "invite", status: 403, body: `{"error":{"message":"The role is not available for this user type"},"status":1,"statusCode":403}`, kind: KindForbidden, has: "role is not available"},
		{name: "402 quota", call: "create", status: 402, body: `{"error":{"message":"The room count quota is exceeded"},"status":1,"statusCode":402}`, kind: KindQuota, has: "quota is exceeded"},
		{name: "400 problem details", call: "create", status: 400, ctype: "application/problem+json",
			body: `{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,` +
				`"errors":{"Title":["The field Title must be a string with a maximum length of 170."],"$.roomType":["The JSON value could not be converted."]},"traceId":"00-abc"}`,
			kind: KindInvalid, has: "refused these fields: roomType: The JSON value could not be converted.; Title: The field Title must be a string with a maximum length of 170."},
		{name: "400 problem with many fields", call: "create", status: 400,
			body: `{"title":"x","errors":{"$":["bad body"],"a":["m"],"b":"one","c":[],"d":["m"],"e":["m"],"f":["m"]}}`,
			kind: KindInvalid, has: "the request body: bad body; a: m; b: one; c; d: m; and 2 more"},
		{name: "400 problem without errors", call: "create", status: 400, body: `{"title":"Bad Request","status":400}`, kind: KindInvalid, has: "Bad Request"},
		{name: "400 invitation limit", call: "invite", status: 400, body: `{"error":{"message":"Invitation limit is exceeded"},"status":1,"statusCode":400}`, kind: KindInvalid, has: "Invitation limit"},
		{name: "415", call: "create", status: 415, body: "", kind: KindInvalid},
		{name: "409", call: "create", status: 409, body: "", kind: KindInvalid},
		{name: "429", call: "room", status: 429, body: `{"error":{"message":"Too many requests"},"status":1,"statusCode":429}`, kind: KindRateLimited, has: "Too many"},
		{name: "500 envelope", call: "room", status: 500, body: `{"error":{"message":"Object reference not set"},"status":1,"statusCode":500}`, kind: KindServer, has: "Object reference"},
		{name: "504 garbage", call: "room", status: 504, body: `{"err`, kind: KindServer, has: "HTTP 504"},
		{name: "418 teapot", call: "room", status: 418, body: "", kind: KindInvalid},
		{name: "redirect not followed", call: "create", status: 302, body: "", kind: KindBadResponse, has: "redirect"},
		// Hostile messages.
		{name: "message with the key", call: "room", status: 401, body: `{"error":{"message":"key ` + testKey + ` is revoked"},"status":1,"statusCode":401}`, kind: KindUnauthorized, has: "[API key] is revoked"},
		{name: "message with the key upper-cased", call: "room", status: 401, body: `{"error":{"message":"key ` + strings.ToUpper(testKey) + ` is revoked"}}`, kind: KindUnauthorized, has: "[API key]"},
		{name: "message with control characters", call: "room", status: 400, body: `{"error":{"message":"bad\u0000\u001b[31m\nvalue\r\n"}}`, kind: KindInvalid, has: "bad [31m value (HTTP 400)"},
		{name: "message with invalid UTF-8", call: "room", status: 400, body: "{\"error\":{\"message\":\"caf\xe9 \xff\"}}", kind: KindInvalid, has: "caf\uFFFD"},
		{name: "huge message", call: "room", status: 400, body: `{"error":{"message":"` + strings.Repeat("x", 50000) + `"}}`, kind: KindInvalid, has: "…"},
		// Tolerated.
		{name: "BOM before JSON", call: "room", status: 200, body: "\xef\xbb\xbf" + ok(roomJSON)},
		{name: "JSON labelled text/plain", call: "room", status: 200, ctype: "text/plain", body: ok(roomJSON)},
		{name: "201 created", call: "create", status: 201, body: ok(roomJSON)},
		{name: "invalid UTF-8 inside a string", call: "room", status: 200, body: ok("{\"id\":42,\"title\":\"Sal\xffes\"}")},
		{name: "roomType as name", call: "room", status: 200, body: ok(`{"id":42,"roomType":"VirtualDataRoom"}`)},
		{name: "access as numeric string", call: "members", status: 200, body: ok(`[{"access":"10","sharedToUser":{"id":"x"}}]`)},
		{name: "member without user", call: "members", status: 200, body: ok(`[{"access":2,"sharedLink":{"title":"link"}}]`)},
		{name: "null fields", call: "self", status: 200, body: ok(`{"id":"u1","displayName":null,"email":null,"isAdmin":null,"cultureName":null}`)},
		{name: "null members and warning", call: "invite", status: 200, body: ok(`{"members":null,"warning":null,"error":0}`)},
		{name: "unknown fields", call: "key", status: 200, body: ok(`{"id":"k","future":{"a":[1,2,3]},"isActive":true}`)},
		{name: "duplicate keys", call: "room", status: 200, body: `{"response":{"id":1},"response":` + roomJSON + `}`},
		{name: "error null", call: "room", status: 200, body: `{"response":` + roomJSON + `,"error":null,"status":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) {
				ct := tt.ctype
				if ct == "" {
					ct = "application/json"
				}
				w.Header().Set("Content-Type", ct)
				if tt.status == 302 {
					w.Header().Set("Location", "https://other.example.com/login?next=/")
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}, WithRetry(RetryPolicy{MaxAttempts: 1}))
			err := callByName(c, tt.call)
			if tt.kind == KindUnknown {
				if err != nil {
					t.Fatalf("want success, got %v", err)
				}
				return
			}
			e := apiErr(t, err, tt.kind)
			msg := err.Error()
			if tt.has != "" && !strings.Contains(msg, tt.has) {
				t.Errorf("error %q does not contain %q", msg, tt.has)
			}
			if tt.hasnt != "" && strings.Contains(msg, tt.hasnt) {
				t.Errorf("error %q contains %q", msg, tt.hasnt)
			}
			if !utf8.ValidString(msg) || len(e.Message) > 1200 || strings.ContainsAny(e.Message, "\x00\n\r\x1b") {
				t.Errorf("message not safe to show: %q", e.Message)
			}
			if e.Op == "" || e.Status == 0 || e.NotSent {
				t.Errorf("error lacks op/status or claims not sent: %+v", e)
			}
			if e.Hint() == "" {
				t.Errorf("no hint")
			}
		})
	}
}

func TestDecodeTolerantValues(t *testing.T) {
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/2.0/files/rooms/42":
			writeJSON(w, 200, ok("{\"id\":42,\"title\":\"Sal\xffes\",\"roomType\":\"virtualdataroom\"}"))
		case "/api/2.0/files/rooms/42/share":
			writeJSON(w, 200, ok(`[{"access":"Editing","sharedToUser":{"id":"a"}},{"access":"None","sharedToUser":{"id":"b"}},{"access":null,"sharedToUser":{"id":"c"}},{"access":"3","sharedToUser":{"id":"d"}},{"access":"RoomManager","isOwner":true,"sharedToUser":{"id":"e"}}]`))
		}
	})
	room, err := c.GetRoom(context.Background(), 42)
	if err != nil || room.RoomType != RoomVirtualData || room.Title != "Sal\uFFFDes" {
		t.Fatalf("GetRoom = %+v, %v", room, err)
	}
	page, err := c.RoomMembers(context.Background(), 42, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []Access{AccessEditing, AccessNone, AccessNone, 3, AccessRoomManager}
	for i, m := range page.Members {
		if m.Access != want[i] {
			t.Errorf("member %d access %v, want %v", i, m.Access, want[i])
		}
	}
	if len(page.Members) != 5 || page.Members[1].User.ID != "b" || !page.Members[4].IsOwner {
		t.Errorf("members = %+v", page.Members)
	}
}

func TestKeyInfoDates(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s int) *time.Time {
		t := time.Date(y, mo, d, h, mi, s, 0, time.UTC)
		return &t
	}
	tests := []struct {
		name, raw string
		want      *time.Time
	}{
		{"offset with 7 fractional digits", `"2026-01-02T03:04:05.0000000+00:00"`, utc(2026, 1, 2, 3, 4, 5)},
		{"positive offset", `"2026-01-02T05:04:05.1234567+02:00"`, func() *time.Time { t := time.Date(2026, 1, 2, 3, 4, 5, 123456700, time.UTC); return &t }()},
		{"Z", `"2026-01-02T03:04:05Z"`, utc(2026, 1, 2, 3, 4, 5)},
		{"no offset is UTC", `"2026-01-02T03:04:05.0000000"`, utc(2026, 1, 2, 3, 4, 5)},
		{"space separated", `"2026-01-02 03:04:05"`, utc(2026, 1, 2, 3, 4, 5)},
		{"date only", `"2026-01-02"`, utc(2026, 1, 2, 0, 0, 0)},
		{"spec's object", `{"utcTime":"2026-01-02T03:04:05.0000000Z","timeZoneOffset":"00:00:00"}`, utc(2026, 1, 2, 3, 4, 5)},
		{".NET min value", `"0001-01-01T00:00:00.0000000"`, nil},
		{"null", `null`, nil},
		{"garbage", `"next tuesday"`, nil},
		{"number", `1767323045`, nil},
		{"bool", `true`, nil},
		{"list", `[1]`, nil},
		{"empty", `""`, nil},
		{"month 13", `"2026-13-02T03:04:05Z"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, ok(`{"id":"k1","name":"n","permissions":[],"isActive":true,"createOn":"2025-12-01T10:00:00Z","expiresAt":`+tt.raw+`}`))
			})
			k, err := c.KeyInfo(context.Background())
			if err != nil {
				t.Fatalf("an odd date must not fail the call: %v", err)
			}
			switch {
			case tt.want == nil && k.ExpiresAt != nil:
				t.Fatalf("ExpiresAt = %v, want none", k.ExpiresAt)
			case tt.want != nil && (k.ExpiresAt == nil || !k.ExpiresAt.Equal(*tt.want)):
				t.Fatalf("ExpiresAt = %v, want %v", k.ExpiresAt, tt.want)
			}
			if k.CreateOn == nil || k.ID != "k1" {
				t.Fatalf("other fields lost: %+v", k)
			}
		})
	}
}

func TestAnswerSizeCap(t *testing.T) {
	big := ok(`{"id":42,"title":"` + strings.Repeat("a", 9<<20) + `"}`)
	tests := []struct {
		name string
		opts []Option
		body string
		has  string
	}{
		{"default 8 MB", nil, big, "larger than 8 MB"},
		{"custom", []Option{WithMaxResponseBytes(1000)}, ok(`{"id":42,"title":"` + strings.Repeat("a", 2000) + `"}`), "larger than 1000 bytes"},
		{"error answer too", []Option{WithMaxResponseBytes(1000)}, `{"error":{"message":"` + strings.Repeat("a", 2000) + `"}}`, "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, tt.body) }, tt.opts...)
			_, err := c.GetRoom(context.Background(), 42)
			e := apiErr(t, err, KindBadResponse)
			if !strings.Contains(err.Error(), tt.has) || !strings.HasPrefix(err.Error(), "reading room 42: ") || e.Status != 200 {
				t.Fatalf("error = %q", err)
			}
		})
	}
	// Exactly at the cap is fine.
	body := ok(roomJSON)
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) }, WithMaxResponseBytes(int64(len(body))))
	if _, err := c.GetRoom(context.Background(), 42); err != nil {
		t.Fatalf("an answer exactly at the cap: %v", err)
	}
}

func TestKindForStatus(t *testing.T) {
	want := map[int]ErrorKind{400: KindInvalid, 415: KindInvalid, 401: KindUnauthorized, 402: KindQuota, 403: KindForbidden,
		404: KindNotFound, 410: KindNotFound, 429: KindRateLimited, 500: KindServer, 502: KindServer, 503: KindServer, 504: KindServer,
		599: KindServer, 499: KindInvalid, 302: KindBadResponse, 100: KindBadResponse, 600: KindBadResponse}
	for status, kind := range want {
		if got := kindForStatus(status); got != kind {
			t.Errorf("kindForStatus(%d) = %v, want %v", status, got, kind)
		}
	}
}

// scrub hides the key in every part of an error (what counts as a key: internal/redact).
func TestRedact(t *testing.T) {
	c := &Client{key: testKey}
	err := c.scrub(&APIError{Op: "x " + testKey, Message: strings.ToUpper(testKey), Err: errors.New("dial " + testKey)})
	noKey(t, err)
}

func FuzzDecodeResponse(f *testing.F) {
	seeds := []struct {
		status int
		ctype  string
		body   string
	}{
		{200, "application/json", ok(roomJSON)},
		{200, "application/json", ok(keyJSON)},
		{200, "application/json", ok(userJSON)},
		{200, "application/json", `{"response":[` + memberJSON + `],"count":1,"total":3}`},
		{200, "application/json", ok(`{"folders":[` + roomJSON + `],"total":1}`)},
		{200, "application/json", ok(`{"members":[` + memberJSON + `],"warning":"w"}`)},
		{200, "application/json", `{"error":{"message":"` + testKey + `"},"status":1,"statusCode":403}`},
		{400, "application/problem+json", `{"title":"x","errors":{"` + testKey + `":["` + testKey + `"]}}`},
		{401, "", ""},
		{403, "", ""},
		{502, "text/html", "<html>bad gateway</html>"},
		{302, "", ""},
		{200, "application/json", `{"response":{"id":"1"}}`},
		{200, "application/json", `{"response":` + strings.Repeat("[", 200)},
		{200, "application/json", "{\"response\":{\"title\":\"\xff\"}}"},
		{500, "text/plain", testKey},
	}
	for _, s := range seeds {
		f.Add(s.status, s.ctype, []byte(s.body))
	}
	c, err := New("https://portal.example.com", testKey)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, status int, ctype string, body []byte) {
		h := http.Header{"Content-Type": {ctype}, "Location": {string(body)}}
		outs := []any{&wireRoom{}, &wireKeyInfo{}, &User{}, &wireRoomSecurity{}, &envelope{Response: &[]wireMember{}},
			&envelope{Response: &wireFolderContent{}}, &PortalSettings{}, &InvitationSettings{}}
		for _, out := range outs {
			err := c.decode("fuzzing "+testKey, http.MethodGet, "/api/2.0/x", status, h, body, out)
			if err == nil {
				if status < 200 || status > 299 {
					t.Fatalf("status %d decoded without an error", status)
				}
				continue
			}
			var e *APIError
			if !errors.As(err, &e) || e.Kind == KindUnknown {
				t.Fatalf("error %T %v is not a classified *APIError", err, err)
			}
			msg := err.Error()
			if strings.Contains(strings.ToLower(msg), strings.ToLower(testKey)) {
				t.Fatalf("error shows the key: %q", msg)
			}
			if !utf8.ValidString(e.Message) || len(e.Message) > 2500 || strings.ContainsAny(e.Message, "\x00\n\r") {
				t.Fatalf("message not safe to show: %q", e.Message)
			}
		}
	})
}

// TestListsDecodeItemByItem: one item the client cannot use is set aside and counted;
// the rest of its page is read.
func TestListsDecodeItemByItem(t *testing.T) {
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/2.0/files/rooms":
			writeJSON(w, 200, ok(`{"folders":[`+
				`{"id":101,"title":"Sales","roomType":2},`+
				`{"id":"box-821","title":"Board (Box)","roomType":5,"providerItem":true,"providerKey":"Box","providerId":821},`+
				`{"title":"no id"},`+
				`{"id":103,"title":17},`+
				`{"id":104,"title":"Party","roomType":"PartyRoom"},`+
				`null,`+
				`{"id":"105","title":"Numeric text id","roomType":"EditingRoom"}],"total":7}`))
		case "/api/2.0/files/rooms/42/share":
			writeJSON(w, 200, `{"response":[`+
				`{"access":10,"sharedToUser":{"id":"u1","email":"ann@example.com"},"subjectType":0},`+
				`{"access":11,"sharedToGroup":{"id":"g1","name":"Sales team"},"sharedTo":{"id":"g1","name":"Sales team"},"subjectType":2},`+
				`{"access":2,"sharedLink":{"id":"l1","title":"Link","shareLink":"https://x/s/abc","linkType":1},"subjectType":4},`+
				`{"access":"Owner","sharedToUser":{"id":"u2"}},`+
				`{"access":2},`+
				`{"access":2,"sharedToUser":{"id":"u3","email":"bo@example.com","activationStatus":2}}],"count":6,"total":6}`)
		}
	})
	page, err := c.ListRooms(context.Background(), RoomFilter{})
	if err != nil {
		t.Fatalf("ListRooms: %v", err)
	}
	var titles []string
	for _, r := range page.Rooms {
		titles = append(titles, r.Title)
	}
	if got := strings.Join(titles, "|"); got != "Sales|Board (Box)|Numeric text id" || page.Skipped != 4 || page.Total != 7 {
		t.Errorf("rooms %q, skipped %d, total %d; want Sales|Board (Box)|Numeric text id, 4, 7", got, page.Skipped, page.Total)
	}
	if box := page.Rooms[1]; !box.ThirdParty() || box.TextID != "box-821" || box.Storage != "Box" || box.ID != 0 || box.Link != "" || box.Ref() != "box-821" {
		t.Errorf("third-party room = %+v", box)
	}
	if r := page.Rooms[2]; r.ID != 105 || r.ThirdParty() || r.Link == "" {
		t.Errorf("numeric text id = %+v", r)
	}
	members, err := c.RoomMembers(context.Background(), 42, 0, 100)
	if err != nil {
		t.Fatalf("RoomMembers: %v", err)
	}
	if len(members.Members) != 2 || members.Groups != 1 || members.Links != 1 || members.Skipped != 2 || members.Total != 6 {
		t.Errorf("members = %+v", members)
	}
	if members.Members[1].User.ActivationStatus != ActivationPending {
		t.Errorf("pending guest = %+v", members.Members[1])
	}
}

// TestAnswersAreCleanedWhereTheyEnter: text from the portal is made safe by decoding,
// whatever method read it.
func TestAnswersAreCleanedWhereTheyEnter(t *testing.T) {
	const evil = `Q3\u001b]0;owned\u0007\u001b]52;c;cm0gLXJmIH4=\u0007\u009b2J\u202e`
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/2.0/files/rooms/42":
			writeJSON(w, 200, ok(`{"id":42,"title":"`+evil+`","roomType":2,"tags":["`+evil+`"]}`))
		case "/api/2.0/files/rooms":
			writeJSON(w, 200, ok(`{"folders":[{"id":42,"title":"`+evil+`","roomType":2}],"total":1}`))
		case "/api/2.0/people/@self":
			writeJSON(w, 200, ok(`{"id":"u1","displayName":"`+evil+`","email":"a@example.com"}`))
		case "/api/2.0/files/rooms/42/share":
			writeJSON(w, 200, ok(`[{"access":10,"sharedToUser":{"id":"u1","displayName":"`+evil+`","email":"a@example.com"}}]`))
		}
	})
	ctx := context.Background()
	room, err := c.GetRoom(ctx, 42)
	if err != nil {
		t.Fatal(err)
	}
	page, err := c.ListRooms(ctx, RoomFilter{})
	if err != nil {
		t.Fatal(err)
	}
	self, err := c.Self(ctx)
	if err != nil {
		t.Fatal(err)
	}
	members, err := c.RoomMembers(ctx, 42, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for where, s := range map[string]string{"room title": room.Title, "tag": room.Tags[0], "listed title": page.Rooms[0].Title,
		"display name": self.DisplayName, "member name": members.Members[0].User.DisplayName} {
		if strings.ContainsAny(s, "\x1b\x07\u009b\u202e") || !strings.HasPrefix(s, "Q3") {
			t.Errorf("%s = %q", where, s)
		}
	}
}
