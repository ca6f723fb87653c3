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
	raw, _, err := e.portalFrom(flag)
	return raw, err
}

// portalFrom is PortalFrom that also says where the address came from, as the start
// of a sentence about it: "" for the flag, else e.g. "DOCSPACE_BASE_URL (set in the
// environment): ".
func (e Env) portalFrom(flag string) (raw, from string, err error) {
	if flag != "" {
		return flag, "", nil
	}
	if v := e.getenv("DOCSPACE_BASE_URL"); v != "" {
		return v, portalOrigin(e, true), nil
	}
	if e.ConfigDir == "" {
		return "", "", nil
	}
	s, err := settings.Load(e.ConfigDir)
	if err != nil {
		return "", "", err
	}
	return s.DefaultPortal, portalOrigin(e, false), nil
}

// portalOrigin starts a sentence about a portal address that was not typed: the
// environment's DOCSPACE_BASE_URL, or the default portal in the settings file.
func portalOrigin(e Env, fromEnv bool) string {
	if fromEnv {
		return "DOCSPACE_BASE_URL (set in the environment): "
	}
	return "the default portal in " + settings.Path(e.ConfigDir) + ": "
}

// connect resolves the portal and key and returns a client, or nil and the exit code
// after telling the user what to do.
func (e Env) connect(portalFlag, key string) (*docspace.Client, int) {
	w := e.Streams.Err
	raw, from, err := e.portalFrom(portalFlag)
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
		fmt.Fprintln(w, fromSentence(from, err))
		return nil, ExitUsage
	}
	if key == "" {
		var (
			kerr error
			src  keystore.Source
		)
		key, src, kerr = keystore.Resolve(e.Keys, portal, e.Getenv)
		if key == "" {
			fmt.Fprintf(w, "No API key for %s.\n", portal)
			if kerr != nil {
				fmt.Fprintln(w, kerr)
			}
			fmt.Fprintln(w, "Sign in with `docspace-wizard login`, or set DOCSPACE_API_KEY for this run.")
			return nil, ExitKey
		}
		// Checked here, before any request, to say where the malformed key came from.
		if err := docspace.CheckAPIKey(key); err != nil {
			fmt.Fprintf(w, "The API key from %s: %s.\n", src.Describe(), err)
			fmt.Fprintln(w, keyFix(src))
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

// keyFix says how to replace a malformed key, by where it came from.
func keyFix(src keystore.Source) string {
	if src == keystore.SourceEnv {
		return "Set DOCSPACE_API_KEY to the key itself (sk- and 64 hex digits), or unset it to use the stored key."
	}
	return "Sign in again with `docspace-wizard login` to store a new key."
}

// fromSentence is err as a sentence, after where the value it is about came from.
func fromSentence(from string, err error) string {
	if from == "" {
		return upperFirst(err.Error()) + "."
	}
	return upperFirst(from) + err.Error() + "."
}
