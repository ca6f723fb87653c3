package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// action is what the user wants to do.
type action int

const (
	actionUnset action = iota
	actionNew
	actionExisting
	actionTemplate // a new room made from one of the portal's room templates
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
	// more are the other existing rooms picked beside room, in the order picked: the
	// same people go into each, a run over rooms (several).
	more []docspace.Room
	// alsoNew adds a new room (title and type asked next) beside the existing ones.
	alsoNew bool
	// moreIDs are further rooms --room named, read in the background into more (in
	// this order); moreErr says which could not be read.
	moreIDs []int
	moreErr map[int]error

	// template is the room template the new room is made from (actionTemplate), once
	// picked or found; templateRef is what --template named, until the templates load.
	template    *docspace.Template
	templateRef string
	templateErr error // --template named no template of the portal

	// list is the parsed people area: every entry, and the unique valid invitees.
	list docspace.InviteeList

	defaultAccess docspace.Access
	// accessSet is true when the default was chosen (by a flag or the user), not remembered:
	// a chosen level the room refuses is a problem, a remembered one gives way.
	accessSet bool
	// notifySet is true when a flag set notify (a remembered choice then does not apply).
	notifySet bool
	// overrides are per-person access levels set in the access step, by Invitee.Key
	// (the lower-cased e-mail of a person).
	overrides map[string]docspace.Access

	notify  bool
	message string
	// culture is the invitation e-mails' language; "" for the portal's own.
	culture string
	// link is the room's invitation link to turn on; nil leaves it off.
	link *docspace.LinkPlan
	// options are the new room's settings (from the flags until a step sets them).
	options docspace.RoomOptions
	// groups are the portal's groups once read (nil until then): "@name" lines are
	// invited by the id of the group they name.
	groups []docspace.Group
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
	if d.action == actionTemplate {
		if d.template != nil {
			return d.template.RoomType // the template decides the type
		}
		return 0
	}
	return d.roomType
}

// newRoomType is the type of the new room the settings are for: the one made beside
// existing rooms too; 0 while unknown or when no room is made.
func (d *draft) newRoomType() docspace.RoomType {
	if d.action == actionExisting {
		if d.alsoNew {
			return d.roomType
		}
		return 0
	}
	return d.planRoomType()
}

// defaultFor is the access everyone gets unless a line or the table says otherwise.
func (d *draft) defaultFor() docspace.Access {
	t := d.planRoomType()
	if d.defaultAccess != 0 && (t == 0 || d.offers(d.defaultAccess) || d.accessSet) {
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
	if a, ok := d.overrides[inv.Key()]; ok {
		return a, fromTable
	}
	if inv.Access != docspace.AccessNone {
		return inv.Access, fromLine
	}
	if def := d.defaultFor(); !inv.IsGroup() || def != docspace.AccessRoomManager {
		return def, fromDefault
	}
	return docspace.AccessContentCreator, fromDefault // the most a group may get
}

// titleProblem says what is wrong with a room title, "" when nothing.
func titleProblem(title string) string { return docspace.ValidateTitle(title) }

// facts are what the look-ups found, as the plan's validation reads them: Room admin
// is refused to a user found who cannot hold it, and to someone not on the portal once
// every Room admin's look-up has answered (a pending or failed one leaves it to the portal).
func (d *draft) facts(users map[string]lookup) docspace.PortalFacts {
	f := docspace.PortalFacts{UsersKnown: true, Users: map[string]docspace.User{}, GroupsKnown: d.groups != nil, Groups: d.groups}
	for _, inv := range d.list.Invitees {
		email := strings.ToLower(inv.Email)
		switch u, ok := users[email]; {
		case ok && u.state == lookupFound:
			f.Users[email] = u.user
		case ok && u.state == lookupNotFound:
		default:
			if a, _ := d.accessFor(inv); a == docspace.AccessRoomManager {
				f.UsersKnown = false
			}
		}
	}
	return f
}

// problems lists what keeps the plan from running, each with the field that owns it,
// as far as the look-ups tell.
func (d *draft) problems(users map[string]lookup) docspace.Problems {
	return d.check(d.plan(users), d.facts(users))
}

// check lists the problems of p, the draft's plan (with what the portal taught, if
// anything): Plan.Validate's, with what only a draft has on top (no answer yet, a room
// that did not open, entries still to fix, a default level the room refuses) and
// without what a draft is still waiting for (the title and type before the action is
// chosen, the levels before the room's type is known).
func (d *draft) check(p docspace.Plan, facts docspace.PortalFacts) docspace.Problems {
	if d.several() && d.room != nil {
		// Each room's plan is fitted to its type (roomPlans); the first room's stands for all.
		p, _ = docspace.FitPlan(p, d.room.RoomType)
	}
	var ps docspace.Problems
	add := func(f docspace.Field, inv int, format string, a ...any) {
		ps = append(ps, docspace.Problem{Field: f, Invitee: inv, Message: fmt.Sprintf(format, a...)})
	}
	switch {
	case d.action == actionUnset:
		add(docspace.FieldRoom, -1, "Choose whether to create a room or use an existing one.")
	case d.action == actionExisting && d.roomErr != nil:
		add(docspace.FieldRoom, -1, "Room %d could not be opened (%v): pick another room.", d.roomID, d.roomErr)
	case d.action == actionTemplate && d.templateErr != nil:
		msg := d.templateErr.Error()
		add(docspace.FieldRoom, -1, "%s%s.", strings.ToUpper(msg[:1]), msg[1:])
	case d.action == actionTemplate && d.template == nil && d.templateRef == "":
		add(docspace.FieldRoom, -1, "Choose the room template to create the room from.")
	}
	if d.action == actionExisting {
		for _, id := range d.moreIDs {
			switch err := d.moreErr[id]; {
			case err != nil:
				add(docspace.FieldRoom, -1, "Room %d could not be opened (%v): pick the rooms again.", id, err)
			case !d.hasMore(id):
				add(docspace.FieldRoom, -1, "Room %d is still being read from the portal.", id)
			}
		}
	}
	if d.several() && d.alsoNew {
		// The new room beside the existing ones: its title and type, as a new room's.
		if msg := titleProblem(d.title); msg != "" {
			add(docspace.FieldTitle, -1, "%s", msg)
		}
		if !d.roomType.Valid() {
			add(docspace.FieldType, -1, "Choose the new room's type.")
		}
		for _, msg := range d.options.Problems(d.roomType) {
			add(docspace.FieldSettings, -1, "%s", msg)
		}
	}
	switch {
	case d.list.Invalid == 1:
		add(docspace.FieldInvitees, -1, "1 entry is not a valid address: fix or delete it.")
	case d.list.Invalid > 1:
		add(docspace.FieldInvitees, -1, "%d entries are not valid addresses: fix or delete them.", d.list.Invalid)
	}
	t := p.EffectiveRoomType()
	def := d.defaultFor()
	badDefault := t.Valid() && !d.offers(def)
	if badDefault {
		add(docspace.FieldAccess, -1, "%s is not available in %s rooms: choose another default.", def, t)
	}
	for _, pr := range p.ValidateParsed(facts) { // the list holds the parser's valid entries
		person := pr.Invitee >= 0 && pr.Invitee < len(d.list.Invitees)
		switch {
		case d.action == actionUnset && (pr.Field == docspace.FieldTitle || pr.Field == docspace.FieldType):
			continue // asked once the action is chosen
		case pr.Field == docspace.FieldInvitees && pr.Invitee < 0 && d.list.Invalid > 0:
			continue // nobody valid yet: the invalid entries are the problem
		case person && pr.Field == docspace.FieldAccess && !t.Valid() && p.Invitees[pr.Invitee].Access == docspace.AccessNone:
			continue // the room's type, still loading, gives the level
		case person && pr.Field == docspace.FieldAccess && badDefault && p.Invitees[pr.Invitee].Access == def && d.fromDefault(pr.Invitee):
			continue // said once, of the default
		}
		ps = append(ps, pr)
	}
	return ps
}

// fromDefault reports whether the i-th invitee gets the default level.
func (d *draft) fromDefault(i int) bool {
	_, src := d.accessFor(d.list.Invitees[i])
	return src == fromDefault
}

// plan builds what the run will send. users are the look-up answers: known users are
// invited by id (Room admin needs it; the portal checks e-mail entries as guests).
func (d *draft) plan(users map[string]lookup) docspace.Plan {
	p := docspace.Plan{Notify: d.notify, Culture: d.culture, Link: d.link}
	if d.notify {
		p.Message = strings.TrimSpace(d.message)
	}
	if d.action == actionExisting {
		p.RoomID = d.roomID
		p.RoomType = d.planRoomType()
	} else {
		p.NewRoom = &docspace.NewRoom{Title: strings.TrimSpace(d.title), Type: d.roomType, Options: d.options}
		if d.action == actionTemplate {
			p.NewRoom.Type, p.NewRoom.Template = 0, d.templateRef
			if t := d.template; t != nil {
				p.NewRoom.Type, p.NewRoom.Template, p.NewRoom.TemplateID = t.RoomType, t.Title, t.ID
			}
		}
	}
	p.Invitees = make([]docspace.Invitee, 0, len(d.list.Invitees))
	for _, inv := range d.list.Invitees {
		inv.Access, _ = d.accessFor(inv)
		if inv.IsGroup() {
			ref := inv.GroupID()
			if ref == "" {
				ref = inv.GroupName()
			}
			if g, ok := docspace.FindGroup(d.groups, ref); ok {
				inv = inv.Resolved(g)
			} else if d.groups != nil {
				inv = inv.Unresolved() // an id the portal does not list is no group
			}
			p.Invitees = append(p.Invitees, inv)
			continue
		}
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

// newRoomWords names the new room for the review: `new room "X"`, and `from template
// "Y"` when a template makes it.
func newRoomWords(nr *docspace.NewRoom) string {
	w := fmt.Sprintf("new room \"%s\"", nr.Title)
	if nr.FromTemplate() {
		w += fmt.Sprintf(" from template \"%s\"", nr.Template)
	}
	return w
}

// several reports whether the plan adds people to more than one room: several
// existing ones, or a new one beside them.
func (d *draft) several() bool {
	return d.action == actionExisting && (len(d.more) > 0 || d.alsoNew)
}

// roomColumn is one room of a run over several, as the review and the run name it.
type roomColumn struct {
	title string
	typ   docspace.RoomType
	isNew bool
}

// roomColumns are the rooms of roomPlans, in its order: the new room first, if any.
func (d *draft) roomColumns() []roomColumn {
	var out []roomColumn
	if d.alsoNew {
		out = append(out, roomColumn{title: strings.TrimSpace(d.title), typ: d.roomType, isNew: true})
	}
	for _, r := range d.pickedRooms() {
		out = append(out, roomColumn{title: r.Title, typ: r.RoomType})
	}
	return out
}

// pickedRooms are the existing rooms the run adds people to, the first one first.
func (d *draft) pickedRooms() []docspace.Room {
	var out []docspace.Room
	if d.room != nil {
		out = append(out, *d.room)
	}
	return append(out, d.more...)
}

// roomPlans is the plan for each picked room: the same people with the levels chosen
// once, each fitted to its room's type, and the overrides that made (shown on the
// review, never made silently). The first room's plan is plan's.
func (d *draft) roomPlans(users map[string]lookup) ([]docspace.Plan, [][]docspace.Override) {
	base := d.plan(users)
	var plans []docspace.Plan
	var overrides [][]docspace.Override
	add := func(p docspace.Plan, t docspace.RoomType) {
		p, o := docspace.FitPlan(p, t)
		plans, overrides = append(plans, p), append(overrides, o)
	}
	if d.alsoNew {
		p := base
		p.RoomID, p.RoomType = 0, 0
		p.NewRoom = &docspace.NewRoom{Title: strings.TrimSpace(d.title), Type: d.roomType, Options: d.options}
		add(p, d.roomType)
	}
	for _, r := range d.pickedRooms() {
		p := base
		p.RoomID, p.RoomType = r.ID, r.RoomType
		add(p, r.RoomType)
	}
	return plans, overrides
}

// offeredAccess are the levels the access step offers: the room type's, or, for
// several rooms, every level one of them offers (the others get the nearest they do).
func (d *draft) offeredAccess() []docspace.Access {
	if !d.several() {
		return d.planRoomType().AllowedAccess()
	}
	var out []docspace.Access
	for _, a := range []docspace.Access{docspace.AccessRoomManager, docspace.AccessContentCreator, docspace.AccessEditing,
		docspace.AccessReview, docspace.AccessComment, docspace.AccessRead, docspace.AccessFillForms} {
		if d.offers(a) {
			out = append(out, a)
		}
	}
	return out
}

// offers reports whether the access step offers level a (offeredAccess).
func (d *draft) offers(a docspace.Access) bool {
	if !d.several() {
		return d.planRoomType().Allows(a)
	}
	for _, c := range d.roomColumns() {
		if c.typ.Allows(a) {
			return true
		}
	}
	return false
}

// hasMore reports whether room id is among the further rooms read.
func (d *draft) hasMore(id int) bool {
	for _, r := range d.more {
		if r.ID == id {
			return true
		}
	}
	return false
}

// gotMore puts a further room --room named into more, in the order given; false when
// id is none of them.
func (d *draft) gotMore(id int, r docspace.Room, err error) bool {
	i := slices.Index(d.moreIDs, id)
	if i < 0 {
		return false
	}
	if err != nil {
		if d.moreErr == nil {
			d.moreErr = map[int]error{}
		}
		d.moreErr[id] = err
		return true
	}
	if !d.hasMore(id) {
		d.more = append(d.more, r)
		slices.SortStableFunc(d.more, func(a, b docspace.Room) int {
			return slices.Index(d.moreIDs, a.ID) - slices.Index(d.moreIDs, b.ID)
		})
	}
	return true
}
