package docspace

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// UndoRoom is one room a past run wrote to, and what it did there, to reverse.
type UndoRoom struct {
	ID    int
	Title string
	// Created is true when the run created the room: undo archives it (never deletes it).
	Created bool
	// ArchiveDone is true when an earlier undo archived it already.
	ArchiveDone bool
	People      []UndoPerson
}

// UndoPerson is someone the run added to a room or whose access it changed.
type UndoPerson struct {
	Email, UserID, Name string
	// GroupID is set for a portal group the run invited as a whole (Name is its name).
	GroupID string
	// Access is what the run gave them; Before what they had before it, AccessNone
	// when the run added them.
	Access, Before Access
	// Done is true when an earlier undo reversed this already: it is never done twice,
	// so someone put back by others since is left alone.
	Done bool
}

// Label names the person: their name and e-mail, or whichever is known.
func (p UndoPerson) Label() string {
	switch {
	case p.GroupID != "":
		return "@" + p.Name + " (group)"
	case p.Name != "" && p.Email != "" && !strings.EqualFold(p.Name, p.Email):
		return fmt.Sprintf("%s <%s>", p.Name, p.Email)
	case p.Email != "":
		return p.Email
	case p.Name != "":
		return p.Name
	}
	return "user " + p.UserID
}

// invitee is the person (or group) as the member list is searched for them, by userID.
func (p UndoPerson) invitee(userID string) Invitee {
	if p.GroupID != "" {
		return Invitee{Group: &GroupRef{ID: p.GroupID, Name: p.Name}}
	}
	return Invitee{Email: p.Email, UserID: userID}
}

// UndoAction is what a step of an undo does.
type UndoAction int

// Undo actions.
const (
	UndoRemove  UndoAction = iota // take out someone the run added
	UndoRestore                   // put back the access the run changed
	UndoArchive                   // archive the room the run created
)

// UndoState is where a step of an undo stands.
type UndoState int

// Undo states. Pending steps are what an undo will do; the others it will not, or did.
const (
	UndoPending     UndoState = iota // to be done
	UndoAlreadyDone                  // the portal is already as before the run
	UndoLeftAlone                    // changed by someone else since the run: not touched (see Reason)
	UndoReversed                     // done, and read back
	UndoFailed                       // tried and not done (see Reason)
)

// UndoStep is one change an undo makes, or does not make and says why.
type UndoStep struct {
	Action    UndoAction
	RoomID    int
	RoomTitle string
	// Person is who the step is about; zero for UndoArchive.
	Person UndoPerson
	// MemberID is the person's user id as the room lists them now (removals are by id).
	MemberID string
	// Now is the person's access when the members were read; AccessNone when absent.
	Now    Access
	State  UndoState
	Reason string
}

// PlanUndo reads the rooms and their members and says, for every change the run made,
// what undoing it takes: pending (it will be reversed), already done, or left alone
// because someone changed it since (the reason names the change). Nothing is written.
// A room that cannot be read is an error: nothing can be said about it for sure.
func (c *Client) PlanUndo(ctx context.Context, rooms []UndoRoom) ([]UndoStep, error) {
	var steps []UndoStep
	for _, ur := range rooms {
		s, err := c.planRoom(ctx, ur)
		if err != nil {
			return nil, err
		}
		steps = append(steps, s...)
	}
	return steps, nil
}

// planRoom plans the steps of one room.
func (c *Client) planRoom(ctx context.Context, ur UndoRoom) ([]UndoStep, error) {
	steps := make([]UndoStep, 0, len(ur.People)+1)
	for _, p := range ur.People {
		a := UndoRemove
		if p.Before != AccessNone {
			a = UndoRestore
		}
		steps = append(steps, UndoStep{Action: a, RoomID: ur.ID, RoomTitle: ur.Title, Person: p})
	}
	if ur.Created {
		steps = append(steps, UndoStep{Action: UndoArchive, RoomID: ur.ID, RoomTitle: ur.Title})
	}
	room, err := c.GetRoom(ctx, ur.ID)
	if KindOf(err) == KindNotFound {
		for i := range steps {
			steps[i].State, steps[i].Reason = UndoAlreadyDone, fmt.Sprintf("room %d no longer exists", ur.ID)
		}
		return steps, nil
	}
	if err != nil {
		return nil, err
	}
	if room.Title != "" {
		for i := range steps {
			steps[i].RoomTitle = room.Title
		}
	}
	var members map[string]Member
	if !room.Archived {
		if members, err = c.allMembers(ctx, ur.ID, len(ur.People)); err != nil {
			return nil, err
		}
	}
	for i := range steps {
		s := &steps[i]
		switch {
		case s.Action == UndoArchive && (room.Archived || ur.ArchiveDone):
			s.State, s.Reason = UndoAlreadyDone, "the room is in the archive"
		case s.Action == UndoArchive:
			s.State = UndoPending
		case s.Person.Done:
			s.State, s.Reason = UndoAlreadyDone, "reversed by an earlier undo"
		case room.Archived:
			s.State, s.Reason = UndoLeftAlone, "the room is in the archive, where its members cannot change"
		default:
			classify(s, members)
		}
	}
	return steps, nil
}

// classify sets a person's step from the members as read now.
func classify(s *UndoStep, members map[string]Member) {
	m, in := lookupMember(members, s.Person.invitee(s.Person.UserID))
	s.MemberID, s.Now = "", AccessNone
	if in {
		s.MemberID, s.Now = m.User.ID, m.Access
		if m.Group.ID != "" {
			s.MemberID = m.Group.ID // a group is changed by its id, as a user is
		}
	}
	p := s.Person
	switch {
	case in && m.IsOwner:
		s.State, s.Reason = UndoLeftAlone, "now the room's owner"
	case s.Action == UndoRemove && !in:
		s.State, s.Reason = UndoAlreadyDone, "no longer in the room"
	case s.Action == UndoRemove && m.Access == p.Access:
		s.State, s.Reason = UndoPending, ""
	case s.Action == UndoRemove:
		s.State, s.Reason = UndoLeftAlone, fmt.Sprintf("now %s, not the %s that run gave: changed by someone else since", m.Access, p.Access)
	case !in:
		s.State, s.Reason = UndoLeftAlone, "no longer in the room: removed by someone else since"
	case m.Access == p.Before:
		s.State, s.Reason = UndoAlreadyDone, fmt.Sprintf("already back to %s", p.Before)
	case m.Access == p.Access:
		s.State, s.Reason = UndoPending, ""
	default:
		s.State, s.Reason = UndoLeftAlone, fmt.Sprintf("now %s, not the %s that run gave: changed by someone else since", m.Access, p.Access)
	}
	if s.State == UndoPending && s.MemberID == "" {
		s.State, s.Reason = UndoLeftAlone, "the portal lists them without a user id, and removals by e-mail are ignored"
	}
}

// Pending counts the steps an undo will do.
func Pending(steps []UndoStep) int {
	n := 0
	for _, s := range steps {
		if s.State == UndoPending {
			n++
		}
	}
	return n
}

// Undo does the pending steps planned by PlanUndo: per room, it reads the members
// again (a step someone else changed meanwhile is left alone), puts the access back
// and takes out the people the run added, by user id in batches, reads the members
// back so each step says what the portal shows, and only then archives a room the
// run created, once nobody it added is left in it. It returns every step with its
// state; no step is done twice, and running it again does only what is left.
//
// Cancelling ctx stops it between requests, as it stops a run: a request under way is
// let finish and the members are read back, so every step says what happened.
func (c *Client) Undo(ctx context.Context, steps []UndoStep) []UndoStep {
	out := append([]UndoStep(nil), steps...)
	req := withStop(context.WithoutCancel(ctx), ctx)
	for _, id := range roomOrder(out) {
		c.undoRoom(ctx, req, out, id)
	}
	return out
}

// roomOrder lists the rooms of the steps in the order they first appear.
func roomOrder(steps []UndoStep) []int {
	var ids []int
	seen := map[int]bool{}
	for _, s := range steps {
		if !seen[s.RoomID] {
			seen[s.RoomID] = true
			ids = append(ids, s.RoomID)
		}
	}
	return ids
}

// undoRoom does the pending steps of one room, in place; ctx is the caller's (its end
// is a stop), req what requests run under.
func (c *Client) undoRoom(ctx, req context.Context, steps []UndoStep, roomID int) {
	var people []int // indexes of this room's pending person steps
	archive := -1
	for i, s := range steps {
		if s.RoomID != roomID || s.State != UndoPending {
			continue
		}
		if s.Action == UndoArchive {
			archive = i
		} else {
			people = append(people, i)
		}
	}
	if len(people) > 0 {
		c.undoPeople(ctx, req, steps, roomID, people)
	}
	if archive < 0 {
		return
	}
	s := &steps[archive]
	for _, o := range steps {
		if o.RoomID == roomID && o.Action != UndoArchive && (o.State == UndoFailed || o.State == UndoPending) {
			s.State, s.Reason = UndoFailed, "not archived yet: first the people above must be out of it; run undo again"
			return
		}
	}
	if ctx.Err() != nil {
		s.State, s.Reason = UndoFailed, "not done: the undo was stopped"
		return
	}
	if err := c.archiveAndConfirm(req, roomID); err != nil {
		s.State, s.Reason = UndoFailed, reasonOf(err)
		return
	}
	s.State, s.Reason = UndoReversed, ""
}

// undoPeople re-reads the room, sends the changes still valid, and reads back.
func (c *Client) undoPeople(ctx, req context.Context, steps []UndoStep, roomID int, idx []int) {
	if ctx.Err() != nil {
		for _, i := range idx {
			steps[i].State, steps[i].Reason = UndoFailed, "not done: the undo was stopped"
		}
		return
	}
	before, err := c.allMembers(req, roomID, len(idx))
	if err != nil {
		for _, i := range idx {
			steps[i].State, steps[i].Reason = UndoFailed, "not done: "+reasonOf(err)
		}
		return
	}
	var send []int
	for _, i := range idx {
		classify(&steps[i], before)
		if steps[i].State == UndoPending {
			send = append(send, i)
		}
	}
	failure := map[int]error{} // step index → the error of its batch
	for start := 0; start < len(send); start += BatchSize {
		batch := send[start:min(start+BatchSize, len(send))]
		if ctx.Err() != nil {
			for _, i := range batch {
				failure[i] = errors.New("not done: the undo was stopped")
			}
			continue
		}
		entries := make([]Invitation, len(batch))
		for k, i := range batch {
			to := AccessNone
			if steps[i].Action == UndoRestore {
				to = steps[i].Person.Before
			}
			entries[k] = Invitation{ID: steps[i].MemberID, Access: to}
		}
		if err := c.SetAccess(req, roomID, entries); err != nil {
			for _, i := range batch {
				failure[i] = err
			}
		}
	}
	if len(send) == 0 {
		return
	}
	// The share call has no transaction: what the portal now lists is what happened.
	after, rerr := c.allMembers(req, roomID, len(idx))
	for _, i := range send {
		s := &steps[i]
		if rerr != nil {
			if e, ok := failure[i]; ok {
				s.State, s.Reason = UndoFailed, reasonOf(e)
			} else {
				s.State, s.Reason = UndoFailed, "sent, but the members could not be read back to confirm: run undo again to check"
			}
			continue
		}
		m, in := lookupMember(after, s.Person.invitee(s.MemberID))
		done := s.Action == UndoRemove && !in || s.Action == UndoRestore && in && m.Access == s.Person.Before
		switch {
		case done:
			s.State, s.Reason = UndoReversed, ""
		case failure[i] != nil:
			s.State, s.Reason = UndoFailed, reasonOf(failure[i])
		default:
			s.State, s.Reason = UndoFailed, "the portal accepted the change but did not make it"
		}
		if in {
			s.Now = m.Access
		} else {
			s.Now = AccessNone
		}
	}
}
