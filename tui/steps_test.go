package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// newTestState is a connected wizard state at 80x24, for driving one step directly.
func newTestState(t *testing.T, fp *fakePortal) *state {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	st := newState(ctx, testOptions(fp))
	st.debounce, st.now = 0, testClock
	st.client, st.keyStatus, st.key = fp, keyOK, goodKey
	st.width, st.height, st.bodyWidth, st.bodyHeight = 80, 24, 78, 19
	return st
}

// collect runs cmd and what it batches, synchronously, and returns the messages.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, collect(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// nav names the navigation a command asks for: "next", "back", "goto <step>", or "".
func nav(cmd tea.Cmd) string {
	for _, m := range collect(cmd) {
		switch m := m.(type) {
		case nextMsg:
			return "next"
		case backMsg:
			return "back"
		case gotoMsg:
			return "goto " + m.to.String()
		case keyReadyMsg:
			return "key ready"
		case startRunMsg:
			return "run"
		case retryMsg:
			return "retry"
		case anotherMsg:
			return "another"
		case quitMsg:
			return "quit"
		}
	}
	return ""
}

// press sends keys to a step, returning the navigation the last one asked for.
func press(s step, keys ...string) string {
	var last string
	for _, k := range keys {
		last = nav(s.Update(keyMsg(k)))
	}
	return last
}

// typeInto sends text to a step one rune at a time.
func typeInto(s step, text string) {
	for _, r := range text {
		s.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func TestTitleStep(t *testing.T) {
	tests := []struct {
		name      string
		typed     string
		key       string
		wantNav   string
		wantTitle string
		wantView  string
	}{
		{"valid, trimmed", "  Launch  ", "enter", "next", "Launch", ""},
		{"empty", "", "enter", "", "", "Give the room a title"},
		{"only spaces", "   ", "enter", "", "   ", "Give the room a title"},
		{"too long", strings.Repeat("x", 171), "enter", "", strings.Repeat("x", 171), "at most 170"},
		{"exactly 170", strings.Repeat("y", 170), "enter", "next", strings.Repeat("y", 170), ""},
		{"esc keeps the text", "Draft", "esc", "back", "Draft", ""},
		{"existing title warns, not blocks", "marketing q3", "", "", "marketing q3", `A room named "Marketing Q3" already exists`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestState(t, newFakePortal())
			st.rooms = roomCache{items: newFakePortal().rooms, done: true}
			s := newTitleStep(st)
			collect(s.enter())
			typeInto(s, tt.typed)
			got := ""
			if tt.key != "" {
				got = press(s, tt.key)
			}
			if got != tt.wantNav {
				t.Errorf("navigation %q, want %q", got, tt.wantNav)
			}
			if st.d.title != tt.wantTitle {
				t.Errorf("title %q, want %q", st.d.title, tt.wantTitle)
			}
			if v := plain(s.View()); tt.wantView != "" && !strings.Contains(v, tt.wantView) {
				t.Errorf("view lacks %q:\n%s", tt.wantView, v)
			}
		})
	}
}

// The title step counts characters as the admin sees them (an emoji is one) while
// holding titles to the limit DocSpace counts in UTF-16 units, and says so before
// enter: the number under the field and the line below it agree with the review.
func TestTitleStepCountsWhatTheAdminSees(t *testing.T) {
	tests := []struct {
		name      string
		typed     string
		want      []string
		reject    []string
		overLimit bool
	}{
		{"plain", strings.Repeat("x", 42), []string{"42/170"}, []string{"✗"}, false},
		{"plain over", strings.Repeat("x", 171), []string{"171/170", "171 characters long", "at most 170"}, nil, true},
		{"emoji that fit", strings.Repeat("😀", 85), []string{"85 characters"}, []string{"✗", "170/170"}, false},
		{"one emoji over", strings.Repeat("😀", 86), []string{"86 characters", "✗", "last character"}, []string{"172"}, true},
		{"60 emoji with skin tones", strings.Repeat("👍🏽", 60), []string{"60 characters", "✗", "last 18 characters"}, []string{"120/170", "240", "120 characters"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestState(t, newFakePortal())
			st.rooms = roomCache{done: true}
			s := newTitleStep(st)
			collect(s.enter())
			s.Update(tea.PasteMsg{Content: tt.typed})
			v := plain(s.View())
			for _, w := range tt.want {
				if !strings.Contains(v, w) {
					t.Errorf("view lacks %q:\n%s", w, v)
				}
			}
			for _, r := range tt.reject {
				if strings.Contains(v, r) {
					t.Errorf("view shows %q:\n%s", r, v)
				}
			}
			nav := press(s, "enter")
			if (nav == "") != tt.overLimit {
				t.Errorf("enter: navigation %q, over the limit: %v", nav, tt.overLimit)
			}
			if tt.overLimit && !strings.Contains(plain(s.View()), tt.want[1]) {
				t.Errorf("after enter the view no longer says %q:\n%s", tt.want[1], plain(s.View()))
			}
		})
	}
}

func TestTitleStepAsksThePortalWhileRoomsLoad(t *testing.T) {
	st := newTestState(t, newFakePortal())
	s := newTitleStep(st)
	collect(s.enter())
	var msgs []tea.Msg
	for _, r := range "Press Kit" {
		msgs = append(msgs, collect(s.Update(tea.KeyPressMsg{Code: r, Text: string(r)}))...)
	}
	// The debounced ticks come back; only the latest asks the portal.
	var asked []tea.Msg
	for _, m := range msgs {
		asked = append(asked, collect(s.Update(m))...)
	}
	if len(asked) != 1 {
		t.Fatalf("%d look-ups for one title, want 1", len(asked))
	}
	s.Update(asked[0])
	if v := plain(s.View()); !strings.Contains(v, "already exists") {
		t.Errorf("no warning:\n%s", v)
	}
}

func TestTypeStep(t *testing.T) {
	tests := []struct {
		keys []string
		want docspace.RoomType
		nav  string
	}{
		{[]string{"enter"}, docspace.RoomCollaboration, "next"},
		{[]string{"down", "enter"}, docspace.RoomCustom, "next"},
		{[]string{"up", "enter"}, docspace.RoomVirtualData, "next"},
		{[]string{"3", "enter"}, docspace.RoomPublic, "next"},
		{[]string{"j", "j", "j", "enter"}, docspace.RoomFillingForms, "next"},
		{[]string{"down", "esc"}, 0, "back"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, ","), func(t *testing.T) {
			st := newTestState(t, newFakePortal())
			s := newTypeStep(st)
			s.enter()
			if got := press(s, tt.keys...); got != tt.nav {
				t.Errorf("navigation %q, want %q", got, tt.nav)
			}
			if st.d.roomType != tt.want {
				t.Errorf("type %v, want %v", st.d.roomType, tt.want)
			}
		})
	}
}

func TestActionStep(t *testing.T) {
	tests := []struct {
		name     string
		canMake  bool
		keys     []string
		nav      string
		action   action
		roomID   int
		wantView string
	}{
		{"new room", true, []string{"enter"}, "next", actionNew, 0, ""},
		{"existing: first room", true, []string{"down", "enter", "enter"}, "next", actionExisting, 11, ""},
		{"existing: third room", true, []string{"2", "enter", "down", "down", "enter"}, "next", actionExisting, 13, ""},
		{"esc from the list returns to the choice", true, []string{"down", "enter", "esc"}, "", actionUnset, 0, "Add people to existing rooms"},
		{"not allowed to create", false, []string{"enter"}, "", actionUnset, 0, "cannot create rooms"},
		{"esc", true, []string{"esc"}, "back", actionUnset, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fp := newFakePortal()
			st := newTestState(t, fp)
			if !tt.canMake {
				st.self = &docspace.User{ID: "u1"}
			}
			st.rooms = roomCache{items: fp.rooms, total: len(fp.rooms), done: true}
			s := newActionStep(st)
			collect(s.enter())
			if got := press(s, tt.keys...); got != tt.nav {
				t.Errorf("navigation %q, want %q", got, tt.nav)
			}
			if st.d.action != tt.action || st.d.roomID != tt.roomID {
				t.Errorf("action %v room %d, want %v %d", st.d.action, st.d.roomID, tt.action, tt.roomID)
			}
			if v := plain(s.View()); tt.wantView != "" && !strings.Contains(v, tt.wantView) {
				t.Errorf("view lacks %q:\n%s", tt.wantView, v)
			}
		})
	}
}

func TestActionStepFiltersRooms(t *testing.T) {
	fp := newFakePortal()
	st := newTestState(t, fp)
	st.rooms = roomCache{items: fp.rooms, total: len(fp.rooms), done: true}
	s := newActionStep(st)
	collect(s.enter())
	press(s, "down", "enter", "/")
	if !s.typing() {
		t.Fatal("filtering does not count as typing: ? would open the help")
	}
	for _, r := range "press" {
		for _, m := range collect(s.Update(tea.KeyPressMsg{Code: r, Text: string(r)})) {
			s.Update(m)
		}
	}
	press(s, "enter") // apply the filter
	if got := press(s, "enter"); got != "next" || st.d.roomID != 13 {
		t.Errorf("picked room %d (%q), want 13", st.d.roomID, got)
	}
}

func TestPeopleStep(t *testing.T) {
	tests := []struct {
		name               string
		text               string
		key                string
		nav                string
		valid, bad, dups   int
		wantView, wantProb string
	}{
		{"one per line", "a@example.com\nb@example.com", "tab", "next", 2, 0, 0, "2 people", ""},
		{"commas and names", "a@example.com, Bob <b@example.com>; c@example.com", "tab", "next", 3, 0, 0, "3 people", ""},
		{"duplicates merged", "a@example.com\nA@Example.com", "tab", "next", 1, 0, 1, "duplicate of line 1, merged", ""},
		{"invalid blocks", "a@example.com\nnot-an-address", "tab", "", 1, 1, 0, "1 invalid", "not valid yet"},
		{"empty blocks", "", "tab", "", 0, 0, 0, "0 people", "Add at least one"},
		{"enter on the empty last line moves on", "a@example.com\n", "enter", "next", 1, 0, 0, "1 person", ""},
		{"enter mid-text is a new line", "a@example.com", "enter", "", 1, 0, 0, "line 2 of 2", ""},
		{"esc", "a@example.com", "esc", "back", 1, 0, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestState(t, newFakePortal())
			s := newPeopleStep(st)
			collect(s.enter())
			s.Update(tea.PasteMsg{Content: tt.text})
			if got := press(s, tt.key); got != tt.nav {
				t.Errorf("navigation %q, want %q", got, tt.nav)
			}
			l := st.d.list
			if len(l.Invitees) != tt.valid || l.Invalid != tt.bad || l.Duplicates != tt.dups {
				t.Errorf("%d valid, %d invalid, %d duplicates; want %d, %d, %d", len(l.Invitees), l.Invalid, l.Duplicates, tt.valid, tt.bad, tt.dups)
			}
			v := plain(s.View())
			for _, want := range []string{tt.wantView, tt.wantProb} {
				if want != "" && !strings.Contains(v, want) {
					t.Errorf("view lacks %q:\n%s", want, v)
				}
			}
		})
	}
}

func TestPeopleStepFixInPlace(t *testing.T) {
	st := newTestState(t, newFakePortal())
	s := newPeopleStep(st, typed("a@example.com\ncarol@exa\nb@example.com")...)
	collect(s.enter())
	if s.ed.row != 1 {
		t.Fatalf("cursor on line %d, want the invalid line 2", s.ed.row+1)
	}
	typeInto(s, "mple.com")
	if st.d.list.Invalid != 0 || len(st.d.list.Invitees) != 3 {
		t.Fatalf("after the fix: %d invalid, %d people", st.d.list.Invalid, len(st.d.list.Invitees))
	}
	if got := press(s, "tab"); got != "next" {
		t.Errorf("navigation %q, want next", got)
	}
}

func TestPeopleStepLooksUpUsersInTheBackground(t *testing.T) {
	fp := newFakePortal()
	fp.users["robin@example.com"] = docspace.User{ID: "u-r", DisplayName: "Robin Rooms", IsRoomAdmin: true}
	st := newTestState(t, fp)
	s := newPeopleStep(st)
	var text []string
	for i := range 10 {
		text = append(text, fmt.Sprintf("p%d@example.com", i))
	}
	text = append(text, "robin@example.com")
	tick := collect(s.Update(tea.PasteMsg{Content: strings.Join(text, "\n")}))
	if len(fp.lookups) != 0 {
		t.Fatal("a keystroke started look-ups; they must wait for the pause")
	}
	// The pause: the debounced tick schedules at most lookupConcurrency look-ups.
	if len(tick) != 1 {
		t.Fatalf("got %d messages, want the debounce tick", len(tick))
	}
	cmd := st.scheduleLookups()
	if st.inflight != lookupConcurrency {
		t.Errorf("%d look-ups in flight, want %d", st.inflight, lookupConcurrency)
	}
	pending := collect(cmd)
	for len(pending) > 0 {
		m := pending[0].(lookupDoneMsg)
		pending = append(pending[1:], collect(st.gotLookup(m))...)
		if st.inflight > lookupConcurrency {
			t.Fatalf("%d in flight", st.inflight)
		}
	}
	if len(fp.lookups) != 11 {
		t.Errorf("%d look-ups, want 11 (one per address)", len(fp.lookups))
	}
	if v := plain(s.View()); !strings.Contains(v, "Robin Rooms") || !strings.Contains(v, "1 portal user") {
		t.Errorf("view does not recognise Robin:\n%s", v)
	}
	// Answers are cached: typing again asks nothing new.
	collect(st.scheduleLookups())
	if len(fp.lookups) != 11 {
		t.Errorf("cached answers were asked again: %d look-ups", len(fp.lookups))
	}
}

func TestPeopleStepTakesLargePastes(t *testing.T) {
	st := newTestState(t, newFakePortal())
	s := newPeopleStep(st)
	var b strings.Builder
	for i := range 12000 {
		fmt.Fprintf(&b, "person%d@example.com\n", i)
	}
	s.Update(tea.PasteMsg{Content: b.String()})
	if n := len(st.d.list.Invitees); n != 12000 {
		t.Errorf("%d people, want 12000", n)
	}
	v := plain(s.View())
	if got := strings.Count(v, "@example.com"); got > st.bodyHeight {
		t.Errorf("view draws %d addresses: only the visible window must be drawn", got)
	}
}

func TestAccessStep(t *testing.T) {
	users := map[string]docspace.User{
		"robin@example.com": {ID: "u-r", DisplayName: "Robin", IsRoomAdmin: true},
		"dana@example.com":  {ID: "u-d", DisplayName: "Dana"},
	}
	tests := []struct {
		name     string
		rt       docspace.RoomType
		keys     []string
		nav      string
		check    func(*testing.T, *draft)
		wantView string
	}{
		{"default is the type's", docspace.RoomCollaboration, []string{"enter"}, "next", func(t *testing.T, d *draft) {
			if d.defaultFor() != docspace.AccessEditing {
				t.Errorf("default %v", d.defaultFor())
			}
		}, "Opens and edits files"},
		{"change the default", docspace.RoomCollaboration, []string{"down", "enter"}, "next", func(t *testing.T, d *draft) {
			if d.defaultFor() != docspace.AccessRead {
				t.Errorf("default %v", d.defaultFor())
			}
		}, ""},
		{"only allowed levels", docspace.RoomPublic, nil, "", nil, "Content creator"},
		{"per person", docspace.RoomCustom, []string{"tab", "right"}, "", func(t *testing.T, d *draft) {
			if a, src := d.accessFor(d.list.Invitees[0]); a == docspace.AccessRead || src != fromTable {
				t.Errorf("first person %v from %v", a, src)
			}
		}, "changed"},
		{"reset to default", docspace.RoomCustom, []string{"tab", "right", "backspace"}, "", func(t *testing.T, d *draft) {
			if _, src := d.accessFor(d.list.Invitees[0]); src != fromDefault {
				t.Errorf("source %v", src)
			}
		}, ""},
		{"room admin for a room admin", docspace.RoomCollaboration, []string{"tab", "down", "down", "left", "left", "enter"}, "next", func(t *testing.T, d *draft) {
			if a, _ := d.accessFor(d.list.Invitees[2]); a != docspace.AccessRoomManager {
				t.Errorf("Robin has %v", a)
			}
		}, ""},
		{"no room admin for others", docspace.RoomCollaboration, []string{"tab", "down", "left", "left", "left", "left"}, "", func(t *testing.T, d *draft) {
			if a, _ := d.accessFor(d.list.Invitees[1]); a == docspace.AccessRoomManager {
				t.Error("Dana, a plain user, was offered Room admin")
			}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fp := newFakePortal()
			st := newTestState(t, fp)
			for e, u := range users {
				st.users[e] = lookup{state: lookupFound, user: u}
			}
			st.users["guest@example.com"] = lookup{state: lookupNotFound}
			st.d.action, st.d.roomType = actionNew, tt.rt
			st.d.list = docspace.ParseInvitees("guest@example.com\ndana@example.com\nrobin@example.com")
			s := newAccessStep(st)
			s.enter()
			if got := press(s, tt.keys...); got != tt.nav {
				t.Errorf("navigation %q, want %q", got, tt.nav)
			}
			if tt.check != nil {
				tt.check(t, st.d)
			}
			v := plain(s.View())
			if tt.wantView != "" && !strings.Contains(v, tt.wantView) {
				t.Errorf("view lacks %q:\n%s", tt.wantView, v)
			}
			if tt.rt == docspace.RoomPublic && strings.Contains(v, "Viewer") {
				t.Errorf("Public rooms offer Viewer:\n%s", v)
			}
		})
	}
}

func TestAccessStepRefusedLevelIsFixedInPlace(t *testing.T) {
	st := newTestState(t, newFakePortal())
	st.d.action, st.d.roomType = actionNew, docspace.RoomPublic
	st.d.defaultAccess, st.d.accessSet = docspace.AccessRead, true
	st.d.list = docspace.ParseInvitees("a@example.com")
	if len(st.d.problems(st.users).For(docspace.FieldAccess)) == 0 {
		t.Fatal("Viewer in a Public room is not a problem")
	}
	s := newAccessStep(st)
	s.enter()
	if got := press(s, "enter"); got != "next" {
		t.Errorf("enter on the highlighted level: %q", got)
	}
	if st.d.defaultFor() != docspace.AccessContentCreator {
		t.Errorf("default %v, want Content creator", st.d.defaultFor())
	}
}

func TestNotifyStep(t *testing.T) {
	tests := []struct {
		keys    []string
		text    string
		notify  bool
		message string
	}{
		{[]string{"enter"}, "", true, ""},
		{[]string{"space", "enter"}, "", false, ""},
		{[]string{"n", "y", "enter"}, "", true, ""},
		{[]string{"tab"}, "Welcome!", true, "Welcome!"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, ","), func(t *testing.T) {
			st := newTestState(t, newFakePortal())
			st.d.list = docspace.ParseInvitees("ann@example.com") // a short list: tab goes to the message
			s := newNotifyStep(st)
			collect(s.enter())
			got := press(s, tt.keys...)
			if tt.text != "" {
				if !s.typing() {
					t.Fatal("the message field has the focus but ? would open the help")
				}
				typeInto(s, tt.text)
				got = press(s, "enter")
			}
			if got != "next" {
				t.Errorf("navigation %q, want next", got)
			}
			if st.d.notify != tt.notify || st.d.message != tt.message {
				t.Errorf("notify %v message %q, want %v %q", st.d.notify, st.d.message, tt.notify, tt.message)
			}
		})
	}
}

func TestReviewStep(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*state)
		nav   string
	}{
		{"confirm", func(*state) {}, "run"},
		{"no title", func(st *state) { st.d.title = "" }, "goto Title"},
		{"invalid people", func(st *state) { st.d.list = docspace.ParseInvitees("a@example.com\nnope") }, "goto People"},
		{"refused level", func(st *state) { st.d.defaultAccess, st.d.accessSet = docspace.AccessFillForms, true }, "goto Access"},
		{"guests disabled", func(st *state) {
			st.client.(*fakePortal).pre = &docspace.Preflight{Users: map[string]docspace.User{}}
		}, "goto People"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fp := newFakePortal()
			st := newTestState(t, fp)
			st.d.action, st.d.title, st.d.roomType, st.d.typeSet = actionNew, "Launch", docspace.RoomCollaboration, true
			st.d.list = docspace.ParseInvitees("a@example.com")
			tt.setup(st)
			s := newReviewStep(st)
			for _, m := range collect(s.enter()) {
				s.Update(m)
			}
			if got := press(s, "enter"); got != tt.nav {
				t.Errorf("navigation %q, want %q\n%s", got, tt.nav, plain(s.View()))
			}
		})
	}
}

func TestRunStepShowsEachCall(t *testing.T) {
	st := newTestState(t, newFakePortal())
	plan := docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Launch", Type: docspace.RoomCustom}, Invitees: make([]docspace.Invitee, 150)}
	r := newRunStep(st, plan, nil)
	r.started, r.begin, r.now = true, testClock(), testClock()
	for _, ev := range []docspace.Event{
		{Phase: docspace.PhaseCreate, State: docspace.EventStarted},
		{Phase: docspace.PhaseCreate, State: docspace.EventDone},
		{Phase: docspace.PhaseInvite, State: docspace.EventStarted, Batch: 1, Batches: 2, Total: 150},
		{Phase: docspace.PhaseInvite, State: docspace.EventDone, Batch: 1, Batches: 2, Sent: 100, Total: 150},
		{Phase: docspace.PhaseInvite, State: docspace.EventStarted, Batch: 2, Batches: 2, Sent: 100, Total: 150},
		{Phase: docspace.PhaseInvite, State: docspace.EventRetrying, Batch: 2, Batches: 2, Sent: 100, Total: 150, RetryIn: 2e9,
			Err: &docspace.APIError{Kind: docspace.KindServer, Status: 503}},
	} {
		r.apply(ev)
	}
	v := plain(r.View())
	// The retry says what happened, on its own line so a narrow window keeps the wait.
	for _, want := range []string{`✓ Create room "Launch"`, "✓ Invite batch 1 of 2", "↻ Invite batch 2 of 2\n", "  the portal is unavailable (HTTP 503); retrying in 2s\n", "100 of 150 invitations", "Elapsed 0:00"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if len(r.lines) != 3 {
		t.Errorf("%d lines, want 3 (one per call)", len(r.lines))
	}
}

// Ctrl+C during a run stops it at once and says so, naming the room whose create is
// under way; Ctrl+C again asks to quit without waiting.
func TestRunStepCtrlC(t *testing.T) {
	const warning = `The room "Sales" may still be created by the request in flight; check DocSpace before running again.`
	tests := []struct {
		keys       []string
		stopping   bool
		quitNow    bool
		wantInView []string
	}{
		{[]string{"y"}, false, false, nil},
		{[]string{"ctrl+c"}, true, false, []string{"Stopping after the current request; press Ctrl+C again to quit at once.", warning}},
		{[]string{"ctrl+c", "n"}, true, false, []string{warning}},
		{[]string{"ctrl+c", "ctrl+c"}, true, true, []string{warning}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, ","), func(t *testing.T) {
			st := newTestState(t, newFakePortal())
			r := newRunStep(st, docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Sales", Type: docspace.RoomCustom}}, nil)
			r.apply(docspace.Event{Phase: docspace.PhaseCreate, State: docspace.EventStarted})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r.cancel = cancel
			quitNow := false
			for _, k := range tt.keys {
				for _, msg := range collect(r.Update(keyMsg(k))) {
					_, is := msg.(quitNowMsg)
					quitNow = quitNow || is
				}
			}
			// Stopping cancels the run at once: Execute itself lets the request under
			// way finish and starts nothing new.
			if r.stopping != tt.stopping || (ctx.Err() != nil) != tt.stopping || quitNow != tt.quitNow {
				t.Errorf("stopping %v cancelled %v quit now %v", r.stopping, ctx.Err() != nil, quitNow)
			}
			v := strings.Join(strings.Fields(plain(r.View())), " ")
			for _, want := range tt.wantInView {
				if !strings.Contains(v, want) {
					t.Errorf("view lacks %q:\n%s", want, plain(r.View()))
				}
			}
			if !tt.stopping && strings.Contains(v, "may still be created") {
				t.Errorf("warns before any stop:\n%s", plain(r.View()))
			}
		})
	}
}

func TestSummaryStep(t *testing.T) {
	room := &docspace.Room{ID: 7, Title: "Launch", Link: "https://portal.example.com/rooms/shared/7"}
	ok := docspace.Result{Room: room, RoomCreated: true, Outcomes: []docspace.Outcome{{Invitee: docspace.Invitee{Email: "a@example.com"}, Kind: docspace.OutcomeNewGuest}}}
	partial := docspace.Result{Room: room, Outcomes: []docspace.Outcome{{Invitee: docspace.Invitee{Email: "a@example.com"}, Kind: docspace.OutcomeFailed, Reason: "Access denied"}}}
	tests := []struct {
		name   string
		result docspace.Result
		key    string
		nav    string
	}{
		{"quit", ok, "q", "quit"},
		{"another", ok, "n", "another"},
		{"nothing to retry", ok, "r", ""},
		{"retry", partial, "r", "retry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSummaryStep(newTestState(t, newFakePortal()), tt.result)
			if got := press(s, tt.key); got != tt.nav {
				t.Errorf("navigation %q, want %q", got, tt.nav)
			}
			if v := plain(s.View()); !strings.Contains(v, room.Link) {
				t.Errorf("no link:\n%s", v)
			}
		})
	}
}

func TestPortalStep(t *testing.T) {
	tests := []struct {
		name     string
		portal   string
		key      string
		setErr   error
		want     string // after submitting and the answers
		wantView string
		local    bool // refused without asking the portal
	}{
		{"no portal", "", goodKey, nil, "", "Type the portal's address", false},
		{"no key", testPortal, "", nil, "", "Paste an API key", false},
		{"bad key", testPortal, "sk-0000000000000000000000000000bad0", nil, "", "rejected the API key", false},
		{"good key, stored", testPortal, goodKey, nil, "key ready", "", false},
		{"keyring down", testPortal, goodKey, errors.New("the system keyring is unavailable"), "", "this run only", false},
		// Malformed keys are refused here, before anything is sent.
		{"not hex", testPortal, "sk-wxyz" + strings.Repeat("0", 28), nil, "", "That is not a DocSpace API key: keys are sk- followed by 64 hex digits", true},
		{"too short", testPortal, "sk-0123abcd", nil, "", "The API key is too short", true},
		{"too long", testPortal, "sk-" + strings.Repeat("ab", 100), nil, "", "That is too long to be an API key", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fp := newFakePortal()
			st := newTestState(t, fp)
			st.portal, st.client, st.keyStatus, st.key = "", nil, keyMissing, ""
			keys := &fakeKeys{setErr: tt.setErr}
			st.opts.Keys = keys
			s := newPortalStep(st)
			collect(s.enter())
			typeInto(s, tt.portal)
			press(s, "tab")
			typeInto(s, tt.key)
			got, checked := "", false
			pending := collect(s.Update(keyMsg("enter")))
			for len(pending) > 0 {
				m := pending[0]
				pending = pending[1:]
				if c, ok := m.(keyCheckedMsg); ok {
					checked = true
					// What the root does before handing the answer on.
					if p := keyProblem(c.info, c.err); p != "" {
						st.keyStatus = keyBad
					} else {
						st.keyStatus, st.client = keyOK, c.client
					}
				}
				if _, ok := m.(keyReadyMsg); ok {
					got = "key ready"
					continue
				}
				if _, ok := m.(spinner.TickMsg); ok {
					continue // animation only; the next tick would sleep
				}
				pending = append(pending, collect(s.Update(m))...)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if v := plain(s.View()); tt.wantView != "" && !strings.Contains(v, tt.wantView) {
				t.Errorf("view lacks %q:\n%s", tt.wantView, v)
			}
			if strings.Contains(plain(s.View()), tt.key) && tt.key != "" {
				t.Error("the key is shown in clear")
			}
			if checked && tt.local {
				t.Error("a malformed key was sent to the portal to check")
			}
			if tt.want == "key ready" && keys.keys[testPortal] != goodKey {
				t.Error("the key was not stored")
			}
		})
	}
}

func TestRoomsLoadPageByPage(t *testing.T) {
	fp := newFakePortal()
	fp.rooms = nil
	for i := range 250 {
		fp.rooms = append(fp.rooms, docspace.Room{ID: i + 1, Title: fmt.Sprintf("Room %03d", i), RoomType: docspace.RoomCustom})
	}
	st := newTestState(t, fp)
	pages := 0
	for cmd := st.loadRooms(0); cmd != nil; pages++ {
		cmd = st.gotRooms(cmd().(roomsPageMsg))
	}
	if pages != 3 || len(st.rooms.items) != 250 || !st.rooms.done {
		t.Errorf("%d pages, %d rooms, done %v; want 3, 250, true", pages, len(st.rooms.items), st.rooms.done)
	}
}
