package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"charm.land/huh/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// LoginOptions are the inputs of `docspace-wizard login`.
type LoginOptions struct {
	// Portal is --portal; when empty it is asked for (suggesting DOCSPACE_BASE_URL or the default portal).
	Portal string
	// WithKey is --with-key: read the key from standard input instead of asking.
	WithKey bool
	// Accessible is --accessible: plain line-by-line questions (also ACCESSIBLE=1, TERM=dumb).
	Accessible bool
	// Prompter asks for the portal and the key; nil asks with huh forms on the env's terminal.
	Prompter Prompter
}

// Prompter asks the user for what login needs; a cancelled prompt returns huh.ErrUserAborted.
type Prompter interface {
	// Portal asks for the portal address, suggesting suggested.
	Portal(ctx context.Context, suggested string) (string, error)
	// Key asks for the API key of portal with masked input.
	Key(ctx context.Context, portal string) (string, error)
}

// maxKeyInput bounds what --with-key reads from stdin.
const maxKeyInput = 64 << 10

// Login checks an API key against the portal and stores it in the keyring, and says how
// that ended. A rejected key is never stored (EndKeyRefused); a keyring that cannot
// store it is EndFailed.
func Login(ctx context.Context, env Env, opts LoginOptions) onboard.End {
	w := env.marked(env.Streams.Err)
	s, err := loadSettingsForWrite(env)
	if err != nil {
		fmt.Fprintln(w, onboard.MarkFailed+" "+err.Error())
		return onboard.EndFailed
	}
	if !opts.WithKey && !env.Streams.InTTY {
		fmt.Fprintln(w, onboard.MarkFailed+" Standard input is not a terminal, so the API key cannot be asked for.")
		fmt.Fprintf(w, "  Pipe it in with --with-key, e.g.: printf %%s \"$KEY\" | docspace-wizard login --portal https://yourname.onlyoffice.com --with-key\n")
		if advice := env.ConsoleAdvice(); advice != "" {
			fmt.Fprintln(w, "  "+advice)
		}
		return onboard.EndInvalid
	}
	prompter := opts.Prompter
	switch {
	case prompter != nil:
	case env.Accessible(opts.Accessible):
		prompter = plainPrompter{in: env.Streams.In, out: w}
	default:
		prompter = formPrompter{in: env.Streams.In, out: env.Streams.Err}
	}

	// The portal: the flag, else asked for (interactive) or taken from DOCSPACE_BASE_URL / settings.
	p, err := onboard.ResolvePortal(env.portalInputs(opts.Portal))
	if err != nil {
		fmt.Fprintln(w, onboard.MarkFailed+" "+err.Error())
		return onboard.EndFailed
	}
	if p.Source != onboard.PortalFlag && !opts.WithKey {
		raw, err := prompter.Portal(ctx, p.Raw)
		if err != nil {
			return promptFailed(w, err)
		}
		p = onboard.Typed(raw)
	}
	if p.Raw == "" {
		fmt.Fprintln(w, onboard.MarkFailed+" No portal given: pass --portal https://yourname.onlyoffice.com (or set DOCSPACE_BASE_URL).")
		return onboard.EndInvalid
	}
	portal, err := p.Normalize()
	if err != nil {
		fmt.Fprintln(w, onboard.MarkFailed+" "+err.Error())
		return onboard.EndInvalid
	}
	// Once signed in, this is the default portal unless DOCSPACE_BASE_URL names another.
	if env.envKeySet() && onboard.EnvKeyApplies(portal, onboard.DefaultPortal(env.Getenv, portal)) {
		fmt.Fprintln(w, onboard.MarkWarning+" DOCSPACE_API_KEY is set: it wins over the stored key for every run until you unset it.")
	}

	// The key: stdin with --with-key, else a masked prompt.
	var key string
	if opts.WithKey {
		data, err := io.ReadAll(io.LimitReader(env.Streams.In, maxKeyInput))
		if err != nil {
			fmt.Fprintf(w, onboard.MarkFailed+" Reading the API key from standard input: %v.\n", err)
			return onboard.EndFailed
		}
		key = strings.TrimSpace(string(data))
	} else if key, err = prompter.Key(ctx, portal); err != nil {
		return promptFailed(w, err)
	}
	key = strings.TrimSpace(key)
	if problem := keyProblem(key); problem != "" {
		fmt.Fprintln(w, onboard.MarkFailed+" "+problem)
		fmt.Fprintln(w, "  Nothing was sent to the portal, and nothing was stored.")
		return onboard.EndKeyRefused
	}

	// Check the key before storing it: only a key that can do the job is stored.
	client, err := env.NewClient(portal, key)
	if err != nil {
		fmt.Fprintln(w, onboard.MarkFailed+" "+onboard.UpperFirst(err.Error())+".")
		return newClientEnd(err)
	}
	fmt.Fprintf(w, onboard.MarkWorking+" Checking the key with %s…\n", portal)
	kc := onboard.CheckKey(ctx, client)
	now := time.Now()
	switch v := onboard.Judge(kc); {
	case v.Refused():
		fmt.Fprintln(w, onboard.MarkFailed+" "+v.Sentence())
		fmt.Fprintf(w, "  Nothing was stored. Run `docspace-wizard login --portal %s` again with a new key.\n", portal)
		return onboard.EndKeyRefused
	case !v.OK():
		fmt.Fprintf(w, onboard.MarkFailed+" Could not check the key: %s.\n", kc.InfoErr)
		if hint := hintOf(kc.InfoErr); hint != "" {
			fmt.Fprintln(w, "  "+hint)
		}
		fmt.Fprintln(w, "  Nothing was stored.")
		return onboard.EndFailed
	}
	if kc.SelfErr == nil {
		fmt.Fprintf(w, onboard.MarkDone+" Signed in to %s as %s\n", portal, describeUser(kc.User))
	} else {
		fmt.Fprintf(w, onboard.MarkDone+" Signed in to %s; user %s\n", portal, whoLine(kc))
	}
	fmt.Fprintln(w, "  Key: "+describeKey(kc.Info, key, now))
	for _, warning := range keyWarnings(kc, now) {
		fmt.Fprintln(w, onboard.MarkWarning+" "+warning)
	}

	// Store it: the keyring or nothing (no plain-text fallback).
	switch err := onboard.StoreKey(env.Keys, portal, key, onboard.Judge(kc)); {
	case errors.Is(err, onboard.ErrNoKeyring):
		fmt.Fprintln(w, onboard.MarkFailed+" "+onboard.UpperFirst(err.Error())+".")
		printEnvAlternative(w, portal)
		return onboard.EndFailed
	case err != nil:
		fmt.Fprintln(w, onboard.MarkFailed+" "+onboard.UpperFirst(err.Error()))
		fmt.Fprintln(w, "  The key works, but it was not stored.")
		printEnvAlternative(w, portal)
		return onboard.EndFailed
	}
	fmt.Fprintf(w, onboard.MarkDone+" Stored the key in the system keyring (service %s, account %s).\n", keystore.Service, portal)

	s.UsePortal(portal)
	if err := s.Save(env.ConfigDir); err != nil {
		fmt.Fprintln(w, onboard.MarkWarning+" "+err.Error())
		fmt.Fprintf(w, "  The key is stored, but %s could not be made the default portal: pass --portal %s to each run.\n", portal, portal)
		return onboard.EndFailed
	}
	fmt.Fprintf(w, "  %s is now the default portal.\n", portal)
	return onboard.EndDone
}

// loadSettingsForWrite loads the settings a command will save again; a corrupt file
// is an error rather than silently replaced.
func loadSettingsForWrite(env Env) (settings.Settings, error) {
	if env.ConfigDir == "" {
		return settings.Settings{}, errors.New("the settings directory is unknown (neither XDG_CONFIG_HOME nor HOME is set): set one and try again")
	}
	return settings.Load(env.ConfigDir)
}

// printEnvAlternative tells how to use a key without a keyring, never echoing it.
func printEnvAlternative(w io.Writer, portal string) {
	fmt.Fprintln(w, "  To use it anyway, give it to each run in the environment:")
	fmt.Fprintf(w, "    export DOCSPACE_BASE_URL=%s\n", portal)
	fmt.Fprintln(w, "    export DOCSPACE_API_KEY=<your key>")
}

// keyProblem says what is wrong with a typed or piped key before it is sent anywhere.
func keyProblem(key string) string {
	switch v := onboard.JudgeShape(key); v.Verdict {
	case onboard.KeyMissing:
		return "No API key given: paste it when asked, or pipe it in with --with-key."
	default:
		return v.Problem()
	}
}

// promptFailed reports a prompt that did not return an answer.
func promptFailed(w io.Writer, err error) onboard.End {
	if errors.Is(err, huh.ErrUserAborted) {
		fmt.Fprintln(w, "Cancelled: nothing was stored.")
		return onboard.EndInterrupted
	}
	fmt.Fprintf(w, onboard.MarkFailed+" Could not ask for input: %v. Use --portal and --with-key instead.\n", err)
	return onboard.EndFailed
}

// hintOf returns the API error's advice, if err is one.
func hintOf(err error) string {
	var ae *docspace.APIError
	if errors.As(err, &ae) {
		return ae.Hint()
	}
	return ""
}

// formPrompter asks with huh forms on the terminal.
type formPrompter struct {
	in  io.Reader
	out io.Writer
}

func (p formPrompter) Portal(ctx context.Context, suggested string) (string, error) {
	v := suggested
	field := huh.NewInput().
		Title("DocSpace portal").
		// No Placeholder: bubbles' textinput panics rendering one before it knows its width.
		Description("The address you open DocSpace at, e.g. https://yourname.onlyoffice.com").
		Value(&v).
		Validate(func(s string) error {
			_, err := docspace.NormalizePortal(s)
			return err
		})
	err := huh.NewForm(huh.NewGroup(field)).WithInput(p.in).WithOutput(p.out).RunWithContext(ctx)
	return v, err
}

func (p formPrompter) Key(ctx context.Context, portal string) (string, error) {
	var v string
	field := huh.NewInput().
		Title("API key for " + portal).
		Description(createKeyHint + ". It is checked with the portal, then kept in the system keyring.").
		EchoMode(huh.EchoModePassword).
		Value(&v).
		Validate(func(s string) error {
			if p := keyProblem(strings.TrimSpace(s)); p != "" {
				return errors.New(p)
			}
			return nil
		})
	err := huh.NewForm(huh.NewGroup(field)).WithInput(p.in).WithOutput(p.out).RunWithContext(ctx)
	return v, err
}
