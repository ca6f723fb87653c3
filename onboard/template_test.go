package onboard

import (
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// --template names the new room's template and leaves the type to it; --type beside it
// is refused by Read and Plan alike, and --room beside it by Plan.
func TestTemplateInputs(t *testing.T) {
	in := Inputs{Title: "T", Template: " Client onboarding ", Invites: []string{"a@example.com"}}
	a, ps := Read(in, docspace.ReadInviteesFile)
	if len(ps) > 0 || a.Template == nil || *a.Template != "Client onboarding" || a.Type != nil {
		t.Fatalf("Read: %+v, %q", a, ps)
	}
	plan, ps := Plan(in, docspace.ReadInviteesFile, asIs)
	if len(ps) > 0 || plan.NewRoom == nil || plan.NewRoom.Template != "Client onboarding" || plan.NewRoom.Type != 0 {
		t.Fatalf("Plan: %+v, %q", plan.NewRoom, ps)
	}
	if probs := plan.Validate(docspace.PortalFacts{}).For(docspace.FieldType); len(probs) > 0 {
		t.Errorf("a template plan asks for a type: %v", probs)
	}

	withType := Inputs{Title: "T", Template: "7", Type: "custom"}
	if _, ps := Read(withType, docspace.ReadInviteesFile); len(ps) != 1 || ps[0] != TemplateWithType {
		t.Errorf("Read with --type: %q", ps)
	}
	if _, ps := Plan(withType, docspace.ReadInviteesFile, asIs); len(ps) != 1 || ps[0] != TemplateWithType {
		t.Errorf("Plan with --type: %q", ps)
	}
	if _, ps := Plan(Inputs{RoomID: 5, Template: "7"}, docspace.ReadInviteesFile, asIs); len(ps) != 1 || !strings.Contains(ps[0], "--template creates a new one") {
		t.Errorf("Plan with --room: %q", ps)
	}
	if _, ps := Plan(Inputs{Title: "T"}, docspace.ReadInviteesFile, asIs); len(ps) != 1 || !strings.Contains(ps[0], "--template") {
		t.Errorf("Plan without --type or --template: %q", ps)
	}
}

// A room made from a template says so in its progress line and in the headline.
func TestTemplateWords(t *testing.T) {
	p := docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Acme", Template: "Client onboarding", TemplateID: 9, Type: docspace.RoomVirtualData}}
	room := &docspace.Room{ID: 104, Title: "Acme", RoomType: docspace.RoomVirtualData}
	if name := CallName(p, docspace.Event{Phase: docspace.PhaseCreate}); name != `Create room "Acme" from template "Client onboarding"` {
		t.Errorf("call name: %q", name)
	}
	if _, line := Progress(p, docspace.Event{Phase: docspace.PhaseCreate, State: docspace.EventDone, Room: room}); line != `Created room "Acme" from template "Client onboarding" (id 104)` {
		t.Errorf("progress: %q", line)
	}
	res := docspace.Result{Room: room, RoomCreated: true, Template: "Client onboarding",
		Outcomes: []docspace.Outcome{{Kind: docspace.OutcomeNewGuest}}}
	if head, _ := Headline(res); head != `Room "Acme" is created from template "Client onboarding" and everyone is in.` {
		t.Errorf("headline: %q", head)
	}
	res.Outcomes = nil
	if head, _ := Headline(res); head != `Room "Acme" is created from template "Client onboarding"; nobody was invited.` {
		t.Errorf("headline, nobody: %q", head)
	}
}
