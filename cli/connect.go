package cli

import (
	"errors"
	"fmt"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// PortalFrom picks the portal a command works on (onboard.ResolvePortal): the flag,
// then DOCSPACE_BASE_URL, then the default portal from the settings file. It returns
// "" when none is known.
func (e Env) PortalFrom(flag string) (string, error) {
	p, err := onboard.ResolvePortal(e.portalInputs(flag))
	return p.Raw, err
}

// portalInputs are the places the portal can come from in this environment.
func (e Env) portalInputs(flag string) onboard.PortalInputs {
	return onboard.PortalInputs{Flag: flag, Getenv: e.Getenv, ConfigDir: e.ConfigDir}
}

// defaultPortal is the portal DOCSPACE_API_KEY belongs to (onboard.DefaultPortal).
func (e Env) defaultPortal() string { return onboard.DefaultPortal(e.Getenv, e.savedPortal()) }

// savedPortal is the settings file's default portal, "" when unknown.
func (e Env) savedPortal() string {
	p, _ := onboard.ResolvePortal(onboard.PortalInputs{ConfigDir: e.ConfigDir})
	return p.Raw
}

// connect resolves the portal and key and returns a client, or nil and how the command
// ends after telling the user what to do.
func (e Env) connect(portalFlag, key string) (*docspace.Client, onboard.End) {
	w := e.Streams.Err
	p, err := onboard.ResolvePortal(e.portalInputs(portalFlag))
	if err != nil {
		fmt.Fprintln(w, err)
		return nil, onboard.EndInvalid
	}
	if p.Raw == "" {
		fmt.Fprintln(w, "No portal given: use --portal https://yourname.onlyoffice.com, set DOCSPACE_BASE_URL, or sign in once with `docspace-wizard login`.")
		return nil, onboard.EndInvalid
	}
	portal, err := p.Normalize()
	if err != nil {
		fmt.Fprintln(w, err)
		return nil, onboard.EndInvalid
	}
	if key == "" {
		k, kerr := onboard.ResolveKey(e.Keys, portal, onboard.EnvKeyApplies(portal, e.defaultPortal()), e.Getenv)
		if k.Secret == "" {
			fmt.Fprintf(w, "No API key for %s.\n", portal)
			if kerr != nil {
				fmt.Fprintln(w, kerr)
			}
			if k.EnvSkipped {
				fmt.Fprintf(w, "DOCSPACE_API_KEY is used for the default portal %s only: to use it here, set DOCSPACE_BASE_URL=%s too.\n", e.defaultPortal(), portal)
			}
			fmt.Fprintln(w, "Sign in with `docspace-wizard login`, or set DOCSPACE_API_KEY for this run.")
			return nil, onboard.EndKeyRefused
		}
		// Checked here, before any request, to say where the malformed key came from.
		if v := onboard.JudgeShape(k.Secret); !v.OK() {
			fmt.Fprintf(w, "The API key from %s: %s.\n", k.Source.Describe(), v.Err)
			fmt.Fprintln(w, keyFix(k.Source))
			return nil, onboard.EndKeyRefused
		}
		key = k.Secret
	}
	c, err := e.NewClient(portal, key)
	if err != nil {
		fmt.Fprintln(w, err)
		return nil, newClientEnd(err)
	}
	return c, onboard.EndDone
}

// newClientEnd is how a command ends when the client cannot be built: a key that is
// not shaped like one is refused (exit 4), anything else is bad input (exit 2). Login
// and every other command end alike.
func newClientEnd(err error) onboard.End {
	if errors.Is(err, docspace.ErrMalformedKey) {
		return onboard.EndKeyRefused
	}
	return onboard.EndInvalid
}

// keyFix says how to replace a malformed key, by where it came from.
func keyFix(src keystore.Source) string {
	if src == keystore.SourceEnv {
		return "Set DOCSPACE_API_KEY to the key itself (sk- and 64 hex digits), or unset it to use the stored key."
	}
	return "Sign in again with `docspace-wizard login` to store a new key."
}
