package docspace_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/contract"
)

// newPortal starts a demo portal and a client for it with fast retries.
func newPortal(t *testing.T, opts ...docspacetest.Option) (*docspacetest.Portal, *docspace.Client) {
	t.Helper()
	portal := docspacetest.New(append([]docspacetest.Option{docspacetest.WithDemoData()}, opts...)...)
	var h http.Handler = portal
	if spec := contract.Optional(t); spec != nil {
		// Every request the engine sends, and every answer, is checked against the vendor's spec.
		h = spec.Middleware(t, portal)
	}
	srv := httptest.NewServer(h)
	portal.SetURL(srv.URL)
	t.Cleanup(srv.Close)
	c, err := docspace.New(srv.URL, docspacetest.DemoKey,
		docspace.WithHTTPClient(srv.Client()),
		docspace.WithSleep(func(ctx context.Context, d time.Duration) error { return ctx.Err() }))
	if err != nil {
		t.Fatal(err)
	}
	return portal, c
}

func emails(n int, domain string) []docspace.Invitee {
	out := make([]docspace.Invitee, n)
	for i := range out {
		out[i] = docspace.Invitee{Email: fmt.Sprintf("person%04d@%s", i, domain), Access: docspace.AccessRead}
	}
	return out
}

func kinds(res docspace.Result) map[string]docspace.OutcomeKind {
	m := map[string]docspace.OutcomeKind{}
	for _, o := range res.Outcomes {
		m[o.Invitee.Label()] = o.Kind
	}
	return m
}

func writes(p *docspacetest.Portal) (creates, shares int) {
	return p.Count(http.MethodPost, "/api/2.0/files/rooms"), p.Count(http.MethodPut, "/api/2.0/files/rooms/")
}

func roomID(t *testing.T, p *docspacetest.Portal, title string) int {
	t.Helper()
	for _, r := range p.Rooms() {
		if r.Title == title {
			return r.ID
		}
	}
	t.Fatalf("no room %q", title)
	return 0
}

func TestExecuteHappyPathThreeInvitees(t *testing.T) {
	portal, c := newPortal(t)
	plan := docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "  Sales onboarding ", Type: docspace.RoomCollaboration},
		Invitees: []docspace.Invitee{
			{Email: "ann@example.com", Access: docspace.AccessEditing},
			{Email: "Bob@Example.com", Access: docspace.AccessRead},
			{Email: docspacetest.DemoUserEmail, Access: docspace.AccessRead},
		},
		Notify: true,
	}
	var events []docspace.Event
	res := c.Execute(context.Background(), plan, nil, func(e docspace.Event) { events = append(events, e) })
	if res.Err != nil {
		t.Fatalf("Execute: %v", res.Err)
	}
	if res.Status() != docspace.StatusComplete {
		t.Errorf("status = %v, want complete", res.Status())
	}
	if res.Room == nil || res.Room.Title != "Sales onboarding" || !res.RoomCreated {
		t.Fatalf("room = %+v, want the trimmed title and RoomCreated", res.Room)
	}
	wantLink := fmt.Sprintf("%s/rooms/shared/%d/filter?folder=%d", portal.URL(), res.Room.ID, res.Room.ID)
	if res.Room.Link != wantLink {
		t.Errorf("link = %q, want %q", res.Room.Link, wantLink)
	}
	got := kinds(res)
	want := map[string]docspace.OutcomeKind{
		"ann@example.com":          docspace.OutcomeNewGuest,
		"Bob@Example.com":          docspace.OutcomeNewGuest,
		docspacetest.DemoUserEmail: docspace.OutcomeAdded,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %v, want %v", k, got[k], v)
		}
	}
	creates, shares := writes(portal)
	reads := portal.Count(http.MethodGet, fmt.Sprintf("/api/2.0/files/rooms/%d/share", res.Room.ID))
	if creates != 1 || shares != 1 || reads != 1 {
		t.Errorf("calls: %d create, %d share, %d members read; want 1 each", creates, shares, reads)
	}
	var phases []string
	for _, e := range events {
		phases = append(phases, fmt.Sprintf("%v/%v", e.Phase, e.State))
	}
	wantPhases := "check key and portal settings/0 check key and portal settings/2 create room/0 create room/2 invite/0 invite/2 confirm members/0 confirm members/2"
	if strings.Join(phases, " ") != wantPhases {
		t.Errorf("events:\n got %s\nwant %s", strings.Join(phases, " "), wantPhases)
	}
}

func TestExecuteRejectedKeyWritesNothing(t *testing.T) {
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	defer srv.Close()
	c, _ := docspace.New(srv.URL, "sk-0000000000000000000000000000dead", docspace.WithHTTPClient(srv.Client()))
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom:  &docspace.NewRoom{Title: "X", Type: docspace.RoomCustom},
		Invitees: emails(2, "example.com"),
	}, nil, nil)
	if res.Status() != docspace.StatusKeyRejected {
		t.Errorf("status = %v, want key rejected (err %v)", res.Status(), res.Err)
	}
	if creates, shares := writes(portal); creates+shares != 0 {
		t.Errorf("%d creates and %d shares after a rejected key", creates, shares)
	}
	if strings.Contains(res.Err.Error(), "sk-") {
		t.Errorf("error mentions the key: %v", res.Err)
	}
}

func TestExecuteKeyWithoutRoomsWriteWritesNothing(t *testing.T) {
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData(),
		docspacetest.WithKey(docspacetest.NewKey("sk-00000000000000000000000000000ead", "rooms:read", "accounts:read")))
	defer srv.Close()
	c, _ := docspace.New(srv.URL, "sk-00000000000000000000000000000ead", docspace.WithHTTPClient(srv.Client()))
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "X", Type: docspace.RoomCustom}, Invitees: emails(1, "example.com"),
	}, nil, nil)
	if docspace.KindOf(res.Err) != docspace.KindForbidden || !strings.Contains(res.Err.Error(), "rooms:write") {
		t.Errorf("err = %v, want a forbidden error naming rooms:write", res.Err)
	}
	if creates, _ := writes(portal); creates != 0 {
		t.Errorf("created %d rooms with a read-only key", creates)
	}
}

func TestExecuteExistingRoom(t *testing.T) {
	portal, c := newPortal(t)
	id := roomID(t, portal, "Marketing Q3")
	plan := docspace.Plan{RoomID: id, Invitees: []docspace.Invitee{
		{Email: docspacetest.DemoUserEmail, Access: docspace.AccessEditing},          // already an editor
		{Email: docspacetest.DemoRoomAdminEmail, Access: docspace.AccessRoomManager}, // room admin: must go by id
		{Email: "new@example.com", Access: docspace.AccessRead},
	}}
	res := c.Execute(context.Background(), plan, nil, nil)
	if res.Err != nil {
		t.Fatalf("Execute: %v", res.Err)
	}
	got := kinds(res)
	if got[docspacetest.DemoUserEmail] != docspace.OutcomeAlreadyMember {
		t.Errorf("dana: %v, want already a member", got[docspacetest.DemoUserEmail])
	}
	if got["new@example.com"] != docspace.OutcomeNewGuest {
		t.Errorf("new: %v, want new guest", got["new@example.com"])
	}
	var admin docspace.Outcome
	for _, o := range res.Outcomes {
		if o.Invitee.Email == docspacetest.DemoRoomAdminEmail {
			admin = o
		}
	}
	if admin.Kind != docspace.OutcomeAdded || admin.Invitee.UserID == "" || admin.Access != docspace.AccessRoomManager {
		t.Errorf("room admin outcome = %+v, want added by id as Room admin", admin)
	}
	if creates, _ := writes(portal); creates != 0 {
		t.Errorf("%d rooms created for an existing room", creates)
	}
	if res.RoomCreated || res.Room.ID != id {
		t.Errorf("room = %+v created=%v, want existing %d", res.Room, res.RoomCreated, id)
	}
}

func TestExecuteRoomAdminByEmailForUnknownPersonIsAPlanProblem(t *testing.T) {
	portal, c := newPortal(t)
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom:  &docspace.NewRoom{Title: "X", Type: docspace.RoomCollaboration},
		Invitees: []docspace.Invitee{{Email: "stranger@example.com", Access: docspace.AccessRoomManager}},
	}, nil, nil)
	var probs docspace.Problems
	if !errors.As(res.Err, &probs) || len(probs.For(docspace.FieldAccess)) != 1 {
		t.Fatalf("err = %v, want one access problem", res.Err)
	}
	if res.Status() != docspace.StatusInvalid {
		t.Errorf("status = %v, want invalid", res.Status())
	}
	if creates, shares := writes(portal); creates+shares != 0 {
		t.Errorf("wrote %d/%d despite an invalid plan", creates, shares)
	}
}

func TestExecuteGuestsDisabled(t *testing.T) {
	portal, c := newPortal(t, docspacetest.WithGuestsAllowed(false))
	plan := docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Internal", Type: docspace.RoomCollaboration},
		Invitees: []docspace.Invitee{
			{Email: docspacetest.DemoUserEmail, Access: docspace.AccessEditing},
			{Email: "outsider@example.com", Access: docspace.AccessEditing},
		},
	}
	res := c.Execute(context.Background(), plan, nil, nil)
	var probs docspace.Problems
	if !errors.As(res.Err, &probs) || len(probs) != 1 || !strings.Contains(probs[0].Message, "outsider@example.com") {
		t.Fatalf("err = %v, want exactly the outsider reported", res.Err)
	}
	if creates, _ := writes(portal); creates != 0 {
		t.Errorf("created a room for an invalid plan")
	}
	// Without the outsider, the portal user is sent by id and gets in.
	plan.Invitees = plan.Invitees[:1]
	res = c.Execute(context.Background(), plan, nil, nil)
	if res.Status() != docspace.StatusComplete {
		t.Fatalf("status = %v (%v), want complete", res.Status(), res.Err)
	}
}

func TestExecuteInvitationLimitIsWhatIsLeftToday(t *testing.T) {
	portal, c := newPortal(t, docspacetest.WithInvitationLimit(3))
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Morning", Type: docspace.RoomCustom}, Invitees: emails(2, "example.com"),
	}, nil, nil)
	if res.Status() != docspace.StatusComplete {
		t.Fatalf("first run: status = %v (%v)", res.Status(), res.Err)
	}
	// The first run used two of the three: a second run of two is refused before it writes.
	res = c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Afternoon", Type: docspace.RoomCustom}, Invitees: emails(2, "example.org"),
	}, nil, nil)
	if res.Status() != docspace.StatusInvalid || res.Room != nil {
		t.Fatalf("second run: status = %v (%v), room %v; want invalid, no room", res.Status(), res.Err, res.Room)
	}
	if creates, shares := writes(portal); creates != 1 || shares != 1 {
		t.Errorf("%d creates and %d shares, want only the first run's 1 and 1", creates, shares)
	}
}

func TestExecuteOverTheInvitationLimitWritesNothing(t *testing.T) {
	portal, c := newPortal(t, docspacetest.WithInvitationLimit(2))
	// A portal user counts nothing: they are invited by id.
	invs := append(emails(3, "example.com"), docspace.Invitee{Email: docspacetest.DemoUserEmail, Access: docspace.AccessEditing})
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Limits", Type: docspace.RoomCustom}, Invitees: invs,
	}, nil, nil)
	if res.Status() != docspace.StatusInvalid {
		t.Fatalf("status = %v (%v), want invalid", res.Status(), res.Err)
	}
	msg := res.Err.Error()
	for _, w := range []string{"3 invitations by e-mail", "only 2 left today", "invitation link"} {
		if !strings.Contains(msg, w) {
			t.Errorf("problem %q lacks %q", msg, w)
		}
	}
	if creates, shares := writes(portal); creates != 0 || shares != 0 {
		t.Errorf("%d creates and %d shares for a plan over the limit, want none", creates, shares)
	}
	// Two new guests and the portal user fit: the user goes by id.
	res = c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Limits", Type: docspace.RoomCustom}, Invitees: invs[1:],
	}, nil, nil)
	if res.Status() != docspace.StatusComplete {
		t.Fatalf("status = %v (%v), want complete", res.Status(), res.Err)
	}
}

func TestExecuteLargeListPagesAndBatches(t *testing.T) {
	portal, c := newPortal(t)
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Big", Type: docspace.RoomCustom}, Invitees: emails(250, "example.org"),
	}, nil, nil)
	if res.Status() != docspace.StatusComplete {
		t.Fatalf("status = %v (%v)", res.Status(), res.Err)
	}
	if n := res.Counts()[docspace.OutcomeNewGuest]; n != 250 {
		t.Errorf("%d new guests confirmed, want 250", n)
	}
	if _, shares := writes(portal); shares != 3 {
		t.Errorf("%d share calls for 250 people, want 3", shares)
	}
	if st := portal.Stats(); st.PeakParallelWrites > docspace.ParallelWrites {
		t.Errorf("peak parallel writes %d > %d", st.PeakParallelWrites, docspace.ParallelWrites)
	}
}

func TestExecutePartialShareFailureThenRetry(t *testing.T) {
	portal, c := newPortal(t)
	portal.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", AfterEntries: 2, Times: 1})
	plan := docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Partial", Type: docspace.RoomCustom}, Invitees: emails(5, "example.com")}
	res := c.Execute(context.Background(), plan, nil, nil)
	if res.Room == nil {
		t.Fatalf("no room in the result after a share failure: %v", res.Err)
	}
	if res.Status() != docspace.StatusPartial {
		t.Errorf("status = %v, want partial", res.Status())
	}
	var summary []string
	for _, o := range res.Outcomes {
		summary = append(summary, o.Kind.String())
	}
	want := []string{"invited as a new guest", "invited as a new guest", "failed", "failed", "failed"}
	if strings.Join(summary, ",") != strings.Join(want, ",") {
		t.Errorf("outcomes %v, want %v", summary, want)
	}
	if !strings.Contains(res.Outcomes[2].Reason, "role is not available") {
		t.Errorf("culprit reason = %q, want the server's message", res.Outcomes[2].Reason)
	}
	if !strings.Contains(res.Outcomes[3].Reason, "stopped at person0002@example.com") {
		t.Errorf("later entry reason = %q, want it to name where the portal stopped", res.Outcomes[3].Reason)
	}

	retry, ok := res.RetryPlan(plan)
	if !ok || retry.NewRoom != nil || retry.RoomID != res.Room.ID || len(retry.Invitees) != 3 {
		t.Fatalf("retry plan = %+v, want the 3 failed into room %d", retry, res.Room.ID)
	}
	res2 := c.Execute(context.Background(), retry, nil, nil)
	if res2.Status() != docspace.StatusComplete {
		t.Errorf("retry status = %v (%v)", res2.Status(), res2.Err)
	}
	if creates, _ := writes(portal); creates != 1 {
		t.Errorf("%d create calls in total, want exactly 1", creates)
	}
	if n := len(portal.Members(res.Room.ID)); n < 5 {
		t.Errorf("room has %d members after retry, want all 5 invitees", n)
	}
}

func TestExecuteCreateFails(t *testing.T) {
	portal, c := newPortal(t, docspacetest.WithRoomQuota(3)) // the demo portal already has 3
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "One too many", Type: docspace.RoomCustom}, Invitees: emails(2, "example.com"),
	}, nil, nil)
	if res.Room != nil || docspace.KindOf(res.Err) != docspace.KindQuota || res.Status() != docspace.StatusFailed {
		t.Errorf("room=%v err=%v status=%v, want no room, a quota error, failed", res.Room, res.Err, res.Status())
	}
	for _, o := range res.Outcomes {
		if o.Kind != docspace.OutcomeNotSent {
			t.Errorf("%s: %v, want not sent", o.Invitee.Email, o.Kind)
		}
	}
	if creates, _ := writes(portal); creates != 1 {
		t.Errorf("create tried %d times, want once (never retried)", creates)
	}
}

func TestExecuteConfirmFailureKeepsRoom(t *testing.T) {
	portal, c := newPortal(t)
	portal.InjectFault(docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/files/rooms/1", Status: 500, Body: "<html>oops</html>"})
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Confirm", Type: docspace.RoomCustom}, Invitees: emails(2, "example.com"),
	}, nil, nil)
	if res.Room == nil {
		t.Fatalf("room lost after a read-back failure: %v", res.Err)
	}
	if res.Status() != docspace.StatusPartial {
		t.Errorf("status = %v, want partial", res.Status())
	}
	for _, o := range res.Outcomes {
		if o.Kind != docspace.OutcomeUnconfirmed {
			t.Errorf("%s: %v, want unconfirmed", o.Invitee.Email, o.Kind)
		}
	}
}

func TestExecuteCancelAfterCreate(t *testing.T) {
	portal, c := newPortal(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	res := c.Execute(ctx, docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Stop", Type: docspace.RoomCustom}, Invitees: emails(3, "example.com"),
	}, nil, func(e docspace.Event) {
		if e.Phase == docspace.PhaseCreate && e.State == docspace.EventDone {
			once.Do(cancel)
		}
	})
	if !res.Cancelled || res.Status() != docspace.StatusInterrupted {
		t.Errorf("cancelled=%v status=%v, want interrupted", res.Cancelled, res.Status())
	}
	if res.Room == nil {
		t.Fatal("the created room is missing from a cancelled run's result")
	}
	for _, o := range res.Outcomes {
		if o.Kind != docspace.OutcomeNotSent {
			t.Errorf("%s: %v, want not sent", o.Invitee.Email, o.Kind)
		}
	}
	if _, shares := writes(portal); shares != 0 {
		t.Errorf("%d share calls after cancel", shares)
	}
	if len(res.Failed()) != 3 {
		t.Errorf("Failed() = %d, want all 3 to retry", len(res.Failed()))
	}
}

func TestExecuteRetriesRateLimitedShare(t *testing.T) {
	portal, c := newPortal(t)
	portal.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Status: 429, RetryAfter: "1", Times: 2})
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Busy", Type: docspace.RoomCustom}, Invitees: emails(3, "example.com"),
	}, nil, nil)
	if res.Status() != docspace.StatusComplete {
		t.Fatalf("status = %v (%v), want complete after 429s", res.Status(), res.Err)
	}
	if _, shares := writes(portal); shares != 3 {
		t.Errorf("%d share calls, want 2 refused + 1 accepted", shares)
	}
}

func TestExecuteShareRefusedWholeGivesEveryoneTheReason(t *testing.T) {
	portal, c := newPortal(t)
	portal.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Status: 500, Body: "<html>proxy error</html>"})
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Whole", Type: docspace.RoomCustom}, Invitees: emails(3, "example.com"),
	}, nil, nil)
	if res.Room == nil || res.Status() != docspace.StatusPartial {
		t.Fatalf("room=%v status=%v, want the room kept and a partial result", res.Room, res.Status())
	}
	for _, o := range res.Outcomes {
		if o.Kind != docspace.OutcomeFailed || strings.Contains(o.Reason, "stopped at") {
			t.Errorf("%s: %v %q, want failed with the portal's reason, not a stop part-way", o.Invitee.Email, o.Kind, o.Reason)
		}
	}
}

func TestResultCanRetry(t *testing.T) {
	room := &docspace.Room{ID: 7, Title: "R"}
	failed := []docspace.Outcome{{Invitee: docspace.Invitee{Email: "a@example.com"}, Kind: docspace.OutcomeFailed}}
	done := []docspace.Outcome{{Invitee: docspace.Invitee{Email: "a@example.com"}, Kind: docspace.OutcomeAdded}}
	tests := []struct {
		name string
		res  docspace.Result
		want bool
	}{
		{"everyone in", docspace.Result{Room: room, Outcomes: done}, false},
		{"someone failed in a known room", docspace.Result{Room: room, Outcomes: failed, Err: errors.New("x")}, true},
		{"create refused: nothing exists, the whole plan may run again", docspace.Result{Outcomes: failed, Err: errors.New("quota")}, true},
		{"create answer lost: a room may exist, never again blindly", docspace.Result{Outcomes: failed, Err: errors.New("timeout"), RoomUncertain: true}, false},
	}
	for _, tt := range tests {
		if got := tt.res.CanRetry(); got != tt.want {
			t.Errorf("%s: CanRetry = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestExecuteRoomAdminForAnOrdinaryUserIsAPlanProblem(t *testing.T) {
	portal, c := newPortal(t)
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "RA", Type: docspace.RoomCustom},
		Invitees: []docspace.Invitee{
			{Email: docspacetest.DemoUserEmail, Access: docspace.AccessRoomManager}, // an ordinary user
			{Email: "x@example.com", Access: docspace.AccessRead},
		},
	}, nil, nil)
	var probs docspace.Problems
	if !errors.As(res.Err, &probs) || len(probs.For(docspace.FieldAccess)) != 1 || !strings.Contains(probs[0].Message, "only for DocSpace admins and room admins") {
		t.Fatalf("err = %v, want one access problem about Room admin", res.Err)
	}
	if creates, shares := writes(portal); creates+shares != 0 {
		t.Errorf("wrote %d/%d: the room was created before the problem was found", creates, shares)
	}
}

func TestExecuteSaysWhenAMembersAccessChanges(t *testing.T) {
	portal, c := newPortal(t)
	id := roomID(t, portal, "Marketing Q3") // Dana is an Editor there
	res := c.Execute(context.Background(), docspace.Plan{RoomID: id, Invitees: []docspace.Invitee{
		{Email: docspacetest.DemoUserEmail, Access: docspace.AccessRead},
	}}, nil, nil)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if o := res.Outcomes[0]; o.Kind != docspace.OutcomeAccessChanged || o.Reason != "Editor → Viewer: lowers access" {
		t.Errorf("outcome = %v %q, want the change named", o.Kind, o.Reason)
	}
}

func TestExecuteDoesNotFollowAnAbsurdMemberTotal(t *testing.T) {
	portal, c := newPortal(t)
	portal.InjectFault(docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/files/rooms/1", Status: 200,
		Body: `{"response":[],"count":0,"total":1000000000,"status":0,"statusCode":200}`})
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Huge", Type: docspace.RoomCustom}, Invitees: emails(2, "example.com"),
	}, nil, nil)
	if docspace.KindOf(res.Err) != docspace.KindBadResponse || res.Room == nil {
		t.Fatalf("err = %v, room = %v: want a bad-response error and the room kept", res.Err, res.Room)
	}
	if n := portal.Count(http.MethodGet, fmt.Sprintf("/api/2.0/files/rooms/%d/share", res.Room.ID)); n > 2 {
		t.Errorf("%d member pages asked for on the word of a bogus total", n)
	}
}

func TestExecuteReportsRetryWaits(t *testing.T) {
	portal, c := newPortal(t)
	portal.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Status: 429, RetryAfter: "2", Times: 1})
	var retries []docspace.Event
	res := c.Execute(context.Background(), docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Wait", Type: docspace.RoomCustom}, Invitees: emails(2, "example.com"),
	}, nil, func(e docspace.Event) {
		if e.State == docspace.EventRetrying {
			retries = append(retries, e)
		}
	})
	if res.Status() != docspace.StatusComplete {
		t.Fatalf("status = %v (%v)", res.Status(), res.Err)
	}
	if len(retries) != 1 {
		t.Fatalf("%d retry events, want 1: %+v", len(retries), retries)
	}
	if e := retries[0]; e.Phase != docspace.PhaseInvite || e.Batch != 1 || e.Batches != 1 || e.RetryIn != 2*time.Second || docspace.KindOf(e.Err) != docspace.KindRateLimited {
		t.Errorf("retry event = %+v, want invite batch 1 of 1, waiting the 2 s the portal asked for", e)
	}
}

func TestInvitationLimitLeavesOutMembersNotSentAgain(t *testing.T) {
	_, c := newPortal(t, docspacetest.WithInvitationLimit(1))
	// Room 101 has the pending guest with Viewer already: repeating them costs nothing.
	res := c.Execute(context.Background(), docspace.Plan{RoomID: 101, Invitees: []docspace.Invitee{
		{Email: docspacetest.DemoPendingEmail, Access: docspace.AccessRead},
		{Email: "new.one@example.com", Access: docspace.AccessRead}}}, nil, nil)
	if res.Status() != docspace.StatusComplete {
		t.Fatalf("status %v (%v), want complete: only one e-mail is sent", res.Status(), res.Err)
	}
}
