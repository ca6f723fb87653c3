package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/planfile"
)

// ApplyOptions are the inputs of `docspace-wizard apply FILE`.
type ApplyOptions struct {
	// File is the plan file's path; "-" reads standard input.
	File   string
	Portal string
	// Yes applies the changes without asking.
	Yes bool
	// JSON prints the plan and the results as one JSON document on stdout.
	JSON bool
	// Key, when set, is used as is (the --demo portal's key).
	Key string
}

// maxFileProblemsShown bounds the problems of a file listed at once.
const maxFileProblemsShown = 100

// Apply reads a plan file, shows what applying it changes on the portal, asks (unless
// opts.Yes), applies it and reports each room. A file with problems sends nothing; a
// file already in place writes nothing and says so.
func Apply(ctx context.Context, env Env, opts ApplyOptions) onboard.End {
	stderr := env.marked(env.Streams.Err)
	stdout := env.Streams.Out
	if !opts.JSON {
		stdout = env.marked(stdout)
	}
	a := &applying{env: env, opts: opts, out: stdout, err: stderr, report: jsonApply{Rooms: []jsonRoomRun{}}}
	end := a.run(ctx)
	if errors.Is(context.Cause(ctx), ErrTerminated) {
		end = end.AsTerminated()
	}
	if opts.JSON {
		a.report.Status = applyStatus(end, a.report.Status)
		enc := json.NewEncoder(env.Streams.Out)
		enc.SetIndent("", "  ")
		_ = enc.Encode(a.report)
	}
	return end
}

// applying is one Apply: its streams and the JSON report it builds as it goes.
type applying struct {
	env      Env
	opts     ApplyOptions
	out, err io.Writer
	report   jsonApply
}

func (a *applying) run(ctx context.Context) onboard.End {
	file, err := planfile.Read(a.opts.File, a.env.Streams.In)
	if err != nil {
		return a.fileProblems(err)
	}
	client, end := a.env.connect(a.opts.Portal, a.opts.Key)
	if client == nil {
		a.report.Error = errConnect.Error()
		return end
	}
	a.report.Portal = client.Portal()
	fmt.Fprintf(a.err, "%s Reading %s from %s%s\n", onboard.MarkWorking, onboard.Plural(len(file.Rooms), "room", "rooms"), client.Portal(), onboard.Ellipsis)
	targets, err := planfile.Resolve(ctx, client, file)
	switch {
	case planfile.IsProblems(err):
		return a.fileProblems(err)
	case err != nil:
		a.report.Error = err.Error()
		return reportCheckError(a.err, err, ctx)
	}
	if len(targets) > 0 {
		fmt.Fprintf(a.err, "%s Key %q accepted; nothing written yet\n", onboard.MarkDone, targets[0].Pre.Key.Name)
	}
	a.report.Rooms = planJSON(targets)
	a.report.Plan = countPlan(targets)
	if !a.opts.JSON {
		writePlan(a.out, file, client.Portal(), targets)
	}
	if a.report.Plan.writes() == 0 {
		a.report.Status = "nothing-to-do"
		fmt.Fprintf(a.err, "%s Nothing to do: every room and person in %s is in place.\n", onboard.MarkSame, file.Path)
		return onboard.EndDone
	}
	if !a.opts.Yes {
		if end, ok := a.confirm(ctx, client.Portal()); !ok {
			return end
		}
	}
	var runs []roomRun
	var runOf []int // index into targets of each run
	for i, t := range targets {
		if t.Writes() {
			runs = append(runs, roomRun{plan: t.Plan, pre: t.Pre})
			runOf = append(runOf, i)
		}
	}
	// Rooms run at once: each line names its room (ExecuteRooms never overlaps calls).
	run := applyRooms(ctx, client, runs, func(i int, e docspace.Event) {
		mark, text := onboard.Progress(runs[i].plan, e)
		fmt.Fprintf(a.err, "%s [%s] %s\n", mark, roomLabel(targets[runOf[i]]), text)
	})
	results := run.Results()
	for i, res := range results {
		a.report.Rooms[runOf[i]].result(res)
		if !a.opts.JSON {
			fmt.Fprintf(a.out, "\n── %s\n", roomLabel(targets[runOf[i]]))
			WriteSummary(a.out, res)
		}
		if res.Err != nil {
			writeFinalError(a.err, res)
		}
	}
	end = onboard.RunEnd(run.Status()) // as a run over rooms ends in every front-end
	if !a.opts.JSON {
		fmt.Fprintln(a.out)
		fmt.Fprintln(a.out, appliedLine(results, end))
	}
	if line := onboard.RecordRun(a.env.StateDir, client.Portal(), onboard.ViaApply, results...); line != "" {
		fmt.Fprintln(a.err, line)
	}
	return end
}

// fileProblems lists what is wrong with the file: nothing was sent.
func (a *applying) fileProblems(err error) onboard.End {
	var errs *planfile.Errors
	if !errors.As(err, &errs) {
		fmt.Fprintln(a.err, onboard.MarkFailed+" "+onboard.UpperFirst(err.Error())+".")
		a.report.Error = err.Error()
		return onboard.EndInvalid
	}
	fmt.Fprintf(a.err, "Nothing was sent; fix %s in %s and run again:\n", onboard.Plural(len(errs.List), "problem", "problems"), errs.Path)
	for i, e := range errs.List {
		a.report.Problems = append(a.report.Problems, jsonProblem{Line: e.Pos.Line, Column: e.Pos.Column, Message: e.Msg})
		if i == maxFileProblemsShown {
			fmt.Fprintf(a.err, "  … and %d more.\n", len(errs.List)-i)
			continue
		}
		if i < maxFileProblemsShown {
			fmt.Fprintf(a.err, "  %s:%s: %s\n", errs.Path, e.Pos, e.Msg)
		}
	}
	return onboard.EndInvalid
}

// confirm asks whether to apply; ok is false when the answer is no (or cannot be asked),
// with how the command then ends.
func (a *applying) confirm(ctx context.Context, portal string) (onboard.End, bool) {
	switch {
	case a.opts.File == "-":
		fmt.Fprintln(a.err, "Nothing was changed: the plan came from standard input, so whether to apply it cannot be asked there. Run again with --yes to apply it without asking.")
		a.report.Status = "not-applied"
		return onboard.EndInvalid, false
	case !a.env.Streams.InTTY:
		fmt.Fprintln(a.err, "Nothing was changed: there is no terminal to ask whether to apply this. Run again with --yes to apply it without asking.")
		a.report.Status = "not-applied"
		return onboard.EndInvalid, false
	}
	fmt.Fprintf(a.err, "Apply these changes to %s? Type yes to go on: ", portal)
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(a.env.Streams.In).ReadString('\n')
		answer <- strings.ToLower(strings.TrimSpace(line))
	}()
	select {
	case <-ctx.Done():
		fmt.Fprintln(a.err, "\nStopped: nothing was changed.")
		return onboard.EndInterrupted, false
	case s := <-answer:
		if s == "yes" || s == "y" {
			return onboard.EndDone, true
		}
	}
	fmt.Fprintln(a.err, "Nothing was changed.")
	a.report.Status = "not-applied"
	return onboard.EndDone, false
}

// roomRun is one room's part of applying a file: the run that makes its changes, and
// the check that run was resolved with.
type roomRun struct {
	plan docspace.Plan
	pre  *docspace.Preflight
}

// applyRooms runs the rooms' runs side by side through the core's run over rooms
// (docspace.Client.ExecuteRooms: one request budget inside the portal's limits), each
// event reported with the index of its run. A failure in one room does not stop the
// others; a stop (ctx) ends every room after its request under way.
func applyRooms(ctx context.Context, c *docspace.Client, runs []roomRun, onEvent func(int, docspace.Event)) docspace.RoomsRun {
	plans, pres := make([]docspace.Plan, len(runs)), make([]*docspace.Preflight, len(runs))
	for i, r := range runs {
		plans[i], pres[i] = r.plan, r.pre
	}
	return c.ExecuteRooms(ctx, plans, pres, onEvent)
}

// roomLabel names a target's room in progress lines and headings.
func roomLabel(t planfile.Target) string {
	if t.Existing != nil {
		return fmt.Sprintf("room \"%s\" (id %d)", t.Existing.Title, t.Existing.ID)
	}
	return fmt.Sprintf("room \"%s\"", t.Room.Title)
}

// writePlan prints what applying the file changes, room by room, like a diff:
// + is added, ~ changed, = already in place.
func writePlan(w io.Writer, f *planfile.File, portal string, targets []planfile.Target) {
	fmt.Fprintf(w, "Plan for %s, from %s (nothing written yet):\n\n", portal, f.Path)
	for _, t := range targets {
		switch {
		case t.Create():
			what := t.Type.String()
			if t.Room.Template != "" {
				what = "from template \"" + t.Plan.NewRoom.Template + "\""
				if t.Type.Valid() {
					what = t.Type.String() + ", " + what
				}
			}
			fmt.Fprintf(w, "+ create room \"%s\" (%s)\n", t.Room.Title, what)
			if s := onboard.SettingsLine(t.Room.Options); s != "" {
				fmt.Fprintf(w, "    settings: %s\n", s)
			}
		case t.Writes():
			fmt.Fprintf(w, "~ room \"%s\" (%s, id %d)\n", t.Existing.Title, t.Type, t.Existing.ID)
		default:
			fmt.Fprintf(w, "= room \"%s\" (%s, id %d): %s already in place\n", t.Existing.Title, t.Type, t.Existing.ID, inPlaceWords(t))
			continue
		}
		if len(t.Kept) > 0 {
			fmt.Fprintf(w, "    (%s: only for a new room; the room keeps its own)\n", strings.Join(t.Kept, ", "))
		}
		tw := newTable(w)
		same := 0
		for _, c := range t.Changes {
			switch c.Kind {
			case planfile.ChangeInvite:
				fmt.Fprintf(tw, "    + %s\t%s\tinvite\n", entryLabel(c.Invitee), c.Invitee.Access)
			case planfile.ChangeAccess:
				fmt.Fprintf(tw, "    ~ %s\t%s %s %s\tchange access\n", entryLabel(c.Invitee), c.Before, onboard.Arrow, c.Invitee.Access)
			case planfile.ChangeOwner:
				fmt.Fprintf(tw, "    = %s\t%s\tthe room's owner: left as is\n", entryLabel(c.Invitee), c.Before)
			default:
				if c.Invitee.IsGroup() {
					fmt.Fprintf(tw, "    = %s\t%s\talready in place\n", entryLabel(c.Invitee), c.Invitee.Access)
					continue
				}
				same++
			}
		}
		_ = tw.Flush() // a failed write to the terminal has nowhere to be reported
		if same > 0 {
			fmt.Fprintf(w, "    = %s already in place\n", onboard.Plural(same, "person", "people"))
		}
		switch {
		case t.Link == nil:
		case t.LinkInPlace:
			fmt.Fprintf(w, "    = the invitation link is on already (%s)\n", t.Link.Access)
		default:
			fmt.Fprintf(w, "    + turn on the invitation link: %s\n", t.Link.Words())
		}
		if t.Plan.Culture != "" && slices.ContainsFunc(t.Plan.Invitees, func(i docspace.Invitee) bool { return !i.IsGroup() }) {
			fmt.Fprintf(w, "    invitation e-mails in %s (existing users get their own language)\n", t.Plan.Culture)
		}
	}
	c := countPlan(targets)
	links := ""
	if c.Links > 0 {
		links = ", " + onboard.Plural(c.Links, "invitation link", "invitation links") + " to turn on"
	}
	one, many := entryNouns(targets...)
	fmt.Fprintf(w, "\nPlan: %s to create, %s to invite, %s to change%s, %s already in place.\n",
		onboard.Plural(c.Create, "room", "rooms"), onboard.Plural(c.Invite, one, many),
		onboard.Plural(c.Change, "access level", "access levels"), links, onboard.Plural(c.InPlace, one, many))
}

// entryNouns name the entries of the targets: people, or people and groups when
// any room lists a group.
func entryNouns(targets ...planfile.Target) (one, many string) {
	for _, t := range targets {
		if len(t.Room.Groups) > 0 {
			return "person or group", "people or groups"
		}
	}
	return "person", "people"
}

// entryLabel names a person (their address) or a group ("@Sales team (group, 2
// members)") in the plan.
func entryLabel(inv docspace.Invitee) string {
	if inv.IsGroup() {
		return inv.Label()
	}
	return inv.Email
}

// inPlaceWords says what of a room is in place: its people and groups, and its link.
func inPlaceWords(t planfile.Target) string {
	one, many := entryNouns(t)
	w := onboard.Plural(len(t.Changes), one, many)
	if t.Link != nil {
		w += " and the invitation link"
	}
	return w
}

// appliedLine sums up what applying did across rooms.
func appliedLine(results []docspace.Result, end onboard.End) string {
	created, counts := 0, map[docspace.OutcomeKind]int{}
	for _, r := range results {
		if r.RoomCreated {
			created++
		}
		for k, n := range r.Counts() {
			counts[k] += n
		}
	}
	head := "Applied"
	if end != onboard.EndDone {
		head = "Applied in part"
	}
	one, many, links := "person", "people", 0
	for _, r := range results {
		if r.Link != nil {
			links++
		}
		for _, o := range r.Outcomes {
			if o.Invitee.IsGroup() {
				one, many = "person or group", "people or groups"
			}
		}
	}
	parts := []string{
		onboard.Plural(created, "room", "rooms") + " created",
		onboard.Plural(counts[docspace.OutcomeNewGuest]+counts[docspace.OutcomeAdded], one, many) + " invited",
		onboard.Plural(counts[docspace.OutcomeAccessChanged], "access level", "access levels") + " changed",
	}
	if links > 0 {
		parts = append(parts, onboard.Plural(links, "invitation link", "invitation links")+" turned on")
	}
	if n := len(results); n > 0 {
		failed := counts[docspace.OutcomeFailed] + counts[docspace.OutcomeNotSent] + counts[docspace.OutcomeUnconfirmed]
		if failed > 0 {
			parts = append(parts, onboard.Plural(failed, "person", "people")+" not confirmed in")
		}
	}
	return head + ": " + strings.Join(parts, ", ") + "."
}

// planCounts are the plan's totals.
type planCounts struct {
	Create  int `json:"roomsToCreate"`
	Invite  int `json:"peopleToInvite"`
	Change  int `json:"accessToChange"`
	InPlace int `json:"alreadyInPlace"`
	Links   int `json:"linksToTurnOn"`
}

func (c planCounts) writes() int { return c.Create + c.Invite + c.Change + c.Links }

func countPlan(targets []planfile.Target) planCounts {
	var c planCounts
	for _, t := range targets {
		if t.Create() {
			c.Create++
		}
		c.Invite += t.Count(planfile.ChangeInvite)
		c.Change += t.Count(planfile.ChangeAccess)
		c.InPlace += t.Count(planfile.ChangeNone) + t.Count(planfile.ChangeOwner)
		if t.Plan.Link != nil {
			c.Links++
		}
	}
	return c
}

// jsonApply is apply's --json answer.
type jsonApply struct {
	// Status is complete, partial, failed, nothing-to-do, not-applied, invalid,
	// key-rejected or interrupted.
	Status   string        `json:"status"`
	Portal   string        `json:"portal,omitempty"`
	Plan     planCounts    `json:"plan"`
	Rooms    []jsonRoomRun `json:"rooms"`
	Problems []jsonProblem `json:"problems,omitempty"`
	Error    string        `json:"error,omitempty"`
}

type jsonProblem struct {
	Line    int    `json:"line"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

type jsonRoomRun struct {
	Title string `json:"title"`
	ID    int    `json:"id,omitempty"`
	Type  string `json:"type,omitempty"`
	// Action is create, change or in-place.
	Action string          `json:"action"`
	Link   string          `json:"link,omitempty"`
	People []jsonPlanEntry `json:"people"`
	// InvitationLink is turn-on or in-place when the file asks for the room's
	// invitation link; InvitationLinkURL is the link once turned on.
	InvitationLink    string `json:"invitationLink,omitempty"`
	InvitationLinkURL string `json:"invitationLinkUrl,omitempty"`
	Language          string `json:"language,omitempty"`
	// Status is the room's run's, once applied.
	Status string `json:"status,omitempty"`
	Error  string `json:"error,omitempty"`
}

type jsonPlanEntry struct {
	Email string `json:"email,omitempty"`
	// Group is a group's name, for a group's entry.
	Group  string `json:"group,omitempty"`
	key    string // the invitee's key, to find its outcome
	Access string `json:"access"`
	Before string `json:"before,omitempty"`
	// Change is invite, change-access, in-place or owner.
	Change string `json:"change"`
	// Result is the person's outcome once applied, as --yes --json words it.
	Result string `json:"result,omitempty"`
	Reason string `json:"reason,omitempty"`
}

var changeWords = map[planfile.ChangeKind]string{
	planfile.ChangeNone: "in-place", planfile.ChangeInvite: "invite", planfile.ChangeAccess: "change-access", planfile.ChangeOwner: "owner",
}

func planJSON(targets []planfile.Target) []jsonRoomRun {
	out := make([]jsonRoomRun, len(targets))
	for i, t := range targets {
		r := jsonRoomRun{Title: t.Room.Title, Action: "in-place", People: []jsonPlanEntry{}}
		if t.Type.Valid() {
			r.Type = t.Type.String()
		}
		switch {
		case t.Create():
			r.Action = "create"
		case t.Writes():
			r.Action = "change"
		}
		if t.Existing != nil {
			r.Title, r.ID, r.Link = t.Existing.Title, t.Existing.ID, t.Existing.Link
		}
		switch {
		case t.Link == nil:
		case t.LinkInPlace:
			r.InvitationLink = "in-place"
		default:
			r.InvitationLink = "turn-on"
		}
		r.Language = t.Plan.Culture
		for _, c := range t.Changes {
			e := jsonPlanEntry{Email: c.Invitee.Email, Access: c.Invitee.Access.String(), Change: changeWords[c.Kind], key: c.Invitee.Key()}
			if c.Invitee.IsGroup() {
				e.Group = c.Invitee.GroupName()
			}
			if c.Before != docspace.AccessNone {
				e.Before = c.Before.String()
			}
			r.People = append(r.People, e)
		}
		out[i] = r
	}
	return out
}

// result adds a room's run to its entry.
func (r *jsonRoomRun) result(res docspace.Result) {
	r.Status = statusWords[res.Status()]
	if res.Room != nil {
		r.ID, r.Link = res.Room.ID, res.Room.Link
	}
	if res.Err != nil {
		r.Error = res.Err.Error()
	}
	if res.Link != nil {
		r.InvitationLinkURL = res.Link.URL
	}
	byKey := map[string]docspace.Outcome{}
	for _, o := range res.Outcomes {
		byKey[o.Invitee.Key()] = o
	}
	for i, p := range r.People {
		if o, ok := byKey[p.key]; ok {
			r.People[i].Result, r.People[i].Reason = outcomeWords[o.Kind], o.Reason
		}
	}
}

// applyStatus is the --json status for how apply ended, unless one was set already.
func applyStatus(end onboard.End, set string) string {
	if set != "" {
		return set
	}
	return map[onboard.End]string{
		onboard.EndDone: "complete", onboard.EndPartial: "partial", onboard.EndInvalid: "invalid", onboard.EndKeyRefused: "key-rejected",
		onboard.EndInterrupted: "interrupted", onboard.EndTerminated: "interrupted", onboard.EndFailed: "failed",
	}[end]
}
