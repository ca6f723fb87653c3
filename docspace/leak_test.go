package docspace_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// Ctrl+C in every phase of a run: Execute returns with the state as it is (the room
// when it exists, who is in, who was never sent), sends nothing new after the stop,
// and leaves no goroutine behind.

// cancelRig is a demo portal that calls stop when a request matching its hook arrives.
type cancelRig struct {
	portal    *docspacetest.Portal
	srv       *httptest.Server
	transport *http.Transport
	client    *docspace.Client
}

// newCancelRig is a demo portal behind hook and a client sending batch invitations
// per share call (0: BatchSize) that waits with sleep (nil: no wait).
func newCancelRig(t *testing.T, hook func(*http.Request), sleep func(context.Context, time.Duration) error, batch int, opts ...docspacetest.Option) *cancelRig {
	t.Helper()
	portal := docspacetest.New(append([]docspacetest.Option{docspacetest.WithDemoData()}, opts...)...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hook(r)
		portal.ServeHTTP(w, r)
	}))
	portal.SetURL(srv.URL)
	transport := srv.Client().Transport.(*http.Transport).Clone()
	if sleep == nil {
		sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	}
	c, err := docspace.New(srv.URL, docspacetest.DemoKey,
		docspace.WithHTTPClient(&http.Client{Transport: transport}),
		docspace.WithSleep(sleep),
		docspace.WithRequestTimeout(5*time.Second), docspace.WithBatchSize(batch))
	if err != nil {
		t.Fatal(err)
	}
	return &cancelRig{portal: portal, srv: srv, transport: transport, client: c}
}

// stopEmails returns n new guests with Read access.
func stopEmails(n int, domain string) []docspace.Invitee {
	out := make([]docspace.Invitee, n)
	for i := range out {
		out[i] = docspace.Invitee{Email: fmt.Sprintf("stop%03d@%s", i, domain), Access: docspace.AccessRead}
	}
	return out
}

// close ends the server and the client's idle connections, so that only a leak remains.
func (rig *cancelRig) close() {
	rig.srv.Close()
	rig.transport.CloseIdleConnections()
}

func TestExecuteCancelInEveryPhaseLeaksNothing(t *testing.T) {
	isShare := func(r *http.Request) bool {
		return r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/share")
	}
	tests := []struct {
		name string
		// at says which request stops the run when it arrives ("" = before the run starts).
		at    func(*http.Request) bool
		fault *docspacetest.Fault
		// retryWait: the stop comes while the client waits to retry a share call.
		retryWait bool
		invitees  int
		batch     int // invitations per share call; 0: BatchSize
		want      docspace.Status
		wantRoom  bool
		// wantSent: every invitee's request was sent (none left "not sent").
		wantSent bool
	}{
		{name: "before the run", invitees: 3, want: docspace.StatusInterrupted},
		{name: "during the key check", invitees: 3, want: docspace.StatusInterrupted,
			at:    func(r *http.Request) bool { return r.URL.Path == "/api/2.0/keys/@self" },
			fault: &docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/keys/@self", Delay: time.Minute}},
		{name: "during create", invitees: 3, want: docspace.StatusInterrupted, wantRoom: true,
			at: func(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Path == "/api/2.0/files/rooms" }},
		// One person a batch: more batches than may be in flight, so some are never sent.
		{name: "during the share batches", invitees: docspace.ParallelWrites + 2, batch: 1, want: docspace.StatusInterrupted, wantRoom: true, at: isShare},
		{name: "while waiting to retry a share", invitees: 2, want: docspace.StatusInterrupted, wantRoom: true, wantSent: true, retryWait: true,
			fault: &docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Status: 429, RetryAfter: "30"}},
		// The read-back is let finish: everything was done, and the result says so.
		{name: "during the members read", invitees: 3, want: docspace.StatusComplete, wantRoom: true, wantSent: true,
			at: func(r *http.Request) bool {
				return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/share")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ignore := goleak.IgnoreCurrent()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stops atomic.Int32
			stop := func() { stops.Add(1); cancel() }
			var once sync.Once
			hook := func(r *http.Request) {
				if tt.at != nil && tt.at(r) {
					once.Do(stop)
				}
			}
			var sleep func(context.Context, time.Duration) error
			var woken atomic.Bool
			if tt.retryWait {
				// The first wait before a retry is where Ctrl+C lands; the wait must end with it.
				sleep = func(sctx context.Context, d time.Duration) error {
					once.Do(stop)
					select {
					case <-sctx.Done():
						woken.Store(true)
						return sctx.Err()
					case <-time.After(10 * time.Second):
						return nil
					}
				}
			}
			rig := newCancelRig(t, hook, sleep, tt.batch)
			if tt.fault != nil {
				rig.portal.InjectFault(*tt.fault)
			}
			if tt.at == nil && !tt.retryWait {
				stop()
			}
			plan := docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Stop " + tt.name, Type: docspace.RoomCustom}, Invitees: stopEmails(tt.invitees, "example.com")}
			before := len(rig.portal.Rooms())

			res := rig.client.Execute(ctx, plan, nil, nil)

			if stops.Load() != 1 {
				t.Fatalf("the stop was pressed %d times, want once", stops.Load())
			}
			if st := res.Status(); st != tt.want {
				t.Errorf("status %v, want %v (err %v)", st, tt.want, res.Err)
			}
			if tt.want == docspace.StatusInterrupted && (!res.Cancelled || res.Err == nil) {
				t.Errorf("cancelled=%v err=%v, want the stop reported", res.Cancelled, res.Err)
			}
			if (res.Room != nil) != tt.wantRoom {
				t.Errorf("room %+v, want room=%v", res.Room, tt.wantRoom)
			}
			assertTruthful(t, rig.portal, res, before, "Stop "+tt.name)
			notSent := res.Counts()[docspace.OutcomeNotSent]
			switch {
			case tt.wantSent && notSent != 0:
				t.Errorf("%d not sent, want none: %v", notSent, res.Counts())
			case !tt.wantSent && notSent == 0:
				t.Errorf("outcomes %v, want the people never sent reported as such", res.Counts())
			}
			if tt.retryWait {
				if !woken.Load() {
					t.Error("the wait before a retry did not end with the stop")
				}
				if n := rig.portal.Count(http.MethodPut, "/api/2.0/files/rooms/"); n != 1 {
					t.Errorf("%d share calls, want 1: nothing is retried after the stop", n)
				}
			}
			if n := rig.portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n > 1 {
				t.Errorf("%d create calls", n)
			}
			if res.Room != nil {
				if retry, ok := res.RetryPlan(plan); ok && (retry.NewRoom != nil || retry.RoomID != res.Room.ID) {
					t.Errorf("retry plan %+v leaves room %d", retry, res.Room.ID)
				}
			}
			rig.close()
			goleak.VerifyNone(t, ignore)
		})
	}
}

func TestExecuteManyRunsLeakNothing(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	rig := newCancelRig(t, func(*http.Request) {}, nil, 3)
	for i := range 5 {
		ctx, cancel := context.WithCancel(context.Background())
		if i%2 == 1 {
			cancel()
		}
		res := rig.client.Execute(ctx, docspace.Plan{
			NewRoom: &docspace.NewRoom{Title: "Many", Type: docspace.RoomCustom}, Invitees: stopEmails(20, "example.net"),
		}, nil, nil)
		cancel()
		if i%2 == 0 && res.Status() != docspace.StatusComplete {
			t.Fatalf("run %d: %v (%v)", i, res.Status(), res.Err)
		}
	}
	rig.close()
	goleak.VerifyNone(t, ignore)
}
