package cli

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// store puts key into the test keyring for portal.
func (te *testEnv) store(t *testing.T, portal, key string) {
	t.Helper()
	if err := te.Keys.Set(portal, key); err != nil {
		t.Fatal(err)
	}
}

// remember writes settings with portals known and the first one as default.
func (te *testEnv) remember(t *testing.T, portals ...string) {
	t.Helper()
	var s settings.Settings
	for _, p := range portals {
		s.AddPortal(p)
	}
	if len(portals) > 0 {
		s.DefaultPortal = portals[0]
	}
	if err := s.Save(te.ConfigDir); err != nil {
		t.Fatal(err)
	}
}

func TestStatus(t *testing.T) {
	_, portal := testPortal(t)
	_, other := testPortal(t)
	soon := time.Now().Add(36*24*time.Hour + 12*time.Hour).Local().Format(time.DateOnly)
	tests := []struct {
		name    string
		setup   func(*testing.T, *testEnv)
		code    onboard.End
		out     []string
		err     []string
		notOut  []string
		secrets []string
	}{
		{
			name: "stored key works",
			setup: func(t *testing.T, te *testEnv) {
				te.remember(t, portal)
				te.store(t, portal, keySoon)
			},
			code: onboard.EndDone,
			out: []string{
				portal + " (default)\n",
				"  Key from: the system keyring\n",
				"  Portal:   ✓ accepts the key\n",
				"  User:     Alex Admin <alex@demo.example> (owner)\n",
				`  Key:      "CI key" ending in …0005, scopes: all, expires ` + soon + " (in 36 days)\n",
			},
			secrets: []string{keySoon},
		},
		{
			name:  "nothing stored",
			setup: func(t *testing.T, te *testEnv) { te.remember(t, portal) },
			code:  onboard.EndKeyRefused,
			out:   []string{"  Key from: nowhere: no key stored. Sign in with `docspace-wizard login --portal " + portal + "`."},
			err:   []string{"✗ The default portal " + portal + " has no working API key."},
		},
		{
			name: "rejected key",
			setup: func(t *testing.T, te *testEnv) {
				te.remember(t, portal)
				te.store(t, portal, keyWrong)
			},
			code:    onboard.EndKeyRefused,
			out:     []string{"  Portal:   ✗ The portal rejected the API key (HTTP 401): it is wrong, revoked or expired.", "Sign in again with `docspace-wizard login --portal " + portal + "`."},
			secrets: []string{keyWrong},
		},
		{
			name: "expired key",
			setup: func(t *testing.T, te *testEnv) {
				te.remember(t, portal)
				te.store(t, portal, keyExpired)
			},
			code: onboard.EndKeyRefused,
			out:  []string{"✗ The portal rejected the API key", "expired"},
		},
		{
			// As login, --yes and the wizard: a key that cannot create rooms does not work.
			name: "key without rooms:write does not work",
			setup: func(t *testing.T, te *testEnv) {
				te.remember(t, portal)
				te.store(t, portal, keyReadOnly)
			},
			code: onboard.EndKeyRefused,
			out:  []string{"  Portal:   ✗ The API key lacks the rooms:write scope, so it cannot create rooms or invite people."},
		},
		{
			name: "user who cannot create rooms",
			setup: func(t *testing.T, te *testEnv) {
				te.remember(t, portal)
				te.store(t, portal, keyUser)
			},
			code: onboard.EndDone,
			out:  []string{"  User:     Pat Plain <pat@demo.example> (user)", "  ! Pat Plain is a user, neither a DocSpace admin nor a room admin"},
		},
		{
			name: "env key wins over the keyring",
			setup: func(t *testing.T, te *testEnv) {
				te.remember(t, portal)
				te.store(t, portal, keyWrong)
				te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
			},
			code:    onboard.EndDone,
			out:     []string{"  Key from: DOCSPACE_API_KEY (environment; it wins over the keyring)", "✓ accepts the key", `"Demo key"`},
			secrets: []string{docspacetest.DemoKey, keyWrong},
		},
		{
			name: "rejected env key",
			setup: func(t *testing.T, te *testEnv) {
				te.vars["DOCSPACE_BASE_URL"] = portal
				te.vars["DOCSPACE_API_KEY"] = keyWrong
			},
			code: onboard.EndKeyRefused,
			out:  []string{portal + " (default)", "✗ The portal rejected the API key", "Check DOCSPACE_API_KEY, or unset it to use the stored key."},
		},
		{
			name: "DOCSPACE_BASE_URL is the default",
			setup: func(t *testing.T, te *testEnv) {
				te.remember(t, other)
				te.store(t, portal, docspacetest.DemoKey)
				te.vars["DOCSPACE_BASE_URL"] = portal
			},
			code: onboard.EndDone,
			out:  []string{portal + " (default)\n", other + "\n  Key from: nowhere"},
		},
		{
			name: "keyring unavailable",
			setup: func(t *testing.T, te *testEnv) {
				te.remember(t, portal)
				te.ring.err = errNoSecretService
			},
			code: onboard.EndKeyRefused,
			out:  []string{"  Key from: nowhere: the keyring could not be read (no Secret Service keyring is running; see below)"},
			err: []string{"✗ Reading the API key for " + portal + " from the system keyring: no Secret Service keyring is running.",
				"Without a keyring, set DOCSPACE_API_KEY", "(keyring said: The name org.freedesktop.secrets was not provided"},
		},
		{
			name: "keyring unavailable but env key set",
			setup: func(t *testing.T, te *testEnv) {
				te.remember(t, portal)
				te.ring.err = errNoSecretService
				te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
			},
			code: onboard.EndDone,
			out:  []string{"Key from: DOCSPACE_API_KEY", "✓ accepts the key"},
		},
		{
			name: "default works, other portal does not",
			setup: func(t *testing.T, te *testEnv) {
				te.remember(t, portal, other)
				te.store(t, portal, docspacetest.DemoKey)
				te.store(t, other, keyWrong)
			},
			code:   onboard.EndDone,
			out:    []string{portal + " (default)\n  Key from: the system keyring\n  Portal:   ✓ accepts the key", "\n" + other + "\n  Key from: the system keyring\n  Portal:   ✗ The portal rejected the API key"},
			notOut: []string{other + " (default)"},
		},
		{
			name: "default fails, other portal works",
			setup: func(t *testing.T, te *testEnv) {
				te.remember(t, other, portal)
				te.store(t, portal, docspacetest.DemoKey)
			},
			code: onboard.EndKeyRefused,
			out:  []string{other + " (default)\n  Key from: nowhere", portal + "\n  Key from: the system keyring\n  Portal:   ✓ accepts the key"},
		},
		{
			name:  "no portal known",
			setup: func(t *testing.T, te *testEnv) {},
			code:  onboard.EndKeyRefused,
			err:   []string{"No portal known yet: sign in with `docspace-wizard login`"},
		},
		{
			name: "corrupt settings are reported, env portal still checked",
			setup: func(t *testing.T, te *testEnv) {
				if err := os.MkdirAll(te.ConfigDir, 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(settings.Path(te.ConfigDir), []byte("not json"), 0o600); err != nil {
					t.Fatal(err)
				}
				te.vars["DOCSPACE_BASE_URL"] = portal
				te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
			},
			code: onboard.EndDone,
			out:  []string{"✓ accepts the key"},
			err:  []string{"! reading the settings file ", "Fix it or delete it"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			te := newTestEnv(t)
			tt.setup(t, te)
			code := Status(context.Background(), te.Env, StatusOptions{})
			if code != tt.code {
				t.Errorf("ended %v, want %v\nstdout:\n%s\nstderr:\n%s", code, tt.code, te.out.String(), te.err.String())
			}
			assertContains(t, "stdout", te.out.String(), tt.out...)
			assertContains(t, "stderr", te.err.String(), tt.err...)
			for _, nw := range tt.notOut {
				if strings.Contains(te.out.String(), nw) {
					t.Errorf("stdout should not contain %q:\n%s", nw, te.out.String())
				}
			}
			for _, s := range tt.secrets {
				assertSecretNowhere(t, te, s)
			}
		})
	}
}

// TestStatusEnvKeyOnlyForDefault checks that DOCSPACE_API_KEY goes to the default
// portal only: the other known portals never see it, even though (as here, with two
// demo portals) it would work there too.
func TestStatusEnvKeyOnlyForDefault(t *testing.T) {
	tests := []struct {
		name string
		// setup gets the default portal a and the other portal b.
		setup func(t *testing.T, te *testEnv, a, b string)
		bKey  string // key stored for b; "" = none
		code  onboard.End
		out   func(a, b string) []string
	}{
		{
			name: "default from settings, nothing stored for the other",
			setup: func(t *testing.T, te *testEnv, a, b string) {
				te.remember(t, a, b)
			},
			code: onboard.EndDone,
			out: func(a, b string) []string {
				return []string{a + " (default)\n  Key from: DOCSPACE_API_KEY",
					"\n" + b + "\n  Key from: nowhere: no key stored (DOCSPACE_API_KEY is used for the default portal only). Sign in with `docspace-wizard login --portal " + b + "`."}
			},
		},
		{
			name: "default from settings, the other has its own stored key",
			setup: func(t *testing.T, te *testEnv, a, b string) {
				te.remember(t, a, b)
			},
			bKey: keyRooms,
			code: onboard.EndDone,
			out: func(a, b string) []string {
				return []string{a + " (default)\n  Key from: DOCSPACE_API_KEY",
					"\n" + b + "\n  Key from: the system keyring\n  Portal:   ✓ accepts the key", `"Rooms key"`}
			},
		},
		{
			name: "DOCSPACE_BASE_URL overrides the settings' default",
			setup: func(t *testing.T, te *testEnv, a, b string) {
				te.remember(t, b, a) // the settings name b as the default
				te.vars["DOCSPACE_BASE_URL"] = a
			},
			code: onboard.EndDone,
			out: func(a, b string) []string {
				return []string{a + " (default)\n  Key from: DOCSPACE_API_KEY", "\n" + b + "\n  Key from: nowhere"}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pa, a := testPortal(t)
			pb, b := testPortal(t)
			te := newTestEnv(t)
			tt.setup(t, te, a, b)
			if tt.bKey != "" {
				te.store(t, b, tt.bKey)
			}
			te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
			if code := Status(context.Background(), te.Env, StatusOptions{}); code != tt.code {
				t.Errorf("ended %v, want %v\nstdout:\n%s\nstderr:\n%s", code, tt.code, te.out.String(), te.err.String())
			}
			assertContains(t, "stdout", te.out.String(), tt.out(a, b)...)

			if n := countKey(pa.Requests(), "Demo key"); n == 0 {
				t.Errorf("the default portal got no request with DOCSPACE_API_KEY: %+v", pa.Requests())
			}
			reqs := pb.Requests()
			if n := countKey(reqs, "Demo key"); n != 0 {
				t.Errorf("the other portal got %d requests with the default portal's DOCSPACE_API_KEY", n)
			}
			for _, r := range reqs {
				if tt.bKey == "" || !r.AuthPresent || !r.AuthValid || r.KeyName != "Rooms key" {
					t.Errorf("the other portal got %s %s (auth sent %v, valid %v, key %q); want only requests with its own stored key",
						r.Method, r.Path, r.AuthPresent, r.AuthValid, r.KeyName)
				}
			}
			if tt.bKey != "" && len(reqs) == 0 {
				t.Error("the other portal's own stored key was not checked")
			}
			assertSecretNowhere(t, te, docspacetest.DemoKey)
		})
	}
}

// countKey counts the requests authenticated with the key named name.
func countKey(reqs []docspacetest.Request, name string) int {
	n := 0
	for _, r := range reqs {
		if r.AuthValid && r.KeyName == name {
			n++
		}
	}
	return n
}

func TestLogout(t *testing.T) {
	_, portal := testPortal(t)
	tests := []struct {
		name  string
		opts  LogoutOptions
		setup func(*testing.T, *testEnv)
		code  onboard.End
		want  []string
		gone  bool // the stored key is gone afterwards
	}{
		{
			name:  "removes the stored key",
			opts:  LogoutOptions{Portal: portal},
			setup: func(t *testing.T, te *testEnv) { te.store(t, portal, docspacetest.DemoKey) },
			code:  onboard.EndDone, gone: true,
			want: []string{"✓ Removed the API key for " + portal + " from the system keyring."},
		},
		{
			name: "default portal from settings",
			setup: func(t *testing.T, te *testEnv) {
				te.remember(t, portal)
				te.store(t, portal, docspacetest.DemoKey)
			},
			code: onboard.EndDone, gone: true,
			want: []string{"✓ Removed the API key for " + portal},
		},
		{
			name: "unnormalised portal flag",
			opts: LogoutOptions{Portal: portal + "/"},
			setup: func(t *testing.T, te *testEnv) {
				te.store(t, portal, docspacetest.DemoKey)
			},
			code: onboard.EndDone, gone: true,
			want: []string{"✓ Removed the API key for " + portal + " "},
		},
		{
			name:  "nothing stored is not an error",
			opts:  LogoutOptions{Portal: portal},
			setup: func(t *testing.T, te *testEnv) {},
			code:  onboard.EndDone, gone: true,
			want: []string{"No API key was stored for " + portal + ": nothing to remove."},
		},
		{
			name: "env key still set",
			opts: LogoutOptions{Portal: portal},
			setup: func(t *testing.T, te *testEnv) {
				te.store(t, portal, docspacetest.DemoKey)
				te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
			},
			code: onboard.EndDone, gone: true,
			want: []string{"✓ Removed", "! DOCSPACE_API_KEY is still set: runs keep using it until you unset it."},
		},
		{
			name:  "no portal",
			setup: func(t *testing.T, te *testEnv) {},
			code:  onboard.EndInvalid, gone: true,
			want: []string{"✗ No portal to sign out of: pass --portal"},
		},
		{
			name: "keyring unavailable",
			opts: LogoutOptions{Portal: portal},
			setup: func(t *testing.T, te *testEnv) {
				te.store(t, portal, docspacetest.DemoKey)
				te.ring.err = errNoSecretService
			},
			code: onboard.EndFailed,
			want: []string{"✗ Removing the API key for " + portal + " from the system keyring: no Secret Service keyring is running.", "The key (if any) is still stored."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			te := newTestEnv(t)
			tt.setup(t, te)
			if code := Logout(context.Background(), te.Env, tt.opts); code != tt.code {
				t.Errorf("ended %v, want %v; stderr:\n%s", code, tt.code, te.err.String())
			}
			assertContains(t, "stderr", te.err.String(), tt.want...)
			if gone := te.ring.stored(portal) == ""; gone != tt.gone {
				t.Errorf("key gone = %v, want %v", gone, tt.gone)
			}
			assertSecretNowhere(t, te, docspacetest.DemoKey)
		})
	}
}

// TestLoginStatusLogout walks the whole life of a key: after login a run needs no env var.
func TestLoginStatusLogout(t *testing.T) {
	_, portal := testPortal(t)
	te := newTestEnv(t)
	ctx := context.Background()

	te.stdin(docspacetest.DemoKey)
	if code := Login(ctx, te.Env, LoginOptions{Portal: portal, WithKey: true}); code != onboard.EndDone {
		t.Fatalf("login: ended %v\n%s", code, te.err.String())
	}
	key, src, err := keystore.Resolve(te.Keys, portal, te.Getenv)
	if err != nil || src != keystore.SourceKeyring || key != docspacetest.DemoKey {
		t.Fatalf("after login, Resolve = source %v, %v; want the keyring's key", src, err)
	}
	if got, err := te.PortalFrom(""); err != nil || got != portal {
		t.Fatalf("after login, the default portal is %q, %v", got, err)
	}
	if code := Status(ctx, te.Env, StatusOptions{}); code != onboard.EndDone {
		t.Fatalf("status after login: ended %v\n%s%s", code, te.out.String(), te.err.String())
	}
	if code := Logout(ctx, te.Env, LogoutOptions{}); code != onboard.EndDone {
		t.Fatalf("logout: ended %v\n%s", code, te.err.String())
	}
	te.out.Reset()
	if code := Status(ctx, te.Env, StatusOptions{}); code != onboard.EndKeyRefused {
		t.Fatalf("status after logout: ended %v, want %v\n%s", code, onboard.EndKeyRefused, te.out.String())
	}
	assertContains(t, "stdout", te.out.String(), portal+" (default)", "Key from: nowhere: no key stored")
	assertSecretNowhere(t, te, docspacetest.DemoKey)
}
