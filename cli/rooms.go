package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// runRooms is the scriptable path for several rooms (repeated --room, or --room beside
// a new room): one check for all, each room's plan fitted to its type with every
// override told before anything is written, the rooms run side by side, and a summary
// per room plus the room × person table. A room that fails never stops the others; the
// end is the worst room's.
func runRooms(ctx context.Context, env Env, opts RunOptions) (onboard.End, []string, error) {
	stderr := env.Streams.Err
	plans, problems := onboard.Plans(opts.Inputs(), docspace.ReadInviteesFile, quoted)
	if len(problems) == 0 {
		problems = localProblems(plans)
	}
	if len(problems) > 0 {
		writeProblems(stderr, problems)
		return onboard.EndInvalid, problems, nil
	}
	client, end := env.connect(opts.Portal, opts.Key)
	if client == nil {
		return end, nil, errConnect
	}
	fmt.Fprintf(stderr, "%s Checking the key, %s's settings and %d rooms%s\n", onboard.MarkWorking, client.Portal(), len(plans), onboard.Ellipsis)
	pres, errs := client.CheckRooms(ctx, plans)
	for _, err := range errs {
		// A key the portal refuses, or a stop, ends the run for every room alike.
		if err != nil && (ctx.Err() != nil || onboard.JudgeError(err).Refused()) {
			return reportCheckError(stderr, err, ctx), nil, err
		}
	}
	for _, pre := range pres {
		if pre != nil {
			// The portal's settings, once: each room's own line follows with its title.
			fmt.Fprintf(stderr, "%s Key %q accepted%s\n", onboard.MarkDone, pre.Key.Name, describeSettings(&docspace.Preflight{Invitations: pre.Invitations, Settings: pre.Settings}))
			break
		}
	}
	titles := make([]string, len(plans))
	overrides := make([][]docspace.Override, len(plans))
	var invalid []string
	for i := range plans {
		titles[i] = planTitle(plans[i], pres[i])
		if errs[i] != nil {
			fmt.Fprintf(stderr, "%s %s: %s The other rooms go on.\n", onboard.MarkFailed, titles[i], onboard.ErrorSentence(errs[i]))
			continue
		}
		rt := roomType(plans[i], pres[i])
		plans[i] = onboard.DefaultAccess(plans[i], rt)
		plans[i], overrides[i] = docspace.FitPlan(plans[i], rt)
		for _, o := range overrides[i] {
			fmt.Fprintf(stderr, "%s %s\n", onboard.MarkWarning, onboard.OverrideText(titles[i], rt, o))
		}
		plans[i] = pres[i].Resolve(plans[i])
		for _, p := range plans[i].Validate(pres[i].Facts()) {
			invalid = append(invalid, titles[i]+": "+p.Message)
		}
	}
	// The portal's invitation limit is portal-wide: every room's e-mail entries count
	// together, not each room's alone.
	var checked []docspace.Plan
	var checkedPres []*docspace.Preflight
	for i := range plans {
		if errs[i] == nil {
			checked, checkedPres = append(checked, plans[i]), append(checkedPres, pres[i])
		}
	}
	if pr, over := docspace.RoomsOverInvitationLimit(checked, checkedPres); over && !slices.ContainsFunc(invalid, func(s string) bool { return strings.HasSuffix(s, pr.Message) }) {
		msg := pr.Message
		if plans[0].Link == nil {
			msg += " With --link ACCESS (and no --invite) each room's invitation link is turned on instead."
		}
		invalid = append(invalid, msg)
	}
	if len(invalid) > 0 {
		writeProblems(stderr, invalid)
		return onboard.EndInvalid, invalid, nil
	}
	run, abandoned := executeRooms(ctx, client, plans, pres, errs, titles, stderr, opts.QuitNow)
	if abandoned != nil {
		if opts.JSON {
			writeJSONStop(env.Streams.Out, onboard.EndInterrupted, nil, errors.New(strings.Join(abandoned.Abandoned(), " ")))
		}
		return onboard.EndInterrupted, nil, nil
	}
	if opts.JSON {
		writeRoomsJSON(env.Streams.Out, run, titles, overrides)
	} else {
		WriteRoomsSummary(env.Streams.Out, run, titles, overrides)
	}
	writeRoomsFinalErrors(stderr, run, titles)
	if line := onboard.RecordRun(env.StateDir, client.Portal(), onboard.ViaYes, run.Results()...); line != "" {
		fmt.Fprintln(stderr, line)
	}
	return onboard.RunEnd(run.Status()), nil, nil
}

// localProblems are the plans' problems found without the portal, each once: an
// existing room's levels are unknown until its type is, and any type's levels will be
// fitted to it, so only what a level cannot fix is checked here.
func localProblems(plans []docspace.Plan) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range plans {
		local := onboard.DefaultAccess(p, docspace.RoomPublic)
		local, _ = docspace.FitPlan(local, docspace.RoomPublic)
		if p.NewRoom != nil && p.NewRoom.Type.Valid() && !p.NewRoom.FromTemplate() {
			local, _ = docspace.FitPlan(p, p.NewRoom.Type)
		}
		for _, pr := range local.Validate(docspace.PortalFacts{}) {
			if !seen[pr.Message] {
				seen[pr.Message] = true
				out = append(out, pr.Message)
			}
		}
	}
	return out
}

// planTitle names a plan's room as the output does: the room's title once the check
// read it, a new room's title, else its id.
func planTitle(p docspace.Plan, pre *docspace.Preflight) string {
	switch {
	case pre != nil && pre.Room != nil:
		return pre.Room.Title
	case p.NewRoom != nil:
		return docspace.TrimTitle(p.NewRoom.Title)
	}
	return fmt.Sprintf("room %d", p.RoomID)
}

// roomType is the type of a plan's room as far as the check knows it.
func roomType(p docspace.Plan, pre *docspace.Preflight) docspace.RoomType {
	switch {
	case pre.Room != nil:
		return pre.Room.RoomType
	case pre.Template != nil:
		return pre.Template.RoomType
	case p.NewRoom != nil:
		return p.NewRoom.Type
	}
	return p.RoomType
}

// executeRooms runs the plans whose check passed, printing each room's progress to w
// with its title in front; a room whose check failed (errs) is not run and keeps that
// error, everyone in it not sent. When ctx ends it says at once that each room stops
// after its request under way and what those requests may still do; when quitNow is
// closed after that, it returns without waiting, with what the user must be told
// (abandoned), already printed to w.
func executeRooms(ctx context.Context, client *docspace.Client, plans []docspace.Plan, pres []*docspace.Preflight, errs []error, titles []string, w io.Writer, quitNow <-chan struct{}) (docspace.RoomsRun, *docspace.RoomsInFlight) {
	var runnable []int
	for i, err := range errs {
		if err == nil {
			runnable = append(runnable, i)
		}
	}
	sub, subPres := make([]docspace.Plan, len(runnable)), make([]*docspace.Preflight, len(runnable))
	for k, i := range runnable {
		sub[k], subPres[k] = plans[i], pres[i]
	}
	inflight := docspace.NewRoomsInFlight(sub)
	part, quit := watch(ctx, w, quitNow, inflight.Stopping, inflight.Abandoned, func(say func(func())) docspace.RoomsRun {
		return client.ExecuteRooms(ctx, sub, subPres, func(k int, e docspace.Event) {
			inflight.Observe(k, e)
			room := runnable[k]
			mark, text := onboard.Progress(plans[room], e)
			say(func() { fmt.Fprintf(w, "%s [%s] %s\n", mark, titles[room], text) })
		})
	})
	if quit {
		return docspace.RoomsRun{}, inflight
	}
	run := docspace.RoomsRun{Rooms: make([]docspace.RoomRun, len(plans)), Elapsed: part.Elapsed}
	for i, err := range errs {
		if err != nil {
			run.Rooms[i] = docspace.RoomRun{Plan: plans[i], Result: notRun(plans[i], err)}
		}
	}
	for k, i := range runnable {
		run.Rooms[i] = part.Rooms[k]
	}
	return run, nil
}

// notRun is the result of a room whose check failed: nobody sent, the check's error.
func notRun(p docspace.Plan, err error) docspace.Result {
	res := docspace.Result{Err: err}
	for _, inv := range p.Invitees {
		res.Outcomes = append(res.Outcomes, docspace.Outcome{Invitee: inv, Kind: docspace.OutcomeNotSent, Reason: "not sent: the room could not be read"})
	}
	return res
}

// WriteRoomsSummary prints the human summary of a run over rooms: each room with its
// link, the room × person table, why anyone is not in, and the totals.
func WriteRoomsSummary(w io.Writer, run docspace.RoomsRun, titles []string, overrides [][]docspace.Override) {
	tbl := run.Table()
	for i, col := range tbl.Rooms {
		switch {
		case col.Room != nil:
			verb := "Room"
			if col.Created {
				verb = "Created room"
			}
			fmt.Fprintf(w, "%s: %s (%s)  %s\n", verb, col.Room.Title, col.Room.RoomType, col.Room.Link)
			if l := onboard.LinkLine(col.Result); l != "" {
				fmt.Fprintf(w, "  %s\n", l)
			}
		case run.Rooms[i].Plan.NewRoom == nil:
			fmt.Fprintf(w, "%s: could not be read; nobody was added to it.\n", titles[i])
		default:
			headline, _ := onboard.Headline(col.Result)
			fmt.Fprintf(w, "%s: %s\n", titles[i], headline)
		}
	}
	fmt.Fprintln(w)
	tw := newTable(w)
	head := []string{"PERSON"}
	for i := range tbl.Rooms {
		head = append(head, clipTo(titles[i], 24))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for p, person := range tbl.People {
		row := []string{person.Label()}
		for r := range tbl.Rooms {
			o, ok := tbl.Cell(p, r)
			text := onboard.CellText(o, ok)
			if text == "" {
				text = "–"
			}
			row = append(row, text)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	_ = tw.Flush() // a failed write to the terminal has nowhere to be reported
	var why []string
	for p := range tbl.People {
		for r := range tbl.Rooms {
			if o, ok := tbl.Cell(p, r); ok {
				if s := onboard.CellReason(titles[r], o); s != "" {
					why = append(why, s)
				}
			}
		}
	}
	var fitted []string
	for i, os := range overrides {
		for _, o := range os {
			fitted = append(fitted, fmt.Sprintf("%s, %s: %s %s %s", titles[i], o.Invitee.Label(), o.Asked, onboard.Arrow, o.Given))
		}
	}
	if len(fitted) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Access fitted to the room type:")
		for _, s := range fitted {
			fmt.Fprintln(w, "  "+s)
		}
	}
	if len(why) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Not in:")
		for _, s := range why {
			fmt.Fprintln(w, "  "+s)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, onboard.RoomsTotals(run))
}

// clipTo shortens s to n terminal cells, the cut marked with an ellipsis.
func clipTo(s string, n int) string { return ansi.Truncate(s, n, onboard.Ellipsis) }

// writeRoomsFinalErrors closes a run over rooms: for each room that did not finish,
// what went wrong, and the one command that retries only the people not in yet.
func writeRoomsFinalErrors(w io.Writer, run docspace.RoomsRun, titles []string) {
	retries, _ := run.RetryPlans()
	var rooms []string
	for i, rr := range run.Rooms {
		if rr.Result.Err == nil {
			continue
		}
		if s := onboard.FinalError(rr.Result); s != "" {
			fmt.Fprintf(w, "%s: %s\n", titles[i], s)
		}
	}
	for _, rt := range retries {
		rooms = append(rooms, fmt.Sprintf("--room %d", rt.Plan.RoomID))
	}
	if len(rooms) > 0 {
		fmt.Fprintf(w, "To retry the people who are not in yet, run again with %s and the same --invite / --invite-file.\n", strings.Join(rooms, " "))
	}
}

// jsonRooms is --json for a run over rooms: each room's result as a single run's, and
// the room × person table by person.
type jsonRooms struct {
	Status  string           `json:"status"`
	Rooms   []jsonRoomResult `json:"rooms"`
	People  []jsonPerson     `json:"people"`
	Elapsed float64          `json:"elapsedSeconds"`
}

type jsonRoomResult struct {
	jsonResult
	Overrides []jsonOverride `json:"overrides,omitempty"`
}

type jsonOverride struct {
	Email  string `json:"email,omitempty"`
	UserID string `json:"userId,omitempty"`
	Asked  string `json:"asked"`
	Given  string `json:"given"`
}

type jsonPerson struct {
	Email  string       `json:"email,omitempty"`
	UserID string       `json:"userId,omitempty"`
	Name   string       `json:"name,omitempty"`
	Rooms  []jsonInRoom `json:"rooms"`
}

// jsonInRoom is one cell of the table: a person in one room.
type jsonInRoom struct {
	RoomID int    `json:"roomId,omitempty"`
	Title  string `json:"title"`
	Access string `json:"access"`
	Result string `json:"result"`
	Reason string `json:"reason,omitempty"`
}

func writeRoomsJSON(w io.Writer, run docspace.RoomsRun, titles []string, overrides [][]docspace.Override) {
	out := jsonRooms{Status: statusWords[run.Status()], Rooms: []jsonRoomResult{}, People: []jsonPerson{}, Elapsed: run.Elapsed.Seconds()}
	for i, rr := range run.Rooms {
		jr := jsonRoomResult{jsonResult: jsonFor(rr.Result)}
		for _, o := range overrides[i] {
			jr.Overrides = append(jr.Overrides, jsonOverride{Email: o.Invitee.Email, UserID: o.Invitee.UserID, Asked: o.Asked.String(), Given: o.Given.String()})
		}
		out.Rooms = append(out.Rooms, jr)
	}
	tbl := run.Table()
	for p, person := range tbl.People {
		jp := jsonPerson{Email: person.Email, UserID: person.UserID, Name: person.Name, Rooms: []jsonInRoom{}}
		for r, col := range tbl.Rooms {
			o, ok := tbl.Cell(p, r)
			if !ok {
				continue
			}
			cell := jsonInRoom{Title: titles[r], Access: o.Invitee.Access.String(), Result: outcomeWords[o.Kind], Reason: o.Reason}
			if col.Room != nil {
				cell.RoomID = col.Room.ID
			}
			if !o.Kind.InRoom() && cell.Reason == "" {
				cell.Reason = onboard.OutcomeText(o)
			}
			jp.Rooms = append(jp.Rooms, cell)
		}
		out.People = append(out.People, jp)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}
