package tui

import (
	"fmt"
	"strings"
	"testing"

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
