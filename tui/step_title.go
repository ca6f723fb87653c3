package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Messages of the title step's background check for a room with the same title.
type (
	titleTickMsg    struct{ gen int }
	titleCheckedMsg struct {
		title string
		room  *docspace.Room
	}
)

// titleStep asks for the new room's title: 1..170 UTF-16 units once trimmed, as
// DocSpace counts, but shown in characters as the admin sees them. It warns,
// without blocking, when the portal already has a room with that title.
type titleStep struct {
	st      *state
	input   textinput.Model
	problem string
	gen     int
	// asked caches the portal's answers by lower-cased title (nil room: none found).
	asked map[string]*docspace.Room
}

func newTitleStep(st *state) *titleStep {
	t := &titleStep{st: st, asked: map[string]*docspace.Room{}}
	t.input = st.newInput("", "e.g. Q3 sales kickoff")
	t.input.CharLimit = 400 // well over the limit, so an overlong paste can be seen and shortened
	t.input.SetValue(st.d.title)
	t.resize()
	return t
}

func (t *titleStep) enter() tea.Cmd {
	t.problem = ""
	t.input.CursorEnd()
	return tea.Batch(t.input.Focus(), t.check())
}

func (t *titleStep) resize() {
	t.input.SetWidth(max(10, t.st.bodyWidth-4))
	t.st.styleInput(&t.input)
}

func (t *titleStep) typing() bool { return true }

func (t *titleStep) keys() help.KeyMap {
	k := t.st.keys
	return bindings{short: []key.Binding{k.Next, k.Back}}
}

func (t *titleStep) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case titleTickMsg:
		if msg.gen != t.gen {
			return nil
		}
		return t.ask()
	case titleCheckedMsg:
		t.asked[strings.ToLower(msg.title)] = msg.room
		return nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, t.st.keys.Back):
			return back
		case key.Matches(msg, t.st.keys.Next):
			t.st.d.title = t.input.Value()
			if err := titleQuestion(t.st.d).check(t.input.Value()); err != nil {
				t.problem = err.Error()
				return nil
			}
			t.st.d.title = strings.TrimSpace(t.input.Value())
			t.input.SetValue(t.st.d.title)
			return next
		}
	}
	before := t.input.Value()
	var cmd tea.Cmd
	t.input, cmd = t.input.Update(msg)
	if t.input.Value() != before {
		t.st.d.title = t.input.Value()
		t.problem = ""
		return tea.Batch(cmd, t.check())
	}
	return cmd
}

// check schedules a look for a room with this title once typing pauses, unless
// the rooms loaded already answer it.
func (t *titleStep) check() tea.Cmd {
	title := strings.TrimSpace(t.input.Value())
	if title == "" || t.st.client == nil || t.st.rooms.done {
		return nil
	}
	if _, ok := t.asked[strings.ToLower(title)]; ok {
		return nil
	}
	t.gen++
	return t.st.after(titleTickMsg{gen: t.gen})
}

// ask queries the portal for rooms with the title.
func (t *titleStep) ask() tea.Cmd {
	title := strings.TrimSpace(t.input.Value())
	client, ctx := t.st.client, t.st.ctx
	if title == "" || client == nil {
		return nil
	}
	return func() tea.Msg {
		page, err := client.ListRooms(ctx, docspace.RoomFilter{Filter: title, Count: 25})
		if err != nil {
			return nil
		}
		for _, r := range page.Rooms {
			if strings.EqualFold(strings.TrimSpace(r.Title), title) {
				return titleCheckedMsg{title: title, room: &r}
			}
		}
		return titleCheckedMsg{title: title}
	}
}

// existing is a room that already has the title, if one is known.
func (t *titleStep) existing() *docspace.Room {
	title := strings.TrimSpace(t.input.Value())
	if title == "" {
		return nil
	}
	for i, r := range t.st.rooms.items {
		if strings.EqualFold(strings.TrimSpace(r.Title), title) {
			return &t.st.rooms.items[i]
		}
	}
	return t.asked[strings.ToLower(title)]
}

func (t *titleStep) View() string {
	st := t.st
	s := st.styles
	w := st.bodyWidth
	q := titleQuestion(st.d)
	var b strings.Builder
	b.WriteString(s.title.Render(q.title))
	b.WriteString("\n")
	b.WriteString(s.subtle.Render(wrap(q.help, w)))
	b.WriteString("\n\n")
	b.WriteString(st.marker(true) + t.input.View())
	b.WriteString("\n")
	chars, units := docspace.TitleLength(t.input.Value())
	over := units > docspace.MaxTitleLength
	b.WriteString("  " + titleCount(st.styles, chars, units, t.input.Value(), w-2) + "\n\n")
	switch {
	case t.problem != "":
		b.WriteString(s.err.Render(wrap("✗ "+t.problem, w)))
	case over:
		b.WriteString(s.err.Render(wrap("✗ "+docspace.ValidateTitle(t.input.Value()), w)))
	default:
		if r := t.existing(); r != nil {
			b.WriteString(s.warn.Render(wrap(fmt.Sprintf("! A room named \"%s\" already exists (%s, %s). You can still create another one, or go back and add people to that room.", r.Title, r.Ref(), r.RoomType), w)))
		}
	}
	return b.String()
}

// titleCount is the counter under the title field, in characters as the admin sees
// them: "42/170" while every character counts once for DocSpace; with emoji (which it
// counts as two or more) the room left, or how many characters are too many.
func titleCount(s styles, chars, units int, title string, width int) string {
	limit := docspace.MaxTitleLength
	var text string
	switch {
	case chars == units:
		text = fmt.Sprintf("%d/%d", chars, limit)
	case units > limit:
		text = fmt.Sprintf("%d characters · %d too many", chars, docspace.TitleOverflow(title))
	default:
		text = fmt.Sprintf("%d characters · room for %d more, fewer if emoji", chars, limit-units)
	}
	if units > limit {
		return s.err.Render(truncate(text, width))
	}
	return s.subtle.Render(truncate(text, width))
}
