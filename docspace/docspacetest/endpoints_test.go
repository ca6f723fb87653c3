package docspacetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

func TestKeySelf(t *testing.T) {
	p, srv, _ := start(t)
	p.AddKey(Key{Secret: "sk-test-scopes-wxyz", Name: "Wizard", UserID: idRoomAdmin,
		Scopes: []string{"rooms:write", "accounts:read"}, ExpiresAt: t0.Add(48 * time.Hour), Active: true})
	tests := []struct {
		key, name, postfix string
		perms              []string
		expires            bool
	}{
		{keyOwner, "owner key", "....wner", []string{}, false},
		{"sk-test-scopes-wxyz", "Wizard", "....wxyz", []string{"rooms:write", "accounts:read"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := call(t, srv, tt.key, "GET", "/api/2.0/keys/@self", nil)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if bytes.Contains(r.body, []byte(tt.key)) {
				t.Fatalf("the response contains the secret: %s", r.body)
			}
			var raw map[string]any
			r.env(t, &raw)
			if raw["key"] != nil {
				t.Errorf("key = %v, want null", raw["key"])
			}
			var k docspace.KeyInfo
			e := r.env(t, &k)
			if e.Count != 1 {
				t.Errorf("count = %d, want 1", e.Count)
			}
			if k.Name != tt.name || k.KeyPostfix != tt.postfix || !k.IsActive || k.ID == "" {
				t.Errorf("got %+v", k)
			}
			if strings.Join(k.Permissions, ",") != strings.Join(tt.perms, ",") || k.Permissions == nil {
				t.Errorf("permissions = %#v, want %#v", k.Permissions, tt.perms)
			}
			if k.CreateOn == nil || !k.CreateOn.Equal(t0) || k.LastUsed == nil {
				t.Errorf("createOn %v lastUsed %v", k.CreateOn, k.LastUsed)
			}
			if (k.ExpiresAt != nil) != tt.expires {
				t.Errorf("expiresAt = %v, want set=%v", k.ExpiresAt, tt.expires)
			}
			if !tt.expires && raw["expiresAt"] != nil {
				t.Errorf("expiresAt = %v, want null", raw["expiresAt"])
			}
		})
	}
}

func TestPeople(t *testing.T) {
	p, srv, _ := start(t)
	pendingID := p.AddUser(User{Email: "pending@example.com", Role: RoleGuest, Pending: true})
	tests := []struct {
		name, key, path string
		status          int
		wantID          string
		check           func(docspace.User) bool
		msg             string
	}{
		{"self owner", keyOwner, "/api/2.0/people/@self", 200, idOwner,
			func(u docspace.User) bool { return u.IsOwner && u.IsAdmin && !u.IsVisitor && u.CanCreateRooms() }, ""},
		{"self room admin", keyRoomAdmin, "/api/2.0/people/@self", 200, idRoomAdmin,
			func(u docspace.User) bool { return u.IsRoomAdmin && !u.IsAdmin && u.CanCreateRooms() }, ""},
		{"self user", keyUser, "/api/2.0/people/@self", 200, idUser,
			func(u docspace.User) bool {
				return u.IsCollaborator && !u.CanCreateRooms() && u.DisplayName == "Uma User"
			}, ""},
		{"self guest", keyGuest, "/api/2.0/people/@self", 200, idGuest,
			func(u docspace.User) bool { return u.IsVisitor && !u.CanCreateRooms() }, ""},
		{"email exact", keyOwner, "/api/2.0/people/email?email=user@example.com", 200, idUser,
			func(u docspace.User) bool { return u.Email == "user@example.com" && u.ActivationStatus == 1 }, ""},
		{"email other case", keyOwner, "/api/2.0/people/email?email=SECOND.user@example.COM", 200, idUser2,
			func(u docspace.User) bool { return u.Email == "Second.User@Example.com" }, ""},
		{"email pending guest", keyOwner, "/api/2.0/people/email?email=pending@example.com", 200, pendingID,
			func(u docspace.User) bool { return u.ActivationStatus == docspace.ActivationPending && u.IsVisitor }, ""},
		{"email unknown", keyOwner, "/api/2.0/people/email?email=nobody@example.com", 404, "", nil, "The user could not be found"},
		{"email missing", keyOwner, "/api/2.0/people/email", 400, "", nil, "Incorrect email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := call(t, srv, tt.key, "GET", tt.path, nil)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.status != 200 {
				if m := r.errMessage(t); m != tt.msg {
					t.Errorf("message %q, want %q", m, tt.msg)
				}
				return
			}
			var u docspace.User
			r.env(t, &u)
			if u.ID != tt.wantID || !tt.check(u) {
				t.Errorf("got %+v", u)
			}
		})
	}
}

func TestSettings(t *testing.T) {
	tests := []struct {
		name        string
		opts        []Option
		limit       int
		guests      bool
		wantVersion string
	}{
		{"defaults", nil, Unlimited, true, "3.7.0"},
		{"configured", []Option{WithInvitationLimit(5), WithGuestsAllowed(false)}, 5, false, "3.7.0"},
		{"non-positive limit is unlimited", []Option{WithInvitationLimit(0)}, Unlimited, true, "3.7.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv, _ := start(t, tt.opts...)
			var s docspace.PortalSettings
			r := call(t, srv, keyUser, "GET", "/api/2.0/settings", nil)
			r.env(t, &s)
			if s.Version != tt.wantVersion || s.Culture != "en-US" || s.InvitationLimit != tt.limit {
				t.Errorf("settings %+v", s)
			}
			var inv docspace.InvitationSettings
			call(t, srv, keyUser, "GET", "/api/2.0/settings/invitationsettings", nil).env(t, &inv)
			if inv.AllowInvitingGuests != tt.guests || !inv.AllowInvitingMembers {
				t.Errorf("invitation settings %+v", inv)
			}
		})
	}
}

type roomOut struct {
	ID          int               `json:"id"`
	Title       string            `json:"title"`
	RoomType    docspace.RoomType `json:"roomType"`
	ShortWebURL string            `json:"shortWebUrl"`
	Tags        []string          `json:"tags"`
	Created     time.Time         `json:"created"`
	CreatedBy   struct {
		ID string `json:"id"`
	} `json:"createdBy"`
}

func TestCreateRoom(t *testing.T) {
	long := strings.Repeat("é", 170)
	tests := []struct {
		name      string
		key       string
		body      any
		opts      []Option
		status    int
		msg       string // error envelope message, when not 200
		problem   bool   // a ProblemDetails 400
		wantTitle string
		wantType  docspace.RoomType
	}{
		{"number", keyOwner, map[string]any{"title": "Sales", "roomType": 2, "tags": []string{"q3"}}, nil, 200, "", false, "Sales", 2},
		{"exact name", keyOwner, map[string]any{"title": "Forms", "roomType": "FillingFormsRoom"}, nil, 200, "", false, "Forms", 1},
		{"trimmed", keyOwner, map[string]any{"title": "  Padded  ", "roomType": 5}, nil, 200, "", false, "Padded", 5},
		{"170 runes", keyOwner, map[string]any{"title": long, "roomType": 8}, nil, 200, "", false, long, 8},
		{"170 UTF-16 units", keyOwner, map[string]any{"title": strings.Repeat("😀", 85), "roomType": 2}, nil, 200, "", false, strings.Repeat("😀", 85), 2},
		{"an emoji counts twice, as in .NET", keyOwner, map[string]any{"title": strings.Repeat("😀", 86), "roomType": 2}, nil, 400, "", true, "", 0},
		{"171 runes", keyOwner, map[string]any{"title": long + "x", "roomType": 8}, nil, 400, "", true, "", 0},
		{"blank title", keyOwner, map[string]any{"title": "   ", "roomType": 2}, nil, 400, "The room title cannot be empty", false, "", 0},
		{"no title", keyOwner, map[string]any{"roomType": 2}, nil, 400, "", true, "", 0},
		{"no room type", keyOwner, map[string]any{"title": "x"}, nil, 400, "", true, "", 0},
		{"name in other case", keyOwner, map[string]any{"title": "x", "roomType": "editingroom"}, nil, 400, "", true, "", 0},
		{"AI room", keyOwner, map[string]any{"title": "x", "roomType": 9}, nil, 400, "The room type is not supported", false, "", 0},
		{"AI room by name", keyOwner, map[string]any{"title": "x", "roomType": "AiRoom"}, nil, 400, "The room type is not supported", false, "", 0},
		{"unknown number", keyOwner, map[string]any{"title": "x", "roomType": 3}, nil, 400, "The room type is not supported", false, "", 0},
		{"long color", keyOwner, map[string]any{"title": "x", "roomType": 2, "color": "#FF0000"}, nil, 400, "", true, "", 0},
		{"not JSON", keyOwner, "{", nil, 400, "", true, "", 0},
		{"empty body", keyOwner, "", nil, 400, "", true, "", 0},
		{"admin", keyAdmin, map[string]any{"title": "A", "roomType": 6}, nil, 200, "", false, "A", 6},
		{"room admin", keyRoomAdmin, map[string]any{"title": "B", "roomType": 2}, nil, 200, "", false, "B", 2},
		{"user", keyUser, map[string]any{"title": "C", "roomType": 2}, nil, 403, "You don't have enough permission to create", false, "", 0},
		{"guest", keyGuest, map[string]any{"title": "C", "roomType": 2}, nil, 403, "You don't have enough permission to create", false, "", 0},
		{"quota reached", keyOwner, map[string]any{"title": "D", "roomType": 2},
			[]Option{WithRoom("Existing", 2), WithRoomQuota(1)}, 402, "The room count quota is exceeded", false, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, srv, _ := start(t, tt.opts...)
			before := len(p.Rooms())
			r := call(t, srv, tt.key, "POST", "/api/2.0/files/rooms", tt.body)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			switch {
			case tt.problem:
				var pd struct {
					Title  string              `json:"title"`
					Errors map[string][]string `json:"errors"`
				}
				if err := json.Unmarshal(r.body, &pd); err != nil || pd.Title == "" || len(pd.Errors) == 0 {
					t.Errorf("want ProblemDetails, got %s", r.body)
				}
			case tt.status != 200:
				if m := r.errMessage(t); m != tt.msg {
					t.Errorf("message %q, want %q", m, tt.msg)
				}
			}
			if tt.status != 200 {
				if len(p.Rooms()) != before {
					t.Error("a refused request created a room")
				}
				return
			}
			var room roomOut
			r.env(t, &room)
			if room.ID == 0 || room.Title != tt.wantTitle || room.RoomType != tt.wantType ||
				!room.Created.Equal(t0) || room.CreatedBy.ID == "" ||
				!strings.HasPrefix(room.ShortWebURL, srv.URL+"/s/") {
				t.Errorf("room %+v", room)
			}
			got, ok := p.Room(room.ID)
			if !ok || got.Title != tt.wantTitle {
				t.Errorf("portal room %+v %v", got, ok)
			}
			members := p.Members(room.ID)
			if len(members) != 1 || !members[0].IsOwner || members[0].User.ID != room.CreatedBy.ID {
				t.Errorf("members of a new room: %+v", members)
			}
		})
	}
}

type contentOut struct {
	Folders    []roomOut `json:"folders"`
	Files      []any     `json:"files"`
	Current    struct{ ID int }
	PathParts  []any `json:"pathParts"`
	StartIndex int   `json:"startIndex"`
	Count      int   `json:"count"`
	Total      int   `json:"total"`
}

func TestListRooms(t *testing.T) {
	var opts []Option
	for i := 1; i <= 120; i++ {
		typ := docspace.RoomCollaboration
		if i%10 == 0 {
			typ = docspace.RoomPublic
		}
		opts = append(opts, WithRoom(fmt.Sprintf("Room %03d", i), typ))
	}
	opts = append(opts, WithRoom("Shared with Uma", docspace.RoomCustom, Member{UserID: idUser, Access: docspace.AccessRead}))
	_, srv, _ := start(t, opts...)

	tests := []struct {
		name       string
		key, query string
		total      int
		titles     []string // expected first titles of the page, in order
		count      int
	}{
		{"default page is newest first, at most 100", keyOwner, "", 121, []string{"Shared with Uma", "Room 120"}, 100},
		{"count above 100 is capped", keyOwner, "?count=500", 121, nil, 100},
		{"paging", keyOwner, "?count=2&startIndex=1", 121, []string{"Room 120", "Room 119"}, 2},
		{"past the end", keyOwner, "?count=10&startIndex=500", 121, nil, 0},
		{"ascending", keyOwner, "?count=1&sortOrder=ascending", 121, []string{"Room 001"}, 1},
		{"filter is a case-insensitive substring", keyOwner, "?filterValue=room%2001", 10, []string{"Room 019"}, 10},
		{"type filter", keyOwner, "?type=6", 12, []string{"Room 120"}, 12},
		{"type filter by name", keyOwner, "?type=CustomRoom", 1, []string{"Shared with Uma"}, 1},
		{"archive is empty", keyOwner, "?searchArea=1", 0, nil, 0},
		{"a user sees only their rooms", keyUser, "", 1, []string{"Shared with Uma"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := call(t, srv, tt.key, "GET", "/api/2.0/files/rooms"+tt.query, nil)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			var c contentOut
			e := r.env(t, &c)
			if c.Total != tt.total || len(c.Folders) != tt.count || c.Count != tt.count {
				t.Fatalf("total %d count %d folders %d, want %d/%d", c.Total, c.Count, len(c.Folders), tt.total, tt.count)
			}
			if e.Total == nil || *e.Total != tt.total || e.Count != tt.count {
				t.Errorf("envelope count %d total %v", e.Count, e.Total)
			}
			if c.Files == nil || c.PathParts == nil || c.Current.ID == 0 {
				t.Errorf("files %v pathParts %v current %v", c.Files, c.PathParts, c.Current)
			}
			for i, want := range tt.titles {
				if c.Folders[i].Title != want {
					t.Errorf("folder %d = %q, want %q", i, c.Folders[i].Title, want)
				}
			}
		})
	}
	if r := call(t, srv, keyOwner, "GET", "/api/2.0/files/rooms?count=many", nil); r.status != 400 {
		t.Errorf("bad count: %d, want 400", r.status)
	}
}

func TestGetRoom(t *testing.T) {
	p, srv, _ := start(t)
	id := p.AddRoom("Board", docspace.RoomVirtualData, Member{UserID: idUser2, Access: docspace.AccessRead})
	tests := []struct {
		name, key string
		id        int
		status    int
		msg       string
	}{
		{"owner", keyOwner, id, 200, ""},
		{"admin sees every room", keyAdmin, id, 200, ""},
		{"member", "sk-test-user2", id, 200, ""},
		{"not a member", keyUser, id, 403, "Access denied"},
		{"missing", keyOwner, 999, 404, "Folder not found"},
	}
	p.AddKey(Key{Secret: "sk-test-user2", UserID: idUser2, Active: true})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := call(t, srv, tt.key, "GET", roomPath(tt.id), nil)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.status != 200 {
				if m := r.errMessage(t); m != tt.msg {
					t.Errorf("message %q, want %q", m, tt.msg)
				}
				return
			}
			var room roomOut
			r.env(t, &room)
			if room.ID != id || room.Title != "Board" || room.RoomType != docspace.RoomVirtualData {
				t.Errorf("room %+v", room)
			}
		})
	}
}

type shareOut struct {
	Access       docspace.Access `json:"access"`
	SharedToUser docspace.User   `json:"sharedToUser"`
	IsOwner      bool            `json:"isOwner"`
	IsLocked     bool            `json:"isLocked"`
	SubjectType  int             `json:"subjectType"`
}

func TestMembers(t *testing.T) {
	p, srv, _ := start(t)
	members := []Member{{UserID: idUser, Access: docspace.AccessEditing}, {UserID: idUser2, Access: docspace.AccessRead}}
	for i := 0; i < 7; i++ {
		members = append(members, Member{Email: fmt.Sprintf("guest%d@outside.example", i), Access: docspace.AccessRead})
	}
	id := p.AddRoom("Crowd", docspace.RoomCollaboration, members...)
	tests := []struct {
		name, query string
		total       int
		emails      []string
	}{
		{"all", "", 10, []string{"owner@example.com", "user@example.com", "Second.User@Example.com"}},
		{"page", "?count=2&startIndex=1", 10, []string{"user@example.com", "Second.User@Example.com"}},
		{"filter by e-mail", "?filterValue=OUTSIDE", 7, []string{"guest0@outside.example"}},
		{"filter by name", "?filterValue=SID%20sec", 1, []string{"Second.User@Example.com"}},
		{"past the end", "?startIndex=50", 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := call(t, srv, keyOwner, "GET", roomPath(id)+"/share"+tt.query, nil)
			var items []shareOut
			e := r.env(t, &items)
			if e.Total == nil || *e.Total != tt.total || e.Count != len(items) {
				t.Fatalf("envelope count %d total %v, want total %d", e.Count, e.Total, tt.total)
			}
			for i, want := range tt.emails {
				if items[i].SharedToUser.Email != want {
					t.Errorf("item %d = %q, want %q", i, items[i].SharedToUser.Email, want)
				}
			}
			if tt.emails == nil && len(items) != 0 {
				t.Errorf("want no items, got %d", len(items))
			}
		})
	}
	var items []shareOut
	call(t, srv, keyOwner, "GET", roomPath(id)+"/share", nil).env(t, &items)
	if !items[0].IsOwner || !items[0].IsLocked || items[1].IsOwner || items[1].Access != docspace.AccessEditing {
		t.Errorf("owner/first member: %+v / %+v", items[0], items[1])
	}
	last := items[len(items)-1]
	if last.SharedToUser.ActivationStatus != docspace.ActivationPending || !last.SharedToUser.IsVisitor {
		t.Errorf("seeded guest is not a pending guest: %+v", last.SharedToUser)
	}
	if r := call(t, srv, keyOwner, "GET", roomPath(999)+"/share", nil); r.status != http.StatusNotFound {
		t.Errorf("members of a missing room: %d", r.status)
	}
}

func TestNumberedRoomsAreFoundByFilterValue(t *testing.T) {
	_, srv, _ := start(t, WithNumberedRooms(5008))
	for _, tt := range []struct {
		query  string
		total  int
		titles []string
	}{
		{"?count=1", 5008, []string{"Room 5008"}},                 // newest first
		{"?count=1&startIndex=5005", 5008, []string{"Room 0003"}}, // beyond a 5,000-room list
		{"?filterValue=room%200003", 1, []string{"Room 0003"}},    // a title contains it, any case
		{"?filterValue=ROOM%20500", 9, []string{"Room 5008"}},
	} {
		r := call(t, srv, keyOwner, "GET", "/api/2.0/files/rooms"+tt.query, nil)
		var c contentOut
		r.env(t, &c)
		if c.Total != tt.total || len(c.Folders) < len(tt.titles) {
			t.Fatalf("%s: total %d, %d folders; want total %d", tt.query, c.Total, len(c.Folders), tt.total)
		}
		for i, want := range tt.titles {
			if c.Folders[i].Title != want {
				t.Errorf("%s: folder %d = %q, want %q", tt.query, i, c.Folders[i].Title, want)
			}
		}
	}
}
