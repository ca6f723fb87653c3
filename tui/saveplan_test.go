package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/planfile"
)

// w on the summary saves what the run did as a plan file named after the room, which
// reads back with the room and its people; a second w never writes over the first.
func TestSummarySavesThePlanFile(t *testing.T) {
	dir := t.TempDir()
	pre := Prefill{Title: ptr("Sales kickoff"), Type: ptr(docspace.RoomCustom), Invites: invites("ann@example.com, bob@example.com")}
	f := newFlow(t, pre, func(_ *docspacetest.Portal, o *Options) { o.PlanDir = dir })
	f.on(stepReview, "Nothing is written until you press enter")
	f.press("enter")
	f.on(stepSummary, "is created and everyone is in")
	f.press("w")
	f.on(stepSummary, "Saved as "+filepath.Join(dir, "sales-kickoff.yaml"))
	f.press("w")
	f.on(stepSummary, "sales-kickoff-2.yaml")
	if _, code := f.finish(); code != onboard.EndDone {
		t.Fatalf("ended %v", code)
	}
	file, err := planfile.Read(filepath.Join(dir, "sales-kickoff.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(file.Rooms) != 1 || file.Rooms[0].Title != "Sales kickoff" || len(file.Rooms[0].People) != 2 {
		t.Errorf("the plan file read back as %+v", file.Rooms)
	}
}

// The same over several rooms: one file with every room.
func TestRoomsSummarySavesThePlanFile(t *testing.T) {
	dir := t.TempDir()
	f := newFlow(t, Prefill{}, func(p *docspacetest.Portal, o *Options) {
		o.PlanDir = dir
		ids := map[string]int{}
		for _, r := range p.Rooms() {
			ids[r.Title] = r.ID
		}
		o.Prefill = Prefill{RoomID: ids["Marketing Q3"], MoreRoomIDs: []int{ids["Contracts 2025"]}, Invites: invites("nora.new@example.com"), Access: ptr(docspace.AccessRead)}
	})
	f.on(stepReview, "2 existing rooms")
	f.press("enter")
	f.on(stepSummary, "Everyone is in both rooms.")
	f.press("w")
	f.on(stepSummary, "Saved as")
	if _, code := f.finish(); code != onboard.EndDone {
		t.Fatalf("ended %v", code)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("%d files saved, want 1", len(entries))
	}
	file, err := planfile.Read(filepath.Join(dir, entries[0].Name()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(file.Rooms) != 2 || !strings.HasPrefix(entries[0].Name(), "marketing-q3") {
		t.Errorf("saved %s with rooms %+v", entries[0].Name(), file.Rooms)
	}
}
