package docspace

import (
	"context"
	"errors"
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

// Execute runs a plan: create the room (if new), invite in batches, read the members
// back to confirm each person. pre may be nil, in which case Check runs first.
// onEvent may be nil; calls to it never overlap.
//
// Cancelling ctx stops the run between requests: a request already sent is let finish
// (so the result can say exactly what happened), nothing new is started, and the
// members are read back briefly to report the truth.
func (c *Client) Execute(ctx context.Context, p Plan, pre *Preflight, onEvent func(Event)) Result {
	return c.execute(ctx, p, pre, &portalReads{}, onEvent)
}

// execute is Execute with the check's portal reads shared with other rooms' runs.
func (c *Client) execute(ctx context.Context, p Plan, pre *Preflight, shared *portalReads, onEvent func(Event)) Result {
	r := &run{c: c, ctx: ctx, plan: p, onEvent: onEvent, start: time.Now(), shared: shared}
	// Requests outlive a cancel of ctx so none is cut half-way; the client's per-request
	// timeout still bounds each, and no retry starts after the stop.
	r.reqCtx = withStop(context.WithoutCancel(ctx), ctx)
	if r.prepare(pre) && r.room() {
		if len(r.plan.Invitees) > 0 {
			r.confirm(r.invite())
		}
		if r.plan.Link != nil && !r.stopped() {
			r.link()
		}
	}
	return r.finish()
}

// run is one Execute: the plan, what the check learned, and the result so far. Its
// phases are prepare (check.go), room (create.go), invite (invite.go) and confirm
// (confirm.go); each that returns false ends the run.
type run struct {
	c      *Client
	ctx    context.Context // the caller's: its end is the user's stop
	reqCtx context.Context // what requests run under: they outlive a stop
	plan   Plan
	pre    *Preflight
	shared *portalReads // the check's portal reads, shared by the rooms of one run
	res    Result
	start  time.Time

	emitMu  sync.Mutex
	onEvent func(Event)
}

// emit passes e to the caller's onEvent, one call at a time.
func (r *run) emit(e Event) {
	if r.onEvent == nil {
		return
	}
	r.emitMu.Lock()
	defer r.emitMu.Unlock()
	r.onEvent(e)
}

// stopped reports whether the user stopped the run.
func (r *run) stopped() bool { return r.ctx.Err() != nil }

// finish returns the result with its time taken, and a stop as its error if none other.
func (r *run) finish() Result {
	r.res.Elapsed = time.Since(r.start)
	if r.res.Cancelled && r.res.Err == nil {
		r.res.Err = context.Canceled
	}
	return r.res
}

// notSent gives every invitee of the plan the outcome "not sent" for reason.
func (r *run) notSent(reason string) {
	for _, inv := range r.plan.Invitees {
		r.res.Outcomes = append(r.res.Outcomes, Outcome{Invitee: inv, Kind: OutcomeNotSent, Reason: reason})
	}
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
	return Plan{RoomID: r.Room.ID, RoomType: r.Room.RoomType, Invitees: failed, Notify: p.Notify, Message: p.Message, Culture: p.Culture}, true
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
	case PhaseLink:
		return "turn on the invitation link"
	}
	return "confirm members"
}

// PendingGuests are the people of the result who are guests that have not accepted
// their invitation yet, with their user ids: the ones a resend reaches.
func (r Result) PendingGuests() []Outcome {
	var out []Outcome
	for _, o := range r.Outcomes {
		if o.Pending && o.MemberID != "" && o.Kind.InRoom() {
			out = append(out, o)
		}
	}
	return out
}
