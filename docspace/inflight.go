package docspace

import (
	"fmt"
	"sync"
)

// InFlight follows a run's events to say, when the user stops the run or quits without
// waiting for it, what the requests still under way may yet do. Every front-end words
// its stop and quit messages with it. It is safe for concurrent use.
type InFlight struct {
	mu       sync.Mutex
	title    string // the new room's title, "" when the plan adds to an existing room
	template bool   // the room is made by a portal job that runs on once started
	creating bool
	linking  bool // the call turning the room's invitation link on is under way
	room     *Room
	inviting map[int]bool // share calls under way, by batch
}

// NewInFlight returns an InFlight for a run of p, with nothing under way yet.
func NewInFlight(p Plan) *InFlight {
	f := &InFlight{inviting: map[int]bool{}}
	if p.NewRoom != nil {
		f.title = TrimTitle(p.NewRoom.Title)
		f.template = p.NewRoom.FromTemplate()
	}
	return f
}

// Observe records one event of the run.
func (f *InFlight) Observe(e Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if e.Room != nil {
		r := *e.Room
		f.room = &r
	}
	switch e.Phase {
	case PhaseCreate:
		f.creating = e.State == EventStarted || e.State == EventRetrying
	case PhaseInvite:
		if e.State == EventDone || e.State == EventFailed {
			delete(f.inviting, e.Batch)
		} else {
			f.inviting[e.Batch] = true
		}
	case PhaseLink:
		f.linking = e.State == EventStarted || e.State == EventRetrying
	}
}

// Warning says what the requests under way may still do to the portal, in one
// sentence naming the room; "" when none of them writes anything.
func (f *InFlight) Warning() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.warning()
}

func (f *InFlight) warning() string {
	switch {
	case f.creating && f.template:
		return fmt.Sprintf("The room \"%s\" may still be made by the portal's template job; check DocSpace before running again.", f.title)
	case f.creating:
		return fmt.Sprintf("The room \"%s\" may still be created by the request in flight; check DocSpace before running again.", f.title)
	case len(f.inviting) > 0 && f.room != nil:
		calls := "request"
		if len(f.inviting) > 1 {
			calls = "requests"
		}
		return fmt.Sprintf("Invitations to \"%s\" may still be sent by the %s in flight; check its members in DocSpace before inviting them again.", f.room.Title, calls)
	case f.linking && f.room != nil:
		return fmt.Sprintf("The invitation link of \"%s\" may still be turned on by the request in flight; check the room's links in DocSpace before turning it on again.", f.room.Title)
	}
	return ""
}

// Stopping is what the user is told at once when they stop the run: it ends after the
// request under way, a second stop quits at once, and what that request may still do.
func (f *InFlight) Stopping() []string {
	lines := []string{"Stopping after the current request; press Ctrl+C again to quit at once."}
	if w := f.Warning(); w != "" {
		lines = append(lines, w)
	}
	return lines
}

// Abandoned is what the user is told when the program quits without waiting for the
// run: what the requests under way may still do, and the room with its link once it
// exists (the summary that would have said so is not coming).
func (f *InFlight) Abandoned() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	w := f.warning()
	lines := []string{"Quit without waiting for the run to end."}
	if w != "" {
		lines = append(lines, w)
	}
	switch {
	case f.room != nil:
		lines = append(lines, fmt.Sprintf("Room \"%s\": %s", f.room.Title, f.room.Link))
	case !f.creating:
		lines = append(lines, "Nothing was written.")
	}
	return lines
}

// RoomsInFlight is InFlight for a run over several rooms (ExecuteRooms): one per room,
// its sentences said room by room. It is safe for concurrent use.
type RoomsInFlight struct {
	rooms []*InFlight
}

// NewRoomsInFlight returns a RoomsInFlight for a run of plans, one room per plan.
func NewRoomsInFlight(plans []Plan) *RoomsInFlight {
	f := &RoomsInFlight{rooms: make([]*InFlight, len(plans))}
	for i, p := range plans {
		f.rooms[i] = NewInFlight(p)
	}
	return f
}

// Observe records one event of the room at index room.
func (f *RoomsInFlight) Observe(room int, e Event) {
	if room >= 0 && room < len(f.rooms) {
		f.rooms[room].Observe(e)
	}
}

// Warnings say, room by room, what the requests under way may still do.
func (f *RoomsInFlight) Warnings() []string {
	var out []string
	for _, r := range f.rooms {
		if w := r.Warning(); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// Stopping is what the user is told at once when they stop the run: every room ends
// after its request under way, a second stop quits at once, and what may still happen.
func (f *RoomsInFlight) Stopping() []string {
	return append([]string{"Stopping: each room ends after its request under way; press Ctrl+C again to quit at once."}, f.Warnings()...)
}

// Abandoned is what the user is told when the program quits without waiting for the
// run: what each room's requests under way may still do, and each room made or used so
// far with its link (the summary that would have named them is not coming).
func (f *RoomsInFlight) Abandoned() []string {
	lines := []string{"Quit without waiting for the run to end."}
	for _, r := range f.rooms {
		for _, l := range r.Abandoned()[1:] {
			if l != "Nothing was written." {
				lines = append(lines, l)
			}
		}
	}
	if len(lines) == 1 {
		lines = append(lines, "Nothing was written.")
	}
	return lines
}
