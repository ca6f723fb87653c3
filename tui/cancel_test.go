package tui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"
	"go.uber.org/goleak"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// noLeaks checks, once the test and its own cleanups (the portal's server, the
// program's context) are done, that no goroutine it started is left behind. It must be
// called before anything else registers a cleanup: cleanups run last-in first-out.
func noLeaks(t *testing.T) {
	t.Helper()
	ignore := goleak.IgnoreCurrent() // other tests' leftovers are not this test's
	opts := []goleak.Option{ignore,
		// teatest's harness waits for a SIGINT for as long as the test binary lives,
		// one goroutine per TestModel, and never ends it: the harness's, not the wizard's.
		goleak.IgnoreTopFunction("github.com/charmbracelet/x/exp/teatest/v2.NewTestModel.func2")}
	t.Cleanup(func() {
		// A closed connection's reader ends a moment after the server closes it; on a
		// loaded machine longer than goleak's own retries wait. A leak still fails.
		for deadline := time.Now().Add(5 * time.Second); goleak.Find(opts...) != nil && time.Now().Before(deadline); {
			time.Sleep(50 * time.Millisecond)
		}
		goleak.VerifyNone(t, opts...)
	})
}

// writes counts the create and share calls the portal saw.
func writes(p *docspacetest.Portal) (creates, shares int) {
	for _, r := range p.Requests() {
		switch {
		case r.Method == http.MethodPost && r.Path == "/api/2.0/files/rooms":
			creates++
		case r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/share"):
			shares++
		}
	}
	return creates, shares
}

// Ctrl+C on any question quits at once with 130, and nothing was written.
func TestCtrlCOnEveryStep(t *testing.T) {
	collab := docspace.RoomCollaboration
	tests := []struct {
		step  stepID
		pre   Prefill
		setup func(*docspacetest.Portal, *Options)
		reach func(f *flow)
	}{
		{stepPortal, Prefill{}, func(_ *docspacetest.Portal, o *Options) { o.Keys = &fakeKeys{} }, func(f *flow) {
			f.on(stepPortal, "Connect to your DocSpace")
			f.tm.Type("sk-half")
		}},
		{stepAction, Prefill{}, nil, func(f *flow) { f.on(stepAction, "Create a new room") }},
		{stepTitle, Prefill{}, nil, func(f *flow) {
			f.on(stepAction, "Create a new room")
			f.press("enter")
			f.on(stepTitle, "Title of the new room")
			f.tm.Type("Half")
		}},
		{stepType, Prefill{Title: ptr("Half")}, nil, func(f *flow) { f.on(stepType, "Room type") }},
		{stepSettings, Prefill{Title: ptr("Half")}, nil, func(f *flow) {
			f.on(stepType, "Room type")
			f.press("enter")
			f.on(stepSettings, "continue with none")
			f.tm.Type("Leg")
		}},
		{stepPeople, Prefill{Title: ptr("Half"), Type: &collab}, nil, func(f *flow) {
			f.on(stepPeople, "People to invite")
			f.paste("a@example.com")
			f.on(stepPeople, "1 person")
		}},
		{stepAccess, Prefill{Title: ptr("Half"), Type: &collab}, nil, func(f *flow) {
			f.on(stepPeople, "People to invite")
			f.paste("a@example.com")
			f.press("tab")
			f.on(stepAccess, "Default for everyone")
		}},
		{stepNotify, Prefill{Title: ptr("Half"), Type: &collab}, nil, func(f *flow) {
			f.on(stepPeople, "People to invite")
			f.paste("a@example.com")
			f.press("tab")
			f.on(stepAccess, "Default for everyone")
			f.press("enter")
			f.on(stepNotify, "Notify people")
		}},
		{stepReview, Prefill{Title: ptr("Half"), Type: &collab, Invites: invites("a@example.com")}, nil, func(f *flow) {
			f.on(stepReview, "Nothing is written until you press enter")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.step.String(), func(t *testing.T) {
			noLeaks(t)
			f := newFlow(t, tt.pre, tt.setup)
			tt.reach(f)
			f.press("ctrl+c")
			m := f.tm.FinalModel(t, teatestFinalTimeout()).(*model)
			res, code := m.result()
			if code != onboard.EndInterrupted || res.Room != nil {
				t.Errorf("ended %v, room %+v; want interrupted and no room", code, res.Room)
			}
			if c, s := writes(f.portal); c+s != 0 {
				t.Errorf("%d creates and %d share calls before anything was confirmed", c, s)
			}
		})
	}
}

// Ctrl+C during each phase of a run, held there by a slow portal: the run stops after
// the request under way, sends nothing new, reports the room when it exists, and the
// exit code says what happened: 130 when the stop cut something short, 0 when the
// stop came after the last call (everyone is in: nothing was left to stop).
func TestCtrlCDuringEachRunPhase(t *testing.T) {
	const hold = 700 * time.Millisecond
	readInvitationSettings := "/api/2.0/settings/invitationsettings"
	tests := []struct {
		name   string
		people int
		batch  int // invitations per share call; 0: BatchSize
		faults []docspacetest.Fault
		ready  string // the review's state before the confirm
		during string // the run's line for the held call
		held   string // the held call, as "METHOD /path" prefix
		heldN  int    // how many of them are under way when the stop comes
		// lateReads are reads sent with the held one that may reach the portal just
		// after the stop ("METHOD /path" prefixes): the check's reads go out together.
		lateReads []string
		keys      []string // what stops the run
		wantCode  onboard.End
		wantRoom  bool
		wantShare func(n int) bool
		notSent   func(shares int) int // people reported as not sent
	}{
		{
			name:   "check",
			people: 1,
			faults: []docspacetest.Fault{
				// The review's check fails, so the run checks again, slowly.
				{Method: http.MethodGet, PathPrefix: readInvitationSettings, Status: http.StatusServiceUnavailable, Times: 1},
				{Method: http.MethodGet, PathPrefix: readInvitationSettings, Delay: hold, Times: 1},
			},
			ready: "the run checks again", during: "Check the key and the portal's settings",
			held: "GET " + readInvitationSettings, heldN: 2,
			lateReads: []string{"GET /api/2.0/keys/@self", "GET /api/2.0/settings", "GET /api/2.0/files/rooms"},
			keys:      []string{"ctrl+c"}, wantCode: onboard.EndInterrupted, wantRoom: false,
			wantShare: func(n int) bool { return n == 0 }, notSent: func(int) int { return 1 },
		},
		{
			name:   "create",
			people: 2,
			faults: []docspacetest.Fault{{Method: http.MethodPost, PathPrefix: "/api/2.0/files/rooms", Delay: hold}},
			ready:  "Nothing is written", during: `Create room "Stop create"`,
			held: "POST /api/2.0/files/rooms", heldN: 1,
			keys: []string{"ctrl+c"}, wantCode: onboard.EndInterrupted, wantRoom: true,
			wantShare: func(n int) bool { return n == 0 }, notSent: func(int) int { return 2 },
		},
		{
			// One e-mail per share call: 12 calls, 10 at a time. The stop comes while the
			// first 10 are under way; the other 2 are never sent.
			name:   "share, calls waiting",
			people: 12,
			batch:  1,
			faults: []docspacetest.Fault{{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Delay: hold}},
			ready:  "Nothing is written", during: "Invite batch",
			held: "PUT /api/2.0/files/rooms/", heldN: docspace.ParallelWrites,
			keys: []string{"ctrl+c"}, wantCode: onboard.EndInterrupted, wantRoom: true,
			wantShare: func(n int) bool { return n == docspace.ParallelWrites },
			notSent:   func(shares int) int { return 12 - shares },
		},
		{
			name:   "share, the last call under way",
			people: 2,
			faults: []docspacetest.Fault{{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Delay: hold}},
			ready:  "Nothing is written", during: "Invite 2 people",
			held: "PUT /api/2.0/files/rooms/", heldN: 1,
			keys: []string{"ctrl+c"}, wantCode: onboard.EndDone, wantRoom: true,
			wantShare: func(n int) bool { return n == 1 }, notSent: func(int) int { return 0 },
		},
		{
			name:   "confirm",
			people: 2,
			faults: []docspacetest.Fault{{Method: http.MethodGet, PathPrefix: "/api/2.0/files/rooms/", Delay: hold}},
			ready:  "Nothing is written", during: "Confirm the room's members",
			held: "GET /api/2.0/files/rooms/", heldN: 1,
			keys: []string{"ctrl+c"}, wantCode: onboard.EndDone, wantRoom: true,
			wantShare: func(n int) bool { return n == 1 }, notSent: func(int) int { return 0 },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			noLeaks(t)
			var people []string
			for i := range tt.people {
				people = append(people, fmt.Sprintf("p%02d@example.com", i))
			}
			pre := Prefill{Title: ptr("Stop " + tt.name), Type: ptr(docspace.RoomCustom), Invites: invites(strings.Join(people, "\n"))}
			f := newFlow(t, pre, func(p *docspacetest.Portal, o *Options) {
				for _, fault := range tt.faults {
					p.InjectFault(fault)
				}
				if tt.batch > 0 {
					o.Connect = batchConnect(tt.batch)
				}
			})
			rooms := len(f.portal.Rooms())
			f.waitFor("the review: "+tt.ready, func(s stepID, screen string) bool {
				return s == stepReview && strings.Contains(screen, tt.ready)
			})
			f.press("enter")
			f.on(stepRun, tt.during)
			f.waitArrived(tt.held, tt.heldN) // under way: the stop comes after it was sent
			stopAt := time.Now()
			f.press(tt.keys...)
			f.on(stepRun, "Stopping after the current request")
			f.waitFor("the summary", func(s stepID, _ string) bool { return s == stepSummary })
			summary := f.screenNow()
			res, code := f.finish()

			if code != tt.wantCode {
				t.Errorf("ended %v, want %v; summary:\n%s", code, tt.wantCode, summary)
			}
			if got := len(f.portal.Rooms()) - rooms; got != btoi(tt.wantRoom) {
				t.Errorf("the portal has %d new rooms, want %d", got, btoi(tt.wantRoom))
			}
			if (res.Room != nil) != tt.wantRoom {
				t.Errorf("result's room %+v, want a room: %v", res.Room, tt.wantRoom)
			}
			if res.Room != nil && !strings.Contains(summary, roomLink(f.portal.URL(), res.Room)) {
				t.Errorf("the summary does not show the room's link:\n%s", summary)
			}
			creates, shares := writes(f.portal)
			if creates != btoi(tt.wantRoom) || !tt.wantShare(shares) {
				t.Errorf("%d creates and %d share calls", creates, shares)
			}
			if n := res.Counts()[docspace.OutcomeNotSent]; n != tt.notSent(shares) {
				t.Errorf("%d people reported not sent, want %d: %v", n, tt.notSent(shares), res.Counts())
			}
			// Nothing new after the stop: only the read-back of the members may follow
			// (and the stragglers of a group of reads that went out before it).
			for _, r := range f.portal.Requests() {
				if !r.At.After(stopAt) || r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/share") {
					continue
				}
				late := false
				for _, p := range tt.lateReads {
					late = late || strings.HasPrefix(r.Method+" "+r.Path, p)
				}
				if !late {
					t.Errorf("%s %s was sent after the stop (%v after)", r.Method, r.Path, r.At.Sub(stopAt))
				}
			}
		})
	}
}

// teatestFinalTimeout bounds the wait for the program to end.
func teatestFinalTimeout() teatest.FinalOpt { return teatest.WithFinalTimeout(10 * time.Second) }

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
