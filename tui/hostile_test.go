package tui

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/hostile"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// A hostile portal through the interactive front-ends: the --accessible prompts and
// the wizard's screens. The portal's room titles (all of the catalogue at once, in
// the picker), the key's name, the user's and the invitees' display names and the
// share's error message carry the hostile strings. Every frame of the wizard may hold
// only its own styles and room links; the accessible output and the summary printed
// after the wizard ends may hold no escape at all.

const hostileRoomAdmin = "ra@hostile.example"

// errorForm is a way the portal words a refusal; TOKEN stands for the entry's token.
type errorForm struct{ name, body string }

// errorForms are the error envelopes the client reads a message from.
var errorForms = []errorForm{
	{"error.message", `{"error":{"message":"Refused TOKEN"},"status":1,"statusCode":403}`},
	{"top-level message", `{"message":"Refused TOKEN","status":1,"statusCode":403}`},
	{"ProblemDetails", `{"title":"One or more validation errors occurred.","status":403,"errors":{"FieldTOKEN":["Refused TOKEN"]}}`},
}

type hostilePortal struct {
	portal *docspacetest.Portal
	url    string // normalised, as the wizard shows and links it
	keys   *fakeKeys
}

// newHostilePortal seeds a portal for entry e: a room for every catalogue entry (e's
// last, so it heads the list), a key and an admin named with e's token, a room admin
// whose display name is e's token, and the share refused with e's token as the message.
func newHostilePortal(t *testing.T, e hostile.Entry, refusal errorForm) *hostilePortal {
	t.Helper()
	tok := e.Token
	p := docspacetest.New()
	admin := p.AddUser(docspacetest.User{Email: "admin@hostile.example", DisplayName: "Admin " + tok, Role: docspacetest.RoleAdmin})
	p.AddUser(docspacetest.User{Email: hostileRoomAdmin, DisplayName: tok, Role: docspacetest.RoleRoomAdmin})
	mem := p.AddUser(docspacetest.User{Email: "mem." + tok + "@hostile.example", DisplayName: tok + " Member", Role: docspacetest.RoleUser})
	p.AddKey(docspacetest.Key{Secret: docspacetest.DemoKey, Name: "Key " + tok, UserID: admin, Active: true})
	for _, o := range hostile.Catalogue() {
		if o.Token != tok {
			p.AddRoom("Room "+o.Token, docspace.RoomCustom)
		}
	}
	// Added last, e's room is listed first (newest first).
	p.AddRoom("Room "+tok, docspace.RoomCustom, docspacetest.Member{UserID: mem, Access: docspace.AccessRead})
	p.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Status: http.StatusForbidden,
		Body: strings.ReplaceAll(refusal.body, "TOKEN", tok)})
	srv := httptest.NewServer(hostile.Middleware(p, hostile.Subst(hostile.Catalogue())))
	t.Cleanup(srv.Close)
	p.SetURL(srv.URL)
	url, err := docspace.NormalizePortal(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return &hostilePortal{portal: p, url: url, keys: &fakeKeys{keys: map[string]string{url: docspacetest.DemoKey}}}
}

func (hp *hostilePortal) options() Options {
	return Options{
		Portal: hp.url,
		Keys:   hp.keys,
		Getenv: func(string) string { return "" },
		Connect: func(portal, key string) (Portal, error) {
			return docspace.New(portal, key, docspace.WithRetry(docspace.RetryPolicy{MaxAttempts: 1}))
		},
	}
}

// showsMarker checks that the hostile string reached the output: anywhere, or, for
// each field given, on a line that also holds the field's text. A check of output
// that never holds the hostile string would prove nothing.
func showsMarker(t *testing.T, where, out string, e hostile.Entry, fields ...string) {
	t.Helper()
	if len(fields) == 0 {
		fields = []string{""}
	}
	for _, f := range fields {
		found := false
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, f) && strings.Contains(l, e.Marker) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s: no line shows %s (%s) with %q, so this case proves nothing:\n%.4000s", where, e.Marker, e.Name, f, out)
		}
	}
}

func TestHostilePortalAccessible(t *testing.T) {
	for _, form := range errorForms {
		for _, e := range hostile.Catalogue() {
			t.Run(form.name+"/"+e.Marker, func(t *testing.T) {
				t.Parallel()
				testHostileAccessible(t, e, form)
			})
		}
	}
}

func testHostileAccessible(t *testing.T, e hostile.Entry, form errorForm) {
	hp := newHostilePortal(t, e, form)
	input := strings.Join([]string{
		"2", // add people to an existing room
		"1", // the first room: e's
		hostileRoomAdmin,
		"",  // end of the list
		"",  // access: the default
		"n", // no per-person changes
		"",  // notify: yes
		"",  // no message
		"y", // go ahead: the share is refused with e's message
		"n", // no retry
		"n", // no other room
	}, "\n") + "\n"
	var out bytes.Buffer
	opts := hp.options()
	opts.Accessible, opts.In, opts.Out = true, strings.NewReader(input), &out
	_, code := Run(context.Background(), opts)
	if code != onboard.EndPartial {
		t.Errorf("ended %v, want %v; output:\n%.4000s", code, onboard.EndPartial, out.String())
	}
	hostile.Check(t, "--accessible output", out.Bytes())
	hostile.CheckSigs(t, "--accessible output", out.Bytes(), hostile.Catalogue())
	text := out.String()
	showsMarker(t, "--accessible output", text, e, `Room: existing room "Room `, "Refused")
	// Every room of the catalogue is offered by its (cleaned) title.
	for _, o := range hostile.Catalogue() {
		if !strings.Contains(text, o.Marker) {
			t.Errorf("the room list lacks %s", o.Marker)
		}
	}
}

// hostileFlow is the wizard (through teatest) against a hostile portal; it keeps every
// frame the model draws.
type hostileFlow struct {
	t  *testing.T
	hp *hostilePortal
	tm *teatest.TestModel
	m  *model

	mu      sync.Mutex
	step    stepID
	frames  []string // every distinct frame, raw
	last    string
	changed chan struct{}
}

func newHostileFlow(t *testing.T, e hostile.Entry, form errorForm, w, h int) *hostileFlow {
	t.Helper()
	hp := newHostilePortal(t, e, form)
	f := &hostileFlow{t: t, hp: hp, changed: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	f.m = newModel(ctx, hp.options())
	f.m.st.debounce = 10 * time.Millisecond
	f.m.observe = func(id stepID, screen string) {
		f.mu.Lock()
		f.step = id
		if screen != f.last {
			f.frames = append(f.frames, screen)
			f.last = screen
		}
		f.mu.Unlock()
		select {
		case f.changed <- struct{}{}:
		default:
		}
	}
	f.tm = teatest.NewTestModel(t, f.m, teatest.WithInitialTermSize(w, h))
	return f
}

// on waits for step id with a frame whose text holds text.
func (f *hostileFlow) on(id stepID, text string) {
	f.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		f.mu.Lock()
		step, screen := f.step, plain(f.last)
		f.mu.Unlock()
		if step == id && strings.Contains(screen, text) {
			return
		}
		select {
		case <-f.changed:
		case <-deadline:
			f.t.Fatalf("waiting for %s showing %q: gave up on step %s with screen:\n%s", id, text, step, screen)
		}
	}
}

func (f *hostileFlow) press(keys ...string) {
	for _, k := range keys {
		f.tm.Send(keyMsg(k))
	}
}

// wizardSizes are the terminal sizes the wizard is walked at: a roomy one, and the
// smallest it draws (where titles, names and messages are cut and wrapped).
var wizardSizes = []struct{ w, h int }{{100, 30}, {minWidth, minHeight}}

func TestHostilePortalWizard(t *testing.T) {
	for _, form := range errorForms {
		for _, size := range wizardSizes {
			for _, e := range hostile.Catalogue() {
				t.Run(form.name+"/"+strconv.Itoa(size.w)+"x"+strconv.Itoa(size.h)+"/"+e.Marker, func(t *testing.T) {
					t.Parallel()
					testHostileWizard(t, e, form, size.w, size.h)
				})
			}
		}
	}
}

func testHostileWizard(t *testing.T, e hostile.Entry, form errorForm, w, h int) {
	f := newHostileFlow(t, e, form, w, h)
	f.on(stepAction, "Create a new room")
	f.press("down", "enter")
	// The picker, e's room first: its number, as at the smallest size a long title
	// is cut before its marker.
	first := "#" + strconv.Itoa(100+len(hostile.Catalogue()))
	f.on(stepAction, first)
	// Walk the whole list, so every hostile title is drawn, then back to e's.
	for range hostile.Catalogue() {
		f.press("down")
	}
	for range hostile.Catalogue() {
		f.press("up")
	}
	f.on(stepAction, first)
	f.press("enter")
	f.on(stepPeople, "People to invite")
	f.tm.Send(tea.PasteMsg{Content: hostileRoomAdmin})
	f.on(stepPeople, "1 portal user") // the room admin, looked up: their display name shows
	f.press("tab")
	f.on(stepAccess, "Default for everyone")
	f.press("enter", "enter")
	f.on(stepReview, "Nothing is written until you press enter")
	f.press("enter")
	f.on(stepSummary, "Refused")
	f.press("q")
	m := f.tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*model)
	res, code := m.result()
	if code != onboard.EndPartial {
		t.Errorf("ended %v, want %v", code, onboard.EndPartial)
	}

	f.mu.Lock()
	frames := append([]string(nil), f.frames...)
	f.mu.Unlock()
	frames = append(frames, m.render())
	all := strings.Join(frames, "\n")
	for n, fr := range frames {
		hostile.CheckScreen(t, "frame "+strconv.Itoa(n)+" ("+plainHead(fr)+")", fr, f.hp.url)
	}
	showsMarker(t, "the wizard's frames", plain(all), e)
	if w >= 100 {
		for _, o := range hostile.Catalogue() {
			if !strings.Contains(plain(all), o.Marker) {
				t.Errorf("no frame shows the room of %s", o.Marker)
			}
		}
	}
	// What the terminal received, the program's own sequences included.
	stream, _ := io.ReadAll(f.tm.FinalOutput(t, teatest.WithFinalTimeout(10*time.Second)))
	hostile.CheckSigs(t, "the terminal stream", stream, hostile.Catalogue())

	// The summary printed after the wizard ends, with and without the link.
	var sum bytes.Buffer
	printSummary(&sum, m.st.portal, res, false)
	hostile.Check(t, "summary after exit", sum.Bytes())
	showsMarker(t, "summary after exit", sum.String(), e, "Refused")
	sum.Reset()
	printSummary(&sum, m.st.portal, res, true)
	hostile.CheckScreen(t, "summary after exit, with hyperlinks", sum.String(), f.hp.url)
}

func plainHead(s string) string {
	lines := strings.Split(plain(s), "\n")
	if len(lines) > 2 {
		lines = lines[:3]
	}
	return strings.Join(lines, " | ")
}
