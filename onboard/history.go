package onboard

import (
	"fmt"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/history"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

// Front-ends, as a history record names them (Record.Via).
const (
	ViaWizard     = "wizard"
	ViaYes        = "yes"
	ViaAccessible = "accessible"
	ViaUndo       = "undo"
	ViaApply      = "apply"
)

// outcomeWords are the history's words for what a run did for one person.
var outcomeWords = map[docspace.OutcomeKind]string{
	docspace.OutcomeNewGuest:      history.OutcomeNewGuest,
	docspace.OutcomeAdded:         history.OutcomeAdded,
	docspace.OutcomeAlreadyMember: history.OutcomeAlreadyMember,
	docspace.OutcomeAccessChanged: history.OutcomeAccessChanged,
	docspace.OutcomeFailed:        history.OutcomeFailed,
	docspace.OutcomeUnconfirmed:   history.OutcomeUnconfirmed,
	docspace.OutcomeNotSent:       history.OutcomeNotSent,
}

// statusWords name a run's status in the history.
var statusWords = map[docspace.Status]string{
	docspace.StatusComplete: "complete", docspace.StatusPartial: "partial", docspace.StatusFailed: "failed",
	docspace.StatusKeyRejected: "key rejected", docspace.StatusInterrupted: "interrupted", docspace.StatusInvalid: "invalid",
}

// RunRecord is the history record of one run: a room per result (a run over several
// rooms passes one result per room), each with its people and what happened to them.
func RunRecord(portal, via string, at time.Time, results ...docspace.Result) history.Record {
	rec := history.Record{ID: history.NewID(at), Time: at.UTC(), Kind: history.KindRun, Portal: portal, Via: via,
		Rooms: []history.Room{}}
	worst := docspace.StatusComplete
	for _, res := range results {
		if s := res.Status(); s != docspace.StatusComplete && (worst == docspace.StatusComplete || s == docspace.StatusFailed) {
			worst = s
		}
		if res.Err != nil && rec.Error == "" {
			rec.Error = outside.Line(ErrorSentence(res.Err), 500)
		}
		if res.Room == nil {
			continue
		}
		room := history.Room{ID: res.Room.ID, Title: res.Room.Title, Type: int(res.Room.RoomType), Link: res.Room.Link,
			Created: res.RoomCreated, Uncertain: res.RoomUncertain, People: []history.Person{}}
		for _, o := range res.Outcomes {
			name := o.Invitee.Name
			if o.Invitee.IsGroup() {
				name = o.Invitee.GroupName()
			}
			p := history.Person{Email: o.Invitee.Email, UserID: o.Invitee.UserID, Name: name, GroupID: o.Invitee.GroupID(),
				Access: int(o.Invitee.Access), Outcome: outcomeWords[o.Kind], Reason: o.Reason}
			if o.Access != docspace.AccessNone {
				p.Access = int(o.Access)
			}
			if o.Kind == docspace.OutcomeAccessChanged {
				p.Before = int(o.Before)
			}
			room.People = append(room.People, p)
		}
		rec.Rooms = append(rec.Rooms, room)
	}
	rec.Status = statusWords[worst]
	return rec
}

// RecordRun appends the record of one run to the history in dir when the run wrote
// something (a room created, someone added or given another access), and returns the
// line to show: where it was recorded and how to reverse it, or, when the history
// cannot be written, the sentence saying so; that never changes how the run ended.
// An empty dir keeps no history (the demo portal, tests), and a run that wrote
// nothing is not recorded: both return "".
func RecordRun(dir, portal, via string, results ...docspace.Result) string {
	if dir == "" {
		return ""
	}
	rec := RunRecord(portal, via, time.Now(), results...)
	if !rec.Wrote() {
		return ""
	}
	if err := history.Append(dir, rec); err != nil {
		return fmt.Sprintf("%s This run was not added to the history, so `docspace-wizard undo` cannot reverse it: %v.", MarkWarning, err)
	}
	return fmt.Sprintf("Recorded in the history as %s: `docspace-wizard undo %s` reverses it.", rec.ID, rec.ID)
}
