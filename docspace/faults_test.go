package docspace_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/faultmatrix"
)

// The fault matrix: every fault of the catalogue in every phase of a run, once (a blip)
// and always (an outage), through Client.Execute against docspacetest. Each case
// checks that the result tells the truth (it matches the portal's own state), that
// the room is reported whenever it exists, that the message is a sentence with a
// next step, that the key shows nowhere, and that retrying the failed people
// reaches the same room with one create call in the portal's log.

// faultCase is one fault of the shared catalogue and the kind of error it must make.
type faultCase struct {
	faultmatrix.Case
	kind docspace.ErrorKind
}

// rigTimeout is the per-request timeout of the fault rig: short, so timeouts are quick.
const rigTimeout = time.Second // short, yet above a loaded CI machine's slowest honest answer

// faultCases is the shared catalogue with the error kind each case must make.
func faultCases(t *testing.T, dnsNotFound bool) []faultCase {
	t.Helper()
	kinds := map[string]docspace.ErrorKind{
		"connection refused": docspace.KindNetwork, "DNS failure": docspace.KindNetwork, "TLS self-signed": docspace.KindNetwork,
		"timeout": docspace.KindNetwork, "connection reset": docspace.KindNetwork,
		"500 HTML": docspace.KindServer, "502 HTML": docspace.KindServer, "503 HTML": docspace.KindServer,
		"429 with Retry-After": docspace.KindRateLimited, "429 without Retry-After": docspace.KindRateLimited,
		"401 empty": docspace.KindUnauthorized, "403 empty": docspace.KindForbidden, "403 role not allowed": docspace.KindForbidden,
		"402 quota": docspace.KindQuota, "404 room gone": docspace.KindNotFound,
	}
	var out []faultCase
	for _, c := range faultmatrix.Cases(dnsNotFound) {
		kind, ok := kinds[c.Name]
		if !ok {
			t.Fatalf("no error kind for the fault %q", c.Name)
		}
		out = append(out, faultCase{Case: c, kind: kind})
	}
	return out
}

// faultRig is a demo portal over TLS (two share batches for four people) and a
// client that trusts it, with instant retries and a short request timeout.
type faultRig struct {
	portal *docspacetest.Portal
	srv    *httptest.Server
	route  *faultmatrix.Router
	client *docspace.Client
}

func newFaultRig(t *testing.T, opts ...docspace.Option) *faultRig {
	t.Helper()
	return newFaultRigWrapped(t, 2, nil, opts...)
}

// newFaultRigWrapped is newFaultRig with a share batch size (0: BatchSize) and wrap
// (if not nil) in front of the portal.
func newFaultRigWrapped(t *testing.T, batch int, wrap func(*docspacetest.Portal) http.Handler, opts ...docspace.Option) *faultRig {
	t.Helper()
	portal := docspacetest.New(docspacetest.WithDemoData())
	var h http.Handler = portal
	if wrap != nil {
		h = wrap(portal)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes and dropped connections are the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	portal.SetURL(srv.URL)
	trusted := srv.Client().Transport.(*http.Transport).Clone()
	route := faultmatrix.NewRouter(t, trusted)
	all := append([]docspace.Option{
		docspace.WithHTTPClient(&http.Client{Transport: route}),
		docspace.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }),
		docspace.WithRequestTimeout(rigTimeout),
		docspace.WithRetry(docspace.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}),
		docspace.WithBatchSize(batch),
	}, opts...)
	c, err := docspace.New(srv.URL, docspacetest.DemoKey, all...)
	if err != nil {
		t.Fatal(err)
	}
	return &faultRig{portal: portal, srv: srv, route: route, client: c}
}

// inject puts fault fc on phase ph, for times requests (0: all).
func (rig *faultRig) inject(ph faultmatrix.Phase, fc faultCase, times int) {
	faultmatrix.Inject(rig.portal, rig.route, ph, fc.Case, times)
}

func (rig *faultRig) clear() {
	rig.portal.ClearFaults()
	rig.route.Disarm()
}

// faultPlan is a new Custom room for three new guests and one portal user: two share batches.
func faultPlan(title string) docspace.Plan {
	return docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: title, Type: docspace.RoomCustom},
		Invitees: []docspace.Invitee{
			{Email: "ann@example.com", Access: docspace.AccessRead},
			{Email: "bob@example.com", Access: docspace.AccessEditing},
			{Email: docspacetest.DemoUserEmail, Access: docspace.AccessComment},
			{Email: "cy@example.com", Access: docspace.AccessRead},
		},
		Notify: true,
	}
}

// sharedEmails returns the e-mails in the share calls the portal saw from index from on.
func sharedEmails(t *testing.T, p *docspacetest.Portal, from int) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, e := range faultmatrix.SharedEmails(t, p, from) {
		out[e] = true
	}
	return out
}

// assertTruthful checks the result against the portal: whoever the result says is in
// the room is in it with that access, whoever it says failed or was not sent is not,
// and the room is reported exactly when the portal has it.
func assertTruthful(t *testing.T, p *docspacetest.Portal, res docspace.Result, roomsBefore int, title string) {
	t.Helper()
	rooms := p.Rooms()
	created := len(rooms) - roomsBefore
	if created < 0 || created > 1 {
		t.Fatalf("the portal has %d new rooms, want 0 or 1", created)
	}
	if res.Room != nil && !res.RoomCreated { // an existing room: it must be the portal's
		if r, ok := p.Room(res.Room.ID); !ok || r.Title != res.Room.Title || created != 0 {
			t.Fatalf("result room %+v, portal room %+v (found %v), %d rooms created", res.Room, r, ok, created)
		}
	} else if (res.Room != nil) != (created == 1) {
		t.Fatalf("result room = %+v but the portal created %d rooms: the result must name the room exactly when it exists", res.Room, created)
	}
	if res.Room == nil {
		for _, o := range res.Outcomes {
			if o.Kind != docspace.OutcomeNotSent {
				t.Errorf("%s: %v without a room", o.Invitee.Email, o.Kind)
			}
		}
		return
	}
	last := rooms[len(rooms)-1]
	if res.Room.ID != last.ID || res.Room.Title != title {
		t.Errorf("result room %+v, portal room %+v, want the created room %q", res.Room, last, title)
	}
	if want := fmt.Sprintf("/rooms/shared/%d/filter?folder=%d", last.ID, last.ID); !strings.HasSuffix(res.Room.Link, want) {
		t.Errorf("link %q, want …%s", res.Room.Link, want)
	}
	in := map[string]docspace.Access{}
	for _, m := range p.Members(res.Room.ID) {
		in[strings.ToLower(m.User.Email)] = m.Access
	}
	for _, o := range res.Outcomes {
		access, member := in[strings.ToLower(o.Invitee.Email)]
		switch o.Kind {
		case docspace.OutcomeAdded, docspace.OutcomeNewGuest, docspace.OutcomeAlreadyMember:
			if !member || access != o.Invitee.Access {
				t.Errorf("%s reported %v, but the portal has member=%v access=%v", o.Invitee.Email, o.Kind, member, access)
			}
		case docspace.OutcomeFailed, docspace.OutcomeNotSent:
			if member && access == o.Invitee.Access {
				t.Errorf("%s reported %v (%s), but the portal has them in", o.Invitee.Email, o.Kind, o.Reason)
			}
			if o.Reason == "" {
				t.Errorf("%s: %v without a reason", o.Invitee.Email, o.Kind)
			}
		case docspace.OutcomeUnconfirmed:
			// Honest either way: the read-back failed.
		}
	}
}

// assertNoKey fails when the key shows in the result, its reasons or any event.
func assertNoKey(t *testing.T, res docspace.Result, events []docspace.Event) {
	t.Helper()
	var texts []string
	if res.Err != nil {
		texts = append(texts, res.Err.Error())
	}
	for _, o := range res.Outcomes {
		texts = append(texts, o.Reason)
	}
	for _, e := range events {
		if e.Err != nil {
			texts = append(texts, e.Err.Error())
		}
	}
	for _, s := range texts {
		if strings.Contains(strings.ToLower(s), strings.ToLower(docspacetest.DemoKey)) {
			t.Fatalf("the API key shows in %q", s)
		}
	}
}

// userMessage is what a person reads for a failed run: the error and what to do next.
func userMessage(err error) (msg, hint string) {
	var ae *docspace.APIError
	if errors.As(err, &ae) {
		hint = ae.Hint()
	}
	return err.Error(), hint
}

// statusNames name the outcomes in the golden table.
var statusNames = map[docspace.Status]string{
	docspace.StatusComplete: "complete", docspace.StatusFailed: "failed",
	docspace.StatusPartial: "partial", docspace.StatusKeyRejected: "key rejected",
}

func TestFaultMatrixEngine(t *testing.T) {
	dnsNotFound := faultmatrix.ResolverSaysNotFound()
	// What every case gave, as testdata/TestFaultMatrixEngine.golden (RELIABILITY.md links it).
	table := faultmatrix.NewTable("Fault matrix: the engine (`Client.Execute`)",
		"`Result.Status()` of each case; the text is the error's sentence, then its next step.", true)
	t.Cleanup(func() { table.Golden(t, dnsNotFound) })
	for _, ph := range faultmatrix.Phases() {
		for _, fc := range faultCases(t, dnsNotFound) {
			table.Run(t, ph.Name, fc.Name, func(t *testing.T, mode faultmatrix.Mode) (string, string) {
				st, text := testEngineFault(t, ph, fc, mode.Times)
				return statusNames[st], text
			})
		}
	}
}

// testEngineFault runs one case and returns its status and the error's sentence and
// next step ("" when the fault was survived).
func testEngineFault(t *testing.T, ph faultmatrix.Phase, fc faultCase, times int) (docspace.Status, string) {
	rig := newFaultRig(t)
	title := "Faults " + ph.Name + " " + fc.Name
	plan := faultPlan(title)
	if ph.Link {
		plan.Link = &docspace.LinkPlan{Access: docspace.AccessRead}
	}
	if ph.Template {
		plan.NewRoom.Type, plan.NewRoom.Template = docspace.RoomVirtualData, faultmatrix.TemplateTitle
		plan.Invitees[2].Access = docspace.AccessEditing // a data room has no Commenter
	}
	before := len(rig.portal.Rooms())
	rig.inject(ph, fc, times)

	var events []docspace.Event
	res := rig.client.Execute(context.Background(), plan, nil, func(e docspace.Event) { events = append(events, e) })
	assertNoKey(t, res, events)
	assertTruthful(t, rig.portal, res, before, title)

	retried := fc.SafeRetried
	if ph.Name == "create" || ph.Name == "from template" {
		retried = fc.CreateRetried
	}
	said := ""
	if times == 1 && retried {
		if st := res.Status(); st != docspace.StatusComplete || res.Err != nil {
			t.Fatalf("a single %s in %s was not survived: status %v, err %v", fc.Name, ph.Name, st, res.Err)
		}
	} else {
		if res.Err == nil {
			t.Fatalf("no error reported for %s in %s (status %v)", fc.Name, ph.Name, res.Status())
		}
		msg, hint := userMessage(res.Err)
		if docspace.KindOf(res.Err) != fc.kind {
			t.Errorf("kind %v, want %v: %s", docspace.KindOf(res.Err), fc.kind, msg)
		}
		if !strings.Contains(strings.ToLower(msg), strings.ToLower(fc.Says)) {
			t.Errorf("message %q does not say %q", msg, fc.Says)
		}
		if hint == "" || !strings.HasSuffix(hint, ".") {
			t.Errorf("no next step for %q: hint %q", msg, hint)
		}
		t.Logf("seen %s :: status %v | %s | %s", t.Name(), res.Status(), msg, hint)
		said = msg + "\n" + hint

		want := map[string]docspace.Status{
			"key check": docspace.StatusFailed, "create": docspace.StatusFailed,
			"share batch 1": docspace.StatusPartial, "share batch 2": docspace.StatusPartial, "members read": docspace.StatusPartial,
			"link": docspace.StatusPartial, "from template": docspace.StatusFailed,
			// The job made the room; whether it finished could not be read: nobody invited yet.
			"template status": docspace.StatusPartial,
		}[ph.Name]
		if fc.kind == docspace.KindUnauthorized && res.Room == nil {
			want = docspace.StatusKeyRejected
		}
		if ph.Name == "key check" && fc.kind == docspace.KindForbidden {
			want = docspace.StatusKeyRejected // the key check refused: the key will not do
		}
		if st := res.Status(); st != want {
			t.Errorf("status %v, want %v", st, want)
		}
		c := res.Counts()
		switch ph.Name {
		case "key check", "create":
			if c[docspace.OutcomeNotSent] != len(plan.Invitees) {
				t.Errorf("outcomes %v, want everyone not sent", c)
			}
			// A create that timed out may still be running on the portal: not finding the
			// room proves nothing, so the result says it may exist. Anything else was looked for.
			if wantUncertain := ph.Name == "create" && fc.Name == "timeout"; res.RoomUncertain != wantUncertain {
				t.Errorf("RoomUncertain = %v, want %v", res.RoomUncertain, wantUncertain)
			}
		case "from template":
			if c[docspace.OutcomeNotSent] != len(plan.Invitees) {
				t.Errorf("outcomes %v, want everyone not sent", c)
			}
			// A start whose answer was lost or an error page may have started the job,
			// which runs on: the result says the room may exist. Anything else was refused.
			wantUncertain := fc.kind == docspace.KindServer || fc.Name == "timeout" || fc.Name == "connection reset"
			if res.RoomUncertain != wantUncertain {
				t.Errorf("RoomUncertain = %v, want %v", res.RoomUncertain, wantUncertain)
			}
		case "template status":
			if c[docspace.OutcomeNotSent] != len(plan.Invitees) || res.Room == nil {
				t.Errorf("outcomes %v, room %+v: want the job's room named and everyone not sent", c, res.Room)
			}
			if !errors.Is(res.Err, docspace.ErrTemplateJobUnread) {
				t.Errorf("error %v, want it to say the job's state could not be read", res.Err)
			}
			for _, o := range res.Outcomes { // whether the job finished is not known
				if !strings.Contains(o.Reason, "may not have finished") {
					t.Errorf("%s: reason %q, want it to say the job may not have finished", o.Invitee.Email, o.Reason)
				}
			}
		case "share batch 1", "share batch 2":
			if c[docspace.OutcomeFailed] == 0 {
				t.Errorf("outcomes %v, want the failed batch reported", c)
			}
		case "members read":
			if c[docspace.OutcomeUnconfirmed] != len(plan.Invitees) {
				t.Errorf("outcomes %v, want everyone sent but unconfirmed", c)
			}
		case "link":
			// The room and its people were done and confirmed: only the link is in doubt.
			if in := c[docspace.OutcomeNewGuest] + c[docspace.OutcomeAdded]; in != len(plan.Invitees) || !res.RoomCreated {
				t.Errorf("outcomes %v, room created %v: want the room and everyone in", c, res.RoomCreated)
			}
			if res.Link != nil || res.LinkErr == nil {
				t.Fatalf("link %+v, link error %v: want no link and the link's error", res.Link, res.LinkErr)
			}
			// Only a call that may have reached the portal may leave the link on.
			rig.clear()
			on, err := rig.client.InvitationLink(context.Background(), res.Room.ID)
			if err != nil {
				t.Fatal(err)
			}
			if on != nil && !res.LinkErr.MayBeOn {
				t.Errorf("the result says the link was not turned on, but the portal has it: %+v", on)
			}
			if wantMaybe := fc.kind == docspace.KindServer || fc.Name == "timeout" || fc.Name == "connection reset"; res.LinkErr.MayBeOn != wantMaybe {
				t.Errorf("MayBeOn = %v, want %v", res.LinkErr.MayBeOn, wantMaybe)
			}
		}
	}

	// Retry what failed, as the summary offers: the same room, only the failed people.
	rig.clear()
	mark := len(rig.portal.Requests())
	if res.Room != nil {
		failed := res.Failed()
		retry, ok := res.RetryPlan(plan)
		if len(failed) == 0 {
			if ok {
				t.Errorf("a retry plan with nobody to retry: %+v", retry)
			}
		} else {
			if !ok || retry.NewRoom != nil || retry.RoomID != res.Room.ID {
				t.Fatalf("retry plan %+v, want room %d", retry, res.Room.ID)
			}
			res2 := rig.client.Execute(context.Background(), retry, nil, nil)
			if res2.Status() != docspace.StatusComplete {
				t.Fatalf("retry: status %v, err %v", res2.Status(), res2.Err)
			}
			want := map[string]bool{}
			for _, inv := range failed {
				want[strings.ToLower(inv.Email)] = true
			}
			for e := range sharedEmails(t, rig.portal, mark) {
				if !want[e] {
					t.Errorf("the retry re-sent %s, who was already in", e)
				}
			}
			assertTruthful(t, rig.portal, res2, before+1, title)
		}
	} else {
		res2 := rig.client.Execute(context.Background(), plan, nil, nil)
		if res2.Status() != docspace.StatusComplete {
			t.Fatalf("running again: status %v, err %v", res2.Status(), res2.Err)
		}
	}
	if res.LinkErr != nil {
		// Turn the link on as the summary says: the same room, the same link, no one invited.
		again := docspace.Plan{RoomID: res.Room.ID, Link: plan.Link}
		res2 := rig.client.Execute(context.Background(), again, nil, nil)
		if res2.Status() != docspace.StatusComplete || res2.Link == nil {
			t.Fatalf("turning the link on again: status %v, link %+v, err %v", res2.Status(), res2.Link, res2.Err)
		}
		if got := sharedEmails(t, rig.portal, mark); len(got) != 0 {
			t.Errorf("turning the link on again re-sent invitations to %v", got)
		}
	}
	if n := len(rig.portal.Rooms()) - before; n != 1 {
		t.Errorf("%d rooms in the end, want exactly 1", n)
	}
	if n := faultmatrix.SuccessfulCreates(rig.portal); n != 1 {
		t.Errorf("the portal's log shows %d successful create calls, want 1", n)
	}
	members := map[string]bool{}
	for _, m := range rig.portal.Members(rig.portal.Rooms()[len(rig.portal.Rooms())-1].ID) {
		members[strings.ToLower(m.User.Email)] = true
	}
	for _, inv := range plan.Invitees {
		if !members[strings.ToLower(inv.Email)] {
			t.Errorf("%s is not in the room after the retry", inv.Email)
		}
	}
	return res.Status(), said
}

func lostCreateAnswer(mode string, after func(*docspacetest.Portal)) func(*docspacetest.Portal) http.Handler {
	return lostAnswer(http.MethodPost, "/api/2.0/files/rooms", mode, after)
}

// lostAnswer serves the first method request to path, then loses its answer (mode:
// reset, 502, timeout, cut), after calling after.
func lostAnswer(method, path, mode string, after func(*docspacetest.Portal)) func(*docspacetest.Portal) http.Handler {
	return func(portal *docspacetest.Portal) http.Handler {
		var once sync.Once
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			lose := false
			if r.Method == method && r.URL.Path == path {
				once.Do(func() { lose = true })
			}
			if !lose {
				portal.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			portal.ServeHTTP(rec, r) // the room is created
			if after != nil {
				after(portal)
			}
			switch mode {
			case "reset":
				conn, _, err := http.NewResponseController(w).Hijack()
				if err == nil {
					if tc, ok := conn.(*tls.Conn); ok {
						if nc, ok := tc.NetConn().(*net.TCPConn); ok {
							_ = nc.SetLinger(0)
						}
					}
					_ = conn.Close() // the dropped connection is the fault
				}
			case "502":
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusBadGateway)
				fmt.Fprint(w, faultmatrix.ProxyHTML(502))
			case "timeout":
				<-r.Context().Done()
			case "cut":
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(rec.Code)
				_, _ = w.Write(rec.Body.Bytes()[:rec.Body.Len()/2])
			}
		})
	}
}

// The create call's answer is lost after the portal made the room: the engine finds
// the room by its title (it was not there before), reports it and carries on, so
// running again never makes a second one.
func TestCreateAnswerLostRoomFound(t *testing.T) {
	for _, mode := range []string{"reset", "502", "timeout", "cut"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			rig := newFaultRigWrapped(t, 2, lostCreateAnswer(mode, nil))
			// A room with the same title exists already: it must not be taken for the new one.
			old := rig.portal.AddRoom("Board", docspace.RoomCustom)
			before := len(rig.portal.Rooms())
			plan := faultPlan("Board")
			res := rig.client.Execute(context.Background(), plan, nil, nil)
			assertTruthful(t, rig.portal, res, before, "Board")
			if res.Status() != docspace.StatusComplete || res.Room == nil || res.Room.ID == old || !res.RoomCreated {
				t.Fatalf("status %v, room %+v, err %v: want the new room found and everyone invited", res.Status(), res.Room, res.Err)
			}
			if n := faultmatrix.SuccessfulCreates(rig.portal); n != 1 {
				t.Errorf("%d successful creates, want 1", n)
			}
			if n := rig.portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n != 1 {
				t.Errorf("%d create calls, want 1: a create that may have worked is never repeated", n)
			}
		})
	}
}

// When the room cannot be looked for either, the result says the room may exist:
// never "no room was created".
func TestCreateAnswerLostAndListingFails(t *testing.T) {
	breakListing := func(p *docspacetest.Portal) {
		p.InjectFault(docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/files/rooms", Status: 503, Body: faultmatrix.ProxyHTML(503)})
	}
	rig := newFaultRigWrapped(t, 2, lostCreateAnswer("502", breakListing))
	plan := faultPlan("Board")
	res := rig.client.Execute(context.Background(), plan, nil, nil)
	if res.Room != nil || !res.RoomUncertain || res.Status() != docspace.StatusFailed {
		t.Fatalf("room %+v uncertain=%v status %v, want no room, uncertain, failed", res.Room, res.RoomUncertain, res.Status())
	}
	msg := res.Err.Error()
	if !strings.Contains(msg, `may have created the room anyway: look for "Board" in DocSpace before running again`) {
		t.Errorf("message %q does not warn that the room may exist", msg)
	}
	t.Logf("user sees: %s", msg)
	for _, o := range res.Outcomes {
		if o.Kind != docspace.OutcomeNotSent {
			t.Errorf("%s: %v, want not sent", o.Invitee.Email, o.Kind)
		}
		// Each row agrees with the headline: the room may exist, so none says it was not created.
		if !strings.Contains(o.Reason, "the room may exist") || strings.Contains(o.Reason, "could not be created") {
			t.Errorf("%s: reason %q, want it to say the room may exist", o.Invitee.Email, o.Reason)
		}
	}
}

// The portal applies a share call's entries in order until one fails, with no
// transaction: the summary, read back from the members, names exactly who got in.
// One batch of six stops after 0..5 entries; of two batches of two, the first or
// the second to arrive stops after 0 or 1.
func TestPartialShareFailureIsReportedExactly(t *testing.T) {
	type tc struct {
		name          string
		batch, people int
		phase         faultmatrix.Phase
		applied       int
	}
	var cases []tc
	for n := 0; n < 6; n++ {
		cases = append(cases, tc{fmt.Sprintf("one batch of 6 stops after %d", n), 0, 6, faultmatrix.Phases()[2], n})
	}
	for n := 0; n < 2; n++ {
		for b := 1; b <= 2; b++ {
			cases = append(cases, tc{fmt.Sprintf("batch %d of 2 stops after %d", b, n), 2, 4, faultmatrix.Phases()[1+b], n})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rig := newFaultRigWrapped(t, c.batch, nil)
			f := faultCase{Case: faultmatrix.Case{Name: "role", Fault: docspacetest.Fault{AfterEntries: c.applied}}}
			if c.applied == 0 { // the very first entry is refused: nothing of this call is applied
				f.Fault = docspacetest.Fault{Status: 403, Body: faultmatrix.Envelope(403, "The role is not available for this user type")}
			}
			rig.inject(c.phase, f, 1)
			plan := faultPlan("Partial")
			plan.Invitees = append(plan.Invitees,
				docspace.Invitee{Email: "dee@example.com", Access: docspace.AccessReview},
				docspace.Invitee{Email: "eve@example.com", Access: docspace.AccessRead})[:c.people]
			before := len(rig.portal.Rooms())
			res := rig.client.Execute(context.Background(), plan, nil, nil)
			assertTruthful(t, rig.portal, res, before, "Partial")
			if res.Status() != docspace.StatusPartial {
				t.Fatalf("status %v (%v), want partial", res.Status(), res.Err)
			}
			counts := res.Counts()
			in := counts[docspace.OutcomeNewGuest] + counts[docspace.OutcomeAdded]
			wantFailed := c.people - c.applied
			if c.batch > 0 {
				wantFailed = c.batch - c.applied // only the batch that stopped
			}
			if counts[docspace.OutcomeFailed] != wantFailed || in != c.people-wantFailed {
				t.Errorf("outcomes %v, want %d failed and %d in", counts, wantFailed, c.people-wantFailed)
			}
			culprits := 0
			for _, o := range res.Outcomes {
				if o.Kind != docspace.OutcomeFailed {
					continue
				}
				switch {
				case strings.Contains(o.Reason, "role is not available"):
					culprits++
				case !strings.Contains(o.Reason, "not applied: the portal stopped at"):
					t.Errorf("%s: reason %q", o.Invitee.Email, o.Reason)
				}
			}
			if culprits != 1 {
				t.Errorf("%d people blamed for the refusal, want exactly 1", culprits)
			}
			retry, ok := res.RetryPlan(plan)
			if !ok || len(retry.Invitees) != wantFailed {
				t.Fatalf("retry plan %+v, want the %d failed", retry, wantFailed)
			}
			rig.clear()
			mark := len(rig.portal.Requests())
			if res2 := rig.client.Execute(context.Background(), retry, nil, nil); res2.Status() != docspace.StatusComplete {
				t.Fatalf("retry: %v (%v)", res2.Status(), res2.Err)
			}
			if got := len(sharedEmails(t, rig.portal, mark)); got != wantFailed {
				t.Errorf("the retry sent %d people, want the %d failed", got, wantFailed)
			}
			if n := faultmatrix.SuccessfulCreates(rig.portal); n != 1 {
				t.Errorf("%d creates", n)
			}
		})
	}
}
