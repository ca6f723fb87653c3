package tui

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// The summary offers to send the invitation again to the run's pending guests, in one
// call; the portal's limit on it is said plainly, and a second try is offered.
func TestSummaryResendsToPendingGuests(t *testing.T) {
	f := newFlow(t, Prefill{Title: ptr("Again"), Type: ptr(docspace.RoomCustom),
		Invites: invites("one@example.com\ntwo@example.com\n" + docspacetest.DemoUserEmail)}, nil)
	f.on(stepReview, "Nothing is written until you press enter")
	f.press("enter")
	f.on(stepSummary, "s resend to 2 pending")
	// Use up the portal's 5 resends in 15 minutes, as the same admin.
	c, err := docspace.New(f.portal.URL(), docspacetest.DemoKey, docspace.WithRetry(docspace.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	for range docspace.ResendLimit {
		if err := c.Resend(context.Background(), 101, nil); err != nil {
			t.Fatal(err)
		}
	}
	f.press("s")
	f.on(stepSummary, "allows resending invitations 5 times per 15 minutes")
	f.on(stepSummary, "s resend to 2 pending") // offered again
	f.portal.SetClock(func() time.Time { return time.Now().Add(16 * time.Minute) })
	before := len(f.portal.Notifications())
	f.press("s")
	f.on(stepSummary, `Invitation to room "Again" sent again to 2 pending guests: one@example.com,`)
	if screen := f.screenNow(); strings.Contains(screen, "s resend") {
		t.Errorf("resend still offered after it worked:\n%s", screen)
	}
	if got := len(f.portal.Notifications()) - before; got != 2 {
		t.Errorf("%d invitations sent again, want 2", got)
	}
	resends := 0
	for _, r := range f.portal.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/resend") {
			resends++
		}
	}
	if resends != docspace.ResendLimit+2 {
		t.Errorf("%d resend calls, want the %d made beforehand and the summary's two (one refused)", resends, docspace.ResendLimit)
	}
	f.finish()
}

// --accessible offers to send the invitation again to pending guests who were in the
// room already (this run sent them nothing), in one call.
func TestAccessibleResendsToPendingMembers(t *testing.T) {
	portal, res, code, out := accessibleRun(t, Prefill{RoomID: 101, Invites: invites(docspacetest.DemoPendingEmail + "=viewer")},
		"",  // access: the room's default
		"n", // no per-person changes
		"n", // notify: no
		"y", // go ahead
		"y", // send the invitation again
		"n", // no other room
	)
	if code != onboard.EndDone || len(res.Outcomes) != 1 || res.Outcomes[0].Kind != docspace.OutcomeAlreadyMember {
		t.Fatalf("ended %v, outcomes %+v; output:\n%s", code, res.Outcomes, out)
	}
	for _, want := range []string{"1 pending guest has not accepted the invitation yet. Send it again?",
		`Invitation to room "Marketing Q3" sent again to 1 pending guest: ` + docspacetest.DemoPendingEmail} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	sent := 0
	for _, n := range portal.Notifications() {
		if n.Email == docspacetest.DemoPendingEmail {
			sent++
		}
	}
	if sent != 1 {
		t.Errorf("%d invitations sent again, want 1", sent)
	}
}
