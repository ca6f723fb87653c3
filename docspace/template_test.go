package docspace_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// templatePlan is a room from the demo's Virtual data room template for the fault plan's people.
func templatePlan(title string) docspace.Plan {
	p := faultPlan(title)
	p.NewRoom = &docspace.NewRoom{Title: title, Template: docspacetest.DemoTemplateVDR}
	p.Invitees[2].Access = docspace.AccessRead // Comment is not offered in a Virtual data room
	return p
}

// fromTemplateCalls counts the template creates the portal saw.
func fromTemplateCalls(p *docspacetest.Portal) int {
	return p.Count(http.MethodPost, "/api/2.0/files/rooms/fromtemplate")
}

// calls lists the portal's log as "METHOD path", without the check's reads.
func writesAndPolls(p *docspacetest.Portal) []string {
	var out []string
	for _, r := range p.Requests() {
		if r.Method != http.MethodGet || strings.Contains(r.Path, "/fromtemplate/") || strings.HasSuffix(r.Path, "/share") {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

func TestResolveTemplate(t *testing.T) {
	ts := []docspace.Template{
		{ID: 7, Title: "Onboarding", RoomType: docspace.RoomVirtualData},
		{ID: 8, Title: "Kickoff", RoomType: docspace.RoomCollaboration},
		{ID: 9, Title: "kickoff", RoomType: docspace.RoomCustom},
		{ID: 10, Title: "12", RoomType: docspace.RoomCustom},
	}
	for _, c := range []struct {
		ref    string
		want   int
		errHas []string
	}{
		{ref: "7", want: 7},
		{ref: "12", want: 10}, // no template 12: the title "12"
		{ref: " Onboarding ", want: 7},
		{ref: "onboarding", want: 7},
		{ref: "Kickoff", want: 8}, // exact title first
		{ref: "kickoff", want: 9}, // exact title first
		{ref: "KICKOFF", errHas: []string{`2 room templates are titled "KICKOFF"`, `8 "Kickoff" (Collaboration)`, `9 "kickoff" (Custom)`, "give the id"}},
		{ref: "Board", errHas: []string{`no room template "Board"`, `7 "Onboarding" (Virtual data room)`, `10 "12" (Custom)`}},
	} {
		got, err := docspace.ResolveTemplate(ts, c.ref)
		if c.errHas == nil {
			if err != nil || got.ID != c.want {
				t.Errorf("%q: got %+v, %v; want template %d", c.ref, got, err, c.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("%q: got %+v, want an error", c.ref, got)
			continue
		}
		for _, s := range c.errHas {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%q: error %q lacks %q", c.ref, err, s)
			}
		}
	}
	if _, err := docspace.ResolveTemplate(nil, "X"); err == nil || !strings.Contains(err.Error(), "no room templates at all") {
		t.Errorf("no templates: %v", err)
	}
}

// A room from a template: the job is started, polled until done, then people are
// invited as usual and read back; the room has the template's type.
func TestRoomFromTemplateInvitesAfterTheJob(t *testing.T) {
	rig := newFaultRig(t)
	rig.portal.SetTemplateJobs(docspacetest.TemplateJobs{Polls: 3})
	before := len(rig.portal.Rooms())
	plan := templatePlan("Acme data room")
	var progress []float64
	res := rig.client.Execute(context.Background(), plan, nil, func(e docspace.Event) {
		if e.Phase == docspace.PhaseCreate && e.State == docspace.EventStarted {
			progress = append(progress, e.Progress)
		}
	})
	if res.Status() != docspace.StatusComplete || !res.RoomCreated {
		t.Fatalf("status %v, err %v, want complete", res.Status(), res.Err)
	}
	assertTruthful(t, rig.portal, res, before, "Acme data room")
	if res.Room.RoomType != docspace.RoomVirtualData {
		t.Errorf("room type %v, want the template's (Virtual data room)", res.Room.RoomType)
	}
	want := []string{
		"POST /api/2.0/files/rooms/fromtemplate",
		"GET /api/2.0/files/rooms/fromtemplate/status",
		"GET /api/2.0/files/rooms/fromtemplate/status",
		"GET /api/2.0/files/rooms/fromtemplate/status",
	}
	got := writesAndPolls(rig.portal)
	if len(got) < len(want)+2 || strings.Join(got[:len(want)], "\n") != strings.Join(want, "\n") ||
		!strings.HasPrefix(got[len(want)], "PUT ") || !strings.HasSuffix(got[len(got)-1], "/share") {
		t.Errorf("calls:\n%s\nwant the create, 3 polls, then the share calls and the read-back", strings.Join(got, "\n"))
	}
	if n := rig.portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n != 1 {
		t.Errorf("%d POSTs to /files/rooms…, want only the template's", n)
	}
	if len(progress) < 3 || progress[len(progress)-1] <= progress[0] {
		t.Errorf("progress events %v, want one per poll, rising", progress)
	}
}

// A job that never finishes: the wait is bounded, the room it made is named (not
// used), and retrying adds the people to it: never a second room.
func TestTemplateJobNeverCompletes(t *testing.T) {
	rig := newFaultRig(t, docspace.WithTemplateWait(5*time.Second))
	rig.portal.SetTemplateJobs(docspacetest.TemplateJobs{Never: true})
	before := len(rig.portal.Rooms())
	plan := templatePlan("Stuck")
	res := rig.client.Execute(context.Background(), plan, nil, nil)
	assertTruthful(t, rig.portal, res, before, "Stuck")
	if res.Room == nil || !res.RoomCreated || !errors.Is(res.Err, docspace.ErrTemplateJob) || res.Status() != docspace.StatusPartial {
		t.Fatalf("room %+v, err %v, status %v: want the room named and the job reported unfinished", res.Room, res.Err, res.Status())
	}
	for _, s := range []string{"did not finish within 5s", `room "Stuck"`, "may be incomplete"} {
		if !strings.Contains(res.Err.Error(), s) {
			t.Errorf("message %q lacks %q", res.Err, s)
		}
	}
	polls := rig.portal.Count(http.MethodGet, "/api/2.0/files/rooms/fromtemplate/status")
	if polls < 2 || polls > 10 {
		t.Errorf("%d polls in a 5 s wait, want a few with back-off", polls)
	}
	assertRetryKeepsOneRoom(t, rig, res, plan, before)
}

// A job that fails after making its room: the room is named; retry uses it.
func TestTemplateJobFails(t *testing.T) {
	rig := newFaultRig(t)
	rig.portal.SetTemplateJobs(docspacetest.TemplateJobs{Polls: 2, Error: "Copying the files failed"})
	before := len(rig.portal.Rooms())
	plan := templatePlan("Broken")
	res := rig.client.Execute(context.Background(), plan, nil, nil)
	assertTruthful(t, rig.portal, res, before, "Broken")
	if res.Room == nil || !errors.Is(res.Err, docspace.ErrTemplateJob) || !strings.Contains(res.Err.Error(), "Copying the files failed") {
		t.Fatalf("room %+v, err %v: want the room named and the portal's reason", res.Room, res.Err)
	}
	assertRetryKeepsOneRoom(t, rig, res, plan, before)
}

// A job that fails before making a room: no room, said plainly, and running again is safe.
func TestTemplateJobFailsBeforeTheRoom(t *testing.T) {
	rig := newFaultRig(t)
	rig.portal.SetTemplateJobs(docspacetest.TemplateJobs{Polls: 2, Error: "The template could not be read", FailBeforeRoom: true})
	before := len(rig.portal.Rooms())
	res := rig.client.Execute(context.Background(), templatePlan("Nothing"), nil, nil)
	assertTruthful(t, rig.portal, res, before, "Nothing")
	if res.Room != nil || res.RoomUncertain || res.Status() != docspace.StatusFailed || !res.CanRetry() {
		t.Fatalf("room %+v uncertain %v status %v: want no room, certain, failed, retry allowed", res.Room, res.RoomUncertain, res.Status())
	}
	if !strings.Contains(res.Err.Error(), "The template could not be read") {
		t.Errorf("message %q lacks the portal's reason", res.Err)
	}
}

// assertRetryKeepsOneRoom runs the result's retry plan: it must name the room the
// result named, get everyone in, and make no other room.
func assertRetryKeepsOneRoom(t *testing.T, rig *faultRig, res docspace.Result, plan docspace.Plan, before int) {
	t.Helper()
	rp, ok := res.RetryPlan(plan)
	if !ok || rp.NewRoom != nil || rp.RoomID != res.Room.ID {
		t.Fatalf("retry plan %+v (%v), want the people into room %d", rp, ok, res.Room.ID)
	}
	creates := fromTemplateCalls(rig.portal)
	again := rig.client.Execute(context.Background(), rp, nil, nil)
	if again.Status() != docspace.StatusComplete {
		t.Errorf("retry: status %v, err %v", again.Status(), again.Err)
	}
	if n := len(rig.portal.Rooms()) - before; n != 1 || fromTemplateCalls(rig.portal) != creates {
		t.Errorf("%d rooms made and %d more template creates after the retry, want 1 room and none", n, fromTemplateCalls(rig.portal)-creates)
	}
}

// The create's answer is lost after the portal started the job: the room is found by
// its title, and the run carries on with one create.
func TestTemplateCreateAnswerLost(t *testing.T) {
	for _, mode := range []string{"reset", "502", "timeout", "cut"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			rig := newFaultRigWrapped(t, 2, lostAnswer(http.MethodPost, "/api/2.0/files/rooms/fromtemplate", mode, nil))
			old := rig.portal.AddRoom("Lost", docspace.RoomCustom) // same title, older: not the new one
			before := len(rig.portal.Rooms())
			res := rig.client.Execute(context.Background(), templatePlan("Lost"), nil, nil)
			assertTruthful(t, rig.portal, res, before, "Lost")
			if res.Status() != docspace.StatusComplete || res.Room == nil || res.Room.ID == old {
				t.Fatalf("status %v, room %+v, err %v: want the new room found and everyone invited", res.Status(), res.Room, res.Err)
			}
			if n := fromTemplateCalls(rig.portal); n != 1 {
				t.Errorf("%d template creates, want 1", n)
			}
		})
	}
}

// The create's answer is lost and the room cannot be found: the result says the room
// may exist, and no retry is offered.
func TestTemplateCreateAnswerLostRoomNotFound(t *testing.T) {
	breakListing := func(p *docspacetest.Portal) {
		p.InjectFault(docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/files/rooms", Status: 503})
	}
	rig := newFaultRigWrapped(t, 2, lostAnswer(http.MethodPost, "/api/2.0/files/rooms/fromtemplate", "502", breakListing))
	plan := templatePlan("Unsure")
	res := rig.client.Execute(context.Background(), plan, nil, nil)
	if res.Room != nil || !res.RoomUncertain || res.CanRetry() {
		t.Fatalf("room %+v uncertain %v can retry %v: want no room named, uncertain, no retry", res.Room, res.RoomUncertain, res.CanRetry())
	}
	if _, ok := res.RetryPlan(plan); ok {
		t.Error("a retry plan was offered after a create that may have worked")
	}
	if !strings.Contains(res.Err.Error(), `look for "Unsure" in DocSpace before running again`) {
		t.Errorf("message %q does not warn that the room may exist", res.Err)
	}
	for _, o := range res.Outcomes {
		if o.Kind != docspace.OutcomeNotSent || !strings.Contains(o.Reason, "may exist") {
			t.Errorf("%s: %v %q", o.Invitee.Email, o.Kind, o.Reason)
		}
	}
}

// A template the portal does not have, or several so titled: the plan is invalid,
// the sentence lists the candidates, and nothing is written.
func TestUnknownTemplateWritesNothing(t *testing.T) {
	rig := newFaultRig(t)
	rig.portal.AddTemplate("Twin", docspace.RoomCustom)
	rig.portal.AddTemplate("Twin", docspace.RoomPublic)
	for ref, want := range map[string][]string{
		"No such":  {`The portal has no room template "No such": use one of`, `90001 "` + docspacetest.DemoTemplateVDR + `"`},
		"Twin":     {`2 room templates are titled "Twin": give the id instead`, `90003 "Twin" (Custom)`, `90004 "Twin" (Public)`},
		"99999999": {`no room template "99999999"`, docspacetest.DemoTemplateProject},
	} {
		plan := templatePlan("X")
		plan.NewRoom.Template = ref
		res := rig.client.Execute(context.Background(), plan, nil, nil)
		var probs docspace.Problems
		if res.Status() != docspace.StatusInvalid || !errors.As(res.Err, &probs) || len(probs.For(docspace.FieldTemplate)) != 1 {
			t.Fatalf("%q: status %v err %v, want one template problem", ref, res.Status(), res.Err)
		}
		msg := probs.For(docspace.FieldTemplate)[0].Message
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("%q: %q lacks %q", ref, msg, w)
			}
		}
	}
	for _, r := range rig.portal.Requests() {
		if r.Method != http.MethodGet {
			t.Errorf("%s %s sent for a plan with an unknown template", r.Method, r.Path)
		}
	}
}

// The room options reach the template create, each field only when set, and an
// option the template's type does not offer stops the run before anything is written.
func TestTemplateCreateSendsTheRoomOptions(t *testing.T) {
	lt, err := docspace.ParseLifetime("30d,delete")
	if err != nil {
		t.Fatal(err)
	}
	wm, err := docspace.ParseWatermark("text:Confidential")
	if err != nil {
		t.Fatal(err)
	}
	quota := int64(10 << 30)
	for _, c := range []struct {
		name     string
		template string
		opts     docspace.RoomOptions
		want     map[string]string // field → its JSON; absent fields must not be sent
		refused  string
	}{
		{name: "none", template: docspacetest.DemoTemplateVDR, want: map[string]string{}},
		{name: "all", template: docspacetest.DemoTemplateVDR,
			opts: docspace.RoomOptions{Tags: []string{"Legal"}, Color: "1A2B3C", Quota: &quota, Indexing: true, DenyDownload: true, Lifetime: &lt, Watermark: &wm},
			want: map[string]string{"tags": `["Legal"]`, "color": `"1A2B3C"`, "quota": "10737418240", "indexing": "true", "denyDownload": "true",
				"lifetime":  `{"enabled":true,"value":30,"period":0,"deletePermanently":true}`,
				"watermark": `{"enabled":true,"text":"Confidential","rotate":-45}`}},
		{name: "VDR option on a Collaboration template", template: docspacetest.DemoTemplateProject,
			opts: docspace.RoomOptions{Indexing: true}, refused: "leave it out or choose a Virtual data room template"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rig := newFaultRig(t)
			plan := templatePlan("Options room")
			plan.NewRoom.Template = c.template
			plan.NewRoom.Options = c.opts
			res := rig.client.Execute(context.Background(), plan, nil, nil)
			if c.refused != "" {
				if res.Status() != docspace.StatusInvalid || fromTemplateCalls(rig.portal) != 0 || !strings.Contains(fmt.Sprint(res.Err), c.refused) {
					t.Fatalf("status %v, problems %v, %d template creates; want invalid naming %s, nothing sent", res.Status(), res.Err, fromTemplateCalls(rig.portal), c.refused)
				}
				return
			}
			if res.Status() != docspace.StatusComplete {
				t.Fatalf("status %v, err %v", res.Status(), res.Err)
			}
			var body map[string]json.RawMessage
			for _, r := range rig.portal.Requests() {
				if r.Method == http.MethodPost && r.Path == "/api/2.0/files/rooms/fromtemplate" {
					if err := json.Unmarshal(r.Body, &body); err != nil {
						t.Fatal(err)
					}
				}
			}
			for _, k := range []string{"tags", "color", "quota", "indexing", "denyDownload", "lifetime", "watermark"} {
				got, sent := body[k]
				want, ok := c.want[k]
				switch {
				case sent && !ok:
					t.Errorf("%s sent (%s), want it left out", k, got)
				case ok && string(got) != want:
					t.Errorf("%s = %s, want %s", k, got, want)
				}
			}
		})
	}
}

// A cover the portal lacks fails the template job before the room: no room, and the
// error says which option to fix instead of only the server's "Parameter 'icon'".
func TestTemplateJobRefusesAnUnknownCover(t *testing.T) {
	rig := newFaultRig(t)
	rig.portal.SetTemplateJobs(docspacetest.TemplateJobs{Polls: 1})
	before := len(rig.portal.Rooms())
	p := templatePlan("Uncovered")
	p.NewRoom.Options.Cover = "unicorn"
	res := rig.client.Execute(context.Background(), p, nil, nil)
	assertTruthful(t, rig.portal, res, before, "Uncovered")
	if res.Room != nil || res.Status() != docspace.StatusFailed || !strings.Contains(res.Err.Error(), "no cover by that name") {
		t.Fatalf("room %+v status %v err %v: want no room and the cover named", res.Room, res.Status(), res.Err)
	}
}

// The portal's reason for a failed job is outside text: it reaches the user on one
// line, without the API key even when the portal echoes it.
func TestTemplateJobReasonIsCleanedAndRedacted(t *testing.T) {
	rig := newFaultRig(t)
	rig.portal.SetTemplateJobs(docspacetest.TemplateJobs{Polls: 1, Error: "Copying failed\n\nfor key " + docspacetest.DemoKey, FailBeforeRoom: true})
	res := rig.client.Execute(context.Background(), templatePlan("Echo"), nil, nil)
	if res.Err == nil {
		t.Fatal("the failed job was not reported")
	}
	msg := res.Err.Error()
	if strings.Contains(msg, docspacetest.DemoKey) || strings.Contains(msg, "\n") || !strings.Contains(msg, "Copying failed for key") {
		t.Errorf("message %q: want the reason on one line, without the key", msg)
	}
}

// A stop while the job is polled: the job runs on at the portal, so the run names the
// room it made, is reported stopped, and no row says the job did not finish.
func TestTemplateStopWhilePolled(t *testing.T) {
	rig := newFaultRig(t)
	rig.portal.SetTemplateJobs(docspacetest.TemplateJobs{Polls: 5})
	before := len(rig.portal.Rooms())
	plan := templatePlan("Halted")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := 0
	res := rig.client.Execute(ctx, plan, nil, func(e docspace.Event) {
		if e.Phase == docspace.PhaseCreate && e.State == docspace.EventStarted {
			if started++; started == 2 { // the first poll's progress
				cancel()
			}
		}
	})
	assertTruthful(t, rig.portal, res, before, "Halted")
	if res.Room == nil || !res.Cancelled || !errors.Is(res.Err, docspace.ErrTemplateJobUnread) {
		t.Fatalf("room %+v, cancelled %v, err %v: want the room named, stopped, the job's end unknown", res.Room, res.Cancelled, res.Err)
	}
	for _, o := range res.Outcomes {
		if o.Kind != docspace.OutcomeNotSent || !strings.Contains(o.Reason, "may not have finished") {
			t.Errorf("%s: %v %q, want not sent, the job may not have finished", o.Invitee.Email, o.Kind, o.Reason)
		}
	}
	if n := fromTemplateCalls(rig.portal); n != 1 {
		t.Errorf("%d template creates, want 1", n)
	}
}
