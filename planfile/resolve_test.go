package planfile

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// demoPortal is the demo portal and a client for it.
func demoPortal(t *testing.T) (*docspacetest.Portal, *docspace.Client) {
	t.Helper()
	p := docspacetest.New(docspacetest.WithDemoData())
	srv := httptest.NewServer(p)
	p.SetURL(srv.URL)
	t.Cleanup(srv.Close)
	c, err := docspace.New(srv.URL, docspacetest.DemoKey, docspace.WithHTTPClient(srv.Client()),
		docspace.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }))
	if err != nil {
		t.Fatal(err)
	}
	return p, c
}

func roomIDOf(t *testing.T, p *docspacetest.Portal, title string) int {
	t.Helper()
	for _, r := range p.Rooms() {
		if r.Title == title {
			return r.ID
		}
	}
	t.Fatalf("no room %q", title)
	return 0
}

func TestResolveSortsEachPersonByWhatChanges(t *testing.T) {
	p, c := demoPortal(t)
	contracts := roomIDOf(t, p, "Contracts 2025")
	yaml := fmt.Sprintf(`rooms:
  - title: Brand new
    type: custom
    people:
      - email: new@example.com
        access: commenter
  - title: Marketing Q3
    people:
      - email: %[1]s
        access: editor
      - email: %[2]s
        access: editor
      - email: fresh@example.com
        access: viewer
  - id: %[3]d
    people:
      - email: %[1]s
        access: viewer
      - email: %[4]s
        access: room-admin
  - title: Press Kit
    type: public
    tags: [press]
    people:
      - email: %[2]s
        access: content-creator
      - email: %[5]s
        access: content-creator
`, docspacetest.DemoUserEmail, docspacetest.DemoUser2Email, contracts, docspacetest.DemoRoomAdminEmail, docspacetest.DemoOwnerEmail)
	f, err := Parse("p.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	before := len(p.Requests())
	targets, err := Resolve(context.Background(), c, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Requests()[before:] {
		if r.Method != "GET" {
			t.Errorf("resolving wrote: %s %s", r.Method, r.Path)
		}
	}
	type want struct {
		create bool
		kinds  []ChangeKind
		before []docspace.Access
		run    int // people in the run
	}
	wants := []want{
		{true, []ChangeKind{ChangeInvite}, []docspace.Access{0}, 1},
		{false, []ChangeKind{ChangeNone, ChangeAccess, ChangeInvite}, []docspace.Access{docspace.AccessEditing, docspace.AccessRead, 0}, 2},
		{false, []ChangeKind{ChangeNone, ChangeNone}, []docspace.Access{docspace.AccessRead, docspace.AccessRoomManager}, 0},
		{false, []ChangeKind{ChangeNone, ChangeOwner}, []docspace.Access{docspace.AccessContentCreator, docspace.AccessRoomManager}, 0},
	}
	for i, w := range wants {
		tg := targets[i]
		if tg.Create() != w.create || len(tg.Plan.Invitees) != w.run || len(tg.Changes) != len(w.kinds) {
			t.Errorf("room %d: create %v, %d to run, changes %+v", i+1, tg.Create(), len(tg.Plan.Invitees), tg.Changes)
			continue
		}
		for j, c := range tg.Changes {
			if c.Kind != w.kinds[j] || c.Before != w.before[j] {
				t.Errorf("room %d, %s: %v from %v, want %v from %v", i+1, c.Invitee.Email, c.Kind, c.Before, w.kinds[j], w.before[j])
			}
		}
	}
	if targets[0].Plan.NewRoom == nil || targets[0].Plan.NewRoom.Title != "Brand new" {
		t.Errorf("the new room's run = %+v", targets[0].Plan)
	}
	if m := targets[1]; m.Existing == nil || m.Existing.Title != "Marketing Q3" || m.Plan.RoomID != m.Existing.ID || m.Plan.NewRoom != nil {
		t.Errorf("the room found by title: %+v", m.Plan)
	}
	if k := targets[3].Kept; len(k) != 1 || k[0] != "tags" {
		t.Errorf("kept = %v: a found room's settings are left as they are", k)
	}
	if targets[2].Writes() || targets[3].Writes() || !targets[1].Writes() {
		t.Error("only rooms with changes write")
	}
}

func TestResolveSaysWhatThePortalHasNot(t *testing.T) {
	p, c := demoPortal(t)
	p.AddRoom("Twins", docspace.RoomCustom)
	p.AddRoom("Twins", docspace.RoomCustom)
	press := roomIDOf(t, p, "Press Kit")
	yaml := fmt.Sprintf(`rooms:
  - id: 99999
    people: [{email: a@example.com}]
  - title: Nowhere
    people: [{email: a@example.com}]
  - title: Twins
    people: [{email: a@example.com}]
  - title: Marketing Q3
    type: vdr
    people: [{email: a@example.com}]
  - id: %d
    people:
      - email: a@example.com
        access: reviewer
`, press)
	f, err := Parse("p.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Resolve(context.Background(), c, f)
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v", err)
	}
	want := []struct {
		pos  Pos
		says string
	}{
		{Pos{2, 5}, "there is no room 99999"},
		{Pos{4, 12}, `no room titled "Nowhere"`},
		{Pos{6, 12}, `2 rooms are titled "Twins"`},
		{Pos{8, 12}, "exists already as a Collaboration room, and the file says type Virtual data room"},
		{Pos{13, 9}, "a@example.com: Reviewer is not available in a Public room"},
	}
	if len(errs.List) != len(want) {
		t.Fatalf("%d problems:\n%v", len(errs.List), err)
	}
	for i, w := range want {
		if e := errs.List[i]; e.Pos != w.pos || !strings.Contains(e.Msg, w.says) {
			t.Errorf("problem %d = %s: %s, want %s: …%s…", i+1, e.Pos, e.Msg, w.pos, w.says)
		}
	}
}

func TestResolveRefusesTheSameRoomTwice(t *testing.T) {
	p, c := demoPortal(t)
	yaml := fmt.Sprintf("rooms:\n  - id: %d\n    people: [{email: a@example.com}]\n  - title: Marketing Q3\n    people: [{email: b@example.com}]\n", roomIDOf(t, p, "Marketing Q3"))
	f, err := Parse("p.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Resolve(context.Background(), c, f); err == nil || !strings.Contains(err.Error(), "p.yaml:4:5: this is room") {
		t.Errorf("err = %v", err)
	}
}
