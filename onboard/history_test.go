package onboard

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/history"
)

func sampleResult() docspace.Result {
	inv := func(email string, a docspace.Access) docspace.Invitee {
		return docspace.Invitee{Email: email, Access: a}
	}
	return docspace.Result{
		Room:        &docspace.Room{ID: 101, Title: "Sales", RoomType: docspace.RoomCollaboration, Link: "https://p.example.com/rooms/shared/101"},
		RoomCreated: false,
		Outcomes: []docspace.Outcome{
			{Invitee: inv("new@x.example", docspace.AccessEditing), Kind: docspace.OutcomeNewGuest, Access: docspace.AccessEditing},
			{Invitee: docspace.Invitee{Email: "user@x.example", UserID: "u-1", Name: "Uma", Access: docspace.AccessRead}, Kind: docspace.OutcomeAdded, Access: docspace.AccessRead},
			{Invitee: inv("there@x.example", docspace.AccessRead), Kind: docspace.OutcomeAlreadyMember, Access: docspace.AccessRead},
			{Invitee: inv("changed@x.example", docspace.AccessRead), Kind: docspace.OutcomeAccessChanged, Access: docspace.AccessRead, Before: docspace.AccessEditing},
			{Invitee: inv("unsure@x.example", docspace.AccessRead), Kind: docspace.OutcomeUnconfirmed},
			{Invitee: inv("failed@x.example", docspace.AccessRoomManager), Kind: docspace.OutcomeFailed, Reason: "role not available"},
		},
		Err: errors.New("one invitation failed"),
	}
}

func TestRunRecordKeepsWhatUndoNeeds(t *testing.T) {
	rec := RunRecord("https://p.example.com", ViaYes, time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC), sampleResult())
	if rec.Kind != history.KindRun || rec.Via != ViaYes || rec.Status != "partial" || rec.ID == "" || !rec.Wrote() {
		t.Fatalf("record = %+v", rec)
	}
	if len(rec.Rooms) != 1 || rec.Rooms[0].ID != 101 || rec.Rooms[0].Title != "Sales" || rec.Rooms[0].Created {
		t.Fatalf("rooms = %+v", rec.Rooms)
	}
	got := map[string]history.Person{}
	for _, p := range rec.Rooms[0].People {
		got[p.Email] = p
	}
	if p := got["changed@x.example"]; p.Outcome != history.OutcomeAccessChanged || p.Before != int(docspace.AccessEditing) || p.Access != int(docspace.AccessRead) {
		t.Errorf("access change recorded as %+v", p)
	}
	if p := got["user@x.example"]; p.UserID != "u-1" || p.Name != "Uma" || p.Outcome != history.OutcomeAdded {
		t.Errorf("added user recorded as %+v", p)
	}
	if p := got["there@x.example"]; p.Outcome != history.OutcomeAlreadyMember {
		t.Errorf("member from before recorded as %+v", p)
	}
	if p := got["failed@x.example"]; p.Reason != "role not available" {
		t.Errorf("failure recorded as %+v", p)
	}

	// A run that wrote nothing (everyone already there) is not recorded.
	same := docspace.Result{Room: &docspace.Room{ID: 5, Title: "T"}, Outcomes: []docspace.Outcome{{Invitee: docspace.Invitee{Email: "a@x"}, Kind: docspace.OutcomeAlreadyMember}}}
	dir := t.TempDir()
	if line := RecordRun(dir, "https://p", ViaWizard, same); line != "" {
		t.Errorf("a run that wrote nothing was recorded: %q", line)
	}
	if line := RecordRun(dir, "https://p", ViaWizard, sampleResult()); !strings.Contains(line, "Recorded in the history as ") {
		t.Errorf("RecordRun said %q", line)
	}
	recs, _, _ := history.Load(dir)
	if len(recs) != 1 {
		t.Errorf("%d records, want 1", len(recs))
	}
}

func TestUndoRoomsTouchOnlyWhatTheRunDid(t *testing.T) {
	run := RunRecord("https://p.example.com", ViaYes, time.Now(), sampleResult())
	created := sampleResult()
	created.Room = &docspace.Room{ID: 202, Title: "New"}
	created.RoomCreated = true
	created.Outcomes = nil
	run.Rooms = append(run.Rooms, RunRecord("https://p", ViaYes, time.Now(), created).Rooms...)

	rooms := UndoRooms(run, nil)
	if len(rooms) != 2 || !rooms[1].Created || rooms[1].ID != 202 {
		t.Fatalf("rooms = %+v", rooms)
	}
	var who []string
	for _, p := range rooms[0].People {
		who = append(who, p.Email)
		if p.Email == "changed@x.example" && p.Before != docspace.AccessEditing {
			t.Errorf("change to undo: %+v", p)
		}
	}
	if strings.Join(who, " ") != "new@x.example user@x.example changed@x.example" {
		t.Errorf("people to undo: %v (never a member from before, nor anyone not confirmed or failed)", who)
	}

	// An earlier undo that removed one person and archived the room marks them done.
	undo := history.Record{Kind: history.KindUndo, Undoes: run.ID, Rooms: []history.Room{
		{ID: 101, People: []history.Person{{Email: "NEW@x.example", Outcome: history.OutcomeRemoved}, {Email: "user@x.example", Outcome: history.OutcomeFailed}}},
		{ID: 202, Archived: true},
	}}
	rooms = UndoRooms(run, []history.Record{undo})
	for _, p := range rooms[0].People {
		if p.Done != (p.Email == "new@x.example") {
			t.Errorf("%s done=%v after the earlier undo", p.Email, p.Done)
		}
	}
	if !rooms[1].ArchiveDone {
		t.Error("the room the earlier undo archived is not marked done")
	}
}

func TestUndoRecordSaysWhatThisUndoDid(t *testing.T) {
	run := history.Record{ID: "run-1", Portal: "https://p"}
	steps := []docspace.UndoStep{
		{Action: docspace.UndoRemove, RoomID: 1, RoomTitle: "A", Person: docspace.UndoPerson{Email: "a@x", Access: docspace.AccessRead}, MemberID: "id-a", State: docspace.UndoReversed},
		{Action: docspace.UndoRestore, RoomID: 1, Person: docspace.UndoPerson{Email: "b@x", Access: docspace.AccessRead, Before: docspace.AccessEditing}, State: docspace.UndoFailed, Reason: "refused"},
		{Action: docspace.UndoRemove, RoomID: 1, Person: docspace.UndoPerson{Email: "c@x"}, State: docspace.UndoAlreadyDone},
		{Action: docspace.UndoRemove, RoomID: 1, Person: docspace.UndoPerson{Email: "d@x"}, State: docspace.UndoLeftAlone, Reason: "changed"},
		{Action: docspace.UndoArchive, RoomID: 2, RoomTitle: "B", State: docspace.UndoReversed},
	}
	rec := UndoRecord(run, steps, time.Now())
	if rec.Kind != history.KindUndo || rec.Undoes != "run-1" || rec.Status != "partial" || !rec.Wrote() {
		t.Fatalf("undo record = %+v", rec)
	}
	if len(rec.Rooms) != 2 || !rec.Rooms[1].Archived || len(rec.Rooms[0].People) != 3 {
		t.Fatalf("rooms = %+v", rec.Rooms)
	}
	want := []string{history.OutcomeRemoved, history.OutcomeFailed, history.OutcomeLeftAlone}
	for i, p := range rec.Rooms[0].People {
		if p.Outcome != want[i] {
			t.Errorf("person %d outcome %q, want %q", i, p.Outcome, want[i])
		}
	}
	if rec.Rooms[0].People[0].UserID != "id-a" {
		t.Errorf("removed person's id not kept: %+v", rec.Rooms[0].People[0])
	}
	if UndoEnd(steps) != EndPartial {
		t.Errorf("UndoEnd = %v", UndoEnd(steps))
	}
}
