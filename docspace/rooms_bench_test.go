package docspace_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// BenchmarkTenRooms adds 100 people to each of 10 existing rooms in one run
// (ExecuteRooms, check included) at 100 ms per call, under DocSpace's rate limits, and
// each room alone (Execute) in the same iteration. x-slowest is the run over ten rooms
// divided by the slowest single room (target: <= 1.2): the rooms run side by side.
func BenchmarkTenRooms(b *testing.B) {
	const rooms, people = 10, 100
	rl := docspacetest.DocSpaceRateLimit()
	// The program's own transport keeps RunParallelReads idle connections (the default of
	// 2 would open new ones for most of each wave of calls).
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = docspace.RunParallelReads
	rig := newBenchRig(b, tr, []docspacetest.Option{docspacetest.WithLatency(benchLatency), docspacetest.WithRateLimit(rl), docspacetest.WithMaxRecorded(0)})
	types := docspace.RoomTypes()
	// plans are ten new empty rooms, one of each type in turn, each with 100 new people
	// fitted to its type as a front-end does; fresh rooms each time, so no run reads
	// members another left behind.
	plans := func(tag string) []docspace.Plan {
		out := make([]docspace.Plan, rooms)
		for i := range out {
			rt := types[i%len(types)]
			id := rig.portal.AddRoom(fmt.Sprintf("Bench room %s-%d", tag, i), rt)
			out[i], _ = docspace.FitPlan(docspace.Plan{RoomID: id, Invitees: benchInvitees(people, tag)}, rt)
		}
		return out
	}
	var ratios, multis, singles []time.Duration
	for i := 0; b.Loop(); i++ {
		var slowest time.Duration
		for r, p := range plans(fmt.Sprintf("s%d", i)) {
			res := rig.client.Execute(context.Background(), p, nil, nil)
			if res.Status() != docspace.StatusComplete {
				b.Fatalf("room %d alone: %v %v", r, res.Status(), res.Err)
			}
			slowest = max(slowest, res.Elapsed)
		}
		run := rig.client.ExecuteRooms(context.Background(), plans(fmt.Sprintf("m%d", i)), nil, nil)
		if run.Status() != docspace.StatusComplete {
			b.Fatalf("ten rooms: %v", run.Status())
		}
		multis = append(multis, run.Elapsed)
		singles = append(singles, slowest)
		ratios = append(ratios, time.Duration(float64(run.Elapsed)/float64(slowest)*1000))
	}
	st := rig.portal.Stats()
	if st.Status429 > 0 || st.PeakParallelWrites > rl.ParallelWrites || st.PeakParallelReads > rl.ParallelReads {
		b.Fatalf("429s %d, peaks %d writes / %d reads: over the portal's limits", st.Status429, st.PeakParallelWrites, st.PeakParallelReads)
	}
	b.ReportMetric(millis(medianOf(multis)), "ten-rooms-ms")
	b.ReportMetric(millis(medianOf(singles)), "slowest-room-ms")
	b.ReportMetric(float64(medianOf(ratios))/1000, "x-slowest")
	b.ReportMetric(float64(st.PeakParallelWrites), "peak-writes")
	b.ReportMetric(float64(st.PeakParallelReads), "peak-reads")
}
