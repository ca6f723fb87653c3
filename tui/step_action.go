package tui

import (
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// actionStep asks whether to create a room or add people to an existing one, and
// in the second case lets the user pick the room from a filterable list.
type actionStep struct {
	st      *state
	choice  int  // 0 new room, 1 existing room
	picking bool // the room list has the focus
	rooms   list.Model
	shown   int // rooms in the list, to refresh it only when more arrived
	spin    spinner.Model
	problem string
}

// roomItem is a room in the list.
type roomItem struct{ room docspace.Room }

func (r roomItem) FilterValue() string { return r.room.Title }

// roomDelegate draws one room per line: title, type and id.
type roomDelegate struct{ st *state }

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
	titleW := max(10, width-ansiWidth(meta)-5)
	title := fit(r.room.Title, titleW)
	if index == m.Index() {
		fmt.Fprint(w, d.st.marker(true)+s.accent.Render(title)+"  "+s.subtle.Render(meta))
		return
	}
	fmt.Fprint(w, "  "+s.text.Render(title)+"  "+s.subtle.Render(meta))
}

func newActionStep(st *state) *actionStep {
	a := &actionStep{st: st}
	if st.d.action == actionExisting {
		a.choice = 1
	}
	a.rooms = list.New(nil, roomDelegate{st: st}, 40, 10)
	a.rooms.SetShowTitle(false)
	a.rooms.SetShowHelp(false)
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
	cmds := []tea.Cmd{a.refresh()}
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

// fitList gives the room list the body's height, less the lines of a problem shown
// above it while picking.
func (a *actionStep) fitList() {
	h := a.st.bodyHeight - 5
	if a.problem != "" && a.picking {
		h -= strings.Count(a.problemText(), "\n")
	}
	a.rooms.SetHeight(max(3, h))
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

// refresh puts newly loaded rooms into the list.
func (a *actionStep) refresh() tea.Cmd {
	items := a.st.rooms.items
	if len(items) == a.shown {
		return nil
	}
	a.shown = len(items)
	li := make([]list.Item, len(items))
	sel := -1
	for i, r := range items {
		li[i] = roomItem{r}
		if r.ID == a.st.d.roomID && !r.ThirdParty() {
			sel = i
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
	return bindings{
		short: []key.Binding{relabel(k.Next, "enter", "pick room"), relabel(k.Up, "↑/↓", "move"), k.Filter, relabel(k.Back, "esc", backHelp)},
		full: [][]key.Binding{
			{relabel(k.Up, "↑/k", "up"), relabel(k.Down, "↓/j", "down"), relabel(k.PageUp, "←/pgup", "previous page"), relabel(k.PageDown, "→/pgdn", "next page")},
			{k.Filter, relabel(k.Next, "enter", "pick room"), relabel(k.Back, "esc", backHelp)},
		},
	}
}

func (a *actionStep) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case roomsPageMsg, keyCheckedMsg:
		return a.refresh()
	case spinner.TickMsg:
		if a.st.rooms.loading || a.st.client == nil {
			var cmd tea.Cmd
			a.spin, cmd = a.spin.Update(msg)
			return cmd
		}
		return nil
	case tea.KeyPressMsg:
		if a.picking {
			return a.pickKey(msg)
		}
		return a.choiceKey(msg)
	}
	if a.picking {
		var cmd tea.Cmd
		a.rooms, cmd = a.rooms.Update(msg)
		return cmd
	}
	return nil
}

func (a *actionStep) choiceKey(msg tea.KeyPressMsg) tea.Cmd {
	k, d := a.st.keys, a.st.d
	switch {
	case key.Matches(msg, k.Up), key.Matches(msg, k.Down), key.Matches(msg, k.Tab), key.Matches(msg, k.ShiftTab):
		a.choice = 1 - a.choice
		a.problem = ""
	case msg.String() == "1":
		a.choice = 0
	case msg.String() == "2":
		a.choice = 1
	case key.Matches(msg, k.Back):
		return back
	case key.Matches(msg, k.Next):
		if a.choice == 0 {
			if !a.st.canCreateRooms() {
				a.problem = "You cannot create rooms on this portal: only DocSpace admins and room admins can. Add people to an existing room, or ask an admin."
				return nil
			}
			d.action = actionNew
			return next
		}
		a.picking = true
		return a.refresh()
	}
	return nil
}

func (a *actionStep) pickKey(msg tea.KeyPressMsg) tea.Cmd {
	k, d := a.st.keys, a.st.d
	if a.problem != "" {
		a.problem = ""
		a.fitList()
	}
	if a.rooms.FilterState() != list.Filtering {
		switch {
		case key.Matches(msg, k.Back) && a.rooms.FilterState() == list.Unfiltered:
			a.picking = false
			return nil
		case key.Matches(msg, k.Next):
			it, ok := a.rooms.SelectedItem().(roomItem)
			if !ok {
				return nil
			}
			r := it.room
			if r.ThirdParty() {
				a.problem = fmt.Sprintf("%q is %s.", r.Title, docspace.ThirdPartyReason)
				a.fitList()
				return nil
			}
			if d.roomID != r.ID {
				d.overrides = map[string]docspace.Access{}
			}
			d.action, d.roomID, d.room, d.roomErr = actionExisting, r.ID, &r, nil
			return next
		}
	}
	var cmd tea.Cmd
	a.rooms, cmd = a.rooms.Update(msg)
	return cmd
}

func (a *actionStep) View() string {
	st := a.st
	s := st.styles
	var b strings.Builder
	b.WriteString(s.title.Render("What would you like to do?"))
	b.WriteString("\n\n")
	options := []string{"Create a new room", "Add people to an existing room"}
	hints := []string{"then choose its title and type", "pick it from the portal's rooms"}
	if !st.canCreateRooms() {
		hints[0] = "not allowed: only DocSpace admins and room admins create rooms"
	}
	for i, o := range options {
		sel := a.choice == i
		label := s.text.Render(o)
		if sel {
			label = s.accent.Render(o)
		}
		b.WriteString(truncate(st.marker(sel && !a.picking)+label+s.subtle.Render("  "+hints[i]), st.bodyWidth) + "\n")
	}
	b.WriteString("\n")
	switch {
	case a.problem != "" && a.picking:
		// The list stays on screen; the reason takes its status line.
		b.WriteString(s.err.Render(a.problemText()) + "\n")
		b.WriteString(a.rooms.View())
	case a.problem != "":
		b.WriteString(s.err.Render(wrap("✗ "+a.problem, st.bodyWidth)))
	case a.choice == 0:
	case st.rooms.err != nil:
		b.WriteString(s.err.Render(wrap("✗ The rooms could not be loaded: "+errorSentence(st.rooms.err), st.bodyWidth)))
	case st.client == nil || (st.rooms.loading && len(st.rooms.items) == 0):
		b.WriteString(a.spin.View() + " Loading the portal's rooms…")
	case len(st.rooms.items) == 0:
		b.WriteString(s.subtle.Render("The portal has no rooms yet: create a new one."))
	case !a.picking:
		b.WriteString(s.subtle.Render(plural(st.rooms.total, "room", "rooms") + " on the portal. Press enter to pick one."))
	default:
		b.WriteString(a.rooms.View())
	}
	return b.String()
}
