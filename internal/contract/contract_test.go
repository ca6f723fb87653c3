package contract

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestLoadFlattensTheAllOfSchemas(t *testing.T) {
	s := Load(t)
	if s.Flattened() != 27 {
		t.Errorf("flattened %d allOf schemas, want the 27 the README lists", s.Flattened())
	}
	inv := s.doc.Components.Schemas["RoomInvitation"].Value
	if len(inv.AllOf) != 0 || inv.Properties["email"] == nil || inv.Properties["access"] == nil || inv.Properties["id"] == nil ||
		inv.AdditionalProperties.Has == nil || *inv.AdditionalProperties.Has {
		t.Errorf("RoomInvitation not flattened into one closed object: %+v", inv)
	}
	folder := s.doc.Components.Schemas["FolderDtoInteger"].Value
	for _, p := range []string{"id", "title", "roomType", "created", "tags"} { // from three levels of allOf
		if folder.Properties[p] == nil {
			t.Errorf("FolderDtoInteger lacks %q after flattening", p)
		}
	}
	if Load(t) != s {
		t.Error("Load parsed the specification twice")
	}
}

func TestLoadSkipsOrFails(t *testing.T) {
	elsewhere := t.TempDir() // a module with nothing beside it
	if err := os.WriteFile(filepath.Join(elsewhere, "go.mod"), []byte("module x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, env, dir string
		want           string // "skip", "fatal" or "ok"
	}{
		{"env names a missing file", "/nonexistent/api-docs.json", "", "fatal"},
		{"no file beside the module", "", elsewhere, "skip"},
		{"env unset finds the file beside the module", "", "", "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvPath, tt.env)
			if tt.dir != "" {
				t.Chdir(tt.dir)
			}
			ft := &fakeTB{TB: t}
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { defer wg.Done(); Load(ft) }() // Skip and Fatal end the goroutine
			wg.Wait()
			got := "ok"
			switch {
			case ft.fatal:
				got = "fatal"
			case ft.skipped:
				got = "skip"
			}
			if got == "skip" && tt.want == "ok" && tt.dir == "" {
				t.Skip("the specification is not beside the project here")
			}
			if got != tt.want {
				t.Fatalf("Load: %s (%q), want %s", got, ft.msgs, tt.want)
			}
			if got != "ok" && !strings.Contains(strings.Join(ft.msgs, " "), EnvPath) {
				t.Errorf("message %q does not say how to point at the file", ft.msgs)
			}
		})
	}
}

// request builds a request to the fake portal.
func request(method, target, body string) *http.Request {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, "https://portal.example.com"+target, rd)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

func TestRequests(t *testing.T) {
	s := Load(t)
	const share = "/api/2.0/files/rooms/42/share"
	tests := []struct {
		name, method, target, body string
		errHas                     string // empty: must pass
	}{
		{"invitation by e-mail", http.MethodPut, share, `{"invitations":[{"email":"a@example.com","access":10}],"notify":true}`, ""},
		{"invitation by id", http.MethodPut, share, `{"invitations":[{"id":"11111111-2222-4333-8444-555555555555","access":9}],"notify":false,"message":"hi","culture":"en-US"}`, ""},
		{"unknown field in an invitation", http.MethodPut, share, `{"invitations":[{"email":"a@example.com","access":10,"role":"editor"}]}`, "role"},
		{"access as a string", http.MethodPut, share, `{"invitations":[{"email":"a@example.com","access":"Editing"}]}`, "access"},
		{"access out of range", http.MethodPut, share, `{"invitations":[{"email":"a@example.com","access":12}]}`, "access"},
		{"not an e-mail", http.MethodPut, share, `{"invitations":[{"email":"nobody","access":2}]}`, "email"},
		{"id not a uuid", http.MethodPut, share, `{"invitations":[{"id":"bob","access":2}]}`, "id"},
		{"unknown top-level field", http.MethodPut, share, `{"invitations":[],"notfiy":true}`, "notfiy"},
		{"room id not a number", http.MethodPut, "/api/2.0/files/rooms/abc/share", `{"invitations":[]}`, "id"},
		{"create room", http.MethodPost, "/api/2.0/files/rooms", `{"title":"Sales","roomType":2}`, ""},
		{"create room with tags", http.MethodPost, "/api/2.0/files/rooms", `{"title":"Sales","roomType":5,"tags":["a"]}`, ""},
		{"room type as a name", http.MethodPost, "/api/2.0/files/rooms", `{"title":"Sales","roomType":"EditingRoom"}`, "roomType"},
		{"room type 3", http.MethodPost, "/api/2.0/files/rooms", `{"title":"Sales","roomType":3}`, "roomType"},
		{"title too long", http.MethodPost, "/api/2.0/files/rooms", `{"title":"` + strings.Repeat("x", 171) + `","roomType":2}`, "title"},
		{"members page", http.MethodGet, share + "?count=100&startIndex=0&filterValue=", "", ""},
		{"members page too big", http.MethodGet, share + "?count=101", "", "count"},
		{"members page empty", http.MethodGet, share + "?count=0", "", "count"},
		{"rooms list", http.MethodGet, "/api/2.0/files/rooms?filterValue=Sa&count=25&startIndex=0&searchArea=0", "", ""},
		{"rooms list bad area", http.MethodGet, "/api/2.0/files/rooms?searchArea=9", "", "searchArea"},
		{"user by e-mail", http.MethodGet, "/api/2.0/people/email?email=a%2Bb%40example.com", "", ""},
		{"key", http.MethodGet, "/api/2.0/keys/@self", "", ""},
		{"no such path", http.MethodGet, "/api/2.0/nothing/here", "", "no operation"},
		{"no such method", http.MethodPatch, "/api/2.0/keys/@self", "", "no operation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := request(tt.method, tt.target, tt.body)
			err := s.CheckRequest(r)
			switch {
			case tt.errHas == "" && err != nil:
				t.Fatalf("a correct request fails: %v", err)
			case tt.errHas != "" && err == nil:
				t.Fatal("a wrong request passes")
			case err != nil && !strings.Contains(err.Error(), tt.errHas):
				t.Fatalf("error %q does not name %q", err, tt.errHas)
			case err != nil && len(err.Error()) > 600:
				t.Fatalf("error is a dump, not a message (%d bytes): %.200s", len(err.Error()), err)
			}
			if b, _ := io.ReadAll(r.Body); string(b) != tt.body {
				t.Fatalf("the body was consumed: %q", b)
			}
		})
	}
}

func TestResponses(t *testing.T) {
	s := Load(t)
	const member = `{"access":10,"sharedToUser":{"id":"11111111-2222-4333-8444-555555555555","displayName":"Bo","email":"bo@example.com","activationStatus":2,` +
		`"isAdmin":false,"registrationDate":"2026-01-02T03:04:05.0000000+00:00"},"isLocked":false,"isOwner":false,"canEditAccess":true,"canEditInternal":false,` +
		`"canEditDenyDownload":false,"canEditExpirationDate":false,"canRevoke":true,"subjectType":0}`
	env := func(resp string) string {
		return `{"response":` + resp + `,"count":1,"total":1,"status":0,"statusCode":200}`
	}
	tests := []struct {
		name, method, target string
		status               int
		ctype, body          string
		errHas               string
	}{
		{"share answer", http.MethodPut, "/api/2.0/files/rooms/42/share", 200, "application/json", env(`{"members":[` + member + `],"warning":null,"error":0}`), ""},
		{"members with a date string", http.MethodGet, "/api/2.0/files/rooms/42/share", 200, "application/json; charset=utf-8", env(`[` + member + `]`), ""},
		{"member with unknown field", http.MethodGet, "/api/2.0/files/rooms/42/share", 200, "application/json", env(`[{"access":2,"isLocked":false,"isOwner":false,"canEditAccess":true,"canEditInternal":false,"canEditDenyDownload":false,"canEditExpirationDate":false,"canRevoke":true,"subjectType":0,"vip":true}]`), "vip"},
		{"member missing required", http.MethodGet, "/api/2.0/files/rooms/42/share", 200, "application/json", env(`[{"access":2}]`), "is missing"},
		{"room with wrong id type", http.MethodGet, "/api/2.0/files/rooms/42", 200, "application/json", env(`{"id":"42","title":"Sales","roomType":2}`), "id"},
		{"room", http.MethodGet, "/api/2.0/files/rooms/42", 200, "application/json", env(`{"id":42,"title":"Sales","roomType":2,"created":"2026-01-02T03:04:05.0000000+00:00","updated":null}`), ""},
		{"rooms list with rooms as folders", http.MethodGet, "/api/2.0/files/rooms", 200, "application/json",
			env(`{"files":[],"folders":[{"id":42,"title":"Sales","roomType":2}],"pathParts":[],"total":1,"count":1,"startIndex":0}`), ""},
		{"error envelope on 404 is not checked", http.MethodGet, "/api/2.0/files/rooms/42", 404, "application/json", `{"error":{"message":"Folder not found"},"status":1,"statusCode":404}`, ""},
		{"html 502 is not checked", http.MethodGet, "/api/2.0/files/rooms/42", 502, "text/html", `<html></html>`, ""},
		{"empty 401 is not checked", http.MethodGet, "/api/2.0/keys/@self", 401, "", ``, ""},
		{"envelope status 1 passes", http.MethodGet, "/api/2.0/settings/invitationsettings", 200, "application/json", `{"response":{"allowInvitingGuests":true,"allowInvitingMembers":true},"status":1,"statusCode":200}`, ""},
		{"invitation settings missing a flag", http.MethodGet, "/api/2.0/settings/invitationsettings", 200, "application/json", env(`{"allowInvitingGuests":true}`), "allowInvitingMembers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.ctype != "" {
				h.Set("Content-Type", tt.ctype)
			}
			err := s.CheckResponse(request(tt.method, tt.target, ""), tt.status, h, []byte(tt.body))
			switch {
			case tt.errHas == "" && err != nil:
				t.Fatalf("a correct answer fails: %v", err)
			case tt.errHas != "" && err == nil:
				t.Fatal("a wrong answer passes")
			case err != nil && !strings.Contains(err.Error(), tt.errHas):
				t.Fatalf("error %q does not name %q", err, tt.errHas)
			}
		})
	}
}

// fakeTB records what a helper reports instead of failing the real test.
type fakeTB struct {
	testing.TB
	mu             sync.Mutex
	msgs           []string
	fatal, skipped bool
	errorsRecorded int
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errorsRecorded++
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.fatal = true
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *fakeTB) Skipf(format string, args ...any) {
	f.mu.Lock()
	f.skipped = true
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
	f.mu.Unlock()
	runtime.Goexit()
}

func TestMiddlewareReportsWhatBreaksTheContract(t *testing.T) {
	s := Load(t)
	ft := &fakeTB{TB: t}
	portal := httptest.NewServer(s.Middleware(ft, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // the handler still gets the whole body
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.Contains(string(body), "bad-answer@"):
			_, _ = io.WriteString(w, `{"response":{"members":"none"}}`)
		default:
			_, _ = io.WriteString(w, `{"response":{"members":[],"warning":"got `+fmt.Sprint(len(body))+`"},"status":0,"statusCode":200}`)
		}
	})))
	defer portal.Close()

	send := func(body string) string {
		req, _ := http.NewRequest(http.MethodPut, portal.URL+"/api/2.0/files/rooms/42/share", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }() // a read body: nothing to report
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	good := `{"invitations":[{"email":"a@example.com","access":2}],"notify":false}`
	if got := send(good); !strings.Contains(got, fmt.Sprintf("got %d", len(good))) {
		t.Fatalf("the handler did not get the body: %s", got)
	}
	if ft.errorsRecorded != 0 {
		t.Fatalf("a correct exchange was reported: %q", ft.msgs)
	}
	send(`{"invitations":[{"email":"a@example.com","access":"Read"}]}`)
	send(`{"invitations":[{"email":"bad-answer@example.com","access":2}]}`)
	if ft.errorsRecorded != 2 {
		t.Fatalf("recorded %d errors, want 2: %q", ft.errorsRecorded, ft.msgs)
	}
	for i, want := range []string{"request PUT /api/2.0/files/rooms/42/share", "response to PUT /api/2.0/files/rooms/42/share (HTTP 200)"} {
		if !strings.Contains(ft.msgs[i], want) {
			t.Errorf("message %q does not contain %q", ft.msgs[i], want)
		}
	}
	if !strings.Contains(ft.msgs[1], "members") {
		t.Errorf("message %q does not name the field", ft.msgs[1])
	}
	ft.msgs = nil
	if s.ValidateRequest(ft, request(http.MethodPut, "/api/2.0/files/rooms/42/share", `{"invitations":[{"access":"Read"}]}`)) {
		t.Error("ValidateRequest passed a string access")
	}
}
