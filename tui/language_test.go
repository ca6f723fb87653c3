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
