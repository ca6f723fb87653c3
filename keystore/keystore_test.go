package keystore

import (
	"errors"
	"net"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

const (
	testPortal = "https://name.onlyoffice.com"
	testKey    = "sk-0123456789abcdef0123456789abcdef"
)

// These tests swap go-keyring's package-level provider (MockInit), so they never run in parallel.

func TestMockRoundTrip(t *testing.T) {
	keyring.MockInit()
	ks := Open()
	if _, err := ks.Get(testPortal); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get before Set: %v, want ErrNotFound", err)
	}
	if err := ks.Set(testPortal, testKey); err != nil {
		t.Fatalf("Set: %v", err)
	}
	// The key is filed under service docspace-wizard, account = the portal as given.
	if got, err := keyring.Get("docspace-wizard", testPortal); err != nil || got != testKey {
		t.Fatalf("keyring.Get(docspace-wizard, %s) = %q, %v", testPortal, got, err)
	}
	if got, err := ks.Get(testPortal); err != nil || got != testKey {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if _, err := ks.Get("https://other.onlyoffice.com"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get other portal: %v, want ErrNotFound", err)
	}
	if err := ks.Delete(testPortal); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := ks.Delete(testPortal); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete: %v, want ErrNotFound", err)
	}
	if _, err := ks.Get(testPortal); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
}

func TestPlatformErrors(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		kind       error
		reason     string
		fix        string
		wantDetail string // "" when the platform message must not be shown
	}{
		{"not found", keyring.ErrNotFound, ErrNotFound, reasonNotFound, "docspace-wizard login --portal " + testPortal, ""},
		{"no dbus-launch", &exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}, ErrUnavailable, reasonNoBus, fixNoBus, `exec: "dbus-launch": executable file not found in $PATH`},
		{"dbus-launch failed", errors.New("dbus: couldn't determine address of session bus"), ErrUnavailable, reasonNoBus, fixNoBus, "couldn't determine address of session bus"},
		{"dead bus socket", &net.OpError{Op: "dial", Net: "unix", Err: errors.New("connect: no such file or directory")}, ErrUnavailable, reasonNoBus, fixNoBus, "dial unix: connect: no such file or directory"},
		{"no secret service", dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown", Body: []any{"The name org.freedesktop.secrets was not provided by any .service files"}}, ErrUnavailable, reasonNoService, fixNoService, "was not provided by any .service files"},
		{"no secret service (pointer)", dbus.NewError("org.freedesktop.DBus.Error.NameHasNoOwner", []any{"no owner"}), ErrUnavailable, reasonNoService, fixNoService, "no owner"},
		{"collection locked", dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked", Body: []any{"Cannot get secret of a locked object"}}, ErrUnavailable, reasonLocked, fixLocked, "locked object"},
		{"unlock prompt dismissed", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), ErrUnavailable, reasonLocked, fixLocked, "failed to unlock correct collection"},
		{"no default collection", dbus.Error{Name: "org.freedesktop.Secret.Error.NoSuchObject", Body: []any{"The collection does not exist"}}, ErrUnavailable, reasonNoCollection, fixNoCollection, "does not exist"},
		{"access denied", dbus.Error{Name: "org.freedesktop.DBus.Error.AccessDenied", Body: []any{"Rejected"}}, ErrUnavailable, reasonDenied, fixDenied, "Rejected"},
		{"dbus no reply", dbus.Error{Name: "org.freedesktop.DBus.Error.NoReply", Body: []any{"Did not receive a reply"}}, ErrUnavailable, reasonNoAnswer, fixTimeout, "Did not receive a reply"},
		{"unknown dbus error", dbus.Error{Name: "org.example.Weird", Body: []any{"weird"}}, ErrUnavailable, reasonOther, fixOther, "weird"},
		{"unsupported platform", keyring.ErrUnsupportedPlatform, ErrUnavailable, reasonUnsupported, fixUnsupported, "unsupported platform"},
		{"too big", keyring.ErrSetDataTooBig, ErrUnavailable, reasonTooBig, fixTooBig, "too big"},
		{"anything else", errors.New("boom"), ErrUnavailable, reasonOther, fixOther, "boom"},
	}
	ops := []struct {
		name string
		verb string
		call func(*Keyring) error
	}{
		{"Get", "reading the API key for " + testPortal, func(k *Keyring) error { _, err := k.Get(testPortal); return err }},
		{"Set", "storing the API key for " + testPortal, func(k *Keyring) error { return k.Set(testPortal, testKey) }},
		{"Delete", "removing the API key for " + testPortal, func(k *Keyring) error { return k.Delete(testPortal) }},
	}
	for _, tt := range tests {
		for _, op := range ops {
			t.Run(tt.name+"/"+op.name, func(t *testing.T) {
				keyring.MockInitWithError(tt.err)
				err := op.call(Open())
				if !errors.Is(err, tt.kind) {
					t.Fatalf("error %v does not match %v", err, tt.kind)
				}
				for _, other := range []error{ErrNotFound, ErrUnavailable, ErrTimeout} {
					if other != tt.kind && errors.Is(err, other) {
						t.Errorf("error %v also matches %v", err, other)
					}
				}
				var ke *Error
				if !errors.As(err, &ke) || ke.Reason != tt.reason {
					t.Fatalf("error %#v, want reason %q", err, tt.reason)
				}
				msg := err.Error()
				// The helpful sentence comes first; the platform's words only after it.
				if !strings.HasPrefix(msg, op.verb+" from the system keyring: "+tt.reason+".") &&
					!strings.HasPrefix(msg, op.verb+" in the system keyring: "+tt.reason+".") {
					t.Errorf("message %q should start with %q and the reason", msg, op.verb)
				}
				if !strings.Contains(msg, tt.fix) {
					t.Errorf("message %q lacks the fix %q", msg, tt.fix)
				}
				if tt.kind == ErrUnavailable && !strings.Contains(msg, "DOCSPACE_API_KEY") {
					t.Errorf("message %q should offer DOCSPACE_API_KEY", msg)
				}
				if tt.wantDetail == "" {
					if strings.Contains(msg, "keyring said") {
						t.Errorf("message %q should carry no platform detail", msg)
					}
				} else if i := strings.Index(msg, "(keyring said: "); i < 0 || !strings.Contains(msg[i:], tt.wantDetail) ||
					i < strings.Index(msg, tt.fix) {
					t.Errorf("message %q should end with the platform detail %q", msg, tt.wantDetail)
				}
				if strings.Contains(msg, testKey) {
					t.Errorf("message leaks the key: %q", msg)
				}
			})
		}
	}
}

// fakeBackend is a Backend whose calls can block until released and which records its calls.
type fakeBackend struct {
	mu      sync.Mutex
	block   chan struct{} // when non-nil, every call waits for it to close
	err     error
	calls   []string
	secrets map[string]string
}

func (f *fakeBackend) record(call, service, user string) error {
	f.mu.Lock()
	f.calls = append(f.calls, call+" "+service+" "+user)
	block, err := f.block, f.err
	f.mu.Unlock()
	if block != nil {
		<-block
	}
	return err
}

func (f *fakeBackend) Get(service, user string) (string, error) {
	if err := f.record("get", service, user); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if v, ok := f.secrets[service+"\x00"+user]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}

func (f *fakeBackend) Set(service, user, pw string) error {
	if err := f.record("set", service, user); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.secrets == nil {
		f.secrets = map[string]string{}
	}
	f.secrets[service+"\x00"+user] = pw
	return nil
}

func (f *fakeBackend) Delete(service, user string) error {
	if err := f.record("delete", service, user); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.secrets[service+"\x00"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(f.secrets, service+"\x00"+user)
	return nil
}

func TestTimeout(t *testing.T) {
	ops := map[string]func(*Keyring) error{
		"Get":    func(k *Keyring) error { _, err := k.Get(testPortal); return err },
		"Set":    func(k *Keyring) error { return k.Set(testPortal, testKey) },
		"Delete": func(k *Keyring) error { return k.Delete(testPortal) },
	}
	for name, call := range ops {
		t.Run(name, func(t *testing.T) {
			release := make(chan struct{})
			fb := &fakeBackend{block: release}
			// Release the hung call when the test ends so its goroutine finishes.
			t.Cleanup(func() { close(release) })
			err := call(Open(WithBackend(fb), WithTimeout(5*time.Millisecond)))
			if !errors.Is(err, ErrTimeout) || errors.Is(err, ErrUnavailable) {
				t.Fatalf("error %v, want ErrTimeout only", err)
			}
			msg := err.Error()
			for _, want := range []string{"did not answer within 5ms", "unlock it", "DOCSPACE_API_KEY"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
		})
	}
}

func TestBackendGetsServiceAndPortal(t *testing.T) {
	fb := &fakeBackend{}
	ks := Open(WithBackend(fb), WithTimeout(time.Minute))
	if err := ks.Set(testPortal, testKey); err != nil {
		t.Fatal(err)
	}
	if got, err := ks.Get(testPortal); err != nil || got != testKey {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if err := ks.Delete(testPortal); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"set docspace-wizard " + testPortal,
		"get docspace-wizard " + testPortal,
		"delete docspace-wizard " + testPortal,
	}
	if strings.Join(fb.calls, "\n") != strings.Join(want, "\n") {
		t.Errorf("calls = %q, want %q", fb.calls, want)
	}
}

func TestRedactsKeyFromPlatformMessage(t *testing.T) {
	fb := &fakeBackend{err: errors.New("cannot store " + testKey + " here")}
	err := Open(WithBackend(fb)).Set(testPortal, testKey)
	if err == nil || strings.Contains(err.Error(), testKey) || !strings.Contains(err.Error(), "[API key]") {
		t.Fatalf("error %v should have the key redacted", err)
	}
	// In another letter case, or without its sk-, it is the same key.
	for _, echo := range []string{strings.ToUpper(testKey), strings.TrimPrefix(testKey, "sk-")} {
		fb = &fakeBackend{err: errors.New("cannot store " + echo + " here")}
		if err := Open(WithBackend(fb)).Set(testPortal, testKey); err == nil || strings.Contains(err.Error(), echo) {
			t.Errorf("error %v shows the key", err)
		}
	}
}

// storeFunc adapts a Get function to Store for Resolve tests.
type storeFunc func(string) (string, error)

func (f storeFunc) Get(p string) (string, error) { return f(p) }
func (storeFunc) Set(string, string) error       { return errors.New("unused") }
func (storeFunc) Delete(string) error            { return errors.New("unused") }

func TestResolve(t *testing.T) {
	unavailable := &Error{Kind: ErrUnavailable, Op: "reading", Reason: reasonNoService}
	tests := []struct {
		name    string
		env     string
		store   Store
		wantKey string
		wantSrc Source
		wantErr error
	}{
		{"env wins over keyring", "sk-env", storeFunc(func(string) (string, error) { return "sk-ring", nil }), "sk-env", SourceEnv, nil},
		{"env wins over a broken keyring", "sk-env", storeFunc(func(string) (string, error) { return "", unavailable }), "sk-env", SourceEnv, nil},
		{"env is trimmed", "  sk-env\n", nil, "sk-env", SourceEnv, nil},
		{"blank env is unset", "   ", storeFunc(func(string) (string, error) { return "sk-ring", nil }), "sk-ring", SourceKeyring, nil},
		{"keyring", "", storeFunc(func(p string) (string, error) {
			if p != testPortal {
				return "", &Error{Kind: ErrNotFound}
			}
			return "sk-ring", nil
		}), "sk-ring", SourceKeyring, nil},
		{"nothing stored", "", storeFunc(func(string) (string, error) { return "", &Error{Kind: ErrNotFound} }), "", SourceNone, nil},
		{"keyring unavailable", "", storeFunc(func(string) (string, error) { return "", unavailable }), "", SourceNone, ErrUnavailable},
		{"keyring timed out", "", storeFunc(func(string) (string, error) { return "", &Error{Kind: ErrTimeout} }), "", SourceNone, ErrTimeout},
		{"no keyring at all", "", nil, "", SourceNone, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(name string) string {
				if name == EnvKey {
					return tt.env
				}
				return ""
			}
			key, src, err := Resolve(tt.store, testPortal, getenv)
			if key != tt.wantKey || src != tt.wantSrc {
				t.Errorf("Resolve = %q, %v; want %q, %v", key, src, tt.wantKey, tt.wantSrc)
			}
			if (tt.wantErr == nil) != (err == nil) || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Errorf("Resolve error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestResolveEnvSkipsKeyring(t *testing.T) {
	fb := &fakeBackend{}
	_, src, _ := Resolve(Open(WithBackend(fb)), testPortal, func(string) string { return "sk-env" })
	if src != SourceEnv || len(fb.calls) != 0 {
		t.Fatalf("source %v, keyring calls %v: the env key must win without touching the keyring", src, fb.calls)
	}
}

func TestSourceString(t *testing.T) {
	for src, want := range map[Source]string{SourceNone: "none", SourceEnv: "env", SourceKeyring: "keyring"} {
		if src.String() != want {
			t.Errorf("%d.String() = %q, want %q", src, src.String(), want)
		}
	}
}
