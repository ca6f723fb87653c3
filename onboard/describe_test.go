package onboard

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

var (
	newRoomPlan = docspace.Plan{NewRoom: &docspace.NewRoom{Title: "  Q3 kickoff ", Type: docspace.RoomCollaboration},
		Invitees: make([]docspace.Invitee, 3)}
	existingPlan = docspace.Plan{RoomID: 7, Invitees: make([]docspace.Invitee, 1)}
	room         = &docspace.Room{ID: 104, Title: "Q3 kickoff"}
	refused      = &docspace.APIError{Kind: docspace.KindForbidden, Op: "inviting 3 people to room 104", Status: 403, Message: "The role is not available"}
)

func TestCallName(t *testing.T) {
	tests := []struct {
		plan docspace.Plan
		ev   docspace.Event
		want string
	}{
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseCheck}, "Check the key and the portal's settings"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseCreate}, `Create room "Q3 kickoff"`},
		{existingPlan, docspace.Event{Phase: docspace.PhaseCreate}, "Create the room"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseInvite, Batch: 1, Batches: 1}, "Invite 3 people"},
		{existingPlan, docspace.Event{Phase: docspace.PhaseInvite, Batch: 1, Batches: 1}, "Invite 1 person"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseInvite, Batch: 1, Batches: 1, Total: 5}, "Invite 5 people"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseInvite, Batch: 2, Batches: 3}, "Invite batch 2 of 3"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseConfirm}, "Confirm the room's members"},
	}
	for _, tt := range tests {
		if got := CallName(tt.plan, tt.ev); got != tt.want {
			t.Errorf("CallName(%+v) = %q, want %q", tt.ev, got, tt.want)
		}
	}
}

func TestProgress(t *testing.T) {
	retry := &docspace.APIError{Kind: docspace.KindServer, Status: 503}
	tests := []struct {
		plan       docspace.Plan
		ev         docspace.Event
		mark, text string
	}{
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseCheck, State: docspace.EventStarted}, MarkWorking, "Checking the key and the portal's settings…"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseCheck, State: docspace.EventDone}, MarkDone, "Key and settings checked"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseCreate, State: docspace.EventStarted}, MarkWorking, `Creating room "Q3 kickoff" (Collaboration)…`},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseCreate, State: docspace.EventDone, Room: room}, MarkDone, `Created room "Q3 kickoff" (id 104)`},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseInvite, State: docspace.EventStarted, Batch: 1, Batches: 2}, MarkWorking, "Inviting: batch 1 of 2…"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseInvite, State: docspace.EventDone, Batch: 1, Batches: 2, Sent: 2, Total: 3}, MarkDone, "Batch 1 of 2 sent (2/3 invitations)"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseInvite, State: docspace.EventRetrying, Batch: 2, Batches: 2, Err: retry, RetryIn: 2e9},
			MarkRetrying, "Invite batch 2 of 2: the portal is unavailable (HTTP 503); retrying in 2s"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseInvite, State: docspace.EventFailed, Batch: 1, Batches: 1, Err: refused},
			MarkFailed, "Batch 1 of 1: inviting 3 people to room 104: The role is not available (HTTP 403)"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseCreate, State: docspace.EventFailed, Err: errors.New("creating room: no answer")},
			MarkFailed, "Creating room: no answer"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseConfirm, State: docspace.EventStarted}, MarkWorking, "Reading the members back to confirm…"},
		{newRoomPlan, docspace.Event{Phase: docspace.PhaseConfirm, State: docspace.EventDone}, MarkDone, "Members confirmed"},
	}
	for _, tt := range tests {
		mark, text := Progress(tt.plan, tt.ev)
		if mark != tt.mark || text != tt.text {
			t.Errorf("Progress(%+v) = %q %q, want %q %q", tt.ev, mark, text, tt.mark, tt.text)
		}
	}
}

func outcomes(kinds ...docspace.OutcomeKind) []docspace.Outcome {
	out := make([]docspace.Outcome, len(kinds))
	for i, k := range kinds {
		out[i] = docspace.Outcome{Invitee: docspace.Invitee{Email: fmt.Sprintf("p%d@example.com", i)}, Kind: k}
	}
	return out
}

func TestHeadline(t *testing.T) {
	ok, failed, unsure := docspace.OutcomeNewGuest, docspace.OutcomeFailed, docspace.OutcomeUnconfirmed
	tests := []struct {
		name         string
		res          docspace.Result
		room, people string
	}{
		{"uncertain", docspace.Result{RoomUncertain: true},
			"The portal did not confirm whether the room was created: look for it in DocSpace before running again.", ""},
		{"stopped before create", docspace.Result{Cancelled: true}, "Stopped before the room was created.", ""},
		{"no room", docspace.Result{Err: errors.New("x")}, "The room could not be created.", ""},
		{"stopped", docspace.Result{Room: room, Cancelled: true, Outcomes: outcomes(ok, docspace.OutcomeNotSent)},
			`Stopped: room "Q3 kickoff" exists.`, "1 person not invited."},
		{"some failed", docspace.Result{Room: room, Outcomes: outcomes(ok, failed, failed, unsure)},
			`Room "Q3 kickoff" is ready.`, "2 people could not be invited."},
		{"not confirmed", docspace.Result{Room: room, Outcomes: outcomes(ok, unsure)},
			`Room "Q3 kickoff" is ready.`, "1 invitation sent, not confirmed."},
		{"created, nobody", docspace.Result{Room: room, RoomCreated: true}, `Room "Q3 kickoff" is created; nobody was invited.`, ""},
		{"created", docspace.Result{Room: room, RoomCreated: true, Outcomes: outcomes(ok)}, `Room "Q3 kickoff" is created and everyone is in.`, ""},
		{"existing", docspace.Result{Room: room, Outcomes: outcomes(ok)}, `Everyone is in room "Q3 kickoff".`, ""},
		{"template job unread", docspace.Result{Room: room, RoomCreated: true, Outcomes: outcomes(docspace.OutcomeNotSent, docspace.OutcomeNotSent),
			Err: fmt.Errorf("reading the job: x: %w", docspace.ErrTemplateJobUnread)},
			`Room "Q3 kickoff" was made, but whether the portal's job finished copying the template into it could not be read: check the room in DocSpace.`,
			"2 people not invited yet."},
		// A stop while the job was polled: the stop is the news; the job may finish yet.
		{"stopped while the job was polled", docspace.Result{Room: room, RoomCreated: true, Cancelled: true, Outcomes: outcomes(docspace.OutcomeNotSent),
			Err: fmt.Errorf("stopped: %w", docspace.ErrTemplateJobUnread)},
			`Stopped: room "Q3 kickoff" exists.`, "1 person not invited."},
		// The link call comes last: the room and its people stand, only the link is not on.
		{"link not on", docspace.Result{Room: room, RoomCreated: true, Outcomes: outcomes(ok), LinkErr: &docspace.LinkError{Room: *room}},
			`Room "Q3 kickoff" is created and everyone is in.`,
			`The invitation link of "Q3 kickoff" was not turned on: turn it on in the room's settings in DocSpace, or run again with --room 104 and the same --link.`},
		{"link maybe on", docspace.Result{Room: room, RoomCreated: true, Outcomes: outcomes(ok), LinkErr: &docspace.LinkError{Room: *room, MayBeOn: true}},
			`Room "Q3 kickoff" is created and everyone is in.`,
			`The portal did not confirm whether the invitation link of "Q3 kickoff" was turned on: check the room in DocSpace and, if the link is off, turn it on in the room's settings in DocSpace, or run again with --room 104 and the same --link.`},
		{"some failed, link not on", docspace.Result{Room: room, Outcomes: outcomes(ok, failed), LinkErr: &docspace.LinkError{Room: *room}},
			`Room "Q3 kickoff" is ready.`,
			`1 person could not be invited. The invitation link of "Q3 kickoff" was not turned on: turn it on in the room's settings in DocSpace, or run again with --room 104 and the same --link.`},
	}
	for _, tt := range tests {
		if r, p := Headline(tt.res); r != tt.room || p != tt.people {
			t.Errorf("%s: %q %q, want %q %q", tt.name, r, p, tt.room, tt.people)
		}
	}
}

func TestOutcomeTextAndMark(t *testing.T) {
	editor := docspace.Invitee{Email: "a@example.com", Access: docspace.AccessEditing}
	tests := []struct {
		o          docspace.Outcome
		text, mark string
	}{
		{docspace.Outcome{Invitee: editor, Kind: docspace.OutcomeNewGuest}, "new guest invited", MarkDone},
		{docspace.Outcome{Invitee: editor, Kind: docspace.OutcomeAdded}, "existing user added", MarkDone},
		{docspace.Outcome{Invitee: editor, Kind: docspace.OutcomeAccessChanged, Before: docspace.AccessRead}, "Viewer → Editor: raises access", MarkDone},
		{docspace.Outcome{Invitee: docspace.Invitee{Access: docspace.AccessRead}, Kind: docspace.OutcomeAccessChanged, Before: docspace.AccessEditing},
			"Editor → Viewer: lowers access", MarkDone},
		{docspace.Outcome{Invitee: editor, Kind: docspace.OutcomeAlreadyMember}, "already a member", MarkSame},
		{docspace.Outcome{Invitee: editor, Kind: docspace.OutcomeAlreadyMember, Reason: "the room's owner keeps full access"},
			"already a member: the room's owner keeps full access", MarkSame},
		{docspace.Outcome{Invitee: editor, Kind: docspace.OutcomeFailed}, "failed", MarkFailed},
		{docspace.Outcome{Invitee: editor, Kind: docspace.OutcomeFailed, Reason: "The role is not available"}, "failed: The role is not available", MarkFailed},
		{docspace.Outcome{Invitee: editor, Kind: docspace.OutcomeUnconfirmed}, "sent, not confirmed: the members could not be read back", MarkUnsure},
		{docspace.Outcome{Invitee: editor, Kind: docspace.OutcomeUnconfirmed, Reason: "sent and accepted, but the members could not be read back to confirm"},
			"sent and accepted, but the members could not be read back to confirm", MarkUnsure},
		{docspace.Outcome{Invitee: editor, Kind: docspace.OutcomeNotSent}, "not sent: the run stopped before", MarkSkipped},
		{docspace.Outcome{Invitee: editor, Kind: docspace.OutcomeNotSent, Reason: "not sent: the room could not be created"},
			"not sent: the room could not be created", MarkSkipped},
	}
	for _, tt := range tests {
		if got := OutcomeText(tt.o); got != tt.text {
			t.Errorf("OutcomeText(%v, %q) = %q, want %q", tt.o.Kind, tt.o.Reason, got, tt.text)
		}
		if got := OutcomeMark(tt.o.Kind); got != tt.mark {
			t.Errorf("OutcomeMark(%v) = %q, want %q", tt.o.Kind, got, tt.mark)
		}
	}
}

func TestTotals(t *testing.T) {
	k := func(ks ...docspace.OutcomeKind) docspace.Result { return docspace.Result{Outcomes: outcomes(ks...)} }
	tests := []struct {
		res  docspace.Result
		want string
	}{
		{docspace.Result{}, "0 of 0 in the room"},
		{k(docspace.OutcomeNewGuest, docspace.OutcomeNewGuest, docspace.OutcomeAdded), "3 of 3 in the room · 2 invited · 1 added"},
		{k(docspace.OutcomeAccessChanged, docspace.OutcomeAlreadyMember), "2 of 2 in the room · 1 access changed · 1 already a member"},
		{k(docspace.OutcomeAlreadyMember, docspace.OutcomeAlreadyMember, docspace.OutcomeFailed), "2 of 3 in the room · 2 already members · 1 failed"},
		{k(docspace.OutcomeUnconfirmed, docspace.OutcomeNotSent, docspace.OutcomeNotSent), "0 of 3 in the room · 1 not confirmed · 2 not sent"},
	}
	for _, tt := range tests {
		if got := Totals(tt.res); got != tt.want {
			t.Errorf("Totals = %q, want %q", got, tt.want)
		}
	}
}

func TestErrorSentenceAndFinalError(t *testing.T) {
	tests := []struct {
		name           string
		res            docspace.Result
		sentence, last string
	}{
		{"finished", docspace.Result{Room: room}, "", ""},
		{"portal refused", docspace.Result{Room: room, Err: refused},
			"Inviting 3 people to room 104: The role is not available (HTTP 403). Ask a DocSpace admin for the rights this needs, or choose a different access level.",
			"What to do: Ask a DocSpace admin for the rights this needs, or choose a different access level."},
		{"stopped", docspace.Result{Room: room, Cancelled: true, Err: context.Canceled},
			"The request was cancelled.", "Stopped: the summary says exactly what was done for each person."},
		{"too slow", docspace.Result{Err: fmt.Errorf("creating room: %w", context.DeadlineExceeded)},
			"The portal did not answer in time. Check the portal address and your network connection.", ""},
		{"other", docspace.Result{Err: errors.New("not connected to a portal")}, "Not connected to a portal.", ""},
	}
	for _, tt := range tests {
		if got := ErrorSentence(tt.res.Err); got != tt.sentence {
			t.Errorf("%s: ErrorSentence = %q, want %q", tt.name, got, tt.sentence)
		}
		if got := FinalError(tt.res); got != tt.last {
			t.Errorf("%s: FinalError = %q, want %q", tt.name, got, tt.last)
		}
	}
}

// A title is shown as the admin typed it: an emoji sequence is not escaped into
// "\u200d" the way Go's %q would.
func TestTitlesShowAsTyped(t *testing.T) {
	family := "👨\u200d👩\u200d👧 Family"
	res := docspace.Result{Room: &docspace.Room{ID: 7, Title: family}, RoomCreated: true}
	if room, _ := Headline(res); !strings.Contains(room, `"`+family+`"`) {
		t.Errorf("headline %q does not show the title as typed", room)
	}
}
