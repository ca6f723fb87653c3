package docspace_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// BenchmarkConfirmToSummaryTemplate is BenchmarkConfirmToSummaryNoLatency for a room
// made from a template whose job takes two status polls: the requests it costs over a
// plain create are the job's polls (the client's pauses between them, 250 and 500 ms,
// are most of its time); the share calls and the read-back are the same.
func BenchmarkConfirmToSummaryTemplate(b *testing.B) {
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			rig := newBenchRig(b, nil, []docspacetest.Option{docspacetest.WithTemplateJobs(docspacetest.TemplateJobs{Polls: 2})})
			invs := benchInvitees(n, "template")
			ctx := context.Background()
			requests := 0
			var took time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				plan := docspace.Plan{
					NewRoom:  &docspace.NewRoom{Title: fmt.Sprintf("Tmpl %d-%d-%d", n, b.N, i), Template: docspacetest.DemoTemplateProject},
					Invitees: invs,
				}
				pre, err := rig.client.Check(ctx, plan)
				if err != nil {
					b.Fatal(err)
				}
				plan = pre.Resolve(plan)
				before := rig.portal.Stats().Requests
				b.StartTimer()
				start := time.Now()
				res := rig.client.Execute(ctx, plan, pre, nil)
				took += time.Since(start)
				b.StopTimer()
				requests += rig.portal.Stats().Requests - before
				if res.Status() != docspace.StatusComplete || len(res.Outcomes) != n {
					b.Fatalf("run did not complete: status %v, err %v", res.Status(), res.Err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
			b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "ms/run")
		})
	}
}
