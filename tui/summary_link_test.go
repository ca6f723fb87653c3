package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// When the link call failed, the summary says so whole at every width: the flags it
// names are never split at their hyphens nor cut short.
func TestSummarySaysTheLinkIsNotOnWhole(t *testing.T) {
	room := docspace.Room{ID: 104, Title: "link 500 always", Link: "http://127.0.0.1:8092/rooms/shared/104/filter?folder=104"}
	for _, maybe := range []bool{false, true} {
		for w := 40; w <= 118; w++ {
			st := newTestState(t, newFakePortal())
			st.width, st.bodyWidth = w+2, w
			res := docspace.Result{Room: &room, RoomCreated: true,
				Outcomes: []docspace.Outcome{{Invitee: docspace.Invitee{Email: "a@example.com", Access: docspace.AccessRead}, Kind: docspace.OutcomeNewGuest}},
				LinkErr:  &docspace.LinkError{Room: room, MayBeOn: maybe, Err: fmt.Errorf("x")}}
			lines := newSummaryStep(st, res).headLines()
			text := strings.Join(lines, " ")
			for _, l := range lines {
				if ansiWidth(l) > w || strings.HasSuffix(l, "…") || strings.HasSuffix(l, "-") {
					t.Errorf("maybe=%v width %d: line %q is cut or split at a hyphen:\n%s", maybe, w, l, strings.Join(lines, "\n"))
				}
			}
			if !strings.Contains(text, "--room 104") || !strings.Contains(text, "--link.") {
				t.Errorf("maybe=%v width %d: the flags are not whole:\n%s", maybe, w, strings.Join(lines, "\n"))
			}
		}
	}
}
