package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// The command layer: the cobra commands, their flags and completions, the help text,
// and the typed error that carries how a command ended back to main, which alone
// turns it into an exit code.

// exitError ends the program as end says. msg, when set, is printed by the error
// handler; it is empty when the command has already said what went wrong.
type exitError struct {
	end onboard.End
	msg string
}

func (e *exitError) Error() string {
	if e.msg != "" {
		return e.msg
	}
	return fmt.Sprintf("exit status %d", exitCode(e))
}

// exitCodes is the program's one table of exit codes, as the help text lists them.
var exitCodes = map[onboard.End]int{
	onboard.EndDone:        0,
	onboard.EndFailed:      1,
	onboard.EndInvalid:     2,
	onboard.EndPartial:     3,
	onboard.EndKeyRefused:  4,
	onboard.EndInterrupted: 130,
	onboard.EndTerminated:  143, // 128 + SIGTERM's 15, as a shell reports it
}

// exitWith turns how a front-end ended into the error RunE returns: nil when done.
func exitWith(end onboard.End) error {
	if end == onboard.EndDone {
		return nil
	}
	return &exitError{end: end}
}

// usageError is invalid usage (exit 2) with the sentence that says so.
func usageError(format string, a ...any) error {
	return &exitError{end: onboard.EndInvalid, msg: fmt.Sprintf(format, a...)}
}

// exitCode maps what the commands returned to the process exit code.
func exitCode(err error) int {
	var ee *exitError
	end := onboard.EndFailed // an error no front-end typed: a write that failed, say
	switch {
	case err == nil:
		end = onboard.EndDone
	case errors.As(err, &ee):
		end = ee.end
	case cobraUsage(err):
		end = onboard.EndInvalid
	}
	if code, ok := exitCodes[end]; ok {
		return code
	}
	return exitCodes[onboard.EndFailed]
}

// cobraUsage reports an error cobra itself made about the command line (an
// argument of `completion`, say); every other error is ours and typed.
func cobraUsage(err error) bool {
	for _, prefix := range []string{"unknown command", "invalid argument", "accepts ", "requires "} {
		if strings.HasPrefix(err.Error(), prefix) {
			return true
		}
	}
	return false
}

// execute runs one command line and returns the exit code. errTTY says whether
// stderr is a terminal (errors are plain text when not).
func execute(env cli.Env, errTTY bool, args []string) int {
	dbg := &debugLog{getenv: env.Getenv}
	env.ClientOptions = append(slices.Clip(env.ClientOptions), dbg.option())
	env.DebugLog = dbg.Path
	root := newRootCmd(env)
	dbg.register(root)
	root.SetArgs(args)
	root.SetIn(env.Streams.In)
	root.SetOut(env.Streams.Out)
	root.SetErr(env.Streams.Err)
	var said error
	holdSaid(root, &said)
	plain := !errTTY || env.Getenv("NO_COLOR") != ""
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(versionString()),
		fang.WithErrorHandler(errorHandler(plain)),
	)
	if err == nil {
		err = said
	}
	code := exitCode(err)
	dbg.close(env.Streams.Err, code)
	return code
}

// holdSaid makes the commands under c keep an exitError with nothing left to say in
// *said instead of returning it through fang, which would query the terminal's
// background colour (and wait for its answer) to style a message it does not print.
func holdSaid(c *cobra.Command, said *error) {
	if run := c.RunE; run != nil {
		c.RunE = func(c *cobra.Command, args []string) error {
			err := run(c, args)
			var ee *exitError
			if errors.As(err, &ee) && ee.msg == "" {
				*said = err
				return nil
			}
			return err
		}
	}
	for _, sub := range c.Commands() {
		holdSaid(sub, said)
	}
}

// errorHandler prints an error in one line, with no usage after it: plain text when
// plain (a pipe, a file, NO_COLOR set to anything), else in the error colour. Errors
// the front-ends have already explained print nothing.
func errorHandler(plain bool) fang.ErrorHandler {
	return func(w io.Writer, styles fang.Styles, err error) {
		var ee *exitError
		msg := err.Error()
		switch {
		case errors.As(err, &ee) && ee.msg == "":
			return
		case ee == nil && cobraUsage(err):
			msg = onboard.UpperFirst(outside.Line(msg, 200)) + "; see docspace-wizard --help"
		}
		if !plain {
			msg = lipgloss.NewStyle().Foreground(styles.ErrorHeader.GetBackground()).Render(msg)
		}
		_, _ = fmt.Fprintln(w, msg)
	}
}

// wizardFlags are the root command's flags: the run's options and the switches
// that choose how it runs.
type wizardFlags struct {
	opts                  cli.RunOptions
	yes, demo, accessible bool
	demoLog               string
}

const rootLong = `Create ONLYOFFICE DocSpace rooms and invite people: the wizard, or --yes for scripts.
Flags pre-fill the wizard's steps; with a title, type and people it opens on the review.

The API key comes from the OS keyring (docspace-wizard login), or DOCSPACE_API_KEY for the default portal;
it is never a flag.
The portal comes from --portal, else DOCSPACE_BASE_URL, else the portal you signed in to.

Exit codes: 0 done, 1 failed, 2 invalid usage or plan, 3 partial (room exists, some
invitations failed), 4 API key missing, rejected or without rooms:write, 130 interrupted,
143 terminated.`

const rootExamples = `# the wizard; flags pre-fill its steps
docspace-wizard --title "Sales onboarding" --type collaboration

# run without prompts (scripts): progress on stderr, the summary on stdout
docspace-wizard --yes --title "Sales onboarding" --type collaboration --invite-file people.csv

# add people to an existing room, summary as JSON
docspace-wizard --yes --room 1234 --invite "bob@example.com, carol@example.com" --access viewer --json
# one new hire into three existing rooms in one run
docspace-wizard --yes --room 1234 --room 1235 --room 1240 --invite ann@example.com --access editor

# try it against the built-in demo portal
docspace-wizard --demo`

// newRootCmd builds the command tree over env.
func newRootCmd(env cli.Env) *cobra.Command {
	var wf wizardFlags
	root := &cobra.Command{
		Use:     "docspace-wizard",
		Short:   "Create ONLYOFFICE DocSpace rooms and invite people.",
		Long:    rootLong,
		Example: rootExamples,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			if s := c.SuggestionsFor(args[0]); len(s) > 0 {
				return usageError("Unexpected argument %q: did you mean %s? See docspace-wizard --help.", outside.Line(args[0], 40), s[0])
			}
			return usageError("Unexpected argument %q: commands are login, logout, status, history and undo; people go in --invite.", outside.Line(args[0], 40))
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		// A plain run prints nothing but the wizard; the front-ends say what went wrong.
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(c *cobra.Command, _ []string) error {
			return exitWith(runWizard(env, wf))
		},
	}
	root.SuggestionsMinimumDistance = 2
	root.SetVersionTemplate("docspace-wizard {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%s; see %s --help", flagProblem(c, err), c.CommandPath())
	})
	// --portal "" is said before any command runs: a script whose variable is unset
	// would otherwise silently run against DOCSPACE_BASE_URL or the saved portal.
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if f := c.Flags().Lookup("portal"); f != nil && f.Changed && strings.TrimSpace(f.Value.String()) == "" {
			return usageError("--portal is empty: give the portal's address (e.g. --portal https://yourname.onlyoffice.com), or leave the flag out to use DOCSPACE_BASE_URL or the portal you signed in to.")
		}
		return nil
	}

	o := &wf.opts
	f := root.Flags()
	f.SortFlags = false
	f.StringVar(&o.Portal, "portal", "", "portal address, e.g. https://yourname.onlyoffice.com (default: DOCSPACE_BASE_URL, then the portal you signed in to)")
	f.StringVar(&o.Title, "title", "", "title of the new room (1-170 characters)")
	f.StringVar(&o.Type, "type", "", "room type: collaboration, custom, public, form-filling, vdr")
	f.StringVar(&o.Template, "template", "", "create the room from this room template (its ID or title); the template sets the type")
	f.IntSliceVar(&o.RoomIDs, "room", nil, "add people to the existing room with this ID instead of creating one; repeat it (or beside --title) for several rooms in one run")
	// StringArray, not StringSlice: the program splits on commas itself, as it does in pasted text.
	f.StringArrayVar(&o.Invites, "invite", nil, "person to invite, email[=access]; repeat, or separate several with commas")
	f.StringArrayVar(&o.InviteGroups, "invite-group", nil, "portal group to invite by name or ID, NAME|ID[=access] (at most content-creator); repeat for more")
	f.StringVar(&o.InviteFile, "invite-file", "", "file of people to invite: CSV with a header, email,access[,name]")
	f.StringVar(&o.Access, "access", "", "default access for people without one: room-admin, content-creator, editor, reviewer, commenter, viewer, form-filler")
	f.BoolVar(&o.NoNotify, "no-notify", false, "don't e-mail existing users about the room (new guests always get an invitation)")
	f.StringVar(&o.Message, "message", "", "invitation message")
	f.StringVar(&o.Link, "link", "", "turn on the room's invitation link, giving this access: content-creator, editor, reviewer, commenter, viewer, form-filler")
	f.StringVar(&o.LinkExpires, "link-expires", "", "with --link: when the link stops working, 12h, 7d, 2w or a date (2026-12-31); default: never")
	f.IntVar(&o.LinkMaxUses, "link-max-uses", 0, "with --link: how many people may join with it, 1-1000; default: no limit")
	f.StringVar(&o.Language, "language", "", "language of the invitation e-mails to new guests, a code the portal lists (de, fr, pt-BR, …; default: the portal's); existing users get their own")
	for _, s := range docspace.RoomSettings() {
		f.Var(&settingFlag{opts: o, flag: s.Flag, isBool: s.Bool}, s.Flag, s.Usage)
		if s.Bool {
			f.Lookup(s.Flag).NoOptDefVal = "true"
		}
	}
	f.BoolVar(&wf.yes, "yes", false, "run the plan without prompts (the scriptable path)")
	f.BoolVar(&o.JSON, "json", false, "with --yes: print the summary as JSON")
	f.BoolVar(&wf.demo, "demo", false, "run against a built-in demo portal (nothing real is touched)")
	f.StringVar(&wf.demoLog, "demo-log", "", "with --demo: write the demo portal's request log to this file on exit")
	f.BoolVar(&wf.accessible, "accessible", false, "plain line-by-line prompts for screen readers (also when ACCESSIBLE=1 or TERM=dumb)")

	noFiles := func(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return withPrefix(values, toComplete), cobra.ShellCompDirectiveNoFileComp
		}
	}
	must(root.RegisterFlagCompletionFunc("type", noFiles(roomTypeCompletions()...)))
	must(root.RegisterFlagCompletionFunc("access", noFiles(accessCompletions()...)))
	must(root.RegisterFlagCompletionFunc("link", noFiles(accessCompletions()...)))
	must(root.RegisterFlagCompletionFunc("link-expires", noFiles("12h", "7d", "2w")))
	must(root.RegisterFlagCompletionFunc("link-max-uses", noFiles()))
	must(root.RegisterFlagCompletionFunc("invite-group", noFiles()))                                                                            // the portal's groups are not known offline
	must(root.RegisterFlagCompletionFunc("language", noFiles("de", "en-GB", "en-US", "es", "fr", "it", "ja-JP", "pl", "pt-BR", "ru", "zh-CN"))) // common ones; the portal lists its own
	must(root.RegisterFlagCompletionFunc("portal", portalCompletion(env)))
	for _, s := range docspace.RoomSettings() {
		if !s.Bool {
			must(root.RegisterFlagCompletionFunc(s.Flag, noFiles(s.Values...)))
		}
	}
	for _, name := range []string{"title", "template", "room", "invite", "message"} {
		must(root.RegisterFlagCompletionFunc(name, noFiles()))
	}

	root.AddCommand(loginCmd(env), logoutCmd(env), statusCmd(env), versionCmd())
	root.AddCommand(applyCmd(env))
	root.AddCommand(historyCmd(env), undoCmd(env))
	root.AddCommand(resendCmd(env))
	return root
}

// must panics on a programming error in the command tree (a flag name misspelt).
func must(err error) {
	if err != nil {
		panic(err)
	}
}

// noArgs refuses positional arguments in a sentence.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError("Unexpected argument %q; see %s --help.", outside.Line(args[0], 40), c.CommandPath())
	}
	return nil
}

// subcommand is a command with no arguments whose front-end says how it ended.
func subcommand(use, short, long, example string, run func(*cobra.Command) onboard.End) *cobra.Command {
	return &cobra.Command{
		Use: use, Short: short, Long: long, Example: example,
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(c *cobra.Command, _ []string) error { return exitWith(run(c)) },
	}
}

func loginCmd(env cli.Env) *cobra.Command {
	var o cli.LoginOptions
	c := subcommand("login", "Check an API key against the portal and store it in the OS keyring",
		"Checks an API key against the portal (asking for it, masked, unless --with-key), shows whom it\n"+
			"signs you in as, and stores it in the OS keyring under the portal's address.",
		"docspace-wizard login --portal https://yourname.onlyoffice.com\n"+
			"printf '%s\\n' \"$KEY\" | docspace-wizard login --portal https://yourname.onlyoffice.com --with-key",
		func(c *cobra.Command) onboard.End { return cli.Login(c.Context(), env, o) })
	c.Flags().StringVar(&o.Portal, "portal", "", "portal address (asked for when not given)")
	c.Flags().BoolVar(&o.WithKey, "with-key", false, "read the API key from standard input (for scripts)")
	c.Flags().BoolVar(&o.Accessible, "accessible", false, "plain line-by-line questions for screen readers (also ACCESSIBLE=1 or TERM=dumb)")
	must(c.RegisterFlagCompletionFunc("portal", portalCompletion(env)))
	return c
}

func logoutCmd(env cli.Env) *cobra.Command {
	var o cli.LogoutOptions
	c := subcommand("logout", "Remove the stored API key from the OS keyring", "",
		"docspace-wizard logout --portal https://yourname.onlyoffice.com",
		func(c *cobra.Command) onboard.End { return cli.Logout(c.Context(), env, o) })
	c.Flags().StringVar(&o.Portal, "portal", "", "portal address (default: the portal you signed in to)")
	must(c.RegisterFlagCompletionFunc("portal", portalCompletion(env)))
	return c
}

func statusCmd(env cli.Env) *cobra.Command {
	var o cli.StatusOptions
	c := subcommand("status", "Show each known portal, where its key comes from and whether the portal accepts it",
		"Shows, for each known portal, where its key comes from and whether the portal accepts it:\n"+
			"whom the key acts as, its name, scopes and expiry; never the key.\n"+
			"Exit 0 when the default portal's key works, 4 when not.",
		"docspace-wizard status\ndocspace-wizard status --json",
		func(c *cobra.Command) onboard.End { return cli.Status(c.Context(), env, o) })
	c.Flags().BoolVar(&o.JSON, "json", false, "print the status as JSON")
	return c
}

func versionCmd() *cobra.Command {
	return subcommand("version", "Print the version and commit", "", "", func(c *cobra.Command) onboard.End {
		_, _ = fmt.Fprintln(c.OutOrStdout(), "docspace-wizard "+versionString())
		return onboard.EndDone
	})
}

// roomTypeCompletions are the --type values, each with what the room is for.
func roomTypeCompletions() []string {
	return describedCompletions([]string{"collaboration", "custom", "public", "form-filling", "vdr"}, func(s string) string {
		t, _ := docspace.ParseRoomType(s)
		return t.Description()
	})
}

// accessCompletions are the --access values, each with what the person may do.
func accessCompletions() []string {
	return describedCompletions([]string{"room-admin", "content-creator", "editor", "reviewer", "commenter", "viewer", "form-filler"}, func(s string) string {
		a, _ := docspace.ParseAccess(s)
		return a.Description()
	})
}

// describedCompletions pairs each value with its description, as shells show them.
func describedCompletions(values []string, describe func(string) string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v + "\t" + describe(v)
	}
	return out
}

// portalCompletion completes --portal with the portals in the settings file; read
// only when the shell asks.
func portalCompletion(env cli.Env) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if env.ConfigDir == "" {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		s, _ := settings.Load(env.ConfigDir)
		return withPrefix(s.KnownPortals(), toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

// withPrefix keeps the completions that start with what was typed (shells that
// do not filter, such as PowerShell, would offer them all).
func withPrefix(values []string, typed string) []string {
	var out []string
	for _, v := range values {
		if strings.HasPrefix(strings.ToLower(v), strings.ToLower(typed)) {
			out = append(out, v)
		}
	}
	return out
}

// flagProblem says in words what is wrong with a flag on c's command line.
func flagProblem(c *cobra.Command, err error) string {
	var (
		notExist *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
	)
	switch {
	case errors.As(err, &notExist):
		name := notExist.GetSpecifiedName()
		if group := notExist.GetSpecifiedShortnames(); group != "" {
			// -access: the Go flag package took one dash; pflag reads letters.
			long, _, _ := strings.Cut(group, "=")
			if c.Flags().Lookup(long) != nil {
				return fmt.Sprintf("-%s: flags take two dashes: --%s", outside.Line(long, 40), long)
			}
			return fmt.Sprintf("unknown flag -%s", outside.Line(name, 40))
		}
		if low := strings.ToLower(name); strings.Contains(low, "key") || strings.Contains(low, "token") {
			return fmt.Sprintf("unknown flag --%s: the API key comes from DOCSPACE_API_KEY or `docspace-wizard login`, never from a flag", outside.Line(name, 40))
		}
		return "unknown flag --" + outside.Line(name, 40)
	case errors.As(err, &noValue):
		return fmt.Sprintf("--%s needs a value", noValue.GetFlag().Name)
	case errors.As(err, &invalid):
		name := invalid.GetFlag().Name
		value := outside.Line(invalid.GetValue(), 40)
		if name == "room" {
			return fmt.Sprintf("--room %q is not a room ID: give the number from the room's link (…/rooms/shared/ID/…)", value)
		}
		return fmt.Sprintf("--%s %q is not a valid value", name, value)
	}
	return outside.Line(err.Error(), 80)
}
