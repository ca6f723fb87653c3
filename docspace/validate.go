package docspace

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/graphemes"

	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

// Error lists every problem, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Message
	}
	return strings.Join(lines, "\n")
}

// For returns the problems that belong to field f.
func (ps Problems) For(f Field) Problems {
	var out Problems
	for _, p := range ps {
		if p.Field == f {
			out = append(out, p)
		}
	}
	return out
}

// TrimTitle returns the title as the server will store it.
func TrimTitle(s string) string { return strings.TrimSpace(s) }

// ValidateTitle returns why a room title cannot be used, or "" when it can.
func ValidateTitle(title string) string {
	t := TrimTitle(title)
	switch {
	case !utf8.ValidString(title):
		return "The title is not valid text (invalid UTF-8): type it again."
	case t == "":
		return "Give the room a title."
	}
	if long := titleTooLong("title", t); long != "" {
		chars, units := TitleLength(t)
		if chars == units {
			return "The " + long + ". Shorten it."
		}
		if over := TitleOverflow(t); over > 1 {
			return fmt.Sprintf("The %s. Remove the last %d characters, or some emoji.", long, over)
		}
		return "The " + long + ". Remove the last character, or an emoji."
	}
	var prev rune
	for i, r := range t {
		if unicode.IsControl(r) {
			return fmt.Sprintf("The title contains a control character (U+%04X): remove it.", r)
		}
		if r == 0x200d { // a joiner inside an emoji sequence is kept by the cleaner too
			if next, _ := utf8.DecodeRuneInString(t[i+3:]); outside.Joins(prev, next) {
				continue
			}
		}
		prev = r
		if outside.Unsafe(r) { // what the cleaner would drop when the title is read back
			return fmt.Sprintf("The title contains an invisible character (U+%04X): remove it.", r)
		}
	}
	return ""
}

// EffectiveRoomType is the type of the room the plan targets, or 0 when not known yet.
func (p Plan) EffectiveRoomType() RoomType {
	if p.NewRoom != nil {
		return p.NewRoom.Type
	}
	return p.RoomType
}

// Key returns the identity used to merge duplicates: the user id, else the lower-cased e-mail.
func (i Invitee) Key() string {
	if i.IsGroup() {
		return i.groupKey()
	}
	if i.Email != "" {
		return strings.ToLower(i.Email)
	}
	return "id:" + strings.ToLower(i.UserID)
}

// Label is how the invitee is shown to users.
func (i Invitee) Label() string {
	if i.IsGroup() {
		name := i.GroupName()
		if name == "" {
			name = i.GroupID()
		}
		if i.GroupID() == "" {
			return GroupPrefix + name + " (group)"
		}
		n := i.GroupMembers()
		return fmt.Sprintf("%s%s (group, %d %s)", GroupPrefix, name, n, plural(n, "member", "members"))
	}
	switch {
	case i.Email != "" && i.Name != "" && !strings.EqualFold(strings.TrimSpace(i.Name), i.Email):
		return fmt.Sprintf("%s <%s>", i.Name, i.Email)
	case i.Email != "":
		return i.Email
	case i.Name != "":
		return i.Name
	}
	return "user " + i.UserID
}

// Validate returns every problem of the plan at once, each with the field it belongs
// to. facts describe the portal; the zero value assumes guests may be invited.
func (p Plan) Validate(facts PortalFacts) Problems { return p.validate(facts, true) }

// ValidateParsed is Validate for a plan whose invitees' addresses all come from
// valid entries of ParseInvitees or ReadInviteesCSV (the wizard's list): the parser
// has checked them, so they are not parsed again, which keeps a keystroke on a
// 1,000-person list cheap. Every other problem is found as by Validate.
func (p Plan) ValidateParsed(facts PortalFacts) Problems { return p.validate(facts, false) }

func (p Plan) validate(facts PortalFacts, checkAddresses bool) Problems {
	var ps Problems
	add := func(f Field, idx int, format string, args ...any) {
		ps = append(ps, Problem{Field: f, Invitee: idx, Message: fmt.Sprintf(format, args...)})
	}
	if p.NewRoom != nil {
		if msg := ValidateTitle(p.NewRoom.Title); msg != "" {
			add(FieldTitle, -1, "%s", msg)
		}
		switch {
		case facts.Template != "":
			add(FieldTemplate, -1, "%s", facts.Template)
		case p.NewRoom.FromTemplate() && p.NewRoom.Type == 0:
			// The template decides the type, once the check has read it.
		case !p.NewRoom.Type.Valid():
			add(FieldType, -1, "Choose a room type: Collaboration, Custom, Public, Form filling or Virtual data room.")
		}
		ops := p.NewRoom.Options.problems(p.NewRoom.Type, facts)
		if p.NewRoom.FromTemplate() {
			// The template decides the type, so --type is not the way out.
			for i := range ops {
				ops[i].Message = strings.Replace(ops[i].Message, "choose --type vdr.", "choose a Virtual data room template.", 1)
			}
		}
		ps = append(ps, ops...)
	} else {
		if p.RoomID <= 0 {
			add(FieldRoom, -1, "Choose the room to add people to, or create a new one.")
		}
		if len(p.Invitees) == 0 && p.Link == nil {
			add(FieldInvitees, -1, "Add at least one person to invite.")
		}
	}
	rt := p.EffectiveRoomType()
	seen := make(map[string]int, len(p.Invitees))
	for i, inv := range p.Invitees {
		who := lazyLabel{inv: &inv}
		if inv.IsGroup() {
			ps = append(ps, p.groupProblems(i, facts)...)
			continue
		}
		if inv.Email == "" && inv.UserID == "" {
			add(FieldInvitees, i, "Entry %d has neither an e-mail address nor a user id.", i+1)
			continue
		}
		if inv.Email != "" && checkAddresses {
			if msg := checkAddress(inv.Email); msg != "" {
				add(FieldInvitees, i, "%s: %s", inv.Email, msg)
			}
		}
		if first, dup := seen[inv.Key()]; dup {
			add(FieldInvitees, i, "%s is listed twice (entries %d and %d): remove one.", who, first+1, i+1)
		} else {
			seen[inv.Key()] = i
		}
		switch {
		case inv.Access == AccessNone:
			add(FieldAccess, i, "%s has no access level: choose one.", who)
		case !inv.Access.Valid():
			add(FieldAccess, i, "%s has an unknown access level (%d).", who, int(inv.Access))
		case rt.Valid() && !rt.Allows(inv.Access):
			add(FieldAccess, i, "%s: %s is not available in a %s room; choose %s.", who, inv.Access, rt, accessList(rt.AllowedAccess()))
		case inv.Access == AccessRoomManager && !facts.Users[strings.ToLower(inv.Email)].CanBeRoomAdmin() && facts.Users[strings.ToLower(inv.Email)].ID != "":
			add(FieldAccess, i, "%s: Room admin is only for DocSpace admins and room admins, and this person is neither; choose Content creator, or ask a DocSpace admin to change their type first.", who)
		case inv.Access == AccessRoomManager && inv.UserID == "" && facts.UsersKnown:
			add(FieldAccess, i, "%s: Room admin can only be given to an existing portal user (DocSpace checks invitations by e-mail as guests); choose another level or add them to the portal first.", who)
		}
		if facts.GuestsDisabled && facts.UsersKnown && inv.UserID == "" {
			add(FieldInvitees, i, "%s is not a portal user, and this portal does not allow inviting guests by e-mail: ask a DocSpace admin to allow it (Settings › Security › Invitation settings) or to add them first.", who)
		}
	}
	if pr, over := p.OverInvitationLimit(facts); over {
		ps = append(ps, pr)
	}
	if p.Link != nil {
		if msg := p.Link.problem(p.EffectiveRoomType()); msg != "" {
			add(FieldLink, -1, "%s", msg)
		}
	}
	if p.Culture != "" && facts.CulturesKnown {
		if _, ok := FindCulture(facts.Cultures, p.Culture); !ok {
			add(FieldLanguage, -1, "The portal has no language %q for invitations; use one of %s.", p.Culture, strings.TrimPrefix(cultureList(facts.Cultures), "the portal's languages: "))
		}
	}
	if n := utf8.RuneCountInString(p.Message); n > 4096 {
		add(FieldMessage, -1, "The message is %d characters long; keep it under 4096.", n)
	}
	return ps
}

// lazyLabel formats as the invitee's Label, worked out only when a problem is said.
type lazyLabel struct{ inv *Invitee }

func (l lazyLabel) String() string { return l.inv.Label() }

func accessList(as []Access) string {
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = a.String()
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// checkAddress returns why s is not one valid e-mail address, or "" when it is.
// It reuses the paste parser so the wizard and Validate agree on what is valid.
func checkAddress(s string) string {
	es := ParseLine(s, 1)
	switch {
	case len(es) != 1:
		return "is not a single e-mail address"
	case es[0].Err != "":
		return es[0].Err
	case !strings.EqualFold(es[0].Invitee.Email, strings.TrimSpace(s)):
		return "is not a plain e-mail address"
	}
	return ""
}

// titleTooLong says, in characters as people see them, that a trimmed title is too
// long for DocSpace (what calls it: "title", "room title"); "" when it fits. The
// server (.NET) counts UTF-16 units, in which an emoji counts twice or more.
func titleTooLong(what, t string) string {
	chars, units := TitleLength(t)
	switch {
	case units <= MaxTitleLength:
		return ""
	case chars == units:
		return fmt.Sprintf("%s is %d characters long; DocSpace allows at most %d", what, chars, MaxTitleLength)
	}
	return fmt.Sprintf("%s is %d characters long, too long for DocSpace, which counts an emoji (and some other characters) as two or more, up to %d in all", what, chars, MaxTitleLength)
}

// TitleLength measures a title once trimmed: chars counts characters as people see
// them (grapheme clusters: an emoji with its modifiers is one), units as DocSpace
// counts them against MaxTitleLength (UTF-16 code units: an emoji is two or more).
func TitleLength(title string) (chars, units int) {
	t := TrimTitle(title)
	g := graphemes.FromString(t)
	for g.Next() {
		chars++
	}
	return chars, utf16Len(t)
}

// TitleOverflow is how many characters, as people see them, must go from the end of
// the trimmed title for DocSpace to take it; 0 when it fits.
func TitleOverflow(title string) int {
	t := TrimTitle(title)
	units := utf16Len(t)
	if units <= MaxTitleLength {
		return 0
	}
	var sizes []int // each character's units, in order
	g := graphemes.FromString(t)
	for g.Next() {
		sizes = append(sizes, utf16Len(g.Value()))
	}
	n := 0
	for i := len(sizes) - 1; i >= 0 && units > MaxTitleLength; i-- {
		units -= sizes[i]
		n++
	}
	return n
}

// utf16Len is the length of s in UTF-16 code units, as the server measures titles.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// EmailEntries counts the invitees the plan sends by e-mail, which the portal's
// invitation limit counts: people sent by id cost nothing, nor do members who have
// the access asked for already (members: the room's before the run; nil for none).
func (p Plan) EmailEntries(members map[string]Member) int {
	n := 0
	for _, inv := range p.Invitees {
		if inv.UserID != "" || inv.Email == "" {
			continue
		}
		if m, in := lookupMember(members, inv); in && m.Access == inv.Access {
			continue // not sent again (see splitAlreadyIn)
		}
		n++
	}
	return n
}

// OverInvitationLimit returns the problem of a plan sending more e-mail invitations
// than the portal has left today; over is false when it fits or there is no limit.
func (p Plan) OverInvitationLimit(facts PortalFacts) (pr Problem, over bool) {
	return invitationLimitProblem(p.EmailEntries(facts.Members), 1, facts)
}

// invitationLimitProblem is the problem of n e-mail invitations into rooms rooms
// against the portal's limit; over is false when they fit or there is no limit.
func invitationLimitProblem(n, rooms int, facts PortalFacts) (pr Problem, over bool) {
	if !facts.InvitationsLimited || n <= facts.InvitationsLeft {
		return Problem{}, false
	}
	left := fmt.Sprintf("only %d left", facts.InvitationsLeft)
	if facts.InvitationsLeft == 0 {
		left = "none left"
	}
	// Short, so the review's two lines hold it at 60 columns; the limit is the
	// portal's, over a rolling 24 hours, whoever invites.
	if rooms > 1 {
		return Problem{Field: FieldInvitees, Invitee: -1, Message: fmt.Sprintf(
			"%d invitations by e-mail into %d rooms, but the portal has %s today: invite fewer, or into fewer rooms.",
			n, rooms, left)}, true
	}
	return Problem{Field: FieldInvitees, Invitee: -1, Message: fmt.Sprintf(
		"%s by e-mail, but the portal has %s today: invite fewer, or share the room's invitation link.",
		plural(n, "1 invitation", fmt.Sprintf("%d invitations", n)), left)}, true
}

// groupProblems are the problems of the plan's i-th invitee, a group: not on the
// portal (once the check has read its groups), named twice, or a level a group may
// not get (at most Content creator, never Room admin).
func (p Plan) groupProblems(i int, facts PortalFacts) Problems {
	inv := p.Invitees[i]
	var ps Problems
	add := func(f Field, format string, args ...any) {
		ps = append(ps, Problem{Field: f, Invitee: i, Message: fmt.Sprintf(format, args...)})
	}
	name := inv.GroupName()
	if name == "" {
		name = inv.GroupID()
	}
	if inv.GroupID() == "" && facts.GroupsKnown {
		add(FieldInvitees, "There is no group %q on this portal (%s): check the name.", name, groupNames(facts.Groups))
	}
	for j := range i {
		if p.Invitees[j].IsGroup() && p.Invitees[j].Key() == inv.Key() {
			add(FieldInvitees, "The group %s is listed twice (entries %d and %d): remove one.", name, j+1, i+1)
			break
		}
	}
	rt := p.EffectiveRoomType()
	switch {
	case inv.Access == AccessNone:
		add(FieldAccess, "The group %s has no access level: choose one.", name)
	case inv.Access == AccessRoomManager:
		add(FieldAccess, "The group %s: a group can be at most Content creator, never Room admin; choose %s.", name, accessList(rt.GroupAccess()))
	case rt.Valid() && !rt.Allows(inv.Access):
		add(FieldAccess, "The group %s: %s is not available in a %s room; choose %s.", name, inv.Access, rt, accessList(rt.GroupAccess()))
	}
	return ps
}
