package tui

import (
	"net/http"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// An "@" line of the people list completes to a portal group with tab, shows its
// member count, and the group is invited by id and confirmed from the member list.
func TestFlowInvitesAGroupTypedWithCompletion(t *testing.T) {
	f := newFlow(t, Prefill{Title: ptr("Team room"), Type: ptr(docspace.RoomCustom)}, nil)
	f.on(stepPeople, "People to invite")
	f.waitFor("the groups loaded", func(stepID, string) bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, a := range f.arrived {
			if a == "GET /api/2.0/group" {
				return true
			}
		}
		return false
	})
	f.tm.Type("@sup")
	f.on(stepPeople, "tab: Support desk")
	f.press("tab")
	f.on(stepPeople, "● group, 3 members")
	f.press("enter")
	f.tm.Type("ann@example.com")
	f.on(stepPeople, "new guest")
	f.press("tab")
	f.on(stepAccess, "@Support desk (group, 3 members)")
	f.press("enter")
	f.on(stepNotify, "Notify people")
	f.press("enter")
	f.on(stepReview, "1 group of 3 members")
	f.on(stepReview, "1 person, 1 group: 2 Viewer") // a group is not counted as a person
	f.press("enter")
	f.on(stepSummary, "group added")
	res, code := f.finish()
	if code != onboard.EndDone || res.Room == nil {
		t.Fatalf("ended %v, room %+v", code, res.Room)
	}
	var body string
	for _, r := range f.portal.Requests() {
		if r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/share") {
			body = string(r.Body)
		}
	}
	if !strings.Contains(body, `"id":"`+docspacetest.DemoGroup2ID+`"`) {
		t.Errorf("share body %s does not invite the group by id", body)
	}
}

// --accessible reads an --invite-group as the wizard does: the review names the group
// with its members, and the run invites it by id.
func TestAccessibleInvitesAGroupFromTheFlag(t *testing.T) {
	a, probs := onboard.Read(onboard.Inputs{RoomID: 101, InviteGroups: []string{"support desk=editor"}}, nil)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	_, res, code, out := accessibleRun(t, a,
		"1", // access: the first level offered
		"n", // no per-person changes
		"n", // notify: no
		"y", // go ahead
		"n", // no other room
	)
	if code != onboard.EndDone || len(res.Outcomes) != 1 || res.Outcomes[0].Invitee.GroupID() != docspacetest.DemoGroup2ID {
		t.Fatalf("ended %v, outcomes %+v; output:\n%s", code, res.Outcomes, out)
	}
	if !strings.Contains(out, "@Support desk (group, 3 members)") || !strings.Contains(out, "group added") {
		t.Errorf("the output does not name the group with its members:\n%s", out)
	}
}

// A name typed in the people list completes with tab to the portal person's address,
// from the people read in the background.
func TestFlowCompletesAPersonsName(t *testing.T) {
	f := newFlow(t, Prefill{Title: ptr("Names"), Type: ptr(docspace.RoomCustom)}, nil)
	f.on(stepPeople, "People to invite")
	f.tm.Type("lee")
	f.on(stepPeople, "tab: Lee Chen")
	f.press("tab")
	f.on(stepPeople, "● Lee Chen")
	if !strings.Contains(f.screenNow(), `"Lee Chen" <`+docspacetest.DemoUser2Email+`>`) {
		t.Errorf("the line was not completed to the address:\n%s", f.screenNow())
	}
	f.press("tab")
	f.on(stepAccess, "Default for everyone")
	f.press("enter")
	f.on(stepNotify, "Notify people")
	f.press("enter")
	f.on(stepReview, "Nothing is written until you press enter")
	f.press("enter")
	f.on(stepSummary, "everyone is in")
	if res, _ := f.finish(); len(res.Outcomes) != 1 || res.Outcomes[0].Invitee.Email != docspacetest.DemoUser2Email {
		t.Errorf("outcomes %+v", res.Outcomes)
	}
}
