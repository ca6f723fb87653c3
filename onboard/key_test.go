package onboard

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/keystore"
)

// memStore is a keyring in memory.
type memStore map[string]string

func (m memStore) Get(p string) (string, error) {
	if k, ok := m[p]; ok {
		return k, nil
	}
	return "", keystore.ErrNotFound
}
func (m memStore) Set(p, k string) error { m[p] = k; return nil }
func (m memStore) Delete(p string) error { delete(m, p); return nil }

// DOCSPACE_API_KEY goes to the default portal only; other portals use the keyring.
func TestResolveKeyGivesTheEnvKeyToTheDefaultPortalOnly(t *testing.T) {
	const envKey, storedKey = "sk-env", "sk-stored"
	store := memStore{flagPortal: storedKey}
	env := envOf(map[string]string{keystore.EnvKey: envKey})
	for _, tt := range []struct {
		name, portal, def string
		want              string
		src               keystore.Source
		skipped           bool
	}{
		{"the default portal", envPortal, envPortal, envKey, keystore.SourceEnv, false},
		{"no default known", flagPortal, "", envKey, keystore.SourceEnv, false},
		{"another portal, key stored", flagPortal, envPortal, storedKey, keystore.SourceKeyring, true},
		{"another portal, nothing stored", savedPortal, envPortal, "", keystore.SourceNone, true},
	} {
		k, err := ResolveKey(store, tt.portal, EnvKeyApplies(tt.portal, tt.def), env)
		if err != nil || k.Secret != tt.want || k.Source != tt.src || k.EnvSkipped != tt.skipped {
			t.Errorf("%s: got %+v, %v", tt.name, k, err)
		}
	}
}

// fakeChecker answers the two key questions.
type fakeChecker struct {
	info             docspace.KeyInfo
	infoErr, selfErr error
}

func (f fakeChecker) KeyInfo(context.Context) (docspace.KeyInfo, error) { return f.info, f.infoErr }
func (f fakeChecker) Self(context.Context) (docspace.User, error) {
	return docspace.User{Email: "a@example.com"}, f.selfErr
}

// One verdict: what each answer means, whether the key is refused (exit 4), and the
// sentence every front-end shows.
func TestVerdict(t *testing.T) {
	unauthorized := &docspace.APIError{Kind: docspace.KindUnauthorized, Op: "checking the API key", Status: 401}
	forbiddenSelf := &docspace.APIError{Kind: docspace.KindForbidden, Status: 403}
	network := &docspace.APIError{Kind: docspace.KindNetwork, Op: "checking the API key"}
	readOnly := docspace.KeyInfo{Permissions: []string{"rooms:read", "accounts:read"}}
	tests := []struct {
		name    string
		c       fakeChecker
		want    Verdict
		refused bool
		says    string
	}{
		{"all scopes", fakeChecker{}, KeyWorks, false, ""},
		{"rooms:write, profile forbidden", fakeChecker{info: docspace.KeyInfo{Permissions: []string{"rooms:write"}}, selfErr: forbiddenSelf}, KeyWorks, false, ""},
		{"read-only", fakeChecker{info: readOnly}, KeyLacksScope, true, "The API key lacks the rooms:write scope, so it cannot create rooms or invite people."},
		{"rejected", fakeChecker{infoErr: unauthorized, selfErr: unauthorized}, KeyRejected, true, "The portal rejected the API key (HTTP 401): it is wrong, revoked or expired."},
		{"profile rejected", fakeChecker{selfErr: unauthorized}, KeyRejected, true, "rejected the API key"},
		{"no answer", fakeChecker{infoErr: network, selfErr: network}, KeyUnchecked, false, "could not reach the portal. Check the portal address"},
	}
	for _, tt := range tests {
		v := Judge(CheckKey(context.Background(), tt.c))
		if v.Verdict != tt.want || v.Refused() != tt.refused || v.OK() != (tt.want == KeyWorks) || !strings.Contains(v.Problem(), tt.says) {
			t.Errorf("%s: verdict %v, refused %v, problem %q; want %v, %v, %q", tt.name, v.Verdict, v.Refused(), v.Problem(), tt.want, tt.refused, tt.says)
		}
	}
	if v := JudgeShape("sk-nothex"); v.Verdict != KeyMalformed || !v.Refused() || !strings.HasPrefix(v.Problem(), "That is not a DocSpace API key") {
		t.Errorf("malformed: %+v %q", v, v.Problem())
	}
	if v := JudgeShape(" "); v.Verdict != KeyMissing || !v.Refused() {
		t.Errorf("missing: %+v", v)
	}
	if v := JudgeShape(docspacetest.DemoKey); !v.OK() {
		t.Errorf("a well-formed key: %+v", v)
	}
}

// A run's check says the same as the key check: the scope refusal is the same verdict.
func TestJudgeErrorMatchesJudge(t *testing.T) {
	p, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	t.Cleanup(srv.Close)
	const readOnly = "sk-2eadfec90000000000000000000000002"
	p.AddKey(docspacetest.NewKey(readOnly, "rooms:read"))
	c, err := docspace.New(p.URL(), readOnly, docspace.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	_, cerr := c.Check(context.Background(), docspace.Plan{NewRoom: &docspace.NewRoom{Title: "T", Type: docspace.RoomCustom}})
	byRun, byCheck := JudgeError(cerr), Judge(CheckKey(context.Background(), c))
	if byRun.Verdict != KeyLacksScope || byRun.Sentence() != byCheck.Sentence() {
		t.Errorf("the run says %q (%v), the key check %q", byRun.Sentence(), byRun.Verdict, byCheck.Sentence())
	}
	// A 403 from the portal itself is its own story, told by its own message.
	for _, err := range []error{errors.New("boom"), &docspace.APIError{Kind: docspace.KindForbidden, Status: 403, Message: "The role is not available"}} {
		if v := JudgeError(err); v.Refused() {
			t.Errorf("%v refuses the key: %+v", err, v)
		}
	}
}

// Only a working key is stored, and only in the keyring.
func TestStoreKey(t *testing.T) {
	store := memStore{}
	if err := StoreKey(store, envPortal, "sk-x", KeyVerdict{Verdict: KeyLacksScope}); err == nil || len(store) != 0 {
		t.Errorf("a key without rooms:write was stored (%v)", err)
	}
	if err := StoreKey(nil, envPortal, "sk-x", KeyVerdict{}); !errors.Is(err, ErrNoKeyring) {
		t.Errorf("no keyring: %v", err)
	}
	if err := StoreKey(store, envPortal, " sk-x\n", KeyVerdict{}); err != nil || store[envPortal] != "sk-x" {
		t.Errorf("a working key: %v, stored %q", err, store[envPortal])
	}
}
