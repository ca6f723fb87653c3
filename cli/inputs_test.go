package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// malformedKeys are not shaped like a DocSpace key: each is refused before any request.
var malformedKeys = map[string]string{
	"100 KB":          "sk-" + strings.Repeat("a", 100<<10),
	"not hex":         "sk-" + strings.Repeat("xyz0", 10),
	"no prefix":       strings.Repeat("ab", 32),
	"too short":       "sk-0123abcd",
	"escape inside":   "sk-0123abcd\x1b[31m0123abcd0123abcd0123abcd",
	"space inside":    "sk-0123abcd 0123abcd0123abcd0123abcd",
	"bidi override":   "sk-0123abcd\u202e0123abcd0123abcd0123abcd",
	"a Bearer header": "Bearer sk-0123abcd0123abcd0123abcd0123abcd",
}

// A malformed key is refused with exit 4 and a sentence, in login, --yes and status,
// whether typed, piped, stored or in DOCSPACE_API_KEY; it never reaches the portal and
// is never repeated.
func TestMalformedKeysNeverReachThePortal(t *testing.T) {
	p, portal := testPortal(t)
	before := len(p.Requests())
	for name, key := range malformedKeys {
		t.Run(name, func(t *testing.T) {
			check := func(what string, code onboard.End, te *testEnv, says string) {
				t.Helper()
				out := te.out.String() + te.err.String()
				if code != onboard.EndKeyRefused {
					t.Errorf("%s: ended %v, want %v\n%.500s", what, code, onboard.EndKeyRefused, out)
				}
				if !strings.Contains(out, says) {
					t.Errorf("%s: output does not say %q:\n%.500s", what, says, out)
				}
				if len(out) > 2000 || strings.Contains(out, "0123abcd0123abcd") || strings.Contains(out, "xyz0xyz0") || strings.Contains(out, "abababab") {
					t.Errorf("%s: output repeats the key:\n%.500s", what, out)
				}
				assertSecretNowhere(t, te, key)
			}

			te := newTestEnv(t)
			te.stdin(key)
			check("login --with-key", Login(context.Background(), te.Env, LoginOptions{Portal: portal, WithKey: true}), te, "Nothing was sent to the portal")
			if te.ring.stored(portal) != "" {
				t.Error("login stored a malformed key")
			}

			te = newTestEnv(t)
			te.vars["DOCSPACE_API_KEY"] = key
			check("--yes", Run(context.Background(), te.Env, RunOptions{Portal: portal, Title: "T", Type: "custom"}), te, "The API key from DOCSPACE_API_KEY (environment): ")

			te = newTestEnv(t)
			te.vars["DOCSPACE_API_KEY"] = key
			te.vars["DOCSPACE_BASE_URL"] = portal
			check("status", Status(context.Background(), te.Env, StatusOptions{}), te, "✗ not sent: ")
		})
	}
	if n := len(p.Requests()) - before; n != 0 {
		t.Fatalf("%d requests reached the portal with a malformed key", n)
	}
}

// A DOCSPACE_BASE_URL that is not a portal address is named as coming from the environment.
func TestPortalFromTheEnvironmentIsNamed(t *testing.T) {
	te := newTestEnv(t)
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	te.vars["DOCSPACE_BASE_URL"] = "http://portal.example.com"
	if code := Run(context.Background(), te.Env, RunOptions{Title: "T", Type: "custom"}); code != onboard.EndInvalid {
		t.Errorf("--yes: ended %v, want %v", code, onboard.EndInvalid)
	}
	if !strings.HasPrefix(te.err.String(), "DOCSPACE_BASE_URL (set in the environment): the portal address uses http://") {
		t.Errorf("--yes: stderr does not name DOCSPACE_BASE_URL:\n%s", te.err.String())
	}

	te = newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = "ftp://portal.example.com"
	te.stdin(docspacetest.DemoKey)
	if code := Login(context.Background(), te.Env, LoginOptions{WithKey: true}); code != onboard.EndInvalid {
		t.Errorf("login: ended %v, want %v", code, onboard.EndInvalid)
	}
	if !strings.Contains(te.err.String(), "✗ DOCSPACE_BASE_URL (set in the environment): the portal address must start with https://") {
		t.Errorf("login: stderr does not name DOCSPACE_BASE_URL:\n%s", te.err.String())
	}
}
