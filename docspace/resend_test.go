package docspace_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

func TestResendToThePendingGuestsOfARun(t *testing.T) {
	portal, c := newPortal(t)
	plan := docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Again", Type: docspace.RoomCustom}, Invitees: []docspace.Invitee{
		{Email: "one@example.com", Access: docspace.AccessRead}, {Email: "two@example.com", Access: docspace.AccessRead},
		{Email: docspacetest.DemoUserEmail, Access: docspace.AccessRead}}}
	res := c.Execute(context.Background(), plan, nil, nil)
	if res.Status() != docspace.StatusComplete {
		t.Fatalf("status %v (%v)", res.Status(), res.Err)
	}
	pending := res.PendingGuests()
	if len(pending) != 2 {
		t.Fatalf("pending guests %+v, want the two new ones", pending)
	}
	ids := []string{pending[0].MemberID, pending[1].MemberID}
	before := len(portal.Notifications())
	if err := c.Resend(context.Background(), res.Room.ID, ids); err != nil {
		t.Fatal(err)
	}
	if got := len(portal.Notifications()) - before; got != 2 {
		t.Errorf("%d invitations sent again, want 2", got)
	}
	var body string
	for _, r := range portal.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/resend") {
			body = string(r.Body)
		}
	}
	if !strings.Contains(body, `"usersIds":["`+ids[0]+`","`+ids[1]+`"]`) || !strings.Contains(body, `"resendAll":false`) {
		t.Errorf("resend body %s", body)
	}
	guests, err := c.PendingGuests(context.Background(), res.Room.ID)
	if err != nil || len(guests) != 2 || guests[0].Email != "one@example.com" {
		t.Errorf("PendingGuests = %+v, %v", guests, err)
	}
}

func TestResendIsRateLimitedAndSaysSo(t *testing.T) {
	_, c := newPortal(t)
	for i := range docspace.ResendLimit {
		if err := c.Resend(context.Background(), 101, nil); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	start := time.Now()
	err := c.Resend(context.Background(), 101, nil)
	if time.Since(start) > 5*time.Second {
		t.Errorf("the refused resend was retried (took %v)", time.Since(start))
	}
	msg := docspace.ResendRefusal(err)
	if !strings.Contains(msg, "5 times per 15 minutes") || !strings.Contains(msg, "try again in 15 minutes") {
		t.Errorf("refusal %q (err %v)", msg, err)
	}
}
