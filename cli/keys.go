package cli

import (
	"cmp"
	"errors"
	"fmt"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
	"strings"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// createKeyHint says where API keys come from.
const createKeyHint = "Create a key in DocSpace (" + docspace.APIKeysPlace + ")"

// wantedScopes are the scopes a run uses besides onboard.NeededScope (without which a
// key is refused), and what fails without each.
func wantedScopes() []struct{ scope, without string } {
	return []struct{ scope, without string }{
		{"accounts:read", "people already on the portal cannot be looked up by e-mail"},
	}
}

// whoLine says whom the key acts as: "Alex Admin <alex@x> (owner)".
func whoLine(kc onboard.KeyCheck) string {
	switch {
	case kc.SelfErr == nil:
		return describeUser(kc.User)
	case kc.RoomScoped():
		return "unknown (the key may not read its own profile: no accounts.self:read scope)"
	}
	return "unknown: " + kc.SelfErr.Error()
}

// describeUser names a user and their role.
func describeUser(u docspace.User) string {
	name := u.DisplayName
	if name == "" {
		name = u.Email
	} else if u.Email != "" {
		name += " <" + u.Email + ">"
	}
	return name + " (" + roleOf(u) + ")"
}

// roleOf names a user's type as the DocSpace UI does.
func roleOf(u docspace.User) string {
	switch {
	case u.IsOwner:
		return "owner"
	case u.IsAdmin:
		return "DocSpace admin"
	case u.IsRoomAdmin:
		return "room admin"
	case u.IsVisitor:
		return "guest"
	}
	return "user"
}

// describeKey is the key's name, last characters, scopes and expiry; never the key itself.
func describeKey(info docspace.KeyInfo, key string, now time.Time) string {
	name := info.Name
	if name == "" {
		name = "(unnamed)"
	} else {
		name = fmt.Sprintf("%q", name)
	}
	return fmt.Sprintf("%s ending in …%s, scopes: %s, %s", name, keyTail(info, key), describeScopes(info.Permissions), describeExpiry(info.ExpiresAt, now))
}

// keyTail is the key's last characters: the portal's keyPostfix, else the last four of the key.
func keyTail(info docspace.KeyInfo, key string) string {
	if t := strings.TrimLeft(info.KeyPostfix, ".…*"); t != "" {
		return t
	}
	if len(key) > 12 {
		return key[len(key)-4:]
	}
	return "?"
}

func describeScopes(perms []string) string {
	if len(perms) == 0 || (len(perms) == 1 && perms[0] == "*") {
		return "all"
	}
	return strings.Join(perms, ", ")
}

// describeExpiry says when a key expires: "expires 2027-01-01 (in 36 days)".
func describeExpiry(at *time.Time, now time.Time) string {
	if at == nil || at.IsZero() {
		return "never expires"
	}
	date := at.Local().Format(time.DateOnly)
	d := at.Sub(now)
	switch days := int(d.Hours() / 24); {
	case d <= 0:
		return "expired on " + date
	case days == 0:
		return "expires " + date + " (within a day)"
	case days == 1:
		return "expires " + date + " (in 1 day)"
	default:
		return fmt.Sprintf("expires %s (in %d days)", date, days)
	}
}

// keyWarnings lists what will not work with this key and user, one sentence each.
func keyWarnings(kc onboard.KeyCheck, now time.Time) []string {
	var w []string
	if kc.SelfErr == nil && !kc.User.CanCreateRooms() {
		w = append(w, fmt.Sprintf("%s is a %s, neither a DocSpace admin nor a room admin: the portal will refuse to create rooms. Inviting people to rooms they manage still works; ask an admin to make them a room admin to create rooms.",
			cmp.Or(kc.User.DisplayName, kc.User.Email), roleOf(kc.User)))
	}
	var missing []string
	for _, s := range wantedScopes() {
		if !kc.Info.HasScope(s.scope) {
			w = append(w, fmt.Sprintf("The key lacks the %s scope: %s.", s.scope, s.without))
			missing = append(missing, s.scope)
		}
	}
	if len(missing) > 0 {
		w = append(w, createKeyHint+" with the scopes "+onboard.NeededScope+" and accounts:read to do everything the wizard offers.")
	}
	if at := kc.Info.ExpiresAt; at != nil && at.After(now) && at.Sub(now) < 7*24*time.Hour {
		w = append(w, "The key expires within a week: create a new one before then and sign in again.")
	}
	return w
}

// keyringTrouble says, in a few words, why the keyring could not be used (for status lines).
func keyringTrouble(err error) string {
	var ke *keystore.Error
	if errors.As(err, &ke) {
		return ke.Reason
	}
	return outside.Line(err.Error(), 0)
}

// envKeySet reports whether DOCSPACE_API_KEY is set (and not blank).
func (e Env) envKeySet() bool { return e.getenv(keystore.EnvKey) != "" }

// getenv reads the environment, trimmed, tolerating a nil Getenv.
func (e Env) getenv(name string) string {
	if e.Getenv == nil {
		return ""
	}
	return strings.TrimSpace(e.Getenv(name))
}
