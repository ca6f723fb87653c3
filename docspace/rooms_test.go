package docspace_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

func TestFitAccessPicksTheNearestLevelTheRoomAllows(t *testing.T) {
	for _, tc := range []struct {
		rt       docspace.RoomType
		asked    docspace.Access
		want     docspace.Access
		override bool
	}{
		{docspace.RoomCollaboration, docspace.AccessEditing, docspace.AccessEditing, false},
		{docspace.RoomPublic, docspace.AccessEditing, docspace.AccessContentCreator, true},
		{docspace.RoomPublic, docspace.AccessRead, docspace.AccessContentCreator, true},
		{docspace.RoomFillingForms, docspace.AccessEditing, docspace.AccessFillForms, true},
		{docspace.RoomCollaboration, docspace.AccessReview, docspace.AccessRead, true},
		{docspace.RoomCollaboration, docspace.AccessFillForms, docspace.AccessRead, true},
		{docspace.RoomVirtualData, docspace.AccessComment, docspace.AccessRead, true},
		{docspace.RoomCustom, docspace.AccessRoomManager, docspace.AccessRoomManager, false},
	} {
		got, changed := docspace.FitAccess(tc.rt, tc.asked)
		if got != tc.want || changed != tc.override {
			t.Errorf("FitAccess(%s, %s) = %s, %v; want %s, %v", tc.rt, tc.asked, got, changed, tc.want, tc.override)
		}
		if !tc.rt.Allows(got) {
			t.Errorf("FitAccess(%s, %s) = %s, which the room does not allow", tc.rt, tc.asked, got)
		}
	}
}

func TestFitPlanNamesEveryOverride(t *testing.T) {
	p := docspace.Plan{RoomID: 7, Invitees: []docspace.Invitee{
		{Email: "ann@example.com", Access: docspace.AccessEditing},
		{Email: "bob@example.com", Access: docspace.AccessContentCreator},
	}}
	fitted, overrides := docspace.FitPlan(p, docspace.RoomPublic)
	if len(overrides) != 1 || overrides[0].Invitee.Email != "ann@example.com" ||
		overrides[0].Asked != docspace.AccessEditing || overrides[0].Given != docspace.AccessContentCreator {
		t.Fatalf("overrides = %+v", overrides)
	}
	if fitted.Invitees[0].Access != docspace.AccessContentCreator || p.Invitees[0].Access != docspace.AccessEditing {
		t.Fatalf("the fitted plan changes ann, the caller's does not: %v, %v", fitted.Invitees[0].Access, p.Invitees[0].Access)
	}
	if !strings.Contains(overrides[0].String(), "Editor") || !strings.Contains(overrides[0].String(), "Content creator") {
		t.Fatalf("override text %q names neither level", overrides[0].String())
	}
}

// threeRooms is one new hire for the demo portal's three rooms of different types,
// each plan fitted to its room's type.
func threeRooms(t *testing.T, portal *docspacetest.Portal, hire string) ([]docspace.Plan, [][]docspace.Override) {
	t.Helper()
	var plans []docspace.Plan
	var overrides [][]docspace.Override
	for _, title := range []string{"Marketing Q3", "Contracts 2025", "Press Kit"} {
		id := roomID(t, portal, title)
		room, _ := portal.Room(id)
		p, o := docspace.FitPlan(docspace.Plan{RoomID: id, Invitees: []docspace.Invitee{{Email: hire, Access: docspace.AccessEditing}}}, room.RoomType)
		plans = append(plans, p)
		overrides = append(overrides, o)
	}
	return plans, overrides
}

func TestExecuteRoomsAddsOneHireToThreeRoomsOfDifferentTypes(t *testing.T) {
	portal, c := newPortal(t)
	plans, overrides := threeRooms(t, portal, "new.hire@example.com")
	if len(overrides[0])+len(overrides[1]) != 0 || len(overrides[2]) != 1 {
		t.Fatalf("only the public room needs an override: %v", overrides)
	}
	var mu sync.Mutex
	seen := map[int]bool{}
	run := c.ExecuteRooms(context.Background(), plans, nil, func(room int, e docspace.Event) {
		mu.Lock()
		seen[room] = true
		mu.Unlock()
	})
	if len(run.Rooms) != 3 || len(seen) != 3 {
		t.Fatalf("results for %d rooms, events for %d", len(run.Rooms), len(seen))
	}
	if st := run.Status(); st != docspace.StatusComplete {
		t.Fatalf("status %v, errs %v %v %v", st, run.Rooms[0].Result.Err, run.Rooms[1].Result.Err, run.Rooms[2].Result.Err)
	}
	// The key and the portal's settings are read once for the whole run, not per room.
	if n := portal.Count(http.MethodGet, "/api/2.0/keys/@self"); n != 1 {
		t.Errorf("the key was checked %d times; want once per run", n)
	}
	tbl := run.Table()
	if len(tbl.People) != 1 || len(tbl.Rooms) != 3 {
		t.Fatalf("table %d people × %d rooms", len(tbl.People), len(tbl.Rooms))
	}
	for r, title := range []string{"Marketing Q3", "Contracts 2025", "Press Kit"} {
		cell, ok := tbl.Cell(0, r)
		if tbl.Rooms[r].Title != title || !ok || !cell.Kind.InRoom() {
			t.Errorf("room %d %q: %v (%s)", r, tbl.Rooms[r].Title, cell.Kind, cell.Reason)
		}
	}
	if cell, _ := tbl.Cell(0, 2); cell.Invitee.Access != docspace.AccessContentCreator {
		t.Errorf("the public room's cell says %s; want Content creator, the override", cell.Invitee.Access)
	}
	members := portal.Members(roomID(t, portal, "Press Kit"))
	found := false
	for _, m := range members {
		if m.User.Email == "new.hire@example.com" {
			found = m.Access == docspace.AccessContentCreator
		}
	}
	if !found {
		t.Error("the hire is not a Content creator of the public room")
	}
}

func TestExecuteRoomsAFailedRoomDoesNotStopTheOthersAndRetryResendsOnlyIt(t *testing.T) {
	portal, c := newPortal(t)
	plans, _ := threeRooms(t, portal, "new.hire@example.com")
	bad := plans[1].RoomID
	sharePath := fmt.Sprintf("/api/2.0/files/rooms/%d/share", bad)
	portal.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: sharePath, Status: http.StatusForbidden,
		Body: `{"error":{"message":"Access denied"},"status":1,"statusCode":403}`})
	run := c.ExecuteRooms(context.Background(), plans, nil, nil)
	if st := run.Status(); st != docspace.StatusPartial {
		t.Fatalf("status %v; want partial (the worst room)", st)
	}
	for i, rr := range run.Rooms {
		in := rr.Result.Outcomes[0].Kind.InRoom()
		if in == (i == 1) {
			t.Errorf("room %d: in=%v; only room 2 should fail", i, in)
		}
	}
	if cell, _ := run.Table().Cell(0, 1); cell.Reason == "" {
		t.Error("the failed cell does not say why")
	}
	retry, ok := run.RetryPlans()
	if !ok || len(retry) != 1 || retry[0].Plan.RoomID != bad || retry[0].Room != 1 {
		t.Fatalf("retry plans %+v; want room 2 alone", retry)
	}
	portal.ClearFaults()
	portal.ResetRequests()
	again := c.ExecuteRooms(context.Background(), []docspace.Plan{retry[0].Plan}, nil, nil)
	merged := run.Merge(retry, again)
	if st := merged.Status(); st != docspace.StatusComplete {
		t.Fatalf("after the retry: %v", st)
	}
	for _, r := range portal.Requests() {
		if r.Method == http.MethodPut && !strings.HasPrefix(r.Path, sharePath) {
			t.Errorf("the retry wrote to another room: %s %s", r.Method, r.Path)
		}
	}
}

func TestExecuteRoomsStaysInsideThePortalsLimits(t *testing.T) {
	rl := docspacetest.DocSpaceRateLimit()
	portal, c := newPortal(t, docspacetest.WithRateLimit(rl), docspacetest.WithLatency(20*time.Millisecond), docspacetest.WithMaxRecorded(0))
	var plans []docspace.Plan
	for i := range 8 {
		id := portal.AddRoom(fmt.Sprintf("Cohort %d", i), docspace.RoomCustom)
		// 300 people: 3 share calls per room, so 24 writes would go out at once unbounded.
		plans = append(plans, docspace.Plan{RoomID: id, Invitees: emails(300, fmt.Sprintf("c%d.example.com", i))})
	}
	run := c.ExecuteRooms(context.Background(), plans, nil, nil)
	st := portal.Stats()
	if run.Status() != docspace.StatusComplete {
		t.Fatalf("status %v", run.Status())
	}
	if st.Status429 > 0 || st.PeakParallelWrites > docspace.ParallelWrites || st.PeakParallelReads > docspace.RunParallelReads {
		t.Fatalf("429s %d, peaks %d writes / %d reads: over the run's budget (%d / %d)", st.Status429,
			st.PeakParallelWrites, st.PeakParallelReads, docspace.ParallelWrites, docspace.RunParallelReads)
	}
}

func TestExecuteRoomsAStoppedRunSendsNothingNew(t *testing.T) {
	portal, c := newPortal(t)
	plans, _ := threeRooms(t, portal, "new.hire@example.com")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	run := c.ExecuteRooms(ctx, plans, nil, nil)
	if run.Status() != docspace.StatusInterrupted {
		t.Fatalf("status %v", run.Status())
	}
	if _, shares := writes(portal); shares != 0 {
		t.Fatalf("%d share calls after the stop", shares)
	}
}

// The invitation limit is the portal's: the e-mail invitations of every room count
// together, and a member who already has the access asked for costs nothing.
func TestRoomsOverInvitationLimitCountsEveryRoom(t *testing.T) {
	inv := func(email string) docspace.Invitee {
		return docspace.Invitee{Email: email, Access: docspace.AccessRead}
	}
	plans := []docspace.Plan{
		{RoomID: 1, Invitees: []docspace.Invitee{inv("a@example.com"), inv("b@example.com")}},
		{RoomID: 2, Invitees: []docspace.Invitee{inv("a@example.com"), inv("b@example.com")}},
	}
	limited := func(left int, members map[string]docspace.Member) *docspace.Preflight {
		return &docspace.Preflight{Settings: docspace.PortalSettings{InvitationsLimited: true, InvitationLimit: left}, Members: members}
	}
	if _, over := plans[0].OverInvitationLimit(limited(3, nil).Facts()); over {
		t.Fatal("one room's two invitations are over a limit of 3")
	}
	pr, over := docspace.RoomsOverInvitationLimit(plans, []*docspace.Preflight{limited(3, nil), limited(3, nil)})
	if !over || !strings.Contains(pr.Message, "4 invitations by e-mail into 2 rooms") || pr.Field != docspace.FieldInvitees {
		t.Errorf("two rooms' four invitations against 3 left: over %v, %+v", over, pr)
	}
	member := map[string]docspace.Member{"a@example.com": {Access: docspace.AccessRead}}
	if pr, over := docspace.RoomsOverInvitationLimit(plans, []*docspace.Preflight{limited(3, member), limited(3, nil)}); over {
		t.Errorf("a member with the access asked for was counted: %+v", pr)
	}
	if _, over := docspace.RoomsOverInvitationLimit(plans, []*docspace.Preflight{nil, nil}); over {
		t.Error("over a limit no check read")
	}
	if _, over := docspace.RoomsOverInvitationLimit(plans, []*docspace.Preflight{{}, {}}); over {
		t.Error("over on a portal without a limit")
	}
}
