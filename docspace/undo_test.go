package docspace_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// undoRoomsOf is what a run's results say to reverse (onboard builds the same from
// the history): the people it added or changed, and the room it created.
func undoRoomsOf(results ...docspace.Result) []docspace.UndoRoom {
	var out []docspace.UndoRoom
	for _, res := range results {
		ur := docspace.UndoRoom{ID: res.Room.ID, Title: res.Room.Title, Created: res.RoomCreated}
		for _, o := range res.Outcomes {
			p := docspace.UndoPerson{Email: o.Invitee.Email, UserID: o.Invitee.UserID, Access: o.Invitee.Access}
			switch o.Kind {
			case docspace.OutcomeNewGuest, docspace.OutcomeAdded:
			case docspace.OutcomeAccessChanged:
				p.Before = o.Before
			default:
				continue
			}
			ur.People = append(ur.People, p)
		}
		out = append(out, ur)
	}
	return out
}

// markDone marks what steps reversed as done, as a second undo reads it from the history.
func markDone(rooms []docspace.UndoRoom, steps []docspace.UndoStep) []docspace.UndoRoom {
	out := append([]docspace.UndoRoom(nil), rooms...)
	for i := range out {
		out[i].People = append([]docspace.UndoPerson(nil), out[i].People...)
		for _, s := range steps {
			if s.RoomID != out[i].ID || s.State != docspace.UndoReversed {
				continue
			}
			if s.Action == docspace.UndoArchive {
				out[i].ArchiveDone = true
				continue
			}
			for j := range out[i].People {
				if strings.EqualFold(out[i].People[j].Email, s.Person.Email) {
					out[i].People[j].Done = true
				}
			}
		}
	}
	return out
}

func stepStates(steps []docspace.UndoStep) map[string]docspace.UndoState {
	m := map[string]docspace.UndoState{}
	for _, s := range steps {
		k := s.Person.Email
		if s.Action == docspace.UndoArchive {
			k = fmt.Sprintf("archive %d", s.RoomID)
		}
		m[k] = s.State
	}
	return m
}

func accessIn(p *docspacetest.Portal, room int, email string) (docspace.Access, bool) {
	for _, m := range p.Members(room) {
		if strings.EqualFold(m.User.Email, email) {
			return m.Access, true
		}
	}
	return docspace.AccessNone, false
}

func TestUndoPutsThePortalBackAndLeavesOthersAlone(t *testing.T) {
	portal, c := newPortal(t)
	ctx := context.Background()
	room := portal.AddRoom("Undo existing", docspace.RoomCollaboration,
		docspacetest.Member{Email: "before@example.org", Access: docspace.AccessEditing},
		docspacetest.Member{Email: docspacetest.DemoUserEmail, Access: docspace.AccessRead})
	dana, _ := portal.UserByEmail(docspacetest.DemoUserEmail)

	existing := c.Execute(ctx, docspace.Plan{RoomID: room, RoomType: docspace.RoomCollaboration, Invitees: []docspace.Invitee{
		{Email: "ann@example.org", Access: docspace.AccessEditing},
		{Email: "carol@example.org", Access: docspace.AccessEditing},
		{Email: docspacetest.DemoUserEmail, UserID: dana.ID, Access: docspace.AccessEditing},
		{Email: "before@example.org", Access: docspace.AccessEditing},
	}}, nil, nil)
	created := c.Execute(ctx, docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Undo new", Type: docspace.RoomCustom},
		Invitees: []docspace.Invitee{{Email: "dave@example.org", Access: docspace.AccessRead}}}, nil, nil)
	if existing.Status() != docspace.StatusComplete || created.Status() != docspace.StatusComplete {
		t.Fatalf("runs: %v %v / %v %v", existing.Status(), existing.Err, created.Status(), created.Err)
	}
	// Someone else changes carol's access after the run: undo must leave her alone.
	carol, _ := portal.UserByEmail("carol@example.org")
	if _, err := c.Invite(ctx, room, docspace.InviteRequest{Invitations: []docspace.Invitation{{ID: carol.ID, Access: docspace.AccessRead}}}); err != nil {
		t.Fatal(err)
	}

	rooms := undoRoomsOf(existing, created)
	steps, err := c.PlanUndo(ctx, rooms)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]docspace.UndoState{
		"ann@example.org": docspace.UndoPending, "carol@example.org": docspace.UndoLeftAlone,
		docspacetest.DemoUserEmail: docspace.UndoPending, "dave@example.org": docspace.UndoPending,
		fmt.Sprintf("archive %d", created.Room.ID): docspace.UndoPending,
	}
	if got := stepStates(steps); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("planned %v, want %v (the member from before the run is not a step at all)", got, want)
	}
	for _, s := range steps {
		if s.Person.Email == "carol@example.org" && !strings.Contains(s.Reason, "changed by someone else") {
			t.Errorf("carol's reason %q does not say why she is left alone", s.Reason)
		}
	}
	if writesBefore := portal.Count(http.MethodPut, "/"); writesBefore != 3 {
		t.Fatalf("planning wrote something: %d PUTs, want the 3 of the runs and the change", writesBefore)
	}

	done := c.Undo(ctx, steps)
	for _, s := range done {
		if s.State == docspace.UndoFailed || s.State == docspace.UndoPending {
			t.Errorf("step %+v not reversed", s)
		}
	}
	if _, in := accessIn(portal, room, "ann@example.org"); in {
		t.Error("ann, added by the run, is still in the room")
	}
	if a, _ := accessIn(portal, room, docspacetest.DemoUserEmail); a != docspace.AccessRead {
		t.Errorf("dana is %v, want put back to Viewer", a)
	}
	if a, _ := accessIn(portal, room, "before@example.org"); a != docspace.AccessEditing {
		t.Errorf("the member from before the run is %v, want untouched Editor", a)
	}
	if a, _ := accessIn(portal, room, "carol@example.org"); a != docspace.AccessRead {
		t.Errorf("carol is %v, want left at the Viewer someone else gave", a)
	}
	if !portal.Archived(created.Room.ID) || portal.Archived(room) {
		t.Errorf("archived: new room %v, existing room %v; want only the new one", portal.Archived(created.Room.ID), portal.Archived(room))
	}
	if _, ok := portal.Room(created.Room.ID); !ok {
		t.Error("the created room is gone: undo must archive, never delete")
	}
	for _, r := range portal.Removals() {
		if r.UserID == "" || r.Ignored {
			t.Errorf("a removal not by user id: %+v", r)
		}
	}

	// A second undo finds nothing to do and writes nothing.
	portal.ResetRequests()
	again, err := c.PlanUndo(ctx, markDone(rooms, done))
	if err != nil {
		t.Fatal(err)
	}
	if n := docspace.Pending(again); n != 0 {
		t.Errorf("second undo plans %d steps, want none: %+v", n, again)
	}
	if n := portal.Count(http.MethodPut, "/"); n != 0 {
		t.Errorf("second plan wrote %d times", n)
	}
}

func TestUndoFailingHalfWayIsReportedExactlyAndFinishesOnASecondRun(t *testing.T) {
	portal, c := newPortal(t)
	ctx := context.Background()
	const n = 250 // three removal batches
	run := c.Execute(ctx, docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Undo half-way", Type: docspace.RoomCustom},
		Invitees: emails(n, "example.net")}, nil, nil)
	if run.Status() != docspace.StatusComplete {
		t.Fatalf("run: %v %v", run.Status(), run.Err)
	}
	id := run.Room.ID
	rooms := undoRoomsOf(run)
	steps, err := c.PlanUndo(ctx, rooms)
	if err != nil || docspace.Pending(steps) != n+1 {
		t.Fatalf("plan: %d pending, %v", docspace.Pending(steps), err)
	}

	// The second removal batch applies 30 entries, then the portal refuses the rest of it.
	share := fmt.Sprintf("/api/2.0/files/rooms/%d/share", id)
	portal.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: share, AfterEntries: 1 << 30, Times: 1}) // first batch passes whole
	portal.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: share, AfterEntries: 30, Times: 1})
	first := c.Undo(ctx, steps)

	st := stepStates(first)
	reversed, failed := 0, 0
	for _, s := range first {
		inRoom := false
		if s.Action != docspace.UndoArchive {
			_, inRoom = accessIn(portal, id, s.Person.Email)
		}
		switch s.State {
		case docspace.UndoReversed:
			reversed++
			if inRoom {
				t.Errorf("%s reported removed but is still in the room", s.Person.Email)
			}
		case docspace.UndoFailed:
			failed++
			if s.Action != docspace.UndoArchive && !inRoom {
				t.Errorf("%s reported not removed but is gone", s.Person.Email)
			}
			if s.Reason == "" {
				t.Errorf("%s failed without a reason", s.Person.Email)
			}
		default:
			t.Errorf("step %+v in state %v after the undo", s, s.State)
		}
	}
	// Batches: 100 removed, then 30 of the next 100 before the refusal, then the last 50.
	if reversed != 100+30+50 || failed != 70+1 {
		t.Errorf("reversed %d, failed %d; want 180 and 71 (70 people and the archive)", reversed, failed)
	}
	if st[fmt.Sprintf("archive %d", id)] != docspace.UndoFailed || portal.Archived(id) {
		t.Error("the room was archived with people the run added still in it")
	}

	// The second undo does only what is left, and finishes.
	rest := markDone(rooms, first)
	steps2, err := c.PlanUndo(ctx, rest)
	if err != nil {
		t.Fatal(err)
	}
	if got := docspace.Pending(steps2); got != 70+1 {
		t.Fatalf("second undo plans %d steps, want 71", got)
	}
	before := len(portal.Removals())
	second := c.Undo(ctx, steps2)
	for _, s := range second {
		if s.State == docspace.UndoFailed || s.State == docspace.UndoPending {
			t.Errorf("second undo: %+v", s)
		}
	}
	if got := len(portal.Removals()) - before; got != 70 {
		t.Errorf("second undo sent %d removals, want only the 70 left", got)
	}
	if !portal.Archived(id) || len(portal.Members(id)) != 1 {
		t.Errorf("after the second undo: archived %v, %d members (want the owner only)", portal.Archived(id), len(portal.Members(id)))
	}
}

// Stopping an undo (Ctrl+C) lets the request under way finish, sends nothing more,
// and every step says what happened; a second undo does the rest.
func TestUndoStoppedSaysWhatItDidAndASecondUndoFinishes(t *testing.T) {
	portal := docspacetest.New(docspacetest.WithDemoData())
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var armed atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if armed.Load() && r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/share") {
			stop() // Ctrl+C while the first removal batch is under way: it is let finish
		}
		portal.ServeHTTP(w, r)
	}))
	defer srv.Close()
	portal.SetURL(srv.URL)
	c, err := docspace.New(srv.URL, docspacetest.DemoKey, docspace.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	const n = 250
	run := c.Execute(context.Background(), docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Undo stopped", Type: docspace.RoomCustom},
		Invitees: emails(n, "example.com")}, nil, nil)
	if run.Status() != docspace.StatusComplete {
		t.Fatalf("run: %v", run.Err)
	}
	rooms := undoRoomsOf(run)
	steps, err := c.PlanUndo(ctx, rooms)
	if err != nil {
		t.Fatal(err)
	}
	armed.Store(true)
	first := c.Undo(ctx, steps)
	reversed, stopped := 0, 0
	for _, s := range first {
		switch {
		case s.State == docspace.UndoReversed:
			reversed++
			if _, in := accessIn(portal, run.Room.ID, s.Person.Email); in {
				t.Errorf("%s reported removed, still in the room", s.Person.Email)
			}
		case s.State == docspace.UndoFailed && strings.Contains(s.Reason, "stopped"):
			stopped++
		case s.Action == docspace.UndoArchive && s.State == docspace.UndoFailed:
		default:
			t.Errorf("step %+v", s)
		}
	}
	if reversed != docspace.BatchSize || stopped != n-docspace.BatchSize || portal.Archived(run.Room.ID) {
		t.Errorf("reversed %d, stopped %d, archived %v; want the first batch done, the rest and the archive not",
			reversed, stopped, portal.Archived(run.Room.ID))
	}
	armed.Store(false)
	second := c.Undo(context.Background(), mustPlan(t, c, markDone(rooms, first)))
	if docspace.Pending(second) != 0 || !portal.Archived(run.Room.ID) || len(portal.Members(run.Room.ID)) != 1 {
		t.Errorf("after the second undo: archived %v, %d members", portal.Archived(run.Room.ID), len(portal.Members(run.Room.ID)))
	}
}

func mustPlan(t *testing.T, c *docspace.Client, rooms []docspace.UndoRoom) []docspace.UndoStep {
	t.Helper()
	steps, err := c.PlanUndo(context.Background(), rooms)
	if err != nil {
		t.Fatal(err)
	}
	return steps
}
