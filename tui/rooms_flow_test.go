package tui

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// markRooms picks the demo portal's three rooms with space, Marketing Q3 first.
func markRooms(f *flow) {
	f.t.Helper()
	f.on(stepAction, "Create a new room")
	f.press("down", "enter")
	f.on(stepAction, "Marketing Q3")
	// The list is newest first: Press Kit, Contracts 2025, Marketing Q3.
	f.press("down", "down", "space")
	f.on(stepAction, "1 marked")
	f.press("up", "space", "up", "space")
	f.on(stepAction, "3 marked")
	f.press("enter")
}

func TestFlowSeveralRoomsShowsTheOverrideAndTheTable(t *testing.T) {
	f := newFlow(t, Prefill{}, nil)
	markRooms(f)
	f.on(stepPeople, "People to invite")
	f.paste("Nora New <nora.new@example.com>")
	f.press("tab")
	f.on(stepAccess, "Default for the 3 rooms")
	f.press("enter", "enter")
	f.on(stepReview, "3 existing rooms")
	f.on(stepReview, "Press Kit offers no Editor: Nora New <nora.new@example.com> gets")
	f.on(stepReview, "Content creator there")
	f.press("enter")
	f.on(stepSummary, "Everyone is in all 3 rooms.")
	screen := f.screenNow()
	for _, want := range []string{"Marketing Q3", "Contracts 2025", "Press Kit", "✓ Editor", "✓ Content creator", "3 of 3 rooms complete"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the summary lacks %q:\n%s", want, screen)
		}
	}
	_, code := f.finish()
	if code != onboard.EndDone {
		t.Fatalf("ended %v", code)
	}
	want := map[string]docspace.Access{"Marketing Q3": docspace.AccessEditing, "Contracts 2025": docspace.AccessEditing, "Press Kit": docspace.AccessContentCreator}
	for _, r := range f.portal.Rooms() {
		acc, ok := want[r.Title]
		if !ok {
			continue
		}
		got := docspace.AccessNone
		for _, m := range f.portal.Members(r.ID) {
			if m.User.Email == "nora.new@example.com" {
				got = m.Access
			}
		}
		if got != acc {
			t.Errorf("%s: the hire has %v, want %v", r.Title, got, acc)
		}
	}
}

func TestFlowSeveralRoomsRetryResendsOnlyTheFailedRoom(t *testing.T) {
	var bad int
	f := newFlow(t, Prefill{}, func(p *docspacetest.Portal, _ *Options) {
		for _, r := range p.Rooms() {
			if r.Title == "Contracts 2025" {
				bad = r.ID
			}
		}
		p.InjectFault(docspacetest.Fault{Method: "PUT", PathPrefix: fmt.Sprintf("/api/2.0/files/rooms/%d/share", bad), Status: 403, Times: 1,
			Body: `{"error":{"message":"Access denied"},"status":1,"statusCode":403}`})
	})
	markRooms(f)
	f.on(stepPeople, "People to invite")
	f.paste("nora.new@example.com")
	f.press("tab")
	f.on(stepAccess, "Default for the 3 rooms")
	f.press("enter", "enter")
	f.on(stepReview, "3 existing rooms")
	f.press("enter")
	f.on(stepSummary, "Not everyone got in everywhere")
	f.on(stepSummary, "✗ failed")
	before := f.portal.Count("PUT", "/api/2.0/files/rooms/")
	f.press("r")
	f.on(stepSummary, "Everyone is in all 3 rooms.")
	if n := f.portal.Count("PUT", "/api/2.0/files/rooms/") - before; n != 1 {
		t.Errorf("the retry sent %d share calls; want 1, to the failed room", n)
	}
	if n := f.portal.Count("PUT", fmt.Sprintf("/api/2.0/files/rooms/%d/share", bad)); n != 2 {
		t.Errorf("the failed room got %d share calls; want 2", n)
	}
	if _, code := f.finish(); code != onboard.EndDone {
		t.Errorf("ended %v after the retry", code)
	}
}

func TestAccessibleSeveralRoomsByNumbers(t *testing.T) {
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	defer srv.Close()
	// 2: existing rooms; the list is newest first: 1 Press Kit, 2 Contracts 2025, 3 Marketing Q3.
	lines := append([]string{"2", "3,2,1"}, accessibleRest...)
	_, code, out := accessibleOn(t, portal, srv.URL, lines...)
	if code != onboard.EndDone {
		t.Fatalf("ended %v; output:\n%s", code, out)
	}
	for _, want := range []string{"Rooms: 3 existing rooms", "Press Kit is a Public room, which does not offer Editor: someone@example.com gets Content creator there.",
		"[Contracts 2025]", "3 of 3 rooms complete"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, r := range portal.Rooms() {
		if r.ThirdParty() {
			continue
		}
		in := false
		for _, m := range portal.Members(r.ID) {
			in = in || m.User.Email == "someone@example.com"
		}
		if !in {
			t.Errorf("someone@example.com is not in %s", r.Title)
		}
	}
	if _, code, out := accessibleOn(t, portal, srv.URL, append([]string{"2", "1,9"}, accessibleRest...)...); !strings.Contains(out, `"9" is not one of the numbers 1 to 5`) {
		t.Errorf("a number off the list: ended %v\n%s", code, out)
	}
}

// roomsRecordWithAFailure is a run over three rooms, with twelve people, where one
// person could not get into the public room.
func roomsRecordWithAFailure() roomsRecord {
	rooms := []docspace.Room{
		{ID: 101, Title: "Marketing Q3", RoomType: docspace.RoomCollaboration},
		{ID: 102, Title: "Contracts 2025", RoomType: docspace.RoomVirtualData},
		{ID: 103, Title: "Press Kit", RoomType: docspace.RoomPublic},
	}
	var run docspace.RoomsRun
	var overrides [][]docspace.Override
	for i := range rooms {
		r := rooms[i]
		res := docspace.Result{Room: &r}
		var os []docspace.Override
		for p := range 12 {
			inv := docspace.Invitee{Email: fmt.Sprintf("person%02d@example.com", p), Name: fmt.Sprintf("Person %02d", p), Access: docspace.AccessEditing}
			if r.RoomType == docspace.RoomPublic {
				os = append(os, docspace.Override{Invitee: inv, Asked: inv.Access, Given: docspace.AccessContentCreator})
				inv.Access = docspace.AccessContentCreator
			}
			o := docspace.Outcome{Invitee: inv, Kind: docspace.OutcomeNewGuest, Access: inv.Access}
			if r.RoomType == docspace.RoomPublic && p == 11 {
				o = docspace.Outcome{Invitee: inv, Kind: docspace.OutcomeFailed, Reason: "The role is not available for this user type"}
			}
			res.Outcomes = append(res.Outcomes, o)
		}
		run.Rooms = append(run.Rooms, docspace.RoomRun{Plan: docspace.Plan{RoomID: r.ID}, Result: res})
		overrides = append(overrides, os)
	}
	return roomsRecord{run: run, overrides: overrides}
}

// The room × person summary fits 60×20 and 120×40: no line too wide, the frame the
// terminal's height, and what does not fit (the failure's reason) reached by scrolling.
func TestRoomsSummaryFitsAndScrolls(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			d := newDriver(t, testOptions(goldenPortal()), w, h)
			settled(d)
			d.m.steps[stepSummary] = newRoomsSummaryStep(d.m.st, roomsRecordWithAFailure())
			d.m.cur = stepSummary
			d.m.layout()
			seen := ""
			for range 40 {
				got := d.screen()
				if n := strings.Count(got, "\n") + 1; n != h {
					t.Fatalf("screen has %d lines, want %d:\n%s", n, h, got)
				}
				for i, line := range strings.Split(got, "\n") {
					if ansiWidth(line) > w {
						t.Fatalf("line %d is %d cells wide, more than %d: %q", i+1, ansiWidth(line), w, line)
					}
				}
				seen += got
				d.keys("down")
			}
			for _, want := range []string{"Not everyone got in everywhere", "✗ failed", "Press Kit, Person 11 <person11@example.com>: failed", "2 of 3 rooms complete", "✓ Content creator"} {
				if !strings.Contains(seen, want) {
					t.Errorf("scrolling never showed %q; last screen:\n%s", want, d.screen())
				}
			}
		})
	}
}

func TestFlowNewRoomBesideExistingRooms(t *testing.T) {
	f := newFlow(t, Prefill{}, nil)
	f.on(stepAction, "Create a new room")
	f.press("down", "enter")
	f.on(stepAction, "Press Kit")
	f.press("space", "+")
	f.on(stepAction, "+ a new room")
	f.press("enter")
	f.on(stepTitle, "Title of the new room")
	f.tm.Type("Cohort 7")
	f.press("enter")
	f.on(stepType, "Room type")
	f.press("enter") // Collaboration
	f.on(stepSettings, "continue with none")
	f.press("enter")
	f.on(stepPeople, "People to invite")
	f.paste("nora.new@example.com")
	f.press("tab")
	f.on(stepAccess, "Default for the 2 rooms")
	f.press("enter", "enter")
	f.on(stepReview, `2 rooms: new room "Cohort 7" (Collaboration), "Press Kit" (Public)`)
	f.press("enter")
	f.on(stepSummary, "Everyone is in both rooms.")
	f.on(stepSummary, "Cohort 7 (new)")
	if _, code := f.finish(); code != onboard.EndDone {
		t.Fatalf("ended %v", code)
	}
	if n := f.portal.Count("POST", "/api/2.0/files/rooms"); n != 1 {
		t.Errorf("%d creates; want the one new room", n)
	}
	for _, r := range f.portal.Rooms() {
		if r.Title == "Cohort 7" && r.RoomType != docspace.RoomCollaboration {
			t.Errorf("the new room is a %s room", r.RoomType)
		}
	}
}

func TestFlowRepeatedRoomFlagsPrefillSeveralRooms(t *testing.T) {
	ids := map[string]int{}
	f := newFlow(t, Prefill{}, func(p *docspacetest.Portal, o *Options) {
		for _, r := range p.Rooms() {
			ids[r.Title] = r.ID
		}
		o.Prefill = Prefill{RoomID: ids["Marketing Q3"], MoreRoomIDs: []int{ids["Press Kit"], ids["Contracts 2025"]},
			Invites: invites("nora.new@example.com"), Access: ptr(docspace.AccessEditing)}
	})
	f.on(stepReview, `3 existing rooms: "Marketing Q3" (Collaboration), "Press Kit"`)
	f.on(stepReview, "Press Kit offers no Editor")
	f.press("enter")
	f.on(stepSummary, "Everyone is in all 3 rooms.")
	if _, code := f.finish(); code != onboard.EndDone {
		t.Fatalf("ended %v", code)
	}
}

// Ctrl+C twice during a run over rooms quits at once, and what is printed after says
// what the requests still under way may do: here the new room's create, which hangs.
func TestFlowSeveralRoomsCtrlCTwiceSaysWhatMayStillHappen(t *testing.T) {
	f := newFlow(t, Prefill{}, func(p *docspacetest.Portal, _ *Options) {
		// Long enough for two Ctrl+C, short enough not to hold the test server at its close.
		p.InjectFault(docspacetest.Fault{Method: http.MethodPost, PathPrefix: "/api/2.0/files/rooms", Delay: 5 * time.Second})
	})
	f.on(stepAction, "Create a new room")
	f.press("down", "enter")
	f.on(stepAction, "Press Kit")
	f.press("space", "+")
	f.on(stepAction, "+ a new room")
	f.press("enter")
	f.on(stepTitle, "Title of the new room")
	f.tm.Type("Cohort 8")
	f.press("enter")
	f.on(stepType, "Room type")
	f.press("enter")
	f.on(stepSettings, "continue with none")
	f.press("enter")
	f.on(stepPeople, "People to invite")
	f.paste("nora.new@example.com")
	f.press("tab")
	f.on(stepAccess, "Default for the 2 rooms")
	f.press("enter", "enter")
	f.on(stepReview, `new room "Cohort 8"`)
	f.press("enter")
	f.waitArrived("POST /api/2.0/files/rooms", 1)
	f.press("ctrl+c")
	f.on(stepRun, `The room "Cohort 8" may still be created by the request in flight`)
	f.on(stepRun, "quit at once.") // whole, wrapped: not cut at the width
	f.press("ctrl+c")
	m := f.tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*model)
	if _, code := m.result(); code != onboard.EndInterrupted {
		t.Errorf("ended %v, want interrupted", code)
	}
	if got := strings.Join(m.abandoned, "\n"); !strings.Contains(got, `The room "Cohort 8" may still be created by the request in flight`) {
		t.Errorf("what is printed after quitting lacks the warning:\n%s", got)
	}
}

// A new room beside existing rooms gets the settings step a single new room gets, and
// what is set there reaches its plan and the portal, and shows on the review.
func TestFlowNewRoomBesideExistingRoomsGetsItsSettings(t *testing.T) {
	f := newFlow(t, Prefill{}, nil)
	f.on(stepAction, "Create a new room")
	f.press("down", "enter")
	f.on(stepAction, "Press Kit")
	f.press("space", "+")
	f.on(stepAction, "+ a new room")
	f.press("enter")
	f.on(stepTitle, "Title of the new room")
	f.tm.Type("Cohort 9")
	f.press("enter")
	f.on(stepType, "Room type")
	f.press("enter") // Collaboration
	f.on(stepSettings, "Tags")
	f.tm.Type("Onboarding")
	f.press("enter")
	f.on(stepPeople, "People to invite")
	f.paste("nora.new@example.com")
	f.press("tab")
	f.on(stepAccess, "Default for the 2 rooms")
	f.press("enter", "enter")
	f.on(stepReview, `new room "Cohort 9"`)
	f.on(stepReview, "Tags: Onboarding")
	f.press("enter")
	f.on(stepSummary, "Everyone is in both rooms.")
	if _, code := f.finish(); code != onboard.EndDone {
		t.Fatalf("ended %v", code)
	}
	found := false
	for _, r := range f.portal.Rooms() {
		switch r.Title {
		case "Cohort 9":
			found = true
			if !slices.Equal(r.Tags, []string{"Onboarding"}) {
				t.Errorf("the new room's tags are %q, want the one set on its settings step", r.Tags)
			}
		case "Press Kit":
			if len(r.Tags) > 0 {
				t.Errorf("the existing room got tags %q", r.Tags)
			}
		}
	}
	if !found {
		t.Fatal("the new room was not created")
	}
}

// The portal's invitation limit is portal-wide: the review counts the e-mail
// invitations of every room together, before anything is sent.
func TestReviewSeveralRoomsCountsTheInvitationLimitOverAllRooms(t *testing.T) {
	f := newFlow(t, Prefill{}, nil, docspacetest.WithInvitationLimit(2))
	markRooms(f)
	f.on(stepPeople, "People to invite")
	f.paste("nora.new@example.com")
	f.press("tab")
	f.on(stepAccess, "Default for the 3 rooms")
	f.press("enter", "enter")
	f.on(stepReview, "3 invitations by e-mail")
	f.on(stepReview, "only 2 left")
	f.press("enter")
	f.on(stepPeople, "People to invite")
	if n := f.portal.Count(http.MethodPut, "/api/2.0/files/rooms/"); n != 0 {
		t.Errorf("%d share calls were sent", n)
	}
	f.press("ctrl+c")
	f.tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
}

// A room the review's check cannot read is named there as a problem, before the
// confirm, not found out by the run.
func TestReviewSeveralRoomsNamesARoomThatCannotBeRead(t *testing.T) {
	f := newFlow(t, Prefill{}, func(p *docspacetest.Portal, _ *Options) {
		for _, r := range p.Rooms() {
			if r.Title == "Contracts 2025" {
				p.InjectFault(docspacetest.Fault{Method: http.MethodGet, PathPrefix: fmt.Sprintf("/api/2.0/files/rooms/%d", r.ID), Status: 404,
					Body: `{"error":{"message":"The room was not found"},"status":1,"statusCode":404}`})
			}
		}
	})
	markRooms(f)
	f.on(stepPeople, "People to invite")
	f.paste("nora.new@example.com")
	f.press("tab")
	f.on(stepAccess, "Default for the 3 rooms")
	f.press("enter", "enter")
	f.on(stepReview, "Contracts 2025")
	f.on(stepReview, "could not be read: pick the rooms again")
	f.press("enter")
	f.on(stepAction, "Marketing Q3")
	if n := f.portal.Count(http.MethodPut, "/api/2.0/files/rooms/"); n != 0 {
		t.Errorf("%d share calls were sent", n)
	}
	f.press("ctrl+c")
	f.tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
}

// At 60×20 a review of several rooms with overrides and the new room's settings still
// shows its last line (where a problem is said), and says how many room lines it
// leaves out rather than losing that line.
func TestReviewSeveralRoomsKeepsItsLastLineWhenShort(t *testing.T) {
	f := newFlow(t, Prefill{}, nil)
	f.on(stepAction, "Create a new room")
	f.press("down", "enter")
	f.on(stepAction, "Press Kit")
	f.press("space", "down", "space", "+")
	f.on(stepAction, "+ a new room")
	f.press("enter")
	f.on(stepTitle, "Title of the new room")
	f.tm.Type("Cohort 11")
	f.press("enter")
	f.on(stepType, "Room type")
	f.press("enter")
	f.on(stepSettings, "Tags")
	f.tm.Type("Onboarding, Q3 2025")
	f.press("enter")
	f.on(stepPeople, "People to invite")
	f.paste("nora.new@example.com, anna@example.com")
	f.press("tab")
	f.on(stepAccess, "Default for the 3 rooms")
	f.press("up", "enter", "enter") // Form filler: two of the rooms offer none
	f.on(stepReview, "Nothing is written until you press enter")
	f.tm.Send(tea.WindowSizeMsg{Width: 60, Height: 20})
	f.on(stepReview, "more lines: a taller window shows them")
	f.on(stepReview, "Nothing is written until you press enter")
	f.press("ctrl+c")
	f.tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
}
