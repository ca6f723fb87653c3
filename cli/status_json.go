package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// statusJSON is `status --json`: what status prints, for scripts. It never holds
// the key, only its name, last characters, scopes and expiry as the portal tells them.
type statusJSON struct {
	// DefaultPortal is the portal the wizard and --yes use when no --portal is given.
	DefaultPortal string `json:"defaultPortal"`
	// Works is true when the default portal's key works (exit 0).
	Works   bool               `json:"works"`
	Portals []portalStatusJSON `json:"portals"`
	// Files are where this program keeps its files on this computer.
	Files statusFiles `json:"files"`
}

// portalStatusJSON is one portal's block of the status.
type portalStatusJSON struct {
	Portal  string `json:"portal"`
	Default bool   `json:"default"`
	// KeySource is "environment" (DOCSPACE_API_KEY), "keyring", or "" when there is no key.
	KeySource string `json:"keySource"`
	// State is "accepted", "rejected", "unchecked" (no usable answer), "malformed"
	// (not sent), "no-key", "keyring-error" or "portal-error".
	State   string          `json:"state"`
	Problem string          `json:"problem,omitempty"`
	Fix     string          `json:"fix,omitempty"`
	User    *statusUserJSON `json:"user,omitempty"`
	// UserUnknown says why User is missing when the key works.
	UserUnknown string         `json:"userUnknown,omitempty"`
	Key         *statusKeyJSON `json:"key,omitempty"`
	Warnings    []string       `json:"warnings,omitempty"`
}

type statusUserJSON struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Role  string `json:"role"`
}

type statusKeyJSON struct {
	Name string `json:"name,omitempty"`
	// EndsWith is the key's last characters, as the portal shows them.
	EndsWith string `json:"endsWith"`
	// Scopes are the key's scopes; ["*"] is every scope.
	Scopes []string `json:"scopes"`
	// ExpiresAt is null for a key that never expires.
	ExpiresAt *time.Time `json:"expiresAt"`
}

// writeStatusJSON prints the status of results (the default portal first) as JSON.
func writeStatusJSON(w io.Writer, def string, results []portalStatus, files statusFiles, now time.Time) {
	st := statusJSON{DefaultPortal: def, Portals: []portalStatusJSON{}, Files: files}
	for _, ps := range results {
		st.Portals = append(st.Portals, portalJSON(ps, now))
	}
	st.Works = len(results) > 0 && results[0].works()
	b, _ := json.MarshalIndent(st, "", "  ")
	_, _ = fmt.Fprintln(w, string(b))
}

// portalJSON is printPortalStatus's content as fields.
func portalJSON(ps portalStatus, now time.Time) portalStatusJSON {
	j := portalStatusJSON{Portal: ps.portal, Default: ps.isDefault}
	login := "`docspace-wizard login --portal " + ps.portal + "`"
	switch {
	case ps.keyErr != nil:
		j.State, j.Problem = "keyring-error", "the keyring could not be read: "+keyringTrouble(ps.keyErr)
		return j
	case ps.key == "":
		j.State, j.Fix = "no-key", "Sign in with "+login+"."
		if ps.envSkipped {
			j.Problem = "no key stored (DOCSPACE_API_KEY is used for the default portal only)"
		}
		return j
	case ps.src == keystore.SourceEnv:
		j.KeySource = "environment"
	default:
		j.KeySource = "keyring"
	}
	if ps.malformed != nil {
		j.State, j.Problem, j.Fix = "malformed", ps.malformed.Error(), keyFix(ps.src)
		return j
	}
	if ps.clientErr != nil {
		j.State, j.Problem = "portal-error", ps.clientErr.Error()
		return j
	}
	switch v := onboard.Judge(ps.kc); {
	case v.Refused():
		j.State, j.Problem, j.Fix = "rejected", v.Problem(), strings.TrimSpace(v.Fix()+" Then sign in again with "+login+".")
		if v.Verdict == onboard.KeyLacksScope {
			j.State = "lacks-scope"
		}
		if ps.src == keystore.SourceEnv {
			j.Fix = strings.TrimSpace(v.Fix() + " Check DOCSPACE_API_KEY, or unset it to use the stored key.")
		}
		return j
	case !v.OK():
		j.State, j.Problem, j.Fix = "unchecked", fmt.Sprint(ps.kc.InfoErr), hintOf(ps.kc.InfoErr)
		return j
	}
	j.State = "accepted"
	if ps.kc.SelfErr == nil {
		u := ps.kc.User
		j.User = &statusUserJSON{Name: u.DisplayName, Email: u.Email, Role: roleOf(u)}
	} else {
		j.UserUnknown = whoLine(ps.kc)
	}
	info := ps.kc.Info
	scopes := info.Permissions
	if len(scopes) == 0 {
		scopes = []string{"*"}
	}
	j.Key = &statusKeyJSON{Name: info.Name, EndsWith: keyTail(info, ps.key), Scopes: scopes}
	if at := info.ExpiresAt; at != nil && !at.IsZero() {
		j.Key.ExpiresAt = at
	}
	j.Warnings = keyWarnings(ps.kc, now)
	return j
}
