package tui

import (
	"net/http"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// The notify step offers the portal's languages (loaded in the background) for the
// invitation e-mails; the one picked reaches the review and the share call.
func TestFlowChoosesTheInvitationLanguage(t *testing.T) {
	f := newFlow(t, Prefill{Title: ptr("Sala"), Type: ptr(docspace.RoomCustom), Invites: invites("nova@example.com")}, nil)
	f.on(stepReview, "Nothing is written until you press enter")
	f.press("esc")
	f.on(stepNotify, "The portal's language: English (US) (en-US)")
	f.press("tab")
	f.on(stepNotify, "‹ The portal's language")
	f.press("right")
	f.on(stepNotify, "‹ Deutsch (de) ›")
	if !strings.Contains(f.screenNow(), "existing users keep their own") {
		t.Errorf("the notify step does not say existing users keep their language:\n%s", f.screenNow())
	}
	f.press("enter")
	f.on(stepReview, "Deutsch (de) for new guests")
	f.press("enter")
	f.on(stepSummary, "everyone is in")
	if _, code := f.finish(); code != onboard.EndDone {
		t.Fatalf("ended %v", code)
	}
	var body string
	for _, r := range f.portal.Requests() {
		if r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/share") {
			body = string(r.Body)
		}
	}
	if !strings.Contains(body, `"culture":"de"`) {
		t.Errorf("share body %s, want culture de", body)
	}
}

// With nobody to invite, the notify step offers the room's invitation link; the one
// turned on is in the review and the summary, whole.
func TestFlowTurnsOnTheInvitationLink(t *testing.T) {
	f := newFlow(t, Prefill{Title: ptr("Open day"), Type: ptr(docspace.RoomCustom)}, nil)
	f.on(stepPeople, "People to invite")
	f.press("tab")
	f.on(stepAccess, "Default for everyone")
	f.press("enter")
	f.on(stepNotify, "Invitation link Off")
	f.on(stepNotify, "The portal's language") // loaded: its row comes before the link's
	f.press("tab", "tab")
	f.on(stepNotify, "Invitation link ‹ Off ›")
	f.press("right", "right")
	f.on(stepNotify, "‹ Editor ›")
	f.press("enter")
	f.on(stepReview, "invitation link on: Editor")
	f.press("enter")
	f.on(stepSummary, "Invitation link (Editor):")
	if !strings.Contains(f.screenNow(), "/rooms/share?key=") {
		t.Errorf("the summary does not show the link:\n%s", f.screenNow())
	}
	res, code := f.finish()
	if code != onboard.EndDone || res.Link == nil || res.Link.Access != docspace.AccessEditing {
		t.Fatalf("ended %v, link %+v", code, res.Link)
	}
}
