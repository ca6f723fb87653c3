package tui

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// envOf turns pairs into a Getenv.
func envOf(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// colourCode matches a foreground colour escape (basic, 256 or true colour).
var colourCode = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-7]|38;[0-9;]+|9[0-7])m`)

func TestRunColoursFollowNoColor(t *testing.T) {
	tests := []struct {
		name       string
		env        func(string) string
		wantColour bool
	}{
		{"colour terminal", envOf("TERM", "xterm-256color", "COLORTERM", "truecolor", "TTY_FORCE", "1"), true},
		{"NO_COLOR", envOf("TERM", "xterm-256color", "COLORTERM", "truecolor", "TTY_FORCE", "1", "NO_COLOR", "yes"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions(newFakePortal())
			opts.Getenv = tt.env
			in, inW := io.Pipe()
			out := &watchedBuffer{want: "What would you like to do?", seen: make(chan struct{})}
			opts.In, opts.Out = in, out
			go func() {
				select {
				case <-out.seen: // the first frame is out
				case <-time.After(10 * time.Second):
				}
				_, _ = inW.Write([]byte{0x03}) // ctrl+c
			}()
			_, code := Run(context.Background(), opts)
			if code != onboard.EndInterrupted {
				t.Errorf("ended %v, want interrupted", code)
			}
			if got := colourCode.MatchString(out.String()); got != tt.wantColour {
				t.Errorf("colour in the output: %v, want %v", got, tt.wantColour)
			}
			if !strings.Contains(out.String(), "What would you like to do?") {
				t.Errorf("the first step was not drawn")
			}
		})
	}
}

// watchedBuffer is a Writer that closes seen once the output contains want.
type watchedBuffer struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
	once sync.Once
}

func (w *watchedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return n, err
}

func (w *watchedBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func TestRunPrintsTheSummaryAfterExit(t *testing.T) {
	var out bytes.Buffer
	room := &docspace.Room{ID: 7, Title: "Launch", Link: "https://portal.example.com/rooms/shared/7"}
	res := docspace.Result{Room: room, RoomCreated: true, Elapsed: 3 * time.Second, Outcomes: []docspace.Outcome{
		{Invitee: docspace.Invitee{Email: "a@example.com"}, Kind: docspace.OutcomeNewGuest},
		{Invitee: docspace.Invitee{Email: "b@example.com"}, Kind: docspace.OutcomeFailed, Reason: "Access denied"},
	}}
	printSummary(&out, testPortal, res, false)
	want := `Room "Launch" is ready.
1 person could not be invited.
  https://portal.example.com/rooms/shared/7
  ✓ a@example.com: new guest invited
  ✗ b@example.com: failed: Access denied
1 of 2 in the room · 1 invited · 1 failed · 3.0 s
`
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
	out.Reset()
	printSummary(&out, testPortal, res, true)
	if !strings.Contains(out.String(), "\x1b]8;;https://portal.example.com/rooms/shared/7") {
		t.Errorf("no OSC 8 link: %q", out.String())
	}
}

func TestBackgroundColourChangesStyles(t *testing.T) {
	d := newDriver(t, testOptions(newFakePortal()), 80, 24)
	dark := d.m.render()
	d.send(tea.BackgroundColorMsg{Color: colorWhite{}})
	if d.m.st.isDark {
		t.Fatal("a white background did not switch to the light styles")
	}
	light := d.m.render()
	if dark == light {
		t.Error("light and dark backgrounds draw the same colours")
	}
	if plain(dark) != plain(light) {
		t.Error("the text changed with the background")
	}
}

type colorWhite struct{}

func (colorWhite) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

func TestAccessibleMode(t *testing.T) {
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	defer srv.Close()
	url, _ := docspace.NormalizePortal(srv.URL)
	input := strings.Join([]string{
		"1",           // create a new room
		"Screen room", // title
		"2",           // Custom
		"",            // no room settings
		"someone@example.com, " + docspacetest.DemoUserEmail,
		"bad@exa",
		"", // end of the list: one entry is invalid, so it is asked again
		"someone@example.com",
		docspacetest.DemoUserEmail,
		"",  // end of the list
		"",  // access: the default
		"n", // no per-person changes
		"",  // notify: yes
		"2", // language: Deutsch, for someone@example.com, a new guest
		"",  // no message
		"y", // go ahead
		"n", // no other room
	}, "\n") + "\n"
	var out bytes.Buffer
	res, code := Run(context.Background(), Options{
		Portal:     srv.URL,
		Keys:       &fakeKeys{keys: map[string]string{url: docspacetest.DemoKey}},
		Getenv:     envOf(),
		Connect:    func(p, k string) (Portal, error) { return docspace.New(p, k) },
		Accessible: true,
		In:         strings.NewReader(input),
		Out:        &out,
	})
	text := out.String()
	if code != onboard.EndDone {
		t.Fatalf("ended %v; output:\n%s", code, text)
	}
	for _, want := range []string{
		"What would you like to do?",
		"1. Create a new room",
		"Line 2: bad@exa:",
		"Please enter the whole list again",
		"Review:",
		`Room: new room "Screen room", Custom`,
		"someone@example.com: new guest invited",
		docspacetest.DemoUserEmail + ": existing user added",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if colourCode.MatchString(text) || strings.Contains(text, "\x1b[") {
		t.Errorf("accessible output has escape codes: %q", text)
	}
	if res.Room == nil || len(portal.Members(res.Room.ID)) < 2 {
		t.Errorf("room %+v not filled on the portal", res.Room)
	}
	if !strings.Contains(text, "Language: Deutsch (de) for new guests (users: their own)") {
		t.Errorf("the review does not name the language chosen:\n%s", text)
	}
	if u, ok := portal.UserByEmail("someone@example.com"); !ok || u.Culture != "de" {
		t.Errorf("the new guest's language is %+v, want de", u)
	}
}

func TestAccessibleModeEndOfInputBeforeConfirming(t *testing.T) {
	_, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	defer srv.Close()
	url, _ := docspace.NormalizePortal(srv.URL)
	var out bytes.Buffer
	_, code := Run(context.Background(), Options{
		Portal:     srv.URL,
		Keys:       &fakeKeys{keys: map[string]string{url: docspacetest.DemoKey}},
		Getenv:     envOf(),
		Connect:    func(p, k string) (Portal, error) { return docspace.New(p, k) },
		Accessible: true,
		In:         strings.NewReader("1\nHalf\n"),
		Out:        &out,
	})
	if code != onboard.EndInterrupted {
		t.Errorf("ended %v, want interrupted; output:\n%s", code, out.String())
	}
}

// A malformed key, from DOCSPACE_API_KEY or typed, is refused in --accessible before
// any request, saying where it came from; then a typed key is asked for, and the portal
// is not asked again.
func TestAccessibleModeRefusesMalformedKeysLocally(t *testing.T) {
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	defer srv.Close()
	env := "sk-" + strings.Repeat("a", 100<<10)
	typed := "sk-0123abcd"
	var out bytes.Buffer
	_, code := Run(context.Background(), Options{
		Portal:     srv.URL,
		Getenv:     envOf("DOCSPACE_API_KEY", env),
		Connect:    func(p, k string) (Portal, error) { return docspace.New(p, k) },
		Accessible: true,
		In:         strings.NewReader(typed + "\n"),
		Out:        &out,
	})
	text := out.String()
	if code != onboard.EndKeyRefused {
		t.Errorf("ended %v, want %v", code, onboard.EndKeyRefused)
	}
	for _, want := range []string{
		"The key in DOCSPACE_API_KEY is not usable: That is too long to be an API key",
		"API key (sk-…): ",
		"API key (sk-…): The API key is too short (8 hex digits after sk-; DocSpace keys have 64): copy the whole key again.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%.2000s", want, text)
		}
	}
	if strings.Contains(text, "Portal address") {
		t.Errorf("the portal was asked for again:\n%.2000s", text)
	}
	if len(text) > 2000 || strings.Contains(text, "aaaaaaaa") || strings.Contains(text, typed) {
		t.Errorf("the output repeats a key:\n%.2000s", text)
	}
	if n := len(portal.Requests()); n != 0 {
		t.Errorf("%d requests reached the portal", n)
	}
}
