package onboard

import (
	"fmt"
	"strings"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/history"
)

// UndoRooms turns a run's record into what undoing it means per room: the people it
// added and the access it changed (never those who were members already, nor anyone
// whose outcome it could not confirm), and the rooms it created. What an earlier undo
// of the same run already reversed (undos) is marked done, so it is never done twice.
func UndoRooms(run history.Record, undos []history.Record) []docspace.UndoRoom {
	type key struct {
		room int
		who  string
	}
	done := map[key]bool{}
	archived := map[int]bool{}
	for _, u := range undos {
		for _, r := range u.Rooms {
			archived[r.ID] = archived[r.ID] || r.Archived
			for _, p := range r.People {
				if p.Outcome == history.OutcomeRemoved || p.Outcome == history.OutcomeRestored {
					done[key{r.ID, personKey(p)}] = true
				}
			}
		}
	}
	var out []docspace.UndoRoom
	for _, r := range run.Rooms {
		if r.ID <= 0 {
			continue
		}
		ur := docspace.UndoRoom{ID: r.ID, Title: r.Title, Created: r.Created, ArchiveDone: archived[r.ID]}
		for _, p := range r.People {
			before := docspace.AccessNone
			switch p.Outcome {
			case history.OutcomeNewGuest, history.OutcomeAdded:
			case history.OutcomeAccessChanged:
				before = docspace.Access(p.Before)
				if before == docspace.AccessNone {
					continue // a change from an unknown level cannot be put back
				}
			default:
				continue
			}
			ur.People = append(ur.People, docspace.UndoPerson{Email: p.Email, UserID: p.UserID, Name: p.Name, GroupID: p.GroupID,
				Access: docspace.Access(p.Access), Before: before, Done: done[key{r.ID, personKey(p)}]})
		}
		if ur.Created || len(ur.People) > 0 {
			out = append(out, ur)
		}
	}
	return out
}

// personKey matches a person across records: by e-mail, else by user id.
func personKey(p history.Person) string {
	if p.GroupID != "" {
		return "group:" + strings.ToLower(p.GroupID)
	}
	if p.Email != "" {
		return strings.ToLower(p.Email)
	}
	return "id:" + strings.ToLower(p.UserID)
}

// UndoRecord is the history record of an undo of run: per room, who was taken out,
// put back, left alone (and why) or not reversed, and whether the room was archived.
// Steps already done before it are left out: it records what this undo did and met.
func UndoRecord(run history.Record, steps []docspace.UndoStep, at time.Time) history.Record {
	rec := history.Record{ID: history.NewID(at), Time: at.UTC(), Kind: history.KindUndo, Portal: run.Portal, Via: ViaUndo,
		Undoes: run.ID, Rooms: []history.Room{}}
	index := map[int]int{}
	failed := false
	for _, s := range steps {
		if s.State == docspace.UndoAlreadyDone || s.State == docspace.UndoPending {
			continue
		}
		i, ok := index[s.RoomID]
		if !ok {
			i = len(rec.Rooms)
			index[s.RoomID] = i
			rec.Rooms = append(rec.Rooms, history.Room{ID: s.RoomID, Title: s.RoomTitle, People: []history.Person{}})
		}
		room := &rec.Rooms[i]
		if s.State == docspace.UndoFailed {
			failed = true
		}
		if s.Action == docspace.UndoArchive {
			room.Archived = s.State == docspace.UndoReversed
			if s.State == docspace.UndoFailed && rec.Error == "" {
				rec.Error = "room not archived: " + s.Reason
			}
			continue
		}
		p := history.Person{Email: s.Person.Email, UserID: s.MemberID, Name: s.Person.Name, GroupID: s.Person.GroupID,
			Access: int(s.Now), Before: int(s.Person.Access), Reason: s.Reason}
		if p.UserID == "" {
			p.UserID = s.Person.UserID
		}
		switch {
		case s.State == docspace.UndoLeftAlone:
			p.Outcome = history.OutcomeLeftAlone
		case s.State == docspace.UndoFailed:
			p.Outcome = history.OutcomeFailed
		case s.Action == docspace.UndoRemove:
			p.Outcome = history.OutcomeRemoved
		default:
			p.Outcome = history.OutcomeRestored
		}
		room.People = append(room.People, p)
	}
	rec.Status = "complete"
	if failed {
		rec.Status = "partial"
	}
	return rec
}

// roomName is "Sales" (#101).
func roomName(id int, title string) string {
	if title == "" {
		return fmt.Sprintf("room #%d", id)
	}
	return fmt.Sprintf("\"%s\" (#%d)", title, id)
}

// UndoPlanLine says what a pending step will do, or why a step is left alone.
func UndoPlanLine(s docspace.UndoStep) string {
	room := roomName(s.RoomID, s.RoomTitle)
	switch {
	case s.State == docspace.UndoLeftAlone:
		return fmt.Sprintf("leave %s in %s alone: %s", s.Person.Label(), room, s.Reason)
	case s.Action == docspace.UndoArchive:
		return fmt.Sprintf("archive %s, which that run created (it is archived, never deleted)", room)
	case s.Action == docspace.UndoRemove:
		return fmt.Sprintf("remove %s (%s) from %s", s.Person.Label(), s.Person.Access, room)
	}
	return fmt.Sprintf("put %s back from %s to %s in %s", s.Person.Label(), s.Person.Access, s.Person.Before, room)
}

// UndoResultLine says what happened to a step the undo tried, with its mark.
func UndoResultLine(s docspace.UndoStep) (mark, text string) {
	room := roomName(s.RoomID, s.RoomTitle)
	switch s.State {
	case docspace.UndoReversed:
		switch s.Action {
		case docspace.UndoArchive:
			return MarkDone, fmt.Sprintf("archived %s", room)
		case docspace.UndoRemove:
			return MarkDone, fmt.Sprintf("removed %s from %s", s.Person.Label(), room)
		}
		return MarkDone, fmt.Sprintf("put %s back to %s in %s", s.Person.Label(), s.Person.Before, room)
	case docspace.UndoLeftAlone:
		return MarkWarning, fmt.Sprintf("left %s in %s alone: %s", s.Person.Label(), room, s.Reason)
	case docspace.UndoFailed:
		switch s.Action {
		case docspace.UndoArchive:
			return MarkFailed, fmt.Sprintf("not archived %s: %s", room, s.Reason)
		case docspace.UndoRemove:
			return MarkFailed, fmt.Sprintf("not removed %s from %s: %s", s.Person.Label(), room, s.Reason)
		}
		return MarkFailed, fmt.Sprintf("not put back %s in %s: %s", s.Person.Label(), room, s.Reason)
	}
	return MarkSame, fmt.Sprintf("%s in %s: already as before that run", labelOf(s), room)
}

func labelOf(s docspace.UndoStep) string {
	if s.Action == docspace.UndoArchive {
		return "the room"
	}
	return s.Person.Label()
}

// UndoCounts tallies steps by state.
func UndoCounts(steps []docspace.UndoStep) map[docspace.UndoState]int {
	m := map[docspace.UndoState]int{}
	for _, s := range steps {
		m[s.State]++
	}
	return m
}

// UndoEnd is how an undo ends: done when every step it tried was reversed, partial
// when some were not.
func UndoEnd(steps []docspace.UndoStep) End {
	c := UndoCounts(steps)
	switch {
	case c[docspace.UndoFailed] > 0 && c[docspace.UndoReversed] == 0:
		return EndFailed
	case c[docspace.UndoFailed] > 0:
		return EndPartial
	}
	return EndDone
}
