package tui

import (
	"strconv"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

// peopleLine is one line of the people area with the entries it was read as.
type peopleLine struct {
	text    string
	entries []docspace.Entry
	// read is true when text stands for entries exactly: the area takes them as they
	// are instead of parsing the line (false when cleaning changed the text, or an
	// entry was not understood, so the area explains the line as it reads it).
	read bool
}

// prefillLines turns the people the flags gave into lines of the people area: the one
// place entries become text, a line for each --invite value and each file row. An
// --invite value keeps its parts as typed; a file row is written in the area's own
// syntax (`"Name" <email> Access`), so that editing it keeps its columns' meaning. Text
// not understood is shown as found, made safe to show.
func prefillLines(p Prefill) []peopleLine {
	var lines []peopleLine
	for _, g := range byLine(p.Invites) {
		parts := make([]string, len(g))
		for i, e := range g {
			parts[i] = e.Raw
		}
		lines = append(lines, newPeopleLine(strings.Join(parts, ", "), g))
	}
	for _, e := range p.Groups {
		lines = append(lines, newPeopleLine(e.Raw, []docspace.Entry{e}))
	}
	for _, g := range byLine(p.File) {
		var parts []string
		for _, e := range g {
			if e.Err != "" || e.Invitee.Email == "" {
				parts = []string{e.Raw} // the row as found: the step explains it
				break
			}
			parts = append(parts, pasteForm(e.Invitee))
		}
		lines = append(lines, newPeopleLine(strings.Join(parts, ", "), g))
	}
	return lines
}

// byLine splits entries into runs that came from one line.
func byLine(es []docspace.Entry) [][]docspace.Entry {
	var out [][]docspace.Entry
	for i := 0; i < len(es); {
		j := i + 1
		for j < len(es) && es[j].Line == es[i].Line {
			j++
		}
		out = append(out, es[i:j])
		i = j
	}
	return out
}

// pasteForm is an invitee as the people area reads it: `"Name" <email> Access`.
func pasteForm(inv docspace.Invitee) string {
	text := inv.Email
	if inv.Name != "" {
		text = strconv.Quote(inv.Name) + " <" + text + ">"
	}
	if inv.Access != docspace.AccessNone {
		text += " " + inv.Access.APIName()
	}
	return text
}

// newPeopleLine is text, made safe to show, read as entries.
func newPeopleLine(text string, entries []docspace.Entry) peopleLine {
	clean := outside.Text(text)
	read := clean == text
	for _, e := range entries {
		read = read && e.Err == ""
	}
	return peopleLine{text: clean, entries: entries, read: read}
}

// prefillList is the list the flags' people make, numbered by their lines in the area.
func prefillList(p Prefill) docspace.InviteeList {
	var entries []docspace.Entry
	for i, l := range prefillLines(p) {
		for _, e := range l.entries {
			e.Line, e.Invitee.Line = i+1, i+1
			entries = append(entries, e)
		}
	}
	return docspace.Merge(entries)
}
