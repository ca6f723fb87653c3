package planfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Save names the file after the room, never writes over a file, and refuses an empty plan.
func TestSaveNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	data := []byte("rooms: []\n")
	for _, want := range []string{"sales-onboarding.yaml", "sales-onboarding-2.yaml", "sales-onboarding-3.yaml"} {
		path, err := Save(dir, "  Sales  Onboarding! ", data)
		if err != nil || filepath.Base(path) != want {
			t.Fatalf("Save = %q, %v; want %s", path, err, want)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "plan.yaml"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if path, err := Save(dir, "\x1b[31m/../", data); err != nil || filepath.Base(path) != "31m.yaml" {
		t.Errorf("a hostile title: %q, %v", path, err)
	}
	if path, err := Save(dir, "///", data); err != nil || filepath.Base(path) != "plan-2.yaml" {
		t.Errorf("an empty slug: %q, %v", path, err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "sales-onboarding.yaml")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("a plan file names people: mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "plan.yaml")); string(b) != "mine" {
		t.Error("Save wrote over an existing file")
	}
	if _, err := Save(dir, "x", nil); err == nil {
		t.Error("an empty plan was saved")
	}
	if _, err := Save(filepath.Join(dir, "missing"), "x", data); err == nil || !strings.Contains(err.Error(), "directory you can write to") {
		t.Errorf("a missing directory: %v", err)
	}
}

// The file of a run over rooms holds every room left, and reads back as a plan file
// with the same rooms and people.
func TestFromRunsReadsBack(t *testing.T) {
	room := func(id int, title string) *docspace.Room {
		return &docspace.Room{ID: id, Title: title, RoomType: docspace.RoomCollaboration}
	}
	hire := docspace.Invitee{Email: "hire@example.com", Access: docspace.AccessEditing}
	plans := []docspace.Plan{{RoomID: 101, Notify: true, Invitees: []docspace.Invitee{hire}}, {RoomID: 102, Notify: true, Invitees: []docspace.Invitee{hire}}, {RoomID: 103}}
	results := []docspace.Result{
		{Room: room(101, "Marketing"), Outcomes: []docspace.Outcome{{Invitee: hire, Kind: docspace.OutcomeNewGuest}}},
		{Room: room(102, "Contracts"), Outcomes: []docspace.Outcome{{Invitee: hire, Kind: docspace.OutcomeNewGuest}}},
		{}, // a room that could not be read: left out
	}
	data := FromRuns(plans, results)
	path := filepath.Join(t.TempDir(), "x.yaml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Read(path, nil)
	if err != nil {
		t.Fatalf("the file does not read back: %v\n%s", err, data)
	}
	if len(f.Rooms) != 2 || f.Rooms[0].ID != 101 || f.Rooms[1].ID != 102 || len(f.Rooms[1].People) != 1 {
		t.Errorf("read back %+v from\n%s", f.Rooms, data)
	}
	if FromRuns(plans[2:], results[2:]) != nil {
		t.Error("a run that left no room gave a file")
	}
}
