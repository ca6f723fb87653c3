// Command docspace-wizard creates ONLYOFFICE DocSpace rooms and invites people to them,
// interactively (a terminal wizard) or from a script (--yes). main only parses flags and
// wires the packages together.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/history"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
	"github.com/docspace-wizard/docspace-wizard/internal/redact"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/settings"
	"github.com/docspace-wizard/docspace-wizard/tui"
)

// version, commit and date are set at release time (.goreleaser.yaml) with
// -ldflags "-X main.version=v1.2.3 -X main.commit=$(git rev-parse HEAD) -X main.date=2026-01-02T15:04:05Z";
// otherwise version and commit come from the build info (module version, vcs.revision).
var version, commit, date string

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	streams := cli.Streams{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		InTTY: term.IsTerminal(os.Stdin.Fd()), OutTTY: term.IsTerminal(os.Stdout.Fd()),
	}
	configDir, _ := settings.Dir()
	stateDir, _ := history.Dir(os.Getenv) // none: runs are not recorded, and history says why
	env := cli.Env{
		Streams:    streams,
		Getenv:     os.Getenv,
		ConfigDir:  configDir,
		StateDir:   stateDir,
		HTTPClient: &http.Client{},
		Version:    versionString(),
		Keys:       keystore.Open(),
	}
	return execute(env, term.IsTerminal(os.Stderr.Fd()), args)
}

// runWizard runs the root command once its flags are parsed: the demo portal if
// asked for, then --yes, the wizard or --accessible.
func runWizard(env cli.Env, wf wizardFlags) onboard.End {
	opts := wf.opts
	ctx := context.Background()
	if wf.demo {
		portal, srv := docspacetest.NewServer(docspacetest.WithDemoData(), docspacetest.WithLatency(150*time.Millisecond))
		defer srv.Close()
		if wf.demoLog != "" {
			defer writeRequestLog(env.Streams.Err, wf.demoLog, portal)
		}
		opts.Portal, opts.Key = portal.URL(), docspacetest.DemoKey
		env.HTTPClient = srv.Client()
		env.StateDir = "" // the demo portal ends with the program: nothing to undo later
		_, _ = fmt.Fprintf(env.Streams.Err, "Demo portal at %s (in memory; nothing real is touched).\n", portal.URL())
	}

	if wf.yes {
		sctx, quitNow, stop := notifyContext(ctx)
		defer stop()
		opts.QuitNow = quitNow
		return cli.Run(sctx, env, opts)
	}

	accessible := env.Accessible(wf.accessible)
	if !accessible && (!env.Streams.InTTY || !env.Streams.OutTTY) {
		_, _ = fmt.Fprintln(env.Streams.Err, "The wizard needs a terminal: run it in one, or add --yes (with --title, --type and --invite) to run without prompts.")
		if advice := env.ConsoleAdvice(); advice != "" {
			_, _ = fmt.Fprintln(env.Streams.Err, advice)
		}
		return onboard.EndInvalid
	}
	return wizard(ctx, env, opts, wf.demo, accessible)
}

// notifyContext is ctx cancelled by the first SIGINT or SIGTERM, with the cause
// cli.ErrTerminated for SIGTERM (exit 143 instead of 130). A second signal closes
// quitNow: the run ends without waiting for the request under way. A third has its
// default effect: the process ends at once.
func notifyContext(ctx context.Context) (_ context.Context, quitNow <-chan struct{}, stop func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		select {
		case s := <-sig:
			var cause error // context.Canceled: Ctrl+C
			if s == syscall.SIGTERM {
				cause = cli.ErrTerminated
			}
			cancel(cause)
		case <-ctx.Done():
			return
		}
		select {
		case <-sig:
			signal.Stop(sig)
			close(quit)
		case <-done:
		}
	}()
	var once sync.Once
	return ctx, quit, func() {
		signal.Stop(sig)
		cancel(nil)
		once.Do(func() { close(done) })
	}
}

func wizard(ctx context.Context, env cli.Env, opts cli.RunOptions, demo, accessible bool) onboard.End {
	pre, problems := prefill(opts)
	if len(problems) > 0 {
		fmt.Fprintln(env.Streams.Err, "Fix these flags and run again:")
		for _, p := range problems {
			fmt.Fprintln(env.Streams.Err, "  - "+p)
		}
		return onboard.EndInvalid
	}
	// Only the cheap sources here; the settings file is read by the wizard in the
	// background, so nothing slow happens before the first frame.
	portal, _ := onboard.ResolvePortal(onboard.PortalInputs{Flag: opts.Portal, Getenv: env.Getenv})
	// Said here, naming the variable: the wizard would only show the address as wrong.
	if _, err := portal.Normalize(); portal.Source == onboard.PortalEnv && err != nil {
		fmt.Fprintln(env.Streams.Err, err)
		return onboard.EndInvalid
	}
	topts := tui.Options{
		Portal:     portal.Raw,
		PortalFlag: portal.Source == onboard.PortalFlag,
		Prefill:    pre,
		Keys:       env.Keys,
		Getenv:     env.Getenv,
		Demo:       demo,
		DemoKey:    opts.Key,
		Accessible: accessible,
		In:         env.Streams.In,
		Out:        env.Streams.Out,
		Settings:   remembered(env, demo),
		Connect: func(portal, key string) (tui.Portal, error) {
			return env.NewClient(portal, key)
		},
		Remember: rememberer(env, demo),
		StateDir: env.StateDir,
	}
	_, end := tui.Run(ctx, topts)
	return end
}

// remembered reads the default portal and last choices from the settings file; the
// wizard calls it in the background. Never for the demo portal.
func remembered(env cli.Env, demo bool) func() (string, tui.LastChoices, error) {
	if demo || env.ConfigDir == "" {
		return nil
	}
	return func() (string, tui.LastChoices, error) {
		s, err := settings.Load(env.ConfigDir)
		last := tui.LastChoices{RoomType: docspace.RoomType(s.Last.RoomType), Access: docspace.Access(s.Last.Access), Notify: s.Last.Notify}
		return s.DefaultPortal, last, err
	}
}

// rememberer saves the portal the wizard worked with and its last choices to the
// settings file, for next time; never for the demo portal. A settings file that cannot
// be read or written costs only the remembering: one line on stderr says so.
func rememberer(env cli.Env, demo bool) func(portal string, last tui.LastChoices) {
	if demo || env.ConfigDir == "" {
		return nil
	}
	return func(portal string, last tui.LastChoices) {
		s, err := settings.Load(env.ConfigDir)
		if err == nil {
			s.UsePortal(portal)
			if last.RoomType.Valid() {
				s.Last.RoomType = int(last.RoomType)
			}
			if last.Access.Valid() {
				s.Last.Access = int(last.Access)
			}
			if last.Notify != nil {
				s.Last.Notify = last.Notify
			}
			err = s.Save(env.ConfigDir)
		}
		if err != nil {
			fmt.Fprintf(env.Streams.Err, "Your choices were not remembered: %v\n", err)
		}
	}
}

// prefill reads the flags into the wizard's pre-filled answers. Flags no step could
// show (a bad --type, --access or --invite-file) are problems; people not understood
// are not: the people step shows them in place to fix.
func prefill(opts cli.RunOptions) (tui.Prefill, []string) {
	return onboard.Read(opts.Inputs(), docspace.ReadInviteesFile)
}

// versionString is the release version and commit, from -ldflags or the build info.
func versionString() string {
	v, rev, dirty := version, commit, ""
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch {
			case rev == "" && s.Key == "vcs.revision":
				rev = s.Value
			case commit == "" && s.Key == "vcs.modified" && s.Value == "true":
				dirty = "-dirty"
			}
		}
	}
	if v == "" || v == "(devel)" {
		v = "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	when := date
	if t, err := time.Parse(time.RFC3339, date); err == nil {
		when = t.UTC().Format(time.DateOnly) // the day is what a support case needs
	}
	switch {
	case rev != "" && when != "":
		v += " (" + rev + dirty + ", " + when + ")"
	case rev != "":
		v += " (" + rev + dirty + ")"
	case when != "":
		v += " (" + when + ")"
	}
	return v
}

// writeRequestLog saves the demo portal's request log: one line per call, method, path,
// query and status, then a write's body indented below it (the portal never records
// the Authorization header; a key pasted into a body is hidden all the same).
func writeRequestLog(w io.Writer, path string, portal *docspacetest.Portal) {
	var b strings.Builder
	for _, r := range portal.Requests() {
		q := ""
		if r.Query != "" {
			q = "?" + r.Query
		}
		fmt.Fprintf(&b, "%s %s %s %d\n", r.At.Format("15:04:05.000"), r.Method, redact.Secrets(outside.Line(r.Path+q, 0)), r.Status)
		if body := strings.TrimSpace(string(r.Body)); body != "" && r.Method != http.MethodGet {
			// What a write sent (the room's options, the invitations), so a demo shows it.
			fmt.Fprintf(&b, "    %s\n", redact.Secrets(outside.Line(body, 1<<20)))
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		fmt.Fprintf(w, "Could not write the demo request log: %v\n", err)
	}
}
