package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// RunOptions are the inputs of the scriptable path (`--yes`): flags, already parsed.
type RunOptions struct {
	Portal     string
	Title      string
	Type       string
	RoomID     int
	Invites    []string // each --invite value
	InviteFile string
	Access     string
	NoNotify   bool
	Message    string
	JSON       bool
	// Key, when set, is used as is (the --demo portal's key); otherwise the key is
	// resolved from DOCSPACE_API_KEY, then the keyring.
	Key string
	// QuitNow, closed by a second Ctrl+C (main), ends a stopping run without waiting
	// for the request under way: Run says what it may still do and returns at once.
	QuitNow <-chan struct{}
}

// PlanFromOptions builds the plan the flags describe. Every problem found in the flags
// and the invitee lists is returned at once; the plan is only usable when there are none.
// Access not given stays AccessNone on an invitee until DefaultAccess applies it.
// readFile reads --invite-file (docspace.ReadInviteesFile); its error is a sentence.
func PlanFromOptions(opts RunOptions, readFile func(string) (docspace.InviteeList, error)) (docspace.Plan, []string) {
	var problems []string
	p := docspace.Plan{Notify: !opts.NoNotify, Message: opts.Message}
	if opts.NoNotify && strings.TrimSpace(opts.Message) != "" {
		problems = append(problems, MessageWithoutNotify)
	}
	switch {
	case opts.RoomID > 0 && (opts.Title != "" || opts.Type != ""):
		problems = append(problems, "--room adds people to an existing room; --title and --type create a new one: give one or the other.")
	case opts.RoomID > 0:
		p.RoomID = opts.RoomID
	case opts.RoomID < 0:
		problems = append(problems, fmt.Sprintf("--room %d is not a room id: use the number from the room's link (…/rooms/shared/ID/…).", opts.RoomID))
	default:
		nr := &docspace.NewRoom{Title: opts.Title}
		if opts.Title == "" {
			problems = append(problems, "Give the new room a title with --title, or an existing room with --room ID.")
		}
		if opts.Type == "" {
			problems = append(problems, "Give the room type with --type: collaboration, custom, public, form-filling or vdr.")
		} else if t, err := docspace.ParseRoomType(opts.Type); err != nil {
			problems = append(problems, "--type: "+err.Error()+".")
		} else {
			nr.Type = t
		}
		p.NewRoom = nr
	}
	var defaultAccess docspace.Access
	if opts.Access != "" {
		a, err := docspace.ParseAccess(opts.Access)
		if err != nil {
			problems = append(problems, "--access: "+err.Error()+".")
		}
		defaultAccess = a
	}

	var entries []docspace.Entry
	for i, v := range opts.Invites {
		es := docspace.ParseLine(v, i+1)
		for _, e := range es {
			if e.Err != "" {
				problems = append(problems, fmt.Sprintf("--invite %q: %s.", quoted(e.Raw), e.Err))
			}
		}
		entries = append(entries, es...)
	}
	if opts.InviteFile != "" {
		list, err := readFile(opts.InviteFile)
		if err != nil {
			problems = append(problems, fmt.Sprintf("--invite-file: %v.", err))
		} else {
			for _, e := range list.Entries {
				if e.Err != "" && !e.Duplicate {
					problems = append(problems, fmt.Sprintf("%s line %d: %q: %s.", opts.InviteFile, e.Line, quoted(e.Raw), e.Err))
				}
			}
			if len(list.Entries) == 0 {
				problems = append(problems, fmt.Sprintf("--invite-file %s: the file lists no people: add one line per person (email,access[,name]) or leave --invite-file out.", opts.InviteFile))
			}
			entries = append(entries, list.Entries...)
		}
	}
	list := docspace.Merge(entries)
	for i, e := range list.Entries {
		// Conflicts found while merging across flags and the file (the same person with
		// two access levels) are new problems: the ones reported above are not repeated.
		if e.Err != "" && i < len(entries) && entries[i].Err == "" {
			problems = append(problems, fmt.Sprintf("%s: %s.", e.Invitee.Email, e.Err))
		}
	}
	p.Invitees = list.Invitees
	for i := range p.Invitees {
		if p.Invitees[i].Access == docspace.AccessNone {
			p.Invitees[i].Access = defaultAccess
		}
	}
	if p.NewRoom != nil && defaultAccess == docspace.AccessNone && p.NewRoom.Type.Valid() {
		p = DefaultAccess(p, p.NewRoom.Type)
	}
	return p, problems
}

// MessageWithoutNotify is the problem of a --message given with --no-notify.
const MessageWithoutNotify = "--message is sent only with the notification e-mails, and --no-notify turns them off: drop one of the two."

// DefaultAccess gives every invitee without an access level the room type's default.
func DefaultAccess(p docspace.Plan, t docspace.RoomType) docspace.Plan {
	p.Invitees = append([]docspace.Invitee(nil), p.Invitees...) // the caller's plan stays as it was
	for i := range p.Invitees {
		if p.Invitees[i].Access == docspace.AccessNone {
			p.Invitees[i].Access = t.DefaultAccess()
		}
	}
	return p
}

// Run is the scriptable path: it checks, runs and reports a plan with no prompts.
// Progress goes to stderr, the summary to stdout; the exit code says how it went.
// A run stopped because ctx was cancelled with the cause ErrTerminated (SIGTERM) ends
// with ExitTerminated where Ctrl+C's would be ExitInterrupted; all else is the same.
func Run(ctx context.Context, env Env, opts RunOptions) int {
	env.Streams.Err = env.marked(env.Streams.Err)
	if !opts.JSON {
		env.Streams.Out = env.marked(env.Streams.Out)
	}
	code, problems, err := run(ctx, env, opts)
	if code == ExitInterrupted && errors.Is(context.Cause(ctx), ErrTerminated) {
		code = ExitTerminated
	}
	if opts.JSON && (len(problems) > 0 || err != nil) {
		// A script reading stdout gets an answer even when nothing ran.
		writeJSONStop(env.Streams.Out, code, problems, err)
	}
	return code
}

// run is Run without the JSON answer for runs that stop before executing: those
// return the problems or the error that stopped them.
func run(ctx context.Context, env Env, opts RunOptions) (int, []string, error) {
	stderr := env.Streams.Err
	plan, problems := PlanFromOptions(opts, docspace.ReadInviteesFile)
	if len(problems) == 0 {
		local := plan
		if plan.NewRoom == nil {
			// An existing room's default access is known only once the check has read
			// the room; Content creator, allowed in every room type, stands in until then.
			local = DefaultAccess(plan, docspace.RoomPublic)
		}
		for _, pr := range local.Validate(docspace.PortalFacts{}) {
			problems = append(problems, pr.Message)
		}
	}
	if len(problems) > 0 {
		writeProblems(stderr, problems)
		return ExitUsage, problems, nil
	}

	client, code := env.connect(opts.Portal, opts.Key)
	if client == nil {
		return code, nil, errConnect
	}
	fmt.Fprintf(stderr, "%s Checking the key and %s's settings%s\n", onboard.MarkWorking, client.Portal(), onboard.Ellipsis)
	pre, err := client.Check(ctx, plan)
	if err != nil {
		return reportCheckError(stderr, err, ctx), nil, err
	}
	fmt.Fprintf(stderr, "%s Key %q accepted%s\n", onboard.MarkDone, pre.Key.Name, describeSettings(pre))
	if pre.Room != nil {
		plan = DefaultAccess(plan, pre.Room.RoomType)
	}
	plan = pre.Resolve(plan)
	if probs := plan.Validate(pre.Facts()); len(probs) > 0 {
		msgs := make([]string, len(probs))
		for i, p := range probs {
			msgs[i] = p.Message
		}
		writeProblems(stderr, msgs)
		return ExitUsage, msgs, nil
	}
	res, abandoned := execute(ctx, client, plan, pre, stderr, opts.QuitNow)
	if abandoned != nil {
		if opts.JSON {
			writeJSONAbandoned(env.Streams.Out, abandoned)
		}
		return ExitInterrupted, nil, nil
	}
	if opts.JSON {
		writeJSON(env.Streams.Out, res)
	} else {
		WriteSummary(env.Streams.Out, res)
	}
	if res.Err != nil {
		writeFinalError(stderr, res)
	}
	return ExitCode(res.Status()), nil, nil
}

// execute runs the plan, printing progress to w. When ctx ends it says at once that the
// run stops after the request under way and what that request may still do; when
// quitNow is closed after that, it returns without waiting for the run, with what the
// user must be told (abandoned), already printed to w.
func execute(ctx context.Context, client *docspace.Client, plan docspace.Plan, pre *docspace.Preflight, w io.Writer, quitNow <-chan struct{}) (res docspace.Result, abandoned *docspace.InFlight) {
	inflight := docspace.NewInFlight(plan)
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
	done := make(chan docspace.Result, 1)
	go func() {
		done <- client.Execute(ctx, plan, pre, func(e docspace.Event) {
			inflight.Observe(e)
			say(func() { writeProgress(w, plan, e) })
		})
	}()
	stop := ctx.Done()
	for {
		select {
		case res := <-done:
			return res, nil
		case <-stop:
			stop = nil
			say(func() {
				for _, l := range inflight.Stopping() {
					fmt.Fprintln(w, l)
				}
			})
		case <-quitNow:
			mu.Lock()
			quiet = true
			for _, l := range inflight.Abandoned() {
				fmt.Fprintln(w, l)
			}
			mu.Unlock()
			return docspace.Result{Cancelled: true}, inflight
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
func writeJSONStop(w io.Writer, code int, problems []string, err error) {
	status := map[int]string{ExitUsage: "invalid", ExitKey: "key-rejected", ExitInterrupted: "interrupted", ExitTerminated: "interrupted"}[code]
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

// quoted is pasted text as a message may quote it: an API key pasted by mistake
// hidden, and at most 60 characters.
func quoted(raw string) string { return clip(hideKeys(raw)) }

// hideKeys replaces anything shaped like an API key (a word "sk-" and 8 or more
// letters and digits) with "[API key]".
func hideKeys(s string) string {
	alnum := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	var b strings.Builder
	for {
		i := strings.Index(s, "sk-")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := i + 3
		for j < len(s) && alnum(s[j]) {
			j++
		}
		if j-i-3 >= 8 && (i == 0 || !alnum(s[i-1])) {
			b.WriteString(s[:i] + "[API key]")
		} else {
			b.WriteString(s[:j])
		}
		s = s[j:]
	}
}

// clip shortens outside text quoted in a message to its first 60 characters.
func clip(s string) string {
	n := 0
	for i := range s {
		if n == 60 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// ExitCode maps a run's status to the documented exit code.
func ExitCode(s docspace.Status) int { return s.ExitCode() }

func describeSettings(pre *docspace.Preflight) string {
	var parts []string
	if !pre.Invitations.AllowInvitingGuests {
		parts = append(parts, "guests by e-mail are not allowed on this portal")
	}
	if l := pre.Settings.InvitationLimit; l > 0 && l < 1<<30 {
		parts = append(parts, fmt.Sprintf("at most %d e-mail invitations per request", l))
	}
	if pre.Room != nil {
		parts = append(parts, fmt.Sprintf("room %q (%s)", pre.Room.Title, pre.Room.RoomType))
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, "; ")
}

func reportCheckError(w io.Writer, err error, ctx context.Context) int {
	if ctx.Err() != nil {
		fmt.Fprintln(w, "Stopped before anything was written.")
		return ExitInterrupted
	}
	fmt.Fprintln(w, onboard.MarkFailed+" "+err.Error())
	fmt.Fprintln(w, "  Nothing was written.")
	var ae *docspace.APIError
	if errors.As(err, &ae) {
		fmt.Fprintln(w, "  "+ae.Hint())
		if ae.Kind == docspace.KindUnauthorized || (ae.Kind == docspace.KindForbidden && ae.Op == "checking the API key") {
			return ExitKey
		}
	}
	return ExitFailed
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
	} else {
		room, _ := onboard.Headline(res)
		fmt.Fprintln(w, room)
	}
	if len(res.Outcomes) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PERSON\tACCESS\tRESULT")
		for _, o := range res.Outcomes {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", o.Invitee.Label(), o.Invitee.Access, onboard.OutcomeText(o))
		}
		tw.Flush()
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
	Error         string        `json:"error,omitempty"`
	Elapsed       float64       `json:"elapsedSeconds"`
}

type jsonRoom struct {
	ID      int    `json:"id"`
	Title   string `json:"title"`
	Type    string `json:"type"`
	Link    string `json:"link"`
	Created bool   `json:"created"`
}

type jsonInvitee struct {
	Email  string `json:"email,omitempty"`
	UserID string `json:"userId,omitempty"`
	Name   string `json:"name,omitempty"`
	Access string `json:"access"`
	Result string `json:"result"`
	Reason string `json:"reason,omitempty"`
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
	out := jsonResult{Status: statusWords[res.Status()], RoomUncertain: res.RoomUncertain, Invitees: []jsonInvitee{}, Elapsed: res.Elapsed.Seconds()}
	if res.Room != nil {
		out.Room = &jsonRoom{ID: res.Room.ID, Title: res.Room.Title, Type: res.Room.RoomType.String(), Link: res.Room.Link, Created: res.RoomCreated}
	}
	for _, o := range res.Outcomes {
		ji := jsonInvitee{
			Email: o.Invitee.Email, UserID: o.Invitee.UserID, Name: o.Invitee.Name,
			Access: o.Invitee.Access.String(), Result: outcomeWords[o.Kind], Reason: o.Reason,
		}
		if o.Kind == docspace.OutcomeAccessChanged {
			ji.PreviousAccess = o.Before.String()
			ji.AccessChange = map[int]string{1: "raised", -1: "lowered", 0: "changed"}[docspace.CompareAccess(o.Before, o.Invitee.Access)]
		}
		out.Invitees = append(out.Invitees, ji)
	}
	if res.Err != nil {
		out.Error = res.Err.Error()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}
