package tui

import (
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// At 60 columns a long (here CJK) title does not cut the room's type off the review:
// the type takes a line of its own.
func TestReviewRoomLineIsNotCut(t *testing.T) {
	opts := testOptions(goldenPortal())
	opts.Prefill = Prefill{Title: ptr("Due diligence 東京 2025"), Type: ptr(docspace.RoomVirtualData), Invites: invites("ann@example.com")}
	d := newDriver(t, opts, 60, 20)
	settled(d)
	d.goTo(stepReview, "")
	d.settle()
	got := d.screen()
	if !strings.Contains(got, "Virtual data room") || strings.Contains(got, "Virtual data ro…") {
		t.Errorf("the room's type is cut on the review:\n%s", got)
	}
}
