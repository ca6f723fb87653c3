package docspacetest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// want is a member's expected access after a share call; absent means not a member.
type want struct {
	email  string
	access docspace.Access
	absent bool
}

func TestShare(t *testing.T) {
	const roleMsg = "The role is not available for this user type"
	tests := []struct {
		name     string
		key      string
		roomType docspace.RoomType
		seed     []Member // in the room before the call
		opts     []Option
		body     map[string]any
		status   int
		msg      string
		problem  bool
		members  []string // e-mails listed in the response's members, in order
		after    []want
		warning  bool
	}{
		{
			name: "by id", roomType: docspace.RoomCollaboration,
			body:    map[string]any{"invitations": []inv{{"id": idUser, "access": 10}}, "notify": false},
			status:  200,
			members: []string{"user@example.com"},
			after:   []want{{email: "user@example.com", access: docspace.AccessEditing}},
		},
		{
			name: "existing user by e-mail (any case) is not listed in members", roomType: docspace.RoomCollaboration,
			body:   map[string]any{"invitations": []inv{{"email": "SECOND.USER@example.com", "access": 2}}, "notify": true},
			status: 200,
			after:  []want{{email: "Second.User@Example.com", access: docspace.AccessRead}},
		},
		{
			name: "unknown e-mail becomes a pending guest", roomType: docspace.RoomCustom,
			body:   map[string]any{"invitations": []inv{{"email": "new@outside.example", "access": 6}}, "notify": false},
			status: 200,
			after:  []want{{email: "new@outside.example", access: docspace.AccessComment}},
		},
		{
			name: "access by name is accepted", roomType: docspace.RoomCollaboration,
			body:   map[string]any{"invitations": []inv{{"id": idUser, "access": "Editing"}}},
			status: 200, members: []string{"user@example.com"},
			after: []want{{email: "user@example.com", access: docspace.AccessEditing}},
		},
		{
			name: "an unparseable access string is None: it removes by id, and by e-mail is ignored", roomType: docspace.RoomCollaboration,
			seed:   []Member{{UserID: idUser, Access: docspace.AccessEditing}, {UserID: idUser2, Access: docspace.AccessRead}},
			body:   map[string]any{"invitations": []inv{{"email": "user@example.com", "access": "editor"}, {"id": idUser2, "access": "viewer"}}},
			status: 200,
			after:  []want{{email: "user@example.com", access: docspace.AccessEditing}, {email: "Second.User@Example.com", absent: true}},
		},
		{
			name: "an unparseable access for a stranger adds nobody", roomType: docspace.RoomCollaboration,
			body:   map[string]any{"invitations": []inv{{"email": "stranger@outside.example", "access": "editor"}}},
			status: 200,
			after:  []want{{email: "stranger@outside.example", absent: true}},
		},
		{
			name: "missing access is None", roomType: docspace.RoomCollaboration,
			seed:   []Member{{UserID: idUser, Access: docspace.AccessEditing}},
			body:   map[string]any{"invitations": []inv{{"id": idUser}}},
			status: 200,
			after:  []want{{email: "user@example.com", absent: true}},
		},
		{
			name: "access 0 removes, the owner stays", roomType: docspace.RoomCollaboration,
			seed:   []Member{{UserID: idUser, Access: docspace.AccessEditing}},
			body:   map[string]any{"invitations": []inv{{"id": idUser, "access": 0}, {"id": idOwner, "access": 0}}},
			status: 200,
			after:  []want{{email: "user@example.com", absent: true}, {email: "owner@example.com", access: docspace.AccessRoomManager}},
		},
		{
			name: "fractional access is a model error", roomType: docspace.RoomCollaboration,
			body:   map[string]any{"invitations": []inv{{"id": idUser, "access": 10.5}}},
			status: 400, problem: true,
			after: []want{{email: "user@example.com", absent: true}},
		},
		{
			name: "malformed id is a model error", roomType: docspace.RoomCollaboration,
			body:   map[string]any{"invitations": []inv{{"id": "user-1", "access": 10}}},
			status: 400, problem: true,
		},
		{
			name: "unknown id", roomType: docspace.RoomCollaboration,
			body:   map[string]any{"invitations": []inv{{"id": "99999999-9999-4999-8999-999999999999", "access": 10}}},
			status: 404, msg: "The user could not be found",
		},
		{
			name: "access not allowed in the room type", roomType: docspace.RoomPublic,
			body:   map[string]any{"invitations": []inv{{"email": "user@example.com", "access": 2}}},
			status: 403, msg: roleMsg,
			after: []want{{email: "user@example.com", absent: true}},
		},
		{
			name: "fill forms outside a form room", roomType: docspace.RoomCustom,
			body:   map[string]any{"invitations": []inv{{"id": idUser, "access": 7}}},
			status: 403, msg: roleMsg,
		},
		{
			name: "room admin by e-mail is refused even for a room admin", roomType: docspace.RoomCollaboration,
			body:   map[string]any{"invitations": []inv{{"email": "roomadmin@example.com", "access": 9}}},
			status: 403, msg: roleMsg,
			after: []want{{email: "roomadmin@example.com", absent: true}},
		},
		{
			name: "room admin by id for a room admin", roomType: docspace.RoomCollaboration,
			body:   map[string]any{"invitations": []inv{{"id": idRoomAdmin, "access": 9}, {"id": idAdmin, "access": 9}}},
			status: 200, members: []string{"roomadmin@example.com", "admin@example.com"},
			after: []want{{email: "roomadmin@example.com", access: docspace.AccessRoomManager}},
		},
		{
			name: "room admin by id for an ordinary user", roomType: docspace.RoomCollaboration,
			body:   map[string]any{"invitations": []inv{{"id": idUser, "access": 9}}},
			status: 403, msg: roleMsg,
		},
		{
			name: "guests disabled refuse any e-mail entry", roomType: docspace.RoomCollaboration,
			opts:   []Option{WithGuestsAllowed(false)},
			body:   map[string]any{"invitations": []inv{{"id": idUser, "access": 10}, {"email": "user2@example.com", "access": 2}}},
			status: 403, msg: "You don't have enough permission to invite guests",
			after: []want{{email: "user@example.com", absent: true}},
		},
		{
			name: "guests disabled still allow ids", roomType: docspace.RoomCollaboration,
			opts:   []Option{WithGuestsAllowed(false)},
			body:   map[string]any{"invitations": []inv{{"id": idUser, "access": 10}}},
			status: 200, members: []string{"user@example.com"},
		},
		{
			name: "invitation limit", roomType: docspace.RoomCollaboration,
			opts: []Option{WithInvitationLimit(2)},
			body: map[string]any{"invitations": []inv{
				{"email": "a@outside.example", "access": 2}, {"email": "b@outside.example", "access": 2},
				{"email": "c@outside.example", "access": 2}, {"id": idUser, "access": 2}}},
			status: 400, msg: "Invitation limit is exceeded",
			after: []want{{email: "a@outside.example", absent: true}},
		},
		{
			name: "ids do not count against the invitation limit", roomType: docspace.RoomCollaboration,
			opts: []Option{WithInvitationLimit(1)},
			body: map[string]any{"invitations": []inv{
				{"email": "a@outside.example", "access": 2}, {"id": idUser, "access": 2}, {"id": idUser2, "access": 2}}},
			status: 200, members: []string{"user@example.com", "Second.User@Example.com"},
		},
		{
			name: "no transaction: entries before the bad one stay applied", roomType: docspace.RoomCollaboration,
			body: map[string]any{"invitations": []inv{
				{"email": "first@outside.example", "access": 10},
				{"id": idUser, "access": 2},
				{"email": "bad@outside.example", "access": 7},
				{"email": "never@outside.example", "access": 2}}},
			status: 403, msg: roleMsg,
			after: []want{
				{email: "first@outside.example", access: docspace.AccessEditing},
				{email: "user@example.com", access: docspace.AccessRead},
				{email: "bad@outside.example", absent: true},
				{email: "never@outside.example", absent: true}},
		},
		{
			name: "an invalid address is skipped with a warning", roomType: docspace.RoomCollaboration,
			body:   map[string]any{"invitations": []inv{{"email": "not-an-address", "access": 2}, {"email": "ok@outside.example", "access": 2}}},
			status: 200, warning: true,
			after: []want{{email: "not-an-address", absent: true}, {email: "ok@outside.example", access: docspace.AccessRead}},
		},
		{
			name: "a member with Editing cannot invite", key: keyUser, roomType: docspace.RoomCollaboration,
			seed:   []Member{{UserID: idUser, Access: docspace.AccessEditing}},
			body:   map[string]any{"invitations": []inv{{"id": idUser2, "access": 2}}},
			status: 403, msg: "Access denied",
		},
		{
			name: "a room manager member can invite", key: keyRoomAdmin, roomType: docspace.RoomCollaboration,
			seed:   []Member{{UserID: idRoomAdmin, Access: docspace.AccessRoomManager}},
			body:   map[string]any{"invitations": []inv{{"id": idUser2, "access": 2}}},
			status: 200, members: []string{"Second.User@Example.com"},
		},
		{
			name: "an empty body is a model error", roomType: docspace.RoomCollaboration,
			status: 400, problem: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, srv, _ := start(t, tt.opts...)
			id := p.AddRoom("Room", tt.roomType, tt.seed...)
			key := tt.key
			if key == "" {
				key = keyOwner
			}
			var body any = tt.body
			if tt.body == nil {
				body = ""
			}
			r := share(t, srv, key, id, body)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			switch {
			case tt.problem:
				var pd struct {
					Errors map[string][]string `json:"errors"`
				}
				if err := json.Unmarshal(r.body, &pd); err != nil || len(pd.Errors) == 0 {
					t.Errorf("want ProblemDetails, got %s", r.body)
				}
			case tt.status != 200:
				if m := r.errMessage(t); m != tt.msg {
					t.Errorf("message %q, want %q", m, tt.msg)
				}
			default:
				var sec struct {
					Members []shareOut `json:"members"`
					Warning *string    `json:"warning"`
					Error   int        `json:"error"`
				}
				r.env(t, &sec)
				var got []string
				for _, m := range sec.Members {
					got = append(got, m.SharedToUser.Email)
				}
				if strings.Join(got, ",") != strings.Join(tt.members, ",") || sec.Members == nil {
					t.Errorf("members %v, want %v", got, tt.members)
				}
				if (sec.Warning != nil && *sec.Warning != "") != tt.warning {
					t.Errorf("warning %v, want one: %v", sec.Warning, tt.warning)
				}
			}
			for _, w := range tt.after {
				a, ok := accessOf(p, id, w.email)
				if ok == w.absent || (ok && a != w.access) {
					t.Errorf("%s: member=%v access=%v, want member=%v access=%v", w.email, ok, a, !w.absent, w.access)
				}
			}
		})
	}
}

func TestShareCreatesPendingGuest(t *testing.T) {
	p, srv, _ := start(t)
	id := p.AddRoom("Room", docspace.RoomCollaboration)
	share(t, srv, keyOwner, id, map[string]any{"invitations": []inv{{"email": "Fresh@Outside.example", "access": 2}}})
	u, ok := p.UserByEmail("fresh@outside.example")
	if !ok || u.Role != RoleGuest || !u.Pending || u.Email != "Fresh@Outside.example" {
		t.Fatalf("guest %+v %v", u, ok)
	}
	var items []shareOut
	call(t, srv, keyOwner, "GET", roomPath(id)+"/share?filterValue=fresh", nil).env(t, &items)
	if len(items) != 1 || items[0].SharedToUser.ActivationStatus != docspace.ActivationPending || items[0].SharedToUser.ID != u.ID {
		t.Fatalf("members read back: %+v", items)
	}
	var found docspace.User
	call(t, srv, keyOwner, "GET", "/api/2.0/people/email?email=fresh@outside.example", nil).env(t, &found)
	if found.ID != u.ID {
		t.Errorf("the new guest is not found by e-mail: %+v", found)
	}
}

func TestShareNotifications(t *testing.T) {
	type note struct {
		kind  NotificationKind
		email string
	}
	tests := []struct {
		name  string
		calls []map[string]any // share bodies, sent in order
		want  []note
	}{
		{"a new guest is always invited", []map[string]any{
			{"invitations": []inv{{"email": "g@outside.example", "access": 2}}, "notify": false}},
			[]note{{NotifyGuestInvitation, "g@outside.example"}}},
		{"an existing user hears only with notify", []map[string]any{
			{"invitations": []inv{{"email": "user@example.com", "access": 2}}, "notify": false},
			{"invitations": []inv{{"id": idUser2, "access": 2}}, "notify": true}},
			[]note{{NotifyRoomAccess, "Second.User@Example.com"}}},
		{"the same e-mail and access again is a silent no-op", []map[string]any{
			{"invitations": []inv{{"email": "g@outside.example", "access": 2}, {"email": "user@example.com", "access": 2}}, "notify": true},
			{"invitations": []inv{{"email": "G@outside.example", "access": 2}, {"email": "user@example.com", "access": 2}}, "notify": true}},
			[]note{{NotifyGuestInvitation, "g@outside.example"}, {NotifyRoomAccess, "user@example.com"}}},
		{"a changed access notifies again", []map[string]any{
			{"invitations": []inv{{"id": idUser, "access": 2}}, "notify": true},
			{"invitations": []inv{{"id": idUser, "access": 10}}, "notify": true}},
			[]note{{NotifyRoomAccess, "user@example.com"}, {NotifyRoomAccess, "user@example.com"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, srv, _ := start(t)
			id := p.AddRoom("Room", docspace.RoomCollaboration)
			for _, b := range tt.calls {
				if r := share(t, srv, keyOwner, id, b); r.status != 200 {
					t.Fatalf("share: %d %s", r.status, r.body)
				}
			}
			got := p.Notifications()
			if len(got) != len(tt.want) {
				t.Fatalf("notifications %+v, want %+v", got, tt.want)
			}
			for i, w := range tt.want {
				if got[i].Kind != w.kind || got[i].Email != w.email || got[i].RoomID != id {
					t.Errorf("notification %d = %+v, want %+v", i, got[i], w)
				}
			}
			if n := len(p.Members(id)); n != 1+len(uniqueTargets(tt.calls)) {
				t.Errorf("%d members after repeated calls", n)
			}
		})
	}
}

// uniqueTargets counts the distinct people the bodies invite.
func uniqueTargets(bodies []map[string]any) map[string]bool {
	seen := map[string]bool{}
	for _, b := range bodies {
		for _, i := range b["invitations"].([]inv) {
			if e, ok := i["email"].(string); ok {
				seen[strings.ToLower(e)] = true
			}
			if id, ok := i["id"].(string); ok {
				seen[id] = true
			}
		}
	}
	return seen
}

func TestShareFaultAfterEntries(t *testing.T) {
	p, srv, _ := start(t)
	id := p.AddRoom("Room", docspace.RoomCollaboration)
	// Any method and path: only share calls use it up, so the GET below leaves it in place.
	p.InjectFault(Fault{AfterEntries: 2, Times: 1})
	if r := call(t, srv, keyOwner, "GET", roomPath(id)+"/share", nil); r.status != 200 {
		t.Fatalf("members: %d", r.status)
	}
	body := map[string]any{"invitations": []inv{
		{"email": "a@outside.example", "access": 2},
		{"email": "b@outside.example", "access": 2},
		{"email": "c@outside.example", "access": 2}}}
	r := share(t, srv, keyOwner, id, body)
	if r.status != 403 || r.errMessage(t) != "The role is not available for this user type" {
		t.Fatalf("status %d %s", r.status, r.body)
	}
	for email, in := range map[string]bool{"a@outside.example": true, "b@outside.example": true, "c@outside.example": false} {
		if _, ok := accessOf(p, id, email); ok != in {
			t.Errorf("%s member=%v, want %v", email, ok, in)
		}
	}
	// The fault is used up: a retry completes, and repeating a and b changes nothing.
	if r := share(t, srv, keyOwner, id, body); r.status != 200 {
		t.Fatalf("retry: %d %s", r.status, r.body)
	}
	if n := len(p.Members(id)); n != 4 {
		t.Errorf("%d members, want 4", n)
	}
	if n := len(p.Notifications()); n != 3 {
		t.Errorf("%d notifications, want 3 (one per new guest)", n)
	}
}
