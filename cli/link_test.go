package cli

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

func TestRunTurnsOnTheInvitationLink(t *testing.T) {
	p, url := testPortal(t)
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	code := runWith(t, te, RunOptions{Title: "Open day", Type: "custom", Link: "editor", LinkExpires: "7d", LinkMaxUses: 50})
	if code != onboard.EndDone {
		t.Fatalf("ended %v\nstdout:\n%s\nstderr:\n%s", code, te.out, te.err)
	}
	assertContains(t, "stdout", te.out.String(), "Invitation link (Editor, until ", "up to 50 people): "+url+"/rooms/share?key=")
	assertContains(t, "stderr", te.err.String(), "Invitation link on")
	if n := p.Count(http.MethodPut, "/api/2.0/files/rooms/"); n != 1 {
		t.Errorf("%d PUTs, want the one links call (nobody to invite)", n)
	}

	te = newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	code = runWith(t, te, RunOptions{Title: "Open day 2", Type: "custom", Invites: []string{"ann@example.com"}, Link: "viewer", JSON: true})
	if code != onboard.EndDone {
		t.Fatalf("--json: ended %v\nstderr:\n%s", code, te.err)
	}
	var out struct {
		InvitationLink struct {
			URL, Access string
		} `json:"invitationLink"`
	}
	if err := json.Unmarshal(te.out.Bytes(), &out); err != nil || !strings.Contains(out.InvitationLink.URL, "/rooms/share?key=") || out.InvitationLink.Access != "Viewer" {
		t.Errorf("--json invitationLink %+v (%v):\n%s", out.InvitationLink, err, te.out)
	}

	for _, tt := range []struct {
		opts RunOptions
		want string
	}{
		{RunOptions{Title: "X", Type: "custom", Link: "room-admin"}, "cannot give Room admin"},
		{RunOptions{Title: "X", Type: "custom", Link: "editor", LinkMaxUses: 2000}, "--link-max-uses 2000"},
		{RunOptions{Title: "X", Type: "custom", Link: "editor", LinkExpires: "soon"}, `--link-expires: "soon" is not an expiry`},
		{RunOptions{Title: "X", Type: "custom", LinkMaxUses: 5, Invites: []string{"a@example.com"}}, "go with --link ACCESS"},
	} {
		te = newTestEnv(t)
		te.vars["DOCSPACE_BASE_URL"] = url
		te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
		if code := runWith(t, te, tt.opts); code != onboard.EndInvalid {
			t.Errorf("%+v: ended %v, want invalid\nstderr:\n%s", tt.opts, code, te.err)
		}
		assertContains(t, "stderr", te.err.String(), tt.want)
	}
}
