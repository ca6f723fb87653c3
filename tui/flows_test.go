package tui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// flow is the whole program (Bubble Tea's, through teatest) against a docspacetest
// portal and the real client. It watches the model's screen through the observe hook
// rather than the terminal output, which the renderer diffs.
type flow struct {
	t      *testing.T
	portal *docspacetest.Portal
	tm     *teatest.TestModel
	m      *model
	keys   *fakeKeys

	mu      sync.Mutex
	step    stepID
	screen  string
	changed chan struct{}
	// arrived lists the requests that reached the portal ("METHOD /path"), in order
	// of arrival; the portal's own log has them in the order they finished.
	arrived []string
}

// newFlow starts the wizard against a fresh demo portal whose key is in the keyring.
func newFlow(t *testing.T, pre Prefill, setup func(*docspacetest.Portal, *Options), popts ...docspacetest.Option) *flow {
	t.Helper()
	return newTunedFlow(t, pre, setup, nil, popts...)
}

// batchConnect is newFlow's client sending n invitations per share call, for tests
// that need several calls out of a few people.
func batchConnect(n int) func(portal, key string) (Portal, error) {
	return func(portal, key string) (Portal, error) {
		return docspace.New(portal, key, docspace.WithRetry(docspace.RetryPolicy{MaxAttempts: 1}), docspace.WithBatchSize(n))
	}
}

// newTunedFlow is newFlow with tune called on the model before the program starts.
func newTunedFlow(t *testing.T, pre Prefill, setup func(*docspacetest.Portal, *Options), tune func(*model), popts ...docspacetest.Option) *flow {
	t.Helper()
	portal := docspacetest.New(append([]docspacetest.Option{docspacetest.WithDemoData()}, popts...)...)
	f := &flow{t: t, portal: portal, changed: make(chan struct{}, 1)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.arrived = append(f.arrived, r.Method+" "+r.URL.Path)
		f.mu.Unlock()
		portal.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	portal.SetURL(srv.URL)
	url, err := docspace.NormalizePortal(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	f.keys = &fakeKeys{keys: map[string]string{url: docspacetest.DemoKey}}
	opts := Options{
		Portal:  srv.URL,
		Prefill: pre,
		Keys:    f.keys,
		Getenv:  func(string) string { return "" },
		Connect: func(portal, key string) (Portal, error) {
			return docspace.New(portal, key, docspace.WithRetry(docspace.RetryPolicy{MaxAttempts: 1}))
		},
	}
	if setup != nil {
		setup(portal, &opts)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	f.m = newModel(ctx, opts)
	f.m.st.debounce = 10 * time.Millisecond
	if tune != nil {
		tune(f.m)
	}
	f.m.observe = func(id stepID, screen string) {
		f.mu.Lock()
		f.step, f.screen = id, plain(screen)
		f.mu.Unlock()
		select {
		case f.changed <- struct{}{}:
		default:
		}
	}
	f.tm = teatest.NewTestModel(t, f.m, teatest.WithInitialTermSize(80, 24))
	return f
}

// waitFor waits until the screen satisfies cond; it fails the test after a while.
func (f *flow) waitFor(what string, cond func(step stepID, screen string) bool) {
	f.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		f.mu.Lock()
		step, screen := f.step, f.screen
		f.mu.Unlock()
		if cond(step, screen) {
			return
		}
		select {
		case <-f.changed:
		case <-deadline:
			f.t.Fatalf("waiting for %s: gave up on step %s with screen:\n%s", what, step, screen)
		}
	}
}

// on waits for a step whose screen shows text.
func (f *flow) on(id stepID, text string) {
	f.t.Helper()
	f.waitFor(id.String()+" showing "+text, func(s stepID, screen string) bool {
		return s == id && strings.Contains(screen, text)
	})
}

func (f *flow) press(keys ...string) {
	for _, k := range keys {
		f.tm.Send(keyMsg(k))
	}
}

func (f *flow) paste(text string) { f.tm.Send(tea.PasteMsg{Content: text}) }

// finish quits from the summary and returns the result and how the wizard ended.
func (f *flow) finish() (docspace.Result, onboard.End) {
	f.t.Helper()
	f.press("q")
	m := f.tm.FinalModel(f.t, teatest.WithFinalTimeout(10*time.Second)).(*model)
	return m.result()
}

func TestFlowHappyPath(t *testing.T) {
	f := newFlow(t, Prefill{}, nil)
	f.on(stepAction, "Create a new room")
	f.waitFor("the key check", func(stepID, string) bool { return strings.Contains(f.screenNow(), "Room") })
	f.press("enter")
	f.on(stepTitle, "Title of the new room")
	f.tm.Type("Onboarding 2025")
	f.press("enter")
	f.on(stepType, "Room type")
	f.press("down", "enter") // Custom
	f.on(stepSettings, "continue with none")
	f.press("enter")
	f.on(stepPeople, "People to invite")
	f.paste("new.person@example.com\n" + docspacetest.DemoUserEmail + "\n" + docspacetest.DemoRoomAdminEmail)
	f.on(stepPeople, "Robin Rooms")
	f.press("tab")
	f.on(stepAccess, "Default for everyone")
	f.press("enter")
	f.on(stepNotify, "Notify people")
	f.press("enter")
	f.on(stepReview, "Nothing is written until you press enter")
	f.press("enter")
	f.on(stepSummary, "is created and everyone is in")
	res, code := f.finish()
	if code != onboard.EndDone || res.Room == nil || res.Room.Title != "Onboarding 2025" {
		t.Fatalf("ended %v, room %+v", code, res.Room)
	}
	kinds := map[string]docspace.OutcomeKind{}
	for _, o := range res.Outcomes {
		kinds[o.Invitee.Email] = o.Kind
	}
	if kinds["new.person@example.com"] != docspace.OutcomeNewGuest || kinds[docspacetest.DemoUserEmail] != docspace.OutcomeAdded {
		t.Errorf("outcomes %v", kinds)
	}
	if r, ok := f.portal.Room(res.Room.ID); !ok || r.RoomType != docspace.RoomCustom {
		t.Errorf("portal's room %+v", r)
	}
	if n := len(f.portal.Members(res.Room.ID)); n < 3 {
		t.Errorf("portal's room has %d members, want at least 3", n)
	}
}

// waitArrived waits until n requests whose "METHOD /path" starts with prefix have
// reached the portal (they may still be under way).
func (f *flow) waitArrived(prefix string, n int) {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		f.mu.Lock()
		seen := 0
		for _, a := range f.arrived {
			if strings.HasPrefix(a, prefix) {
				seen++
			}
		}
		f.mu.Unlock()
		if seen >= n {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("no request %q reached the portal", prefix)
		}
		time.Sleep(time.Millisecond)
	}
}

func (f *flow) screenNow() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.screen
}

func TestFlowExistingRoom(t *testing.T) {
	f := newFlow(t, Prefill{}, nil)
	f.on(stepAction, "Create a new room")
	f.press("down", "enter")
	f.on(stepAction, "Marketing Q3")
	f.press("/")
	f.tm.Type("press")
	f.press("enter")
	f.waitFor("the filtered list", func(s stepID, screen string) bool {
		return strings.Contains(screen, "Press Kit") && !strings.Contains(screen, "Marketing Q3")
	})
	f.press("enter")
	f.on(stepPeople, "People to invite")
	f.paste("outsider@example.com")
	f.press("tab")
	f.on(stepAccess, "Public room")
	f.press("enter", "enter")
	f.on(stepReview, `existing room "Press Kit"`)
	f.press("enter")
	f.on(stepSummary, "Everyone is in room")
	res, code := f.finish()
	if code != onboard.EndDone || res.RoomCreated {
		t.Fatalf("ended %v created %v", code, res.RoomCreated)
	}
	if n := f.portal.Count("POST", "/api/2.0/files/rooms"); n != 0 {
		t.Errorf("%d rooms created for an existing room", n)
	}
}

func TestFlowInvalidEntriesFixedInPlace(t *testing.T) {
	pre := Prefill{Title: ptr("Fix me"), Type: ptr(docspace.RoomCollaboration), Invites: invites("good@example.com\nbad@exa\nother@example.com")}
	f := newFlow(t, pre, nil)
	f.on(stepPeople, "1 invalid")
	f.press("tab")
	f.on(stepPeople, "not valid yet")
	f.tm.Type("mple.com") // the cursor waits at the end of the bad line
	f.on(stepPeople, "3 people")
	f.press("tab")
	f.on(stepAccess, "Default for everyone")
	f.press("enter", "enter")
	f.on(stepReview, "3 people")
	f.press("enter")
	f.on(stepSummary, "everyone is in")
	res, code := f.finish()
	if code != onboard.EndDone || len(res.Outcomes) != 3 {
		t.Fatalf("ended %v, %d outcomes", code, len(res.Outcomes))
	}
}

func TestFlowStoredKeyRejected(t *testing.T) {
	pre := Prefill{Title: ptr("Keys"), Type: ptr(docspace.RoomCustom), Invites: invites("a@example.com")}
	f := newFlow(t, pre, func(p *docspacetest.Portal, o *Options) {
		for k := range o.Keys.(*fakeKeys).keys {
			o.Keys.(*fakeKeys).keys[k] = "sk-" + "0123456789abcdef0123456789abcdef" // unknown to the portal
		}
	})
	f.on(stepPortal, "The saved key did not work")
	if !strings.Contains(f.screenNow(), "401") {
		t.Errorf("no HTTP status in the reason:\n%s", f.screenNow())
	}
	f.tm.Type(docspacetest.DemoKey)
	f.press("enter")
	f.on(stepReview, "Nothing is written")
	for _, v := range f.keys.keys {
		if v != docspacetest.DemoKey {
			t.Errorf("the keyring still holds the rejected key")
		}
	}
	f.press("enter")
	f.on(stepSummary, "everyone is in")
	if _, code := f.finish(); code != onboard.EndDone {
		t.Errorf("ended %v", code)
	}
}

func TestFlowForbiddenRole(t *testing.T) {
	// The share call refuses the second entry with 403 "role not available", as the
	// portal does for a role the user type cannot hold; the first stays applied.
	pre := Prefill{Title: ptr("Roles"), Type: ptr(docspace.RoomCollaboration), Invites: invites("first@example.com\nsecond@example.com")}
	f := newFlow(t, pre, func(p *docspacetest.Portal, _ *Options) {
		p.InjectFault(docspacetest.Fault{Method: "PUT", PathPrefix: "/api/2.0/files/rooms/", AfterEntries: 1})
	})
	f.on(stepReview, "Nothing is written")
	f.press("enter")
	f.on(stepSummary, "could not be invited")
	if !regexp.MustCompile(`✗ second@example\.com +.*role is not available`).MatchString(f.screenNow()) {
		t.Errorf("no reason next to the person:\n%s", f.screenNow())
	}
	res, code := f.finish()
	if code != onboard.EndPartial {
		t.Errorf("ended %v, want partial", code)
	}
	if res.Status() != docspace.StatusPartial {
		t.Errorf("status %v", res.Status())
	}
}

func TestFlowPartialFailureThenRetry(t *testing.T) {
	pre := Prefill{Title: ptr("Retry"), Type: ptr(docspace.RoomCollaboration), Invites: invites("a@example.com\nb@example.com\nc@example.com")}
	f := newFlow(t, pre, func(p *docspacetest.Portal, _ *Options) {
		p.InjectFault(docspacetest.Fault{Method: "PUT", PathPrefix: "/api/2.0/files/rooms/", AfterEntries: 1, Times: 1})
	})
	f.on(stepReview, "Nothing is written")
	f.press("enter")
	f.on(stepSummary, "could not be invited")
	f.press("r")
	f.on(stepSummary, "everyone is in")
	res, code := f.finish()
	if code != onboard.EndDone {
		t.Errorf("ended %v after the retry, want done", code)
	}
	if n := f.portal.Count("POST", "/api/2.0/files/rooms"); n != 1 {
		t.Errorf("the portal saw %d create calls, want 1", n)
	}
	if len(res.Outcomes) != 3 || len(res.Failed()) != 0 {
		t.Errorf("%d outcomes, %d failed", len(res.Outcomes), len(res.Failed()))
	}
}

func TestFlowCtrlCDuringRun(t *testing.T) {
	pre := Prefill{Title: ptr("Stop"), Type: ptr(docspace.RoomCollaboration), Invites: invites("a@example.com")}
	f := newFlow(t, pre, func(p *docspacetest.Portal, _ *Options) {
		// Room creation takes a while, so the stop arrives while it is in flight.
		p.InjectFault(docspacetest.Fault{Method: "POST", PathPrefix: "/api/2.0/files/rooms", Delay: 700 * time.Millisecond})
	})
	f.on(stepReview, "Nothing is written")
	f.press("enter")
	f.on(stepRun, `Create room "Stop"`)
	f.press("ctrl+c")
	f.on(stepRun, `The room "Stop" may still be created`)
	f.on(stepSummary, "Stopped")
	res, code := f.finish()
	if code != onboard.EndInterrupted || !res.Cancelled {
		t.Errorf("ended %v cancelled %v, want interrupted and cancelled", code, res.Cancelled)
	}
	if n := f.portal.Count("PUT", "/api/2.0/files/rooms/"); n != 0 {
		t.Errorf("%d share calls after the stop", n)
	}
}
