package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// choice is one answer a question offers.
type choice[T any] struct {
	label string // what the answer is called
	desc  string // a line on what it means, "" for none
	value T
}

// question is one step's question, defined once: the wizard's step draws it on its
// screen and the plain prompter reads it out (huh in accessible mode), each showing as
// much of it as its medium allows.
type question[T any] struct {
	heading  string        // the screen's heading, when it is not the question itself
	title    string        // the question
	help     string        // a line on what it is for, "" for none
	choices  []choice[T]   // the answers offered; nil for free text
	def      T             // the answer Enter alone gives
	limit    int           // the longest answer in characters, 0 for no limit
	validate func(T) error // nil when every answer will do
}

// values are the values of q's choices, in order.
func (q question[T]) values() []T {
	out := make([]T, len(q.choices))
	for i, c := range q.choices {
		out[i] = c.value
	}
	return out
}

// check is q's validation of v: nil when v will do.
func (q question[T]) check(v T) error {
	if q.validate == nil {
		return nil
	}
	return q.validate(v)
}

// indexOf is the position of the choice holding v, -1 when none does.
func indexOf[T comparable](q question[T], v T) int {
	for i, c := range q.choices {
		if c.value == v {
			return i
		}
	}
	return -1
}

// errCannotCreate is the action question's answer to "create" from someone who may not.
var errCannotCreate = errors.New("You cannot create rooms on this portal: only DocSpace admins and room admins can. Add people to an existing room, or ask an admin.") //nolint:staticcheck // a sentence shown as it is

// actionQuestion asks whether to create a room or add people to an existing one.
func actionQuestion(st *state) question[action] {
	create := choice[action]{label: "Create a new room", desc: "then choose its title and type", value: actionNew}
	if !st.canCreateRooms() {
		create.desc = "not allowed: only DocSpace admins and room admins create rooms"
	}
	q := question[action]{
		title: "What would you like to do?",
		choices: []choice[action]{
			create,
			{label: "Add people to existing rooms", desc: "pick one, or several with space", value: actionExisting},
		},
		def: actionNew,
	}
	if len(st.templates.items) > 0 || st.d.action == actionTemplate {
		tmpl := choice[action]{label: "Create a room from a template", desc: "it sets the type", value: actionTemplate}
		if !st.canCreateRooms() {
			tmpl.desc = create.desc
		}
		q.choices = append(q.choices, tmpl)
	}
	if st.d.action == actionExisting || st.d.action == actionTemplate {
		q.def = st.d.action
	}
	q.validate = func(a action) error {
		if a != actionExisting && !st.canCreateRooms() {
			return errCannotCreate
		}
		return nil
	}
	return q
}

// templateQuestion asks which of the portal's room templates the new room is made
// from: each with the type of the rooms it makes.
func templateQuestion(st *state) question[int] {
	q := question[int]{
		title: "Room template",
		help:  "The new room gets the template's type, settings and content; people are added next.",
	}
	for _, t := range st.templates.items {
		q.choices = append(q.choices, choice[int]{label: t.Title, desc: t.RoomType.String(), value: t.ID})
	}
	if len(q.choices) > 0 {
		q.def = q.choices[0].value
	}
	if t := st.d.template; t != nil && indexOf(q, t.ID) >= 0 {
		q.def = t.ID
	}
	return q
}

// templateByID is the loaded template with id, nil when none.
func (st *state) templateByID(id int) *docspace.Template {
	for i := range st.templates.items {
		if st.templates.items[i].ID == id {
			t := st.templates.items[i]
			return &t
		}
	}
	return nil
}

// titleQuestion asks for the new room's title: 1..170 UTF-16 units once trimmed.
func titleQuestion(d *draft) question[string] {
	help := "People see it in their room list and in the invitation e-mail."
	if t := d.template; d.action == actionTemplate && t != nil {
		help = fmt.Sprintf("From template \"%s\" · %s (the template decides the type). %s", t.Title, t.RoomType, help)
	}
	return question[string]{
		title: "Title of the new room",
		help:  help,
		def:   d.title,
		validate: func(s string) error {
			if p := titleProblem(s); p != "" {
				return errors.New(p)
			}
			return nil
		},
	}
}

// typeQuestion asks for the room type, each with a line on what it is for; the
// draft's type (chosen or remembered) is the default, else the first.
func typeQuestion(d *draft) question[docspace.RoomType] {
	q := question[docspace.RoomType]{
		title: "Room type",
		help:  "The type decides what people in the room can do.",
	}
	for _, t := range docspace.RoomTypes() {
		q.choices = append(q.choices, choice[docspace.RoomType]{label: t.String(), desc: t.Description(), value: t})
	}
	q.def = q.choices[0].value
	if indexOf(q, d.roomType) >= 0 {
		q.def = d.roomType
	}
	return q
}

// peopleQuestion asks for the people to invite. A new room may be created empty; an
// existing one needs someone, and every entry must be valid.
func peopleQuestion(d *draft) question[docspace.InviteeList] {
	return question[docspace.InviteeList]{
		title: "People to invite",
		help:  "E-mail addresses, one per line or separated by commas; \"Name <email>\", \"email,editor\" and \"@Group\" work too.",
		def:   d.list,
		validate: func(l docspace.InviteeList) error {
			switch {
			case l.Invalid > 0:
				return fmt.Errorf("%s not valid yet: fix or delete %s.", plural(l.Invalid, "entry is", "entries are"), pick(l.Invalid == 1, "it", "them")) //nolint:staticcheck // a sentence shown as it is
			case len(l.Invitees) == 0 && d.action != actionNew:
				return errors.New("Add at least one e-mail address.") //nolint:staticcheck // a sentence shown as it is
			}
			return nil
		},
	}
}

// levelChoice is an access level as a choice.
func levelChoice(l docspace.Access) choice[docspace.Access] {
	return choice[docspace.Access]{label: l.String(), desc: l.Description(), value: l}
}

// accessQuestion asks for everyone's access: the room type's levels. Room admin only
// when it is the default already or everyone may hold it: an e-mail invitation is
// checked as a guest, who cannot.
func accessQuestion(st *state) question[docspace.Access] {
	d := st.d
	t := d.planRoomType()
	q := question[docspace.Access]{
		heading: "Access",
		title:   "Access for everyone",
		help:    "Default for everyone in this " + t.String() + " room",
		def:     d.defaultFor(),
	}
	if d.several() {
		q.help = fmt.Sprintf("Default for the %d rooms; each gets the nearest it offers", len(d.roomColumns()))
	}
	for _, l := range d.offeredAccess() {
		if l != docspace.AccessRoomManager || d.defaultAccess == l || allMayAdmin(st) {
			q.choices = append(q.choices, levelChoice(l))
		}
	}
	return q
}

// allMayAdmin reports whether every invitee is a portal user who may be Room admin.
func allMayAdmin(st *state) bool {
	invs := st.d.list.Invitees
	for _, inv := range invs {
		u, ok := st.userOf(inv.Email)
		if !ok || u.state != lookupFound || !u.user.CanBeRoomAdmin() {
			return false
		}
	}
	return len(invs) > 0
}

// personAccessQuestion asks for one person's access: the levels they may get.
func personAccessQuestion(st *state, inv docspace.Invitee) question[docspace.Access] {
	u, known := st.userOf(inv.Email)
	admin := known && u.state == lookupFound && u.user.CanBeRoomAdmin()
	who := inv.Email
	if inv.IsGroup() {
		who = "the group " + inv.GroupName() // a group is never offered Room admin: admin is false
	}
	q := question[docspace.Access]{title: "Access for " + who}
	q.def, _ = st.d.accessFor(inv)
	for _, l := range st.d.offeredAccess() {
		if l == docspace.AccessRoomManager && !admin {
			continue
		}
		q.choices = append(q.choices, levelChoice(l))
	}
	return q
}

// notifyQuestion asks whether existing portal users get a notice.
func notifyQuestion(d *draft) question[bool] {
	return question[bool]{
		heading: "Notify people",
		title:   "Notify existing portal users?",
		help:    "New guests always receive an invitation e-mail from DocSpace, whatever this says.",
		choices: []choice[bool]{
			{label: "On", desc: "existing portal users get a notice", value: true},
			{label: "Off", desc: "existing portal users are added quietly", value: false},
		},
		def: d.notify,
	}
}

// maxMessageLength bounds the optional message; DocSpace sets no documented limit.
const maxMessageLength = 1000

// messageQuestion asks for the optional message sent with notices.
func messageQuestion(d *draft) question[string] {
	return question[string]{
		title: "Message (optional)",
		help:  "DocSpace accepts the message but does not put it into room invitations today.",
		def:   d.message,
		limit: maxMessageLength,
	}
}

// settingsQuestion asks whether to set the new room's optional settings: those its
// type offers (docspace.RoomSettings), the quota when the portal has room quotas on;
// yes when the flags set some.
func settingsQuestion(d *draft, quota bool) question[bool] {
	var names []string
	for _, s := range settingsFor(d.newRoomType(), quota) {
		names = append(names, strings.ToLower(s.Name))
	}
	q := question[bool]{
		heading: "Room settings (optional)",
		title:   "Room settings?",
		help:    "Optional: " + strings.Join(names, ", ") + ".",
		def:     len(d.options.Set()) > 0,
	}
	if d.several() {
		// Beside existing rooms: say whose settings these are; the others keep theirs.
		q.heading = "New room's settings (optional)"
		q.help = fmt.Sprintf("For \"%s\" only; the existing rooms keep theirs. Optional: %s.", strings.TrimSpace(d.title), strings.Join(names, ", "))
	}
	return q
}

// settingQuestion asks for one room option's value, written as its flag takes it and
// read by its definition; Enter alone keeps what is set (nothing, at first).
func settingQuestion(d *draft, s docspace.RoomSetting) question[string] {
	q := question[string]{title: s.Name, help: s.Usage}
	if s.IsSet(d.options) {
		q.def = settingValue(s, d.options)
	}
	q.validate = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return nil
		}
		var o docspace.RoomOptions
		if err := s.Apply(&o, v); err != nil {
			return errors.New(onboard.UpperFirst(err.Error()) + ".")
		}
		return nil
	}
	return q
}
