package tui

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/faultmatrix"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// The fault matrix through the wizard: every fault of the catalogue in every phase the
// wizard meets (the key check at start, create, share, the members read), once (a
// blip) and always (an outage), through the whole program (teatest) against
// docspacetest and the real client. Each case checks what the user reads (a sentence
// and what to do), the room's title and link whenever the room exists, the exit code,
// and that the portal's log shows at most one successful create. It mirrors
// TestFaultMatrixEngine (docspace) and TestFaultMatrixScriptable (cli).

// wizardTimeout is the per-request timeout of the wizard's client in these tests:
// short, so a timeout costs little, and long enough for a loaded machine.
const wizardTimeout = time.Second // short, yet above a loaded CI machine's slowest honest answer

// fastConnect is the real client with instant waits between its three attempts, a
// short request timeout, and two invitations per share call.
func fastConnect(portal, key string) (Portal, error) {
	return docspace.New(portal, key, docspace.WithBatchSize(2),
		docspace.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }),
		docspace.WithRequestTimeout(wizardTimeout),
		docspace.WithRetry(docspace.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}))
}

// wizardPhase selects the requests of one phase of the wizard's work.
type wizardPhase struct {
	name, short    string
	method, prefix string
	skip           int  // matching requests let through before the fault
	link           bool // the plan turns the room's invitation link on
	template       bool // the plan makes the room from a template
}

func wizardPhases() []wizardPhase {
	return []wizardPhase{
		{name: "key check", short: "key", method: http.MethodGet, prefix: "/api/2.0/keys/@self"},
		{name: "create", short: "create", method: http.MethodPost, prefix: "/api/2.0/files/rooms"},
		{name: "share", short: "share", method: http.MethodPut, prefix: "/api/2.0/files/rooms/"},
		// A new room's run reads nothing else under /files/rooms/ (the room list is
		// /files/rooms, the look-ups /people/email).
		{name: "members read", short: "read", method: http.MethodGet, prefix: "/api/2.0/files/rooms/"},
		// PUT …/rooms/{id}/links: the third PUT under /files/rooms/, after both share calls.
		{name: "link", short: "link", method: http.MethodPut, prefix: "/api/2.0/files/rooms/", skip: 2, link: true},
		// The room made from a template: the job's start, then its status polls.
		{name: "from template", short: "tmpl", method: http.MethodPost, prefix: "/api/2.0/files/rooms/fromtemplate", template: true},
		{name: "template status", short: "poll", method: http.MethodGet, prefix: "/api/2.0/files/rooms/fromtemplate/status", template: true},
	}
}

// wizardFault is one fault of the shared catalogue and what the user should read about it.
type wizardFault struct {
	faultmatrix.Case
	short   string
	hint    string // what to do, on the summary
	keyHint string // what to do, on the key step (when not hint)
}

// wizardFaults is the shared catalogue without the network faults (the wizard's
// client has no broken transport; TestFaultUnreachablePortal covers them), each with
// its short name for the room title and what to do.
func wizardFaults(t *testing.T) []wizardFault {
	t.Helper()
	const (
		restart = "The portal may be restarting: try again in a minute."
		wait    = "Wait a minute and try again."
		network = "Check the portal address and your network connection."
	)
	extras := map[string]wizardFault{
		"500 HTML":                {short: "500", hint: restart},
		"502 HTML":                {short: "502", hint: restart},
		"503 HTML":                {short: "503", hint: restart},
		"429 with Retry-After":    {short: "429 RA", hint: wait},
		"429 without Retry-After": {short: "429", hint: wait},
		"401 empty": {short: "401",
			hint:    "Check the API key (it may be revoked or expired) and sign in again with `docspace-wizard login`.",
			keyHint: "Paste a working key."},
		"403 empty":            {short: "403", hint: "The API key lacks a scope this needs (rooms:write, accounts:read): create a key with those scopes."},
		"403 role not allowed": {short: "403 role", hint: "Ask a DocSpace admin for the rights this needs, or choose a different access level."},
		"402 quota":            {short: "402", hint: "Free up rooms or storage, or upgrade the portal's plan, then try again."},
		"404 room gone": {short: "404", hint: "Check the room or person still exists on the portal.",
			keyHint: "Check the portal address: it must be your DocSpace address"},
		"connection reset": {short: "reset", hint: network},
		"timeout":          {short: "timeout", hint: network},
	}
	var out []wizardFault
	for _, c := range faultmatrix.Cases(false) { // no network faults: the resolver does not matter
		if c.Net != faultmatrix.NetNone {
			continue
		}
		fc, ok := extras[c.Name]
		if !ok {
			t.Fatalf("no short name or hint for the fault %q", c.Name)
		}
		fc.Case = c
		out = append(out, fc)
	}
	if len(out) != len(extras) {
		t.Fatalf("%d faults for %d entries of short names and hints: a name does not match the catalogue", len(out), len(extras))
	}
	return out
}

// wizardPeople are three new guests and one portal user: two share calls of two.
var wizardPeople = strings.Join([]string{"ann@example.com", "bob@example.com", docspacetest.DemoUserEmail, "cy@example.com"}, "\n")

// newFaultFlow starts the wizard on a plan for the four people (a Custom room titled
// title) with the fast client; inject, when set, runs before the program starts.
func newFaultFlow(t *testing.T, title string, inject func(*docspacetest.Portal)) *flow {
	t.Helper()
	return newFaultFlowFor(t, title, wizardPhase{}, inject)
}

// newFaultFlowFor is newFaultFlow with the plan ph needs: the room's invitation link
// on (--link), or the room made from the demo template (--template).
func newFaultFlowFor(t *testing.T, title string, ph wizardPhase, inject func(*docspacetest.Portal)) *flow {
	t.Helper()
	pre := Prefill{Title: ptr(title), Type: ptr(docspace.RoomCustom), Invites: invites(wizardPeople)}
	if ph.link {
		pre.Link = &docspace.LinkPlan{Access: docspace.AccessRead}
	}
	if ph.template {
		pre.Type, pre.Template = ptr(docspace.RoomVirtualData), ptr(faultmatrix.TemplateTitle)
	}
	return newFlow(t, pre, func(p *docspacetest.Portal, o *Options) {
		o.Connect = fastConnect
		if inject != nil {
			inject(p)
		}
	})
}

// wantExit is how the wizard ends after a fault in a phase, as onboard.RunEnd says.
func wantExit(ph wizardPhase, fc wizardFault, times int) onboard.End {
	switch ph.name {
	case "key check":
		switch {
		case times == 1:
			return onboard.EndDone // survived, or the key typed again worked
		case fc.Fault.Status == 401 || fc.Fault.Status == 403:
			return onboard.EndKeyRefused
		}
		return onboard.EndFailed
	case "create", "from template":
		switch {
		case times == 1 && fc.CreateRetried:
			return onboard.EndDone
		case fc.Fault.Status == 401:
			return onboard.EndKeyRefused
		}
		return onboard.EndFailed
	}
	if times == 1 && fc.SafeRetried {
		return onboard.EndDone
	}
	return onboard.EndPartial
}

func TestFaultMatrixWizard(t *testing.T) {
	// The exit codes, as testdata/TestFaultMatrixWizard.golden (RELIABILITY.md links it).
	table := faultmatrix.NewTable("Fault matrix: the wizard",
		"Exit codes (0 done, 1 failed, 3 partial: the room exists, 4 key rejected); 0*: back on the key step, the key typed again worked.", false)
	t.Cleanup(func() { table.Golden(t, true) }) // no network faults: the resolver does not matter
	for _, ph := range wizardPhases() {
		for _, fc := range wizardFaults(t) {
			table.Run(t, ph.name, fc.Name, func(t *testing.T, mode faultmatrix.Mode) (string, string) {
				return testWizardFault(t, ph, fc, mode.Name, mode.Times), ""
			})
		}
	}
}

// testWizardFault runs one case and returns its exit code as the table shows it.
func testWizardFault(t *testing.T, ph wizardPhase, fc wizardFault, mode string, times int) string {
	title := ph.short + " " + fc.short + " " + mode
	fault := fc.Fault
	fault.Method, fault.PathPrefix, fault.Times = ph.method, ph.prefix, times
	var inject func(*docspacetest.Portal)
	if ph.name == "key check" {
		inject = func(p *docspacetest.Portal) { p.InjectFault(fault) }
	}
	f := newFaultFlowFor(t, title, ph, inject)
	want := wantExit(ph, fc, times)

	if ph.name == "key check" {
		return testKeyCheckFault(t, f, fc, times)
	}
	f.on(stepReview, "Nothing is written")
	roomsBefore := len(f.portal.Rooms())
	if ph.skip > 0 { // let the first ones through untouched
		f.portal.InjectFault(docspacetest.Fault{Method: ph.method, PathPrefix: ph.prefix, Delay: time.Nanosecond, Times: ph.skip})
	}
	f.portal.InjectFault(fault)
	f.press("enter")
	f.waitFor("the summary", func(s stepID, _ string) bool { return s == stepSummary })
	screen := f.screenNow()
	res, code := f.finish()
	t.Logf("seen %s :: ended %v\n%s", t.Name(), code, screen)
	if mayExist(ph, fc) && strings.Contains(screen, "r retry") {
		t.Errorf("a retry is offered although the room may exist:\n%s", screen)
	}

	if code != want {
		t.Errorf("ended %v, want %v; summary:\n%s", code, want, screen)
	}
	if strings.Contains(screen, docspacetest.DemoKey) {
		t.Errorf("the key shows on the summary")
	}
	if n := faultmatrix.SuccessfulCreates(f.portal); n > 1 {
		t.Errorf("the portal's log shows %d successful create calls", n)
	}
	created := len(f.portal.Rooms()) - roomsBefore
	if created > 1 || (res.Room != nil) != (created == 1) {
		t.Fatalf("the portal made %d rooms; the result says room %+v", created, res.Room)
	}
	assertSummaryTruthful(t, f.portal, res, screen)
	if created == 1 {
		room := f.portal.Rooms()[len(f.portal.Rooms())-1]
		if !strings.Contains(screen, fmt.Sprintf("%q", title)) || !strings.Contains(screen, room.Link) {
			t.Errorf("the summary lacks the room's title %q or link %s:\n%s", title, room.Link, screen)
		}
	}
	if want == onboard.EndDone {
		if !strings.Contains(flat(screen), "everyone is in") {
			t.Errorf("a single %s was not survived:\n%s", fc.Name, screen)
		}
		return faultmatrix.Cell(code)
	}
	for _, says := range phaseSays(ph, fc) {
		if !strings.Contains(flat(screen), says) {
			t.Errorf("the summary does not say %q:\n%s", says, screen)
		}
	}
	if !strings.Contains(strings.ToLower(flat(screen)), strings.ToLower(fc.Says)) {
		t.Errorf("the summary does not say %q:\n%s", fc.Says, screen)
	}
	if !strings.Contains(flat(screen), fc.hint) {
		t.Errorf("the summary does not say what to do (%q):\n%s", fc.hint, screen)
	}
	return faultmatrix.Cell(code)
}

func assertSummaryTruthful(t *testing.T, p *docspacetest.Portal, res docspace.Result, screen string) {
	t.Helper()
	in := map[string]bool{}
	if res.Room != nil {
		for _, m := range p.Members(res.Room.ID) {
			in[strings.ToLower(m.User.Email)] = true
		}
	}
	want := map[string]int{}
	for _, o := range res.Outcomes {
		member := in[strings.ToLower(o.Invitee.Email)]
		switch o.Kind {
		case docspace.OutcomeNewGuest, docspace.OutcomeAdded, docspace.OutcomeAlreadyMember:
			if !member {
				t.Errorf("%s is reported %v but is not in the room", o.Invitee.Email, o.Kind)
			}
		case docspace.OutcomeFailed, docspace.OutcomeNotSent:
			if member {
				t.Errorf("%s is reported %v (%s) but is in the room", o.Invitee.Email, o.Kind, o.Reason)
			}
		}
		want[onboard.OutcomeMark(o.Kind)]++
	}
	got := map[string]int{}
	for _, l := range strings.Split(screen, "\n") {
		if f := strings.Fields(l); len(f) > 1 && len([]rune(f[0])) == 1 && strings.Contains(l, "@") {
			got[f[0]]++
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(res.Outcomes) != 4 {
		t.Errorf("the summary's marks %v, the result's outcomes %v (%d people):\n%s", got, want, len(res.Outcomes), screen)
	}
}

// mayExist reports a fault after which the room may exist though the run cannot tell:
// a create, or a template job's start, whose answer was lost or an error page.
func mayExist(ph wizardPhase, fc wizardFault) bool {
	switch ph.name {
	case "create":
		return fc.Name == "timeout"
	case "from template":
		return fc.Name == "timeout" || fc.Name == "connection reset" || fc.Fault.Status >= 500
	}
	return false
}

// phaseSays is what the summary says about a failed phase, whatever the fault.
func phaseSays(ph wizardPhase, fc wizardFault) []string {
	switch {
	case ph.name == "create" && fc.Name == "timeout":
		// The portal may still be making the room: no "could not be created", no retry.
		return []string{"The portal did not confirm whether the room was created: look for it in", "in DocSpace before running again", "4 not sent"}
	case ph.name == "create":
		return []string{"The room could not be created.", "4 not sent"}
	case ph.name == "from template" && mayExist(ph, fc):
		return []string{"The portal did not confirm whether the room was created: look for it in", "in DocSpace before running again", "4 not sent"}
	case ph.name == "from template":
		return []string{"The room could not be created.", "4 not sent"}
	case ph.name == "template status":
		return []string{"was made, but whether the portal's job finished copying the template into it could not be read: check the room in DocSpace.", "4 people not invited yet."}
	case ph.name == "share":
		return []string{"could not be invited", "failed"}
	case ph.name == "members read":
		return []string{"4 invitations sent, not confirmed.", "4 not confirmed"}
	case ph.name == "link" && (fc.Fault.Status >= 500 || fc.Name == "timeout" || fc.Name == "connection reset"):
		// The call may have reached the portal: the link may be on.
		return []string{"is created and everyone is in.", "The portal did not confirm whether the invitation link of", "was turned on", "or run again with --room"}
	case ph.name == "link":
		return []string{"is created and everyone is in.", "was not turned on: turn it on in the room's settings in DocSpace, or run again with --room"}
	}
	return nil
}

// testKeyCheckFault: the key check at start fails, the wizard shows the key step and
// says why; the key is typed again: with the fault gone the run completes, with the
// fault still there the step says why again and Ctrl+C ends the wizard.
func testKeyCheckFault(t *testing.T, f *flow, fc wizardFault, times int) string {
	if times == 1 && fc.SafeRetried {
		f.on(stepReview, "Nothing is written")
		f.press("enter")
		f.on(stepSummary, "everyone is in")
		_, code := f.finish()
		if code != onboard.EndDone || faultmatrix.SuccessfulCreates(f.portal) != 1 {
			t.Errorf("ended %v and %d rooms after a single %s at the key check", code, faultmatrix.SuccessfulCreates(f.portal), fc.Name)
		}
		return faultmatrix.Cell(code)
	}
	f.on(stepPortal, "The saved key") // the notice comes with the step
	notice := f.screenNow()
	hint := fc.hint
	if fc.keyHint != "" {
		hint = fc.keyHint
	}
	t.Logf("seen %s :: key step\n%s", t.Name(), notice)
	verdict := "The saved key could not be checked: "
	if fc.Fault.Status == 401 || fc.Fault.Status == 403 {
		verdict = "The saved key did not work: "
	}
	if !strings.Contains(flat(notice), verdict) {
		t.Errorf("the key step does not say %q:\n%s", verdict, notice)
	}
	if !strings.Contains(strings.ToLower(flat(notice)), strings.ToLower(fc.Says)) || !strings.Contains(flat(notice), hint) {
		t.Errorf("the key step does not say %q and %q:\n%s", fc.Says, hint, notice)
	}
	f.tm.Type(docspacetest.DemoKey)
	f.press("enter")
	if times == 1 {
		f.on(stepReview, "Nothing is written")
		f.press("enter")
		f.on(stepSummary, "everyone is in")
		_, code := f.finish()
		if code != onboard.EndDone || faultmatrix.SuccessfulCreates(f.portal) != 1 {
			t.Errorf("ended %v and %d rooms after typing the key again", code, faultmatrix.SuccessfulCreates(f.portal))
		}
		return faultmatrix.Cell(code) + "*" // after the key was typed again
	}
	f.waitFor("the key step's own reason", func(s stepID, screen string) bool {
		return s == stepPortal && strings.Contains(screen, "✗ ")
	})
	again := f.screenNow()
	t.Logf("seen %s :: typed again\n%s", t.Name(), again)
	if own := flat(again[strings.Index(again, "✗ "):]); !strings.Contains(strings.ToLower(own), strings.ToLower(fc.Says)) || !strings.Contains(own, hint) {
		t.Errorf("the key step's own line does not say %q and %q:\n%s", fc.Says, hint, again)
	}
	if strings.Contains(again, docspacetest.DemoKey) {
		t.Errorf("the key shows on the key step")
	}
	f.press("ctrl+c")
	_, code := f.tm.FinalModel(t, teatestFinalTimeout()).(*model).result()
	if want := wantExit(wizardPhases()[0], fc, 0); code != want {
		t.Errorf("ended %v, want %v", code, want)
	}
	if n := faultmatrix.SuccessfulCreates(f.portal); n != 0 {
		t.Errorf("%d rooms created with the key check failing", n)
	}
	return faultmatrix.Cell(code)
}

func flat(screen string) string { return strings.Join(strings.Fields(screen), " ") }

// The whole portal is out of reach at the key check: nothing answers at the address,
// the host name does not exist, or the certificate is self-signed (a TLS server whose
// CA the client does not have). The key step says so in a sentence, with what to do,
// both for the saved key and for a key typed into the step; Ctrl+C then ends with 1.
func TestFaultUnreachablePortal(t *testing.T) {
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request got past the refused certificate: %s", r.URL)
	}))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	if err := l.Close(); err != nil { // the port must be free for the refusal to be real
		t.Fatal(err)
	}
	tests := []struct {
		name, portal string
		says         []string // any of them
	}{
		{"connection refused", closed, []string{"could not reach the portal at " + closed + ": the connection was refused: nothing answers at this address."}},
		// "could not be found" where the resolver says no such host; a sandbox without
		// DNS fails the look-up itself.
		{"unknown host", "https://portal.invalid", []string{"the portal's host name could not be found: check the portal address.",
			"the portal's host name could not be looked up (DNS failed): check your network connection."}},
		{"TLS self-signed", tlsSrv.URL, []string{"the portal's TLS certificate is not trusted (self-signed or from an unknown authority), so the connection was refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			url, err := docspace.NormalizePortal(tt.portal)
			if err != nil {
				t.Fatal(err)
			}
			f := newFlow(t, Prefill{Title: ptr("Unreachable"), Type: ptr(docspace.RoomCustom), Invites: invites(wizardPeople)}, func(_ *docspacetest.Portal, o *Options) {
				o.Portal, o.Connect = tt.portal, fastConnect
				o.Keys = &fakeKeys{keys: map[string]string{url: docspacetest.DemoKey}}
			})
			says := func(screen string) bool {
				for _, s := range tt.says {
					if strings.Contains(flat(screen), s) {
						return true
					}
				}
				return false
			}
			const what = "Check the portal address and your network connection."
			f.on(stepPortal, "The saved key could not be checked")
			notice := f.screenNow()
			t.Logf("seen %s :: key step\n%s", t.Name(), notice)
			if !says(notice) || !strings.Contains(flat(notice), what) {
				t.Errorf("the key step does not say what happened (%q) and what to do:\n%s", tt.says, notice)
			}
			f.tm.Type(docspacetest.DemoKey)
			f.press("enter")
			f.waitFor("the step's own reason", func(s stepID, screen string) bool { return s == stepPortal && strings.Contains(screen, "✗ ") })
			again := f.screenNow()
			t.Logf("seen %s :: typed again\n%s", t.Name(), again)
			if !says(again[strings.Index(again, "✗ "):]) {
				t.Errorf("the key step's own line does not say what happened:\n%s", again)
			}
			if strings.Contains(again, docspacetest.DemoKey) {
				t.Errorf("the key shows on the key step")
			}
			f.press("ctrl+c")
			if _, code := f.tm.FinalModel(t, teatestFinalTimeout()).(*model).result(); code != onboard.EndFailed {
				t.Errorf("ended %v, want %v", code, onboard.EndFailed)
			}
			if n := len(f.portal.Requests()); n != 0 {
				t.Errorf("%d requests reached the (other) portal", n)
			}
		})
	}
}

// sentTo lists who the share calls from index from on invited, by e-mail (people
// invited by id are named by their e-mail on the portal), sorted.
func sentTo(t *testing.T, p *docspacetest.Portal, from int) []string {
	t.Helper()
	out := faultmatrix.SharedEmails(t, p, from)
	sort.Strings(out)
	return out
}

// notIn lists the four people who are not in the room (with any access), sorted.
func notIn(p *docspacetest.Portal, roomID int) []string {
	in := map[string]bool{}
	for _, m := range p.Members(roomID) {
		in[strings.ToLower(m.User.Email)] = true
	}
	var out []string
	for _, e := range strings.Split(wizardPeople, "\n") {
		if !in[strings.ToLower(e)] {
			out = append(out, strings.ToLower(e))
		}
	}
	sort.Strings(out)
	return out
}

// After a failure, the summary's "r retry the failed" sends only the invitations that
// failed, to the same room; when no room was made, the whole plan runs again; when the
// room may exist (a create's answer lost), no retry is offered. In every case the
// portal's log shows one successful create at most, and exactly one when the room exists.
// (TestFlowPartialFailureThenRetry in flows_test.go is the 403-after-one-entry case.)
func TestFaultRetrySendsOnlyTheFailed(t *testing.T) {
	html500 := docspacetest.Fault{Status: 500, Body: faultmatrix.ProxyHTML(500)}
	role := docspacetest.Fault{Status: 403, Body: faultmatrix.Envelope(403, "The role is not available for this user type")}
	tests := []struct {
		name    string
		fault   docspacetest.Fault
		first   string // the first summary says
		noRetry bool
	}{
		{name: "share 403 role not allowed", fault: withSel(role, http.MethodPut, "/api/2.0/files/rooms/", 0), first: "4 people could not be invited"},
		{name: "share 500 on one batch", fault: withSel(html500, http.MethodPut, "/api/2.0/files/rooms/", 1), first: "could not be invited"},
		{name: "members read 500", fault: withSel(html500, http.MethodGet, "/api/2.0/files/rooms/", 0), first: "4 invitations sent, not confirmed"},
		{name: "create 502", fault: withSel(docspacetest.Fault{Status: 502, Body: faultmatrix.ProxyHTML(502)}, http.MethodPost, "/api/2.0/files/rooms", 0),
			first: "The room could not be created."},
		{name: "create timeout", fault: withSel(docspacetest.Fault{Delay: time.Minute}, http.MethodPost, "/api/2.0/files/rooms", 0),
			first: "The portal did not confirm whether the room was created: look for it in", noRetry: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			title := "Retry " + strings.Fields(tt.name)[0]
			f := newFaultFlow(t, title, nil)
			f.on(stepReview, "Nothing is written")
			f.portal.InjectFault(tt.fault)
			f.press("enter")
			f.on(stepSummary, tt.first)
			first := f.screenNow()
			f.portal.ClearFaults()
			mark := len(f.portal.Requests())
			// The retry sends the people not in the room yet: all four when there is
			// no room (the whole plan runs again).
			roomID := 0
			if rooms := f.portal.Rooms(); rooms[len(rooms)-1].Title == title {
				roomID = rooms[len(rooms)-1].ID
			}
			want := notIn(f.portal, roomID)
			if tt.noRetry {
				if strings.Contains(first, "r retry") {
					t.Errorf("a retry is offered although the room may exist:\n%s", first)
				}
				f.press("r")
				res, code := f.finish()
				if code != onboard.EndFailed || res.Room != nil {
					t.Errorf("ended %v, room %+v; want failed and no room", code, res.Room)
				}
				if n := f.portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n != 1 {
					t.Errorf("%d create calls, want the one that timed out", n)
				}
				return
			}
			if !strings.Contains(first, "r retry the failed") {
				t.Fatalf("no retry offered:\n%s", first)
			}
			f.press("r")
			f.on(stepSummary, "everyone is in")
			second := f.screenNow()
			res, code := f.finish()
			t.Logf("seen %s :: first\n%s\nafter r:\n%s", t.Name(), first, second)
			if code != onboard.EndDone || res.Room == nil {
				t.Fatalf("ended %v after the retry, room %+v", code, res.Room)
			}
			if !strings.Contains(second, fmt.Sprintf("%q", title)) || !strings.Contains(second, res.Room.Link) {
				t.Errorf("the summary lacks the room's title or link:\n%s", second)
			}
			if got := sentTo(t, f.portal, mark); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("the retry sent %q, want only the people not in yet %q", got, want)
			}
			if n := faultmatrix.SuccessfulCreates(f.portal); n != 1 {
				t.Errorf("the portal's log shows %d successful create calls, want 1", n)
			}
			if n := len(f.portal.Rooms()); f.portal.Rooms()[n-1].ID != res.Room.ID {
				t.Errorf("the retry did not use the room the first run made")
			}
			if len(notIn(f.portal, res.Room.ID)) != 0 || len(res.Outcomes) != 4 {
				t.Errorf("not everyone is in the room: %v", notIn(f.portal, res.Room.ID))
			}
		})
	}
}

// withSel is f applied to the requests of method and path prefix, times times (0: all).
func withSel(f docspacetest.Fault, method, prefix string, times int) docspacetest.Fault {
	f.Method, f.PathPrefix, f.Times = method, prefix, times
	return f
}
