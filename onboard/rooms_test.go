package onboard

import (
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

func TestPlansGivesOnePlanPerRoomWithTheSamePeople(t *testing.T) {
	in := Inputs{RoomIDs: []int{11, 12, 11, 13}, Invites: []string{"ann@example.com=editor", "bob@example.com"}, Access: "viewer"}
	plans, problems := Plans(in, docspace.ReadInviteesFile, asIs)
	if len(problems) > 0 {
		t.Fatalf("problems: %q", problems)
	}
	if len(plans) != 3 {
		t.Fatalf("%d plans; want 3 (room 11 given twice counts once)", len(plans))
	}
	for i, id := range []int{11, 12, 13} {
		p := plans[i]
		if p.RoomID != id || p.NewRoom != nil || len(p.Invitees) != 2 || p.Invitees[0].Access != docspace.AccessEditing || p.Invitees[1].Access != docspace.AccessRead {
			t.Errorf("plan %d: %+v", i, p)
		}
	}
	// Plans do not share their people: fitting one room's levels leaves the others'.
	plans[0].Invitees[0].Access = docspace.AccessContentCreator
	if plans[1].Invitees[0].Access != docspace.AccessEditing {
		t.Error("the plans share one slice of people")
	}
}

func TestPlansAddsANewRoomBesideExistingOnes(t *testing.T) {
	in := Inputs{RoomIDs: []int{11, 12}, Title: "Cohort 7", Type: "custom", Invites: []string{"ann@example.com"}}
	plans, problems := Plans(in, docspace.ReadInviteesFile, asIs)
	if len(problems) > 0 {
		t.Fatalf("problems: %q", problems)
	}
	if len(plans) != 3 || plans[0].NewRoom == nil || plans[0].NewRoom.Title != "Cohort 7" || plans[1].RoomID != 11 || plans[2].RoomID != 12 {
		t.Fatalf("plans %+v", plans)
	}
	// A new room's people get its type's default; existing rooms' wait for theirs.
	if plans[0].Invitees[0].Access != docspace.RoomCustom.DefaultAccess() || plans[1].Invitees[0].Access != docspace.AccessNone {
		t.Errorf("levels %v / %v", plans[0].Invitees[0].Access, plans[1].Invitees[0].Access)
	}
	if _, ps := Plans(Inputs{RoomIDs: []int{11, -2}, Invites: []string{"ann@example.com"}}, docspace.ReadInviteesFile, asIs); len(ps) != 1 || !strings.Contains(ps[0], "--room -2") {
		t.Errorf("a bad second --room: %q", ps)
	}
	if _, ps := Plans(Inputs{RoomIDs: []int{11}, Title: "Cohort 7", Invites: []string{"ann@example.com"}}, docspace.ReadInviteesFile, asIs); len(ps) == 0 || !strings.Contains(strings.Join(ps, " "), "--type") {
		t.Errorf("a new room beside --room still needs its type: %q", ps)
	}
	if _, ps := Plans(Inputs{RoomIDs: []int{11}, Template: "Onboarding", Invites: []string{"ann@example.com"}}, docspace.ReadInviteesFile, asIs); len(ps) != 1 || ps[0] != NewRoomBesideRooms {
		t.Errorf("--template beside --room without a title: %q", ps)
	}
}

func TestOverrideTextSaysRoomLevelsAndPerson(t *testing.T) {
	o := docspace.Override{Invitee: docspace.Invitee{Email: "ann@example.com"}, Asked: docspace.AccessEditing, Given: docspace.AccessContentCreator}
	got := OverrideText("Press Kit", docspace.RoomPublic, o)
	for _, want := range []string{"Press Kit", "Public", "Editor", "Content creator", "ann@example.com"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
}

func TestCellTextIsShortAndSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		o    docspace.Outcome
		ok   bool
		want string
	}{
		{docspace.Outcome{Kind: docspace.OutcomeNewGuest, Invitee: docspace.Invitee{Access: docspace.AccessEditing}}, true, MarkDone + " Editor"},
		{docspace.Outcome{Kind: docspace.OutcomeAlreadyMember, Invitee: docspace.Invitee{Access: docspace.AccessRead}}, true, MarkSame + " Viewer"},
		{docspace.Outcome{Kind: docspace.OutcomeFailed, Reason: "the role is not available"}, true, MarkFailed + " failed"},
		{docspace.Outcome{Kind: docspace.OutcomeNotSent}, true, MarkSkipped + " not sent"},
		{docspace.Outcome{}, false, ""},
	} {
		if got := CellText(tc.o, tc.ok); got != tc.want {
			t.Errorf("CellText(%v) = %q; want %q", tc.o.Kind, got, tc.want)
		}
	}
}

func TestRoomsTotalsCountsRoomsAndPlaces(t *testing.T) {
	run := docspace.RoomsRun{Rooms: []docspace.RoomRun{
		{Result: docspace.Result{Room: &docspace.Room{ID: 1, Title: "A"}, Outcomes: []docspace.Outcome{{Kind: docspace.OutcomeAdded}}}},
		{Result: docspace.Result{Room: &docspace.Room{ID: 2, Title: "B"}, Outcomes: []docspace.Outcome{{Kind: docspace.OutcomeFailed}}}},
	}}
	got := RoomsTotals(run)
	for _, want := range []string{"1 of 2 rooms complete", "1 of 2 places filled", "1 failed"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
}

func TestReadKeepsEveryRoomForTheWizard(t *testing.T) {
	a, problems := Read(Inputs{RoomID: 11, RoomIDs: []int{11, 12, 11, 13}}, docspace.ReadInviteesFile)
	if len(problems) > 0 || a.RoomID != 11 || len(a.MoreRoomIDs) != 2 || a.MoreRoomIDs[0] != 12 || a.MoreRoomIDs[1] != 13 {
		t.Fatalf("Read: room %d, more %v, problems %q", a.RoomID, a.MoreRoomIDs, problems)
	}
}
