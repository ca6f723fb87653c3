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
	tests := []struct {
		name         string
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewInFlight(plan)
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
