package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// StatusOptions are the inputs of `docspace-wizard status`.
type StatusOptions struct {
	// JSON prints the status on stdout as JSON instead of text; problems still go to stderr.
	JSON bool
}

// portalStatus is what status learned about one portal.
type portalStatus struct {
	portal    string
	isDefault bool
	src       keystore.Source
	keyErr    error // the keyring could not be read
	malformed error // the key is not shaped like one: it was not sent
	clientErr error // no client could be built
	key       string
	kc        onboard.KeyCheck
	// envSkipped: DOCSPACE_API_KEY is set but, as this is not the default
	// portal, it was not used here.
	envSkipped bool
}

func (ps portalStatus) works() bool {
	if ps.key == "" || ps.malformed != nil || ps.clientErr != nil {
		return false
	}
	return onboard.Judge(ps.kc).OK()
}

// Status shows, for each known portal, where its key comes from, whether the portal
// accepts it, whom it acts as and when it expires. It ends EndDone when the default
// portal's key works and EndKeyRefused when not. The default portal is DOCSPACE_BASE_URL when
// set, else the one from the settings file; DOCSPACE_API_KEY is sent to it only,
// never to the other portals, whose keys come from the keyring alone.
func Status(ctx context.Context, env Env, opts StatusOptions) onboard.End {
	out, w := env.Streams.Out, env.marked(env.Streams.Err)
	if !opts.JSON {
		out = env.marked(out) // JSON stays as the portal and the program wrote it
	}
	var s settings.Settings
	if env.ConfigDir != "" {
		var err error
		if s, err = settings.Load(env.ConfigDir); err != nil {
			fmt.Fprintln(w, onboard.MarkWarning+" "+err.Error())
		}
	}
	var portals []string
	def := ""
	if p, _ := onboard.ResolvePortal(onboard.PortalInputs{Getenv: env.Getenv}); p.Source == onboard.PortalEnv {
		if n, err := p.Normalize(); err != nil {
			fmt.Fprintln(w, onboard.MarkWarning+" "+err.Error())
		} else {
			def = n
		}
	}
	for _, raw := range s.KnownPortals() {
		p, err := docspace.NormalizePortal(raw)
		if err != nil {
			fmt.Fprintf(w, onboard.MarkWarning+" Skipping %q from %s: %v.\n", raw, settings.Path(env.ConfigDir), err)
			continue
		}
		if def == "" && raw == s.DefaultPortal {
			def = p
		}
		if !slices.Contains(portals, p) {
			portals = append(portals, p)
		}
	}
	if def != "" {
		portals = slices.DeleteFunc(portals, func(p string) bool { return p == def })
		portals = slices.Insert(portals, 0, def)
	}
	if len(portals) == 0 {
		if opts.JSON {
			writeStatusJSON(out, def, nil, env.files(), time.Now())
		} else {
			printFiles(out, env.files())
		}
		fmt.Fprintln(w, "No portal known yet: sign in with `docspace-wizard login`, or set DOCSPACE_BASE_URL and DOCSPACE_API_KEY.")
		return onboard.EndKeyRefused
	}

	results := make([]portalStatus, len(portals))
	var wg sync.WaitGroup
	for i, p := range portals {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = env.portalStatus(ctx, p, p == def)
		}()
	}
	wg.Wait()

	now := time.Now()
	var keyringErr error
	if opts.JSON {
		writeStatusJSON(out, def, results, env.files(), now)
	}
	for i, ps := range results {
		if !opts.JSON {
			if i > 0 {
				fmt.Fprintln(out)
			}
			printPortalStatus(out, ps, now)
		}
		if ps.keyErr != nil && keyringErr == nil {
			keyringErr = ps.keyErr
		}
	}
	if !opts.JSON {
		fmt.Fprintln(out)
		printFiles(out, env.files())
	}
	if keyringErr != nil {
		fmt.Fprintln(w)
		fmt.Fprintln(w, onboard.MarkFailed+" "+onboard.UpperFirst(keyringErr.Error()))
	}
	if !results[0].works() {
		fmt.Fprintf(w, onboard.MarkFailed+" The default portal %s has no working API key.\n", def)
		return onboard.EndKeyRefused
	}
	return onboard.EndDone
}

// portalStatus resolves the key of one portal and asks the portal about it.
func (e Env) portalStatus(ctx context.Context, portal string, isDefault bool) portalStatus {
	ps := portalStatus{portal: portal, isDefault: isDefault}
	// DOCSPACE_API_KEY belongs to the default portal only: sending it to every
	// known portal would hand one portal's key to the others.
	k, err := onboard.ResolveKey(e.Keys, portal, isDefault, e.Getenv)
	ps.key, ps.src, ps.keyErr, ps.envSkipped = k.Secret, k.Source, err, k.EnvSkipped
	if ps.key == "" {
		return ps
	}
	if ps.malformed = docspace.CheckAPIKey(ps.key); ps.malformed != nil {
		return ps
	}
	c, err := e.NewClient(portal, ps.key)
	if err != nil {
		ps.clientErr = err
		return ps
	}
	ps.kc = onboard.CheckKey(ctx, c)
	return ps
}

const statusIndent = "            " // aligns continuation lines under the values

func printPortalStatus(w io.Writer, ps portalStatus, now time.Time) {
	title := ps.portal
	if ps.isDefault {
		title += " (default)"
	}
	fmt.Fprintln(w, title)
	login := "`docspace-wizard login --portal " + ps.portal + "`"
	switch {
	case ps.keyErr != nil:
		fmt.Fprintf(w, "  Key from: nowhere: the keyring could not be read (%s; see below)\n", keyringTrouble(ps.keyErr))
		return
	case ps.key == "" && ps.envSkipped:
		fmt.Fprintf(w, "  Key from: nowhere: no key stored (DOCSPACE_API_KEY is used for the default portal only). Sign in with %s.\n", login)
		return
	case ps.key == "":
		fmt.Fprintf(w, "  Key from: nowhere: no key stored. Sign in with %s.\n", login)
		return
	case ps.src == keystore.SourceEnv:
		fmt.Fprintln(w, "  Key from: DOCSPACE_API_KEY (environment; it wins over the keyring)")
	default:
		fmt.Fprintln(w, "  Key from: the system keyring")
	}
	if ps.malformed != nil {
		fmt.Fprintf(w, "  Key:      "+onboard.MarkFailed+" not sent: %v.\n", ps.malformed)
		fmt.Fprintln(w, statusIndent+keyFix(ps.src))
		return
	}
	if ps.clientErr != nil {
		fmt.Fprintf(w, "  Portal:   "+onboard.MarkFailed+" cannot be called: %v\n", ps.clientErr)
		return
	}
	fix := "Sign in again with " + login + "."
	if ps.src == keystore.SourceEnv {
		fix = "Check DOCSPACE_API_KEY, or unset it to use the stored key."
	}
	switch v := onboard.Judge(ps.kc); {
	case v.Refused():
		fmt.Fprintln(w, "  Portal:   "+onboard.MarkFailed+" "+v.Sentence())
		fmt.Fprintln(w, statusIndent+fix)
		return
	case !v.OK():
		fmt.Fprintf(w, "  Portal:   "+onboard.MarkUnsure+" could not check the key: %s.\n", ps.kc.InfoErr)
		if hint := hintOf(ps.kc.InfoErr); hint != "" {
			fmt.Fprintln(w, statusIndent+hint)
		}
		return
	}
	fmt.Fprintln(w, "  Portal:   "+onboard.MarkDone+" accepts the key")
	fmt.Fprintln(w, "  User:     "+whoLine(ps.kc))
	fmt.Fprintln(w, "  Key:      "+describeKey(ps.kc.Info, ps.key, now))
	for _, warning := range keyWarnings(ps.kc, now) {
		fmt.Fprintln(w, "  "+onboard.MarkWarning+" "+warning)
	}
}
