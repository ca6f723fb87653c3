package docspace_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// The fan-outs reach their bounds and never pass them: a slow portal keeps every call
// in flight long enough for the peaks to show, so too many at once and too few
// (calls made one after another) both fail.
func TestFanOutsReachButKeepTheirBounds(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for a slow portal")
	}
	t.Run("user look-ups", func(t *testing.T) {
		portal, c := newPortal(t, docspacetest.WithLatency(150*time.Millisecond))
		invs := make([]docspace.Invitee, docspace.ParallelReads+4)
		for i := range invs {
			// A Room admin is invited by id, so each is looked up.
			invs[i] = docspace.Invitee{Email: fmt.Sprintf("admin%02d@example.org", i), Access: docspace.AccessRoomManager}
		}
		if _, err := c.Check(context.Background(), docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Bounds", Type: docspace.RoomCustom}, Invitees: invs}); err != nil {
			t.Fatal(err)
		}
		if got := portal.Count("GET", "/api/2.0/people/email"); got != len(invs) {
			t.Fatalf("%d look-ups for %d people", got, len(invs))
		}
		if st := portal.Stats(); st.PeakParallelReads != docspace.ParallelReads {
			t.Errorf("peak parallel reads %d, want %d", st.PeakParallelReads, docspace.ParallelReads)
		}
	})
	t.Run("share batches and member pages", func(t *testing.T) {
		portal, c := newPortal(t, docspacetest.WithLatency(150*time.Millisecond))
		// More batches than ParallelWrites, and more pages to read back than ParallelReads.
		n := (docspace.ParallelWrites + 7) * docspace.BatchSize
		res := c.Execute(context.Background(), docspace.Plan{
			NewRoom: &docspace.NewRoom{Title: "Bounds", Type: docspace.RoomCustom}, Invitees: emails(n, "example.org"),
		}, nil, nil)
		if res.Status() != docspace.StatusComplete || res.Counts()[docspace.OutcomeNewGuest] != n {
			t.Fatalf("status %v (%v), counts %v", res.Status(), res.Err, res.Counts())
		}
		if _, shares := writes(portal); shares != docspace.ParallelWrites+7 {
			t.Errorf("%d share calls, want %d", shares, docspace.ParallelWrites+7)
		}
		st := portal.Stats()
		if st.PeakParallelWrites != docspace.ParallelWrites {
			t.Errorf("peak parallel writes %d, want %d", st.PeakParallelWrites, docspace.ParallelWrites)
		}
		if st.PeakParallelReads != docspace.ParallelReads {
			t.Errorf("peak parallel reads %d, want %d", st.PeakParallelReads, docspace.ParallelReads)
		}
	})
}
