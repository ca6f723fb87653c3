package tui

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// Smallest terminal the layout is designed for; smaller ones still render, clipped.
const (
	minWidth  = 60
	minHeight = 20
)

// common is what every step shares: the terminal size, the styles and the key bindings
// (soft-serve's common value). The root owns it; steps read it through *state.
type common struct {
	width, height int
	// bodyWidth and bodyHeight are what a step may draw in (the root keeps the rest).
	bodyWidth, bodyHeight int
	isDark                bool
	styles                styles
	keys                  keyMap
	// help draws the key bindings (bubbles' help), in the wizard's styles.
	help help.Model
}

func newCommon() common {
	c := common{width: 80, height: 24, isDark: true, keys: newKeyMap()}
	c.setDark(true)
	return c
}

// setDark rebuilds the styles for a dark or light background.
func (c *common) setDark(dark bool) {
	c.isDark = dark
	c.styles = newStyles(dark)
	c.help = help.New()
	s := c.styles
	c.help.Styles = help.Styles{
		Ellipsis:       s.subtle.Style,
		ShortKey:       s.key.Style,
		ShortDesc:      s.subtle.Style,
		ShortSeparator: s.subtle.Style,
		FullKey:        s.key.Style,
		FullDesc:       s.subtle.Style,
		FullSeparator:  s.subtle.Style,
	}
}

// styles are the few looks the wizard uses. Colours are chosen for the background;
// Bubble Tea downsamples them to what the terminal supports (none with NO_COLOR).
type styles struct {
	app       ink // the product name in the header
	header    ink // portal and step counter
	title     ink // a step's heading
	text      ink
	subtle    ink // explanations, placeholders
	accent    ink // the selected option
	cursor    ink // the "›" marker
	ok        ink
	warn      ink
	err       ink
	key       ink // key names in help and hints
	label     ink // the left column of the review
	crumb     ink
	crumbDone ink
	crumbNow  ink
	link      ink
	editor    ink         // the people area's left rule
	bar       color.Color // progress bar colour
}

// ink is a lipgloss style with a fast path for one-line text: the escape codes around
// the text are worked out once, so drawing a long list does not run lipgloss's layout
// (width measuring, padding, borders) for every cell of it.
type ink struct {
	lipgloss.Style
	open, close string
}

func newInk(s lipgloss.Style) ink {
	const mark = "\x1f"
	r := s.Render(mark)
	i := strings.Index(r, mark)
	if i < 0 {
		return ink{Style: s}
	}
	return ink{Style: s, open: r[:i], close: r[i+len(mark):]}
}

// Render styles text like lipgloss.Style.Render; one-line text takes the fast path.
func (k ink) Render(strs ...string) string {
	t := strings.Join(strs, " ")
	if t == "" {
		return ""
	}
	if strings.ContainsAny(t, "\n\t") || (k.open == "" && k.close == "") {
		return k.Style.Render(t)
	}
	return k.open + t + k.close
}

func newStyles(dark bool) styles {
	ld := lipgloss.LightDark(dark)
	accent := ld(lipgloss.Color("#5A3FD9"), lipgloss.Color("#A996FF"))
	subtle := ld(lipgloss.Color("#6B6B7B"), lipgloss.Color("#8E8E9E"))
	green := ld(lipgloss.Color("#1E7B34"), lipgloss.Color("#5FD37A"))
	yellow := ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#F2C14E"))
	red := ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF7B72"))
	text := ld(lipgloss.Color("#1F1F28"), lipgloss.Color("#E6E6EF"))
	s := lipgloss.NewStyle()
	return styles{
		app:       newInk(s.Bold(true).Foreground(accent)),
		header:    newInk(s.Foreground(subtle)),
		title:     newInk(s.Bold(true).Foreground(text)),
		text:      newInk(s.Foreground(text)),
		subtle:    newInk(s.Foreground(subtle)),
		accent:    newInk(s.Foreground(accent).Bold(true)),
		cursor:    newInk(s.Foreground(accent).Bold(true)),
		ok:        newInk(s.Foreground(green)),
		warn:      newInk(s.Foreground(yellow)),
		err:       newInk(s.Foreground(red)),
		key:       newInk(s.Foreground(accent)),
		label:     newInk(s.Foreground(subtle)),
		crumb:     newInk(s.Foreground(subtle)),
		crumbDone: newInk(s.Foreground(text)),
		crumbNow:  newInk(s.Foreground(accent).Bold(true).Underline(true)),
		link:      newInk(s.Foreground(accent).Underline(true)),
		editor:    newInk(s.Foreground(subtle)),
		bar:       accent,
	}
}

// truncate cuts s (which may hold ANSI styling) to width cells, marking the cut with "…".
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// padRight pads plain or styled s with spaces to width cells.
func padRight(s string, width int) string {
	w := ansi.StringWidth(s)
	if w >= width {
		return s
	}
	return s + strings.Repeat(" ", width-w)
}

// ansiWidth is the number of cells s takes, ignoring styling.
func ansiWidth(s string) int { return ansi.StringWidth(s) }

// fit cuts or pads s to exactly width cells.
func fit(s string, width int) string { return padRight(truncate(s, width), width) }

// wrap wraps plain text to width cells.
func wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	return ansi.Wordwrap(s, width, "")
}

// wrapAtSpaces wraps plain text to width cells at spaces only, so a flag such as
// --link is never split at its hyphens; a word wider than the line is cut into pieces.
func wrapAtSpaces(s string, width int) string {
	if width <= 0 {
		return s
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			switch {
			case line == "":
				line = word
			case ansiWidth(line+" "+word) <= width:
				line += " " + word
			default:
				out = append(out, line)
				line = word
			}
			for ansiWidth(line) > width { // a word wider than the line
				piece := ansi.Truncate(line, width, "")
				out = append(out, piece)
				line = strings.TrimPrefix(line, piece)
			}
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// clipLines keeps at most n lines of s.
func clipLines(s string, n int) string {
	if n <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// scroll moves the first shown row of a list of n rows, shown height at a time, for the
// scroll keys (↑/↓ by one, page up/down by a page less one row for context).
func (c *common) scroll(msg tea.KeyPressMsg, offset *int, n, height int) {
	page := max(1, height-1)
	switch k := c.keys; {
	case key.Matches(msg, k.Up):
		*offset = max(0, *offset-1)
	case key.Matches(msg, k.Down):
		*offset = max(0, min(n-height, *offset+1))
	case key.Matches(msg, k.PageUp):
		*offset = max(0, *offset-page)
	case key.Matches(msg, k.PageDown):
		*offset = max(0, min(n-height, *offset+page))
	}
}

// window returns the first index of a window of size n over total items that keeps
// cursor visible, starting from the previous offset (so the view scrolls, not jumps).
func window(offset, cursor, n, total int) int {
	if n <= 0 || total <= n {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+n {
		offset = cursor - n + 1
	}
	return max(0, min(offset, total-n))
}

// plural returns "1 person" / "3 people" style counts.
func plural(n int, one, many string) string { return onboard.Plural(n, one, many) }

// newInput returns a one-line text field in the wizard's style, with a steady cursor.
func (c *common) newInput(prompt, placeholder string) textinput.Model {
	ti := textinput.New()
	ti.Prompt = prompt
	ti.Placeholder = placeholder
	c.styleInput(&ti)
	return ti
}

// styleInput applies the current styles to a text field.
func (c *common) styleInput(ti *textinput.Model) {
	s := textinput.DefaultStyles(c.isDark)
	s.Cursor.Blink = false
	s.Focused.Prompt = c.styles.cursor.Style
	s.Blurred.Prompt = c.styles.subtle.Style
	s.Focused.Placeholder = c.styles.subtle.Style
	s.Blurred.Placeholder = c.styles.subtle.Style
	ti.SetStyles(s)
}

// marker is the "›" in front of the selected line, or spaces.
func (c *common) marker(selected bool) string {
	if selected {
		return c.styles.cursor.Render("›") + " "
	}
	return "  "
}
