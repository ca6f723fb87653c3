package tui

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// SIGTERM during a run stops it as a confirmed Ctrl+C does (the calls under way finish,
// nothing new is sent), then the wizard quits by itself: the summary tells what was
// done and the exit code is 143.
func TestTerminateDuringARunStopsItAndQuitsWith143(t *testing.T) {
	noLeaks(t)
	const people = 12
	var list []string
	for i := range people {
		list = append(list, "p"+string(rune('a'+i))+"@example.com")
	}
	pre := Prefill{Title: ptr("Term"), Type: ptr(docspace.RoomCustom), Invites: invites(strings.Join(list, "\n"))}
	// One e-mail per share call, each held: the signal comes while the first ones are under way.
	f := newFlow(t, pre, func(p *docspacetest.Portal, o *Options) {
		p.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Delay: 700 * time.Millisecond})
		o.Connect = batchConnect(1)
	})
	f.waitFor("the review", func(s stepID, screen string) bool {
		return s == stepReview && strings.Contains(screen, "Nothing is written")
	})
	f.press("enter")
	f.on(stepRun, "Invite batch")
	f.waitArrived("PUT /api/2.0/files/rooms/", docspace.ParallelWrites)
	f.tm.Send(terminateMsg{})
	m := f.tm.FinalModel(t, teatestFinalTimeout()).(*model)
	res, code := m.result()
	if code != onboard.EndTerminated {
		t.Errorf("ended %v, want %v", code, onboard.EndTerminated)
	}
	if !res.Cancelled || res.Room == nil {
		t.Fatalf("result cancelled=%v room=%+v, want a cancelled run with its room", res.Cancelled, res.Room)
	}
	creates, shares := writes(f.portal)
	if creates != 1 || shares != docspace.ParallelWrites {
		t.Errorf("%d creates and %d share calls, want 1 and the %d under way", creates, shares, docspace.ParallelWrites)
	}
	if n := res.Counts()[docspace.OutcomeNotSent]; n != people-shares {
		t.Errorf("%d people reported not sent, want %d", n, people-shares)
	}
	var out bytes.Buffer
	printSummary(&out, f.portal.URL(), res, false)
	for _, want := range []string{`Stopped: room "Term" exists.`, "\n2 people not invited.\n", roomLink(f.portal.URL(), res.Room), "pk@example.com: not sent"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the summary lacks %q:\n%s", want, out.String())
		}
	}
}

// SIGTERM on a question quits at once with 143; nothing was written.
func TestTerminateOnAQuestionQuitsAtOnce(t *testing.T) {
	noLeaks(t)
	f := newFlow(t, Prefill{}, nil)
	f.on(stepAction, "Create a new room")
	f.tm.Send(terminateMsg{})
	m := f.tm.FinalModel(t, teatestFinalTimeout()).(*model)
	if res, code := m.result(); code != onboard.EndTerminated || res.Room != nil {
		t.Errorf("ended %v, room %+v; want terminated and no room", code, res.Room)
	}
	if c, s := writes(f.portal); c+s != 0 {
		t.Errorf("%d creates and %d share calls", c, s)
	}
}

// A second SIGTERM while the run stops quits at once, as a second signal does in --yes.
func TestTerminateTwiceQuitsWithoutWaiting(t *testing.T) {
	fp := newFakePortal()
	fp.events = runEvents(1)
	fp.release = make(chan struct{})
	defer close(fp.release)
	opts := testOptions(fp)
	opts.Prefill = Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCollaboration), Invites: invites("a@example.com")}
	d := newDriver(t, opts, 80, 24)
	d.until("the key check", func() bool { return d.m.st.keyStatus == keyOK })
	d.keys("enter")
	d.until("the run", func() bool { return d.m.cur == stepRun && strings.Contains(d.screen(), "Create room") })
	d.send(terminateMsg{})
	if d.m.quitting || !strings.Contains(d.screen(), "Stopping after the current request") {
		t.Fatalf("the first SIGTERM did not stop the run cleanly (quitting=%v):\n%s", d.m.quitting, d.screen())
	}
	d.send(terminateMsg{})
	if !d.m.quitting {
		t.Error("the second SIGTERM did not quit")
	}
	if _, code := d.m.result(); code != onboard.EndTerminated {
		t.Errorf("ended %v, want terminated", code)
	}
	if got := strings.Join(d.m.abandoned, "\n"); !strings.Contains(got, `The room "Launch" may still be created`) {
		t.Errorf("what is printed after quitting lacks the warning:\n%s", got)
	}
}

// signalSelf sends sig to this test process; guard keeps the process alive should the
// code under test not have caught it. It may be called from any goroutine.
func signalSelf(t *testing.T, sig os.Signal) {
	t.Helper()
	guard := make(chan os.Signal, 1)
	signal.Notify(guard, sig)
	t.Cleanup(func() { signal.Stop(guard) })
	p, err := os.FindProcess(os.Getpid())
	if err == nil {
		err = p.Signal(sig)
	}
	if err != nil {
		t.Errorf("signalling %v: %v", sig, err)
	}
}

// SIGTERM reaches the program as terminateMsg, and the goroutine ends with the
// program. (No SIGINT is sent here: teatest's harness would take it.)
func TestForwardSignals(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	noLeaks(t)
	got := make(chan tea.Msg, 1)
	stop := forwardSignals(func(m tea.Msg) { got <- m })
	defer stop()
	signalSelf(t, syscall.SIGTERM)
	select {
	case m := <-got:
		if _, ok := m.(terminateMsg); !ok {
			t.Errorf("SIGTERM became %T, want terminateMsg", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM never reached the program")
	}
	if _, ok := signalMsg(os.Interrupt).(tea.InterruptMsg); !ok {
		t.Errorf("SIGINT becomes %T, want tea.InterruptMsg (the program ends at once, as before)", signalMsg(os.Interrupt))
	}
}

// heldCreate is a docspacetest portal whose create call is held for a while, and a
// channel closed when it arrives.
func heldCreate(t *testing.T) (*docspacetest.Portal, string, <-chan struct{}) {
	t.Helper()
	portal := docspacetest.New(docspacetest.WithDemoData())
	portal.InjectFault(docspacetest.Fault{Method: http.MethodPost, PathPrefix: "/api/2.0/files/rooms", Delay: 500 * time.Millisecond})
	arrived := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/api/2.0/files/rooms" {
			once.Do(func() { close(arrived) })
		}
		portal.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	portal.SetURL(srv.URL)
	return portal, srv.URL, arrived
}

// The program itself: a real SIGTERM during the create call ends Run with 143 and
// the summary of what was done (the room exists, nobody invited).
func TestRunStopsOnSIGTERM(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	portal, url, arrived := heldCreate(t)
	norm, _ := docspace.NormalizePortal(url)
	in, inW := io.Pipe()
	defer func() { _ = inW.Close() }()
	out := &watchedBuffer{want: "Nothing is written until you press enter", seen: make(chan struct{})}
	opts := Options{
		Portal:  url,
		Prefill: Prefill{Title: ptr("Signal"), Type: ptr(docspace.RoomCustom), Invites: invites("a@example.com, b@example.com")},
		Keys:    &fakeKeys{keys: map[string]string{norm: docspacetest.DemoKey}},
		Getenv:  envOf(),
		Connect: func(p, k string) (Portal, error) { return docspace.New(p, k) },
		In:      in, Out: out,
	}
	go func() {
		select {
		case <-out.seen:
			_, _ = inW.Write([]byte("\r")) // confirm the review
		case <-time.After(10 * time.Second):
			return
		}
		select {
		case <-arrived:
			signalSelf(t, syscall.SIGTERM)
		case <-time.After(10 * time.Second):
		}
	}()
	res, code := Run(context.Background(), opts)
	if code != onboard.EndTerminated {
		t.Errorf("ended %v, want terminated; output:\n%s", code, out.String())
	}
	if !res.Cancelled || res.Room == nil {
		t.Errorf("result cancelled=%v room=%+v, want a stopped run with its room", res.Cancelled, res.Room)
	}
	if !strings.Contains(out.String(), "Stopped: room \"Signal\" exists.\n2 people not invited.") {
		t.Errorf("the summary after exit is missing:\n%s", out.String())
	}
	if _, shares := writes(portal); shares != 0 {
		t.Errorf("%d share calls after the stop", shares)
	}
}

// --accessible: SIGTERM during the run stops it cleanly, prints the summary, asks
// nothing more and exits 143.
func TestAccessibleModeStopsOnSIGTERM(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	portal, url, arrived := heldCreate(t)
	norm, _ := docspace.NormalizePortal(url)
	input := strings.Join([]string{"1", "Screen stop", "2", "", "someone@example.com, other@example.com", "", "", "n", "", "", "", "y"}, "\n") + "\n"
	var out bytes.Buffer
	go func() {
		select {
		case <-arrived:
			signalSelf(t, syscall.SIGTERM)
		case <-time.After(10 * time.Second):
		}
	}()
	res, code := Run(context.Background(), Options{
		Portal:     url,
		Keys:       &fakeKeys{keys: map[string]string{norm: docspacetest.DemoKey}},
		Getenv:     envOf(),
		Connect:    func(p, k string) (Portal, error) { return docspace.New(p, k) },
		Accessible: true,
		In:         strings.NewReader(input),
		Out:        &out,
	})
	text := out.String()
	if code != onboard.EndTerminated {
		t.Errorf("ended %v, want terminated; output:\n%s", code, text)
	}
	for _, want := range []string{"Terminated.\nStopping after the current request", "Stopped: room \"Screen stop\" exists.\n2 people not invited."} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Start another room?") || strings.Contains(text, "Retry the failed ones?") {
		t.Errorf("asked more questions after SIGTERM:\n%s", text)
	}
	if !res.Cancelled {
		t.Errorf("result not cancelled: %+v", res)
	}
	if _, shares := writes(portal); shares != 0 {
		t.Errorf("%d share calls after the stop", shares)
	}
}

// --accessible: the first Ctrl+C during a create that does not answer says at once that
// the room may still be created, naming it; the second quits with 130 without waiting.
func TestAccessibleModeCtrlCTwiceDuringAHangingCreate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	const hang = 3 * time.Second // the client's own limit on the create: longer than the test needs
	portal := docspacetest.New(docspacetest.WithDemoData())
	portal.InjectFault(docspacetest.Fault{Method: http.MethodPost, PathPrefix: "/api/2.0/files/rooms", Delay: time.Minute})
	arrived := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/api/2.0/files/rooms" {
			once.Do(func() { close(arrived) })
		}
		portal.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	portal.SetURL(srv.URL)
	norm, _ := docspace.NormalizePortal(srv.URL)
	const warning = `The room "Hang" may still be created by the request in flight; check DocSpace before running again.`
	out := &watchedBuffer{want: warning, seen: make(chan struct{})}
	go func() {
		select {
		case <-arrived:
		case <-time.After(10 * time.Second):
			return
		}
		signalSelf(t, os.Interrupt)
		select {
		case <-out.seen:
		case <-time.After(hang):
			return // the test fails below: the warning did not come at once
		}
		if strings.Contains(out.String(), "Stopped") {
			return // the summary came first: the stop waited for the create
		}
		signalSelf(t, os.Interrupt)
	}()
	input := strings.Join([]string{"1", "Hang", "2", "", "someone@example.com", "", "", "n", "", "", "", "y"}, "\n") + "\n"
	start := time.Now()
	_, code := Run(context.Background(), Options{
		Portal:     srv.URL,
		Keys:       &fakeKeys{keys: map[string]string{norm: docspacetest.DemoKey}},
		Getenv:     envOf(),
		Connect:    func(p, k string) (Portal, error) { return docspace.New(p, k, docspace.WithRequestTimeout(hang)) },
		Accessible: true,
		In:         strings.NewReader(input),
		Out:        out,
	})
	text := out.String()
	if code != onboard.EndInterrupted {
		t.Errorf("ended %v, want interrupted; output:\n%s", code, text)
	}
	if took := time.Since(start); took >= hang {
		t.Errorf("took %v: the second Ctrl+C waited for the create", took)
	}
	for _, want := range []string{"Stopping after the current request; press Ctrl+C again to quit at once.\n" + warning,
		"Quit without waiting for the run to end.\n" + warning} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Start another room?") || strings.Contains(text, "Retry the failed ones?") {
		t.Errorf("asked more questions after quitting:\n%s", text)
	}
}
