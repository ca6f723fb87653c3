package docspace_test

import (
	"context"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// Members whose access a run changes are told apart from people added: the outcome
// says what they had and whether it went up or down, and the counts keep them apart.
func TestExecuteReportsAccessChangesApart(t *testing.T) {
	_, c := newPortal(t)
	ctx := context.Background()
	plan := docspace.Plan{RoomID: 101, Invitees: []docspace.Invitee{
		{Email: docspacetest.DemoUserEmail, Access: docspace.AccessRead},       // Editor now
		{Email: docspacetest.DemoUser2Email, Access: docspace.AccessEditing},   // Viewer now
		{Email: docspacetest.DemoPendingEmail, Access: docspace.AccessEditing}, // a pending guest, Viewer now
		{Email: "new.person@example.com", Access: docspace.AccessEditing},
	}}
	pre, err := c.Check(ctx, plan)
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range plan.Invitees[:3] {
		if _, ok := pre.MemberOf(inv); !ok {
			t.Errorf("the check does not know %s is a member", inv.Email)
		}
	}
	res := c.Execute(ctx, plan, pre, nil)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	want := map[string]struct {
		kind   docspace.OutcomeKind
		before docspace.Access
		change string
	}{
		docspacetest.DemoUserEmail:    {docspace.OutcomeAccessChanged, docspace.AccessEditing, "Editor → Viewer: lowers access"},
		docspacetest.DemoUser2Email:   {docspace.OutcomeAccessChanged, docspace.AccessRead, "Viewer → Editor: raises access"},
		docspacetest.DemoPendingEmail: {docspace.OutcomeAccessChanged, docspace.AccessRead, "Viewer → Editor: raises access"},
		"new.person@example.com":      {docspace.OutcomeNewGuest, docspace.AccessNone, ""},
	}
	for _, o := range res.Outcomes {
		w := want[o.Invitee.Email]
		if o.Kind != w.kind || o.Before != w.before || o.Change() != w.change {
			t.Errorf("%s: kind %v before %v change %q, want %v %v %q", o.Invitee.Email, o.Kind, o.Before, o.Change(), w.kind, w.before, w.change)
		}
	}
	c2 := res.Counts()
	if c2[docspace.OutcomeAccessChanged] != 3 || c2[docspace.OutcomeAdded] != 0 || c2[docspace.OutcomeNewGuest] != 1 {
		t.Errorf("counts %v, want 3 changed, 0 added, 1 new guest", c2)
	}
	if res.Status() != docspace.StatusComplete {
		t.Errorf("status %v, want complete", res.Status())
	}
}

func TestAccessChangeWords(t *testing.T) {
	tests := []struct {
		from, to docspace.Access
		want     string
	}{
		{docspace.AccessEditing, docspace.AccessRead, "Editor → Viewer: lowers access"},
		{docspace.AccessRead, docspace.AccessRoomManager, "Viewer → Room admin: raises access"},
		{docspace.AccessContentCreator, docspace.AccessRoomManager, "Content creator → Room admin: raises access"},
		{docspace.AccessFillForms, docspace.AccessRead, "Form filler → Viewer: lowers access"},
		{docspace.AccessFillForms, docspace.AccessComment, "Form filler → Commenter: changes access"},
		{docspace.AccessRead, docspace.AccessRead, ""},
		{docspace.AccessNone, docspace.AccessRead, ""},
	}
	for _, tt := range tests {
		if got := docspace.AccessChange(tt.from, tt.to); got != tt.want {
			t.Errorf("AccessChange(%v, %v) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

// A name that only repeats the e-mail (as the portal gives pending guests) is not shown twice.
func TestLabelWithoutARepeatedEmail(t *testing.T) {
	for _, tt := range []struct {
		inv  docspace.Invitee
		want string
	}{
		{docspace.Invitee{Email: "kim@x.example", Name: "kim@x.example"}, "kim@x.example"},
		{docspace.Invitee{Email: "Kim@X.example", Name: "kim@x.example"}, "Kim@X.example"},
		{docspace.Invitee{Email: "kim@x.example", Name: "Kim Lee"}, "Kim Lee <kim@x.example>"},
	} {
		if got := tt.inv.Label(); got != tt.want {
			t.Errorf("Label(%+v) = %q, want %q", tt.inv, got, tt.want)
		}
	}
}
