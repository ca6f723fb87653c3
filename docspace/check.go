package docspace

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Preflight is what a run learns about the portal before writing anything.
type Preflight struct {
	Key         KeyInfo
	Invitations InvitationSettings
	Settings    PortalSettings
	// Room is the existing room when the plan names one (its type decides the allowed access).
	Room *Room
	// Members are the existing room's members before the run, by Invitee-style key
	// (lower-cased e-mail), so the summary can say "already a member".
	Members map[string]Member
	// Users are invitees found to be portal users, by lower-cased e-mail.
	Users map[string]User
	// RoomQuotas is the portal's room quota setting, read only when the plan sets a
	// quota (so a plain create costs no extra call); nil when not read.
	RoomQuotas *bool
	// Template is the room template the plan's new room is made from, as the portal
	// lists it; nil for a plain room, or when it could not be found (see Facts).
	Template *Template
	// Cultures are the portal's languages, read when the plan names one; nil otherwise.
	Cultures []string
	// Groups are the portal's groups, read when the plan names one; nil otherwise.
	Groups []Group
	// templateProblem says why the plan's template could not be found.
	templateProblem string
	// titled are the rooms already titled like the plan's new room, read during the
	// check so that confirming costs no extra call; nil when not read.
	titled *titledRooms
}

// titledRooms are the active rooms with one exact title, by id.
type titledRooms struct {
	title string
	rooms map[int]Room
}

// roomsTitledBefore returns the rooms the check found titled title; ok is false when
// the check did not read them (another title, or the listing failed).
func (pre *Preflight) roomsTitledBefore(title string) (rooms map[int]Room, ok bool) {
	if pre == nil || pre.titled == nil || pre.titled.title != title {
		return nil, false
	}
	return pre.titled.rooms, true
}

// Facts returns what Validate needs to know about the portal.
func (pre *Preflight) Facts() PortalFacts {
	if pre == nil {
		return PortalFacts{}
	}
	f := PortalFacts{GuestsDisabled: !pre.Invitations.AllowInvitingGuests, UsersKnown: true, Users: pre.Users,
		Template: pre.templateProblem, GroupsKnown: pre.Groups != nil, Groups: pre.Groups,
		CulturesKnown: pre.Cultures != nil, Cultures: pre.Cultures, InvitationsLimited: pre.Settings.InvitationsLimited,
		InvitationsLeft: pre.Settings.InvitationLimit, Members: pre.Members}
	if pre.RoomQuotas != nil {
		f.RoomQuotasKnown, f.RoomQuotasOn = true, *pre.RoomQuotas
	}
	return f
}

// Resolve returns the plan with what the preflight learned applied: the existing room's
// type, and user ids for invitees who must be invited by id (Room admin, or any
// invitee when the portal refuses guests by e-mail).
func (pre *Preflight) Resolve(p Plan) Plan {
	if pre == nil {
		return p
	}
	if pre.Room != nil && p.NewRoom == nil {
		p.RoomType = pre.Room.RoomType
	}
	if pre.Template != nil && p.NewRoom != nil && p.NewRoom.FromTemplate() {
		nr := *p.NewRoom
		nr.Template, nr.TemplateID, nr.Type = pre.Template.Title, pre.Template.ID, pre.Template.RoomType
		p.NewRoom = &nr
	}
	if c, ok := FindCulture(pre.Cultures, p.Culture); ok {
		p.Culture = c // as the portal spells it
	}
	if len(pre.Users) == 0 && pre.Groups == nil {
		return p
	}
	invs := make([]Invitee, len(p.Invitees))
	copy(invs, p.Invitees)
	for i, inv := range invs {
		if inv.IsGroup() {
			ref := inv.GroupID()
			if ref == "" {
				ref = inv.GroupName()
			}
			if g, ok := FindGroup(pre.Groups, ref); ok {
				invs[i] = inv.Resolved(g)
			} else if pre.Groups != nil {
				invs[i] = inv.Unresolved() // an id the portal does not list is no group
			}
			continue
		}
		if inv.UserID != "" || inv.Email == "" {
			continue
		}
		if u, ok := pre.Users[strings.ToLower(inv.Email)]; ok && needsID(inv, pre.Invitations, pre.Settings) && byID(u) {
			invs[i].UserID = u.ID
			if invs[i].Name == "" {
				invs[i].Name = u.DisplayName
			}
		}
	}
	p.Invitees = invs
	return p
}

// needsID reports whether an invitee must be sent by user id rather than e-mail: Room
// admin, a portal refusing guests, or a portal limiting e-mail invitations (every e-mail
// entry counts against it, a known user's address too).
func needsID(inv Invitee, s InvitationSettings, ps PortalSettings) bool {
	return inv.Access == AccessRoomManager || !s.AllowInvitingGuests || ps.InvitationsLimited
}

// byID reports whether a found user is invited by id: not a guest who has not
// accepted yet, who is invited by e-mail again so the invitation is sent.
func byID(u User) bool { return u.ActivationStatus != ActivationPending }

// prepare is the run's first phase: the check, unless the caller made it (pre), then
// the plan resolved with what it learned and validated. False means the run ends with
// nothing written.
func (r *run) prepare(pre *Preflight) bool {
	if pre == nil {
		r.emit(Event{Phase: PhaseCheck, State: EventStarted})
		var err error
		pre, err = r.c.reporting(r.emit, Event{Phase: PhaseCheck}).check(r.ctx, r.plan, r.shared)
		if err != nil {
			r.emit(Event{Phase: PhaseCheck, State: EventFailed, Err: err})
			r.res.Err = err
			r.res.Cancelled = r.stopped()
			r.notSent("not sent: the run stopped before inviting anyone")
			return false
		}
		r.emit(Event{Phase: PhaseCheck, State: EventDone})
	}
	r.pre = pre
	r.plan = pre.Resolve(r.plan)
	if probs := r.plan.Validate(pre.Facts()); len(probs) > 0 {
		r.res.Err = probs
		r.notSent("not sent: the plan has problems")
		return false
	}
	if r.stopped() {
		r.res.Cancelled = true
		r.notSent("not sent: stopped before anything was written")
		return false
	}
	return true
}

// Check runs the read-only checks of a plan: the key, the invitation settings and
// limit, the existing room and its members, all in parallel; then looks up the
// invitees who must be invited by id. A rejected key is a KindUnauthorized error, a key
// without the rooms:write scope a KindForbidden one. Nothing is written.
func (c *Client) Check(ctx context.Context, p Plan) (*Preflight, error) {
	return c.check(ctx, p, &portalReads{})
}

// portalReads are the reads a check makes about the portal and the key rather than
// the room, made once however many rooms' checks share them.
type portalReads struct {
	once                   sync.Once
	key                    KeyInfo
	inv                    InvitationSettings
	set                    PortalSettings
	keyErr, invErr, setErr error
}

// read makes the reads, in parallel, the first time it is called.
func (s *portalReads) read(ctx context.Context, c *Client) {
	s.once.Do(func() {
		var wg sync.WaitGroup
		wg.Go(func() { s.key, s.keyErr = c.KeyInfo(ctx) })
		wg.Go(func() { s.inv, s.invErr = c.InvitationSettings(ctx) })
		wg.Go(func() { s.set, s.setErr = c.Settings(ctx) })
		wg.Wait()
	})
}

// check is Check with the portal's reads shared with other rooms' checks.
func (c *Client) check(ctx context.Context, p Plan, shared *portalReads) (*Preflight, error) {
	pre := &Preflight{}
	var (
		// Not a first-error group: when several reads fail, the key's error is the one
		// reported, then the settings', then the room's.
		wg                                        sync.WaitGroup
		keyErr, invErr, setErr, roomErr, quotaErr error
		tmplErr                                   error
		members                                   map[string]Member
	)
	wg.Go(func() {
		shared.read(ctx, c)
		pre.Key, pre.Invitations, pre.Settings = shared.key, shared.inv, shared.set
		keyErr, invErr, setErr = shared.keyErr, shared.invErr, shared.setErr
	})
	if p.NewRoom != nil {
		// The rooms titled so already, read now rather than after the user confirms, to
		// recognise the run's room if the create's answer is lost. A failure here only
		// means Execute reads them itself.
		wg.Go(func() {
			title := TrimTitle(p.NewRoom.Title)
			if rooms, err := c.roomsTitled(ctx, title); err == nil {
				pre.titled = &titledRooms{title: title, rooms: rooms}
			}
		})
	}
	if p.NewRoom != nil && p.NewRoom.Options.Quota != nil {
		wg.Go(func() {
			on, err := c.RoomQuotasOn(ctx)
			pre.RoomQuotas, quotaErr = &on, err
		})
	}
	if p.NewRoom != nil && p.NewRoom.FromTemplate() {
		wg.Go(func() { tmplErr = pre.findTemplate(ctx, c, *p.NewRoom) })
	}
	var groupErr, cultureErr error
	if p.Culture != "" {
		wg.Go(func() {
			pre.Cultures, cultureErr = c.Cultures(ctx)
			if pre.Cultures == nil && cultureErr == nil {
				pre.Cultures = []string{}
			}
		})
	}
	if p.hasGroups() {
		wg.Go(func() {
			pre.Groups, groupErr = c.Groups(ctx)
			if pre.Groups == nil && groupErr == nil {
				pre.Groups = []Group{} // read, and none: every group named is unknown
			}
		})
	}
	if p.NewRoom == nil && p.RoomID > 0 {
		wg.Go(func() {
			var room Room
			var rerr error
			var wg2 sync.WaitGroup
			wg2.Go(func() { room, rerr = c.GetRoom(ctx, p.RoomID) })
			var merr error
			members, merr = c.allMembers(ctx, p.RoomID, len(p.Invitees))
			wg2.Wait()
			switch {
			case rerr != nil:
				roomErr = rerr // it already says "reading room N"
			case merr != nil:
				roomErr = fmt.Errorf("reading the members of room \"%s\": %w", room.Title, merr)
			default:
				pre.Room = &room
			}
		})
	}
	wg.Wait()
	if keyErr != nil {
		return nil, keyErr
	}
	if !pre.Key.HasScope("rooms:write") {
		return nil, &APIError{Kind: KindForbidden, Op: opCheckKey, Status: 403, Err: ErrMissingScope,
			Message: fmt.Sprintf("the API key %q lacks the rooms:write scope needed to create rooms and invite people", pre.Key.Name)}
	}
	if invErr != nil {
		return nil, invErr
	}
	if setErr != nil {
		return nil, setErr
	}
	if roomErr != nil {
		return nil, roomErr
	}
	if quotaErr != nil {
		return nil, quotaErr
	}
	if tmplErr != nil {
		return nil, tmplErr
	}
	if groupErr != nil {
		return nil, groupErr
	}
	if cultureErr != nil {
		return nil, cultureErr
	}
	pre.Members = members
	pre.Users = make(map[string]User)
	var lookups []string
	for _, inv := range p.Invitees {
		if inv.UserID == "" && inv.Email != "" && needsID(inv, pre.Invitations, pre.Settings) {
			lookups = append(lookups, inv.Email)
		}
	}
	if err := c.lookUpUsers(ctx, lookups, pre.Users); err != nil {
		return nil, err
	}
	return pre, nil
}

// lookUpUsers finds which of emails are portal users, ParallelReads at a time.
// A missing user is not an error; anything else is, the first one to come back
// reported (the other look-ups still run to their end).
func (c *Client) lookUpUsers(ctx context.Context, emails []string, into map[string]User) error {
	var (
		g  errgroup.Group
		mu sync.Mutex
	)
	g.SetLimit(ParallelReads)
	for _, email := range emails {
		g.Go(func() error {
			u, err := c.FindUserByEmail(ctx, email)
			switch {
			case err == nil:
				mu.Lock()
				into[strings.ToLower(email)] = u
				mu.Unlock()
			case KindOf(err) != KindNotFound:
				return fmt.Errorf("looking up %s: %w", email, err)
			}
			return nil
		})
	}
	return g.Wait()
}

// MemberOf returns the invitee's membership of the existing room as the check read
// it; ok is false when they are not a member, or the plan creates a room.
func (pre *Preflight) MemberOf(inv Invitee) (m Member, ok bool) {
	if pre == nil {
		return Member{}, false
	}
	return lookupMember(pre.Members, inv)
}

// hasGroups reports whether the plan invites a portal group.
func (p Plan) hasGroups() bool {
	for _, inv := range p.Invitees {
		if inv.IsGroup() {
			return true
		}
	}
	return false
}
