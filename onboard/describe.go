package onboard

import (
	"context"
	"errors"
	"fmt"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
	"strconv"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// This file says what a run does and did, in words every front-end shows the same
// way: the front-ends add only layout (columns, colours, widths, links).

// Plural is "1 person" or "3 people".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// people is how many invitations the run sends: the event's count once it is known.
func people(p docspace.Plan, e docspace.Event) int {
	if e.Total > 0 {
		return e.Total
	}
	return len(p.Invitees)
}

// CallName names the call an event is about, as a label that later events of the same
// call keep: `Create room "Q3"`, "Invite batch 1 of 2", "Invite 3 people".
func CallName(p docspace.Plan, e docspace.Event) string {
	switch e.Phase {
	case docspace.PhaseCheck:
		return "Check the key and the portal's settings"
	case docspace.PhaseCreate:
		if p.NewRoom != nil && p.NewRoom.FromTemplate() {
			return fmt.Sprintf("Create room \"%s\"%s", docspace.TrimTitle(p.NewRoom.Title), fromTemplate(p.NewRoom.Template))
		}
		if p.NewRoom != nil {
			return fmt.Sprintf("Create room \"%s\"", docspace.TrimTitle(p.NewRoom.Title))
		}
		return "Create the room"
	case docspace.PhaseInvite:
		if e.Batches > 1 {
			return fmt.Sprintf("Invite batch %d of %d", e.Batch, e.Batches)
		}
		return "Invite " + Plural(people(p, e), "person", "people")
	case docspace.PhaseLink:
		return "Turn on the invitation link"
	}
	return "Confirm the room's members"
}

// Progress is the line a line-by-line front-end (--yes, --accessible) prints for an
// event: its mark and its text, e.g. "✓" and `Created room "Q3" (id 104)`.
func Progress(p docspace.Plan, e docspace.Event) (mark, text string) {
	switch e.State {
	case docspace.EventRetrying:
		return MarkRetrying, CallName(p, e) + ": " + e.RetryText()
	case docspace.EventFailed:
		if e.Phase == docspace.PhaseInvite && e.Batch > 0 {
			return MarkFailed, fmt.Sprintf("Batch %d of %d: %v", e.Batch, e.Batches, e.Err)
		}
		// The error names its call already ("creating room …: …").
		return MarkFailed, UpperFirst(fmt.Sprint(e.Err))
	case docspace.EventStarted:
		switch e.Phase {
		case docspace.PhaseCheck:
			return MarkWorking, "Checking the key and the portal's settings" + Ellipsis
		case docspace.PhaseCreate:
			if p.NewRoom == nil {
				return MarkWorking, "Creating the room" + Ellipsis
			}
			if p.NewRoom.FromTemplate() {
				return MarkWorking, templateProgress(p.NewRoom, e)
			}
			what := p.NewRoom.Type.String()
			if set := SettingsLine(p.NewRoom.Options); set != "" {
				what += "; " + set
			}
			return MarkWorking, fmt.Sprintf("Creating room \"%s\" (%s)%s", docspace.TrimTitle(p.NewRoom.Title), what, Ellipsis)
		case docspace.PhaseInvite:
			return MarkWorking, fmt.Sprintf("Inviting: batch %d of %d%s", e.Batch, e.Batches, Ellipsis)
		case docspace.PhaseLink:
			return MarkWorking, "Turning on the room's invitation link" + Ellipsis
		}
		return MarkWorking, "Reading the members back to confirm" + Ellipsis
	}
	switch e.Phase {
	case docspace.PhaseCheck:
		return MarkDone, "Key and settings checked"
	case docspace.PhaseCreate:
		if e.Room == nil {
			return MarkDone, "Created the room"
		}
		from := ""
		if p.NewRoom != nil && p.NewRoom.FromTemplate() {
			from = fromTemplate(p.NewRoom.Template)
		}
		return MarkDone, fmt.Sprintf("Created room \"%s\"%s (id %d)", e.Room.Title, from, e.Room.ID)
	case docspace.PhaseInvite:
		return MarkDone, fmt.Sprintf("Batch %d of %d sent (%d/%d invitations)", e.Batch, e.Batches, e.Sent, people(p, e))
	case docspace.PhaseLink:
		return MarkDone, "Invitation link on"
	}
	return MarkDone, "Members confirmed"
}

// Headline sums a result up: the room's sentence, and the people's (who could not be
// invited, and the invitation link when its call failed), which a front-end may put on
// a line of its own so it is never cut.
func Headline(r docspace.Result) (room, people string) {
	room, people = headline(r)
	if l := LinkNotOn(r); l != "" {
		people = strings.TrimSpace(people + " " + l)
	}
	return room, people
}

// headline is Headline's room and people sentences, before the link's.
func headline(r docspace.Result) (room, people string) {
	failed := len(r.Failed())
	unconfirmed := r.Counts()[docspace.OutcomeUnconfirmed]
	switch {
	case r.Room == nil && r.RoomUncertain:
		return "The portal did not confirm whether the room was created: look for it in DocSpace before running again.", ""
	case r.Room == nil && r.Cancelled:
		return "Stopped before the room was created.", ""
	case r.Room == nil:
		return "The room could not be created.", ""
	case r.RoomCreated && !r.Cancelled && errors.Is(r.Err, docspace.ErrTemplateJobUnread):
		return fmt.Sprintf("Room %q was made, but whether the portal's job finished copying the template into it could not be read: check the room in DocSpace.", r.Room.Title), fmt.Sprintf("%s not invited yet.", Plural(failed, "person", "people"))
	case r.RoomCreated && !r.Cancelled && errors.Is(r.Err, docspace.ErrTemplateJob):
		return fmt.Sprintf("Room %q was made, but the portal's job copying the template into it did not finish: check the room in DocSpace.", r.Room.Title), fmt.Sprintf("%s not invited yet.", Plural(failed, "person", "people"))
	case r.Cancelled:
		return fmt.Sprintf("Stopped: room \"%s\" exists.", r.Room.Title), fmt.Sprintf("%s not invited.", Plural(failed, "person", "people"))
	case failed > unconfirmed:
		return fmt.Sprintf("Room \"%s\" is ready.", r.Room.Title), fmt.Sprintf("%s could not be invited.", Plural(failed-unconfirmed, "person", "people"))
	case unconfirmed > 0:
		// Sent and accepted; only reading the members back failed.
		return fmt.Sprintf("Room \"%s\" is ready.", r.Room.Title), fmt.Sprintf("%s sent, not confirmed.", Plural(unconfirmed, "invitation", "invitations"))
	case r.RoomCreated && len(r.Outcomes) == 0 && r.Link != nil:
		return fmt.Sprintf("Room \"%s\" is created%s with its invitation link on: share the link.", r.Room.Title, fromTemplate(r.Template)), ""
	case r.RoomCreated && len(r.Outcomes) == 0:
		return fmt.Sprintf("Room \"%s\" is created%s; nobody was invited.", r.Room.Title, fromTemplate(r.Template)), ""
	case r.RoomCreated:
		return fmt.Sprintf("Room \"%s\" is created%s and everyone is in.", r.Room.Title, fromTemplate(r.Template)), ""
	}
	return fmt.Sprintf("Everyone is in room \"%s\".", r.Room.Title), ""
}

// OutcomeText says what happened to one person: "new guest invited", "failed: the
// role is not available", "Editor → Viewer: lowers access".
func OutcomeText(o docspace.Outcome) string {
	var word string
	switch o.Kind {
	case docspace.OutcomeNewGuest:
		word = "new guest invited"
	case docspace.OutcomeAdded:
		word = "existing user added"
		if o.Invitee.IsGroup() {
			word = "group added"
		}
	case docspace.OutcomeAccessChanged:
		if c := o.Change(); c != "" {
			return c // names both levels: says it all
		}
		word = "access changed"
	case docspace.OutcomeAlreadyMember:
		word = "already a member"
	case docspace.OutcomeFailed:
		word = "failed"
	case docspace.OutcomeUnconfirmed:
		if o.Reason != "" {
			return o.Reason // a sentence of its own: "sent and accepted, but …"
		}
		return "sent, not confirmed: the members could not be read back"
	default:
		if o.Reason != "" {
			return o.Reason // "not sent: the run was stopped"
		}
		return "not sent: the run stopped before"
	}
	if o.Reason != "" {
		return word + ": " + o.Reason
	}
	return word
}

// OutcomeMark is the mark in front of a person's line.
func OutcomeMark(k docspace.OutcomeKind) string {
	switch k {
	case docspace.OutcomeNewGuest, docspace.OutcomeAdded, docspace.OutcomeAccessChanged:
		return MarkDone
	case docspace.OutcomeAlreadyMember:
		return MarkSame
	case docspace.OutcomeFailed:
		return MarkFailed
	case docspace.OutcomeUnconfirmed:
		return MarkUnsure
	}
	return MarkSkipped
}

// Totals counts a run's outcomes in one line: "3 of 4 in the room · 2 invited · 1
// added · 1 failed". Kinds nobody ended in are left out.
func Totals(r docspace.Result) string {
	c := r.Counts()
	in := 0
	for k, n := range c {
		if k.InRoom() {
			in += n
		}
	}
	parts := []string{fmt.Sprintf("%d of %d in the room", in, len(r.Outcomes))}
	for _, t := range []struct {
		kind      docspace.OutcomeKind
		one, many string
	}{
		{docspace.OutcomeNewGuest, "invited", "invited"},
		{docspace.OutcomeAdded, "added", "added"},
		{docspace.OutcomeAccessChanged, "access changed", "access changed"},
		{docspace.OutcomeAlreadyMember, "already a member", "already members"},
		{docspace.OutcomeFailed, "failed", "failed"},
		{docspace.OutcomeUnconfirmed, "not confirmed", "not confirmed"},
		{docspace.OutcomeNotSent, "not sent", "not sent"},
	} {
		if n := c[t.kind]; n > 0 {
			parts = append(parts, Plural(n, t.one, t.many))
		}
	}
	return strings.Join(parts, " "+Separator+" ")
}

// ErrorSentence tells err as a sentence plus what to do next.
func ErrorSentence(err error) string {
	if err == nil {
		return ""
	}
	var ae *docspace.APIError
	if errors.As(err, &ae) {
		// err, not ae: what the run adds around the portal's error (which call, "the
		// portal may have created the room anyway") is part of the sentence.
		return sentence(outside.Line(err.Error(), 0)) + " " + ae.Hint()
	}
	if errors.Is(err, context.Canceled) {
		return "The request was cancelled."
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "The portal did not answer in time. Check the portal address and your network connection."
	}
	return sentence(outside.Line(err.Error(), 0))
}

// sentence capitalises s and makes it end with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = UpperFirst(s)
	if !strings.ContainsAny(s[len(s)-1:], ".!?") {
		s += "."
	}
	return s
}

// FinalError is what a line-by-line front-end says last about a run that did not
// finish, after its log has shown each failed call: that it was stopped, or what to
// do about the error, and that the room's invitation link is not on when its call
// failed. Empty for a run that finished.
func FinalError(r docspace.Result) string {
	if r.Cancelled {
		return "Stopped: the summary says exactly what was done for each person."
	}
	var lines []string
	var ae *docspace.APIError
	if errors.As(r.Err, &ae) {
		lines = append(lines, "What to do: "+ae.Hint())
	}
	if l := LinkNotOn(r); l != "" {
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}

// LinkNotOn says, when the run's call turning the room's invitation link on failed,
// that the link is not on (or may not be) and how to turn it on; "" otherwise. The
// room and its people are as the rest of the summary says.
func LinkNotOn(r docspace.Result) string {
	le := r.LinkErr
	if le == nil {
		return ""
	}
	how := fmt.Sprintf("turn it on in the room's settings in DocSpace, or run again with --room %d and the same --link", le.Room.ID)
	if le.MayBeOn {
		return fmt.Sprintf("The portal did not confirm whether the invitation link of \"%s\" was turned on: check the room in DocSpace and, if the link is off, %s.", le.Room.Title, how)
	}
	return fmt.Sprintf("The invitation link of \"%s\" was not turned on: %s.", le.Room.Title, how)
}

// templateProgress is the line for a room being made from a template: the start, then
// how far the portal's job is at each poll.
func templateProgress(nr *docspace.NewRoom, e docspace.Event) string {
	title := docspace.TrimTitle(nr.Title)
	if e.Progress > 0 {
		return fmt.Sprintf("Creating room %q from the template: %.0f%% done%s", title, e.Progress, Ellipsis)
	}
	return fmt.Sprintf("Creating room %q from template %q (%s)%s", title, nr.Template, nr.Type, Ellipsis)
}

// fromTemplate is ` from template "Y"` for a room made from template Y, "" for none.
func fromTemplate(title string) string {
	if title == "" {
		return ""
	}
	return fmt.Sprintf(" from template %q", title)
}

// LinkLine is the summary's line about the room's invitation link the run turned on,
// "" when it did not: `Invitation link (Editor, until 4 Dec 2026, up to 50 people): URL`.
func LinkLine(r docspace.Result) string {
	if r.Link == nil {
		return ""
	}
	l := docspace.LinkPlan{Access: r.Link.Access, MaxUses: r.Link.MaxUses}
	if r.Link.Expires != nil {
		l.Expires = *r.Link.Expires
	}
	return fmt.Sprintf("Invitation link (%s): %s", l.Words(), r.Link.URL)
}

// ResentSentence says to whom a room's invitation was sent again.
func ResentSentence(room string, emails []string) string {
	const most = 5
	names := emails
	if len(names) > most {
		names = append(append([]string(nil), names[:most]...), fmt.Sprintf("and %d more", len(emails)-most))
	}
	return fmt.Sprintf("%s Invitation to room \"%s\" sent again to %s: %s.", MarkDone, room, Plural(len(emails), "pending guest", "pending guests"), strings.Join(names, ", "))
}
