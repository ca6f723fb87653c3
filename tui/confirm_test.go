package tui

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// runCalls sorts requests into the calls a confirmed run may make (create, share,
// member read) and everything else.
func runCalls(reqs []docspacetest.Request) (creates, shares, reads int, others []string) {
	for _, r := range reqs {
		switch {
		case r.Method == http.MethodPost && r.Path == "/api/2.0/files/rooms":
			creates++
		case r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/share"):
			shares++
		case r.Method == http.MethodGet && strings.HasPrefix(r.Path, "/api/2.0/files/rooms/") && strings.HasSuffix(r.Path, "/share"):
			reads++
		default:
			q := ""
			if r.Query != "" {
				q = "?" + r.Query
			}
			others = append(others, r.Method+" "+r.Path+q)
		}
	}
	return creates, shares, reads, others
}

// heldTimer replaces the debounce timer: the debounced messages (the title's check,
// the people look-ups) wait until release is called, so a test can deliver them after
// the user confirmed, as a fast typist meets them.
type heldTimer struct {
	gate chan struct{}
	once sync.Once
}

func newHeldTimer(t *testing.T) *heldTimer {
	h := &heldTimer{gate: make(chan struct{})}
	t.Cleanup(h.release) // no goroutine stays blocked after the test
	return h
}

func (h *heldTimer) timer(msg tea.Msg) tea.Cmd {
	return func() tea.Msg { <-h.gate; return msg }
}

func (h *heldTimer) release() { h.once.Do(func() { close(h.gate) }) }

// roomListFailed reports that the room list's first page was answered 400.
func roomListFailed(reqs []docspacetest.Request) bool {
	for _, r := range reqs {
		if r.Method == http.MethodGet && r.Path == "/api/2.0/files/rooms" && r.Status == http.StatusBadRequest {
			return true
		}
	}
	return false
}

// From the confirm key to the summary the portal sees one create, the share call and
// the member read, nothing else: not the title's "a room with that title exists"
// check, not a look-up, not a second check of the plan, even when the title was typed
// and Enter pressed before the title check's debounce ran out.
func TestConfirmSendsOnlyTheRunsCalls(t *testing.T) {
	held := newHeldTimer(t)
	f := newTunedFlow(t, Prefill{}, func(p *docspacetest.Portal, _ *Options) {
		// The room list fails once, so the title step has to ask the portal itself.
		// (A 400, not a 503: a retried answer could still be on its way at the confirm.)
		// Only the room list (an empty filterValue, search area 0): not the template
		// list, nor the check's read of the rooms so titled, which run beside it when the
		// key check is slow.
		p.InjectFault(docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/files/rooms", QueryHas: "filterValue=&searchArea=0",
			Status: http.StatusBadRequest, Times: 1})
		// The create takes a moment: the held messages arrive while it is under way.
		p.InjectFault(docspacetest.Fault{Method: http.MethodPost, PathPrefix: "/api/2.0/files/rooms", Delay: 300 * time.Millisecond})
	}, func(m *model) { m.st.timer = held.timer })
	f.on(stepAction, "Create a new room")
	// The room list has failed before the title is typed (on a loaded machine the key
	// check can still be under way here, and the list is asked for after it).
	for deadline := time.Now().Add(10 * time.Second); !roomListFailed(f.portal.Requests()); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the room list was never asked for")
		}
	}
	f.press("enter")
	f.on(stepTitle, "Title of the new room")
	f.tm.Type("Sales onboarding")
	f.press("enter") // before the title check's debounce ran out: it is held
	f.on(stepType, "Room type")
	f.press("enter")
	f.on(stepSettings, "continue with none")
	f.press("enter")
	f.on(stepPeople, "People to invite")
	f.paste("ann@example.com\nbob@example.com\ncarol@example.com")
	f.on(stepPeople, "3 people")
	f.press("tab") // the look-ups are held too
	f.on(stepAccess, "Default for everyone")
	f.press("enter")
	f.on(stepNotify, "Notify people")
	f.press("enter")
	f.on(stepReview, "Nothing is written until you press enter")
	// Nothing may be in flight when the mark is taken: the portal logs a request when it
	// ends, so wait until the log has been still for a while.
	mark := len(f.portal.Requests())
	for still := time.Now(); time.Since(still) < 1200*time.Millisecond; time.Sleep(20 * time.Millisecond) { // long enough for a starved -race run
		if n := len(f.portal.Requests()); n != mark {
			mark, still = n, time.Now()
		}
	}

	f.press("enter")
	f.on(stepRun, `Create room "Sales onboarding"`)
	held.release()
	f.on(stepSummary, "is created and everyone is in")
	res, code := f.finish()
	if code != onboard.EndDone || res.Room == nil {
		t.Fatalf("ended %v, room %+v", code, res.Room)
	}
	creates, shares, reads, others := runCalls(f.portal.Requests()[mark:])
	if creates != 1 || shares != 1 || reads != 1 || len(others) > 0 {
		t.Errorf("after the confirm the portal saw %d creates, %d share calls, %d member reads and %q; want 1, 1, 1 and nothing else",
			creates, shares, reads, others)
	}
}

// Enter while the review's check of the plan is still under way waits for it, so the
// run does not check everything again after the confirm.
func TestConfirmDuringTheChecksWaitsForIt(t *testing.T) {
	pre := Prefill{Title: ptr("Fast"), Type: ptr(docspace.RoomCustom), Invites: invites("a@example.com")}
	f := newFlow(t, pre, func(p *docspacetest.Portal, _ *Options) {
		// The invitation settings answer slowly, once: the review's check is under way.
		p.InjectFault(docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/settings/invitationsettings", Delay: 400 * time.Millisecond, Times: 1})
	})
	f.on(stepReview, "Checking with the portal")
	f.press("enter")
	f.on(stepSummary, "is created and everyone is in")
	if _, code := f.finish(); code != onboard.EndDone {
		t.Fatalf("ended %v", code)
	}
	// One key check when the wizard starts, one in the review's check of the plan.
	if n := f.portal.Count(http.MethodGet, "/api/2.0/keys/@self"); n != 2 {
		t.Errorf("the key was checked %d times, want 2: the run checked the plan again", n)
	}
	if n := f.portal.Count(http.MethodGet, "/api/2.0/settings/invitationsettings"); n != 1 {
		t.Errorf("the invitation settings were read %d times, want 1", n)
	}
}

// While a run is under way the room list stops paging (the portal sees only the run's
// calls); it picks up where it stopped when another room is started.
func TestRoomPagesWaitForTheRun(t *testing.T) {
	fp := newFakePortal()
	fp.rooms = nil
	for i := range 250 {
		fp.rooms = append(fp.rooms, docspace.Room{ID: i + 1, Title: fmt.Sprintf("Room %03d", i), RoomType: docspace.RoomCustom})
	}
	st := newTestState(t, fp)
	first := st.loadRooms(0)().(roomsPageMsg)
	st.running = true
	if cmd := st.gotRooms(first); cmd != nil {
		t.Fatal("the next page was asked for during the run")
	}
	if len(st.rooms.items) != 100 || st.rooms.done || st.rooms.loading {
		t.Fatalf("after the first page: %d rooms, done %v, loading %v", len(st.rooms.items), st.rooms.done, st.rooms.loading)
	}
	st.running = false
	for _, msg := range collect(st.resumeBackground()) {
		for cmd := st.gotRooms(msg.(roomsPageMsg)); cmd != nil; {
			cmd = st.gotRooms(cmd().(roomsPageMsg))
		}
	}
	if len(st.rooms.items) != 250 || !st.rooms.done {
		t.Errorf("after resuming: %d rooms, done %v; want 250, done", len(st.rooms.items), st.rooms.done)
	}
}

// A run over several rooms, one of them new: the review checks every room, and from
// the confirm key to the summary the portal sees only the run's writes and its
// read-backs, no room checked again.
func TestConfirmSendsOnlyTheRunsCallsForSeveralRooms(t *testing.T) {
	f := newFlow(t, Prefill{}, nil)
	f.on(stepAction, "Create a new room")
	f.press("down", "enter")
	f.on(stepAction, "Marketing Q3")
	// Newest first: Press Kit, Contracts 2025, Marketing Q3.
	f.press("down", "down", "space", "up", "space", "+")
	f.on(stepAction, "+ a new room")
	f.press("enter")
	f.on(stepTitle, "Title of the new room")
	f.tm.Type("Cohort 10")
	f.press("enter")
	f.on(stepType, "Room type")
	f.press("enter")
	f.on(stepSettings, "continue with none")
	f.press("enter")
	f.on(stepPeople, "People to invite")
	f.paste("nora.new@example.com\n" + docspacetest.DemoUserEmail)
	f.press("tab")
	f.on(stepAccess, "Default for the 3 rooms")
	f.press("enter", "enter")
	f.on(stepReview, "Nothing is written until you press enter")
	mark := len(f.portal.Requests())
	for still := time.Now(); time.Since(still) < 1200*time.Millisecond; time.Sleep(20 * time.Millisecond) {
		if n := len(f.portal.Requests()); n != mark {
			mark, still = n, time.Now()
		}
	}
	f.press("enter")
	f.on(stepSummary, "Everyone is in all 3 rooms.")
	if _, code := f.finish(); code != onboard.EndDone {
		t.Fatalf("ended %v", code)
	}
	creates, shares, reads, others := runCalls(f.portal.Requests()[mark:])
	if creates != 1 || shares != 3 || reads != 3 || len(others) > 0 {
		t.Errorf("after the confirm the portal saw %d creates, %d share calls, %d member reads and %q; want 1, 3, 3 and nothing else",
			creates, shares, reads, others)
	}
}
