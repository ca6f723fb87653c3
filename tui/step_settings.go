package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// settingsPortal is what a portal client offers for room settings; the fakes of older
// tests lack it, and the step then offers no portal tags and no quota.
type settingsPortal interface {
	Tags(ctx context.Context) ([]string, error)
	RoomQuotasOn(ctx context.Context) (bool, error)
}

// settingsFactsMsg is what the portal said about tags and room quotas.
type settingsFactsMsg struct {
	tags     []string
	quotasOn bool
}

// loadSettingsFacts reads the portal's tags and its room quota setting; a failed read
// leaves them out (no tags offered, no quota row) rather than stopping the wizard.
func loadSettingsFacts(ctx context.Context, c Portal) tea.Cmd {
	sp, ok := c.(settingsPortal)
	if !ok {
		return nil
	}
	return func() tea.Msg {
		tags, _ := sp.Tags(ctx)
		on, _ := sp.RoomQuotasOn(ctx)
		return settingsFactsMsg{tags: tags, quotasOn: on}
	}
}

// settingsRow is one option on the settings step: a switch or a text field.
type settingsRow struct {
	def   docspace.RoomSetting
	on    bool            // a switch's state
	input textinput.Model // a value's text, in the flag's syntax
	err   string          // why the text cannot be used, "" when it can
}

// settingsStep asks the optional room settings (settingsQuestion), one row per option
// the chosen type supports.
type settingsStep struct {
	st      *state
	rows    []settingsRow
	cursor  int
	forType docspace.RoomType // the type the rows were built for
	quotaOn bool              // the row set includes quota
	loaded  bool              // the portal's tags and quota setting are in
	tags    []string
	dropped string // the notice of options a type change dropped
}

func newSettingsStep(st *state) *settingsStep { return &settingsStep{st: st} }

func (g *settingsStep) enter() tea.Cmd {
	d := g.st.d
	if g.rows == nil || g.forType != d.roomType || g.quotaOn != g.showQuota() {
		g.dropped = dropUnsupported(d)
		g.build()
	}
	if g.loaded || g.st.client == nil {
		return g.focus()
	}
	return tea.Batch(g.focus(), loadSettingsFacts(g.st.ctx, g.st.client))
}

// showQuota reports whether the quota row is offered: the portal has room quotas on,
// or a flag set one (shown so it can be seen and cleared).
func (g *settingsStep) showQuota() bool { return g.quotaOn || g.st.d.options.Quota != nil }

// dropUnsupported removes from the draft the options its type does not offer and
// says which; they came from flags or from before a type change.
func dropUnsupported(d *draft) string {
	var names []string
	for _, s := range docspace.RoomSettings() {
		if s.IsSet(d.options) && !s.Supports(d.roomType) {
			names = append(names, s.Name)
			clearSetting(&d.options, s)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("Left out, as a %s room does not offer %s: %s.", d.roomType, pick(len(names) == 1, "it", "them"), strings.Join(names, ", "))
}

// clearSetting unsets one option of o.
func clearSetting(o *docspace.RoomOptions, s docspace.RoomSetting) {
	var zero docspace.RoomOptions
	for _, other := range docspace.RoomSettings() {
		if other.Flag != s.Flag && other.IsSet(*o) {
			_ = other.Apply(&zero, settingValue(other, *o))
		}
	}
	*o = zero
}

// build makes the rows for the draft's type from the draft's options.
func (g *settingsStep) build() {
	st, d := g.st, g.st.d
	g.forType, g.quotaOn = d.roomType, g.showQuota()
	g.rows = g.rows[:0]
	for _, s := range settingsFor(d.roomType, g.quotaOn) {
		r := settingsRow{def: s}
		if s.Bool {
			r.on = s.IsSet(d.options)
		} else {
			r.input = st.newInput("", placeholder(s))
			r.input.ShowSuggestions = true
			r.input.KeyMap.AcceptSuggestion.SetKeys("right")
			if s.IsSet(d.options) {
				r.input.SetValue(settingValue(s, d.options))
			}
			r.input.SetWidth(max(10, st.bodyWidth-settingsLabelWidth-8))
		}
		g.rows = append(g.rows, r)
	}
	g.cursor = min(g.cursor, len(g.rows)-1)
	g.suggest()
}

// settingsFor are the options a room of type t offers, the quota only when quotas
// are on, in the definitions' order.
func settingsFor(t docspace.RoomType, quota bool) []docspace.RoomSetting {
	var out []docspace.RoomSetting
	for _, s := range docspace.RoomSettings() {
		if s.Supports(t) && (s.Flag != "quota" || quota) {
			out = append(out, s)
		}
	}
	return out
}

// placeholder is an example value for an empty field: the definition's first value.
func placeholder(s docspace.RoomSetting) string {
	switch {
	case s.Flag == "color":
		return "e.g. 2DB482"
	case s.Flag == "tag":
		return "e.g. Finance, Legal"
	case len(s.Values) > 0:
		return "e.g. " + s.Values[len(s.Values)/2]
	}
	return ""
}

// settingValue is a set option written as its flag takes it, so a field shows what a
// flag set and the same parser reads it back.
func settingValue(s docspace.RoomSetting, o docspace.RoomOptions) string {
	switch s.Flag {
	case "tag":
		return strings.Join(o.Tags, ", ")
	case "color":
		return o.Color
	case "quota":
		if *o.Quota == docspace.QuotaNone {
			return "none"
		}
		return strings.ReplaceAll(docspace.SizeText(*o.Quota), " ", "")
	case "lifetime":
		l := o.Lifetime
		v := fmt.Sprintf("%d%s", l.Value, []string{"d", "m", "y"}[min(2, max(0, int(l.Period)))])
		if l.DeletePermanently {
			v += ",delete"
		}
		return v
	case "watermark":
		w := o.Watermark
		v := "text:" + w.Text
		if w.Text == "" {
			var words []string
			for _, p := range []struct {
				a    docspace.WatermarkAdditions
				word string
			}{{docspace.WatermarkUserName, "user"}, {docspace.WatermarkUserEmail, "email"}, {docspace.WatermarkIP, "ip"}, {docspace.WatermarkDate, "date"}, {docspace.WatermarkRoomName, "room"}} {
				if w.Additions&p.a != 0 {
					words = append(words, p.word)
				}
			}
			v = "info:" + strings.Join(words, ",")
		}
		if w.Rotate == docspace.WatermarkHorizontal {
			v += ";horizontal"
		}
		return v
	}
	if s.IsSet(o) {
		return "true"
	}
	return ""
}

// options reads the rows through the definitions: the options they set, and each
// row's error.
func (g *settingsStep) options() (docspace.RoomOptions, bool) {
	var o docspace.RoomOptions
	ok := true
	for i := range g.rows {
		r := &g.rows[i]
		r.err = ""
		v := strings.TrimSpace(r.input.Value())
		if r.def.Bool {
			v = pick(r.on, "true", "")
		}
		if v == "" {
			continue
		}
		if err := r.def.Apply(&o, v); err != nil {
			r.err, ok = upperFirst(err.Error())+".", false
		}
	}
	return o, ok
}

// upperFirst starts a sentence with a capital.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// suggest offers, in the tags field, the portal's tags that complete the last one typed.
func (g *settingsStep) suggest() {
	for i := range g.rows {
		r := &g.rows[i]
		switch {
		case r.def.Flag == "tag":
			v := r.input.Value()
			head := ""
			if j := strings.LastIndex(v, ","); j >= 0 {
				rest := v[j+1:]
				head = v[:j+1] + rest[:len(rest)-len(strings.TrimLeft(rest, " "))]
			}
			var s []string
			for _, t := range g.tags {
				if !strings.Contains(","+strings.ReplaceAll(v, ", ", ",")+",", ","+t+",") {
					s = append(s, head+t)
				}
			}
			r.input.SetSuggestions(s)
		case !r.def.Bool:
			r.input.SetSuggestions(r.def.Values)
		}
	}
}

func (g *settingsStep) focus() tea.Cmd {
	var cmd tea.Cmd
	for i := range g.rows {
		if g.rows[i].def.Bool {
			continue
		}
		if i == g.cursor {
			cmd = g.rows[i].input.Focus()
		} else {
			g.rows[i].input.Blur()
		}
	}
	return cmd
}

func (g *settingsStep) resize() {
	for i := range g.rows {
		if !g.rows[i].def.Bool {
			g.st.styleInput(&g.rows[i].input)
			g.rows[i].input.SetWidth(max(10, g.st.bodyWidth-settingsLabelWidth-8))
		}
	}
}

func (g *settingsStep) typing() bool {
	return g.cursor < len(g.rows) && !g.rows[g.cursor].def.Bool
}

// nothingSet reports whether no row sets anything: enter then continues with none.
func (g *settingsStep) nothingSet() bool {
	o, _ := g.options()
	return len(o.Set()) == 0
}

func (g *settingsStep) keys() help.KeyMap {
	k := g.st.keys
	next := relabel(k.Next, "enter", "continue")
	if g.nothingSet() {
		next = relabel(k.Next, "enter", "continue with none")
	}
	short := []key.Binding{next, relabel(k.Tab, "↑/↓", "option")}
	if g.cursor < len(g.rows) && g.rows[g.cursor].def.Bool {
		short = append(short, relabel(k.Toggle, "space", "on/off"))
	} else {
		short = append(short, relabel(k.Right, "→", "complete"))
	}
	return bindings{short: append(short, k.Back)}
}

func (g *settingsStep) Update(msg tea.Msg) tea.Cmd {
	st := g.st
	k := st.keys
	switch m := msg.(type) {
	case settingsFactsMsg:
		g.loaded, g.tags = true, m.tags
		if m.quotasOn != g.quotaOn && !g.showQuota() || m.quotasOn && !g.quotaOn {
			g.quotaOn = m.quotasOn
			g.build()
			g.quotaOn = g.showQuota()
			return g.focus()
		}
		g.suggest()
		return nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(m, k.Back):
			st.d.options, _ = g.options()
			return back
		case key.Matches(m, k.Next):
			o, ok := g.options()
			if !ok {
				for i, r := range g.rows {
					if r.err != "" {
						g.cursor = i
						break
					}
				}
				return g.focus()
			}
			st.d.options = o
			return next
		case m.String() == "up" || key.Matches(m, k.ShiftTab):
			g.cursor = (g.cursor + len(g.rows) - 1) % max(1, len(g.rows))
			return g.focus()
		case m.String() == "down" || key.Matches(m, k.Tab):
			g.cursor = (g.cursor + 1) % max(1, len(g.rows))
			return g.focus()
		}
		if g.cursor >= len(g.rows) {
			return nil
		}
		if r := &g.rows[g.cursor]; r.def.Bool {
			switch m.String() {
			case "space", "x", "left", "right":
				r.on = !r.on
			case "y":
				r.on = true
			case "n":
				r.on = false
			}
			st.d.options, _ = g.options()
			return nil
		}
	}
	if g.cursor >= len(g.rows) || g.rows[g.cursor].def.Bool {
		return nil
	}
	r := &g.rows[g.cursor]
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg)
	g.suggest()
	if o, ok := g.options(); ok {
		st.d.options = o
	}
	r.err = "" // said once the row is left or enter is pressed, not while typing
	return cmd
}

// settingsLabelWidth is the width of the options' names column.
const settingsLabelWidth = 16

func (g *settingsStep) View() string {
	st := g.st
	s := st.styles
	w := st.bodyWidth
	q := settingsQuestion(st.d, g.quotaOn)
	var b strings.Builder
	b.WriteString(s.title.Render(q.heading))
	b.WriteString("\n")
	b.WriteString(s.subtle.Render(wrap(q.help, w)))
	b.WriteString("\n")
	if g.dropped != "" {
		b.WriteString(s.warn.Render(wrap(g.dropped, w)) + "\n")
	}
	b.WriteString("\n")
	for i := range g.rows {
		r := &g.rows[i]
		sel := i == g.cursor
		name := r.def.Name
		line := ""
		if r.def.Bool {
			box := pick(r.on, "[x] ", "[ ] ")
			line = box + name
			if sel {
				line = s.accent.Render(line)
			} else {
				line = s.text.Render(line)
			}
		} else {
			label := padRight(name, settingsLabelWidth)
			if sel {
				label = s.accent.Render(label)
			} else {
				label = s.label.Render(label)
			}
			line = label + truncate(r.input.View(), max(10, w-settingsLabelWidth-2))
		}
		b.WriteString(st.marker(sel) + line + "\n")
		if r.err != "" {
			b.WriteString(indent(s.err.Render(wrap(r.err, w-4)), "    ") + "\n")
		}
	}
	if g.cursor < len(g.rows) {
		r := g.rows[g.cursor]
		hint := upperFirst(r.def.Usage) + "."
		if r.def.Flag == "tag" && len(g.tags) > 0 {
			hint = "On the portal: " + strings.Join(g.tags, ", ") + ". Type one (→ completes) or a new one; separate tags with commas."
		}
		b.WriteString("\n" + s.subtle.Render(wrap(hint, w)))
	}
	return b.String()
}
