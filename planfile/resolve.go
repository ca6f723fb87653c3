package planfile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Portal is what Resolve reads, all without writing: docspace.Client is one.
type Portal interface {
	Check(ctx context.Context, p docspace.Plan) (*docspace.Preflight, error)
	GetRoom(ctx context.Context, id int) (docspace.Room, error)
	ListRooms(ctx context.Context, f docspace.RoomFilter) (docspace.RoomPage, error)
	InvitationLink(ctx context.Context, roomID int) (*docspace.RoomLink, error)
}

// ChangeKind is what applying a file does for one person in one room.
type ChangeKind int

// Change kinds.
const (
	ChangeNone   ChangeKind = iota // already in the room with that access
	ChangeInvite                   // not in the room: invited
	ChangeAccess                   // in the room with another access: changed
	ChangeOwner                    // the room's owner: left as they are
)

// Change is one person of a room and what applying the file does for them.
type Change struct {
	Invitee docspace.Invitee
	Kind    ChangeKind
	// Before is the access the person has in the room now; AccessNone when not a member.
	Before docspace.Access
}

// Target is one room of a file, read against the portal: what is there now and what
// applying the file changes.
type Target struct {
	Room Room
	// Existing is the room on the portal; nil when applying creates it.
	Existing *docspace.Room
	// Type is the room's type (the existing room's, the file's, or its template's).
	Type docspace.RoomType
	// Changes are the room's people, in the file's order, each with what changes.
	Changes []Change
	// Plan is the run that makes the changes: the room to create, if any, and only
	// the people to invite or change; Pre is the check it was resolved with.
	Plan docspace.Plan
	Pre  *docspace.Preflight
	// Kept names the settings the file gives for a room that exists already: they
	// apply only when a room is created, so they are left as they are.
	Kept []string
	// Link is the invitation link the file asks for; LinkInPlace is true when the
	// room has one giving that already, so it is not set again (Plan.Link is nil).
	Link        *docspace.LinkPlan
	LinkInPlace bool
}

// Create reports whether applying the file creates this room.
func (t Target) Create() bool { return t.Existing == nil }

// Writes reports whether applying the file writes anything for this room.
func (t Target) Writes() bool { return t.Create() || len(t.Plan.Invitees) > 0 || t.Plan.Link != nil }

// Count returns how many of the room's people get change kind k.
func (t Target) Count(k ChangeKind) int {
	n := 0
	for _, c := range t.Changes {
		if c.Kind == k {
			n++
		}
	}
	return n
}

// Resolve reads each room of the file from the portal, without writing: the room by
// id, or by exact title (a new room when none has it and the file gives a type), its
// members, and the key and settings every run checks. It returns each room's changes.
// Problems only the portal shows (no such room, a level the room's type does not
// allow) are an *Errors with their places in the file; any other error is the
// portal's, and nothing more is read after it.
func Resolve(ctx context.Context, c Portal, f *File) ([]Target, error) {
	var (
		out   []Target
		probs []Error
		seen  = map[int]Room{}
	)
	for _, r := range f.Rooms {
		t, ps, err := resolveRoom(ctx, c, f, r)
		if err != nil {
			return nil, err
		}
		if t.Existing != nil {
			if first, dup := seen[t.Existing.ID]; dup {
				ps = append(ps, Error{Pos: r.Pos, Msg: fmt.Sprintf("this is room %d, listed already on line %d (%s): put its people under one entry", t.Existing.ID, first.Pos.Line, first.Name())})
			}
			seen[t.Existing.ID] = r
		}
		probs = append(probs, ps...)
		out = append(out, t)
	}
	if len(probs) > 0 {
		slices.SortStableFunc(probs, func(a, b Error) int {
			if a.Pos.Line != b.Pos.Line {
				return a.Pos.Line - b.Pos.Line
			}
			return a.Pos.Column - b.Pos.Column
		})
		return out, &Errors{Path: f.Path, List: probs}
	}
	return out, nil
}

// resolveRoom reads one room: which it is, then the check, then what changes.
func resolveRoom(ctx context.Context, c Portal, f *File, r Room) (Target, []Error, error) {
	t := Target{Room: r, Type: r.Type}
	at := func(p Pos, format string, args ...any) []Error {
		return []Error{{Pos: p, Msg: fmt.Sprintf(format, args...)}}
	}
	switch {
	case r.ID != 0:
		room, err := c.GetRoom(ctx, r.ID)
		if docspace.KindOf(err) == docspace.KindNotFound {
			return t, at(r.Pos, "there is no room %d on this portal that the API key can see: check the id (the number in the room's link)", r.ID), nil
		}
		if err != nil {
			return t, nil, err
		}
		t.Existing = &room
	default:
		rooms, err := roomsTitled(ctx, c, r.Title)
		if err != nil {
			return t, nil, err
		}
		switch {
		case len(rooms) > 1:
			ids := make([]string, len(rooms))
			for i, x := range rooms {
				ids[i] = fmt.Sprint(x.ID)
			}
			return t, at(r.TitlePos, "%d rooms are titled \"%s\" (ids %s): name the one meant with id: instead of title:", len(rooms), r.Title, strings.Join(ids, ", ")), nil
		case len(rooms) == 1:
			t.Existing = &rooms[0]
			if r.Type != 0 && r.Type != rooms[0].RoomType {
				return t, at(r.TitlePos, "the room \"%s\" exists already as a %s room, and the file says type %s: change the type to match, or give the new room another title", r.Title, rooms[0].RoomType, r.Type), nil
			}
			t.Kept = slices.Clone(r.Given)
			if r.Template != "" {
				t.Kept = append(t.Kept, "template")
			}
		case !r.New():
			return t, at(r.TitlePos, "there is no room titled \"%s\" on this portal that the API key can see: check the title (it must match exactly), or add type: to create it", r.Title), nil
		}
	}
	if t.Existing != nil {
		t.Type = t.Existing.RoomType
	}
	plan := t.plan(f)
	pre, err := c.Check(ctx, plan)
	if err != nil {
		return t, nil, err
	}
	if pre.Template != nil && t.Create() {
		t.Type = pre.Template.RoomType // the template decides the type, and so the default access
		plan = t.plan(f)
	} else if t.Type == 0 {
		// The template was not found: its problem is the one to tell, not the levels.
		plan = onboardStandIn(plan)
	}
	plan = pre.Resolve(plan)
	t.Pre = pre
	var probs []Error
	for _, pr := range plan.Validate(pre.Facts()) {
		if t.Existing != nil && pr.Field == docspace.FieldInvitees && pr.Invitee < 0 {
			continue // "add at least one person": a room with nobody to change is in place
		}
		p := r.Pos
		switch {
		case pr.Invitee >= 0:
			p = r.entryPos(pr.Invitee, p)
		case pr.Field == docspace.FieldTitle || pr.Field == docspace.FieldTemplate:
			p = r.TitlePos
		case pr.Field == docspace.FieldLanguage:
			if _, at := f.Language(r); at.Line > 0 {
				p = at
			}
		case pr.Field == docspace.FieldLink && r.Link != nil:
			p = r.LinkPos
		}
		probs = append(probs, Error{Pos: p, Msg: strings.TrimSuffix(pr.Message, ".")})
	}
	t.Changes, t.Plan = diff(plan, pre, t.Create())
	t.Link = r.Link
	if r.Link != nil && t.Existing != nil && len(probs) == 0 {
		set, err := c.InvitationLink(ctx, t.Existing.ID)
		if err != nil {
			return t, nil, err
		}
		if r.Link.Gives(set) {
			t.LinkInPlace, t.Plan.Link = true, nil // a second apply writes nothing
		}
	}
	return t, probs, nil
}

// plan is the target's run with everyone in it, for the room as found.
func (t Target) plan(f *File) docspace.Plan {
	r := t.Room
	if t.Existing != nil {
		r.ID, r.Type, r.Template = t.Existing.ID, 0, "" // an existing room is not created
	}
	return f.Plan(r, t.Type)
}

// diff sorts the plan's people by what changes for them and returns the plan that
// makes only those changes.
func diff(plan docspace.Plan, pre *docspace.Preflight, create bool) ([]Change, docspace.Plan) {
	changes := make([]Change, len(plan.Invitees))
	run := plan
	run.Invitees = nil
	for i, inv := range plan.Invitees {
		c := Change{Invitee: inv, Kind: ChangeInvite}
		if m, in := pre.MemberOf(inv); in && !create {
			c.Before = m.Access
			switch {
			case m.IsOwner:
				c.Kind = ChangeOwner // the portal refuses to change the owner's access
			case m.Access == inv.Access:
				c.Kind = ChangeNone
			default:
				c.Kind = ChangeAccess
			}
		}
		changes[i] = c
		if c.Kind == ChangeInvite || c.Kind == ChangeAccess {
			run.Invitees = append(run.Invitees, inv)
		}
	}
	return changes, run
}

// maxTitledPages bounds the pages read to find the rooms of one title.
const maxTitledPages = 10

// roomsTitled returns the portal's active rooms titled exactly title, in its order;
// rooms on third-party storage are left out, as this tool does not change them.
func roomsTitled(ctx context.Context, c Portal, title string) ([]docspace.Room, error) {
	var out []docspace.Room
	for page, start := 0, 0; page < maxTitledPages; page++ {
		pg, err := c.ListRooms(ctx, docspace.RoomFilter{Filter: title, StartIndex: start, Count: docspace.PageSize})
		if err != nil {
			return nil, fmt.Errorf("finding the room titled \"%s\": %w", title, err)
		}
		for _, r := range pg.Rooms {
			if r.Title == title && !r.ThirdParty() {
				out = append(out, r)
			}
		}
		read := len(pg.Rooms) + pg.Skipped
		start += read
		if read == 0 || start >= pg.Total {
			break
		}
	}
	return out, nil
}

// IsProblems reports whether err lists problems of the file (an *Errors).
func IsProblems(err error) bool {
	var e *Errors
	return errors.As(err, &e)
}
