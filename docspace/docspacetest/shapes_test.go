package docspacetest

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// The shapes real portals send and the wizard only reads past: a room on third-party
// storage, a group member, room links, a pending guest (see /tmp/research/FINDINGS.md).

// demo room numbers: WithDemoData seeds them in this order.
const (
	demoMarketing = 101
	demoPressKit  = 103
)

// shareEntry decodes one FileShareDto keeping which fields were sent.
type shareEntry map[string]json.RawMessage

func (e shareEntry) int(t *testing.T, field string) int {
	t.Helper()
	var n int
	if err := json.Unmarshal(e[field], &n); err != nil {
		t.Fatalf("%s = %s: %v", field, e[field], err)
	}
	return n
}

func (e shareEntry) object(t *testing.T, field string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(e[field], &m); err != nil || m == nil {
		t.Fatalf("%s = %s: %v", field, e[field], err)
	}
	return m
}

// shares decodes an answer of GET rooms/{id}/share into its entries and total.
func shares(t *testing.T, r reply) ([]shareEntry, int) {
	t.Helper()
	var items []shareEntry
	e := r.env(t, &items)
	if e.Total == nil {
		t.Fatal("no total")
	}
	if e.Count != len(items) {
		t.Errorf("count %d for %d items", e.Count, len(items))
	}
	return items, *e.Total
}

// kind names an entry by the one subject field it carries.
func (e shareEntry) kind(t *testing.T) string {
	t.Helper()
	var kinds []string
	for _, f := range []string{"sharedToUser", "sharedToGroup", "sharedLink"} {
		if _, ok := e[f]; ok {
			kinds = append(kinds, f)
		}
	}
	if len(kinds) != 1 {
		t.Fatalf("entry has %v, want exactly one subject", kinds)
	}
	// The obsolete alias holds the same object.
	if !jsonEqual(e["sharedTo"], e[kinds[0]]) {
		t.Errorf("sharedTo %s differs from %s %s", e["sharedTo"], kinds[0], e[kinds[0]])
	}
	for _, f := range []string{"isLocked", "isOwner", "canEditAccess", "canEditInternal", "canEditDenyDownload",
		"canEditExpirationDate", "canRevoke"} {
		if v := string(e[f]); v != "true" && v != "false" {
			t.Errorf("%s = %q, want a boolean always present", f, v)
		}
	}
	var access int
	if err := json.Unmarshal(e["access"], &access); err != nil {
		t.Errorf("access %s is not a number", e["access"])
	}
	return kinds[0]
}

func jsonEqual(a, b json.RawMessage) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}

func TestShareFilterType(t *testing.T) {
	_, srv := NewServer(WithDemoData())
	defer srv.Close()
	list := func(room int, query string) ([]shareEntry, int) {
		return shares(t, call(t, srv, DemoKey, "GET", fmt.Sprintf("%s/share%s", roomPath(room), query), nil))
	}
	kinds := func(items []shareEntry) map[string]int {
		m := map[string]int{}
		for _, e := range items {
			m[e.kind(t)]++
		}
		return m
	}
	tests := []struct {
		name  string
		room  int
		query string
		want  map[string]int // entries by kind; total must be their sum
	}{
		// Marketing Q3: owner, Dana, Lee, Sam, Kim (pending), the Sales team group, an invitation link.
		{"default: people and groups", demoMarketing, "", map[string]int{"sharedToUser": 5, "sharedToGroup": 1}},
		{"0: people and groups", demoMarketing, "?filterType=0", map[string]int{"sharedToUser": 5, "sharedToGroup": 1}},
		{"by name", demoMarketing, "?filterType=UserOrGroup", map[string]int{"sharedToUser": 5, "sharedToGroup": 1}},
		{"16: people", demoMarketing, "?filterType=16", map[string]int{"sharedToUser": 5}},
		{"32: groups", demoMarketing, "?filterType=32", map[string]int{"sharedToGroup": 1}},
		{"1: invitation links", demoMarketing, "?filterType=1", map[string]int{"sharedLink": 1}},
		{"2: no external link in a collaboration room", demoMarketing, "?filterType=2", map[string]int{}},
		{"15: all links", demoMarketing, "?filterType=15", map[string]int{"sharedLink": 1}},
		{"filterValue narrows groups", demoMarketing, "?filterValue=sales", map[string]int{"sharedToGroup": 1}},
		{"filterValue narrows people", demoMarketing, "?filterType=0&filterValue=kim.pending", map[string]int{"sharedToUser": 1}},
		{"filterValue does not narrow links", demoMarketing, "?filterType=15&filterValue=nothing", map[string]int{"sharedLink": 1}},
		// Press Kit (Public): owner, Robin, Lee; its primary external link.
		{"public room default", demoPressKit, "", map[string]int{"sharedToUser": 3}},
		{"2: external links", demoPressKit, "?filterType=2", map[string]int{"sharedLink": 1}},
		{"8: primary external link", demoPressKit, "?filterType=8", map[string]int{"sharedLink": 1}},
		{"4: no additional external link", demoPressKit, "?filterType=4", map[string]int{}},
		{"1: no invitation link", demoPressKit, "?filterType=1", map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, total := list(tt.room, tt.query)
			got := kinds(items)
			sum := 0
			for _, n := range tt.want {
				sum += n
			}
			if len(got) != len(tt.want) || total != sum {
				t.Errorf("entries %v, total %d; want %v, total %d", got, total, tt.want, sum)
			}
			for k, n := range tt.want {
				if got[k] != n {
					t.Errorf("%d %s, want %d", got[k], k, n)
				}
			}
		})
	}

	t.Run("paging counts every entry of the filter", func(t *testing.T) {
		seen := map[string]int{}
		for start := 0; start < 10; start += 2 {
			items, total := list(demoMarketing, fmt.Sprintf("?count=2&startIndex=%d", start))
			if total != 6 {
				t.Fatalf("total %d, want 6", total)
			}
			for k, n := range kinds(items) {
				seen[k] += n
			}
		}
		if seen["sharedToUser"] != 5 || seen["sharedToGroup"] != 1 || seen["sharedLink"] != 0 {
			t.Errorf("paged through %v", seen)
		}
	})

	t.Run("a filterType that is not a number or a name", func(t *testing.T) {
		r := call(t, srv, DemoKey, "GET", roomPath(demoMarketing)+"/share?filterType=everyone", nil)
		if r.status != 400 || !strings.Contains(string(r.body), "filterType") {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
}

func TestShareEntryShapes(t *testing.T) {
	p, srv := NewServer(WithDemoData())
	defer srv.Close()
	get := func(room int, query string) []shareEntry {
		items, _ := shares(t, call(t, srv, DemoKey, "GET", roomPath(room)+"/share"+query, nil))
		return items
	}

	t.Run("group", func(t *testing.T) {
		items := get(demoMarketing, "?filterType=32")
		if len(items) != 1 {
			t.Fatalf("%d groups", len(items))
		}
		e := items[0]
		e.kind(t)
		if n := e.int(t, "subjectType"); n != 2 {
			t.Errorf("subjectType %d, want 2 (Group)", n)
		}
		if n := e.int(t, "access"); n != int(docspace.AccessRead) {
			t.Errorf("access %d", n)
		}
		g := e.object(t, "sharedToGroup")
		want := map[string]any{"id": DemoGroupID, "name": DemoGroupName, "manager": DemoUserEmail}
		if !reflect.DeepEqual(g, want) {
			t.Errorf("sharedToGroup %v, want %v (GroupSummaryDto: no membersCount, no isSystem)", g, want)
		}
	})

	t.Run("people carry sharedTo and subjectType 0", func(t *testing.T) {
		for _, e := range get(demoMarketing, "?filterType=16") {
			e.kind(t)
			if n := e.int(t, "subjectType"); n != 0 {
				t.Errorf("subjectType %d, want 0 (User)", n)
			}
		}
	})

	t.Run("pending guest", func(t *testing.T) {
		items := get(demoMarketing, "?filterType=16&filterValue=kim")
		if len(items) != 1 {
			t.Fatalf("%d entries", len(items))
		}
		u := items[0].object(t, "sharedToUser")
		if u["activationStatus"] != 2.0 || u["firstName"] != "" || u["lastName"] != "" ||
			u["displayName"] != DemoPendingEmail || u["email"] != DemoPendingEmail || u["isVisitor"] != true {
			t.Errorf("pending guest %v", u)
		}
		var byEmail docspace.User
		call(t, srv, DemoKey, "GET", "/api/2.0/people/email?email="+DemoPendingEmail, nil).env(t, &byEmail)
		if byEmail.ActivationStatus != docspace.ActivationPending || byEmail.DisplayName != DemoPendingEmail {
			t.Errorf("by e-mail %+v", byEmail)
		}
		found := false
		for _, m := range p.Members(demoMarketing) {
			found = found || (m.User.Email == DemoPendingEmail && m.User.ActivationStatus == docspace.ActivationPending)
		}
		if !found {
			t.Error("Members does not list the pending guest")
		}
	})

	t.Run("invitation link", func(t *testing.T) {
		items := get(demoMarketing, "?filterType=1")
		if len(items) != 1 {
			t.Fatalf("%d links", len(items))
		}
		e := items[0]
		if n := e.int(t, "subjectType"); n != 3 {
			t.Errorf("subjectType %d, want 3 (InvitationLink)", n)
		}
		l := e.object(t, "sharedLink")
		if l["linkType"] != 0.0 || l["primary"] != false || !strings.HasPrefix(l["shareLink"].(string), srv.URL+"/") || l["id"] == "" {
			t.Errorf("invitation link %v", l)
		}
	})

	t.Run("primary external link", func(t *testing.T) {
		items := get(demoPressKit, "?filterType=8")
		if len(items) != 1 {
			t.Fatalf("%d links", len(items))
		}
		e := items[0]
		if n := e.int(t, "subjectType"); n != 4 {
			t.Errorf("subjectType %d, want 4 (PrimaryExternalLink)", n)
		}
		l := e.object(t, "sharedLink")
		if l["linkType"] != 1.0 || l["primary"] != true || l["requestToken"] == nil {
			t.Errorf("primary link %v", l)
		}
		if _, ok := l["expirationDate"]; ok {
			t.Error("a link without expiry has an expirationDate")
		}
	})

	t.Run("a Public room made through the API gets its primary link", func(t *testing.T) {
		var room struct{ ID int }
		call(t, srv, DemoKey, "POST", "/api/2.0/files/rooms", map[string]any{"title": "Launch", "roomType": 6}).env(t, &room)
		if items := get(room.ID, "?filterType=8"); len(items) != 1 {
			t.Errorf("%d primary links", len(items))
		}
		if items := get(room.ID, ""); len(items) != 1 {
			t.Errorf("default list has %d entries, want the owner only", len(items))
		}
	})
}

func TestThirdPartyRoomListed(t *testing.T) {
	p, srv := NewServer(WithDemoData())
	defer srv.Close()
	type listed struct {
		Folders []map[string]json.RawMessage `json:"folders"`
		Count   int                          `json:"count"`
		Total   int                          `json:"total"`
	}
	list := func(query string) listed {
		var l listed
		call(t, srv, DemoKey, "GET", "/api/2.0/files/rooms"+query, nil).env(t, &l)
		return l
	}

	l := list("")
	if l.Total != 4 || len(l.Folders) != 4 {
		t.Fatalf("total %d, %d folders, want 4", l.Total, len(l.Folders))
	}
	var box map[string]json.RawMessage
	for _, f := range l.Folders {
		_, item := f["providerItem"]
		_, key := f["providerKey"]
		_, pid := f["providerId"]
		if string(f["id"]) == `"`+DemoThirdPartyID+`"` {
			box = f
			continue
		}
		if item || key || pid {
			t.Errorf("internal room %s has provider fields", f["id"])
		}
		var n int
		if json.Unmarshal(f["id"], &n) != nil {
			t.Errorf("internal room id %s is not a number", f["id"])
		}
	}
	if box == nil {
		t.Fatalf("no room with the text id %q", DemoThirdPartyID)
	}
	if string(box["providerItem"]) != "true" || string(box["providerKey"]) != `"Box"` || string(box["providerId"]) != "821" ||
		string(box["title"]) != `"`+DemoThirdPartyTitle+`"` {
		t.Errorf("third-party room %v", box)
	}
	if last := l.Folders[len(l.Folders)-1]; string(last["id"]) != `"`+DemoThirdPartyID+`"` {
		t.Errorf("newest first: the room on Box should come last, got %s", last["id"])
	}

	if l := list("?filterValue=box"); l.Total != 1 || len(l.Folders) != 1 {
		t.Errorf("filterValue=box: total %d, %d folders", l.Total, len(l.Folders))
	}
	if l := list("?filterValue=press"); l.Total != 1 || string(l.Folders[0]["id"]) != "103" {
		t.Errorf("filterValue=press: total %d, %v", l.Total, l.Folders)
	}
	if l := list("?count=3&startIndex=3"); l.Total != 4 || len(l.Folders) != 1 || l.Count != 1 {
		t.Errorf("second page: total %d, %d folders, count %d", l.Total, len(l.Folders), l.Count)
	}
	if l := list("?type=5"); l.Total != 1 {
		t.Errorf("custom rooms: total %d", l.Total)
	}

	// The room the portal reports, and what its string-id endpoints serve.
	rooms := p.Rooms()
	if r := rooms[0]; r.TextID != DemoThirdPartyID || r.ID != 0 || r.Storage != "Box" || r.Link != "" || !r.ThirdParty() {
		t.Errorf("Rooms()[0] = %+v", r)
	}
	var got struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	call(t, srv, DemoKey, "GET", "/api/2.0/files/rooms/"+DemoThirdPartyID, nil).env(t, &got)
	if got.ID != DemoThirdPartyID || got.Title != DemoThirdPartyTitle {
		t.Errorf("GET the room by its text id: %+v", got)
	}
	items, total := shares(t, call(t, srv, DemoKey, "GET", "/api/2.0/files/rooms/"+DemoThirdPartyID+"/share", nil))
	if total != 2 || len(items) != 2 {
		t.Errorf("%d members of the room on Box, total %d; want the owner and Dana", len(items), total)
	}
	r := call(t, srv, DemoKey, "GET", "/api/2.0/files/rooms/dropbox-1/share", nil)
	if r.status != 404 || r.errMessage(t) != msgFolderNotFound {
		t.Errorf("unknown text id: %d %s", r.status, r.body)
	}
}

// TestClientReadsTheDemoShapes reads the demo portal with the real client: every room
// listed (the one on Box by its text id, without a link), and the group and links set
// apart from the people.
func TestClientReadsTheDemoShapes(t *testing.T) {
	_, srv := NewServer(WithDemoData())
	defer srv.Close()
	c, err := docspace.New(srv.URL, DemoKey, docspace.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	page, err := c.ListRooms(ctx, docspace.RoomFilter{})
	if err != nil || page.Total != 4 || len(page.Rooms) != 4 || page.Skipped != 0 {
		t.Fatalf("ListRooms = %+v, %v", page, err)
	}
	box := page.Rooms[3]
	if !box.ThirdParty() || box.TextID != DemoThirdPartyID || box.Storage != "Box" || box.Link != "" || box.ID != 0 {
		t.Errorf("room on Box %+v", box)
	}
	members, err := c.RoomMembers(ctx, demoMarketing, 0, 100)
	if err != nil || len(members.Members) != 5 || members.Groups != 1 || members.Links != 0 || members.Skipped != 0 || members.Total != 6 {
		t.Fatalf("RoomMembers = %+v, %v", members, err)
	}
	pending := 0
	for _, m := range members.Members {
		if m.User.ActivationStatus == docspace.ActivationPending {
			pending++
		}
	}
	if pending != 1 {
		t.Errorf("%d pending members, want Kim", pending)
	}
}
