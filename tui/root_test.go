package tui

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

func ptr[T any](v T) *T { return &v }

// doneResult is what a fake run returns for a plan: everyone in.
func doneResult(p docspace.Plan, room docspace.Room) docspace.Result {
	r := docspace.Result{Room: &room, RoomCreated: p.NewRoom != nil}
	for _, inv := range p.Invitees {
		r.Outcomes = append(r.Outcomes, docspace.Outcome{Invitee: inv, Kind: docspace.OutcomeNewGuest, Access: inv.Access})
	}
	return r
}

func runEvents(n int) []docspace.Event {
	room := &docspace.Room{ID: 99, Title: "Launch"}
	return []docspace.Event{
		{Phase: docspace.PhaseCreate, State: docspace.EventStarted},
		{Phase: docspace.PhaseCreate, State: docspace.EventDone, Room: room},
		{Phase: docspace.PhaseInvite, State: docspace.EventStarted, Batch: 1, Batches: 1, Total: n},
		{Phase: docspace.PhaseInvite, State: docspace.EventDone, Batch: 1, Batches: 1, Sent: n, Total: n},
		{Phase: docspace.PhaseConfirm, State: docspace.EventStarted},
		{Phase: docspace.PhaseConfirm, State: docspace.EventDone},
	}
}

func TestOpensOnFirstUnansweredStep(t *testing.T) {
	tests := []struct {
		name string
		pre  Prefill
		opts func(*Options)
		want stepID
	}{
		{"nothing given", Prefill{}, nil, stepAction},
		{"no portal", Prefill{}, func(o *Options) { o.Portal = "" }, stepPortal},
		{"title only", Prefill{Title: ptr("Launch")}, nil, stepType},
		{"title and type", Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCustom)}, nil, stepPeople},
		{"title, type and people", Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCustom), Invites: invites("a@example.com")}, nil, stepReview},
		{"bad title", Prefill{Title: ptr("   "), Type: ptr(docspace.RoomCustom), Invites: invites("a@example.com")}, nil, stepTitle},
		{"invalid person", Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCustom), Invites: invites("a@example.com\nnot-an-address")}, nil, stepPeople},
		{"access the type refuses", Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomPublic), Invites: invites("a@example.com"), Access: ptr(docspace.AccessRead)}, nil, stepAccess},
		{"existing room and people", Prefill{RoomID: 11, Invites: invites("a@example.com")}, nil, stepReview},
		{"remembered type does not count", Prefill{Title: ptr("Launch"), Invites: invites("a@example.com")}, func(o *Options) { o.Last.RoomType = docspace.RoomCustom }, stepType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions(newFakePortal())
			opts.Prefill = tt.pre
			if tt.opts != nil {
				tt.opts(&opts)
			}
			d := newDriver(t, opts, 80, 24)
			if d.m.cur != tt.want {
				t.Errorf("opens on %s, want %s", d.m.cur, tt.want)
			}
		})
	}
}

func TestHappyPathWithFakePortal(t *testing.T) {
	fp := newFakePortal()
	fp.users["robin@example.com"] = docspace.User{ID: "u-robin", DisplayName: "Robin Rooms", IsRoomAdmin: true}
	fp.events = runEvents(2)
	opts := testOptions(fp)
	d := newDriver(t, opts, 80, 24)
	d.until("the key check", func() bool { return d.m.st.keyStatus == keyOK })
	d.keys("enter") // create a new room
	d.typeText("Launch")
	d.keys("enter", "down", "enter", "enter") // title, type Custom, no settings
	if d.m.cur != stepPeople {
		t.Fatalf("on %s, want people", d.m.cur)
	}
	d.typeText("anna@example.com")
	d.keys("enter")
	d.typeText("robin@example.com")
	d.until("Robin recognised", func() bool {
		u, ok := d.m.st.userOf("robin@example.com")
		return ok && u.state == lookupFound
	})
	if !strings.Contains(d.screen(), "Robin Rooms") {
		t.Errorf("people step does not show the portal user:\n%s", d.screen())
	}
	d.keys("tab")                  // people → access
	d.keys("tab", "down", "right") // Robin: Viewer → Room admin (wraps)
	d.keys("enter", "enter")       // access → notify → review
	if d.m.cur != stepReview {
		t.Fatalf("on %s, want review:\n%s", d.m.cur, d.screen())
	}
	plan := d.m.st.d.plan(d.m.st.users)
	fp.result = doneResult(plan, docspace.Room{ID: 99, Title: "Launch", Link: testPortal + "/rooms/shared/99"})
	d.keys("enter")
	d.until("the summary", func() bool { return d.m.cur == stepSummary })
	if len(fp.plans) != 1 {
		t.Fatalf("Execute called %d times, want 1", len(fp.plans))
	}
	sent := fp.plans[0]
	if sent.NewRoom == nil || sent.NewRoom.Title != "Launch" || sent.NewRoom.Type != docspace.RoomCustom {
		t.Errorf("plan's room = %+v", sent.NewRoom)
	}
	if len(sent.Invitees) != 2 || sent.Invitees[1].UserID != "u-robin" || sent.Invitees[1].Access != docspace.AccessRoomManager {
		t.Errorf("plan's invitees = %+v", sent.Invitees)
	}
	if !strings.Contains(d.screen(), testPortal+"/rooms/shared/99") {
		t.Errorf("summary lacks the link:\n%s", d.screen())
	}
	d.keys("q")
	if !d.m.quitting {
		t.Fatal("q did not quit")
	}
	if _, code := d.m.result(); code != onboard.EndDone {
		t.Errorf("ended %v, want done", code)
	}
}

func TestEscGoesBackKeepingAnswers(t *testing.T) {
	d := newDriver(t, testOptions(newFakePortal()), 80, 24)
	d.keys("enter")
	d.typeText("Board")
	d.keys("enter", "esc")
	if d.m.cur != stepTitle {
		t.Fatalf("esc from type went to %s", d.m.cur)
	}
	if !strings.Contains(d.screen(), "Board") {
		t.Errorf("title lost after going back:\n%s", d.screen())
	}
	d.keys("esc", "esc")
	if d.m.cur != stepAction {
		t.Errorf("esc on the first step moved to %s", d.m.cur)
	}
}

func TestQuitBeforeConfirmingIs130(t *testing.T) {
	d := newDriver(t, testOptions(newFakePortal()), 80, 24)
	d.keys("ctrl+c")
	if !d.m.quitting {
		t.Fatal("ctrl+c did not quit")
	}
	if _, code := d.m.result(); code != onboard.EndInterrupted {
		t.Errorf("ended %v, want interrupted", code)
	}
}

func TestStoredKeyRejected(t *testing.T) {
	fp := newFakePortal()
	opts := testOptions(fp)
	keys := &fakeKeys{keys: map[string]string{testPortal: "sk-2e70ced0000000000000000000000000"}}
	opts.Keys = keys
	opts.Prefill.Title = ptr("Launch")
	d := newDriver(t, opts, 80, 24)
	d.until("the portal step", func() bool { return d.m.cur == stepPortal })
	if !strings.Contains(d.screen(), "saved key did not work") {
		t.Errorf("no reason shown:\n%s", d.screen())
	}
	d.typeText(goodKey)
	d.keys("enter")
	d.until("back to the type step", func() bool { return d.m.cur == stepType })
	if keys.keys[testPortal] != goodKey {
		t.Errorf("the new key was not stored")
	}
}

func TestKeyRejectedAndQuitIs4(t *testing.T) {
	opts := testOptions(newFakePortal())
	opts.Keys = &fakeKeys{keys: map[string]string{testPortal: "sk-2e70ced0000000000000000000000000"}}
	d := newDriver(t, opts, 80, 24)
	d.until("the portal step", func() bool { return d.m.cur == stepPortal })
	d.keys("ctrl+c")
	if _, code := d.m.result(); code != onboard.EndKeyRefused {
		t.Errorf("ended %v, want key refused", code)
	}
}

func TestKeyringUnavailableOffersThisRunOnly(t *testing.T) {
	fp := newFakePortal()
	opts := testOptions(fp)
	opts.Portal = ""
	keys := &fakeKeys{setErr: errors.New("the system keyring is unavailable")}
	opts.Keys = keys
	d := newDriver(t, opts, 80, 24)
	d.typeText(testPortal)
	d.keys("tab")
	d.typeText(goodKey)
	d.keys("enter")
	d.until("the offer", func() bool { return strings.Contains(d.screen(), "this run only") })
	d.keys("enter")
	d.until("the action step", func() bool { return d.m.cur == stepAction })
	if d.m.st.keyStatus != keyOK || d.m.st.key != goodKey {
		t.Errorf("key not in use: status %v", d.m.st.keyStatus)
	}
}

func TestReviewSendsProblemsToTheirStep(t *testing.T) {
	opts := testOptions(newFakePortal())
	opts.Prefill = Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCollaboration), Invites: invites("a@example.com")}
	d := newDriver(t, opts, 80, 24)
	if d.m.cur != stepReview {
		t.Fatalf("opens on %s", d.m.cur)
	}
	// Break the title behind the review's back, as going back and editing would.
	d.m.st.d.title = ""
	d.m.steps[stepReview].enter()
	d.keys("enter")
	if d.m.cur != stepTitle {
		t.Fatalf("review sent the user to %s, want title", d.m.cur)
	}
	if !strings.Contains(d.screen(), "title") {
		t.Errorf("no reason shown:\n%s", d.screen())
	}
	d.typeText("Fixed")
	d.keys("enter")
	if d.m.cur != stepReview {
		t.Errorf("after the fix went to %s, want back to review", d.m.cur)
	}
}

// The warning a stop during the create gives, at once, naming the room.
const launchMayExist = `The room "Launch" may still be created by the request in flight; check DocSpace before running again.`

// Ctrl+C during a hanging create stops the run at once and says, there and then, that
// the create may still complete; the run ends after it, with its summary.
func TestCtrlCDuringRunStopsAfterCurrentRequest(t *testing.T) {
	fp := newFakePortal()
	fp.events = runEvents(1)
	fp.release = make(chan struct{})
	fp.result = docspace.Result{}
	opts := testOptions(fp)
	opts.Prefill = Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCollaboration), Invites: invites("a@example.com")}
	d := newDriver(t, opts, 80, 24)
	d.until("the key check", func() bool { return d.m.st.keyStatus == keyOK })
	d.keys("enter")
	d.until("the run", func() bool { return d.m.cur == stepRun && strings.Contains(d.screen(), "Create room") })
	d.keys("ctrl+c")
	screen := strings.Join(strings.Fields(d.screen()), " ")
	for _, want := range []string{"Stopping after the current request; press Ctrl+C again to quit at once.", launchMayExist, "ctrl+c quit now"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the first ctrl+c does not say %q at once:\n%s", want, d.screen())
		}
	}
	if d.m.quitting {
		t.Fatal("the first ctrl+c during the run quit at once")
	}
	close(fp.release)
	d.until("the summary", func() bool { return d.m.cur == stepSummary })
	r, code := d.m.result()
	if !r.Cancelled || code != onboard.EndInterrupted {
		t.Errorf("result cancelled=%v ended %v, want cancelled and interrupted", r.Cancelled, code)
	}
}

// A second Ctrl+C while the run stops quits without waiting for the hanging request,
// with exit 130 and the warning kept for after the program ends.
func TestCtrlCTwiceDuringRunQuitsWithoutWaiting(t *testing.T) {
	fp := newFakePortal()
	fp.events = runEvents(1)
	fp.release = make(chan struct{})
	defer close(fp.release) // the create never answers while the test runs
	opts := testOptions(fp)
	opts.Prefill = Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCollaboration), Invites: invites("a@example.com")}
	d := newDriver(t, opts, 80, 24)
	d.until("the key check", func() bool { return d.m.st.keyStatus == keyOK })
	d.keys("enter")
	d.until("the run", func() bool { return d.m.cur == stepRun && strings.Contains(d.screen(), "Create room") })
	d.keys("ctrl+c", "ctrl+c")
	if !d.m.quitting {
		t.Fatalf("the second ctrl+c did not quit:\n%s", d.screen())
	}
	if _, code := d.m.result(); code != onboard.EndInterrupted {
		t.Errorf("ended %v, want interrupted", code)
	}
	if got := strings.Join(d.m.abandoned, "\n"); !strings.Contains(got, launchMayExist) {
		t.Errorf("what is printed after quitting lacks the warning:\n%s", got)
	}
}

func TestRetryNeverRecreatesTheRoom(t *testing.T) {
	fp := newFakePortal()
	fp.events = runEvents(2)
	opts := testOptions(fp)
	opts.Prefill = Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCollaboration), Invites: invites("a@example.com, b@example.com")}
	d := newDriver(t, opts, 80, 24)
	d.until("the key check", func() bool { return d.m.st.keyStatus == keyOK })
	plan := d.m.st.d.plan(d.m.st.users)
	room := docspace.Room{ID: 99, Title: "Launch", RoomType: docspace.RoomCollaboration}
	first := doneResult(plan, room)
	first.Outcomes[1].Kind, first.Outcomes[1].Reason = docspace.OutcomeFailed, "The role is not available for this user type"
	fp.result = first
	d.keys("enter")
	d.until("the summary", func() bool { return d.m.cur == stepSummary })
	if _, code := d.m.result(); code != onboard.EndPartial {
		t.Errorf("after a partial run: ended %v, want partial", code)
	}
	if !regexp.MustCompile(`✗ b@example\.com +The role is not available for this user type`).MatchString(d.screen()) {
		t.Errorf("summary lacks the reason:\n%s", d.screen())
	}
	second := docspace.Result{Room: &room, Outcomes: []docspace.Outcome{{Invitee: plan.Invitees[1], Kind: docspace.OutcomeNewGuest}}}
	fp.mu.Lock()
	fp.result = second
	fp.mu.Unlock()
	d.keys("r")
	d.until("the second summary", func() bool { return d.m.cur == stepSummary && len(fp.plans) == 2 })
	retry := fp.plans[1]
	if retry.NewRoom != nil || retry.RoomID != 99 || len(retry.Invitees) != 1 || retry.Invitees[0].Email != "b@example.com" {
		t.Errorf("retry plan = %+v", retry)
	}
	r, code := d.m.result()
	if code != onboard.EndDone || len(r.Outcomes) != 2 {
		t.Errorf("after the retry: ended %v, %d outcomes", code, len(r.Outcomes))
	}
}

func TestAnotherRoomStartsFresh(t *testing.T) {
	fp := newFakePortal()
	fp.events = runEvents(1)
	opts := testOptions(fp)
	opts.Prefill = Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCustom), Invites: invites("a@example.com")}
	d := newDriver(t, opts, 80, 24)
	d.until("the key check", func() bool { return d.m.st.keyStatus == keyOK })
	fp.result = doneResult(d.m.st.d.plan(nil), docspace.Room{ID: 5, Title: "Launch"})
	d.keys("enter")
	d.until("the summary", func() bool { return d.m.cur == stepSummary })
	d.keys("n")
	if d.m.cur != stepAction || d.m.st.d.title != "" || len(d.m.st.d.list.Invitees) != 0 {
		t.Errorf("another room: step %s, title %q, %d people", d.m.cur, d.m.st.d.title, len(d.m.st.d.list.Invitees))
	}
	if d.m.st.d.roomType != docspace.RoomCustom {
		t.Errorf("the last type is not remembered: %v", d.m.st.d.roomType)
	}
}

func TestResizeReflows(t *testing.T) {
	opts := testOptions(goldenPortal())
	opts.Prefill = Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites(goldenPeople)}
	d := newDriver(t, opts, 120, 40)
	settled(d)
	for _, size := range [][2]int{{60, 20}, {100, 30}, {80, 24}, {200, 60}, {60, 20}} {
		d.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(d.screen(), "\n")
		if len(lines) != size[1] {
			t.Errorf("at %dx%d the screen has %d lines", size[0], size[1], len(lines))
		}
		for i, l := range lines {
			if ansiWidth(l) > size[0] {
				t.Errorf("at %dx%d line %d is %d wide", size[0], size[1], i+1, ansiWidth(l))
			}
		}
	}
}

func TestHelpKey(t *testing.T) {
	tests := []struct {
		name     string
		pre      Prefill
		key      string
		wantHelp bool
		typed    bool
	}{
		{"? on a list step opens the help", Prefill{}, "?", true, false},
		{"? on the title is typed", Prefill{Title: ptr("Why")}, "?", false, true},
		{"f1 on the title opens the help", Prefill{Title: ptr("Why")}, "f1", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions(newFakePortal())
			opts.Prefill = tt.pre
			d := newDriver(t, opts, 80, 24)
			if tt.pre.Title != nil {
				d.goTo(stepTitle, "")
			}
			d.keys(tt.key)
			if d.m.showHelp != tt.wantHelp {
				t.Errorf("help shown %v, want %v", d.m.showHelp, tt.wantHelp)
			}
			if got := strings.HasSuffix(d.m.st.d.title, "?"); got != tt.typed {
				t.Errorf("title %q: ? typed %v, want %v", d.m.st.d.title, got, tt.typed)
			}
		})
	}
}

func TestPrefilledRoom(t *testing.T) {
	tests := []struct {
		name   string
		roomID int
		want   stepID
		notice string
	}{
		{"found", 12, stepRun, ""},
		{"missing", 999, stepAction, "could not be opened"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fp := newFakePortal()
			fp.result = docspace.Result{}
			opts := testOptions(fp)
			opts.Prefill = Prefill{RoomID: tt.roomID, Invites: invites("a@example.com")}
			d := newDriver(t, opts, 80, 24)
			d.until("the room", func() bool { return d.m.st.d.room != nil || d.m.st.d.roomErr != nil })
			d.settle()
			if d.m.cur != stepReview {
				t.Fatalf("opens on %s", d.m.cur)
			}
			d.keys("enter")
			if d.m.cur != tt.want && !(tt.want == stepRun && d.m.cur == stepSummary) {
				t.Errorf("enter on the review went to %s, want %s", d.m.cur, tt.want)
			}
			if !strings.Contains(d.screen(), tt.notice) {
				t.Errorf("screen lacks %q:\n%s", tt.notice, d.screen())
			}
			if tt.want == stepRun && (len(fp.plans) != 1 || fp.plans[0].RoomID != 12 || fp.plans[0].RoomType != docspace.RoomVirtualData) {
				t.Errorf("plans %+v", fp.plans)
			}
		})
	}
}

func TestDemoNeverTouchesTheKeyring(t *testing.T) {
	fp := newFakePortal()
	fp.events = runEvents(1)
	keys := &fakeKeys{}
	opts := testOptions(fp)
	opts.Keys, opts.Demo, opts.DemoKey = keys, true, goodKey
	opts.Prefill = Prefill{Title: ptr("Demo"), Type: ptr(docspace.RoomCustom), Invites: invites("a@example.com")}
	remembered := false
	opts.Remember = func(string, LastChoices) { remembered = true }
	d := newDriver(t, opts, 80, 24)
	d.until("the key check", func() bool { return d.m.st.keyStatus == keyOK })
	fp.result = doneResult(d.m.st.d.plan(nil), docspace.Room{ID: 1, Title: "Demo"})
	d.keys("enter")
	d.until("the summary", func() bool { return d.m.cur == stepSummary })
	d.m.st.rememberChoices()
	if keys.gets+keys.sets != 0 || remembered {
		t.Errorf("demo touched the keyring (%d gets, %d sets) or the settings (%v)", keys.gets, keys.sets, remembered)
	}
	if !strings.Contains(d.screen(), "(demo)") {
		t.Errorf("the header does not say demo:\n%s", d.screen())
	}
}
