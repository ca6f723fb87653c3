package docspace_test

import (
	"context"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// InvitationLink reads the room's invitation link: none, an external link only, then
// the one a run turned on, which Gives the same plan again; an expired one is none.
func TestInvitationLinkReadsTheRoomsLink(t *testing.T) {
	portal, c := newPortal(t)
	ctx := context.Background()
	newRoom := func(title string) int {
		res := c.Execute(ctx, docspace.Plan{NewRoom: &docspace.NewRoom{Title: title, Type: docspace.RoomCustom}}, nil, nil)
		if res.Room == nil {
			t.Fatalf("creating %s: %v", title, res.Err)
		}
		return res.Room.ID
	}
	room := newRoom("Open house")
	if l, err := c.InvitationLink(ctx, room); err != nil || l != nil {
		t.Fatalf("a room without links: %+v, %v", l, err)
	}
	portal.AddRoomLink(room, docspacetest.Link{Kind: docspacetest.LinkExternal, Access: docspace.AccessRead})
	if l, err := c.InvitationLink(ctx, room); err != nil || l != nil {
		t.Fatalf("a room with an external link only: %+v, %v", l, err)
	}
	want := docspace.LinkPlan{Access: docspace.AccessRead, MaxUses: 30}
	if _, err := c.SetInvitationLink(ctx, room, want); err != nil {
		t.Fatal(err)
	}
	l, err := c.InvitationLink(ctx, room)
	if err != nil || l == nil || l.Access != docspace.AccessRead || l.MaxUses != 30 || l.URL == "" {
		t.Fatalf("after turning it on: %+v, %v", l, err)
	}
	if !want.Gives(l) || !(docspace.LinkPlan{Access: docspace.AccessRead}).Gives(l) {
		t.Error("the link just set does not give what was asked")
	}
	for _, other := range []docspace.LinkPlan{{Access: docspace.AccessEditing}, {Access: docspace.AccessRead, MaxUses: 31}} {
		if other.Gives(l) {
			t.Errorf("%+v is said to be in place for %+v", other, l)
		}
	}

	// A link past its expiry is no link: turning it on again is a change.
	old := newRoom("Last year")
	portal.AddRoomLink(old, docspacetest.Link{Kind: docspacetest.LinkInvitation, Access: docspace.AccessRead, Expires: time.Now().Add(-time.Hour)})
	if l, err := c.InvitationLink(ctx, old); err != nil || l != nil {
		t.Errorf("an expired link: %+v, %v", l, err)
	}
}
