package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// TestRealKeyringLogin runs login, status and logout against a fake portal and the real
// Secret Service (.ci/keyring-it.sh sets DOCSPACE_WIZARD_KEYRING_IT=1 inside an unlocked session).
func TestRealKeyringLogin(t *testing.T) {
	if os.Getenv("DOCSPACE_WIZARD_KEYRING_IT") != "1" {
		t.Skip("needs a real, unlocked Secret Service: run .ci/keyring-it.sh (it sets DOCSPACE_WIZARD_KEYRING_IT=1)")
	}
	_, portal := testPortal(t)
	te := newTestEnv(t)
	te.Keys = keystore.Open() // the real keyring, default timeout
	ctx := context.Background()
	t.Cleanup(func() { _ = te.Keys.Delete(portal) })

	te.stdin(docspacetest.DemoKey)
	if code := Login(ctx, te.Env, LoginOptions{Portal: portal, WithKey: true}); code != onboard.EndDone {
		t.Fatalf("login: ended %v\n%s", code, te.err.String())
	}
	search := func() string {
		var out bytes.Buffer
		cmd := exec.Command("secret-tool", "search", "--all", "service", keystore.Service)
		cmd.Stdout, cmd.Stderr = &out, &out
		_ = cmd.Run() // exit 1 means "nothing found"
		return out.String()
	}
	if !strings.Contains(search(), "attribute.username = "+portal) {
		t.Fatalf("secret-tool search service %s does not find %s after login", keystore.Service, portal)
	}
	if code := Status(ctx, te.Env, StatusOptions{}); code != onboard.EndDone {
		t.Fatalf("status: ended %v\n%s%s", code, te.out.String(), te.err.String())
	}
	assertContains(t, "status", te.out.String(), "Key from: the system keyring", "✓ accepts the key")
	if code := Logout(ctx, te.Env, LogoutOptions{}); code != onboard.EndDone {
		t.Fatalf("logout: ended %v\n%s", code, te.err.String())
	}
	if strings.Contains(search(), portal) {
		t.Fatalf("secret-tool still finds %s after logout", portal)
	}
	assertSecretNowhere(t, te, docspacetest.DemoKey)
	t.Logf("login stored the key for %s in the Secret Service, status used it, logout removed it", portal)
}
