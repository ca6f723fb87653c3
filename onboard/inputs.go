package onboard

import (
	"fmt"
	"strings"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Inputs are what the flags say about the plan, as typed: the wizard pre-fills its
// steps from them, --yes runs them.
type Inputs struct {
	Title    string
	Type     string
	Template string // a room template's id or title (--template)
	RoomID   int
	// RoomIDs are every --room given, in order (RoomID is the first); several make a
	// run over rooms (Plans).
	RoomIDs []int
	Invites []string // each --invite value
	// InviteGroups are the --invite-group values: a portal group's name or id, with
	// an optional "=access".
	InviteGroups []string
	InviteFile   string // the CSV of people (--invite-file)
	Access       string // the level of people the lines leave without one
	NoNotify     bool
	Message      string
	// Language is the invitation e-mails' language (--language), a culture code the
	// portal lists; the check refuses one it does not.
	Language string
	// Link is --link, the access the room's invitation link gives ("" leaves it
	// off); LinkExpires (--link-expires: 7d, 12h, 2w or a date) and LinkMaxUses
	// (--link-max-uses, 1–1000) go with it.
	Link        string
	LinkExpires string
	LinkMaxUses int
	// Settings are the room option flags given, by flag name (docspace.RoomSettings),
	// each value in order.
	Settings map[string][]string
}

// Answers are the inputs read once: each field answers one question of the plan, and
// is nil (or 0, or empty) where the inputs leave it open.
type Answers struct {
	Title *string
	Type  *docspace.RoomType
	// Template is the room template to copy, by id or title as given; the check
	// resolves it against the portal's templates.
	Template *string
	// RoomID names an existing room; 0 when not given.
	RoomID int
	// MoreRoomIDs are the further --room values, each once, in order: the same people
	// go into each of them too.
	MoreRoomIDs []int
	// Invites are the --invite values read as pasted lines, in order, not merged:
	// Line is the value's place (1-based); an entry not understood has Err set.
	Invites []docspace.Entry
	// Groups are the --invite-group values read as group entries ("@name" lines of the
	// people list), numbered after the --invite values.
	Groups []docspace.Entry
	// File is the invite file's rows, in order; Line is the file's line.
	File    []docspace.Entry
	Access  *docspace.Access
	Notify  *bool
	Message *string
	// Language is the invitation e-mails' language as given; nil for the portal's own.
	Language *string
	// Link is the room's invitation link to turn on; nil to leave it as it is.
	Link *docspace.LinkPlan
	// Options are the new room's settings the flags give.
	Options docspace.RoomOptions
}

// ReadFile reads an invite file (docspace.ReadInviteesFile); its error is a sentence.
type ReadFile func(path string) (docspace.InviteeList, error)

// TemplateWithType is the problem of a --type given with --template: a template makes
// rooms of its own type, so a --type beside it would be ignored or contradicted.
const TemplateWithType = "--template makes a room of the template's own type, so --type is not used with it: drop --type (or --template)."

// MessageWithoutNotify is the problem of a --message given with --no-notify.
const MessageWithoutNotify = "--message is sent only with the notification e-mails, and --no-notify turns them off: drop one of the two."

// missingTitle is the problem of a run with neither a new room's title nor a room.
const missingTitle = "Give the new room a title with --title, or an existing room with --room ID."

// problems are the inputs' problems by the question they belong to, so that they are
// listed in the order of the plan whoever adds them.
type problems struct{ message, room, settings, access, invites, file, link []string }

func (p *problems) list() []string {
	var out []string
	for _, ps := range [][]string{p.message, p.room, p.settings, p.access, p.invites, p.file, p.link} {
		out = append(out, ps...)
	}
	return out
}

// Read reads the inputs. Its problems are what no question could show or ask again:
// an unknown --type or --access, a --room that is no id, an invite file that cannot be
// read or lists nobody, a message nobody would get. Entries not understood are not
// problems here: the wizard shows them in place, Plan refuses them.
func Read(in Inputs, readFile ReadFile) (Answers, []string) {
	a, ps := read(in, readFile)
	return a, ps.list()
}

func read(in Inputs, readFile ReadFile) (Answers, *problems) {
	var (
		a  Answers
		ps problems
	)
	if in.Title != "" {
		a.Title = &in.Title
	}
	if in.Type != "" {
		if t, err := docspace.ParseRoomType(in.Type); err != nil {
			ps.room = append(ps.room, "--type: "+err.Error()+".")
		} else {
			a.Type = &t
		}
	}
	if t := strings.TrimSpace(in.Template); t != "" {
		a.Template = &t
		if in.Type != "" {
			ps.room = append(ps.room, TemplateWithType)
		}
	}
	if in.RoomID < 0 {
		ps.room = append(ps.room, fmt.Sprintf("--room %d is not a room id: use the number from the room's link (…/rooms/shared/ID/…).", in.RoomID))
	} else {
		a.RoomID = in.RoomID
	}
	if ids := roomIDs(in); len(ids) > 1 {
		for _, id := range ids[1:] {
			if id <= 0 {
				ps.room = append(ps.room, fmt.Sprintf("--room %d is not a room id: use the number from the room's link (…/rooms/shared/ID/…).", id))
				continue
			}
			a.MoreRoomIDs = append(a.MoreRoomIDs, id)
		}
	}
	a.Options, ps.settings = readSettings(in.Settings)
	if in.Access != "" {
		if acc, err := docspace.ParseAccess(in.Access); err != nil {
			ps.access = append(ps.access, "--access: "+err.Error()+".")
		} else {
			a.Access = &acc
		}
	}
	for i, v := range in.Invites {
		a.Invites = append(a.Invites, docspace.ParseLine(v, i+1)...)
	}
	for i, v := range in.InviteGroups {
		e := docspace.ParseGroup(v, len(in.Invites)+i+1)
		e.Raw = docspace.GroupPrefix + strings.TrimSpace(v) // the people list's own syntax
		a.Groups = append(a.Groups, e)
	}
	if in.InviteFile != "" {
		switch list, err := readFile(in.InviteFile); {
		case err != nil:
			ps.file = append(ps.file, fmt.Sprintf("--invite-file: %v.", err))
		case len(list.Entries) == 0:
			ps.file = append(ps.file, fmt.Sprintf("--invite-file %s: the file lists no people: add one line per person (email,access[,name]) or leave --invite-file out.", in.InviteFile))
		default:
			a.File = list.Entries
		}
	}
	if in.NoNotify {
		f := false
		a.Notify = &f
	}
	if in.Message != "" {
		a.Message = &in.Message
	}
	if l := strings.TrimSpace(in.Language); l != "" {
		a.Language = &l
	}
	a.Link, ps.link = readLink(in, time.Now())
	if in.NoNotify && strings.TrimSpace(in.Message) != "" {
		ps.message = append(ps.message, MessageWithoutNotify)
	}
	return a, &ps
}

// Plan builds the plan the inputs describe, to run with no questions asked: every
// problem is returned at once, what Read finds and what a run cannot ask (no room, a
// title or type missing, entries not understood, one person given two levels); the
// plan is usable only when there are none. People without a level get --access, else
// the new room type's default; an existing room's default applies once it is known
// (DefaultAccess). quote makes pasted text fit to repeat in a problem.
func Plan(in Inputs, readFile ReadFile, quote func(string) string) (docspace.Plan, []string) {
	a, ps := read(in, readFile)
	p := docspace.Plan{Notify: !in.NoNotify, Message: in.Message}
	if a.Language != nil {
		p.Culture = *a.Language
	}
	p.Link = a.Link
	switch {
	case in.RoomID > 0 && (in.Title != "" || in.Type != "" || a.Template != nil):
		ps.room = append([]string{"--room adds people to an existing room; --title with --type or --template creates a new one: give one or the other."}, ps.room...)
	case in.RoomID > 0:
		p.RoomID = in.RoomID
		if flags := settingsGiven(in.Settings); len(flags) > 0 {
			ps.settings = append(ps.settings, settingsOnExisting(flags))
		}
	case in.RoomID == 0:
		nr := &docspace.NewRoom{Title: in.Title, Options: a.Options}
		var missing []string
		if in.Title == "" {
			missing = append(missing, missingTitle)
		}
		switch {
		case a.Template != nil:
			nr.Template = *a.Template // the template decides the type
		case in.Type == "":
			missing = append(missing, "Give the room type with --type (collaboration, custom, public, form-filling or vdr), or a room template with --template.")
		case a.Type != nil:
			nr.Type = *a.Type
		}
		ps.room = append(missing, ps.room...)
		p.NewRoom = nr
	}
	for _, e := range a.Invites {
		if e.Err != "" {
			ps.invites = append(ps.invites, fmt.Sprintf("--invite %q: %s.", quote(e.Raw), e.Err))
		}
	}
	for _, e := range a.Groups {
		if e.Err != "" {
			ps.invites = append(ps.invites, fmt.Sprintf("--invite-group %q: %s.", quote(strings.TrimPrefix(e.Raw, docspace.GroupPrefix)), e.Err))
		}
	}
	var rows []string
	for _, e := range a.File {
		if e.Err != "" && !e.Duplicate {
			rows = append(rows, fmt.Sprintf("%s line %d: %q: %s.", in.InviteFile, e.Line, quote(e.Raw), e.Err))
		}
	}
	ps.file = append(rows, ps.file...)
	entries := append(append(append([]docspace.Entry(nil), a.Invites...), a.Groups...), a.File...)
	list := docspace.Merge(entries)
	var conflicts []string
	for i, e := range list.Entries {
		// Conflicts found while merging across flags and the file (the same person with
		// two access levels) are new problems: the ones reported above are not repeated.
		if e.Err != "" && entries[i].Err == "" {
			who := e.Invitee.Email
			if e.Invitee.IsGroup() {
				who = "--invite-group " + e.Invitee.GroupName()
			}
			conflicts = append(conflicts, fmt.Sprintf("%s: %s.", who, e.Err))
		}
	}
	p.Invitees = list.Invitees
	if a.Access != nil {
		for i := range p.Invitees {
			if p.Invitees[i].Access == docspace.AccessNone {
				p.Invitees[i].Access = *a.Access
			}
		}
	} else if p.NewRoom != nil && p.NewRoom.Type.Valid() {
		p = DefaultAccess(p, p.NewRoom.Type)
	}
	return p, append(ps.list(), conflicts...)
}

// DefaultAccess gives every invitee without an access level the room type's default.
func DefaultAccess(p docspace.Plan, t docspace.RoomType) docspace.Plan {
	p.Invitees = append([]docspace.Invitee(nil), p.Invitees...) // the caller's plan stays as it was
	for i := range p.Invitees {
		if p.Invitees[i].Access == docspace.AccessNone {
			p.Invitees[i].Access = t.DefaultAccess()
			if p.Invitees[i].IsGroup() && p.Invitees[i].Access == docspace.AccessRoomManager {
				p.Invitees[i].Access = docspace.AccessContentCreator // the most a group may get
			}
		}
	}
	return p
}

// readLink reads --link and the flags that go with it, expiries counted from now.
func readLink(in Inputs, now time.Time) (*docspace.LinkPlan, []string) {
	var ps []string
	if in.Link == "" {
		if in.LinkExpires != "" || in.LinkMaxUses != 0 {
			ps = append(ps, "--link-expires and --link-max-uses go with --link ACCESS, which turns the room's invitation link on: add it, or drop them.")
		}
		return nil, ps
	}
	l := &docspace.LinkPlan{MaxUses: in.LinkMaxUses}
	if acc, err := docspace.ParseAccess(in.Link); err != nil {
		ps = append(ps, "--link: "+err.Error()+".")
	} else {
		l.Access = acc
	}
	if in.LinkExpires != "" {
		if t, err := docspace.ParseLinkExpiry(in.LinkExpires, now); err != nil {
			ps = append(ps, "--link-expires: "+err.Error()+".")
		} else {
			l.Expires = t
		}
	}
	if in.LinkMaxUses < 0 || in.LinkMaxUses > docspace.MaxLinkUses {
		ps = append(ps, fmt.Sprintf("--link-max-uses %d: give 1 to %d people, or leave it out for no limit.", in.LinkMaxUses, docspace.MaxLinkUses))
	}
	return l, ps
}
