package tui

import (
	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// bigList is the number of people over which the wizard offers the room's invitation
// link instead of (or beside) e-mails: sharing one link beats a long list.
const bigList = 200

// offersLink reports whether the wizard asks about the invitation link: the list is
// empty or long, or a flag turned the link on.
func (st *state) offersLink() bool {
	n := len(st.d.list.Invitees)
	return st.d.link != nil || n == 0 || n > bigList
}

// linkQuestion asks whether to turn on the room's invitation link and with what
// access: off, or a level the room gives a guest (never Room admin).
func linkQuestion(st *state) question[docspace.Access] {
	q := question[docspace.Access]{
		title:   "Turn on the room's invitation link?",
		help:    "Anyone with the link can join the room with this access: share it instead of sending e-mails.",
		choices: []choice[docspace.Access]{{label: "Off", value: docspace.AccessNone}},
	}
	if st.d.link != nil {
		q.def = st.d.link.Access
	}
	rt := st.d.planRoomType()
	levels := rt.GroupAccess()
	if !rt.Valid() {
		levels = []docspace.Access{docspace.AccessContentCreator, docspace.AccessEditing, docspace.AccessRead}
	}
	for _, l := range levels {
		q.choices = append(q.choices, choice[docspace.Access]{label: l.String(), value: l})
	}
	if q.def != docspace.AccessNone && indexOf(q, q.def) < 0 {
		q.choices = append(q.choices, choice[docspace.Access]{label: q.def.String(), value: q.def}) // --link's, for the review to explain
	}
	return q
}

// setLink turns the link on with access a (keeping --link's expiry and uses), or off.
func (d *draft) setLink(a docspace.Access) {
	if a == docspace.AccessNone {
		d.link = nil
		return
	}
	l := docspace.LinkPlan{Access: a}
	if d.link != nil {
		l.Expires, l.MaxUses = d.link.Expires, d.link.MaxUses
	}
	d.link = &l
}
