package cli

import (
	"fmt"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// PortalFrom picks the portal a command works on: the flag, then DOCSPACE_BASE_URL,
// then the default portal from the settings file. It returns "" when none is known.
func (e Env) PortalFrom(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if e.Getenv != nil {
		if v := e.Getenv("DOCSPACE_BASE_URL"); v != "" {
			return v, nil
		}
	}
	if e.ConfigDir == "" {
		return "", nil
	}
	s, err := settings.Load(e.ConfigDir)
	if err != nil {
		return "", err
	}
	return s.DefaultPortal, nil
}

// connect resolves the portal and key and returns a client, or nil and the exit code
// after telling the user what to do.
func (e Env) connect(portalFlag, key string) (*docspace.Client, int) {
	w := e.Streams.Err
	raw, err := e.PortalFrom(portalFlag)
	if err != nil {
		fmt.Fprintln(w, err)
		return nil, ExitUsage
	}
	if raw == "" {
		fmt.Fprintln(w, "No portal given: use --portal https://yourname.onlyoffice.com, set DOCSPACE_BASE_URL, or sign in once with `docspace-wizard login`.")
		return nil, ExitUsage
	}
	portal, err := docspace.NormalizePortal(raw)
	if err != nil {
		fmt.Fprintln(w, err)
		return nil, ExitUsage
	}
	if key == "" {
		var kerr error
		key, _, kerr = keystore.Resolve(e.Keys, portal, e.Getenv)
		if key == "" {
			fmt.Fprintf(w, "No API key for %s.\n", portal)
			if kerr != nil {
				fmt.Fprintln(w, kerr)
			}
			fmt.Fprintln(w, "Sign in with `docspace-wizard login`, or set DOCSPACE_API_KEY for this run.")
			return nil, ExitKey
		}
	}
	c, err := e.NewClient(portal, key)
	if err != nil {
		// The portal was checked above, so what is left to refuse is the key's shape.
		fmt.Fprintln(w, err)
		return nil, ExitKey
	}
	return c, ExitOK
}
