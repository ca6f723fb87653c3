package cli

import (
	"net/http"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

func TestRunOverTheInvitationLimitIsRefusedBeforeAnyWrite(t *testing.T) {
	p, srv := docspacetest.NewServer(docspacetest.WithDemoData(), docspacetest.WithInvitationLimit(2))
	t.Cleanup(srv.Close)
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = srv.URL
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	// Three new guests are over the two left; the portal user goes by id and costs nothing.
	code := runWith(t, te, RunOptions{Title: "Big", Type: "custom",
		Invites: []string{"a@example.com", "b@example.com", "c@example.com", docspacetest.DemoUserEmail}})
	if code != onboard.EndInvalid {
		t.Fatalf("ended %v, want invalid (exit 2)\nstderr:\n%s", code, te.err)
	}
	assertContains(t, "stderr", te.err.String(), "2 e-mail invitations left", "3 invitations by e-mail",
		"only 2 left today", "invitation link", "--link ACCESS")
	if n := p.Count(http.MethodPost, "/api/2.0/files/rooms") + p.Count(http.MethodPut, "/api/2.0/"); n != 0 {
		t.Errorf("%d writes for a plan over the limit, want none", n)
	}
}
