package docspace

import (
	"strings"
	"testing"
)

// What a stop and a quit say follows the run: the room's title while its create is
// under way, the room and its link once it exists, the invitations still under way.
func TestInFlightSaysWhatMayStillHappen(t *testing.T) {
	room := &Room{ID: 7, Title: "Sales", Link: "https://portal.example.com/rooms/shared/7"}
	plan := Plan{NewRoom: &NewRoom{Title: "  Sales ", Type: RoomCustom}}
	templatePlan := Plan{NewRoom: &NewRoom{Title: "Sales", Type: RoomCustom, Template: "Onboarding", TemplateID: 31}}
	tests := []struct {
		name         string
		plan         *Plan // nil: plan
		events       []Event
		warning      string
		abandoned    []string
		notAbandoned []string
	}{
		{name: "check", events: []Event{{Phase: PhaseCheck, State: EventStarted}},
			abandoned: []string{"Quit without waiting", "Nothing was written."}},
		{name: "create under way", events: []Event{{Phase: PhaseCreate, State: EventStarted}},
			warning:      `The room "Sales" may still be created by the request in flight; check DocSpace before running again.`,
			abandoned:    []string{`The room "Sales" may still be created`},
			notAbandoned: []string{"Nothing was written"}},
		{name: "create waiting to retry", events: []Event{{Phase: PhaseCreate, State: EventStarted}, {Phase: PhaseCreate, State: EventRetrying}},
			warning: `The room "Sales" may still be created`},
		{name: "create done", events: []Event{{Phase: PhaseCreate, State: EventStarted}, {Phase: PhaseCreate, State: EventDone, Room: room}},
			abandoned: []string{`Room "Sales": ` + room.Link}, notAbandoned: []string{"may still"}},
		{name: "two batches under way", events: []Event{
			{Phase: PhaseCreate, State: EventDone, Room: room},
			{Phase: PhaseInvite, State: EventStarted, Batch: 1, Room: room},
			{Phase: PhaseInvite, State: EventStarted, Batch: 2, Room: room},
			{Phase: PhaseInvite, State: EventDone, Batch: 1, Room: room},
			{Phase: PhaseInvite, State: EventStarted, Batch: 3, Room: room},
		}, warning: `Invitations to "Sales" may still be sent by the requests in flight`,
			abandoned: []string{`Invitations to "Sales"`, `Room "Sales": ` + room.Link}},
		{name: "confirming", events: []Event{
			{Phase: PhaseInvite, State: EventStarted, Batch: 1, Room: room},
			{Phase: PhaseInvite, State: EventFailed, Batch: 1, Room: room},
			{Phase: PhaseConfirm, State: EventStarted, Room: room},
		}, abandoned: []string{`Room "Sales": ` + room.Link}, notAbandoned: []string{"may still"}},
		// The link call comes after the read-back: the room and its people are in.
		{name: "link under way", events: []Event{
			{Phase: PhaseCreate, State: EventDone, Room: room},
			{Phase: PhaseConfirm, State: EventDone, Room: room},
			{Phase: PhaseLink, State: EventStarted, Room: room},
		}, warning: `The invitation link of "Sales" may still be turned on by the request in flight; check the room's links in DocSpace before turning it on again.`,
			abandoned:    []string{`The invitation link of "Sales" may still be turned on`, `Room "Sales": ` + room.Link},
			notAbandoned: []string{"Nothing was written", "may still be created", "Invitations to"}},
		{name: "link waiting to retry", events: []Event{
			{Phase: PhaseCreate, State: EventDone, Room: room},
			{Phase: PhaseLink, State: EventStarted, Room: room},
			{Phase: PhaseLink, State: EventRetrying, Room: room},
		}, warning: `The invitation link of "Sales" may still be turned on`},
		{name: "link done", events: []Event{
			{Phase: PhaseCreate, State: EventDone, Room: room},
			{Phase: PhaseLink, State: EventStarted, Room: room},
			{Phase: PhaseLink, State: EventDone, Room: room},
		}, abandoned: []string{`Room "Sales": ` + room.Link}, notAbandoned: []string{"may still"}},
		{name: "link failed", events: []Event{
			{Phase: PhaseCreate, State: EventDone, Room: room},
			{Phase: PhaseLink, State: EventStarted, Room: room},
			{Phase: PhaseLink, State: EventFailed, Room: room},
		}, abandoned: []string{`Room "Sales": ` + room.Link}, notAbandoned: []string{"may still"}},
		// A template's job runs on the portal once started, whatever happens to the poll.
		{name: "template job started", plan: &templatePlan, events: []Event{{Phase: PhaseCreate, State: EventStarted}},
			warning:      `The room "Sales" may still be made by the portal's template job; check DocSpace before running again.`,
			abandoned:    []string{`The room "Sales" may still be made by the portal's template job`},
			notAbandoned: []string{"Nothing was written"}},
		{name: "template job polled", plan: &templatePlan, events: []Event{
			{Phase: PhaseCreate, State: EventStarted},
			{Phase: PhaseCreate, State: EventStarted, Progress: 40},
			{Phase: PhaseCreate, State: EventRetrying, Progress: 40},
		}, warning: `The room "Sales" may still be made by the portal's template job`},
		{name: "template job done", plan: &templatePlan, events: []Event{
			{Phase: PhaseCreate, State: EventStarted, Progress: 40},
			{Phase: PhaseCreate, State: EventDone, Room: room},
		}, abandoned: []string{`Room "Sales": ` + room.Link}, notAbandoned: []string{"may still"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := plan
			if tt.plan != nil {
				p = *tt.plan
			}
			f := NewInFlight(p)
			for _, e := range tt.events {
				f.Observe(e)
			}
			if w := f.Warning(); tt.warning == "" && w != "" || !strings.Contains(w, tt.warning) {
				t.Errorf("warning %q, want %q", w, tt.warning)
			}
			stop := strings.Join(f.Stopping(), "\n")
			if !strings.Contains(stop, "Ctrl+C again") || tt.warning != "" && !strings.Contains(stop, tt.warning) {
				t.Errorf("stopping says %q", stop)
			}
			quit := strings.Join(f.Abandoned(), "\n")
			for _, w := range tt.abandoned {
				if !strings.Contains(quit, w) {
					t.Errorf("quitting lacks %q:\n%s", w, quit)
				}
			}
			for _, w := range tt.notAbandoned {
				if strings.Contains(quit, w) {
					t.Errorf("quitting says %q:\n%s", w, quit)
				}
			}
		})
	}
}

// A run over rooms says, room by room, what each room's requests under way may do, and
// names each room it made or used; "Nothing was written." only when nothing is under
// way or known anywhere.
func TestRoomsInFlightSpeaksForEveryRoom(t *testing.T) {
	sales := &Room{ID: 7, Title: "Sales", Link: "https://portal.example.com/rooms/shared/7"}
	plans := []Plan{{NewRoom: &NewRoom{Title: "Cohort", Type: RoomCustom}}, {RoomID: 7}, {RoomID: 8}}
	f := NewRoomsInFlight(plans)
	if got := f.Abandoned(); len(got) != 2 || got[1] != "Nothing was written." {
		t.Errorf("before any event: %q", got)
	}
	f.Observe(0, Event{Phase: PhaseCreate, State: EventStarted})
	f.Observe(1, Event{Phase: PhaseInvite, State: EventStarted, Batch: 1, Room: sales})
	f.Observe(9, Event{Phase: PhaseCreate, State: EventStarted}) // no such room: ignored
	want := []string{`The room "Cohort" may still be created`, `Invitations to "Sales" may still be sent`}
	for _, got := range [][]string{f.Warnings(), f.Stopping()[1:]} {
		if len(got) != 2 || !strings.Contains(got[0], want[0]) || !strings.Contains(got[1], want[1]) {
			t.Errorf("warnings = %q, want %q", got, want)
		}
	}
	all := strings.Join(f.Abandoned(), "\n")
	for _, w := range append(want, `Room "Sales": `+sales.Link) {
		if !strings.Contains(all, w) {
			t.Errorf("abandoned lacks %q:\n%s", w, all)
		}
	}
	if strings.Contains(all, "Nothing was written") {
		t.Errorf("abandoned says nothing was written while a create is under way:\n%s", all)
	}
}
