package onboard

import (
	"fmt"
	"slices"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// roomIDs are the existing rooms the inputs name, each once, in the order given.
func roomIDs(in Inputs) []int {
	ids := in.RoomIDs
	if len(ids) == 0 && in.RoomID != 0 {
		ids = []int{in.RoomID}
	}
	var out []int
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Several reports whether the inputs ask for a run over rooms: more than one --room,
// or a --room beside a new room's --title, --type or --template.
func Several(in Inputs) bool {
	ids := roomIDs(in)
	return len(ids) > 1 || len(ids) == 1 && (in.Title != "" || in.Type != "" || strings.TrimSpace(in.Template) != "")
}

// Plans builds the plans the inputs describe, one per room, to run with no questions
// asked: a new room first when --title (with --type or --template) is given, then each
// --room once, in order; everyone is in every plan, each plan with its own copy. People
// without a level get --access, else a new room's type default; an existing room's
// default applies once its type is known (DefaultAccess). With a single room it is
// Plan. Every problem is returned at once.
func Plans(in Inputs, readFile ReadFile, quote func(string) string) ([]docspace.Plan, []string) {
	if !Several(in) {
		p, problems := Plan(in, readFile, quote)
		return []docspace.Plan{p}, problems
	}
	ids := roomIDs(in)
	var bad []string
	for _, id := range ids {
		if id < 0 {
			bad = append(bad, fmt.Sprintf("--room %d is not a room id: use the number from the room's link (…/rooms/shared/ID/…).", id))
		}
	}
	one := in
	one.RoomIDs, one.RoomID = nil, max(ids[0], 1) // a bad id is reported above, not twice
	newRoom := in.Title != "" || in.Type != "" || strings.TrimSpace(in.Template) != ""
	// The existing rooms' plan leaves people without a level until each room's type
	// is known; a new room's gives them its type's default.
	base, problems := Plan(withoutNewRoom(one), readFile, quote)
	var plans []docspace.Plan
	if newRoom {
		one.RoomID = 0
		var p docspace.Plan
		p, problems = Plan(one, readFile, quote) // the same people: their problems once
		if strings.TrimSpace(in.Title) == "" {
			problems = slices.DeleteFunc(problems, func(s string) bool { return s == missingTitle })
			problems = append([]string{NewRoomBesideRooms}, problems...)
		}
		plans = append(plans, p)
	}
	for _, id := range ids {
		p := base // notify, message, language and link: the same in every room
		p.RoomID, p.NewRoom, p.Invitees = id, nil, slices.Clone(base.Invitees)
		plans = append(plans, p)
	}
	return plans, append(bad, problems...)
}

// NewRoomBesideRooms is the problem of --type or --template beside --room without a
// --title: they ask for a new room beside the existing ones, which needs a title.
const NewRoomBesideRooms = "--type and --template beside --room add a new room to the run: give it a --title too, or leave --type and --template out to use only the existing rooms."

// withoutNewRoom is in with the new room's flags left out.
func withoutNewRoom(in Inputs) Inputs {
	in.Title, in.Type, in.Template, in.Settings = "", "", "", nil
	return in
}

// OverrideText says one access override before the run: "Press Kit is a Public room,
// which does not offer Editor: ann@example.com gets Content creator there."
func OverrideText(room string, rt docspace.RoomType, o docspace.Override) string {
	return fmt.Sprintf("%s is a %s room, which does not offer %s: %s gets %s there.", room, rt, o.Asked, o.Invitee.Label(), o.Given)
}

// CellText is one cell of the room × person table: the mark and the access for
// someone in the room ("✓ Editor", "= Viewer"), else the mark and a word ("✗ failed",
// "- not sent", "? unconfirmed"); "" where the run did not ask for them (ok false).
// Why someone is not in is told beside the table (CellReason).
func CellText(o docspace.Outcome, ok bool) string {
	if !ok {
		return ""
	}
	mark := OutcomeMark(o.Kind)
	switch {
	case o.Kind.InRoom():
		a := o.Access
		if a == docspace.AccessNone {
			a = o.Invitee.Access
		}
		return mark + " " + a.String()
	case o.Kind == docspace.OutcomeFailed:
		return mark + " failed"
	case o.Kind == docspace.OutcomeUnconfirmed:
		return mark + " unconfirmed"
	}
	return mark + " not sent"
}

// CellReason is why someone is not in a room, as a line under the table: "Press Kit,
// ann@example.com: failed: the role is not available"; "" when they are in.
func CellReason(room string, o docspace.Outcome) string {
	if o.Kind.InRoom() {
		return ""
	}
	return fmt.Sprintf("%s, %s: %s", room, o.Invitee.Label(), OutcomeText(o))
}

// RoomsTotals counts a run over rooms in one line: "2 of 3 rooms complete · 5 of 6
// places filled · 1 failed". A place is one person in one room.
func RoomsTotals(run docspace.RoomsRun) string {
	complete, places, in := 0, 0, 0
	counts := map[docspace.OutcomeKind]int{}
	for _, r := range run.Rooms {
		if r.Result.Status() == docspace.StatusComplete {
			complete++
		}
		for _, o := range r.Result.Outcomes {
			places++
			counts[o.Kind]++
			if o.Kind.InRoom() {
				in++
			}
		}
	}
	parts := []string{
		fmt.Sprintf("%d of %s complete", complete, Plural(len(run.Rooms), "room", "rooms")),
		fmt.Sprintf("%d of %s filled", in, Plural(places, "place", "places")),
	}
	for _, t := range []struct {
		kind docspace.OutcomeKind
		word string
	}{{docspace.OutcomeFailed, "failed"}, {docspace.OutcomeUnconfirmed, "not confirmed"}, {docspace.OutcomeNotSent, "not sent"}} {
		if n := counts[t.kind]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, t.word))
		}
	}
	return strings.Join(parts, " "+Separator+" ")
}
