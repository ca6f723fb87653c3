package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// bigPortal is a fake portal with n rooms, newest first as the portal lists them:
// "Room n" (id 1000+n) down to "Room 0001" (id 1001).
func bigPortal(n int) *fakePortal {
	fp := newFakePortal()
	fp.rooms = nil
	for i := n; i >= 1; i-- {
		fp.rooms = append(fp.rooms, docspace.Room{ID: 1000 + i, Title: fmt.Sprintf("Room %04d", i), RoomType: docspace.RoomCollaboration})
	}
	return fp
}

// pickerOn opens the room picker of a wizard connected to fp, once the room list has loaded.
func pickerOn(t *testing.T, fp *fakePortal) *driver {
	t.Helper()
	d := newDriver(t, testOptions(fp), 80, 24)
	d.until("the room list", func() bool { return d.m.st.keyStatus == keyOK && d.m.st.rooms.done })
	d.keys("down", "enter")
	if a := d.m.steps[stepAction].(*actionStep); !a.picking {
		t.Fatalf("the picker did not open:\n%s", d.screen())
	}
	return d
}

// selectedRow is the picker's line with the cursor, "" when none.
func selectedRow(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "› ") {
			return l
		}
	}
	return ""
}

func TestPickerSearchesThePortalBeyondTheLoadedRooms(t *testing.T) {
	fp := bigPortal(5008)
	d := pickerOn(t, fp)
	if n := len(d.m.st.rooms.items); n != roomPageSize*maxRoomPages {
		t.Fatalf("%d rooms loaded, want the list's cap %d", n, roomPageSize*maxRoomPages)
	}
	d.keys("/")
	d.typeText("Room 0003") // loaded: Room 5008 down to Room 0009
	d.until("the portal's match", func() bool { return strings.Contains(selectedRow(d.screen()), "Room 0003") })
	if s := d.screen(); strings.Contains(s, "Nothing matched") || !strings.Contains(s, "#1003") {
		t.Errorf("the match found on the portal is not shown:\n%s", s)
	}
	fp.mu.Lock()
	searched := strings.Join(fp.searches, "|")
	fp.mu.Unlock()
	if !strings.Contains(searched, "|Room 0003") {
		t.Errorf("the portal was not asked for the title: ListRooms filters %q", searched)
	}
	d.keys("enter", "enter")
	if d.m.cur != stepPeople || d.m.st.d.roomID != 1003 || d.m.st.d.room == nil || d.m.st.d.room.Title != "Room 0003" {
		t.Fatalf("picked room %d (%v) on step %s", d.m.st.d.roomID, d.m.st.d.room, d.m.cur)
	}
}

func TestPickerDoesNotSearchWhenEveryRoomIsLoaded(t *testing.T) {
	fp := newFakePortal()
	d := pickerOn(t, fp)
	d.keys("/")
	d.typeText("press")
	fp.mu.Lock()
	defer fp.mu.Unlock()
	for _, f := range fp.searches {
		if f != "" {
			t.Errorf("searched the portal for %q though every room is listed", f)
		}
	}
}

func TestPickerShowsSearchingAndDropsALateAnswer(t *testing.T) {
	fp := bigPortal(5008)
	release := make(chan struct{})
	fp.hold = map[string]chan struct{}{"Room 0001": release}
	d := pickerOn(t, fp)
	d.keys("/")
	d.send(tea.PasteMsg{Content: "Room 0001"}) // at once: no shorter filter has found it; its search waits
	d.settle()
	if s := d.screen(); !strings.Contains(s, "searching the portal…") || strings.Contains(s, "Nothing matched") {
		t.Errorf("while the search runs the picker should say so:\n%s", s)
	}
	d.keys("enter") // too early: the filter must stay, not be cleared
	if a := d.m.steps[stepAction].(*actionStep); a.rooms.FilterValue() != "Room 0001" || !a.typing() {
		t.Fatalf("enter during the search left the filter %q (typing %v)", a.rooms.FilterValue(), a.typing())
	}
	d.keys("backspace", "3")
	d.until("the newer answer", func() bool { return strings.Contains(selectedRow(d.screen()), "Room 0003") })
	close(release)
	d.until("the older answer", func() bool {
		fp.mu.Lock()
		defer fp.mu.Unlock()
		return d.running == 0
	})
	d.settle()
	if s := d.screen(); !strings.Contains(selectedRow(s), "Room 0003") || strings.Contains(s, "Room 0001") {
		t.Errorf("the late answer for \"Room 0001\" replaced the one for \"Room 0003\":\n%s", s)
	}
}

func TestPickerTypedRoomID(t *testing.T) {
	fp := bigPortal(5008)
	d := pickerOn(t, fp)
	d.keys("/")
	d.typeText("1002") // Room 0002: not among the loaded rooms
	d.until("the room read by its id", func() bool { return strings.Contains(selectedRow(d.screen()), "Room 0002") })
	d.keys("enter", "enter")
	if d.m.cur != stepPeople || d.m.st.d.roomID != 1002 {
		t.Fatalf("picked room %d on step %s", d.m.st.d.roomID, d.m.cur)
	}

	d = pickerOn(t, fp)
	d.keys("/")
	d.typeText("#99999")
	d.until("the answer", func() bool { return strings.Contains(d.screen(), "No room 99999 on this portal") })
}

func TestAnotherRoomListsTheRoomJustCreated(t *testing.T) {
	fp := newFakePortal()
	fp.events = runEvents(1)
	opts := testOptions(fp)
	opts.Prefill = Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCustom), Invites: invites("a@example.com")}
	d := newDriver(t, opts, 80, 24)
	d.until("the rooms", func() bool { return d.m.st.keyStatus == keyOK && d.m.st.rooms.done })
	fp.result = doneResult(d.m.st.d.plan(nil), docspace.Room{ID: 99, Title: "Launch", RoomType: docspace.RoomCustom})
	d.keys("enter")
	d.until("the summary", func() bool { return d.m.cur == stepSummary })
	d.keys("n", "down", "enter")
	if !regexp.MustCompile(`Launch +Custom · #99`).MatchString(d.screen()) {
		t.Fatalf("the picker lacks the room just created:\n%s", d.screen())
	}
	d.keys("/")
	d.typeText("launch")
	d.keys("enter", "enter")
	if d.m.cur != stepPeople || d.m.st.d.roomID != 99 {
		t.Errorf("picked room %d on step %s", d.m.st.d.roomID, d.m.cur)
	}
}

// accessibleOn runs --accessible against a docspacetest portal with input's lines.
func accessibleOn(t *testing.T, _ *docspacetest.Portal, url string, lines ...string) (docspace.Result, onboard.End, string) {
	t.Helper()
	return accessibleWith(t, url, Prefill{}, lines...)
}

// accessibleRest answers the questions after the room: one person, defaults, go ahead.
var accessibleRest = []string{"someone@example.com", "", "", "n", "", "", "", "y", "n"} // notify, language, message: Enter

func TestAccessibleSearchesThePortalForARoom(t *testing.T) {
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData(), docspacetest.WithNumberedRooms(5008))
	defer srv.Close()
	// 2: an existing room; 101: the choice after the first 100 rooms.
	lines := append([]string{"2", "101", "room 0003", "1"}, accessibleRest...)
	res, code, out := accessibleOn(t, portal, srv.URL, lines...)
	if code != onboard.EndDone || res.Room == nil || res.Room.Title != "Room 0003" {
		t.Fatalf("ended %v, room %+v; output:\n%s", code, res.Room, out)
	}
	for _, want := range []string{"Showing the first 100 of 5012 rooms", "Another room: type its id, or words of its title", `1 room matches "room 0003"`, `Room: existing room "Room 0003"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestAccessibleTypedRoomID(t *testing.T) {
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData(), docspacetest.WithNumberedRooms(5008))
	defer srv.Close()
	var id int
	for _, r := range portal.Rooms() {
		if r.Title == "Room 0002" {
			id = r.ID
		}
	}
	lines := append([]string{"2", "101", "99999", fmt.Sprint("#", id)}, accessibleRest...)
	res, code, out := accessibleOn(t, portal, srv.URL, lines...)
	if code != onboard.EndDone || res.Room == nil || res.Room.ID != id {
		t.Fatalf("ended %v, room %+v, want #%d; output:\n%s", code, res.Room, id, out)
	}
	for _, want := range []string{"No room 99999 on this portal", `Room: existing room "Room 0002"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestPickerEnterAfterAFruitlessSearchClearsTheFilter(t *testing.T) {
	d := pickerOn(t, bigPortal(5008))
	d.keys("/")
	d.typeText("99999")
	d.until("the answer", func() bool { return strings.Contains(d.screen(), "No room 99999 on this portal") })
	d.keys("enter") // as in a list without the portal: nothing matched, so the filter goes
	if a := d.m.steps[stepAction].(*actionStep); a.rooms.FilterState() != list.Unfiltered || !strings.Contains(selectedRow(d.screen()), "Room 5008") {
		t.Errorf("enter after the search found nothing kept the filter %q:\n%s", a.rooms.FilterValue(), d.screen())
	}
}
