package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
	"github.com/docspace-wizard/docspace-wizard/internal/redact"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// RunOptions are the inputs of the scriptable path (`--yes`): flags, already parsed.
type RunOptions struct {
	Portal   string
	Title    string
	Type     string
	Template string // a room template's id or title
	RoomID   int
	// RoomIDs are every --room given, in order; more than one (or one beside --title)
	// runs the same people into each room.
	RoomIDs []int
	Invites []string // each --invite value
	// InviteGroups are the --invite-group values, NAME|ID[=access].
	InviteGroups []string
	InviteFile   string
	Access       string
	NoNotify     bool
	Message      string
	Language     string // --language: the invitation e-mails' language
	// Link, LinkExpires and LinkMaxUses are --link, --link-expires and --link-max-uses.
	Link        string
	LinkExpires string
	LinkMaxUses int
	// Settings are the room option flags given, by flag name, each value in order.
	Settings map[string][]string
	JSON     bool
	// Key, when set, is used as is (the --demo portal's key); otherwise the key is
	// resolved from DOCSPACE_API_KEY, then the keyring.
	Key string
	// QuitNow, closed by a second Ctrl+C (main), ends a stopping run without waiting
	// for the request under way: Run says what it may still do and returns at once.
	QuitNow <-chan struct{}
}

// Inputs are the options that describe the plan, for onboard to read.
func (o RunOptions) Inputs() onboard.Inputs {
	roomID := o.RoomID
	if roomID == 0 && len(o.RoomIDs) > 0 {
		roomID = o.RoomIDs[0]
	}
	return onboard.Inputs{
		Title: o.Title, Type: o.Type, Template: o.Template, RoomID: roomID, RoomIDs: o.RoomIDs, Invites: o.Invites, InviteGroups: o.InviteGroups, InviteFile: o.InviteFile,
		Access: o.Access, NoNotify: o.NoNotify, Message: o.Message, Language: o.Language, Settings: o.Settings,
		Link: o.Link, LinkExpires: o.LinkExpires, LinkMaxUses: o.LinkMaxUses,
	}
}

// Run is the scriptable path: it checks, runs and reports a plan with no prompts.
// Progress goes to stderr, the summary to stdout; the End it returns says how it went.
// A run stopped because ctx was cancelled with the cause ErrTerminated (SIGTERM) ends
// EndTerminated where Ctrl+C's would be EndInterrupted; all else is the same.
func Run(ctx context.Context, env Env, opts RunOptions) onboard.End {
	env.Streams.Err = env.marked(env.Streams.Err)
	if !opts.JSON {
		env.Streams.Out = env.marked(env.Streams.Out)
	}
	end, problems, err := run(ctx, env, opts)
	if errors.Is(context.Cause(ctx), ErrTerminated) {
		end = end.AsTerminated()
	}
	if opts.JSON && (len(problems) > 0 || err != nil) {
		// A script reading stdout gets an answer even when nothing ran.
		writeJSONStop(env.Streams.Out, end, problems, err)
	}
	return end
}

// run is Run without the JSON answer for runs that stop before executing: those
// return the problems or the error that stopped them.
func run(ctx context.Context, env Env, opts RunOptions) (onboard.End, []string, error) {
	if onboard.Several(opts.Inputs()) {
		return runRooms(ctx, env, opts)
	}
	stderr := env.Streams.Err
	plan, problems := onboard.Plan(opts.Inputs(), docspace.ReadInviteesFile, quoted)
	if len(problems) == 0 {
		local := plan
		if plan.NewRoom == nil || plan.NewRoom.FromTemplate() {
			// An existing room's (or a template's) default access is known only once the
			// check has read it; Content creator, allowed in every room type, stands in until then.
			local = onboard.DefaultAccess(plan, docspace.RoomPublic)
		}
		for _, pr := range local.Validate(docspace.PortalFacts{}) {
			problems = append(problems, pr.Message)
		}
	}
	if len(problems) > 0 {
		writeProblems(stderr, problems)
		return onboard.EndInvalid, problems, nil
	}

	client, end := env.connect(opts.Portal, opts.Key)
	if client == nil {
		return end, nil, errConnect
	}
	fmt.Fprintf(stderr, "%s Checking the key and %s's settings%s\n", onboard.MarkWorking, client.Portal(), onboard.Ellipsis)
	pre, err := client.Check(ctx, plan)
	if err != nil {
		return reportCheckError(stderr, err, ctx), nil, err
	}
	fmt.Fprintf(stderr, "%s Key %q accepted%s\n", onboard.MarkDone, pre.Key.Name, describeSettings(pre))
	if pre.Room != nil {
		plan = onboard.DefaultAccess(plan, pre.Room.RoomType)
	}
	if pre.Template != nil {
		plan = onboard.DefaultAccess(plan, pre.Template.RoomType)
	} else if plan.NewRoom != nil && plan.NewRoom.FromTemplate() {
		// The template was not found: its problem is the one to tell, not the levels.
		plan = onboard.DefaultAccess(plan, docspace.RoomPublic)
	}
	plan = pre.Resolve(plan)
	if probs := plan.Validate(pre.Facts()); len(probs) > 0 {
		msgs := make([]string, len(probs))
		for i, p := range probs {
			msgs[i] = p.Message
			if limit, over := plan.OverInvitationLimit(pre.Facts()); over && p.Message == limit.Message && plan.Link == nil {
				msgs[i] += " With --link ACCESS (and no --invite) the room's invitation link is turned on instead."
			}
		}
		writeProblems(stderr, msgs)
		return onboard.EndInvalid, msgs, nil
	}
	res, abandoned := execute(ctx, client, plan, pre, stderr, opts.QuitNow)
	if abandoned != nil {
		if opts.JSON {
			writeJSONAbandoned(env.Streams.Out, abandoned)
		}
		return onboard.EndInterrupted, nil, nil
	}
	if opts.JSON {
		writeJSON(env.Streams.Out, res)
	} else {
		WriteSummary(env.Streams.Out, res)
	}
	if res.Err != nil {
		writeFinalError(stderr, res)
	}
	if line := onboard.RecordRun(env.StateDir, client.Portal(), onboard.ViaYes, res); line != "" {
		fmt.Fprintln(stderr, line)
	}
	return onboard.RunEnd(res.Status()), nil, nil
}

// execute runs the plan, printing progress to w. When ctx ends it says at once that the
// run stops after the request under way and what that request may still do; when
// quitNow is closed after that, it returns without waiting for the run, with what the
// user must be told (abandoned), already printed to w.
func execute(ctx context.Context, client *docspace.Client, plan docspace.Plan, pre *docspace.Preflight, w io.Writer, quitNow <-chan struct{}) (res docspace.Result, abandoned *docspace.InFlight) {
	inflight := docspace.NewInFlight(plan)
	res, quit := watch(ctx, w, quitNow, inflight.Stopping, inflight.Abandoned, func(say func(func())) docspace.Result {
		return client.Execute(ctx, plan, pre, func(e docspace.Event) {
			inflight.Observe(e)
			say(func() { writeProgress(w, plan, e) })
		})
	})
	if quit {
		return docspace.Result{Cancelled: true}, inflight
	}
	return res, nil
}

// watch runs run in the background and waits for its result, as every run of --yes
// waits: when ctx ends it prints stopping() on w at once (the run stops after its
// requests under way); when quitNow is closed after that, it prints abandoned() and
// returns without waiting (quit), the run silenced from then on. run prints through
// say, which keeps its lines whole and drops them once the run is abandoned.
func watch[T any](ctx context.Context, w io.Writer, quitNow <-chan struct{}, stopping, abandoned func() []string, run func(say func(func())) T) (res T, quit bool) {
	var (
		mu    sync.Mutex
		quiet bool // once abandoned, the run still going says nothing more
	)
	say := func(f func()) {
		mu.Lock()
		defer mu.Unlock()
		if !quiet {
			f()
		}
	}
	done := make(chan T, 1)
	go func() { done <- run(say) }()
	stop := ctx.Done()
	for {
		select {
		case res := <-done:
			return res, false
		case <-stop:
			stop = nil
			say(func() {
				for _, l := range stopping() {
					fmt.Fprintln(w, l)
				}
			})
		case <-quitNow:
			mu.Lock()
			quiet = true
			for _, l := range abandoned() {
				fmt.Fprintln(w, l)
			}
			mu.Unlock()
			return res, true
		}
	}
}

// writeJSONAbandoned answers --json for a run quit without waiting for it: interrupted,
// the room if it is known, and what the requests under way may still do.
func writeJSONAbandoned(w io.Writer, f *docspace.InFlight) {
	out := jsonResult{Status: statusWords[docspace.StatusInterrupted], Invitees: []jsonInvitee{},
		Error: strings.Join(f.Abandoned(), " ")}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}

// ErrTerminated is the cause main cancels a run's context with on SIGTERM.
var ErrTerminated = errors.New("terminated (SIGTERM)")

// errConnect stands for a portal or key problem already explained on stderr.
var errConnect = errors.New("no usable portal address or API key: see the message on stderr")

// writeJSONStop answers --json for a run that stopped before anything was written.
func writeJSONStop(w io.Writer, end onboard.End, problems []string, err error) {
	status := map[onboard.End]string{onboard.EndInvalid: "invalid", onboard.EndKeyRefused: "key-rejected", onboard.EndInterrupted: "interrupted", onboard.EndTerminated: "interrupted"}[end]
	if status == "" {
		status = "failed"
	}
	out := struct {
		Status   string     `json:"status"`
		Room     *struct{}  `json:"room"`
		Invitees []struct{} `json:"invitees"`
		Problems []string   `json:"problems,omitempty"`
		Error    string     `json:"error,omitempty"`
	}{Status: status, Invitees: []struct{}{}, Problems: problems}
	if err != nil {
		out.Error = err.Error()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}

// maxProblemsShown bounds the problems listed at once: a pasted file of junk must not flood the terminal.
const maxProblemsShown = 20

// writeProblems lists the problems that stop a run, at most maxProblemsShown of them.
func writeProblems(w io.Writer, problems []string) {
	fmt.Fprintln(w, "Nothing was done; fix these and run again:")
	for i, p := range problems {
		if i == maxProblemsShown {
			fmt.Fprintf(w, "  - … and %d more.\n", len(problems)-i)
			break
		}
		fmt.Fprintln(w, "  - "+p)
	}
}

// quoted is typed or pasted text as a message quotes it: cleaned as outside text (no
// escape sequence reaches the terminal), an API key pasted by mistake hidden, at most
// 60 characters, in quotes.
func quoted(raw string) string { return `"` + outside.Line(hideKeys(raw), 60) + `"` }

// hideKeys hides anything shaped like an API key (see internal/redact).
func hideKeys(s string) string { return redact.Secrets(s) }

func describeSettings(pre *docspace.Preflight) string {
	var parts []string
	if !pre.Invitations.AllowInvitingGuests {
		parts = append(parts, "guests by e-mail are not allowed on this portal")
	}
	if pre.Settings.InvitationsLimited {
		parts = append(parts, fmt.Sprintf("%d e-mail invitations left for the next 24 hours", pre.Settings.InvitationLimit))
	}
	if pre.Room != nil {
		parts = append(parts, fmt.Sprintf("room \"%s\" (%s)", pre.Room.Title, pre.Room.RoomType))
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, "; ")
}

func reportCheckError(w io.Writer, err error, ctx context.Context) onboard.End {
	if ctx.Err() != nil {
		fmt.Fprintln(w, "Stopped before anything was written.")
		return onboard.EndInterrupted
	}
	if v := onboard.JudgeError(err); v.Refused() {
		fmt.Fprintln(w, onboard.MarkFailed+" "+v.Sentence())
		fmt.Fprintln(w, "  Nothing was written.")
		if v.Verdict == onboard.KeyRejected {
			fmt.Fprintln(w, "  Then sign in again with `docspace-wizard login`.")
		}
		return onboard.EndKeyRefused
	}
	fmt.Fprintln(w, onboard.MarkFailed+" "+err.Error())
	fmt.Fprintln(w, "  Nothing was written.")
	var ae *docspace.APIError
	if errors.As(err, &ae) {
		fmt.Fprintln(w, "  "+ae.Hint())
		if ae.Kind == docspace.KindUnauthorized || (ae.Kind == docspace.KindForbidden && ae.Op == "checking the API key") {
			return onboard.EndKeyRefused
		}
	}
	return onboard.EndFailed
}

func writeProgress(w io.Writer, p docspace.Plan, e docspace.Event) {
	mark, text := onboard.Progress(p, e)
	fmt.Fprintln(w, mark+" "+text)
}

// writeFinalError closes a run that did not finish: what to do, and how to retry the
// people who are not in yet.
func writeFinalError(w io.Writer, res docspace.Result) {
	if s := onboard.FinalError(res); s != "" {
		fmt.Fprintln(w, s)
	}
	if res.Room != nil && len(res.Failed()) > 0 {
		fmt.Fprintf(w, "To retry the people who are not in yet, run again with --room %d and the same --invite / --invite-file.\n", res.Room.ID)
	}
}

// WriteSummary prints the human summary of a run: the room, one line per person, totals.
func WriteSummary(w io.Writer, res docspace.Result) {
	if res.Room != nil {
		verb := "Room"
		if res.RoomCreated {
			verb = "Created room"
		}
		fmt.Fprintf(w, "%s: %s (%s)\nLink: %s\n", verb, res.Room.Title, res.Room.RoomType, res.Room.Link)
		if l := onboard.LinkLine(res); l != "" {
			fmt.Fprintln(w, l)
		}
	} else {
		room, _ := onboard.Headline(res)
		fmt.Fprintln(w, room)
	}
	if len(res.Outcomes) > 0 {
		fmt.Fprintln(w)
		tw := newTable(w)
		fmt.Fprintln(tw, "PERSON\tACCESS\tRESULT")
		for _, o := range res.Outcomes {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", o.Invitee.Label(), o.Invitee.Access, onboard.OutcomeText(o))
		}
		_ = tw.Flush() // a failed write to the terminal has nowhere to be reported
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, onboard.Totals(res))
}

type jsonResult struct {
	Status string    `json:"status"`
	Room   *jsonRoom `json:"room"`
	// RoomUncertain: the create call's answer was lost and the room may exist anyway.
	RoomUncertain bool          `json:"roomUncertain,omitempty"`
	Invitees      []jsonInvitee `json:"invitees"`
	// InvitationLink is the room's invitation link the run turned on; absent otherwise.
	InvitationLink *jsonLink `json:"invitationLink,omitempty"`
	Error          string    `json:"error,omitempty"`
	Elapsed        float64   `json:"elapsedSeconds"`
}

type jsonLink struct {
	URL     string     `json:"url"`
	Access  string     `json:"access"`
	Expires *time.Time `json:"expires,omitempty"`
	MaxUses int        `json:"maxUses,omitempty"`
}

type jsonRoom struct {
	ID      int    `json:"id"`
	Title   string `json:"title"`
	Type    string `json:"type"`
	Link    string `json:"link"`
	Created bool   `json:"created"`
	// Template is the room template the room was made from; absent otherwise.
	Template string `json:"template,omitempty"`
}

type jsonInvitee struct {
	Email  string `json:"email,omitempty"`
	UserID string `json:"userId,omitempty"`
	Name   string `json:"name,omitempty"`
	// Group, GroupID and GroupMembers are set for a portal group instead of a person.
	Group        string `json:"group,omitempty"`
	GroupID      string `json:"groupId,omitempty"`
	GroupMembers int    `json:"groupMembers,omitempty"`
	Access       string `json:"access"`
	Result       string `json:"result"`
	Reason       string `json:"reason,omitempty"`
	// PreviousAccess and AccessChange are set for a member whose access the run
	// changed (result "added", as before they were told apart): what they had, and
	// "raised", "lowered" or "changed".
	PreviousAccess string `json:"previousAccess,omitempty"`
	AccessChange   string `json:"accessChange,omitempty"`
}

var statusWords = map[docspace.Status]string{
	docspace.StatusComplete: "complete", docspace.StatusFailed: "failed", docspace.StatusPartial: "partial",
	docspace.StatusKeyRejected: "key-rejected", docspace.StatusInterrupted: "interrupted", docspace.StatusInvalid: "invalid",
}

var outcomeWords = map[docspace.OutcomeKind]string{
	docspace.OutcomeNotSent: "not-sent", docspace.OutcomeNewGuest: "new-guest", docspace.OutcomeAdded: "added",
	docspace.OutcomeAlreadyMember: "already-member", docspace.OutcomeFailed: "failed", docspace.OutcomeUnconfirmed: "unconfirmed",
	// Scripts written before changes were told apart read "added"; the change is in
	// previousAccess and accessChange.
	docspace.OutcomeAccessChanged: "added",
}

func writeJSON(w io.Writer, res docspace.Result) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(jsonFor(res))
}

// jsonFor is one room's result as --json tells it.
func jsonFor(res docspace.Result) jsonResult {
	out := jsonResult{Status: statusWords[res.Status()], RoomUncertain: res.RoomUncertain, Invitees: []jsonInvitee{}, Elapsed: res.Elapsed.Seconds()}
	if res.Room != nil {
		out.Room = &jsonRoom{ID: res.Room.ID, Title: res.Room.Title, Type: res.Room.RoomType.String(), Link: res.Room.Link, Created: res.RoomCreated, Template: res.Template}
	}
	if l := res.Link; l != nil {
		out.InvitationLink = &jsonLink{URL: l.URL, Access: l.Access.String(), Expires: l.Expires, MaxUses: l.MaxUses}
	}
	for _, o := range res.Outcomes {
		out.Invitees = append(out.Invitees, jsonOutcome(o))
	}
	if res.Err != nil {
		out.Error = res.Err.Error()
	}
	return out
}

// jsonOutcome is one person's outcome as --json tells it.
func jsonOutcome(o docspace.Outcome) jsonInvitee {
	ji := jsonInvitee{
		Email: o.Invitee.Email, UserID: o.Invitee.UserID, Name: o.Invitee.Name,
		Group: o.Invitee.GroupName(), GroupID: o.Invitee.GroupID(), GroupMembers: o.Invitee.GroupMembers(),
		Access: o.Invitee.Access.String(), Result: outcomeWords[o.Kind], Reason: o.Reason,
	}
	if o.Kind == docspace.OutcomeAccessChanged {
		ji.PreviousAccess = o.Before.String()
		ji.AccessChange = map[int]string{1: "raised", -1: "lowered", 0: "changed"}[docspace.CompareAccess(o.Before, o.Invitee.Access)]
	}
	return ji
}
