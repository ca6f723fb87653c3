package tui

import (
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// invites is text as --invite values, one a line, read as onboard.Read reads them.
func invites(text string) []docspace.Entry {
	var es []docspace.Entry
	for i, l := range strings.Split(text, "\n") {
		es = append(es, docspace.ParseLine(l, i+1)...)
	}
	return es
}

// typed is text as if typed into the people area.
func typed(text string) []peopleLine {
	var ls []peopleLine
	for _, l := range strings.Split(text, "\n") {
		ls = append(ls, peopleLine{text: l})
	}
	return ls
}

// The people the flags gave reach the people area as they were read, not as text to
// read again: --invite values as typed, file rows in the area's syntax (so that an
// edit keeps their columns' meaning), and a row not understood as found, made safe.
func TestPrefilledPeopleAreTakenAsRead(t *testing.T) {
	pre := Prefill{
		Invites: invites("a@example.com=room-admin\nb@example.com, \"Cy\" <cy@example.com>\nnot-an-address"),
		File: []docspace.Entry{
			{Line: 2, Raw: "viewer;\"Park, Dana\";dana@example.com", Invitee: docspace.Invitee{Email: "dana@example.com", Name: "Park, Dana", Access: docspace.AccessRead}},
			{Line: 3, Raw: ";lee@example.com", Invitee: docspace.Invitee{Email: "lee@example.com"}},
			// One row the file's reader found two problems in: one line.
			{Line: 4, Raw: "\x1b]0;pwned\x07bob\u202e@example,viewer", Err: "contains an invisible character (U+001B)"},
			{Line: 4, Raw: "\x1b]0;pwned\x07bob\u202e@example,viewer", Err: "domain \"example\" has no dot"},
		},
	}
	st := newTestState(t, newFakePortal())
	p := newPeopleStep(st, prefillLines(pre)...)
	want := []string{
		"a@example.com=room-admin",
		"b@example.com, \"Cy\" <cy@example.com>",
		"not-an-address",
		"\"Park, Dana\" <dana@example.com> Read",
		"lee@example.com",
		"]0;pwnedbob@example,viewer",
	}
	if got := p.ed.lines; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the people area holds\n%q\nwant\n%q", got, want)
	}
	l := st.d.list
	if len(l.Invitees) != 5 || l.Invalid != 2 {
		t.Fatalf("the list has %d people, %d invalid: %+v", len(l.Invitees), l.Invalid, l.Entries)
	}
	if dana := l.Invitees[3]; dana.Name != "Park, Dana" || dana.Access != docspace.AccessRead || dana.Line != 4 {
		t.Errorf("the file's row reads as %+v", dana)
	}
	if bad := l.Entries[len(l.Entries)-1]; bad.Line != 6 || strings.ContainsAny(bad.Raw, "\x1b\x07\u202e") {
		t.Errorf("the file's bad row reads as %+v", bad)
	}

	// A line read already is taken as it is: its text is not parsed again.
	pre = Prefill{File: []docspace.Entry{{Line: 2, Raw: "x", Invitee: docspace.Invitee{Email: "x@example.com", Name: "Ex Ample"}}}}
	newPeopleStep(st, prefillLines(pre)...)
	if l := st.d.list; len(l.Invitees) != 1 || l.Invitees[0].Name != "Ex Ample" || l.Entries[0].Raw != "x" {
		t.Errorf("the file's row was read again: %+v", l.Entries)
	}
}
