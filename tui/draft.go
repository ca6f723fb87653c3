package tui

import (
	"fmt"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// action is what the user wants to do.
type action int

const (
	actionUnset action = iota
	actionNew
	actionExisting
)

// lookupState is what the portal said about one e-mail address.
type lookupState int

const (
	lookupPending  lookupState = iota // asked, no answer yet
	lookupFound                       // a portal user
	lookupNotFound                    // not a portal user: will be invited as a guest
	lookupFailed                      // the look-up failed; the run finds out again
)

// lookup is the cached answer for one e-mail address.
type lookup struct {
	state lookupState
	user  docspace.User
}

// draft is the plan being built: every step reads and writes it, and nothing else
// of another step. It turns into a docspace.Plan for the review and the run.
type draft struct {
	action   action
	title    string
	roomType docspace.RoomType // 0 until chosen
	typeSet  bool              // chosen by a flag or the user (a remembered type does not count)
	roomID   int               // the existing room, also set from --room before it is loaded
	room     *docspace.Room    // the existing room, once loaded
	roomErr  error             // loading roomID failed

	// list is the parsed people area: every entry, and the unique valid invitees.
	list docspace.InviteeList

	defaultAccess docspace.Access
	// accessSet is true when the default was chosen (by a flag or the user), not remembered:
	// a chosen level the room refuses is a problem, a remembered one gives way.
	accessSet bool
	// notifySet is true when a flag set notify (a remembered choice then does not apply).
	notifySet bool
	// overrides are per-person access levels set in the access step, by lower-cased e-mail.
	overrides map[string]docspace.Access

	notify  bool
	message string
}

func newDraft() *draft {
	return &draft{notify: true, overrides: map[string]docspace.Access{}}
}

// planRoomType is the type of the room the plan works on, 0 while unknown.
func (d *draft) planRoomType() docspace.RoomType {
	if d.action == actionExisting {
		if d.room != nil {
			return d.room.RoomType
		}
		return 0
	}
	return d.roomType
}

// defaultFor is the access everyone gets unless a line or the table says otherwise.
func (d *draft) defaultFor() docspace.Access {
	t := d.planRoomType()
	if d.defaultAccess != 0 && (t == 0 || t.Allows(d.defaultAccess) || d.accessSet) {
		return d.defaultAccess
	}
	if t.Valid() {
		return t.DefaultAccess()
	}
	return d.defaultAccess
}

// accessSource says where an invitee's access level comes from.
type accessSource int

const (
	fromDefault accessSource = iota
	fromLine                 // the pasted line said "email,editor"
	fromTable                // changed in the access step
)

// accessFor is the access one invitee will get.
func (d *draft) accessFor(inv docspace.Invitee) (docspace.Access, accessSource) {
	if a, ok := d.overrides[strings.ToLower(inv.Email)]; ok {
		return a, fromTable
	}
	if inv.Access != docspace.AccessNone {
		return inv.Access, fromLine
	}
	return d.defaultFor(), fromDefault
}

// roomAdminOK reports whether the invitee may be made Room admin, and if not, why.
// Unknown answers (look-up pending or failed) are allowed: the portal decides.
func roomAdminOK(u lookup, known bool) (bool, string) {
	if !known || u.state == lookupPending || u.state == lookupFailed {
		return true, ""
	}
	if u.state == lookupNotFound {
		return false, "Room admin is only for people who already have a portal account"
	}
	if !u.user.CanBeRoomAdmin() {
		return false, "Room admin is only for DocSpace admins and room admins"
	}
	return true, ""
}

// titleProblem says what is wrong with a room title, "" when nothing.
func titleProblem(title string) string { return docspace.ValidateTitle(title) }

// problems lists what keeps the plan from running, each with the field that owns it.
func (d *draft) problems(users map[string]lookup) docspace.Problems {
	var ps docspace.Problems
	add := func(f docspace.Field, inv int, format string, a ...any) {
		ps = append(ps, docspace.Problem{Field: f, Invitee: inv, Message: fmt.Sprintf(format, a...)})
	}
	switch d.action {
	case actionUnset:
		add(docspace.FieldRoom, -1, "Choose whether to create a room or use an existing one.")
	case actionExisting:
		switch {
		case d.roomErr != nil:
			add(docspace.FieldRoom, -1, "Room %d could not be opened (%v): pick another room.", d.roomID, d.roomErr)
		case d.roomID == 0:
			add(docspace.FieldRoom, -1, "Pick the room to add people to.")
		}
	case actionNew:
		if p := titleProblem(d.title); p != "" {
			add(docspace.FieldTitle, -1, "%s", p)
		}
		if !d.roomType.Valid() {
			add(docspace.FieldType, -1, "Choose a room type.")
		}
	}
	switch {
	case d.list.Invalid == 1:
		add(docspace.FieldInvitees, -1, "1 entry is not a valid address: fix or delete it.")
	case d.list.Invalid > 1:
		add(docspace.FieldInvitees, -1, "%d entries are not valid addresses: fix or delete them.", d.list.Invalid)
	case len(d.list.Invitees) == 0 && d.action != actionNew:
		// A new room may start empty (the review says so); an existing one needs someone.
		add(docspace.FieldInvitees, -1, "Add at least one person to invite.")
	}
	t := d.planRoomType()
	if !t.Valid() {
		return ps
	}
	if def := d.defaultFor(); !t.Allows(def) {
		add(docspace.FieldAccess, -1, "%s is not available in %s rooms: choose another default.", def, t)
	}
	for i, inv := range d.list.Invitees {
		a, src := d.accessFor(inv)
		if src != fromDefault && !t.Allows(a) {
			add(docspace.FieldAccess, i, "%s: %s is not available in %s rooms: choose another level.", inv.Email, a, t)
			continue
		}
		if a == docspace.AccessRoomManager {
			u, known := users[strings.ToLower(inv.Email)]
			if ok, why := roomAdminOK(u, known); !ok {
				add(docspace.FieldAccess, i, "%s: %s: choose another level.", inv.Email, why)
			}
		}
	}
	return ps
}

// plan builds what the run will send. users are the look-up answers: known users are
// invited by id (Room admin needs it; the portal checks e-mail entries as guests).
func (d *draft) plan(users map[string]lookup) docspace.Plan {
	p := docspace.Plan{Notify: d.notify}
	if d.notify {
		p.Message = strings.TrimSpace(d.message)
	}
	if d.action == actionExisting {
		p.RoomID = d.roomID
		p.RoomType = d.planRoomType()
	} else {
		p.NewRoom = &docspace.NewRoom{Title: strings.TrimSpace(d.title), Type: d.roomType}
	}
	p.Invitees = make([]docspace.Invitee, 0, len(d.list.Invitees))
	for _, inv := range d.list.Invitees {
		inv.Access, _ = d.accessFor(inv)
		if u, ok := users[strings.ToLower(inv.Email)]; ok && u.state == lookupFound {
			inv.UserID = u.user.ID
			if inv.Name == "" {
				inv.Name = u.user.DisplayName
			}
		}
		p.Invitees = append(p.Invitees, inv)
	}
	return p
}
