// Package onboard is the one home of what the wizard, the accessible prompter and the
// commands share: which portal and key to use, what a key is good for, and the rest
// of the way from inputs to a finished run. The front-ends only drive it and show it.
package onboard

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// EnvPortal is the environment variable naming the default portal.
const EnvPortal = "DOCSPACE_BASE_URL"

// PortalSource says where a portal address came from.
type PortalSource int

// Portal sources, from the strongest: a flag beats the environment, which beats the settings.
const (
	PortalNone     PortalSource = iota // no portal is known
	PortalFlag                         // --portal
	PortalTyped                        // typed at a prompt
	PortalEnv                          // DOCSPACE_BASE_URL
	PortalSettings                     // the default portal in the settings file
)

// PortalInputs are the places a portal address can come from.
type PortalInputs struct {
	// Flag is --portal; "" when not given (an empty --portal is refused before this).
	Flag string
	// Getenv reads the environment; nil means none.
	Getenv func(string) string
	// ConfigDir is the settings directory; "" skips the settings file (unknown, or read
	// later: the wizard reads it in the background).
	ConfigDir string
}

// Portal is a portal address as given and where it came from.
type Portal struct {
	// Raw is the address as given, trimmed; "" when none is known.
	Raw string
	// Source says where Raw came from.
	Source PortalSource
	// configDir names the settings file in errors about an address from it.
	configDir string
}

// ResolvePortal picks the portal a command works on: --portal, then DOCSPACE_BASE_URL,
// then the default portal in the settings file. The error is a settings file that
// cannot be read; an address that is not a portal's shows in Normalize.
func ResolvePortal(in PortalInputs) (Portal, error) {
	if f := strings.TrimSpace(in.Flag); f != "" {
		return Portal{Raw: f, Source: PortalFlag}, nil
	}
	if v := getenv(in.Getenv, EnvPortal); v != "" {
		return Portal{Raw: v, Source: PortalEnv}, nil
	}
	if in.ConfigDir == "" {
		return Portal{}, nil
	}
	s, err := settings.Load(in.ConfigDir)
	if err != nil || strings.TrimSpace(s.DefaultPortal) == "" {
		return Portal{}, err
	}
	return Portal{Raw: strings.TrimSpace(s.DefaultPortal), Source: PortalSettings, configDir: in.ConfigDir}, nil
}

// Typed is an address the user typed at a prompt.
func Typed(raw string) Portal { return Portal{Raw: strings.TrimSpace(raw), Source: PortalTyped} }

// Normalize returns the address in its normal form (docspace.NormalizePortal); its
// error is a *PortalError that says where the address came from.
func (p Portal) Normalize() (string, error) {
	n, err := docspace.NormalizePortal(p.Raw)
	if err != nil {
		return "", &PortalError{Portal: p, Err: err}
	}
	return n, nil
}

// PortalError is an address that is not a portal's, told with where it came from.
type PortalError struct {
	Portal Portal
	Err    error
}

// Error is one sentence: where the address came from, what is wrong, and for the
// environment what to do about it.
func (e *PortalError) Error() string {
	switch e.Portal.Source {
	case PortalEnv:
		return EnvPortal + " (set in the environment): " + e.Err.Error() + ". Fix or unset it, or pass --portal."
	case PortalSettings:
		return "The default portal in " + settings.Path(e.Portal.configDir) + ": " + e.Err.Error() + "."
	}
	return UpperFirst(e.Err.Error()) + "."
}

// Unwrap returns the address's problem.
func (e *PortalError) Unwrap() error { return e.Err }

// DefaultPortal is the normalised portal the precedence picks without --portal:
// DOCSPACE_BASE_URL, else saved (the settings file's default portal); "" when neither
// is a portal address. DOCSPACE_API_KEY belongs to this portal.
func DefaultPortal(get func(string) string, saved string) string {
	for _, raw := range []string{getenv(get, EnvPortal), saved} {
		if n, err := docspace.NormalizePortal(raw); raw != "" && err == nil {
			return n
		}
	}
	return ""
}

// getenv reads name from the environment, trimmed; a nil getenv means none.
func getenv(get func(string) string, name string) string {
	if get == nil {
		return ""
	}
	return strings.TrimSpace(get(name))
}

// UpperFirst starts a sentence with a capital: the first letter of s in upper case.
func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
