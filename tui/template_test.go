package tui

import (
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// A room from a template: the third answer of the first step lists the portal's
// templates; the Type step is skipped (the template decides), the review names the
// template, and the plan run carries its id and type.
func TestFlowRoomFromTemplate(t *testing.T) {
	f := newFlow(t, Prefill{}, nil)
	f.on(stepAction, "Create a room from a template")
	f.press("down", "down", "enter")
	f.on(stepAction, docspacetest.DemoTemplateVDR)
	if !strings.Contains(f.screenNow(), "Virtual data room") || !strings.Contains(f.screenNow(), docspacetest.DemoTemplateProject) {
		t.Fatalf("template list lacks the templates and their types:\n%s", f.screenNow())
	}
	// The list is in the portal's order; move to the VDR template.
	// One key at a time, each waited for: a second press on a stale screen would move past it.
	if !strings.Contains(selectedLine(f.screenNow()), docspacetest.DemoTemplateVDR) {
		f.press("down")
	}
	f.on(stepAction, "› "+docspacetest.DemoTemplateVDR)
	f.press("enter")
	f.on(stepTitle, `From template "Client onboarding" · Virtual data room`)
	if strings.Contains(f.screenNow(), "Acme") {
		t.Errorf("the title is prefilled:\n%s", f.screenNow())
	}
	f.tm.Type("Acme onboarding")
	f.press("enter")
	f.on(stepSettings, "File lifetime") // no Type step; the template's type's settings
	f.press("enter")
	f.on(stepPeople, "People to invite")
	f.paste("anna@example.com\nben@example.com")
	f.on(stepPeople, "2 people")
	f.press("tab")
	f.on(stepAccess, "Default for everyone")
	f.press("enter")
	f.on(stepNotify, "Notify people")
	f.press("enter")
	// 80 columns: the template takes a line of its own below the room (120 fit both).
	f.on(stepReview, `new room "Acme onboarding" · Virtual data room`)
	f.on(stepReview, `from template "Client onboarding"`)
	if seq := f.m.st.sequence(); containsStep(seq, stepType) {
		t.Errorf("sequence %v has the Type step", seq)
	}
	f.press("enter")
	f.on(stepSummary, `Room "Acme onboarding" is created from template "Client onboarding" and`)
	res, code := f.finish()
	if code != onboard.EndDone || res.Room == nil || res.Room.RoomType != docspace.RoomVirtualData {
		t.Fatalf("ended %v, room %+v", code, res.Room)
	}
	if n := f.portal.Count("POST", "/api/2.0/files/rooms/fromtemplate"); n != 1 {
		t.Errorf("%d template creates, want 1", n)
	}
	if n := f.portal.Count("POST", "/api/2.0/files/rooms"); n != 1 { // Count matches by prefix
		t.Errorf("%d POSTs to /files/rooms…, want only the template's", n)
	}
	if n := len(f.portal.Members(res.Room.ID)); n < 2 {
		t.Errorf("room has %d members, want the 2 invited", n)
	}
}

// The settings step follows the title on the template path and offers what the
// template's type offers: a VDR template's room gets a lifetime and a watermark, sent
// with the template create.
func TestFlowTemplateRoomSettings(t *testing.T) {
	f := newFlow(t, Prefill{Template: ptr(docspacetest.DemoTemplateVDR)}, nil)
	f.on(stepTitle, `From template "Client onboarding"`)
	f.tm.Type("Acme onboarding")
	f.press("enter")
	f.on(stepSettings, "Watermark")
	if !strings.Contains(f.screenNow(), "File lifetime") {
		t.Fatalf("the VDR template's settings lack the lifetime:\n%s", f.screenNow())
	}
	f.on(stepSettings, "Storage quota") // the portal's facts are in: the rows stay put
	// tags, colour, cover, quota, indexing, restrict: down to the lifetime.
	f.press("down", "down", "down", "down", "down", "down")
	f.tm.Type("30")
	f.on(stepSettings, "after")
	f.press("down", "down", "down", "right") // period, delete, watermark: viewer details
	f.on(stepSettings, "shows")
	f.press("down", "space", "enter")
	f.on(stepPeople, "People to invite")
	f.paste("anna@example.com")
	f.on(stepPeople, "1 person")
	f.press("tab")
	f.on(stepAccess, "Default for everyone")
	f.press("enter")
	f.on(stepNotify, "Notify people")
	f.press("enter")
	f.on(stepReview, "File lifetime")
	f.press("enter")
	f.on(stepSummary, `Room "Acme onboarding" is created from template "Client onboarding"`)
	if _, code := f.finish(); code != onboard.EndDone {
		t.Fatalf("ended %v", code)
	}
	var body string
	for _, r := range f.portal.Requests() {
		if r.Method == "POST" && r.Path == "/api/2.0/files/rooms/fromtemplate" {
			body = string(r.Body)
		}
	}
	for _, want := range []string{`"lifetime"`, `"value":30`, `"watermark"`} {
		if !strings.Contains(body, want) {
			t.Errorf("template create body lacks %s: %s", want, body)
		}
	}
}

// The run step names the template on the create's line and shows the job's progress.
func TestRunStepShowsTheTemplateJob(t *testing.T) {
	st := newTestState(t, newFakePortal())
	p := docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Acme", Template: "Client onboarding", TemplateID: 9, Type: docspace.RoomVirtualData}}
	r := newRunStep(st, p, nil)
	r.apply(docspace.Event{Phase: docspace.PhaseCreate, State: docspace.EventStarted})
	r.apply(docspace.Event{Phase: docspace.PhaseCreate, State: docspace.EventStarted, Progress: 40})
	if got := r.lines[0].text; got != `Create room "Acme" from template "Client onboarding" · 40% done` {
		t.Errorf("line %q", got)
	}
	r.apply(docspace.Event{Phase: docspace.PhaseCreate, State: docspace.EventDone, Room: &docspace.Room{ID: 104, Title: "Acme"}})
	if got := r.lines[0].text; got != `Create room "Acme" from template "Client onboarding"` {
		t.Errorf("done line %q", got)
	}
}

// selectedLine is the screen's line holding the marker.
func selectedLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "›") {
			return l
		}
	}
	return ""
}

func containsStep(seq []stepID, id stepID) bool {
	for _, s := range seq {
		if s == id {
			return true
		}
	}
	return false
}

// The draft's plan for a picked template: its id, title and type, and no Type step;
// --template prefills it once the templates load, and names the candidates when it
// matches none.
func TestTemplateDraftAndPrefill(t *testing.T) {
	fp := newFakePortal()
	fp.templates = []docspace.Template{{ID: 7, Title: "Onboarding", RoomType: docspace.RoomVirtualData}, {ID: 8, Title: "Kickoff", RoomType: docspace.RoomCollaboration}}
	opts := testOptions(fp)
	opts.Prefill = Prefill{Title: ptr("Acme"), Template: ptr("onboarding")}
	d := newDriver(t, opts, 80, 24)
	settled(d)
	d.until("the templates", func() bool { return d.m.st.templates.done })
	st := d.m.st
	p := st.d.plan(st.users)
	if p.NewRoom == nil || p.NewRoom.TemplateID != 7 || p.NewRoom.Type != docspace.RoomVirtualData || p.NewRoom.Template != "Onboarding" {
		t.Fatalf("plan's new room %+v, want template 7 (Onboarding, VDR)", p.NewRoom)
	}
	if containsStep(st.sequence(), stepType) || !st.answered(stepAction) {
		t.Errorf("sequence %v, action answered %v", st.sequence(), st.answered(stepAction))
	}
	d.settle()
	if d.m.cur != stepPeople {
		t.Errorf("on step %s once --template was found, want the first open one (People)", d.m.cur)
	}

	if owner(docspace.FieldTemplate) != stepAction {
		t.Errorf("a template problem (from the check) is owned by %s, want the first step", owner(docspace.FieldTemplate))
	}

	opts.Prefill = Prefill{Title: ptr("Acme"), Template: ptr("Board")}
	d = newDriver(t, opts, 80, 24)
	settled(d)
	d.until("the templates", func() bool { return d.m.st.templates.done })
	st = d.m.st
	probs := st.d.problems(st.users).For(docspace.FieldRoom)
	if scr := d.screen(); !strings.Contains(scr, `no room template "Board"`) {
		t.Errorf("the first step does not say --template matched nothing:\n%s", scr)
	}
	if st.answered(stepAction) || len(probs) != 1 || !strings.Contains(probs[0].Message, `no room template "Board"`) || !strings.Contains(probs[0].Message, `7 "Onboarding"`) {
		t.Errorf("unknown --template: answered %v, problems %v", st.answered(stepAction), probs)
	}
}

// --accessible offers the same third answer, then the templates; no type is asked,
// the review names the template, and the room is made from it.
func TestAccessibleRoomFromTemplate(t *testing.T) {
	portal, res, code, out := accessibleRun(t, Prefill{},
		"3",               // create a room from a template
		"2",               // the second template listed
		"Acme onboarding", // title
		"n",               // no room settings
		"anna@example.com, ben@example.com",
		"",  // end of the people
		"",  // access: the default
		"n", // no per-person changes
		"",  // notify: on
		"",  // language: the portal's
		"",  // no message
		"y", // go ahead
		"n", // no other room
	)
	if code != onboard.EndDone || res.Room == nil || res.Room.RoomType != docspace.RoomVirtualData {
		t.Fatalf("ended %v, room %+v; output:\n%s", code, res.Room, out)
	}
	for _, want := range []string{"Create a room from a template", "Room template (Enter for ", "Client onboarding: Virtual data room",
		`Room: new room "Acme onboarding" from template "Client onboarding", Virtual data room`, `is created from template "Client onboarding"`,
		"Room settings?", "file lifetime, watermark"} { // the template's type's settings
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Room type") {
		t.Errorf("the type was asked:\n%s", out)
	}
	if n := portal.Count("POST", "/api/2.0/files/rooms/fromtemplate"); n != 1 {
		t.Errorf("%d template creates, want 1", n)
	}
}

// A template's type was not the user's choice: a template run remembers the type
// chosen or remembered before, not the template's.
func TestTemplateRunRemembersNotItsType(t *testing.T) {
	st := newTestState(t, newFakePortal())
	st.d.roomType = docspace.RoomCollaboration
	st.d.action, st.d.template = actionTemplate, &docspace.Template{ID: 7, Title: "Onboarding", RoomType: docspace.RoomVirtualData}
	st.confirmed()
	if st.remembered == nil || st.remembered.RoomType != docspace.RoomCollaboration {
		t.Errorf("remembered %+v, want the type remembered before (Collaboration)", st.remembered)
	}
}
