package onboard

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/keystore"
)

// NeededScope is the scope this program cannot work without: creating rooms and inviting.
const NeededScope = "rooms:write"

// Key is an API key and where it came from.
type Key struct {
	// Secret is the key itself; "" when none was found. Never shown, logged or written.
	Secret string
	// Source is the environment or the keyring (keystore.SourceNone when not found).
	Source keystore.Source
	// EnvSkipped is true when DOCSPACE_API_KEY is set but was not used: it belongs to
	// the default portal, and this is another one.
	EnvSkipped bool
}

// ResolveKey finds the key for portal (normalised): DOCSPACE_API_KEY when envApplies
// (see EnvKeyApplies), then the keyring. A key not found is no error; the error is the
// keyring's (unavailable, timed out). store may be nil (no keyring).
func ResolveKey(store keystore.Store, portal string, envApplies bool, get func(string) string) (Key, error) {
	var k Key
	if !envApplies {
		// Sending it to another portal would hand one portal's key to another.
		k.EnvSkipped = getenv(get, keystore.EnvKey) != ""
		get = nil
	}
	var err error
	k.Secret, k.Source, err = keystore.Resolve(store, portal, get)
	return k, err
}

// EnvKeyApplies reports whether DOCSPACE_API_KEY is the key for portal: it is the
// default portal (DefaultPortal), or no default is known ("").
func EnvKeyApplies(portal, defaultPortal string) bool {
	return defaultPortal == "" || portal == defaultPortal
}

// KeyChecker is what CheckKey asks about a key (*docspace.Client has it).
type KeyChecker interface {
	KeyInfo(ctx context.Context) (docspace.KeyInfo, error)
	Self(ctx context.Context) (docspace.User, error)
}

// KeyCheck is what the portal said about a key: GET keys/@self and GET people/@self.
type KeyCheck struct {
	Info    docspace.KeyInfo
	InfoErr error
	User    docspace.User
	SelfErr error
}

// CheckKey asks the portal about the key, both calls at once.
func CheckKey(ctx context.Context, c KeyChecker) KeyCheck {
	var kc KeyCheck
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); kc.Info, kc.InfoErr = c.KeyInfo(ctx) }()
	go func() { defer wg.Done(); kc.User, kc.SelfErr = c.Self(ctx) }()
	wg.Wait()
	return kc
}

// Err is the check's error that matters for the key: the key check's, else a
// rejection of people/@self (a 403 there only means a key limited to rooms).
func (kc KeyCheck) Err() error {
	if kc.InfoErr == nil && docspace.KindOf(kc.SelfErr) == docspace.KindUnauthorized {
		return kc.SelfErr
	}
	return kc.InfoErr
}

// RoomScoped reports whether the key works but may not read its own profile.
func (kc KeyCheck) RoomScoped() bool {
	return kc.SelfErr != nil && docspace.KindOf(kc.SelfErr) == docspace.KindForbidden
}

// Verdict is what a key is good for.
type Verdict int

// Verdicts: only KeyWorks lets a key be used or stored.
const (
	KeyWorks      Verdict = iota // the portal accepted the key and it has NeededScope
	KeyMissing                   // there is no key
	KeyMalformed                 // not shaped like a DocSpace key: never sent
	KeyRejected                  // the portal refused it: wrong, revoked or expired
	KeyLacksScope                // the portal accepts it, but it cannot create rooms or invite
	KeyUnchecked                 // no usable answer (network, server): the key may be fine
)

// KeyVerdict is the one verdict on a key, with the sentences every front-end shows.
type KeyVerdict struct {
	Verdict Verdict
	// Err is why: the malformed key's problem, the rejection, the failed check.
	Err error
}

// JudgeShape is the verdict on a key before anything is sent: KeyMissing, KeyMalformed,
// or KeyWorks meaning only that it may be sent to the portal.
func JudgeShape(key string) KeyVerdict {
	if strings.TrimSpace(key) == "" {
		return KeyVerdict{Verdict: KeyMissing}
	}
	if err := docspace.CheckAPIKey(strings.TrimSpace(key)); err != nil {
		return KeyVerdict{Verdict: KeyMalformed, Err: err}
	}
	return KeyVerdict{}
}

// Judge is the verdict on the portal's answers about a key.
func Judge(kc KeyCheck) KeyVerdict {
	switch err := kc.Err(); {
	case docspace.KindOf(kc.InfoErr) == docspace.KindUnauthorized, docspace.KindOf(kc.SelfErr) == docspace.KindUnauthorized:
		return KeyVerdict{Verdict: KeyRejected, Err: err}
	case errors.Is(err, docspace.ErrMalformedKey):
		return KeyVerdict{Verdict: KeyMalformed, Err: err}
	case err != nil:
		return KeyVerdict{Verdict: KeyUnchecked, Err: err}
	case !kc.Info.HasScope(NeededScope):
		return KeyVerdict{Verdict: KeyLacksScope}
	}
	// The portal answered with the key: it works, whatever our clock thinks of expiresAt.
	return KeyVerdict{}
}

// JudgeError is the verdict a run's check (docspace.Client.Check) gives by failing:
// a rejected key, a key without NeededScope, or KeyUnchecked for any other failure.
func JudgeError(err error) KeyVerdict {
	switch {
	case err == nil:
		return KeyVerdict{}
	case docspace.KindOf(err) == docspace.KindUnauthorized:
		return KeyVerdict{Verdict: KeyRejected, Err: err}
	case errors.Is(err, docspace.ErrMalformedKey):
		return KeyVerdict{Verdict: KeyMalformed, Err: err}
	case errors.Is(err, docspace.ErrMissingScope):
		return KeyVerdict{Verdict: KeyLacksScope, Err: err}
	}
	return KeyVerdict{Verdict: KeyUnchecked, Err: err}
}

// OK reports whether the key can do this program's job.
func (v KeyVerdict) OK() bool { return v.Verdict == KeyWorks }

// Refused reports whether the key itself will not do (exit 4), as opposed to a
// check that could not be made.
func (v KeyVerdict) Refused() bool {
	return v.Verdict == KeyMissing || v.Verdict == KeyMalformed || v.Verdict == KeyRejected || v.Verdict == KeyLacksScope
}

// Problem is the one sentence every front-end shows about a key that will not do; ""
// for a working key.
func (v KeyVerdict) Problem() string {
	switch v.Verdict {
	case KeyMissing:
		return "No API key given: create one in DocSpace (" + docspace.APIKeysPlace + ")."
	case KeyMalformed:
		return sentence(v.Err.Error())
	case KeyRejected:
		return "The portal rejected the API key (HTTP 401): it is wrong, revoked or expired."
	case KeyLacksScope:
		return "The API key lacks the " + NeededScope + " scope, so it cannot create rooms or invite people."
	case KeyUnchecked:
		s := sentence(v.Err.Error())
		var ae *docspace.APIError
		if errors.As(v.Err, &ae) {
			s += " " + ae.Hint()
		}
		return s
	}
	return ""
}

// Fix says what to do about a refused key, whatever the front-end; "" when the
// problem says it already.
func (v KeyVerdict) Fix() string {
	switch v.Verdict {
	case KeyRejected:
		return "Create a new key in DocSpace (" + docspace.APIKeysPlace + ")."
	case KeyLacksScope:
		return "Create a key with the " + NeededScope + " and accounts:read scopes in DocSpace (" + docspace.APIKeysPlace + ")."
	}
	return ""
}

// Sentence is Problem and Fix together.
func (v KeyVerdict) Sentence() string { return strings.TrimSpace(v.Problem() + " " + v.Fix()) }

// ErrNoKeyring means there is no system keyring to store a key in.
var ErrNoKeyring = errors.New("no system keyring is available, so the key was not stored")

// StoreKey keeps key for portal (normalised) in the keyring: only a key whose verdict
// is KeyWorks is ever stored, and nothing is ever written anywhere else.
func StoreKey(store keystore.Store, portal, key string, v KeyVerdict) error {
	if !v.OK() {
		return errors.New("the key was not stored: " + strings.TrimSuffix(v.Problem(), "."))
	}
	if store == nil {
		return ErrNoKeyring
	}
	return store.Set(portal, strings.TrimSpace(key))
}
