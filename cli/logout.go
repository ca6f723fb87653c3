package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// LogoutOptions are the inputs of `docspace-wizard logout`.
type LogoutOptions struct {
	// Portal is --portal; empty means DOCSPACE_BASE_URL, else the default portal.
	Portal string
}

// Logout removes the stored key of a portal and says how that ended. No key stored
// is not an error. The portal stays in the settings as a known portal.
func Logout(ctx context.Context, env Env, opts LogoutOptions) onboard.End {
	w := env.marked(env.Streams.Err)
	p, err := onboard.ResolvePortal(env.portalInputs(opts.Portal))
	if err != nil {
		fmt.Fprintln(w, onboard.MarkFailed+" "+err.Error())
		fmt.Fprintln(w, "  Or name the portal with --portal.")
		return onboard.EndFailed
	}
	if p.Raw == "" {
		fmt.Fprintln(w, onboard.MarkFailed+" No portal to sign out of: pass --portal https://yourname.onlyoffice.com.")
		return onboard.EndInvalid
	}
	portal, err := p.Normalize()
	if err != nil {
		fmt.Fprintln(w, onboard.MarkFailed+" "+err.Error())
		return onboard.EndInvalid
	}
	if env.Keys == nil {
		fmt.Fprintln(w, onboard.MarkFailed+" No system keyring is available, so no key can be stored there to remove.")
		return onboard.EndFailed
	}
	err = env.Keys.Delete(portal)
	switch {
	case errors.Is(err, keystore.ErrNotFound):
		fmt.Fprintf(w, "No API key was stored for %s: nothing to remove.\n", portal)
	case err != nil:
		fmt.Fprintln(w, onboard.MarkFailed+" "+onboard.UpperFirst(err.Error()))
		fmt.Fprintln(w, "  The key (if any) is still stored.")
		return onboard.EndFailed
	default:
		fmt.Fprintf(w, onboard.MarkDone+" Removed the API key for %s from the system keyring.\n", portal)
	}
	if env.envKeySet() {
		fmt.Fprintln(w, onboard.MarkWarning+" DOCSPACE_API_KEY is still set: runs keep using it until you unset it.")
	}
	return onboard.EndDone
}
