package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

const goldenPeople = `anna@example.com
Robin Rooms <robin@example.com>, dana@example.com
carol@exa
anna@example.com
lee@example.com,viewer`

// goldenTemplates are the room templates of the golden screens.
var goldenTemplates = []docspace.Template{
	{ID: 90001, Title: "Project kickoff", RoomType: docspace.RoomCollaboration},
	{ID: 90002, Title: "Client onboarding", RoomType: docspace.RoomVirtualData},
}

// goldenPortal is the fake portal the golden screens are drawn against.
func goldenPortal() *fakePortal {
	fp := newFakePortal()
	fp.users["robin@example.com"] = docspace.User{ID: "u-robin", DisplayName: "Robin Rooms", IsRoomAdmin: true}
	fp.users["dana@example.com"] = docspace.User{ID: "u-dana", DisplayName: "Dana Park"}
	return fp
}

// settled waits until the key check, the rooms and the look-ups are all answered.
func settled(d *driver) {
	d.until("background work", func() bool {
		st := d.m.st
		return st.keyStatus == keyOK && st.rooms.done && st.inflight == 0
	})
	d.settle()
}

func TestGoldenScreens(t *testing.T) {
	fixedPeople := strings.Replace(goldenPeople, "carol@exa", "carol@example.com", 1)
	room := &docspace.Room{ID: 104, Title: "Q3 sales kickoff", RoomType: docspace.RoomCollaboration, Link: testPortal + "/rooms/shared/104/filter?folder=104"}
	tests := []struct {
		name  string
		pre   Prefill
		setup func(*driver)
	}{
		{"portal", Prefill{}, func(d *driver) {
			d.m.st.showPortal, d.m.st.keyStatus = true, keyMissing
			d.goTo(stepPortal, "No API key is saved for portal.example.com: paste one to continue.")
		}},
		{"action", Prefill{}, func(d *driver) {}},
		{"action_rooms", Prefill{}, func(d *driver) { d.keys("down", "enter") }},
		{"action_templates", Prefill{}, func(d *driver) {
			d.m.st.templates = templateCache{done: true, items: goldenTemplates}
			d.keys("down", "down", "enter", "down")
		}},
		{"review_template", Prefill{Title: ptr("Acme onboarding"), Invites: invites(fixedPeople)}, func(d *driver) {
			t := goldenTemplates[1]
			d.m.st.templates = templateCache{done: true, items: goldenTemplates}
			d.m.st.d.action, d.m.st.d.template = actionTemplate, &t
			d.goTo(stepReview, "")
			d.settle()
		}},
		{"title", Prefill{Title: ptr("Marketing Q3")}, func(d *driver) { d.goTo(stepTitle, "") }},
		{"type", Prefill{Title: ptr("Q3 sales kickoff")}, func(d *driver) {}},
		{"people", Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites(goldenPeople)}, func(d *driver) {}},
		{"access", Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites(fixedPeople)}, func(d *driver) {
			d.goTo(stepAccess, "")
		}},
		{"access_table", Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites(fixedPeople)}, func(d *driver) {
			d.goTo(stepAccess, "")
			d.keys("tab", "down", "left", "left")
		}},
		{"notify", Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites(fixedPeople), Message: ptr("Welcome aboard!")}, func(d *driver) {
			d.goTo(stepNotify, "")
		}},
		{"review", Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites(fixedPeople)}, func(d *driver) {
			d.goTo(stepReview, "")
			d.settle()
		}},
		{"settings", Prefill{Title: ptr("Due diligence"), Type: ptr(docspace.RoomVirtualData), Options: goldenOptions()}, func(d *driver) {
			d.goTo(stepSettings, "")
			d.send(settingsFactsMsg{tags: []string{"Finance", "Legal", "Q3 2025"}, quotasOn: true})
			d.keys("down", "down", "down")
		}},
		{"settings_none", Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration)}, func(d *driver) {
			d.goTo(stepSettings, "")
		}},
		{"review_settings", Prefill{Title: ptr("Due diligence"), Type: ptr(docspace.RoomVirtualData), Invites: invites(fixedPeople), Options: goldenOptions()}, func(d *driver) {
			d.goTo(stepReview, "")
			d.settle()
		}},
		{"review_problem", Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomPublic), Invites: invites(fixedPeople), Access: ptr(docspace.AccessRead)}, func(d *driver) {
			d.goTo(stepReview, "")
		}},
		{"run", Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites(fixedPeople)}, func(d *driver) {
			r := newRunStep(d.m.st, d.m.st.d.plan(d.m.st.users), nil)
			r.started, r.begin, r.now = true, testClock(), testClock().Add(3e9)
			for _, ev := range []docspace.Event{
				{Phase: docspace.PhaseCreate, State: docspace.EventStarted},
				{Phase: docspace.PhaseCreate, State: docspace.EventDone, Room: room},
				{Phase: docspace.PhaseInvite, State: docspace.EventStarted, Batch: 1, Batches: 2, Total: 5},
				{Phase: docspace.PhaseInvite, State: docspace.EventDone, Batch: 1, Batches: 2, Sent: 3, Total: 5},
				{Phase: docspace.PhaseInvite, State: docspace.EventStarted, Batch: 2, Batches: 2, Sent: 3, Total: 5},
			} {
				r.apply(ev)
			}
			d.m.steps[stepRun] = r
			d.m.cur = stepRun
			d.m.layout()
		}},
		{"run_stop", Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites(fixedPeople)}, func(d *driver) {
			r := newRunStep(d.m.st, d.m.st.d.plan(d.m.st.users), nil)
			r.started, r.begin, r.now = true, testClock(), testClock()
			r.apply(docspace.Event{Phase: docspace.PhaseCreate, State: docspace.EventStarted})
			r.stopping = true
			d.m.steps[stepRun] = r
			d.m.cur = stepRun
			d.m.layout()
		}},
		{"summary", Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites(fixedPeople)}, func(d *driver) {
			p := d.m.st.d.plan(d.m.st.users)
			res := docspace.Result{Room: room, RoomCreated: true, Elapsed: 4e9}
			kinds := []docspace.OutcomeKind{docspace.OutcomeNewGuest, docspace.OutcomeAdded, docspace.OutcomeAlreadyMember, docspace.OutcomeNewGuest, docspace.OutcomeFailed}
			for i, inv := range p.Invitees {
				o := docspace.Outcome{Invitee: inv, Kind: kinds[i%len(kinds)], Access: inv.Access}
				if o.Kind == docspace.OutcomeFailed {
					o.Access, o.Reason = 0, "The role is not available for this user type"
				}
				res.Outcomes = append(res.Outcomes, o)
			}
			d.m.finishRun(res)
		}},
		{"help", Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites(fixedPeople)}, func(d *driver) {
			d.goTo(stepAccess, "")
			d.keys("tab", "?")
		}},
	}
	// The common sizes, and the smallest the layout supports.
	sizes := [][2]int{{80, 24}, {120, 40}, {60, 20}}
	for _, tt := range tests {
		for _, size := range sizes {
			w, h := size[0], size[1]
			t.Run(fmt.Sprintf("%s_%dx%d", tt.name, w, h), func(t *testing.T) {
				opts := testOptions(goldenPortal())
				opts.Prefill = tt.pre
				d := newDriver(t, opts, w, h)
				settled(d)
				tt.setup(d)
				got := d.screen()
				if !strings.HasPrefix(got, " "+productName+"  ") {
					t.Errorf("the header does not start with %q:\n%s", productName, strings.SplitN(got, "\n", 2)[0])
				}
				if n := strings.Count(got, "\n") + 1; n != h {
					t.Errorf("screen has %d lines, want %d", n, h)
				}
				for i, line := range strings.Split(got, "\n") {
					if ansiWidth(line) > w {
						t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, ansiWidth(line), w, line)
					}
				}
				golden.RequireEqual(t, got) // testdata/TestGoldenScreens/<case>.golden; -update rewrites it
			})
		}
	}
}

// goldenOptions are room settings as flags would give them: tags, a 30-day lifetime
// and a watermark of viewer details.
func goldenOptions() docspace.RoomOptions {
	var o docspace.RoomOptions
	for flag, v := range map[string]string{"tag": "Finance, Due diligence", "lifetime": "30d", "watermark": "info:user,email,ip,date,room"} {
		s, _ := docspace.RoomSettingByFlag(flag)
		if err := s.Apply(&o, v); err != nil {
			panic(err)
		}
	}
	return o
}
