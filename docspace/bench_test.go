package docspace_test

// Benchmarks of how long an admin waits after confirming. They run only
// with -bench; BENCHMARKS.md has the commands and the figures. Every figure comes from
// a fake portal (docspacetest) that sleeps a fixed latency inside each request, so the
// numbers count round trips, not this machine's speed.
//
//	go test -run '^$' -bench 'ConfirmToSummary|OneCallPerPerson|OriginalScript' -benchtime=5x ./docspace/
//	go test -run '^$' -bench 'RateLimited5000' -benchtime=1x ./docspace/

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// benchLatency is the portal's answer time for every call in the round-trip benchmarks.
const benchLatency = 100 * time.Millisecond

// floorTrips is the least number of sequential round trips a run can take: create the
// room, invite (after the create), read the members back (after the invitations).
const floorTrips = 3

// benchRig is a demo portal behind a real HTTP server and a client for it.
type benchRig struct {
	portal *docspacetest.Portal
	srv    *httptest.Server
	client *docspace.Client
	// dials counts the TCP connections the client opened.
	dials *dialCounter
}

type dialCounter struct {
	mu sync.Mutex
	n  int
}

func (c *dialCounter) add() { c.mu.Lock(); c.n++; c.mu.Unlock() }
func (c *dialCounter) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// newBenchRig starts the portal. transport nil means a clone of http.DefaultTransport:
// what the program itself uses (main builds a zero http.Client).
func newBenchRig(b *testing.B, transport *http.Transport, opts []docspacetest.Option, clientOpts ...docspace.Option) *benchRig {
	b.Helper()
	portal := docspacetest.New(append([]docspacetest.Option{docspacetest.WithDemoData(), docspacetest.WithMaxRecorded(2000)}, opts...)...)
	srv := httptest.NewServer(portal)
	portal.SetURL(srv.URL)
	b.Cleanup(srv.Close)
	if transport == nil {
		transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	dials := &dialCounter{}
	dial := (&net.Dialer{Timeout: 5 * time.Second}).DialContext
	transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.add()
		return dial(ctx, network, addr)
	}
	b.Cleanup(transport.CloseIdleConnections)
	c, err := docspace.New(srv.URL, docspacetest.DemoKey, append([]docspace.Option{
		docspace.WithHTTPClient(&http.Client{Transport: transport}),
	}, clientOpts...)...)
	if err != nil {
		b.Fatal(err)
	}
	return &benchRig{portal: portal, srv: srv, client: c, dials: dials}
}

// benchInvitees are n new guests with Viewer access.
func benchInvitees(n int, tag string) []docspace.Invitee {
	out := make([]docspace.Invitee, n)
	for i := range out {
		out[i] = docspace.Invitee{Email: fmt.Sprintf("p%05d.%s@bench.example", i, tag), Access: docspace.AccessRead}
	}
	return out
}

// medianOf is the median of the samples (the upper one of the middle two).
func medianOf(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// reportTrips reports the median time and what it is in round trips of the portal's latency.
func reportTrips(b *testing.B, samples []time.Duration, requests int) time.Duration {
	m := medianOf(samples)
	b.ReportMetric(millis(m), "median-ms")
	b.ReportMetric(float64(m)/float64(benchLatency), "RTTs")
	b.ReportMetric(float64(requests)/float64(len(samples)), "requests/op")
	return m
}

// BenchmarkConfirmToSummary is the wait after Enter on the review: Execute with the
// preflight the review already has (Check runs before, outside the timer), at 100 ms
// per call. x-floor is the median divided by 3 x 100 ms (target: <= 1.15).
func BenchmarkConfirmToSummary(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) { benchConfirm(b, n, benchLatency) })
	}
}

// BenchmarkConfirmToSummaryNoLatency is the same run with a portal that answers at
// once: what is left is this machine's work (JSON both ways, the fake portal's
// handlers, loopback HTTP), the part of BenchmarkConfirmToSummary above 3 x 100 ms.
func BenchmarkConfirmToSummaryNoLatency(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) { benchConfirm(b, n, 0) })
	}
}

func benchConfirm(b *testing.B, n int, latency time.Duration) {
	rig := newBenchRig(b, nil, []docspacetest.Option{docspacetest.WithLatency(latency)})
	invs := benchInvitees(n, "confirm")
	ctx := context.Background()
	var samples []time.Duration
	requests, dials := 0, 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		plan := docspace.Plan{
			NewRoom:  &docspace.NewRoom{Title: fmt.Sprintf("Bench %d-%d-%d", n, b.N, i), Type: docspace.RoomCollaboration},
			Invitees: invs,
		}
		pre, err := rig.client.Check(ctx, plan)
		if err != nil {
			b.Fatal(err)
		}
		before, dialsBefore := rig.portal.Stats().Requests, rig.dials.get()
		b.StartTimer()
		start := time.Now()
		res := rig.client.Execute(ctx, plan, pre, nil)
		took := time.Since(start)
		b.StopTimer()
		requests += rig.portal.Stats().Requests - before
		dials += rig.dials.get() - dialsBefore
		if res.Err != nil || res.Status() != docspace.StatusComplete || len(res.Outcomes) != n {
			b.Fatalf("run did not complete: status %v, err %v, %d outcomes", res.Status(), res.Err, len(res.Outcomes))
		}
		samples = append(samples, took)
		b.StartTimer()
	}
	if latency == 0 {
		b.ReportMetric(millis(medianOf(samples)), "median-ms")
		b.ReportMetric(float64(requests)/float64(len(samples)), "requests/op")
		return
	}
	m := reportTrips(b, samples, requests)
	b.ReportMetric(float64(m)/float64(floorTrips*latency), "x-floor")
	b.ReportMetric(float64(dials)/float64(len(samples)), "new-conns/op")
}

// handshakeListener makes every new connection cost extra before its first byte is
// read: on a real network a new HTTPS connection costs a TCP and a TLS handshake
// (about 2 round trips) before the request can go; the fake portal's latency alone
// does not show that.
type handshakeListener struct {
	net.Listener
	cost time.Duration
}

func (l handshakeListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &handshakeConn{Conn: c, cost: l.cost}, nil
}

type handshakeConn struct {
	net.Conn
	cost time.Duration
	once sync.Once
}

func (c *handshakeConn) Read(p []byte) (int, error) {
	c.once.Do(func() { time.Sleep(c.cost) })
	return c.Conn.Read(p)
}

// BenchmarkConfirmToSummaryHandshakes is BenchmarkConfirmToSummary over HTTPS where a
// new connection costs 2 x 100 ms (TCP + TLS 1.3), with the transport main uses
// (http.DefaultTransport: 2 idle connections per host), over HTTP/1.1 and HTTP/2, and
// over HTTP/1.1 with 16 idle connections kept per host ("http1-keep16"). It shows what
// connection reuse is worth on a real network; the targets do not depend on it.
func BenchmarkConfirmToSummaryHandshakes(b *testing.B) {
	for _, proto := range []string{"http1", "http1-keep16", "http2"} {
		for _, n := range []int{1, 100, 1000} {
			b.Run(fmt.Sprintf("%s/N=%d", proto, n), func(b *testing.B) {
				portal := docspacetest.New(docspacetest.WithDemoData(), docspacetest.WithMaxRecorded(2000), docspacetest.WithLatency(benchLatency))
				srv := httptest.NewUnstartedServer(portal)
				srv.EnableHTTP2 = proto == "http2"
				srv.Listener = handshakeListener{Listener: srv.Listener, cost: 2 * benchLatency}
				srv.StartTLS()
				b.Cleanup(srv.Close)
				portal.SetURL(srv.URL)
				transport := srv.Client().Transport.(*http.Transport).Clone()
				if proto == "http1-keep16" {
					transport.MaxIdleConnsPerHost = 16
				}
				b.Cleanup(transport.CloseIdleConnections)
				dials := &dialCounter{}
				dial := (&net.Dialer{Timeout: 5 * time.Second}).DialContext
				transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
					dials.add()
					return dial(ctx, network, addr)
				}
				c, err := docspace.New(srv.URL, docspacetest.DemoKey, docspace.WithHTTPClient(&http.Client{Transport: transport}))
				if err != nil {
					b.Fatal(err)
				}
				invs := benchInvitees(n, "tls")
				ctx := context.Background()
				var samples []time.Duration
				requests, conns := 0, 0
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					plan := docspace.Plan{
						NewRoom:  &docspace.NewRoom{Title: fmt.Sprintf("TLS %d-%d-%d", n, b.N, i), Type: docspace.RoomCollaboration},
						Invitees: invs,
					}
					pre, err := c.Check(ctx, plan)
					if err != nil {
						b.Fatal(err)
					}
					before, dialsBefore := portal.Stats().Requests, dials.get()
					b.StartTimer()
					start := time.Now()
					res := c.Execute(ctx, plan, pre, nil)
					took := time.Since(start)
					b.StopTimer()
					requests += portal.Stats().Requests - before
					conns += dials.get() - dialsBefore
					if res.Status() != docspace.StatusComplete {
						b.Fatalf("run did not complete: status %v, err %v", res.Status(), res.Err)
					}
					samples = append(samples, took)
					b.StartTimer()
				}
				m := reportTrips(b, samples, requests)
				b.ReportMetric(float64(m)/float64(floorTrips*benchLatency), "x-floor")
				b.ReportMetric(float64(conns)/float64(len(samples)), "new-conns/op")
			})
		}
	}
}

// BenchmarkOneCallPerPerson is the naive client beside it: create the room, then one
// share call per person, one after the other (1 + N round trips), no read-back.
// N=1000 takes 100 s a run; it runs only with DOCSPACE_BENCH_SLOW=1 (BENCHMARKS.md
// otherwise computes it from the per-call time measured at N=100).
func BenchmarkOneCallPerPerson(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			if n >= 1000 && os.Getenv("DOCSPACE_BENCH_SLOW") == "" {
				b.Skip("takes 100 s a run: set DOCSPACE_BENCH_SLOW=1 to measure it")
			}
			rig := newBenchRig(b, nil, []docspacetest.Option{docspacetest.WithLatency(benchLatency)})
			invs := benchInvitees(n, "naive")
			ctx := context.Background()
			var samples, calls []time.Duration
			requests := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				before := rig.portal.Stats().Requests
				start := time.Now()
				room, err := rig.client.CreateRoom(ctx, docspace.CreateRoomRequest{Title: fmt.Sprintf("Naive %d-%d-%d", n, b.N, i), RoomType: docspace.RoomCollaboration})
				if err != nil {
					b.Fatal(err)
				}
				for _, inv := range invs {
					t := time.Now()
					if _, err := rig.client.Invite(ctx, room.ID, docspace.InviteRequest{
						Invitations: []docspace.Invitation{{Email: inv.Email, Access: inv.Access}},
					}); err != nil {
						b.Fatal(err)
					}
					calls = append(calls, time.Since(t))
				}
				samples = append(samples, time.Since(start))
				requests += rig.portal.Stats().Requests - before
			}
			reportTrips(b, samples, requests)
			b.ReportMetric(millis(medianOf(calls)), "per-call-ms")
		})
	}
}

// BenchmarkOriginalScript is the two-call script the wizard replaces: create the room,
// share it with one person, no read-back (2 round trips, outcome unconfirmed).
func BenchmarkOriginalScript(b *testing.B) {
	rig := newBenchRig(b, nil, []docspacetest.Option{docspacetest.WithLatency(benchLatency)})
	ctx := context.Background()
	var samples []time.Duration
	requests := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		before := rig.portal.Stats().Requests
		start := time.Now()
		room, err := rig.client.CreateRoom(ctx, docspace.CreateRoomRequest{Title: fmt.Sprintf("Script %d-%d", b.N, i), RoomType: docspace.RoomCollaboration})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := rig.client.Invite(ctx, room.ID, docspace.InviteRequest{
			Invitations: []docspace.Invitation{{Email: "one.person@bench.example", Access: docspace.AccessRead}},
			Notify:      true,
		}); err != nil {
			b.Fatal(err)
		}
		samples = append(samples, time.Since(start))
		requests += rig.portal.Stats().Requests - before
	}
	reportTrips(b, samples, requests)
}

// inviteeCSV is a CSV file of n people, as an admin would export it.
func inviteeCSV(n int) string {
	var sb strings.Builder
	sb.WriteString("email,access,name\n")
	for i := range n {
		fmt.Fprintf(&sb, "person%05d@csv.example,viewer,Person %d\n", i, i)
	}
	return sb.String()
}

// BenchmarkRateLimited5000 runs a 5,000-person CSV, Check included, against a portal
// with DocSpace's real limits (1,500 requests a minute, 15 parallel writes, 50
// parallel reads) and 20 ms per call. "clean" must see no 429 at all; "injected429"
// adds 429s with Retry-After: 1 to the key check, the create, five share calls and
// three member pages: the run must wait as told and still confirm everyone.
func BenchmarkRateLimited5000(b *testing.B) {
	const n = 5000
	list, err := docspace.ReadInviteesCSV(strings.NewReader(inviteeCSV(n)))
	if err != nil {
		b.Fatal(err)
	}
	if len(list.Invitees) != n || list.Invalid != 0 {
		b.Fatalf("the CSV gave %d invitees, %d invalid", len(list.Invitees), list.Invalid)
	}
	faults := []docspacetest.Fault{
		{Method: http.MethodGet, PathPrefix: "/api/2.0/keys/@self", Status: http.StatusTooManyRequests, RetryAfter: "1", Times: 1},
		{Method: http.MethodPost, PathPrefix: "/api/2.0/files/rooms", Status: http.StatusTooManyRequests, RetryAfter: "1", Times: 1},
		{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Status: http.StatusTooManyRequests, RetryAfter: "1", Times: 5},
		{Method: http.MethodGet, PathPrefix: "/api/2.0/files/rooms/", Status: http.StatusTooManyRequests, RetryAfter: "1", Times: 3},
	}
	for _, tc := range []struct {
		name   string
		faults []docspacetest.Fault
	}{
		{"clean", nil},
		{"injected429", faults},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				var (
					mu    sync.Mutex
					waits []time.Duration
				)
				// The real sleep is kept: the run must actually wait what Retry-After says.
				rig := newBenchRig(b, nil,
					[]docspacetest.Option{docspacetest.WithRateLimit(docspacetest.DocSpaceRateLimit()), docspacetest.WithLatency(20 * time.Millisecond), docspacetest.WithMaxRecorded(0)},
					docspace.WithRetryNotify(func(op string, attempt int, wait time.Duration, err error) {
						mu.Lock()
						waits = append(waits, wait)
						mu.Unlock()
					}))
				injected := 0
				for _, f := range tc.faults {
					rig.portal.InjectFault(f)
					injected += f.Times
				}
				plan := docspace.Plan{
					NewRoom:  &docspace.NewRoom{Title: fmt.Sprintf("CSV %d", i), Type: docspace.RoomCollaboration},
					Invitees: list.Invitees,
				}
				start := time.Now()
				res := rig.client.Execute(context.Background(), plan, nil, nil)
				took := time.Since(start)

				st := rig.portal.Stats()
				seen429 := 0
				for _, r := range rig.portal.Requests() {
					if r.Status == http.StatusTooManyRequests {
						seen429++
					}
				}
				confirmed := 0
				for _, o := range res.Outcomes {
					if o.Kind == docspace.OutcomeNewGuest || o.Kind == docspace.OutcomeAdded {
						confirmed++
					}
				}
				inRoom := 0
				if res.Room != nil {
					inRoom = len(rig.portal.Members(res.Room.ID)) - 1 // the owner
				}
				rl := docspacetest.DocSpaceRateLimit()
				switch {
				case res.Status() != docspace.StatusComplete || res.Err != nil:
					b.Fatalf("run did not complete: status %v, err %v", res.Status(), res.Err)
				case confirmed != n || inRoom != n:
					b.Fatalf("lost people: %d confirmed, %d in the room, of %d", confirmed, inRoom, n)
				case st.Status429 != 0:
					b.Fatalf("the portal's rate limits refused %d requests", st.Status429)
				case st.PeakParallelWrites > rl.ParallelWrites || st.PeakParallelReads > rl.ParallelReads:
					b.Fatalf("peak concurrency %d writes, %d reads: over the portal's limits", st.PeakParallelWrites, st.PeakParallelReads)
				case seen429 != injected || len(waits) != injected:
					b.Fatalf("%d injected 429s, %d seen by the portal, %d retries", injected, seen429, len(waits))
				}
				for _, w := range waits {
					if w != time.Second {
						b.Fatalf("waited %v after a 429 with Retry-After: 1", w)
					}
				}
				b.ReportMetric(millis(took), "run-ms")
				b.ReportMetric(float64(st.Requests), "requests")
				b.ReportMetric(float64(st.Status429), "429-by-limits")
				b.ReportMetric(float64(seen429), "429-injected")
				b.ReportMetric(float64(len(waits)), "retries")
				b.ReportMetric(float64(st.PeakParallelWrites), "peak-writes")
				b.ReportMetric(float64(st.PeakParallelReads), "peak-reads")
				b.ReportMetric(float64(confirmed), "confirmed")
				rig.srv.Close()
			}
		})
	}
}
