package tui

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// demoDriver is the wizard at w×h against a demo portal and the real client.
func demoDriver(t *testing.T, pre Prefill, w, h int) (*driver, *docspacetest.Portal) {
	t.Helper()
	portal := docspacetest.New(docspacetest.WithDemoData())
	srv := httptest.NewServer(portal)
	t.Cleanup(srv.Close)
	portal.SetURL(srv.URL)
	url, _ := docspace.NormalizePortal(srv.URL)
	d := newDriver(t, Options{
		Portal:  srv.URL,
		Prefill: pre,
		Keys:    &fakeKeys{keys: map[string]string{url: docspacetest.DemoKey}},
		Getenv:  func(string) string { return "" },
		Connect: func(p, k string) (Portal, error) { return docspace.New(p, k) },
	}, w, h)
	return d, portal
}

// The people who are members already show what they have and what they will have,
// whole, at 60 columns and wider; the summary counts the changes apart.
func TestReviewShowsAccessChangesWhole(t *testing.T) {
	people := docspacetest.DemoUserEmail + "=viewer\n" + docspacetest.DemoUser2Email + "=editor\n" +
		docspacetest.DemoPendingEmail + "=editor\nnew.person@example.com=editor"
	for _, w := range []int{60, 120} {
		t.Run(itoa(w), func(t *testing.T) {
			d, _ := demoDriver(t, Prefill{RoomID: 101, Invites: invites(people)}, w, 24)
			d.until("the review with the members' changes", func() bool {
				return d.m.cur == stepReview && strings.Contains(d.screen(), "lowers access")
			})
			d.settle()
			screen := d.screen()
			for _, want := range []string{"Editor → Viewer: lowers access", "Viewer → Editor: raises access"} {
				if !strings.Contains(screen, want) {
					t.Errorf("review lacks %q:\n%s", want, screen)
				}
			}
			if strings.Contains(screen, "kim.pending@demo.example <") {
				t.Errorf("the pending guest's e-mail is shown twice:\n%s", screen)
			}
			d.keys("enter")
			d.until("the summary", func() bool { return d.m.cur == stepSummary })
			screen = d.screen()
			if !strings.Contains(screen, "3 access changed") || strings.Contains(screen, "3 added") || strings.Contains(screen, "existing user added") {
				t.Errorf("summary does not count the changes apart:\n%s", screen)
			}
		})
	}
}

// Until a person's look-up answers, the review says it is checking, not that they
// will be a new guest (the summary may then say "existing user added").
func TestReviewSaysCheckingWhileLookUpsRun(t *testing.T) {
	st := newTestState(t, newFakePortal())
	st.d.action, st.d.title, st.d.roomType, st.d.typeSet = actionNew, "Launch", docspace.RoomCollaboration, true
	st.d.list = docspace.ParseInvitees("slow@example.com\nguest@example.com")
	st.users["slow@example.com"] = lookup{state: lookupPending}
	st.users["guest@example.com"] = lookup{state: lookupNotFound}
	s := newReviewStep(st)
	for _, m := range collect(s.enter()) {
		s.Update(m)
	}
	var slow, guest string
	for _, l := range strings.Split(plain(s.View()), "\n") {
		switch {
		case strings.Contains(l, "slow@example.com"):
			slow = l
		case strings.Contains(l, "guest@example.com"):
			guest = l
		}
	}
	if !strings.Contains(slow, "checking…") || strings.Contains(slow, "new guest") {
		t.Errorf("row of a look-up under way: %q, want checking…", slow)
	}
	if !strings.Contains(guest, "new guest") {
		t.Errorf("row of a look-up that found nobody: %q, want new guest", guest)
	}
	s.Update(lookupDoneMsg{email: "slow@example.com", user: docspace.User{ID: "u-1", DisplayName: "Slow Sam"}})
	st.gotLookupAnswer(lookupDoneMsg{email: "slow@example.com", user: docspace.User{ID: "u-1", DisplayName: "Slow Sam"}})
	s.Update(lookupDoneMsg{email: "slow@example.com"})
	if v := plain(s.View()); strings.Contains(v, "checking…") || !strings.Contains(v, "portal user") {
		t.Errorf("after the answer the review still says checking:\n%s", v)
	}
}

// A new room with nobody in it may be created from the wizard, and the review says so.
func TestReviewSaysTheRoomIsCreatedEmpty(t *testing.T) {
	st := newTestState(t, newFakePortal())
	st.d.action, st.d.title, st.d.roomType, st.d.typeSet = actionNew, "Empty", docspace.RoomCollaboration, true
	if ps := st.d.problems(st.users); len(ps) != 0 {
		t.Fatalf("a new room with nobody in it has problems: %v", ps)
	}
	s := newReviewStep(st)
	for _, m := range collect(s.enter()) {
		s.Update(m)
	}
	if v := plain(s.View()); !strings.Contains(v, "Nobody is invited") {
		t.Errorf("review does not say nobody is invited:\n%s", v)
	}
	if got := press(s, "enter"); got != "run" {
		t.Errorf("enter on the review: %q, want run", got)
	}
	// An existing room still needs someone to add.
	st.d.action, st.d.roomID = actionExisting, 11
	if ps := st.d.problems(st.users); len(ps.For(docspace.FieldInvitees)) == 0 {
		t.Errorf("an existing room with nobody to add has no problem")
	}
}

// With notifications off there is no message to type: keys that would be text do not
// toggle the switch unseen, and the step says what to do.
func TestNotifyOffOffersNoMessage(t *testing.T) {
	st := newTestState(t, newFakePortal())
	st.d.notify = false
	st.d.list = docspace.ParseInvitees("ann@example.com") // a short list: no invitation link row either
	s := newNotifyStep(st)
	collect(s.enter())
	for _, b := range s.keys().ShortHelp() {
		if strings.Contains(b.Help().Desc, "message") {
			t.Errorf("help offers %q with notifications off", b.Help().Desc)
		}
	}
	press(s, "tab")
	typeInto(s, "hello all")
	if st.d.notify {
		t.Errorf("typing turned notifications on")
	}
	if v := plain(s.View()); !strings.Contains(v, "there is no message to type") {
		t.Errorf("no sentence about the message with notifications off:\n%s", v)
	}
	if s.typing() {
		t.Errorf("the message field has the focus with notifications off")
	}
}

// At 60 columns the summary's outcome has its own line and the link is whole.
func TestSummaryOutcomeAndLinkSurviveNarrowScreens(t *testing.T) {
	st := newTestState(t, newFakePortal())
	st.width, st.bodyWidth = 60, 58
	link := "http://127.0.0.1:8092/rooms/shared/104/filter?folder=104&count=100"
	res := docspace.Result{
		Room: &docspace.Room{ID: 104, Title: "Launch party planning", Link: link}, RoomCreated: true,
		Outcomes: []docspace.Outcome{
			{Invitee: docspace.Invitee{Email: "a@example.com", Access: docspace.AccessEditing}, Kind: docspace.OutcomeNewGuest},
			{Invitee: docspace.Invitee{Email: "b@example.com", Access: docspace.AccessEditing}, Kind: docspace.OutcomeFailed, Reason: "The role is not available"},
		},
	}
	s := newSummaryStep(st, res)
	v := plain(s.View())
	if !strings.Contains(v, "1 person could not be invited.") {
		t.Errorf("the outcome is cut:\n%s", v)
	}
	var joined string
	for _, l := range strings.Split(v, "\n") {
		if ansiWidth(l) > 60 {
			t.Errorf("line wider than 60: %q", l)
		}
		if t := strings.TrimSpace(l); strings.HasPrefix(link, joined+t) && t != "" {
			joined += t
		}
	}
	if joined != link {
		t.Errorf("the link is not whole: %q\n%s", joined, v)
	}
	var out bytes.Buffer
	printSummary(&out, testPortal, res, false)
	lines := strings.Split(out.String(), "\n")
	if !strings.Contains(out.String(), "\n1 person could not be invited.\n") || !strings.Contains(out.String(), link) || strings.Contains(lines[0], "could not") {
		t.Errorf("printed summary:\n%s", out.String())
	}
}

// --accessible's review says, for each member already in the room, what changes.
func TestAccessibleReviewShowsAccessChanges(t *testing.T) {
	_, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	defer srv.Close()
	url, _ := docspace.NormalizePortal(srv.URL)
	input := strings.Join([]string{
		"",  // access: the default
		"n", // no per-person changes
		"",  // notify: yes
		"",  // no message
		"n", // do not go ahead
	}, "\n") + "\n"
	var out bytes.Buffer
	Run(context.Background(), Options{
		Portal:     srv.URL,
		Prefill:    Prefill{RoomID: 101, Invites: invites(docspacetest.DemoUserEmail + "=viewer\n" + docspacetest.DemoUser2Email + "=editor")},
		Keys:       &fakeKeys{keys: map[string]string{url: docspacetest.DemoKey}},
		Getenv:     envOf(),
		Connect:    func(p, k string) (Portal, error) { return docspace.New(p, k) },
		Accessible: true,
		In:         strings.NewReader(input),
		Out:        &out,
	})
	for _, want := range []string{"Editor → Viewer: lowers access", "Viewer → Editor: raises access"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("accessible review lacks %q:\n%s", want, out.String())
		}
	}
}
