package docspace

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

// sending is what the invite phase sent, for the confirm phase to check.
type sending struct {
	pending []Invitee       // the invitees sent, in the order of the batches
	known   map[int]Outcome // outcomes known without sending, by index into the plan's invitees
	batches [][]Invitation
	results []batchResult // one for each batch
}

// invite is the run's third phase: the invitations sent in batches, ParallelWrites
// at a time. A failed batch does not stop the others; after a stop no batch starts.
func (r *run) invite() sending {
	// People already in the room with the access asked for are not sent again: their
	// outcome is known from the members read before, and a retry re-sends only the rest.
	pending, known := splitAlreadyIn(r.plan.Invitees, r.pre.Members)
	invs := make([]Invitation, len(pending))
	for i, inv := range pending {
		invs[i] = toInvitation(inv)
	}
	batches := PlanBatches(invs, r.c.batchSize)
	culture := r.plan.Culture
	if culture == "" {
		culture = r.pre.Settings.Culture // the portal's own, as the web UI's default
	}
	s := sending{pending: pending, known: known, batches: batches, results: make([]batchResult, len(batches))}
	var (
		g    errgroup.Group // no shared context: one batch's failure must not cancel another
		mu   sync.Mutex
		sent int
	)
	g.SetLimit(ParallelWrites)
	for k, batch := range batches {
		g.Go(func() error {
			// Asked again once a slot is free: a batch kept waiting by a stop is not sent.
			if r.stopped() {
				return nil
			}
			ev := Event{Phase: PhaseInvite, Batch: k + 1, Batches: len(batches), Total: len(invs), Room: r.res.Room}
			r.emit(withState(ev, EventStarted))
			resp, err := r.c.reporting(r.emit, ev).Invite(r.reqCtx, r.res.Room.ID, InviteRequest{
				Invitations: batch, Notify: r.plan.Notify, Message: r.plan.Message, Culture: culture,
			})
			mu.Lock()
			s.results[k] = batchResult{sent: true, err: err, warning: resp.Warning}
			sent += len(batch)
			ev.Sent = sent
			mu.Unlock()
			if err != nil {
				ev.Err = err
				r.emit(withState(ev, EventFailed))
				return nil
			}
			r.emit(withState(ev, EventDone))
			return nil
		})
	}
	_ = g.Wait() // every batch's error is in its result
	if r.stopped() {
		for _, b := range s.results {
			// A stop that cut something short (a batch not sent, a retry not made) is reported.
			r.res.Cancelled = r.res.Cancelled || !b.sent || b.err != nil
		}
	}
	return s
}

// withState returns e in state st.
func withState(e Event, st EventState) Event {
	e.State = st
	return e
}

// PlanBatches splits invitations into share calls of at most size entries (BatchSize
// when size <= 0). The portal's invitationLimit is not a per-call cap but what is left
// for the whole portal: Validate refuses a plan over it before anything is sent.
func PlanBatches(invs []Invitation, size int) [][]Invitation {
	if size <= 0 {
		size = BatchSize
	}
	var out [][]Invitation
	for len(invs) > size {
		out = append(out, invs[:size:size])
		invs = invs[size:]
	}
	if len(invs) > 0 {
		out = append(out, invs)
	}
	return out
}

// toInvitation is what is sent for one invitee: by id when known to be needed, else by e-mail.
func toInvitation(inv Invitee) Invitation {
	if id := inv.GroupID(); id != "" {
		return Invitation{ID: id, Access: inv.Access}
	}
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

// splitAlreadyIn separates the invitees who already have the access asked for in the
// room (known outcomes, by index into invs) from those to send.
func splitAlreadyIn(invs []Invitee, before map[string]Member) (pending []Invitee, known map[int]Outcome) {
	known = make(map[int]Outcome)
	for i, inv := range invs {
		if m, in := lookupMember(before, inv); in && m.Access == inv.Access {
			known[i] = Outcome{Invitee: inv, Kind: OutcomeAlreadyMember, Access: m.Access,
				MemberID: m.User.ID, Pending: !inv.IsGroup() && m.User.ActivationStatus == ActivationPending}
			continue
		}
		pending = append(pending, inv)
	}
	return pending, known
}
