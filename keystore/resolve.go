package keystore

import (
	"errors"
	"strings"
)

// EnvKey is the environment variable whose key wins over the keyring.
const EnvKey = "DOCSPACE_API_KEY"

// Source says where a resolved key came from.
type Source int

// Key sources, in the order Resolve tries them.
const (
	SourceNone    Source = iota // no key found
	SourceEnv                   // the DOCSPACE_API_KEY environment variable
	SourceKeyring               // the system keyring
)

// String names the source as users see it ("env", "keyring", "none").
func (s Source) String() string {
	switch s {
	case SourceEnv:
		return "env"
	case SourceKeyring:
		return "keyring"
	}
	return "none"
}

// Describe says where the key comes from in a few words ("DOCSPACE_API_KEY", "the system keyring").
func (s Source) Describe() string {
	switch s {
	case SourceEnv:
		return EnvKey + " (environment)"
	case SourceKeyring:
		return "the system keyring"
	}
	return "nowhere: no key"
}

// Resolve finds the key for portal (already normalised): DOCSPACE_API_KEY first, then
// the store. A missing key is SourceNone with a nil error; any other keyring failure
// (unavailable, timed out) is returned with SourceNone so the caller can say what to do.
// store may be nil (no keyring at all); getenv nil means no environment.
func Resolve(store Store, portal string, getenv func(string) string) (key string, src Source, err error) {
	if getenv != nil {
		if k := strings.TrimSpace(getenv(EnvKey)); k != "" {
			return k, SourceEnv, nil
		}
	}
	if store == nil {
		return "", SourceNone, nil
	}
	k, err := store.Get(portal)
	switch {
	case errors.Is(err, ErrNotFound):
		return "", SourceNone, nil
	case err != nil:
		return "", SourceNone, err
	case k == "":
		return "", SourceNone, nil
	}
	return k, SourceKeyring, nil
}
