package cli

import (
	"net/http"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

func TestResendCommand(t *testing.T) {
	p, url := testPortal(t)
	env := func() *testEnv {
		te := newTestEnv(t)
		te.vars["DOCSPACE_BASE_URL"] = url
		te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
		return te
	}
	// Room 101, "Marketing Q3", has one pending guest.
	te := env()
	if code := Resend(t.Context(), te.Env, ResendOptions{RoomID: 101}); code != onboard.EndDone {
		t.Fatalf("ended %v\nstderr:\n%s", code, te.err)
	}
	assertContains(t, "stdout", te.out.String(), `Invitation to room "Marketing Q3" sent again to 1 pending guest: `+docspacetest.DemoPendingEmail)
	var body string
	for _, r := range p.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/resend") {
			body = string(r.Body)
		}
	}
	if !strings.Contains(body, `"usersIds":["`) || !strings.Contains(body, `"resendAll":false`) {
		t.Errorf("resend body %s", body)
	}

	// Someone who is no pending guest: refused before anything is sent.
	te = env()
	calls := p.Count(http.MethodPost, "/api/2.0/files/rooms/101/resend")
	if code := Resend(t.Context(), te.Env, ResendOptions{RoomID: 101, Emails: []string{docspacetest.DemoUserEmail}}); code != onboard.EndInvalid {
		t.Fatalf("a member who accepted: ended %v, want invalid", code)
	}
	assertContains(t, "stderr", te.err.String(), "not a pending guest of this room")
	if p.Count(http.MethodPost, "/api/2.0/files/rooms/101/resend") != calls {
		t.Error("a resend was sent for an --email that is no pending guest")
	}

	// The portal's limit, 5 per 15 minutes, said plainly.
	for range 4 {
		if code := Resend(t.Context(), env().Env, ResendOptions{RoomID: 101, Emails: []string{docspacetest.DemoPendingEmail}}); code != onboard.EndDone {
			t.Fatalf("ended %v before the limit", code)
		}
	}
	te = env()
	if code := Resend(t.Context(), te.Env, ResendOptions{RoomID: 101}); code != onboard.EndFailed {
		t.Fatalf("over the limit: ended %v, want failed", code)
	}
	assertContains(t, "stderr", te.err.String(), "allows resending invitations 5 times per 15 minutes", "try again in", "Nothing was sent.")
}

// An --email that is not a pending guest is quoted back cleaned: no escape sequence of
// the typed text reaches the terminal.
func TestResendQuotesATypedAddressCleaned(t *testing.T) {
	_, url := testPortal(t)
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	if code := Resend(t.Context(), te.Env, ResendOptions{RoomID: 101, Emails: []string{"\x1b]0;pwned\x07x@example.com"}}); code != onboard.EndInvalid {
		t.Fatalf("ended %v, want invalid", code)
	}
	if strings.ContainsAny(te.err.String(), "\x1b\x07") {
		t.Errorf("an escape sequence reached the terminal: %q", te.err.String())
	}
	assertContains(t, "stderr", te.err.String(), "x@example.com", "not a pending guest")
}
