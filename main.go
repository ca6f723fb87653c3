// Command docspace-wizard creates ONLYOFFICE DocSpace rooms and invites people to them,
// interactively (a terminal wizard) or from a script (--yes). main only parses flags and
// wires the packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/term"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/settings"
	"github.com/docspace-wizard/docspace-wizard/tui"
)

// version and commit are set at release time with
// -ldflags "-X main.version=v1.2.3 -X main.commit=$(git rev-parse --short HEAD)";
// otherwise they come from the build info (module version, vcs.revision).
var version, commit string

func main() {
	os.Exit(run(os.Args[1:]))
}

// stringList is a repeatable string flag (--invite a --invite b).
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func run(args []string) int {
	streams := cli.Streams{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		InTTY: term.IsTerminal(os.Stdin.Fd()), OutTTY: term.IsTerminal(os.Stdout.Fd()),
	}
	configDir, _ := settings.Dir()
	env := cli.Env{
		Streams:    streams,
		Getenv:     os.Getenv,
		ConfigDir:  configDir,
		HTTPClient: &http.Client{},
		Version:    versionString(),
		Keys:       keystore.Open(),
	}
	if len(args) > 0 {
		switch args[0] {
		case "login":
			return loginCmd(env, args[1:])
		case "logout":
			return logoutCmd(env, args[1:])
		case "status":
			return statusCmd(env, args[1:])
		case "version":
			fmt.Fprintln(streams.Out, "docspace-wizard "+versionString())
			return cli.ExitOK
		}
	}
	return wizardCmd(env, args)
}

func wizardCmd(env cli.Env, args []string) int {
	fs := flag.NewFlagSet("docspace-wizard", flag.ContinueOnError)
	fs.SetOutput(env.Streams.Err)
	var (
		opts                      cli.RunOptions
		invites                   stringList
		yes, demo, accessible, vf bool
		demoLog                   string
	)
	fs.StringVar(&opts.Portal, "portal", "", "portal `URL`, e.g. https://yourname.onlyoffice.com (default: DOCSPACE_BASE_URL, then the portal you signed in to)")
	fs.StringVar(&opts.Title, "title", "", "`title` of the new room (1-170 characters)")
	fs.StringVar(&opts.Type, "type", "", "room `type`: collaboration, custom, public, form-filling, vdr")
	fs.IntVar(&opts.RoomID, "room", 0, "add people to the existing room with this `ID` instead of creating one")
	fs.Var(&invites, "invite", "person to invite: `email[=access]`; repeat, or separate several with commas")
	fs.StringVar(&opts.InviteFile, "invite-file", "", "CSV `file` of people to invite, with a header: email,access[,name]")
	fs.StringVar(&opts.Access, "access", "", "default `access` for people without one: room-admin, content-creator, editor, reviewer, commenter, viewer, form-filler")
	fs.BoolVar(&opts.NoNotify, "no-notify", false, "don't e-mail existing users about the room (new guests always get an invitation)")
	fs.StringVar(&opts.Message, "message", "", "`text` of the invitation message")
	fs.BoolVar(&yes, "yes", false, "run the plan without prompts (the scriptable path)")
	fs.BoolVar(&opts.JSON, "json", false, "with --yes: print the summary as JSON")
	fs.BoolVar(&demo, "demo", false, "run against a built-in demo portal (nothing real is touched)")
	fs.StringVar(&demoLog, "demo-log", "", "with --demo: write the demo portal's request log to `file` on exit")
	fs.BoolVar(&accessible, "accessible", false, "plain line-by-line prompts for screen readers (also when TERM=dumb)")
	fs.BoolVar(&vf, "version", false, "print the version and exit")
	fs.Usage = func() { usage(env.Streams.Err, fs) }
	if code, done := parseFlags(fs, args, "docspace-wizard"); done {
		return code
	}
	if vf {
		fmt.Fprintln(env.Streams.Out, "docspace-wizard "+versionString())
		return cli.ExitOK
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Streams.Err, "Unexpected argument %q: commands are login, logout and status; people go in --invite.\n", fs.Arg(0))
		return cli.ExitUsage
	}
	if emptyPortal(fs, env.Streams.Err) {
		return cli.ExitUsage
	}
	opts.Invites = invites

	ctx := context.Background()
	if demo {
		portal, srv := docspacetest.NewServer(docspacetest.WithDemoData(), docspacetest.WithLatency(150*time.Millisecond))
		defer srv.Close()
		if demoLog != "" {
			defer writeRequestLog(env.Streams.Err, demoLog, portal)
		}
		opts.Portal, opts.Key = portal.URL(), docspacetest.DemoKey
		env.HTTPClient = srv.Client()
		fmt.Fprintf(env.Streams.Err, "Demo portal at %s (in memory; nothing real is touched).\n", portal.URL())
	}

	if yes {
		sctx, quitNow, stop := notifyContext(ctx)
		defer stop()
		opts.QuitNow = quitNow
		return cli.Run(sctx, env, opts)
	}

	accessible = accessible || env.Getenv("TERM") == "dumb"
	if !accessible && (!env.Streams.InTTY || !env.Streams.OutTTY) {
		fmt.Fprintln(env.Streams.Err, "The wizard needs a terminal: run it in one, or add --yes (with --title, --type and --invite) to run without prompts.")
		return cli.ExitUsage
	}
	return wizard(ctx, env, opts, demo, accessible)
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

func wizard(ctx context.Context, env cli.Env, opts cli.RunOptions, demo, accessible bool) int {
	pre, problems := prefill(opts)
	if len(problems) > 0 {
		fmt.Fprintln(env.Streams.Err, "Fix these flags and run again:")
		for _, p := range problems {
			fmt.Fprintln(env.Streams.Err, "  - "+p)
		}
		return cli.ExitUsage
	}
	// Only the cheap sources here; the settings file is read by the wizard in the
	// background, so nothing slow happens before the first frame.
	portal, _ := onboard.ResolvePortal(onboard.PortalInputs{Flag: opts.Portal, Getenv: env.Getenv})
	// Said here, naming the variable: the wizard would only show the address as wrong.
	if _, err := portal.Normalize(); portal.Source == onboard.PortalEnv && err != nil {
		fmt.Fprintln(env.Streams.Err, err)
		return cli.ExitUsage
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
	}
	_, code := tui.Run(ctx, topts)
	return code
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

// prefill turns the flags into the wizard's pre-filled answers. Flags that cannot be
// shown in a step (a bad --type, --access or --invite-file) are problems; bad addresses
// are not: the people step shows them in place to fix.
func prefill(opts cli.RunOptions) (tui.Prefill, []string) {
	var (
		p        tui.Prefill
		problems []string
	)
	if opts.Title != "" {
		p.Title = &opts.Title
	}
	if opts.Type != "" {
		if t, err := docspace.ParseRoomType(opts.Type); err != nil {
			problems = append(problems, "--type: "+err.Error())
		} else {
			p.Type = &t
		}
	}
	if opts.RoomID < 0 {
		problems = append(problems, fmt.Sprintf("--room %d is not a room id", opts.RoomID))
	}
	p.RoomID = opts.RoomID
	lines := append([]string(nil), opts.Invites...)
	if opts.InviteFile != "" {
		if list, err := docspace.ReadInviteesFile(opts.InviteFile); err != nil {
			problems = append(problems, "--invite-file: "+err.Error())
		} else {
			if len(list.Entries) == 0 {
				problems = append(problems, "--invite-file "+opts.InviteFile+": the file lists no people: add one line per person (email,access[,name]) or leave --invite-file out")
			}
			for _, e := range list.Entries {
				lines = append(lines, pasteLine(e))
			}
		}
	}
	p.Invitees = strings.Join(lines, "\n")
	if opts.Access != "" {
		if a, err := docspace.ParseAccess(opts.Access); err != nil {
			problems = append(problems, "--access: "+err.Error())
		} else {
			p.Access = &a
		}
	}
	if opts.NoNotify {
		f := false
		p.Notify = &f
	}
	if opts.Message != "" {
		p.Message = &opts.Message
	}
	if opts.NoNotify && strings.TrimSpace(opts.Message) != "" {
		problems = append(problems, strings.TrimSuffix(cli.MessageWithoutNotify, "."))
	}
	return p, problems
}

func loginCmd(env cli.Env, args []string) int {
	var o cli.LoginOptions
	fs := subcommand(env, "login", "[--portal URL] [--with-key]",
		"Checks an API key against the portal and stores it in the OS keyring.")
	fs.StringVar(&o.Portal, "portal", "", "portal `URL` (asked for when not given)")
	fs.BoolVar(&o.WithKey, "with-key", false, "read the API key from standard input (for scripts)")
	if code, done := parse(fs, args); done {
		return code
	}
	return cli.Login(context.Background(), env, o)
}

func logoutCmd(env cli.Env, args []string) int {
	var o cli.LogoutOptions
	fs := subcommand(env, "logout", "[--portal URL]", "Removes the stored API key from the OS keyring.")
	fs.StringVar(&o.Portal, "portal", "", "portal `URL` (default: the portal you signed in to)")
	if code, done := parse(fs, args); done {
		return code
	}
	return cli.Logout(context.Background(), env, o)
}

func statusCmd(env cli.Env, args []string) int {
	fs := subcommand(env, "status", "",
		"Shows, for each known portal, where its key comes from and whether the portal accepts it.\nExit 0 when the default portal's key works, 4 when not.")
	if code, done := parse(fs, args); done {
		return code
	}
	return cli.Status(context.Background(), env, cli.StatusOptions{})
}

// subcommand is the flag set of `docspace-wizard name`, whose --help prints the usage
// line, what the command does and its flags (if any are defined later).
func subcommand(env cli.Env, name, synopsis, what string) *flag.FlagSet {
	fs := flag.NewFlagSet("docspace-wizard "+name, flag.ContinueOnError)
	fs.SetOutput(env.Streams.Err)
	fs.Usage = func() {
		fmt.Fprintf(env.Streams.Err, "Usage: %s\n\n%s\n", strings.TrimSpace("docspace-wizard "+name+" "+synopsis), what)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(env.Streams.Err, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parse parses subcommand flags; done is true when the command should exit with code.
func parse(fs *flag.FlagSet, args []string) (code int, done bool) {
	if code, done := parseFlags(fs, args, fs.Name()); done {
		return code, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "Unexpected argument %q.\n", fs.Arg(0))
		return cli.ExitUsage, true
	}
	if emptyPortal(fs, fs.Output()) {
		return cli.ExitUsage, true
	}
	return 0, false
}

// parseFlags parses args into fs. --help prints the usage; a bad flag gets one sentence
// and a pointer to --help (cmd is the command line that shows it), not the whole usage.
func parseFlags(fs *flag.FlagSet, args []string, cmd string) (code int, done bool) {
	w, usage := fs.Output(), fs.Usage
	// The flag package prints its own message and the usage on every error: both are replaced.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.SetOutput(w)
	fs.Usage = usage
	switch {
	case errors.Is(err, flag.ErrHelp):
		usage()
		return cli.ExitOK, true
	case err != nil:
		fmt.Fprintf(w, "%s. Run `%s --help` to see the flags.\n", flagProblem(err), cmd)
		return cli.ExitUsage, true
	}
	return 0, false
}

var (
	badValue   = regexp.MustCompile(`^invalid (?:boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-([\w-]+): (.*)$`)
	notDefined = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	noArgument = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
)

// flagProblem says in words what the flag package's parse error means.
func flagProblem(err error) string {
	msg := err.Error()
	if m := badValue.FindStringSubmatch(msg); m != nil {
		value, name, why := m[1], m[2], m[3]
		if len(value) > 40 {
			value = value[:37] + "…\""
		}
		switch {
		case name == "room":
			return fmt.Sprintf("--room %s is not a room ID: give the number from the room's link (…/rooms/shared/ID/…)", value)
		case why == "parse error":
			return fmt.Sprintf("--%s %s is not a valid value", name, value)
		}
		return fmt.Sprintf("--%s %s is not a valid value: %s", name, value, why)
	}
	if m := notDefined.FindStringSubmatch(msg); m != nil {
		if name := strings.ToLower(m[1]); strings.Contains(name, "key") || strings.Contains(name, "token") {
			return fmt.Sprintf("There is no flag --%s: the API key comes from DOCSPACE_API_KEY or `docspace-wizard login`, never from a flag", outside.Line(m[1], 40))
		}
		return fmt.Sprintf("There is no flag --%s", outside.Line(m[1], 40))
	}
	if m := noArgument.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("--%s needs a value", m[1])
	}
	return upperFirst(outside.Line(msg, 80))
}

// emptyPortal reports --portal given with nothing in it: a script whose variable is
// unset would otherwise silently run against DOCSPACE_BASE_URL or the saved portal.
func emptyPortal(fs *flag.FlagSet, w io.Writer) bool {
	empty := false
	fs.Visit(func(f *flag.Flag) {
		empty = empty || f.Name == "portal" && strings.TrimSpace(f.Value.String()) == ""
	})
	if empty {
		fmt.Fprintln(w, "--portal is empty: give the portal's address (e.g. --portal https://yourname.onlyoffice.com), or leave the flag out to use DOCSPACE_BASE_URL or the portal you signed in to.")
	}
	return empty
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, `docspace-wizard %s: create ONLYOFFICE DocSpace rooms and invite people.

Usage:
  docspace-wizard [flags]              the wizard (flags pre-fill its steps)
  docspace-wizard --yes [flags]        run without prompts (scripts)
  docspace-wizard login [--portal URL] store an API key in the OS keyring
  docspace-wizard logout [--portal URL]
  docspace-wizard status

Flags:
`, versionString())
	fs.PrintDefaults()
	fmt.Fprint(w, `
The API key comes from DOCSPACE_API_KEY, else the OS keyring (docspace-wizard login); it is never a flag.
The portal comes from --portal, else DOCSPACE_BASE_URL, else the portal you signed in to.

Exit codes: 0 done, 1 failed, 2 invalid usage or plan, 3 partial (room exists, some
invitations failed), 4 API key missing or rejected, 130 interrupted, 143 terminated.
`)
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
	if rev != "" {
		v += " (" + rev + dirty + ")"
	}
	return v
}

// writeRequestLog saves the demo portal's request log: one line per call, method, path,
// query and status (the portal never records the Authorization header).
func writeRequestLog(w io.Writer, path string, portal *docspacetest.Portal) {
	var b strings.Builder
	for _, r := range portal.Requests() {
		q := ""
		if r.Query != "" {
			q = "?" + r.Query
		}
		fmt.Fprintf(&b, "%s %s %s%s %d\n", r.At.Format("15:04:05.000"), r.Method, r.Path, q, r.Status)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		fmt.Fprintf(w, "Could not write the demo request log: %v\n", err)
	}
}

// pasteLine writes a CSV entry the way the people step reads pasted text, so the file's
// columns (in any order, with any separator) keep their meaning there: `"Name" <email>
// Access`. An invalid entry keeps its raw text, for the step to show and explain.
func pasteLine(e docspace.Entry) string {
	if e.Err != "" || e.Invitee.Email == "" {
		return outside.Text(e.Raw) // the file's text as found: made safe before it is shown
	}
	line := e.Invitee.Email
	if n := e.Invitee.Name; n != "" {
		line = strconv.Quote(n) + " <" + line + ">"
	}
	if a := e.Invitee.Access; a != docspace.AccessNone {
		line += " " + a.APIName()
	}
	return line
}
