package tui

import (
	"strconv"

	"charm.land/bubbles/v2/key"
)

// keyMap holds every binding the wizard uses; steps pick the ones that apply to them
// and may relabel them (enter is "continue" on most steps, "confirm" on the review).
type keyMap struct {
	Next, Back, Quit, Help, HelpTyping key.Binding
	Up, Down, PageUp, PageDown         key.Binding
	Left, Right, Tab, ShiftTab         key.Binding
	Toggle, Filter, Reset              key.Binding
	Retry, Another, QuitSummary, Save  key.Binding
	Yes, No                            key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Next:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "continue")),
		Back:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:        key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:        key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", "more keys")),
		HelpTyping:  key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", "more keys")),
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Left:        key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "less access")),
		Right:       key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "more access")),
		Tab:         key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		ShiftTab:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Toggle:      key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "toggle")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Reset:       key.NewBinding(key.WithKeys("backspace", "delete"), key.WithHelp("del", "use default")),
		Retry:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry the failed")),
		Another:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "another room")),
		QuitSummary: key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Save:        key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "save as plan file")),
		Yes:         key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y", "yes")),
		No:          key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "no")),
	}
}

// relabel returns a copy of b with new help text.
func relabel(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

// bindings is a help.KeyMap built from plain slices.
type bindings struct {
	short []key.Binding
	full  [][]key.Binding
}

func (b bindings) ShortHelp() []key.Binding { return b.short }

func (b bindings) FullHelp() [][]key.Binding {
	if b.full == nil {
		return [][]key.Binding{b.short}
	}
	return b.full
}

func itoa(n int) string { return strconv.Itoa(n) }
