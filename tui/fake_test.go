package tui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/keystore"
)

const (
	testPortal = "https://portal.example.com"
	goodKey    = "sk-900d0000000000000000000000000000" // "good"
)

// fakePortal is a Portal with canned answers and a scripted Execute.
type fakePortal struct {
	mu       sync.Mutex
	url      string
	info     docspace.KeyInfo
	keyErr   error
	self     docspace.User
	rooms    []docspace.Room
	users    map[string]docspace.User
	pre      *docspace.Preflight
	checkErr error
	// events are sent by Execute before it returns result; release, when set, is
	// waited for after the first event (a run in progress).
	events  []docspace.Event
	result  docspace.Result
	release chan struct{}
	plans   []docspace.Plan
	lookups []string
	// searches are the filters ListRooms was asked for, in order ("" for plain pages);
	// hold, when it has a channel for a filter, makes that search wait until it closes.
	searches []string
	hold     map[string]chan struct{}
	// templates are the portal's room templates (none unless a test sets them).
	templates []docspace.Template
}

func newFakePortal() *fakePortal {
	return &fakePortal{
		url:   testPortal,
		info:  docspace.KeyInfo{Name: "Test key", IsActive: true},
		self:  docspace.User{ID: "u-admin", DisplayName: "Ada Admin", IsAdmin: true},
		users: map[string]docspace.User{},
		rooms: []docspace.Room{
			{ID: 11, Title: "Marketing Q3", RoomType: docspace.RoomCollaboration},
			{ID: 12, Title: "Contracts 2025", RoomType: docspace.RoomVirtualData},
			{ID: 13, Title: "Press Kit", RoomType: docspace.RoomPublic},
		},
		pre: &docspace.Preflight{Invitations: docspace.InvitationSettings{AllowInvitingGuests: true}},
	}
}

func (f *fakePortal) Portal() string { return f.url }

func (f *fakePortal) KeyInfo(context.Context) (docspace.KeyInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.info, f.keyErr
}

func (f *fakePortal) Self(context.Context) (docspace.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.self, f.keyErr
}

func (f *fakePortal) ListRooms(_ context.Context, flt docspace.RoomFilter) (docspace.RoomPage, error) {
	f.mu.Lock()
	f.searches = append(f.searches, flt.Filter)
	wait := f.hold[flt.Filter]
	f.mu.Unlock()
	if wait != nil {
		<-wait
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []docspace.Room
	for _, r := range f.rooms {
		if flt.Filter == "" || strings.Contains(strings.ToLower(r.Title), strings.ToLower(flt.Filter)) {
			out = append(out, r)
		}
	}
	total := len(out)
	out = out[min(flt.StartIndex, len(out)):]
	if n := flt.Count; n > 0 && len(out) > n {
		out = out[:n]
	}
	return docspace.RoomPage{Rooms: out, Total: total}, nil
}

func (f *fakePortal) Templates(context.Context) ([]docspace.Template, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]docspace.Template(nil), f.templates...), nil
}

func (f *fakePortal) GetRoom(_ context.Context, id int) (docspace.Room, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.rooms {
		if r.ID == id {
			return r, nil
		}
	}
	return docspace.Room{}, &docspace.APIError{Kind: docspace.KindNotFound, Op: "reading the room", Status: 404, Message: "Folder not found"}
}

func (f *fakePortal) FindUserByEmail(_ context.Context, email string) (docspace.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lookups = append(f.lookups, email)
	if u, ok := f.users[strings.ToLower(email)]; ok {
		return u, nil
	}
	return docspace.User{}, &docspace.APIError{Kind: docspace.KindNotFound, Status: 404}
}

func (f *fakePortal) Check(context.Context, docspace.Plan) (*docspace.Preflight, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pre, f.checkErr
}

func (f *fakePortal) Execute(ctx context.Context, p docspace.Plan, _ *docspace.Preflight, onEvent func(docspace.Event)) docspace.Result {
	f.mu.Lock()
	f.plans = append(f.plans, p)
	events, result, release := f.events, f.result, f.release
	f.mu.Unlock()
	for i, ev := range events {
		if ctx.Err() != nil {
			return docspace.Result{Room: result.Room, Cancelled: true, Err: ctx.Err()}
		}
		onEvent(ev)
		if i == 0 && release != nil {
			<-release
		}
	}
	if ctx.Err() != nil {
		return docspace.Result{Room: result.Room, Cancelled: true, Err: ctx.Err()}
	}
	return result
}

// fakeKeys is an in-memory KeyStore.
type fakeKeys struct {
	mu     sync.Mutex
	keys   map[string]string
	setErr error
	sets   int
	gets   int
}

func (k *fakeKeys) Get(portal string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.gets++
	if v, ok := k.keys[portal]; ok {
		return v, nil
	}
	return "", &keystore.Error{Kind: keystore.ErrNotFound, Op: "reading", Reason: "none"}
}

func (k *fakeKeys) Set(portal, key string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.sets++
	if k.setErr != nil {
		return k.setErr
	}
	if k.keys == nil {
		k.keys = map[string]string{}
	}
	k.keys[portal] = key
	return nil
}

func (k *fakeKeys) Delete(portal string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.keys, portal)
	return nil
}

// connectTo returns a Connect that hands out fp for goodKey and a 401ing portal otherwise.
func connectTo(fp *fakePortal) func(portal, key string) (Portal, error) {
	return func(portal, key string) (Portal, error) {
		if portal == "" {
			return nil, errors.New("empty portal address")
		}
		if key != goodKey {
			bad := newFakePortal()
			bad.url = portal
			bad.keyErr = &docspace.APIError{Kind: docspace.KindUnauthorized, Op: "checking the API key", Status: 401}
			return bad, nil
		}
		return fp, nil
	}
}

// testOptions are Options with a stored good key for testPortal.
func testOptions(fp *fakePortal) Options {
	return Options{
		Portal:  testPortal,
		Keys:    &fakeKeys{keys: map[string]string{testPortal: goodKey}},
		Getenv:  func(string) string { return "" },
		Connect: connectTo(fp),
	}
}

// driver runs a model like Bubble Tea does, but in the test's goroutine: commands
// run in goroutines and their messages come back through a channel.
type driver struct {
	t    *testing.T
	m    *model
	msgs chan tea.Msg
	// running counts commands whose message has not been handled yet.
	running int
}

// testClock is the fixed time the wizard sees in tests.
func testClock() time.Time { return time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC) }

func newDriver(t *testing.T, opts Options, w, h int) *driver {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	m := newModel(ctx, opts)
	m.st.debounce = 0
	m.st.now = testClock
	d := &driver{t: t, m: m, msgs: make(chan tea.Msg, 256)}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(m.Init())
	return d
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	d.running++
	go func() { d.msgs <- cmd() }()
}

// receive handles one command's message.
func (d *driver) receive(msg tea.Msg) {
	d.running--
	d.send(msg)
}

// send delivers one message, as the program would.
func (d *driver) send(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil, spinner.TickMsg:
		return // ticks would only animate; feeding them back would sleep
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
		return
	}
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

// until processes messages until cond holds; it fails the test after a few seconds.
func (d *driver) until(what string, cond func() bool) {
	d.t.Helper()
	timeout := time.After(5 * time.Second)
	for !cond() {
		select {
		case msg := <-d.msgs:
			d.receive(msg)
		case <-timeout:
			d.t.Fatalf("waiting for %s: gave up; step %s, screen:\n%s", what, d.m.cur, plain(d.m.render()))
		}
	}
}

// settle processes messages until every command has answered; a command that waits
// on purpose (a run's next event) ends it after a quiet moment.
func (d *driver) settle() {
	for d.running > 0 {
		select {
		case msg := <-d.msgs:
			d.receive(msg)
		case <-time.After(200 * time.Millisecond):
			return
		}
	}
}

// keys sends key presses: "enter", "esc", "tab", "ctrl+c", single characters, or text.
func (d *driver) keys(ks ...string) {
	for _, k := range ks {
		d.send(keyMsg(k))
		d.settle()
	}
}

// typeText sends each rune of s as a key press.
func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	d.settle()
}

// goTo moves to a step as the root would and lets its commands answer.
func (d *driver) goTo(id stepID, why string) {
	d.run(d.m.goTo(id, why))
	d.settle()
}

func (d *driver) screen() string { return plain(d.m.render()) }

// keyMsg builds the key press for a key name.
func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "f1":
		return tea.KeyPressMsg{Code: tea.KeyF1}
	}
	if strings.HasPrefix(k, "ctrl+") && len(k) == 6 {
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// plain strips styling and trailing spaces, for golden files and assertions.
func plain(s string) string {
	lines := strings.Split(ansi.Strip(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
