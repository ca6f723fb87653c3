package docspace

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

// confirm is the run's last phase: the members read back, which, not the share
// answers, is the truth, and an outcome decided for every invitee.
func (r *run) confirm(s sending) {
	var (
		members    map[string]Member
		confirmErr error
	)
	for _, b := range s.results {
		if b.sent {
			members, confirmErr = r.readBack(len(s.pending) + len(r.pre.Members))
			break
		}
	}
	r.res.Outcomes = mergeOutcomes(r.plan.Invitees, s.known, outcomes(s.pending, s.batches, s.results, members, r.pre.Members, confirmErr))
	for _, b := range s.results {
		if b.err != nil && r.res.Err == nil {
			r.res.Err = b.err
		}
	}
	if r.res.Err == nil {
		r.res.Err = confirmErr
	}
}

// readBack reads the room's members after the invitations, expecting about expected
// of them; briefly when the run was stopped.
func (r *run) readBack(expected int) (map[string]Member, error) {
	ctx := r.reqCtx
	if r.res.Cancelled {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, confirmAfterStop)
		defer cancel()
	}
	room := r.res.Room
	r.emit(Event{Phase: PhaseConfirm, State: EventStarted, Room: room})
	members, err := r.c.reporting(r.emit, Event{Phase: PhaseConfirm, Room: room}).allMembers(ctx, room.ID, expected)
	if err != nil {
		err = fmt.Errorf("confirming the members of \"%s\": %w", room.Title, err)
		r.emit(Event{Phase: PhaseConfirm, State: EventFailed, Room: room, Err: err})
		return nil, err
	}
	r.emit(Event{Phase: PhaseConfirm, State: EventDone, Room: room})
	return members, nil
}

// allMembers reads every member of a room. It asks for the pages it expects
// (expected people plus a margin for owner and admins) at once, then any more the
// total says exist.
func (c *Client) allMembers(ctx context.Context, roomID, expected int) (map[string]Member, error) {
	pages := (expected+10)/PageSize + 1
	out := make(map[string]Member, expected+10)
	var mu sync.Mutex
	total := -1
	// fetch reads the pages at starts, ParallelReads at a time; the first error to
	// come back is returned once all have ended.
	fetch := func(starts []int) error {
		var g errgroup.Group
		g.SetLimit(ParallelReads)
		for _, start := range starts {
			g.Go(func() error {
				pg, err := c.RoomMembers(ctx, roomID, start, PageSize)
				if err != nil {
					return err
				}
				mu.Lock()
				defer mu.Unlock()
				if pg.Total > total {
					total = pg.Total
				}
				for _, g := range pg.GroupEntries {
					out["group:"+strings.ToLower(g.Group.ID)] = g
				}
				for _, m := range pg.Members {
					out[memberKey(m)] = m
					if m.User.ID != "" {
						out["id:"+strings.ToLower(m.User.ID)] = m
					}
				}
				return nil
			})
		}
		return g.Wait()
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
			if in && !inv.IsGroup() {
				o.MemberID, o.Pending = m.User.ID, m.User.ActivationStatus == ActivationPending
			}
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

func lookupMember(ms map[string]Member, inv Invitee) (Member, bool) {
	if ms == nil {
		return Member{}, false
	}
	if inv.IsGroup() {
		m, ok := ms[inv.groupKey()]
		return m, ok
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
