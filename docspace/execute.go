package docspace

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Limits that keep a run well inside DocSpace's rate limits (15 parallel writes,
// 50 parallel reads per user) while still sending batches and pages concurrently.
const (
	// BatchSize is the most invitations one share call carries.
	BatchSize = 100
	// PageSize is the most members one read-back call asks for.
	PageSize = 100
	// ParallelWrites bounds share calls in flight at once: 1,000 people (10 batches)
	// go out in one wave, and a third of the portal's 15 stays free for anyone else.
	ParallelWrites = 10
	// ParallelReads bounds member pages and user look-ups in flight at once (the portal allows 50).
	ParallelReads = 16
	// maxMemberPages bounds the member pages one read-back asks for (100,000 people).
	maxMemberPages = 1000
	// confirmAfterStop bounds the read-back made after the user stopped a run.
	confirmAfterStop = 15 * time.Second
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
	return PortalFacts{GuestsDisabled: !pre.Invitations.AllowInvitingGuests, UsersKnown: true, Users: pre.Users}
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
	if len(pre.Users) == 0 {
		return p
	}
	invs := make([]Invitee, len(p.Invitees))
	copy(invs, p.Invitees)
	for i, inv := range invs {
		if inv.UserID != "" || inv.Email == "" {
			continue
		}
		if u, ok := pre.Users[strings.ToLower(inv.Email)]; ok && needsID(inv, pre.Invitations) {
			invs[i].UserID = u.ID
			if invs[i].Name == "" {
				invs[i].Name = u.DisplayName
			}
		}
	}
	p.Invitees = invs
	return p
}

// needsID reports whether an invitee must be sent by user id rather than e-mail.
func needsID(inv Invitee, s InvitationSettings) bool {
	return inv.Access == AccessRoomManager || !s.AllowInvitingGuests
}

// Check runs the read-only checks of a plan: the key, the invitation settings and
// limit, the existing room and its members, all in parallel; then looks up the
// invitees who must be invited by id. A rejected key is a KindUnauthorized error, a key
// without the rooms:write scope a KindForbidden one. Nothing is written.
func (c *Client) Check(ctx context.Context, p Plan) (*Preflight, error) {
	pre := &Preflight{}
	var (
		wg                              sync.WaitGroup
		keyErr, invErr, setErr, roomErr error
		members                         map[string]Member
	)
	wg.Add(3)
	go func() { defer wg.Done(); pre.Key, keyErr = c.KeyInfo(ctx) }()
	go func() { defer wg.Done(); pre.Invitations, invErr = c.InvitationSettings(ctx) }()
	go func() { defer wg.Done(); pre.Settings, setErr = c.Settings(ctx) }()
	if p.NewRoom != nil {
		// The rooms titled so already, read now rather than after the user confirms, to
		// recognise the run's room if the create's answer is lost. A failure here only
		// means Execute reads them itself.
		wg.Add(1)
		go func() {
			defer wg.Done()
			title := TrimTitle(p.NewRoom.Title)
			if rooms, err := c.roomsTitled(ctx, title); err == nil {
				pre.titled = &titledRooms{title: title, rooms: rooms}
			}
		}()
	}
	if p.NewRoom == nil && p.RoomID > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var room Room
			var rerr error
			var wg2 sync.WaitGroup
			wg2.Add(1)
			go func() { defer wg2.Done(); room, rerr = c.GetRoom(ctx, p.RoomID) }()
			var merr error
			members, merr = c.allMembers(ctx, p.RoomID, len(p.Invitees))
			wg2.Wait()
			switch {
			case rerr != nil:
				roomErr = rerr // it already says "reading room N"
			case merr != nil:
				roomErr = fmt.Errorf("reading the members of room %q: %w", room.Title, merr)
			default:
				pre.Room = &room
			}
		}()
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
	pre.Members = members
	pre.Users = make(map[string]User)
	var lookups []string
	for _, inv := range p.Invitees {
		if inv.UserID == "" && inv.Email != "" && needsID(inv, pre.Invitations) {
			lookups = append(lookups, inv.Email)
		}
	}
	if err := c.lookUpUsers(ctx, lookups, pre.Users); err != nil {
		return nil, err
	}
	return pre, nil
}

// lookUpUsers finds which of emails are portal users, ParallelReads at a time.
// A missing user is not an error; anything else is.
func (c *Client) lookUpUsers(ctx context.Context, emails []string, into map[string]User) error {
	if len(emails) == 0 {
		return nil
	}
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
		sem      = make(chan struct{}, ParallelReads)
	)
	for _, e := range emails {
		wg.Add(1)
		sem <- struct{}{}
		go func(email string) {
			defer func() { <-sem; wg.Done() }()
			u, err := c.FindUserByEmail(ctx, email)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				into[strings.ToLower(email)] = u
			case KindOf(err) == KindNotFound:
			case firstErr == nil:
				firstErr = fmt.Errorf("looking up %s: %w", email, err)
			}
		}(e)
	}
	wg.Wait()
	return firstErr
}

// allMembers reads every member of a room. It asks for the pages it expects
// (expected people plus a margin for owner and admins) at once, then any more the
// total says exist.
func (c *Client) allMembers(ctx context.Context, roomID, expected int) (map[string]Member, error) {
	pages := (expected+10)/PageSize + 1
	out := make(map[string]Member, expected+10)
	var mu sync.Mutex
	total := -1
	fetch := func(starts []int) error {
		var (
			wg       sync.WaitGroup
			firstErr error
			sem      = make(chan struct{}, ParallelReads)
		)
		for _, start := range starts {
			wg.Add(1)
			sem <- struct{}{}
			go func(start int) {
				defer func() { <-sem; wg.Done() }()
				pg, err := c.RoomMembers(ctx, roomID, start, PageSize)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
					return
				}
				if pg.Total > total {
					total = pg.Total
				}
				for _, m := range pg.Members {
					out[memberKey(m)] = m
					if m.User.ID != "" {
						out["id:"+strings.ToLower(m.User.ID)] = m
					}
				}
			}(start)
		}
		wg.Wait()
		return firstErr
	}
	starts := make([]int, pages)
	for i := range starts {
		starts[i] = i * PageSize
	}
	if err := fetch(starts); err != nil {
		return nil, err
	}
	if total > maxMemberPages*PageSize {
		// A server-given total must not drive an unbounded number of requests.
		return nil, &APIError{Kind: KindBadResponse, Op: fmt.Sprintf("reading the members of room %d", roomID),
			Message: fmt.Sprintf("the portal reports %d members, more than the %d this tool reads back", total, maxMemberPages*PageSize)}
	}
	if more := total - pages*PageSize; more > 0 {
		var rest []int
		for s := pages * PageSize; s < total; s += PageSize {
			rest = append(rest, s)
		}
		if err := fetch(rest); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func memberKey(m Member) string {
	if m.User.Email != "" {
		return strings.ToLower(m.User.Email)
	}
	return "id:" + strings.ToLower(m.User.ID)
}

// reporting returns a copy of c whose retries are reported as EventRetrying events like
// e (phase, batch), so a wait the portal asked for shows as such, not as a stuck spinner.
// The caller's own WithRetryNotify hook still runs.
func (c *Client) reporting(emit func(Event), e Event) *Client {
	cc := *c
	prev := c.notify
	cc.notify = func(op string, attempt int, wait time.Duration, err error) {
		if prev != nil {
			prev(op, attempt, wait, err)
		}
		ev := e
		ev.State, ev.RetryIn, ev.Err = EventRetrying, wait, err
		emit(ev)
	}
	return &cc
}

// PlanBatches splits invitations into share calls of at most BatchSize entries and at
// most limit e-mail entries each (the portal's invitationLimit; 0 means unlimited).
func PlanBatches(invs []Invitation, limit int) [][]Invitation {
	var (
		out    [][]Invitation
		cur    []Invitation
		emails int
	)
	for _, inv := range invs {
		isEmail := inv.ID == ""
		if len(cur) == BatchSize || (isEmail && limit > 0 && emails == limit) {
			out = append(out, cur)
			cur, emails = nil, 0
		}
		cur = append(cur, inv)
		if isEmail {
			emails++
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// toInvitation is what is sent for one invitee: by id when known to be needed, else by e-mail.
func toInvitation(inv Invitee) Invitation {
	if inv.UserID != "" {
		return Invitation{ID: inv.UserID, Access: inv.Access}
	}
	return Invitation{Email: inv.Email, Access: inv.Access}
}

// batchResult is what one share call did.
type batchResult struct {
	sent    bool // the call was made
	err     error
	warning string
}

// Execute runs a plan: create the room (if new), invite in batches, read the members
// back to confirm each person. pre may be nil, in which case Check runs first.
// onEvent may be nil; calls to it never overlap.
//
// Cancelling ctx stops the run between requests: a request already sent is let finish
// (so the result can say exactly what happened), nothing new is started, and the
// members are read back briefly to report the truth.
func (c *Client) Execute(ctx context.Context, p Plan, pre *Preflight, onEvent func(Event)) Result {
	start := time.Now()
	var emitMu sync.Mutex
	emit := func(e Event) {
		if onEvent == nil {
			return
		}
		emitMu.Lock()
		defer emitMu.Unlock()
		onEvent(e)
	}
	// Requests outlive a cancel of ctx so none is cut half-way; the client's per-request
	// timeout still bounds each, and no retry starts after the stop.
	reqCtx := withStop(context.WithoutCancel(ctx), ctx)
	stopped := func() bool { return ctx.Err() != nil }

	res := Result{}
	finish := func() Result {
		res.Elapsed = time.Since(start)
		if res.Cancelled && res.Err == nil {
			res.Err = context.Canceled
		}
		return res
	}
	notSent := func(reason string) {
		for _, inv := range p.Invitees {
			res.Outcomes = append(res.Outcomes, Outcome{Invitee: inv, Kind: OutcomeNotSent, Reason: reason})
		}
	}

	if pre == nil {
		emit(Event{Phase: PhaseCheck, State: EventStarted})
		var err error
		pre, err = c.reporting(emit, Event{Phase: PhaseCheck}).Check(ctx, p)
		if err != nil {
			emit(Event{Phase: PhaseCheck, State: EventFailed, Err: err})
			res.Err = err
			res.Cancelled = stopped()
			notSent("not sent: the run stopped before inviting anyone")
			return finish()
		}
		emit(Event{Phase: PhaseCheck, State: EventDone})
	}
	p = pre.Resolve(p)
	if probs := p.Validate(pre.Facts()); len(probs) > 0 {
		res.Err = probs
		notSent("not sent: the plan has problems")
		return finish()
	}
	if stopped() {
		res.Cancelled = true
		notSent("not sent: stopped before anything was written")
		return finish()
	}

	// Phase 1: the room.
	if p.NewRoom != nil {
		title := TrimTitle(p.NewRoom.Title)
		emit(Event{Phase: PhaseCreate, State: EventStarted})
		// The rooms titled so already, to recognise this run's room if the create's answer
		// is lost: as the check read them (a confirmed run's calls are create, share and
		// read-back only), else read now.
		before, ok := pre.roomsTitledBefore(title)
		var beforeErr error
		if !ok {
			before, beforeErr = c.roomsTitled(reqCtx, title)
		}
		room, err := c.reporting(emit, Event{Phase: PhaseCreate}).CreateRoom(reqCtx, CreateRoomRequest{Title: title, RoomType: p.NewRoom.Type})
		if err != nil && createMayHaveHappened(err) {
			switch found, ok, sure := c.findCreatedRoom(reqCtx, title, before, beforeErr); {
			case ok:
				room, err = found, nil
			case !sure || createMayStillRun(err):
				res.RoomUncertain = true
				err = fmt.Errorf("%w; the portal may have created the room anyway: look for %q in DocSpace before running again", err, title)
			}
		}
		if err != nil {
			emit(Event{Phase: PhaseCreate, State: EventFailed, Err: err})
			res.Err = err
			res.Cancelled = stopped()
			if res.RoomUncertain {
				// The headline says the room may exist: no row may say otherwise.
				notSent("not sent: the room may exist; check DocSpace")
			} else {
				notSent("not sent: the room could not be created")
			}
			return finish()
		}
		res.Room, res.RoomCreated = &room, true
		emit(Event{Phase: PhaseCreate, State: EventDone, Room: &room})
	} else {
		room := *pre.Room
		res.Room = &room
	}
	if len(p.Invitees) == 0 {
		return finish()
	}

	// People already in the room with the access asked for are not sent again: their
	// outcome is known from the members read before, and a retry re-sends only the rest.
	pending, known := splitAlreadyIn(p.Invitees, pre.Members)

	// Phase 2: invitations, batches concurrently (bounded).
	invs := make([]Invitation, len(pending))
	for i, inv := range pending {
		invs[i] = toInvitation(inv)
	}
	batches := PlanBatches(invs, pre.Settings.InvitationLimit)
	results := make([]batchResult, len(batches))
	total := len(invs)
	var (
		wg   sync.WaitGroup
		sem  = make(chan struct{}, ParallelWrites)
		mu   sync.Mutex
		sent int
	)
	for k, batch := range batches {
		sem <- struct{}{}
		if stopped() {
			<-sem
			res.Cancelled = true
			break
		}
		wg.Add(1)
		go func(k int, batch []Invitation) {
			defer func() { <-sem; wg.Done() }()
			emit(Event{Phase: PhaseInvite, State: EventStarted, Batch: k + 1, Batches: len(batches), Total: total, Room: res.Room})
			resp, err := c.reporting(emit, Event{Phase: PhaseInvite, Batch: k + 1, Batches: len(batches), Total: total, Room: res.Room}).Invite(reqCtx, res.Room.ID, InviteRequest{
				Invitations: batch, Notify: p.Notify, Message: p.Message, Culture: pre.Settings.Culture,
			})
			mu.Lock()
			results[k] = batchResult{sent: true, err: err, warning: resp.Warning}
			sent += len(batch)
			n := sent
			mu.Unlock()
			if err != nil {
				emit(Event{Phase: PhaseInvite, State: EventFailed, Batch: k + 1, Batches: len(batches), Sent: n, Total: total, Room: res.Room, Err: err})
				return
			}
			emit(Event{Phase: PhaseInvite, State: EventDone, Batch: k + 1, Batches: len(batches), Sent: n, Total: total, Room: res.Room})
		}(k, batch)
	}
	wg.Wait()
	if stopped() {
		for _, r := range results {
			// A stop that cut something short (a batch not sent, a retry not made) is reported.
			res.Cancelled = res.Cancelled || !r.sent || r.err != nil
		}
	}

	anySent := false
	for _, r := range results {
		anySent = anySent || r.sent
	}
	// Phase 3: read the members back; that, not the share responses, is the truth.
	var members map[string]Member
	var confirmErr error
	if anySent {
		cctx := reqCtx
		if res.Cancelled {
			var cancel context.CancelFunc
			cctx, cancel = context.WithTimeout(reqCtx, confirmAfterStop)
			defer cancel()
		}
		emit(Event{Phase: PhaseConfirm, State: EventStarted, Room: res.Room})
		members, confirmErr = c.reporting(emit, Event{Phase: PhaseConfirm, Room: res.Room}).allMembers(cctx, res.Room.ID, len(pending)+len(pre.Members))
		if confirmErr != nil {
			confirmErr = fmt.Errorf("confirming the members of %q: %w", res.Room.Title, confirmErr)
			emit(Event{Phase: PhaseConfirm, State: EventFailed, Room: res.Room, Err: confirmErr})
		} else {
			emit(Event{Phase: PhaseConfirm, State: EventDone, Room: res.Room})
		}
	}
	res.Outcomes = mergeOutcomes(p.Invitees, known, outcomes(pending, batches, results, members, pre.Members, confirmErr))
	for _, r := range results {
		if r.err != nil && res.Err == nil {
			res.Err = r.err
		}
	}
	if res.Err == nil {
		res.Err = confirmErr
	}
	return finish()
}

// splitAlreadyIn separates the invitees who already have the access asked for in the
// room (known outcomes, by index into invs) from those to send.
func splitAlreadyIn(invs []Invitee, before map[string]Member) (pending []Invitee, known map[int]Outcome) {
	known = make(map[int]Outcome)
	for i, inv := range invs {
		if m, in := lookupMember(before, inv); in && m.Access == inv.Access {
			known[i] = Outcome{Invitee: inv, Kind: OutcomeAlreadyMember, Access: m.Access}
			continue
		}
		pending = append(pending, inv)
	}
	return pending, known
}

// mergeOutcomes puts the known outcomes and those of the people sent (in order) back
// into the order of invs.
func mergeOutcomes(invs []Invitee, known map[int]Outcome, sent []Outcome) []Outcome {
	if len(known) == 0 {
		return sent
	}
	out := make([]Outcome, 0, len(invs))
	for i := range invs {
		if o, ok := known[i]; ok {
			out = append(out, o)
			continue
		}
		if len(sent) > 0 {
			out = append(out, sent[0])
			sent = sent[1:]
		}
	}
	return out
}

// createMayHaveHappened reports a failed create whose request may have reached the
// portal and been carried out: its answer was lost, cut off, unreadable or a server error.
func createMayHaveHappened(err error) bool {
	var e *APIError
	if !errors.As(err, &e) || e.NotSent {
		return false
	}
	return e.Kind == KindNetwork || e.Kind == KindServer || e.Kind == KindBadResponse
}

// createMayStillRun reports a create that timed out: the portal may still be making
// the room after the client gave up, so not finding it yet proves nothing.
func createMayStillRun(err error) bool {
	var e *APIError
	var ne net.Error
	return errors.As(err, &e) && e.Status == http.StatusGatewayTimeout ||
		errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// maxTitledPages bounds the pages roomsTitled reads.
const maxTitledPages = 10

// roomsTitled returns the active rooms titled exactly title, by id.
func (c *Client) roomsTitled(ctx context.Context, title string) (map[int]Room, error) {
	out := make(map[int]Room)
	for page, start := 0, 0; page < maxTitledPages; page++ {
		pg, err := c.ListRooms(ctx, RoomFilter{Filter: title, StartIndex: start, Count: PageSize})
		if err != nil {
			return nil, err
		}
		for _, r := range pg.Rooms {
			if r.Title == title && !r.ThirdParty() { // a created room is never on third-party storage
				out[r.ID] = r
			}
		}
		read := len(pg.Rooms) + pg.Skipped
		start += read
		if read == 0 || start >= pg.Total {
			return out, nil
		}
	}
	return out, nil
}

// findCreatedRoom looks for the room a create whose answer was lost may have made: the one
// room titled title that was not there before. ok says it was found; sure is false when
// whether it exists could not be told (a listing failed, or several such rooms appeared).
func (c *Client) findCreatedRoom(ctx context.Context, title string, before map[int]Room, beforeErr error) (room Room, ok, sure bool) {
	if beforeErr != nil {
		return Room{}, false, false
	}
	after, err := c.roomsTitled(ctx, title)
	if err != nil {
		return Room{}, false, false
	}
	var fresh []Room
	for id, r := range after {
		if _, old := before[id]; !old {
			fresh = append(fresh, r)
		}
	}
	switch len(fresh) {
	case 0:
		return Room{}, false, true
	case 1:
		return fresh[0], true, true
	}
	return Room{}, false, false
}

// outcomes decides what happened to each invitee from the batches sent and the members
// read back. Invitees are in the same order as the batched invitations.
func outcomes(invs []Invitee, batches [][]Invitation, results []batchResult, after, before map[string]Member, confirmErr error) []Outcome {
	out := make([]Outcome, 0, len(invs))
	i := 0
	for k, batch := range batches {
		r := results[k]
		stoppedAt := "" // the first entry of a failed batch that did not get in
		for range batch {
			inv := invs[i]
			i++
			o := Outcome{Invitee: inv}
			m, in := lookupMember(after, inv)
			prev, wasIn := lookupMember(before, inv)
			switch {
			case !r.sent:
				o.Kind, o.Reason = OutcomeNotSent, "not sent: the run was stopped"
			case confirmErr != nil:
				if r.err != nil {
					o.Kind, o.Reason = OutcomeFailed, reasonOf(r.err)
				} else {
					o.Kind, o.Reason = OutcomeUnconfirmed, "sent and accepted, but the members could not be read back to confirm"
				}
			case in && m.Access == inv.Access:
				o.Access = m.Access
				switch {
				case wasIn && prev.Access == inv.Access:
					o.Kind = OutcomeAlreadyMember
				case wasIn:
					// A member's access was changed: say so, a downgrade included, and
					// whoever they are (a pending guest too): they were not added.
					o.Kind, o.Before = OutcomeAccessChanged, prev.Access
					o.Reason = AccessChange(prev.Access, inv.Access)
				case m.User.ActivationStatus == ActivationPending:
					o.Kind = OutcomeNewGuest
				default:
					o.Kind = OutcomeAdded
				}
			case in && m.IsOwner:
				o.Kind, o.Access, o.Reason = OutcomeAlreadyMember, m.Access, "the room's owner keeps full access"
			case in && r.err == nil:
				o.Kind, o.Access = OutcomeFailed, m.Access
				o.Reason = fmt.Sprintf("the portal kept %s instead of %s", m.Access, inv.Access)
			case r.err != nil && (stoppedAt == "" || !refusedAnEntry(r.err)):
				// Only a refusal of one entry (403 role, 400) stops the portal part-way
				// through a request; a 5xx, a 429 or a network failure refused it whole.
				stoppedAt = inv.Label()
				o.Kind, o.Reason = OutcomeFailed, reasonOf(r.err)
			case r.err != nil:
				o.Kind = OutcomeFailed
				o.Reason = fmt.Sprintf("not applied: the portal stopped at %s earlier in the same request; retry the failed ones", stoppedAt)
			default:
				o.Kind = OutcomeFailed
				o.Reason = "the portal accepted the invitation but did not add them"
				if r.warning != "" {
					o.Reason += ": " + r.warning
				}
			}
			out = append(out, o)
		}
	}
	return out
}

// refusedAnEntry reports whether a failed share call was refused for one of its entries,
// after the entries before it were applied (DocSpace has no transaction on share).
func refusedAnEntry(err error) bool {
	k := KindOf(err)
	return k == KindForbidden || k == KindInvalid
}

// MemberOf returns the invitee's membership of the existing room as the check read
// it; ok is false when they are not a member, or the plan creates a room.
func (pre *Preflight) MemberOf(inv Invitee) (m Member, ok bool) {
	if pre == nil {
		return Member{}, false
	}
	return lookupMember(pre.Members, inv)
}

func lookupMember(ms map[string]Member, inv Invitee) (Member, bool) {
	if ms == nil {
		return Member{}, false
	}
	if inv.Email != "" {
		if m, ok := ms[strings.ToLower(inv.Email)]; ok {
			return m, true
		}
	}
	if inv.UserID != "" {
		if m, ok := ms["id:"+strings.ToLower(inv.UserID)]; ok {
			return m, true
		}
	}
	return Member{}, false
}

// reasonOf turns an error into the short reason shown next to a person.
func reasonOf(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		if ae.Message != "" {
			return ae.Message
		}
		return ae.Kind.summary()
	}
	return err.Error()
}

// Status sums up the result for exit codes.
func (r Result) Status() Status {
	var probs Problems
	switch {
	case errors.As(r.Err, &probs):
		return StatusInvalid
	case r.Cancelled:
		return StatusInterrupted
	case r.Room == nil && keyRejected(r.Err):
		return StatusKeyRejected
	case r.Room == nil:
		return StatusFailed
	}
	for _, o := range r.Outcomes {
		switch o.Kind {
		case OutcomeNewGuest, OutcomeAdded, OutcomeAlreadyMember, OutcomeAccessChanged:
		default:
			return StatusPartial
		}
	}
	if r.Err != nil {
		return StatusPartial
	}
	return StatusComplete
}

// keyRejected reports an error that says the key itself will not do: rejected (401),
// refused by the key check (a missing scope), or not shaped like a key at all.
func keyRejected(err error) bool {
	var e *APIError
	return errors.As(err, &e) && (e.Kind == KindUnauthorized || e.Kind == KindForbidden && e.Op == opCheckKey) ||
		errors.Is(err, ErrMalformedKey)
}

// Failed returns the invitees who are not confirmed in the room (failed, unconfirmed
// or never sent), to retry them into the same room.
func (r Result) Failed() []Invitee {
	var out []Invitee
	for _, o := range r.Outcomes {
		switch o.Kind {
		case OutcomeFailed, OutcomeNotSent, OutcomeUnconfirmed:
			out = append(out, o.Invitee)
		}
	}
	return out
}

// CanRetry reports whether running again is both useful and safe: someone is not in the
// room yet (or nothing was created), and no room can exist that the result does not
// know of. After a create whose answer was lost, running the plan again could make a
// second room, so it is never offered.
func (r Result) CanRetry() bool {
	if r.Room == nil && r.RoomUncertain {
		return false
	}
	return len(r.Failed()) > 0 || (r.Room == nil && r.Err != nil)
}

// RetryPlan returns the plan that re-sends the failed invitations to the room this
// result created or used: never a new room.
func (r Result) RetryPlan(p Plan) (Plan, bool) {
	failed := r.Failed()
	if r.Room == nil || len(failed) == 0 {
		return Plan{}, false
	}
	return Plan{RoomID: r.Room.ID, RoomType: r.Room.RoomType, Invitees: failed, Notify: p.Notify, Message: p.Message}, true
}

// Counts returns how many outcomes there are of each kind.
func (r Result) Counts() map[OutcomeKind]int {
	m := make(map[OutcomeKind]int)
	for _, o := range r.Outcomes {
		m[o.Kind]++
	}
	return m
}

// String is the user-facing word for an outcome kind.
func (k OutcomeKind) String() string {
	switch k {
	case OutcomeNewGuest:
		return "invited as a new guest"
	case OutcomeAdded:
		return "existing user added"
	case OutcomeAlreadyMember:
		return "already a member"
	case OutcomeFailed:
		return "failed"
	case OutcomeUnconfirmed:
		return "sent, not confirmed"
	case OutcomeAccessChanged:
		return "access changed"
	}
	return "not sent"
}

// InRoom reports whether the person is in the room after the run with the access asked for.
func (k OutcomeKind) InRoom() bool {
	return k == OutcomeNewGuest || k == OutcomeAdded || k == OutcomeAlreadyMember || k == OutcomeAccessChanged
}

// String names the phase as the progress lines do.
func (ph Phase) String() string {
	switch ph {
	case PhaseCheck:
		return "check key and portal settings"
	case PhaseCreate:
		return "create room"
	case PhaseInvite:
		return "invite"
	}
	return "confirm members"
}
