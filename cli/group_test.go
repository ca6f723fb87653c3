package cli

import (
	"net/http"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

func TestRunInvitesGroups(t *testing.T) {
	p, url := testPortal(t)
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	code := runWith(t, te, RunOptions{Title: "Groups", Type: "custom",
		InviteGroups: []string{"sales team", docspacetest.DemoGroup2ID + "=content-creator"}, Invites: []string{"ann@example.com"}})
	if code != onboard.EndDone {
		t.Fatalf("ended %v\nstdout:\n%s\nstderr:\n%s", code, te.out, te.err)
	}
	assertContains(t, "stdout", te.out.String(), "@Sales team (group, 2 members)", "@Support desk (group, 3 members)", "group added", "Content creator")
	var body string
	for _, r := range p.Requests() {
		if r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/share") {
			body = string(r.Body)
		}
	}
	if !strings.Contains(body, `"id":"`+docspacetest.DemoGroupID+`"`) || !strings.Contains(body, `"id":"`+docspacetest.DemoGroup2ID+`","access":11`) {
		t.Errorf("share body %s does not invite both groups by id", body)
	}

	// A group as Room admin, and one the portal lacks, are refused before any write.
	before := p.Count(http.MethodPost, "/api/2.0/files/rooms")
	for _, tt := range []struct{ group, want string }{
		{"Sales team=room-admin", "at most Content creator"},
		{"Nobody", `no group "Nobody" on this portal (the portal's groups: Sales team, Support desk)`},
	} {
		te = newTestEnv(t)
		te.vars["DOCSPACE_BASE_URL"] = url
		te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
		code = runWith(t, te, RunOptions{Title: "Bad", Type: "custom", InviteGroups: []string{tt.group}})
		if code != onboard.EndInvalid {
			t.Fatalf("%s: ended %v, want invalid\nstderr:\n%s", tt.group, code, te.err)
		}
		assertContains(t, "stderr", te.err.String(), tt.want)
	}
	if p.Count(http.MethodPost, "/api/2.0/files/rooms") != before {
		t.Error("a room was created for a plan with bad groups")
	}
}
