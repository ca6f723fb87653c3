package docspace

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// RunParallelReads bounds the GETs in flight at once across all rooms of a run over
// several rooms: the portal allows 50, a fifth stays free for anyone else, and ten
// rooms' checks (a room and two member pages each, plus the key and settings) fit in
// one wave. Their writes share ParallelWrites, as one room's do, so a run over ten
// rooms writes no harder than a run over one.
const RunParallelReads = 40

// Override is one person whose access a room's type does not offer, given the nearest
// level it does instead. Front-ends show every override before the run.
type Override struct {
	Invitee Invitee // as asked, before the override
	Asked   Access
	Given   Access
}

// String is "ann@example.com: Editor → Content creator".
func (o Override) String() string {
	return fmt.Sprintf("%s: %s → %s", o.Invitee.Label(), o.Asked, o.Given)
}

// FitAccess returns the level a room of type rt gives for the asked level: the asked
// one when allowed (changed false), else the highest allowed level below it, else the
// type's default. It never picks a higher level than asked when a lower one exists.
func FitAccess(rt RoomType, asked Access) (given Access, changed bool) {
	if rt.Allows(asked) || !rt.Valid() {
		return asked, false
	}
	best, found := AccessNone, false
	for _, a := range rt.AllowedAccess() {
		if CompareAccess(asked, a) != -1 {
			continue
		}
		if !found || CompareAccess(best, a) == 1 {
			best, found = a, true
		}
	}
	if !found {
		best = rt.DefaultAccess()
	}
	return best, true
}

// FitPlan returns p with every invitee's access fitted to a room of type rt
// (FitAccess), and the overrides it made, in the order of the invitees. The caller's
// plan is left as it was.
func FitPlan(p Plan, rt RoomType) (Plan, []Override) {
	var out []Override
	invs := append([]Invitee(nil), p.Invitees...)
	for i, inv := range invs {
		if inv.Access == AccessNone {
			continue // no level asked yet: the room's default applies later
		}
		if given, changed := FitAccess(rt, inv.Access); changed {
			out = append(out, Override{Invitee: inv, Asked: inv.Access, Given: given})
			invs[i].Access = given
		}
	}
	p.Invitees = invs
	return p, out
}

// RoomRun is one room of a run over several rooms: the plan it ran and what it did.
type RoomRun struct {
	Plan   Plan
	Result Result
}

// RoomsRun is what a run over several rooms did, one RoomRun per plan in the order
// given. It is the one value a front-end reports, records or retries from.
type RoomsRun struct {
	Rooms   []RoomRun
	Elapsed time.Duration
}

// CheckRooms runs the read-only checks of several plans at once (Check for each),
// reading the key and the portal's settings once for all. The errors are per plan.
func (c *Client) CheckRooms(ctx context.Context, plans []Plan) ([]*Preflight, []error) {
	cc := c.budgeted()
	pres, errs := make([]*Preflight, len(plans)), make([]error, len(plans))
	shared := &portalReads{}
	var wg sync.WaitGroup
	for i, p := range plans {
		wg.Go(func() { pres[i], errs[i] = cc.check(ctx, p, shared) })
	}
	wg.Wait()
	return pres, errs
}

// RoomsOverInvitationLimit is OverInvitationLimit for a run over several rooms: the
// portal's limit is portal-wide, so the e-mail invitations of every room count
// together. plans are the rooms' plans resolved by their checks, pres those checks
// (nil where a room was not checked: its entries still count, as if no one were a
// member); over is false when they fit, there is no limit, or no room was checked.
func RoomsOverInvitationLimit(plans []Plan, pres []*Preflight) (pr Problem, over bool) {
	var facts PortalFacts
	checked := false
	n, rooms := 0, 0
	for i, p := range plans {
		var members map[string]Member
		if i < len(pres) && pres[i] != nil {
			if !checked {
				facts, checked = pres[i].Facts(), true
			}
			members = pres[i].Members
		}
		if e := p.EmailEntries(members); e > 0 {
			n, rooms = n+e, rooms+1
		}
	}
	if !checked {
		return Problem{}, false
	}
	return invitationLimitProblem(n, rooms, facts)
}

// budgeted returns the client, or a copy with a run's budget when it has none, so
// every room of the run draws on one.
func (c *Client) budgeted() *Client {
	if c.budget != nil {
		return c
	}
	cc := *c
	cc.budget = NewBudget(RunParallelReads, ParallelWrites)
	return &cc
}

// ExecuteRooms runs several plans, one per room, side by side: each as Execute runs
// one, all drawing on one budget of requests in flight (RunParallelReads reads,
// ParallelWrites writes) so the run stays inside the portal's limits. A room that fails
// never stops the others. pres may be nil, or hold one preflight per plan (nil where
// the room's check is still to run); the checks still to run read the key and the
// portal's settings once for all rooms. onEvent may be nil; calls to it never overlap
// and name the room by its index into plans.
func (c *Client) ExecuteRooms(ctx context.Context, plans []Plan, pres []*Preflight, onEvent func(room int, e Event)) RoomsRun {
	start := time.Now()
	cc := c.budgeted()
	var mu sync.Mutex
	emit := func(room int) func(Event) {
		if onEvent == nil {
			return nil
		}
		return func(e Event) {
			mu.Lock()
			defer mu.Unlock()
			onEvent(room, e)
		}
	}
	shared := &portalReads{}
	out := RoomsRun{Rooms: make([]RoomRun, len(plans))}
	var wg sync.WaitGroup
	for i, p := range plans {
		var pre *Preflight
		if i < len(pres) {
			pre = pres[i]
		}
		wg.Go(func() {
			out.Rooms[i] = RoomRun{Plan: p, Result: cc.execute(ctx, p, pre, shared, emit(i))}
		})
	}
	wg.Wait()
	out.Elapsed = time.Since(start)
	return out
}

// Results returns every room's result, in the order of the plans.
func (rr RoomsRun) Results() []Result {
	out := make([]Result, len(rr.Rooms))
	for i, r := range rr.Rooms {
		out[i] = r.Result
	}
	return out
}

// statusRank orders statuses from best to worst, for the status of a run over rooms.
var statusRank = map[Status]int{
	StatusComplete: 0, StatusPartial: 1, StatusFailed: 2, StatusInvalid: 3, StatusKeyRejected: 4, StatusInterrupted: 5,
}

// Status is the worst of the rooms' statuses; complete for no rooms.
func (rr RoomsRun) Status() Status {
	worst := StatusComplete
	for _, r := range rr.Rooms {
		if s := r.Result.Status(); statusRank[s] > statusRank[worst] {
			worst = s
		}
	}
	return worst
}

// RoomRetry is the plan that re-sends what failed in one room of a run.
type RoomRetry struct {
	Room int // index into the run's rooms
	Plan Plan
}

// RetryPlans returns, for each room where someone is not in yet, the plan that
// re-sends only them to that room (Result.RetryPlan); ok is false when there is none.
// A room whose creation is uncertain is never retried, so no room is made twice.
func (rr RoomsRun) RetryPlans() (retries []RoomRetry, ok bool) {
	for i, r := range rr.Rooms {
		if !r.Result.CanRetry() {
			continue
		}
		if p, ok := r.Result.RetryPlan(r.Plan); ok {
			retries = append(retries, RoomRetry{Room: i, Plan: p})
		}
	}
	return retries, len(retries) > 0
}

// Merge returns the run with a retry's results folded in: each retried person's
// outcome replaced by the retry's, everyone else's kept.
func (rr RoomsRun) Merge(retries []RoomRetry, again RoomsRun) RoomsRun {
	out := RoomsRun{Rooms: append([]RoomRun(nil), rr.Rooms...), Elapsed: rr.Elapsed + again.Elapsed}
	for k, rt := range retries {
		if k >= len(again.Rooms) || rt.Room >= len(out.Rooms) {
			continue
		}
		out.Rooms[rt.Room].Result = mergeRetry(out.Rooms[rt.Room].Result, again.Rooms[k].Result)
	}
	return out
}

// mergeRetry folds a retry's result into the first run's result for the same room.
func mergeRetry(first, retry Result) Result {
	byKey := make(map[string]Outcome, len(retry.Outcomes))
	for _, o := range retry.Outcomes {
		byKey[personKey(o.Invitee)] = o
	}
	res := first
	res.Outcomes = make([]Outcome, len(first.Outcomes))
	for i, o := range first.Outcomes {
		if r, ok := byKey[personKey(o.Invitee)]; ok {
			o = r
		}
		res.Outcomes[i] = o
	}
	res.Err, res.Cancelled = retry.Err, retry.Cancelled
	res.Elapsed += retry.Elapsed
	return res
}

// personKey names one person across rooms: the lower-cased e-mail, else the user id.
func personKey(inv Invitee) string {
	if inv.Email != "" {
		return "e:" + strings.ToLower(inv.Email)
	}
	return "u:" + inv.UserID
}

// Table is a run over rooms as a room × person grid: who got in where, who did not
// and why.
type Table struct {
	// Rooms are the columns: the room each plan ran in (nil when it never existed)
	// and the room's plan, in the run's order.
	Rooms []TableRoom
	// People are the rows: each person once, in the order first met.
	People []Invitee
	cells  map[[2]int]Outcome
}

// TableRoom is one column of a Table.
type TableRoom struct {
	Title   string // the room's title, or the new room's as planned
	Room    *Room  // nil when the room does not exist
	Created bool
	Result  Result
}

// Table builds the room × person grid of the run.
func (rr RoomsRun) Table() Table {
	t := Table{cells: make(map[[2]int]Outcome)}
	rows := make(map[string]int)
	for r, room := range rr.Rooms {
		col := TableRoom{Room: room.Result.Room, Created: room.Result.RoomCreated, Result: room.Result}
		switch {
		case room.Result.Room != nil:
			col.Title = room.Result.Room.Title
		case room.Plan.NewRoom != nil:
			col.Title = TrimTitle(room.Plan.NewRoom.Title)
		default:
			col.Title = fmt.Sprintf("room %d", room.Plan.RoomID)
		}
		t.Rooms = append(t.Rooms, col)
		for _, o := range room.Result.Outcomes {
			k := personKey(o.Invitee)
			row, ok := rows[k]
			if !ok {
				row = len(t.People)
				rows[k] = row
				t.People = append(t.People, o.Invitee)
			}
			t.cells[[2]int{row, r}] = o
		}
	}
	return t
}

// Cell is the outcome of person p in room r; ok is false when the run did not ask
// for them in that room.
func (t Table) Cell(p, r int) (o Outcome, ok bool) {
	o, ok = t.cells[[2]int{p, r}]
	return o, ok
}
