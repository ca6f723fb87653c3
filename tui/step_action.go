package tui

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// actionStep asks whether to create a room or add people to an existing one, and
// in the second case lets the user pick the room from a filterable list.
type actionStep struct {
	st      *state
	choice  int  // the chosen answer's index in actionQuestion's choices
	picking bool // the room list has the focus
	// pickingTmpl says the template list has the focus; tmpl is its cursor.
	pickingTmpl bool
	tmpl        int
	rooms       list.Model
	shown       int  // loaded rooms in the list, to refresh it only when more arrived
	dirty       bool // found changed: the list's items must be rebuilt
	spin        spinner.Model
	problem     string

	// The search on the portal, for rooms beyond the loaded ones and typed ids.
	query     string          // the filter the search is for
	gen       int             // the search's number; answers for another one are dropped
	started   bool            // the search's requests were sent
	searching int             // its requests not answered yet
	found     []docspace.Room // rooms the portal found that are not among the loaded ones
	foundGen  int             // the search found came from
	note      string          // what the search found out, e.g. that no room has the typed id
	noteErr   bool            // note is a problem

	// picked are the rooms space has marked, in the order marked: enter then adds the
	// same people to all of them; with none marked, enter takes the room under the cursor.
	picked []docspace.Room
	// alsoNew is "+": a new room (title and type asked next) beside the rooms picked.
	alsoNew bool
}

// newTooKey adds a new room beside the existing ones picked.
var newTooKey = key.NewBinding(key.WithKeys("+"), key.WithHelp("+", "a new room too"))

// pickKey is the key that marks a room to add people to several at once.
var pickKey = key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "mark several"))

// pickedAt is the index of room id among the marked ones, -1 when not marked.
func (a *actionStep) pickedAt(id int) int {
	for i, r := range a.picked {
		if r.ID == id {
			return i
		}
	}
	return -1
}

// Answers of the search on the portal.
type (
	roomSearchTickMsg struct{ gen int }
	roomSearchMsg     struct {
		gen  int
		page docspace.RoomPage
		err  error
	}
	roomByIDMsg struct {
		gen, id int
		room    docspace.Room
		err     error
	}
)

// roomItem is a room in the list.
type roomItem struct{ room docspace.Room }

// FilterValue is the title, then the room's reference for roomFilter's exact id match.
func (r roomItem) FilterValue() string { return r.room.Title + "\x00" + r.room.Ref() }

// roomFilter matches titles as the list does (fuzzy), with the room whose id was
// typed ("123" or "#123") first.
func roomFilter(term string, targets []string) []list.Rank {
	want := ""
	if id := roomIDOf(term); id > 0 {
		want = "#" + strconv.Itoa(id)
	}
	titles := make([]string, len(targets))
	exact := -1
	for i, t := range targets {
		title, ref, _ := strings.Cut(t, "\x00")
		titles[i] = title
		if want != "" && ref == want && exact < 0 {
			exact = i
		}
	}
	ranks := list.DefaultFilter(term, titles)
	if exact < 0 {
		return ranks
	}
	out := append(make([]list.Rank, 0, len(ranks)+1), list.Rank{Index: exact})
	for _, r := range ranks {
		if r.Index != exact {
			out = append(out, r)
		}
	}
	return out
}

// roomIDOf is the room id typed as "123" or "#123", 0 when the text is not one.
func roomIDOf(s string) int {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if s == "" || len(s) > 9 || strings.Trim(s, "0123456789") != "" {
		return 0
	}
	n, _ := strconv.Atoi(s)
	return n
}

// roomDelegate draws one room per line: title, type and id, and a check mark in front
// of the rooms marked for a run over several.
type roomDelegate struct {
	st *state
	a  *actionStep
}

func (roomDelegate) Height() int                         { return 1 }
func (roomDelegate) Spacing() int                        { return 0 }
func (roomDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d roomDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	r, ok := item.(roomItem)
	if !ok {
		return
	}
	s := d.st.styles
	width := m.Width()
	meta := fmt.Sprintf("%s · %s", r.room.RoomType, r.room.Ref())
	if r.room.ThirdParty() {
		meta = r.room.Ref() + " · " + docspace.ThirdPartyReason
		if width-ansiWidth(meta)-5 < 20 { // narrow: the whole reason shows when it is picked
			meta = r.room.Ref() + " · on third-party storage"
		}
	}
	check := ""
	if d.a != nil && len(d.a.picked) > 0 {
		check = "  "
		if d.a.pickedAt(r.room.ID) >= 0 {
			check = s.ok.Render("✓") + " "
		}
	}
	titleW := max(10, width-ansiWidth(meta)-5-ansiWidth(check))
	title := fit(r.room.Title, titleW)
	if index == m.Index() {
		fmt.Fprint(w, d.st.marker(true)+check+s.accent.Render(title)+"  "+s.subtle.Render(meta))
		return
	}
	fmt.Fprint(w, "  "+check+s.text.Render(title)+"  "+s.subtle.Render(meta))
}

func newActionStep(st *state) *actionStep {
	a := &actionStep{st: st}
	a.choice = max(0, indexOf(actionQuestion(st), st.d.action))
	a.rooms = list.New(nil, roomDelegate{st: st, a: a}, 40, 10)
	a.rooms.SetShowTitle(false)
	a.rooms.SetShowHelp(false)
	// The filter and status lines are drawn by header, which can say the portal is searched.
	a.rooms.SetShowFilter(false)
	a.rooms.SetShowStatusBar(false)
	a.rooms.Filter = roomFilter
	a.rooms.DisableQuitKeybindings()
	a.rooms.KeyMap.ShowFullHelp.SetEnabled(false)
	a.rooms.KeyMap.CloseFullHelp.SetEnabled(false)
	a.rooms.SetStatusBarItemName("room", "rooms")
	a.rooms.FilterInput.Prompt = "Filter: "
	a.spin = newSpinner(&st.common)
	a.resize()
	return a
}

func (a *actionStep) enter() tea.Cmd {
	a.problem = ""
	if d := a.st.d; len(a.picked) == 0 && d.several() {
		// The rooms --room named show as marked, to change them here.
		a.picked, a.alsoNew = d.pickedRooms(), d.alsoNew
	}
	cmds := []tea.Cmd{a.refresh()}
	if a.searching > 0 {
		// Its answers went to another step while this one was away: ask again.
		a.query = ""
		cmds = append(cmds, a.filterChanged())
	}
	if a.st.rooms.loading || a.st.client == nil {
		cmds = append(cmds, a.spin.Tick)
	}
	if a.st.rooms.err != nil && !a.st.rooms.loading {
		cmds = append(cmds, a.st.loadRooms(0))
	}
	return tea.Batch(cmds...)
}

// problemText is the problem shown above the room list, wrapped to the body.
func (a *actionStep) problemText() string { return wrap("✗ "+a.problem, a.st.bodyWidth) }

// fitList gives the room list the body's height, less its header and the lines of a
// problem shown above it while picking.
func (a *actionStep) fitList() {
	h := a.st.bodyHeight - 5 - a.headerHeight()
	if a.problem != "" && a.picking {
		h -= strings.Count(a.problemText(), "\n")
	}
	if h = max(1, h); h != a.rooms.Height() {
		a.rooms.SetHeight(h)
	}
}

// headerHeight is the lines of header: the filter (with its blank line) while typing
// one, an empty line otherwise, then the status line and a blank one.
func (a *actionStep) headerHeight() int {
	if a.rooms.FilterState() == list.Filtering {
		return 4
	}
	return 3
}

// header is the filter being typed and the status line, in the list's own styles.
func (a *actionStep) header() string {
	ls := a.rooms.Styles
	filter := ""
	if a.rooms.FilterState() == list.Filtering {
		filter = ls.TitleBar.Render(a.rooms.FilterInput.View())
	}
	return filter + "\n" + ls.StatusBar.Render(truncate(a.status(), max(1, a.st.bodyWidth-2)))
}

// status counts the rooms shown, as the list's status bar does, and says what the
// search on the portal is doing or found.
func (a *actionStep) status() string {
	ls, st := a.rooms.Styles, a.st
	visible, all := len(a.rooms.VisibleItems()), len(a.rooms.Items())
	filtering := a.rooms.FilterState() == list.Filtering
	var parts []string
	searching := a.pending()
	note := a.note
	if a.noteErr {
		note = st.styles.err.Render(note)
	}
	switch {
	case searching && visible == 0:
	case filtering && visible == 0 && note != "":
		parts = append(parts, note) // e.g. no room has the typed id: why nothing matched
		note = ""
	case filtering && visible == 0:
		parts = append(parts, ls.StatusEmpty.Render("Nothing matched"))
	case !filtering && all == 0:
		parts = append(parts, ls.StatusEmpty.Render("No rooms"))
	default:
		s := plural(visible, "room", "rooms")
		if a.rooms.FilterState() == list.FilterApplied {
			s = "“" + ansi.Truncate(strings.TrimSpace(a.rooms.FilterValue()), 10, "…") + "” " + s
		}
		parts = append(parts, s)
	}
	if n := all - visible; n > 0 {
		parts = append(parts, ls.StatusBarFilterCount.Render(fmt.Sprintf("%d filtered", n)))
	}
	if n := len(a.picked); n > 0 {
		parts = append(parts, st.styles.ok.Render(fmt.Sprintf("%d marked", n)))
	}
	if a.alsoNew {
		parts = append(parts, st.styles.ok.Render("+ a new room"))
	}
	switch {
	case searching:
		parts = append(parts, a.spin.View()+" searching the portal…")
	case note != "":
		parts = append(parts, note)
	case a.rooms.FilterState() == list.Unfiltered && st.rooms.done && st.rooms.total > len(st.rooms.items):
		parts = append(parts, fmt.Sprintf("%d more on the portal: / searches them", st.rooms.total-len(st.rooms.items)))
	}
	return strings.Join(parts, ls.DividerDot.String())
}

func (a *actionStep) resize() {
	st := a.st
	styles := list.DefaultStyles(st.isDark)
	styles.Filter.Cursor.Blink = false
	a.rooms.Styles = styles
	a.rooms.FilterInput.SetStyles(styles.Filter)
	a.rooms.SetWidth(st.bodyWidth)
	a.fitList()
	a.spin.Style = st.styles.accent.Style
}

// refresh puts newly loaded rooms, and those the portal found, into the list.
func (a *actionStep) refresh() tea.Cmd {
	items := a.st.rooms.items
	if len(items) == a.shown && !a.dirty {
		return nil
	}
	a.shown, a.dirty = len(items), false
	li := make([]list.Item, 0, len(items)+len(a.found))
	seen := make(map[string]bool, len(items)+len(a.found))
	sel := -1
	for _, rs := range [][]docspace.Room{items, a.found} {
		for _, r := range rs {
			if seen[r.Ref()] {
				continue // a room the portal found that has loaded since, or one listed twice
			}
			seen[r.Ref()] = true
			if r.ID == a.st.d.roomID && !r.ThirdParty() {
				sel = len(li)
			}
			li = append(li, roomItem{r})
		}
	}
	cmd := a.rooms.SetItems(li)
	if sel >= 0 && a.rooms.FilterState() == list.Unfiltered {
		a.rooms.Select(sel)
	}
	return cmd
}

func (a *actionStep) typing() bool { return a.picking && a.rooms.FilterState() == list.Filtering }

func (a *actionStep) keys() help.KeyMap {
	k := a.st.keys
	if a.pickingTmpl {
		return bindings{short: []key.Binding{relabel(k.Next, "enter", "pick template"), relabel(k.Up, "↑/↓", "move"), relabel(k.Back, "esc", "other choice")}}
	}
	if !a.picking {
		return bindings{short: []key.Binding{k.Next, relabel(k.Up, "↑/↓", "choose"), k.Back}}
	}
	if a.rooms.FilterState() == list.Filtering {
		return bindings{short: []key.Binding{relabel(k.Next, "enter", "apply filter"), relabel(k.Back, "esc", "cancel filter")}}
	}
	backHelp := "other choice"
	if a.rooms.FilterState() == list.FilterApplied {
		backHelp = "clear filter"
	}
	pick := relabel(k.Next, "enter", "pick room")
	if len(a.picked) > 0 {
		pick = relabel(k.Next, "enter", fmt.Sprintf("use the %d marked", len(a.picked)))
	}
	newToo := newTooKey
	if a.alsoNew {
		newToo = relabel(newTooKey, "+", "no new room")
	}
	full := []key.Binding{k.Filter, pick, pickKey}
	if a.st.canCreateRooms() {
		full = append(full, newToo)
	}
	return bindings{
		short: []key.Binding{pick, pickKey, relabel(k.Up, "↑/↓", "move"), k.Filter, relabel(k.Back, "esc", backHelp)},
		full: [][]key.Binding{
			{relabel(k.Up, "↑/k", "up"), relabel(k.Down, "↓/j", "down"), relabel(k.PageUp, "←/pgup", "previous page"), relabel(k.PageDown, "→/pgdn", "next page")},
			append(full, relabel(k.Back, "esc", backHelp)),
		},
	}
}

func (a *actionStep) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case roomsPageMsg, keyCheckedMsg:
		return a.refresh()
	case templatesMsg:
		a.choice = min(a.choice, len(actionQuestion(a.st).choices)-1)
		return nil
	case roomSearchTickMsg:
		if msg.gen != a.gen || a.started {
			return nil // typing went on, or enter started the search already
		}
		return a.search()
	case roomSearchMsg:
		return a.gotSearch(msg)
	case roomByIDMsg:
		return a.gotRoomByID(msg)
	case spinner.TickMsg:
		if a.st.rooms.loading || a.st.client == nil || a.pending() {
			var cmd tea.Cmd
			a.spin, cmd = a.spin.Update(msg)
			return cmd
		}
		return nil
	case tea.KeyPressMsg:
		if a.picking {
			return a.pickKey(msg)
		}
		if a.pickingTmpl {
			return a.templateKey(msg)
		}
		return a.choiceKey(msg)
	}
	if a.picking {
		var cmd tea.Cmd
		if _, ok := msg.(list.FilterMatchesMsg); ok {
			a.refilter()
			return nil
		}
		a.rooms, cmd = a.rooms.Update(msg)
		return tea.Batch(cmd, a.filterChanged()) // a paste changes the filter too
	}
	return nil
}

func (a *actionStep) choiceKey(msg tea.KeyPressMsg) tea.Cmd {
	k, d := a.st.keys, a.st.d
	q := actionQuestion(a.st)
	n := len(q.choices)
	switch {
	case key.Matches(msg, k.Up), key.Matches(msg, k.ShiftTab):
		a.choice = (a.choice + n - 1) % n
		a.problem = ""
	case key.Matches(msg, k.Down), key.Matches(msg, k.Tab):
		a.choice = (a.choice + 1) % n
		a.problem = ""
	case len(msg.String()) == 1 && msg.String() >= "1" && int(msg.String()[0]-'1') < n:
		a.choice, a.problem = int(msg.String()[0]-'1'), ""
	case key.Matches(msg, k.Back):
		return back
	case key.Matches(msg, k.Next):
		v := q.choices[min(a.choice, n-1)].value
		if err := q.check(v); err != nil {
			a.problem = err.Error()
			return nil
		}
		switch v {
		case actionNew:
			d.action = actionNew
			return next
		case actionTemplate:
			a.pickingTmpl = true
			a.tmpl = max(0, indexOf(templateQuestion(a.st), templateQuestion(a.st).def))
			return nil
		}
		a.picking = true
		return a.refresh()
	}
	return nil
}

// templateKey moves through the template list and picks one.
func (a *actionStep) templateKey(msg tea.KeyPressMsg) tea.Cmd {
	k, d := a.st.keys, a.st.d
	q := templateQuestion(a.st)
	n := len(q.choices)
	switch {
	case key.Matches(msg, k.Back):
		a.pickingTmpl = false
	case n == 0:
	case key.Matches(msg, k.Up):
		a.tmpl = (a.tmpl + n - 1) % n
	case key.Matches(msg, k.Down):
		a.tmpl = (a.tmpl + 1) % n
	case key.Matches(msg, k.Next):
		t := a.st.templateByID(q.choices[min(a.tmpl, n-1)].value)
		if t == nil {
			return nil
		}
		d.action, d.template, d.templateRef, d.templateErr = actionTemplate, t, "", nil
		a.pickingTmpl = false
		return next
	}
	return nil
}

// templateList draws the portal's templates, title and type, around the cursor.
func (a *actionStep) templateList() string {
	st := a.st
	s := st.styles
	q := templateQuestion(st)
	rows := max(1, st.bodyHeight-len(actionQuestion(st).choices)-4)
	first := min(max(0, a.tmpl-rows+1), max(0, len(q.choices)-rows))
	if err := st.templates.err; err != nil && len(q.choices) == 0 {
		return s.err.Render(wrap("✗ The room templates could not be loaded: "+errorSentence(err), st.bodyWidth))
	}
	head := plural(len(q.choices), "template", "templates") + " on the portal"
	if !a.pickingTmpl && len(q.choices) > 0 {
		head += ". Press enter to pick one."
	}
	var b strings.Builder
	if err := st.d.templateErr; err != nil {
		// --template named none of them: say so, then offer the list.
		msg := err.Error()
		b.WriteString(s.err.Render(wrap("✗ "+strings.ToUpper(msg[:1])+msg[1:]+".", st.bodyWidth)) + "\n")
	}
	b.WriteString(s.subtle.Render(truncate(head, st.bodyWidth)) + "\n")
	longest := 0 // titles take the longest one's width, so the types line up beside them
	for _, c := range q.choices {
		longest = max(longest, ansiWidth(c.label))
	}
	for i := first; i < len(q.choices) && i < first+rows; i++ {
		c := q.choices[i]
		sel := a.pickingTmpl && i == a.tmpl
		title := fit(c.label, max(10, min(longest, st.bodyWidth-ansiWidth(c.desc)-5)))
		if sel {
			b.WriteString(st.marker(true) + s.accent.Render(title) + "  " + s.subtle.Render(c.desc) + "\n")
			continue
		}
		b.WriteString("  " + s.text.Render(title) + "  " + s.subtle.Render(c.desc) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (a *actionStep) pickKey(msg tea.KeyPressMsg) tea.Cmd {
	k, d := a.st.keys, a.st.d
	if a.problem != "" {
		a.problem = ""
		a.fitList()
	}
	if a.rooms.FilterState() == list.Filtering && key.Matches(msg, k.Next) && len(a.rooms.VisibleItems()) == 0 && a.pending() {
		// The list would drop a filter that matches nothing yet: the portal may still find it.
		if !a.started {
			return a.search()
		}
		return nil
	}
	if a.rooms.FilterState() != list.Filtering {
		switch {
		case key.Matches(msg, k.Back) && a.rooms.FilterState() == list.Unfiltered:
			a.picking = false
			return nil
		case key.Matches(msg, newTooKey) && a.st.canCreateRooms():
			a.alsoNew = !a.alsoNew
			return nil
		case key.Matches(msg, pickKey):
			it, ok := a.rooms.SelectedItem().(roomItem)
			if !ok {
				return nil
			}
			r := it.room
			if r.ThirdParty() {
				a.problem = fmt.Sprintf("\"%s\" is %s.", r.Title, docspace.ThirdPartyReason)
				a.fitList()
				return nil
			}
			if i := a.pickedAt(r.ID); i >= 0 {
				a.picked = append(a.picked[:i:i], a.picked[i+1:]...)
			} else {
				a.picked = append(a.picked, r)
			}
			return nil
		case key.Matches(msg, k.Next):
			rooms := a.picked
			if len(rooms) == 0 {
				it, ok := a.rooms.SelectedItem().(roomItem)
				if !ok {
					return nil
				}
				rooms = []docspace.Room{it.room}
			}
			r := rooms[0]
			if r.ThirdParty() {
				a.problem = fmt.Sprintf("\"%s\" is %s.", r.Title, docspace.ThirdPartyReason)
				a.fitList()
				return nil
			}
			if d.roomID != r.ID {
				d.overrides = map[string]docspace.Access{}
			}
			d.action, d.roomID, d.room, d.roomErr = actionExisting, r.ID, &r, nil
			d.more, d.alsoNew, d.moreIDs, d.moreErr = append([]docspace.Room(nil), rooms[1:]...), a.alsoNew, nil, nil
			return next
		}
	}
	var cmd tea.Cmd
	a.rooms, cmd = a.rooms.Update(msg)
	a.fitList() // typing a filter adds its line above the list, esc takes it away
	return tea.Batch(cmd, a.filterChanged())
}

// refilter matches the rooms against the filter as it is now, in place of the list's
// answer: the list filters in the background and takes whichever answer comes last,
// which with thousands of rooms can be one for a shorter filter typed before.
func (a *actionStep) refilter() {
	state := a.rooms.FilterState()
	if state == list.Unfiltered {
		return
	}
	pos, idx := a.rooms.FilterInput.Position(), a.rooms.Index()
	a.rooms.SetFilterText(a.rooms.FilterInput.Value()) // matches at once; leaves the filter applied
	if state == list.Filtering {
		a.rooms.SetFilterState(list.Filtering) // typing goes on, best match first
		a.rooms.FilterInput.SetCursor(pos)
		return
	}
	if n := len(a.rooms.VisibleItems()); n > 0 {
		a.rooms.Select(min(idx, n-1))
	}
}

// loadedIncomplete says the loaded rooms may not be all the portal's: some rooms can
// only be found by asking the portal.
func (st *state) loadedIncomplete() bool {
	r := st.rooms
	return !r.done || r.err != nil || len(r.items) < r.total
}

// portalSearches says the portal is asked about filter q: for titles while the loaded
// rooms are incomplete, for a typed id that is not among them.
func (a *actionStep) portalSearches(q string) bool {
	if q == "" || a.st.client == nil {
		return false
	}
	if id := roomIDOf(q); id > 0 && !a.listed(id) {
		return true
	}
	return a.st.loadedIncomplete() && !strings.HasPrefix(q, "#")
}

// listed says room id is in the list.
func (a *actionStep) listed(id int) bool {
	for _, it := range a.rooms.Items() {
		if r, ok := it.(roomItem); ok && r.room.ID == id {
			return true
		}
	}
	return false
}

// filterChanged starts a new search once typing pauses (the debounce), when the filter
// changed; answers to the older one are dropped from then on.
func (a *actionStep) filterChanged() tea.Cmd {
	q := strings.TrimSpace(a.rooms.FilterValue())
	if q == a.query {
		return nil
	}
	a.st.roomSearches++ // numbered across steps, so a rebuilt step never takes an old answer
	a.query, a.gen = q, a.st.roomSearches
	a.started, a.searching, a.note, a.noteErr = false, 0, "", false
	if q == "" && len(a.found) > 0 {
		a.found, a.dirty = nil, true
		return a.refresh()
	}
	if !a.portalSearches(q) {
		return nil
	}
	return tea.Batch(a.st.after(roomSearchTickMsg{gen: a.gen}), a.spin.Tick)
}

// pending says the portal is being asked about the filter, or will be once typing pauses.
func (a *actionStep) pending() bool {
	return a.searching > 0 || (!a.started && a.portalSearches(a.query))
}

// search asks the portal for the rooms whose title contains the filter and, for a
// typed id, for that room.
func (a *actionStep) search() tea.Cmd {
	st, q, gen := a.st, a.query, a.gen
	a.started = true
	if !a.portalSearches(q) {
		return nil
	}
	client, ctx := st.client, st.ctx
	var cmds []tea.Cmd
	if id := roomIDOf(q); id > 0 && !a.listed(id) {
		a.searching++
		cmds = append(cmds, func() tea.Msg {
			r, err := client.GetRoom(ctx, id)
			return roomByIDMsg{gen: gen, id: id, room: r, err: err}
		})
	}
	if st.loadedIncomplete() && !strings.HasPrefix(q, "#") {
		a.searching++
		cmds = append(cmds, func() tea.Msg {
			page, err := client.ListRooms(ctx, docspace.RoomFilter{Filter: q, Count: roomPageSize})
			return roomSearchMsg{gen: gen, page: page, err: err}
		})
	}
	return tea.Batch(append(cmds, a.spin.Tick)...)
}

// addFound adds rooms of the current search to the list (replacing an older search's).
func (a *actionStep) addFound(gen int, rooms ...docspace.Room) tea.Cmd {
	if a.foundGen != gen {
		a.found, a.foundGen = nil, gen
	}
	a.found = append(a.found, rooms...)
	a.dirty = true
	return a.refresh()
}

// gotSearch takes the portal's rooms matching the filter, unless the filter changed since.
func (a *actionStep) gotSearch(msg roomSearchMsg) tea.Cmd {
	if msg.gen != a.gen {
		return nil
	}
	a.searching = max(0, a.searching-1)
	if msg.err != nil {
		a.note, a.noteErr = "the portal could not be searched: "+errorSentence(msg.err), true
		return nil
	}
	if n := msg.page.Total; n > len(msg.page.Rooms) && a.note == "" {
		a.note = fmt.Sprintf("%d on the portal match: type more of the title", n)
	}
	return a.addFound(msg.gen, msg.page.Rooms...)
}

// gotRoomByID takes the room read by its typed id, unless the filter changed since.
func (a *actionStep) gotRoomByID(msg roomByIDMsg) tea.Cmd {
	if msg.gen != a.gen {
		return nil
	}
	a.searching = max(0, a.searching-1)
	switch {
	case docspace.KindOf(msg.err) == docspace.KindNotFound:
		a.note, a.noteErr = fmt.Sprintf("No room %d on this portal.", msg.id), true
		return nil
	case msg.err != nil:
		a.note, a.noteErr = fmt.Sprintf("Room %d could not be read: %s", msg.id, errorSentence(msg.err)), true
		return nil
	}
	return a.addFound(msg.gen, msg.room)
}

func (a *actionStep) View() string {
	st := a.st
	s := st.styles
	q := actionQuestion(st)
	var b strings.Builder
	b.WriteString(s.title.Render(q.title))
	b.WriteString("\n\n")
	for i, c := range q.choices {
		sel := a.choice == i
		label := s.text.Render(c.label)
		if sel {
			label = s.accent.Render(c.label)
		}
		b.WriteString(truncate(st.marker(sel && !a.picking && !a.pickingTmpl)+label+s.subtle.Render("  "+c.desc), st.bodyWidth) + "\n")
	}
	b.WriteString("\n")
	switch {
	case a.problem != "" && a.picking:
		// The list stays on screen; the reason takes its status line.
		b.WriteString(s.err.Render(a.problemText()) + "\n")
		b.WriteString(a.header() + "\n" + a.rooms.View())
	case a.problem != "":
		b.WriteString(s.err.Render(wrap("✗ "+a.problem, st.bodyWidth)))
	case q.choices[min(a.choice, len(q.choices)-1)].value == actionNew:
	case q.choices[min(a.choice, len(q.choices)-1)].value == actionTemplate:
		b.WriteString(a.templateList())
	case st.rooms.err != nil:
		b.WriteString(s.err.Render(wrap("✗ The rooms could not be loaded: "+errorSentence(st.rooms.err), st.bodyWidth)))
	case st.client == nil || (st.rooms.loading && len(st.rooms.items) == 0):
		b.WriteString(a.spin.View() + " Loading the portal's rooms…")
	case len(st.rooms.items) == 0:
		b.WriteString(s.subtle.Render("The portal has no rooms yet: create a new one."))
	case !a.picking:
		b.WriteString(s.subtle.Render(plural(st.rooms.total, "room", "rooms") + " on the portal. Press enter to pick one."))
	default:
		b.WriteString(a.header() + "\n" + a.rooms.View())
	}
	return b.String()
}
