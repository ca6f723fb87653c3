package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// keyStatus is how far the wizard is with the API key.
type keyStatus int

const (
	keyResolving keyStatus = iota // reading the environment and the keyring
	keyMissing                    // no key: the portal step asks for one
	keyChecking                   // a key is being checked against the portal, in the background
	keyOK                         // the portal accepted the key
	keyBad                        // the key was rejected or could not be checked: see keyErr
)

// keySource says where the key in use came from.
type keySource int

const (
	sourceNone keySource = iota
	sourceEnv
	sourceKeyring
	sourceTyped
	sourceDemo
)

// Bounds on background work.
const (
	lookupConcurrency = 4   // FindUserByEmail calls in flight at once
	maxLookups        = 300 // per session: beyond it the run's own check finds users
	roomPageSize      = 100
	maxRoomPages      = 50
)

// state is what the root shares with its steps: the common look, the draft, and what
// the wizard knows about the portal. Only the Update goroutine touches it.
type state struct {
	// shown holds the draft's problems for the frames drawn between two Updates (the
	// header's step marks ask for them on every frame, and validating 1,000 people
	// is not free); nil when stale. Only View reads it: the root clears it around
	// every Update, the one place the draft changes.
	shown *docspace.Problems
	common
	d    *draft
	opts Options
	ctx  context.Context

	portal    string // the portal URL (normalised by the client once connected)
	key       string // never rendered, logged or stored outside the keyring
	keySource keySource
	keyStatus keyStatus
	keyErr    error
	keyGen    int // bumps with every key tried, so late answers about an older key are dropped

	// showPortal puts the portal step in the sequence (no usable key at some point).
	showPortal bool
	// settingsRead is true once Options.Settings has been read (it is read once).
	settingsRead bool

	client Portal
	info   *docspace.KeyInfo
	self   *docspace.User

	rooms roomCache
	// templates are the portal's room templates, loaded once in the background.
	templates templateCache
	// groups are the portal's groups, loaded once in the background.
	groups groupCache
	// people are the portal's people, loaded once in the background.
	people userCache
	// langs are the portal's languages for invitations, loaded once in the background.
	langs languageCache
	// roomSearches numbers the room picker's searches on the portal.
	roomSearches int
	users        map[string]lookup
	// lookups counts look-ups started this session; inflight those not answered yet.
	lookups, inflight int
	lookupGen         int

	// debounce delays background checks after typing; tests set it to 0.
	debounce time.Duration
	// timer, when set (by tests), replaces the debounce timer: it turns a message into
	// the Cmd that delivers it, so a test decides when.
	timer func(tea.Msg) tea.Cmd
	now   func() time.Time

	// ascii is true when the locale cannot show UTF-8 (LANG=C): frames are drawn in ASCII.
	ascii bool

	// running is true from the confirm to the summary: look-ups and room pages wait,
	// so the portal sees only the run's own calls (create, share, read-back).
	running bool

	// results are the runs of this session, oldest first; a retry replaces the last one.
	results []docspace.Result
	// roomRuns are the runs over several rooms of this session, oldest first; lastRooms
	// says the session's last run was one of them.
	roomRuns  []roomsRecord
	lastRooms bool
	// remembered is the last confirmed plan's choices, for Options.Remember.
	remembered *LastChoices
}

// roomCache is the portal's room list, loaded page by page in the background.
type roomCache struct {
	items   []docspace.Room
	total   int
	loading bool
	done    bool
	err     error
	gen     int
}

// templateCache is the portal's room templates, read in the background.
type templateCache struct {
	items   []docspace.Template
	loading bool
	done    bool
	err     error
}

// templateLister is a Portal that can list room templates (docspace.Client can).
type templateLister interface {
	Templates(ctx context.Context) ([]docspace.Template, error)
}

// templatesMsg carries the portal's room templates.
type templatesMsg struct {
	portal    string
	templates []docspace.Template
	err       error
}

// loadTemplates asks for the portal's room templates, once per portal.
func (st *state) loadTemplates() tea.Cmd {
	tl, ok := st.client.(templateLister)
	if !ok || st.templates.loading || st.templates.done {
		return nil
	}
	st.templates.loading = true
	ctx, portal := st.ctx, st.client.Portal()
	return func() tea.Msg {
		ts, err := tl.Templates(ctx)
		return templatesMsg{portal: portal, templates: ts, err: err}
	}
}

// gotTemplates stores the templates and finds the one --template named.
func (st *state) gotTemplates(msg templatesMsg) {
	if st.client == nil || msg.portal != st.client.Portal() {
		return // an answer about a portal no longer in use
	}
	st.templates = templateCache{items: msg.templates, done: msg.err == nil, err: msg.err}
	d := st.d
	if d.action == actionTemplate && d.template == nil && d.templateRef != "" && msg.err == nil {
		t, err := docspace.ResolveTemplate(msg.templates, d.templateRef)
		if err != nil {
			d.templateErr = err
			return
		}
		d.template, d.templateErr = &t, nil
	}
}

func newState(ctx context.Context, opts Options) *state {
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	portal := strings.TrimSpace(opts.Portal)
	if n, err := docspace.NormalizePortal(portal); err == nil {
		portal = n // the keyring knows portals by their normal form
	}
	return &state{
		common:   newCommon(),
		d:        newDraft(),
		opts:     opts,
		ctx:      ctx,
		portal:   portal,
		users:    map[string]lookup{},
		debounce: 300 * time.Millisecond,
		now:      time.Now,
		ascii:    !utf8Locale(opts.Getenv),
	}
}

// after returns a Cmd that delivers msg after the debounce delay (at once in tests).
func (st *state) after(msg tea.Msg) tea.Cmd {
	if st.timer != nil {
		return st.timer(msg)
	}
	if st.debounce <= 0 {
		return func() tea.Msg { return msg }
	}
	return tea.Tick(st.debounce, func(time.Time) tea.Msg { return msg })
}

// portalHost is the portal without its scheme, for headers.
func (st *state) portalHost() string {
	p := st.portal
	if st.client != nil {
		p = st.client.Portal()
	}
	p = strings.TrimPrefix(strings.TrimPrefix(p, "https://"), "http://")
	return strings.TrimSuffix(p, "/")
}

// userOf returns the look-up answer for an e-mail address.
func (st *state) userOf(email string) (lookup, bool) {
	u, ok := st.users[strings.ToLower(email)]
	return u, ok
}

// canCreateRooms is false only when the portal said the user may not create rooms.
func (st *state) canCreateRooms() bool { return st.self == nil || st.self.CanCreateRooms() }

// Messages carrying the answers of background work.
type (
	keyResolvedMsg struct {
		gen    int
		key    string
		source keySource
		err    error
		// portal is the remembered portal when the wizard started without one ("" if none).
		portal string
		// settings carries the remembered choices when Options.Settings was read.
		settings *LastChoices
		// settingsErr says why the settings file could not be read.
		settingsErr error
	}
	keyCheckedMsg struct {
		gen    int
		client Portal
		info   docspace.KeyInfo
		self   *docspace.User
		err    error
	}
	roomsPageMsg struct {
		gen   int
		start int
		page  docspace.RoomPage
		err   error
	}
	roomLoadedMsg struct {
		id   int
		room docspace.Room
		err  error
	}
	lookupTickMsg struct{ gen int }
	lookupDoneMsg struct {
		email string
		user  docspace.User
		err   error
	}
)

// resolveKey finds the key for the portal (onboard.ResolveKey): DOCSPACE_API_KEY when
// it belongs to this portal, then the keyring.
func (st *state) resolveKey() tea.Cmd {
	gen, portal, keys, getenv, fromFlag := st.keyGen, st.portal, st.opts.Keys, st.opts.Getenv, st.opts.PortalFlag
	load := st.opts.Settings
	if st.settingsRead {
		load = nil
	}
	return func() tea.Msg {
		var pre keyResolvedMsg
		remembered := ""
		if load != nil {
			var last LastChoices
			var err error
			remembered, last, err = load()
			pre.settings, pre.settingsErr = &last, err
			if portal == "" {
				if n, nerr := docspace.NormalizePortal(remembered); nerr == nil {
					portal, pre.portal = n, n
				}
			}
		}
		if portal == "" {
			return keyResolvedMsg{gen: gen, settings: pre.settings, settingsErr: pre.settingsErr}
		}
		var store keystore.Store
		if keys != nil {
			store = keys
		}
		envApplies := !fromFlag || onboard.EnvKeyApplies(portal, onboard.DefaultPortal(getenv, remembered))
		k, err := onboard.ResolveKey(store, portal, envApplies, getenv)
		msg := keyResolvedMsg{gen: gen, key: k.Secret, err: err, portal: pre.portal, settings: pre.settings, settingsErr: pre.settingsErr}
		switch k.Source {
		case keystore.SourceEnv:
			msg.source = sourceEnv
		case keystore.SourceKeyring:
			msg.source = sourceKeyring
		}
		return msg
	}
}

// checkKey connects to the portal and checks the key in the background (checkKeyNow).
func (st *state) checkKey(portal, key string) tea.Cmd {
	gen, ctx, connect := st.keyGen, st.ctx, st.opts.Connect
	return func() tea.Msg { return checkKeyNow(ctx, connect, gen, portal, key) }
}

// checkKeyNow connects to the portal and checks the key (onboard.CheckKey): GET
// keys/@self and people/@self (a 403 there means a room-scoped key, not a bad one).
// It blocks: the wizard runs it as a command, the plain prompter calls it.
func checkKeyNow(ctx context.Context, connect func(portal, key string) (Portal, error), gen int, portal, key string) keyCheckedMsg {
	if connect == nil {
		return keyCheckedMsg{gen: gen, err: errors.New("no way to connect to a portal")}
	}
	client, err := connect(portal, key)
	if err != nil {
		return keyCheckedMsg{gen: gen, err: err}
	}
	kc := onboard.CheckKey(ctx, client)
	msg := keyCheckedMsg{gen: gen, client: client, info: kc.Info, err: kc.Err()}
	if kc.SelfErr == nil {
		msg.self = &kc.User
	}
	return msg
}

// keyProblem says what a key check's answer means for the user, "" when the key works:
// the verdict every front-end gives (onboard.Judge), and what to do here.
func keyProblem(info docspace.KeyInfo, err error) string {
	v := onboard.Judge(onboard.KeyCheck{Info: info, InfoErr: err})
	if v.Verdict == onboard.KeyRejected {
		return v.Problem() + " Paste a working key."
	}
	return v.Sentence()
}

// loadRooms asks for one page of rooms.
func (st *state) loadRooms(start int) tea.Cmd {
	client, ctx, gen := st.client, st.ctx, st.rooms.gen
	if client == nil {
		return nil
	}
	st.rooms.loading = true
	return func() tea.Msg {
		page, err := client.ListRooms(ctx, docspace.RoomFilter{StartIndex: start, Count: roomPageSize})
		return roomsPageMsg{gen: gen, start: start, page: page, err: err}
	}
}

// gotRooms stores a page and asks for the next one while there are more.
func (st *state) gotRooms(msg roomsPageMsg) tea.Cmd {
	if msg.gen != st.rooms.gen {
		return nil
	}
	st.rooms.loading = false
	if msg.err != nil {
		st.rooms.err = msg.err
		return nil
	}
	st.rooms.err = nil
	if msg.start == 0 {
		st.rooms.items = st.rooms.items[:0]
	}
	st.rooms.items = append(st.rooms.items, msg.page.Rooms...)
	st.rooms.total = msg.page.Total
	read := len(msg.page.Rooms) + msg.page.Skipped // the next page starts after the unreadable items too
	next := msg.start + read
	if read == 0 || next >= msg.page.Total || next >= roomPageSize*maxRoomPages {
		st.rooms.done = true
		return nil
	}
	if st.running {
		return nil // resumeBackground asks for the rest once the run is over
	}
	return st.loadRooms(next)
}

// roomMade puts the room a run created into the room list, first, where the portal
// lists its newest room, so "another room" can pick it without reloading every page.
func (st *state) roomMade(r docspace.Result) {
	if !r.RoomCreated || r.Room == nil || r.Room.ID <= 0 {
		return
	}
	for _, x := range st.rooms.items {
		if x.ID == r.Room.ID {
			return
		}
	}
	st.rooms.items = append([]docspace.Room{*r.Room}, st.rooms.items...)
	st.rooms.total++
}

// resumeBackground picks up the room pages and look-ups a run held back.
func (st *state) resumeBackground() tea.Cmd {
	cmds := []tea.Cmd{st.scheduleLookups()}
	if st.client != nil && !st.rooms.loading && !st.rooms.done && st.rooms.err == nil {
		cmds = append(cmds, st.loadRooms(len(st.rooms.items)))
	}
	return tea.Batch(cmds...)
}

// loadRoom fetches the room named by --room in the background (readRoom).
func (st *state) loadRoom(id int) tea.Cmd {
	client, ctx := st.client, st.ctx
	if client == nil || id == 0 {
		return nil
	}
	return func() tea.Msg { return readRoom(ctx, client, id) }
}

// readRoom reads one room; it blocks.
func readRoom(ctx context.Context, client Portal, id int) roomLoadedMsg {
	r, err := client.GetRoom(ctx, id)
	return roomLoadedMsg{id: id, room: r, err: err}
}

// gotRoom puts a room read into the draft, when it is still the draft's room.
func (st *state) gotRoom(msg roomLoadedMsg) {
	if st.d.gotMore(msg.id, msg.room, msg.err) {
		return
	}
	if msg.id != st.d.roomID {
		return
	}
	if msg.err != nil {
		st.d.roomErr = msg.err
		return
	}
	r := msg.room
	st.d.room, st.d.roomErr = &r, nil
}

// scheduleLookups starts look-ups of invitees not asked about yet in the background,
// keeping at most lookupConcurrency in flight and maxLookups per session.
func (st *state) scheduleLookups() tea.Cmd {
	client, ctx := st.client, st.ctx
	var cmds []tea.Cmd
	for _, email := range st.claimLookups(lookupConcurrency - st.inflight) {
		cmds = append(cmds, func() tea.Msg { return findUser(ctx, client, email) })
	}
	return tea.Batch(cmds...)
}

// claimLookups marks up to n invitees nobody asked the portal about yet as being
// looked up (within maxLookups per session) and returns their lower-cased addresses.
func (st *state) claimLookups(n int) []string {
	if st.client == nil || st.keyStatus == keyBad || st.running {
		return nil
	}
	var out []string
	for _, inv := range st.d.list.Invitees {
		if len(out) >= n || st.lookups >= maxLookups {
			break
		}
		email := strings.ToLower(inv.Email)
		if _, ok := st.users[email]; ok || inv.IsGroup() {
			continue
		}
		st.users[email] = lookup{state: lookupPending}
		st.inflight++
		st.lookups++
		out = append(out, email)
	}
	return out
}

// findUser asks the portal whether email is a user; it blocks.
func findUser(ctx context.Context, client Portal, email string) lookupDoneMsg {
	u, err := client.FindUserByEmail(ctx, email)
	return lookupDoneMsg{email: email, user: u, err: err}
}

// gotLookup stores one answer and starts the next look-up.
func (st *state) gotLookup(msg lookupDoneMsg) tea.Cmd {
	st.inflight = max(0, st.inflight-1)
	st.gotLookupAnswer(msg)
	return st.scheduleLookups()
}

// gotLookupAnswer stores one look-up's answer.
func (st *state) gotLookupAnswer(msg lookupDoneMsg) {
	switch {
	case msg.err == nil:
		st.users[msg.email] = lookup{state: lookupFound, user: msg.user}
	case docspace.KindOf(msg.err) == docspace.KindNotFound:
		st.users[msg.email] = lookup{state: lookupNotFound}
	default:
		st.users[msg.email] = lookup{state: lookupFailed}
	}
}

// peopleChanged is called by the people step after each edit: look-ups wait until
// typing pauses, so a keystroke never starts network work.
func (st *state) peopleChanged() tea.Cmd {
	st.lookupGen++
	return st.after(lookupTickMsg{gen: st.lookupGen})
}

// confirmed keeps the confirmed plan's choices, for Options.Remember and the next plan.
func (st *state) confirmed() {
	d := st.d
	last := LastChoices{RoomType: d.planRoomType(), Access: d.defaultFor()}
	if d.action == actionTemplate {
		last.RoomType = d.roomType // the template chose its type, not the user
	}
	notify := d.notify
	last.Notify = &notify
	st.remembered = &last
}

// newDraft starts another plan from the remembered choices, keeping the portal and the key.
func (st *state) newDraft() {
	last := LastChoices{}
	if st.remembered != nil {
		last = *st.remembered
	}
	st.d = newDraft()
	applyPrefill(st.d, Prefill{}, last)
}

// record adds a finished run to the history (onboard.RecordRun) and returns the line
// to show after its summary: where it was recorded, or why it could not be.
func (st *state) record(via string, res ...docspace.Result) string {
	if st.opts.StateDir == "" {
		return ""
	}
	portal := st.portal
	if st.client != nil {
		portal = st.client.Portal()
	}
	return onboard.RecordRun(st.opts.StateDir, portal, via, res...)
}
