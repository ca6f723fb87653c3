package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/huh/v2"
	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// Keys seeded on the test portal besides docspacetest.DemoKey (owner, every scope).
const (
	keyWrong    = "sk-000000000000000000000000000072fe7"
	keyExpired  = "sk-e8092ed00000000000000000000000001"
	keyReadOnly = "sk-2eadfec90000000000000000000000002" // no rooms:write
	keyUser     = "sk-0ca9e53e2000000000000000000000003" // an ordinary user: cannot create rooms
	keyRooms    = "sk-2ffd3fec900000000000000000000004"  // rooms:write only: people/@self is 403
	keySoon     = "sk-e8092e39e36da930000000000000000005"
)

// testPortal starts a fake portal with the demo data and the keys above.
func testPortal(t *testing.T) (*docspacetest.Portal, string) {
	t.Helper()
	p, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	t.Cleanup(srv.Close)
	owner, ok := p.UserByEmail(docspacetest.DemoOwnerEmail)
	if !ok {
		t.Fatal("the demo portal has no owner")
	}
	user := p.AddUser(docspacetest.User{Email: "pat@demo.example", DisplayName: "Pat Plain", Role: docspacetest.RoleUser})
	p.AddKey(docspacetest.Key{Secret: keyExpired, Name: "Old key", UserID: owner.ID, Active: true, ExpiresAt: time.Now().Add(-time.Hour)})
	p.AddKey(docspacetest.Key{Secret: keyReadOnly, Name: "Read key", UserID: owner.ID, Active: true,
		Scopes: []string{"rooms:read", "accounts:read", "accounts.self:read"}})
	p.AddKey(docspacetest.Key{Secret: keyUser, Name: "Pat's key", UserID: user, Active: true})
	p.AddKey(docspacetest.Key{Secret: keyRooms, Name: "Rooms key", UserID: owner.ID, Active: true, Scopes: []string{"rooms:write"}})
	p.AddKey(docspacetest.Key{Secret: keySoon, Name: "CI key", UserID: owner.ID, Active: true,
		ExpiresAt: time.Now().Add(36*24*time.Hour + 12*time.Hour)})
	portal, err := docspace.NormalizePortal(srv.URL)
	if err != nil {
		t.Fatalf("normalising %s: %v", srv.URL, err)
	}
	return p, portal
}

// memBackend is an in-memory go-keyring backend that can fail or hang on demand.
type memBackend struct {
	mu      sync.Mutex
	secrets map[string]string
	err     error
	hang    chan struct{}
}

func (m *memBackend) enter() error {
	m.mu.Lock()
	err, hang := m.err, m.hang
	m.mu.Unlock()
	if hang != nil {
		<-hang
	}
	return err
}

func (m *memBackend) Get(service, user string) (string, error) {
	if err := m.enter(); err != nil {
		return "", err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.secrets[service+" "+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (m *memBackend) Set(service, user, pw string) error {
	if err := m.enter(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.secrets == nil {
		m.secrets = map[string]string{}
	}
	m.secrets[service+" "+user] = pw
	return nil
}

func (m *memBackend) Delete(service, user string) error {
	if err := m.enter(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.secrets[service+" "+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(m.secrets, service+" "+user)
	return nil
}

func (m *memBackend) stored(portal string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.secrets["docspace-wizard "+portal]
}

// errNoSecretService is what go-keyring returns when D-Bus has no Secret Service.
var errNoSecretService = dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown",
	Body: []any{"The name org.freedesktop.secrets was not provided by any .service files"}}

// testEnv is an Env over buffers, a temporary config dir and an in-memory keyring.
type testEnv struct {
	Env
	out, err *bytes.Buffer
	ring     *memBackend
	vars     map[string]string
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	te := &testEnv{out: &bytes.Buffer{}, err: &bytes.Buffer{}, ring: &memBackend{}, vars: map[string]string{}}
	te.Env = Env{
		Streams:   Streams{In: strings.NewReader(""), Out: te.out, Err: te.err},
		Getenv:    func(k string) string { return te.vars[k] },
		ConfigDir: filepath.Join(t.TempDir(), "docspace-wizard"),
		Version:   "test",
		Keys:      keystore.Open(keystore.WithBackend(te.ring), keystore.WithTimeout(time.Minute)),
	}
	return te
}

func (te *testEnv) stdin(s string) { te.Streams.In = strings.NewReader(s) }

func (te *testEnv) settings(t *testing.T) settings.Settings {
	t.Helper()
	s, err := settings.Load(te.ConfigDir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fakePrompter answers prompts from fields and records what it was asked.
type fakePrompter struct {
	portal, key string
	err         error
	suggested   string
	askedPortal bool
	askedKeyFor string
}

func (f *fakePrompter) Portal(_ context.Context, suggested string) (string, error) {
	f.askedPortal, f.suggested = true, suggested
	return f.portal, f.err
}

func (f *fakePrompter) Key(_ context.Context, portal string) (string, error) {
	f.askedKeyFor = portal
	return f.key, f.err
}

// assertSecretNowhere checks that neither the output nor any settings file holds secret.
func assertSecretNowhere(t *testing.T, te *testEnv, secret string) {
	t.Helper()
	if strings.Contains(te.out.String()+te.err.String(), secret) {
		t.Errorf("the output shows the API key")
	}
	_ = filepath.WalkDir(te.ConfigDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if data, _ := os.ReadFile(path); bytes.Contains(data, []byte(secret)) {
			t.Errorf("%s contains the API key", path)
		}
		return nil
	})
}

func assertContains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

func TestLogin(t *testing.T) {
	_, portal := testPortal(t)
	tests := []struct {
		name     string
		key      string
		setup    func(*testEnv)
		wantCode onboard.End
		stored   bool
		want     []string
		notWant  []string
	}{
		{
			name: "owner with every scope", key: docspacetest.DemoKey, wantCode: onboard.EndDone, stored: true,
			want: []string{
				"✓ Signed in to " + portal + " as Alex Admin <alex@demo.example> (owner)",
				`Key: "Demo key" ending in …de00, scopes: all, never expires`,
				"✓ Stored the key in the system keyring (service docspace-wizard, account " + portal + ").",
				portal + " is now the default portal.",
			},
			notWant: []string{"!"},
		},
		{
			name: "rejected key", key: keyWrong, wantCode: onboard.EndKeyRefused,
			want: []string{"✗ The portal rejected the API key (HTTP 401): it is wrong, revoked or expired.", "Nothing was stored.", "docspace-wizard login --portal " + portal},
		},
		{
			name: "expired key", key: keyExpired, wantCode: onboard.EndKeyRefused,
			want: []string{"rejected the API key", "expired", "Nothing was stored."},
		},
		{
			// The key cannot do this program's job: refused, as the wizard and --yes refuse it.
			name: "key without rooms:write", key: keyReadOnly, wantCode: onboard.EndKeyRefused, stored: false,
			want: []string{"✗ The API key lacks the rooms:write scope, so it cannot create rooms or invite people.",
				"Create a key with the rooms:write and accounts:read scopes", "Nothing was stored."},
			notWant: []string{"✓"},
		},
		{
			name: "user who cannot create rooms", key: keyUser, wantCode: onboard.EndDone, stored: true,
			want: []string{"as Pat Plain <pat@demo.example> (user)", "! Pat Plain is a user, neither a DocSpace admin nor a room admin: the portal will refuse to create rooms."},
		},
		{
			name: "room-scoped key cannot read its profile", key: keyRooms, wantCode: onboard.EndDone, stored: true,
			want:    []string{"✓ Signed in to " + portal + "; user unknown (the key may not read its own profile: no accounts.self:read scope)", "! The key lacks the accounts:read scope"},
			notWant: []string{"lacks the rooms:write"},
		},
		{
			name: "key expiring in 36 days", key: keySoon, wantCode: onboard.EndDone, stored: true,
			want: []string{`Key: "CI key" ending in …0005, scopes: all, expires ` + time.Now().Add(36*24*time.Hour+12*time.Hour).Local().Format(time.DateOnly) + " (in 36 days)"},
		},
		{
			name: "keyring unavailable", key: docspacetest.DemoKey, wantCode: onboard.EndFailed,
			setup: func(te *testEnv) { te.ring.err = errNoSecretService },
			want: []string{"✓ Signed in to", "✗ Storing the API key for " + portal + " in the system keyring: no Secret Service keyring is running.",
				"apt install gnome-keyring", "The key works, but it was not stored.", "export DOCSPACE_API_KEY=<your key>", "export DOCSPACE_BASE_URL=" + portal},
		},
		{
			name: "keyring locked", key: docspacetest.DemoKey, wantCode: onboard.EndFailed,
			setup: func(te *testEnv) {
				te.ring.err = errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")
			},
			want: []string{"the keyring is locked and could not be unlocked. Unlock it", "(keyring said: failed to unlock correct collection"},
		},
		{
			name: "no keyring at all", key: docspacetest.DemoKey, wantCode: onboard.EndFailed,
			setup: func(te *testEnv) { te.Keys = nil },
			want:  []string{"✗ No system keyring is available, so the key was not stored.", "export DOCSPACE_API_KEY=<your key>"},
		},
		{
			name: "env key is set", key: docspacetest.DemoKey, wantCode: onboard.EndDone, stored: true,
			setup: func(te *testEnv) { te.vars["DOCSPACE_API_KEY"] = keyReadOnly },
			want:  []string{"! DOCSPACE_API_KEY is set: it wins over the stored key for every run until you unset it."},
		},
		{
			name: "empty key", key: "  \n", wantCode: onboard.EndKeyRefused,
			want: []string{"No API key given"},
		},
		{
			name: "two words", key: "sk-abc sk-def", wantCode: onboard.EndKeyRefused,
			want: []string{"contains spaces"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			te := newTestEnv(t)
			te.stdin(tt.key + "\n")
			if tt.setup != nil {
				tt.setup(te)
			}
			code := Login(context.Background(), te.Env, LoginOptions{Portal: portal, WithKey: true})
			if code != tt.wantCode {
				t.Errorf("ended %v, want %v; stderr:\n%s", code, tt.wantCode, te.err.String())
			}
			assertContains(t, "stderr", te.err.String(), tt.want...)
			for _, nw := range tt.notWant {
				if strings.Contains(te.err.String(), nw) {
					t.Errorf("stderr should not contain %q:\n%s", nw, te.err.String())
				}
			}
			key := strings.TrimSpace(tt.key)
			if got := te.ring.stored(portal); (got == key && key != "") != tt.stored || (!tt.stored && got != "") {
				t.Errorf("stored key present = %v, want %v", got != "", tt.stored)
			}
			s := te.settings(t)
			if tt.stored && (s.DefaultPortal != portal || len(s.Portals) != 1 || s.Portals[0] != portal) {
				t.Errorf("settings = %+v, want %s as default and known", s, portal)
			}
			if !tt.stored && s.DefaultPortal != "" {
				t.Errorf("settings = %+v, want nothing recorded", s)
			}
			if key != "" {
				assertSecretNowhere(t, te, key)
			}
		})
	}
}

func TestLoginInteractive(t *testing.T) {
	_, portal := testPortal(t)
	te := newTestEnv(t)
	te.Streams.InTTY = true
	te.vars["DOCSPACE_BASE_URL"] = portal + "/"
	fp := &fakePrompter{portal: portal + "/", key: docspacetest.DemoKey}
	code := Login(context.Background(), te.Env, LoginOptions{Prompter: fp})
	if code != onboard.EndDone {
		t.Fatalf("ended %v; stderr:\n%s", code, te.err.String())
	}
	if !fp.askedPortal || fp.suggested != portal+"/" || fp.askedKeyFor != portal {
		t.Errorf("prompter: asked portal %v (suggested %q), key for %q", fp.askedPortal, fp.suggested, fp.askedKeyFor)
	}
	if te.ring.stored(portal) != docspacetest.DemoKey {
		t.Errorf("the key was not stored under %s", portal)
	}
	assertSecretNowhere(t, te, docspacetest.DemoKey)
}

func TestLoginAsksOnlyForKeyWhenPortalGiven(t *testing.T) {
	_, portal := testPortal(t)
	te := newTestEnv(t)
	te.Streams.InTTY = true
	fp := &fakePrompter{key: docspacetest.DemoKey}
	if code := Login(context.Background(), te.Env, LoginOptions{Portal: portal, Prompter: fp}); code != onboard.EndDone {
		t.Fatalf("ended %v; stderr:\n%s", code, te.err.String())
	}
	if fp.askedPortal {
		t.Error("asked for the portal although --portal was given")
	}
}

func TestLoginUsageErrors(t *testing.T) {
	_, portal := testPortal(t)
	tests := []struct {
		name  string
		opts  LoginOptions
		setup func(*testEnv)
		code  onboard.End
		want  string
	}{
		{"stdin not a terminal", LoginOptions{Portal: portal}, nil, onboard.EndInvalid, "--with-key"},
		{"no portal for a script", LoginOptions{WithKey: true}, nil, onboard.EndInvalid, "No portal given: pass --portal"},
		{"bad portal", LoginOptions{Portal: "ftp://example.com", WithKey: true}, nil, onboard.EndInvalid, "https://"},
		{"prompt cancelled", LoginOptions{Prompter: &fakePrompter{err: huh.ErrUserAborted}}, func(te *testEnv) { te.Streams.InTTY = true }, onboard.EndInterrupted, "Cancelled: nothing was stored."},
		{"corrupt settings", LoginOptions{Portal: portal, WithKey: true}, func(te *testEnv) {
			if err := os.MkdirAll(te.ConfigDir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(settings.Path(te.ConfigDir), []byte("{oops"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, onboard.EndFailed, "Fix it or delete it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			te.stdin(docspacetest.DemoKey)
			if tt.setup != nil {
				tt.setup(te)
			}
			if code := Login(context.Background(), te.Env, tt.opts); code != tt.code {
				t.Errorf("ended %v, want %v; stderr:\n%s", code, tt.code, te.err.String())
			}
			assertContains(t, "stderr", te.err.String(), tt.want)
			if te.ring.stored(portal) != "" {
				t.Error("a key was stored")
			}
		})
	}
}

func TestLoginPortalFromEnvForScripts(t *testing.T) {
	_, portal := testPortal(t)
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = portal
	te.stdin(docspacetest.DemoKey)
	if code := Login(context.Background(), te.Env, LoginOptions{WithKey: true}); code != onboard.EndDone {
		t.Fatalf("ended %v; stderr:\n%s", code, te.err.String())
	}
	if te.ring.stored(portal) != docspacetest.DemoKey {
		t.Error("the key was not stored for DOCSPACE_BASE_URL's portal")
	}
}

func TestLoginUnreachablePortalStoresNothing(t *testing.T) {
	_, srv := docspacetest.NewServer()
	url := srv.URL
	srv.Close() // connection refused from now on
	te := newTestEnv(t)
	te.stdin(docspacetest.DemoKey)
	code := Login(context.Background(), te.Env, LoginOptions{Portal: url, WithKey: true})
	if code != onboard.EndFailed {
		t.Errorf("ended %v, want %v", code, onboard.EndFailed)
	}
	assertContains(t, "stderr", te.err.String(), "✗ Could not check the key", "Nothing was stored.")
	if len(te.ring.secrets) != 0 {
		t.Error("a key was stored")
	}
}

func TestLoginKeyringTimeout(t *testing.T) {
	_, portal := testPortal(t)
	te := newTestEnv(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	te.ring.hang = release
	te.Keys = keystore.Open(keystore.WithBackend(te.ring), keystore.WithTimeout(10*time.Millisecond))
	te.stdin(docspacetest.DemoKey)
	if code := Login(context.Background(), te.Env, LoginOptions{Portal: portal, WithKey: true}); code != onboard.EndFailed {
		t.Errorf("ended %v, want %v", code, onboard.EndFailed)
	}
	assertContains(t, "stderr", te.err.String(), "the keyring did not answer within 10ms", "unlock it", "The key works, but it was not stored.")
}

// A key without rooms:write is refused the same way, with the same sentence, by login,
// --yes and status: exit 4, and login stores nothing.
func TestAKeyWithoutRoomsWriteIsRefusedAlike(t *testing.T) {
	_, portal := testPortal(t)
	want := onboard.KeyVerdict{Verdict: onboard.KeyLacksScope}.Sentence()
	ctx := context.Background()

	te := newTestEnv(t)
	te.stdin(keyReadOnly)
	if code := Login(ctx, te.Env, LoginOptions{Portal: portal, WithKey: true}); code != onboard.EndKeyRefused {
		t.Errorf("login: ended %v, want %v", code, onboard.EndKeyRefused)
	}
	assertContains(t, "login's stderr", te.err.String(), want)
	if got := te.ring.stored(portal); got != "" {
		t.Error("login stored a key without rooms:write")
	}

	te = newTestEnv(t)
	te.vars["DOCSPACE_API_KEY"] = keyReadOnly
	if code := Run(ctx, te.Env, RunOptions{Portal: portal, Title: "T", Type: "custom", Invites: []string{"a@example.com"}}); code != onboard.EndKeyRefused {
		t.Errorf("--yes: ended %v, want %v", code, onboard.EndKeyRefused)
	}
	assertContains(t, "--yes's stderr", te.err.String(), want)

	te = newTestEnv(t)
	te.vars["DOCSPACE_API_KEY"] = keyReadOnly
	te.vars["DOCSPACE_BASE_URL"] = portal
	if code := Status(ctx, te.Env, StatusOptions{}); code != onboard.EndKeyRefused {
		t.Errorf("status: ended %v, want %v", code, onboard.EndKeyRefused)
	}
	assertContains(t, "status's stdout", te.out.String(), want)
}

// --yes with --portal naming another portal than the default one does not send it
// DOCSPACE_API_KEY (the default portal's key), as status does not; without a default
// portal the environment's key is the one to use.
func TestRunSendsTheEnvKeyToTheDefaultPortalOnly(t *testing.T) {
	_, a := testPortal(t)
	pb, b := testPortal(t)
	te := newTestEnv(t)
	te.remember(t, a)
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	opts := RunOptions{Portal: b, Title: "T", Type: "custom", Invites: []string{"a@example.com"}}
	if code := Run(context.Background(), te.Env, opts); code != onboard.EndKeyRefused {
		t.Errorf("ended %v, want %v\n%s", code, onboard.EndKeyRefused, te.err.String())
	}
	if n := countKey(pb.Requests(), "Demo key"); n != 0 {
		t.Errorf("the other portal got %d requests with the default portal's DOCSPACE_API_KEY", n)
	}
	assertContains(t, "stderr", te.err.String(), "No API key for "+b, "DOCSPACE_API_KEY is used for the default portal "+a+" only")

	te = newTestEnv(t)
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	if code := Run(context.Background(), te.Env, opts); code != onboard.EndDone {
		t.Errorf("no default portal: ended %v\n%s", code, te.err.String())
	}
}

// When the client cannot be built, login and every other command end alike: a key
// not shaped like one is refused (exit 4), anything else is bad input (exit 2).
func TestClientBuildFailuresEndAlike(t *testing.T) {
	if got := newClientEnd(fmt.Errorf("wrapped: %w", docspace.ErrMalformedKey)); got != onboard.EndKeyRefused {
		t.Errorf("a malformed key ends %v", got)
	}
	_, err := docspace.New("https://portal.example.com/"+docspacetest.DemoKey, docspacetest.DemoKey)
	if err == nil {
		t.Fatal("a portal address with the key in it was taken")
	}
	if got := newClientEnd(err); got != onboard.EndInvalid {
		t.Errorf("a portal address with the key ends %v, want invalid", got)
	}
}
